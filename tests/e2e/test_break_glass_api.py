"""Break-glass over HTTP: reason, expiry, notification, review state."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from confide.api.deps import clock
from confide.domain.actors import Role
from confide.services import UnitOfWorkFactory
from tests.e2e.conftest import login
from tests.factories import NOW, make_org, make_staff

NOTE = {"occurred_on": "2026-11-20", "minutes": 30, "sections": {"data": "talked about work"}}


def test_break_glass_end_to_end(uows: UnitOfWorkFactory, client: TestClient) -> None:
    now = {"at": NOW}

    def fake_clock() -> datetime:
        return now["at"]

    client.app.dependency_overrides[clock] = fake_clock  # type: ignore[attr-defined]
    admin = make_org(uows)
    for name, role in (("bg_prs", Role.PEER_SPECIALIST), ("bg_out", Role.PEER_SPECIALIST),
                       ("bg_po", Role.PRIVACY_OFFICER)):  # fmt: skip
        make_staff(uows, admin, role, username=name)
    prs, outsider, officer = (
        login(client, "bg_prs"),
        login(client, "bg_out"),
        login(client, "bg_po"),
    )
    emergency = outsider | {"X-Confide-Purpose": "emergency"}
    pid = client.post(
        "/api/peers", json={"first_name": "Rae", "last_name": "Lind"}, headers=prs
    ).json()["id"]
    note = client.post(f"/api/peers/{pid}/notes", json=NOTE, headers=prs).json()
    client.post(f"/api/notes/{note['id']}/sign", json={"version": note["version"]}, headers=prs)

    assert client.get(f"/api/notes/{note['id']}", headers=emergency).status_code == 403
    too_short = client.post(
        f"/api/peers/{pid}/break-glass", json={"reason": "help"}, headers=emergency
    )
    assert too_short.status_code == 422
    grant = client.post(
        f"/api/peers/{pid}/break-glass", json={"reason": "Seizure at group; EMS asks history"},
        headers=emergency,
    ).json()  # fmt: skip
    assert grant["review_state"] == "pending"
    assert grant["expires_at"].startswith("2026-11-24T16:00")
    assert client.get(f"/api/notes/{note['id']}", headers=emergency).status_code == 200

    notices = client.get("/api/notifications", headers=officer).json()
    assert [(n["kind"], n["subject_id"]) for n in notices] == [("break_glass", grant["id"])]
    queue = client.get("/api/break-glass", headers=officer).json()
    assert [g["reason"] for g in queue] == ["Seizure at group; EMS asks history"]

    now["at"] = NOW + timedelta(minutes=61)  # sessions idle out too: log in again
    emergency = login(client, "bg_out") | {"X-Confide-Purpose": "emergency"}
    officer = login(client, "bg_po")
    expired = client.get(f"/api/notes/{note['id']}", headers=emergency)
    assert expired.status_code == 403
    assert expired.json()["rule"] == "break_glass.expired"

    reviewed = client.post(
        f"/api/break-glass/{grant['id']}/review",
        json={"justified": True, "note": "EMS confirmed the call"}, headers=officer,
    )  # fmt: skip
    assert reviewed.json()["review_state"] == "justified"
    assert client.get("/api/break-glass", headers=officer).json() == []
    done = client.get("/api/break-glass?state=justified", headers=officer).json()
    assert [g["id"] for g in done] == [grant["id"]]
