"""The JSON API end to end, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from confide.api.app import route_table
from confide.domain.actors import Role
from confide.services import UnitOfWorkFactory
from tests.e2e.conftest import login
from tests.factories import make_org, make_staff

PUBLIC = {("GET", "/api/health"), ("POST", "/api/session")}
ERROR_KEYS = {"error", "message", "status", "request_id"}
NOTE = {
    "occurred_on": "2026-11-20",
    "minutes": 45,
    "format": "dap",
    "sections": {
        "data": "CANARYAPInote talked about work",
        "assessment": "steady",
        "plan": "call Friday",
    },
    "labels": ["sud"],
}


def team(
    uows: UnitOfWorkFactory, client: TestClient
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    admin = make_org(uows)
    make_staff(uows, admin, username="prs1")
    make_staff(uows, admin, username="prs2")
    make_staff(uows, admin, Role.SUPERVISOR, username="sup1")
    return login(client, "prs1"), login(client, "prs2"), login(client, admin.username)


def test_health_answers_without_a_session(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.headers["Cache-Control"] == "no-store"


def test_openapi_is_served(client: TestClient) -> None:
    assert "/api/peers" in client.get("/api/openapi.json").json()["paths"]


def test_route_table_is_what_the_app_serves(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    served = sorted((m.upper(), p) for p, ops in paths.items() for m in ops)
    assert served == route_table()


def test_every_route_but_health_and_login_needs_a_session(client: TestClient) -> None:
    table = route_table()
    assert len(table) > 10
    for method, path in table:
        if (method, path) in PUBLIC:
            continue
        concrete = path.replace("{", "").replace("}", "")
        response = client.request(method, concrete, json={})
        assert response.status_code == 401, (method, path)
        assert set(response.json()) >= ERROR_KEYS


def test_wrong_password_gets_one_message_and_lockout(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    admin = make_org(uows)
    make_staff(uows, admin, username="locky")
    for _ in range(5):
        bad = client.post(
            "/api/session", json={"username": "locky", "password": "wrong password!"}
        )
        assert bad.status_code == 401
    unknown = client.post(
        "/api/session", json={"username": "nobody", "password": "wrong password!"}
    )
    assert unknown.json()["message"] == bad.json()["message"]
    with pytest.raises(AssertionError):  # the right password and a valid code: still locked
        login(client, "locky")
    other = make_staff(uows, admin, username="unlocked")
    assert login(client, other.username)  # the same login works for an account not locked


def test_intake_note_sign_and_read_over_http(uows: UnitOfWorkFactory, client: TestClient) -> None:
    prs, other, _ = team(uows, client)
    peer = client.post(
        "/api/peers",
        json={"first_name": "Dana", "last_name": "Quill", "phone": "555-010-2222"},
        headers=prs,
    )
    assert peer.status_code == 201, peer.json()
    pid = peer.json()["id"]
    note = client.post(f"/api/peers/{pid}/notes", json=NOTE, headers=prs)
    assert note.status_code == 201, note.json()
    nid, version = note.json()["id"], note.json()["version"]
    signed = client.post(f"/api/notes/{nid}/sign", json={"version": version}, headers=prs)
    assert signed.json()["status"] == "signed"
    edit = client.put(
        f"/api/notes/{nid}", json=NOTE | {"version": signed.json()["version"]}, headers=prs
    )
    assert edit.status_code == 409
    amend = client.post(
        f"/api/notes/{nid}/amendments", json={"reason": "typo", "text": "fixed"}, headers=prs
    )
    assert amend.status_code == 201
    assert client.get(f"/api/notes/{nid}", headers=prs).json()["amendments"][0]["text"] == "fixed"
    found = client.post("/api/peers/search", json={"phone": "(555) 010 2222"}, headers=prs)
    assert [p["id"] for p in found.json()] == [pid]
    denied = client.get(f"/api/notes/{nid}", headers=other)
    assert denied.status_code == 403
    assert set(denied.json()) >= ERROR_KEYS
    assert "CANARYAPI" not in denied.text


def test_plan_goals_over_http(uows: UnitOfWorkFactory, client: TestClient) -> None:
    prs, _, _ = team(uows, client)
    pid = client.post(
        "/api/peers", json={"preferred_name": "Wren", "alias_only": True}, headers=prs
    ).json()["id"]
    goal = client.post(
        f"/api/peers/{pid}/plan/goals",
        json={"description": "Keep my apartment", "steps": ["pay rent"]},
        headers=prs,
    )
    assert goal.status_code == 201
    gid = goal.json()["id"]
    assert (
        client.put(
            f"/api/peers/{pid}/plan/goals/{gid}", json={"status": "met"}, headers=prs
        ).status_code
        == 204
    )
    plan = client.get(f"/api/peers/{pid}/plan", headers=prs).json()
    assert [(g["description"], g["status"]) for g in plan["goals"]] == [
        ("Keep my apartment", "met")
    ]


def test_validation_errors_name_fields_never_values(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    prs, _, _ = team(uows, client)
    response = client.post(
        "/api/peers",
        json={"first_name": "A", "last_name": "B", "phone": "CANARYPHONEzz"},
        headers=prs,
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"phone": "invalid_phone"}
    assert "CANARYPHONE" not in response.text
    typed = client.post("/api/peers", json={"first_name": ["CANARYLIST"]}, headers=prs)
    assert typed.status_code == 422
    assert "CANARYLIST" not in typed.text


def test_shredded_peer_answers_destroyed_not_500(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    admin = make_org(uows)
    make_staff(uows, admin, username="prs9")
    make_staff(uows, admin, Role.PRIVACY_OFFICER, username="po9")
    prs, officer = login(client, "prs9"), login(client, "po9")
    pid = client.post(
        "/api/peers", json={"first_name": "Gone", "last_name": "Soon"}, headers=prs
    ).json()["id"]
    assert client.delete(f"/api/peers/{pid}", headers=officer).status_code == 204
    response = client.get(f"/api/peers/{pid}", headers=prs)
    assert response.status_code == 410
    assert response.json()["error"] == "destroyed"


def test_unknown_purpose_is_refused(uows: UnitOfWorkFactory, client: TestClient) -> None:
    prs, _, _ = team(uows, client)
    response = client.get("/api/peers", headers=prs | {"X-Confide-Purpose": "import"})
    assert response.status_code == 422


def test_logout_ends_the_session(uows: UnitOfWorkFactory, client: TestClient) -> None:
    prs, _, _ = team(uows, client)
    assert client.delete("/api/session", headers=prs).status_code == 204
    assert client.get("/api/peers", headers=prs).status_code == 401


def test_unknown_route_is_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert set(response.json()) >= ERROR_KEYS


def test_an_administrator_records_mandated_reporters_over_the_api(
    uows: UnitOfWorkFactory, client: TestClient, repo_root: Path
) -> None:
    _, _, admin = team(uows, client)
    admin = admin | {"X-Confide-Purpose": "administration"}
    made = client.post("/api/staff", headers=admin, json={
        "username": "nurse1", "display_name": "N", "password": "x" * 12,
        "roles": ["peer_specialist"], "mandated_reporter_child": True,
    })  # fmt: skip
    assert made.status_code == 201, made.json()
    assert (made.json()["mandated_reporter_child"], made.json()["mandated_reporter_adult"]) == (
        True, False,
    )  # fmt: skip
    changed = client.put(f"/api/staff/{made.json()['id']}/mandated-reporter", headers=admin,
                         json={"child": False, "adult": True})  # fmt: skip
    assert changed.status_code == 200, changed.json()
    listed = {s["username"]: s for s in client.get("/api/staff", headers=admin).json()}
    nurse = listed["nurse1"]
    assert (nurse["mandated_reporter_child"], nurse["mandated_reporter_adult"]) == (False, True)
    api_doc = (repo_root / "docs" / "api.md").read_text("utf-8")
    for words in ("/api/staff/{id}/mandated-reporter", '"mandated_reporter_child"',
                  '"mandated_reporter_adult"'):  # fmt: skip
        assert words in api_doc
