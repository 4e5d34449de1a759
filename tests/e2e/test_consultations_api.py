"""Share for supervision over HTTP: preview, share, the recipient's copy, revoke."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from confide.api.deps import clock
from confide.domain.actors import Role
from confide.services import UnitOfWorkFactory
from tests.e2e.conftest import login
from tests.factories import NOW, make_org, make_staff

PEER = {"first_name": "Rosalind", "last_name": "Achterberg", "phone": "(540) 555-0187"}
TEXT = "Rosalind called from (540) 555-0187; Rosalind wants to return to work."


def test_a_consultation_copy_end_to_end(uows: UnitOfWorkFactory, client: TestClient) -> None:
    client.app.dependency_overrides[clock] = lambda: NOW  # type: ignore[attr-defined]
    admin = make_org(uows)
    make_staff(uows, admin, username="cs_prs")
    consultant_id = make_staff(uows, admin, Role.SUPERVISOR, username="cs_sup").staff_id
    prs = login(client, "cs_prs")
    sup = login(client, "cs_sup") | {"X-Confide-Purpose": "supervision"}
    pid = client.post("/api/peers", json=PEER, headers=prs).json()["id"]
    note = client.post(
        f"/api/peers/{pid}/notes",
        json={"occurred_on": "2026-11-20", "minutes": 30, "sections": {"data": TEXT}},
        headers=prs,
    ).json()
    client.post(f"/api/notes/{note['id']}/sign", json={"version": 1}, headers=prs)

    preview = client.get(f"/api/notes/{note['id']}/consultation-preview", headers=prs).json()
    assert preview["refusal"] == ""
    assert consultant_id in [c["staff_id"] for c in preview["consultants"]]
    shared = client.post(
        f"/api/notes/{note['id']}/consultations",
        json={"recipient_id": consultant_id, "expires_at": "2026-12-24T15:00:00Z"},
        headers=prs,
    )
    assert shared.status_code == 201
    cid = shared.json()["id"]

    listed = client.get("/api/consultations", headers=sup).json()
    assert [c["id"] for c in listed["received"]] == [cid]
    response = client.get(f"/api/consultations/{cid}", headers=sup)
    assert response.status_code == 200
    body = response.json()
    data = body["redacted"]["sections"]["data"]
    assert data == "[NAME] called from [PHONE]; [NAME] wants to return to work."
    for secret in ("Rosalind", "Achterberg", "555-0187", pid, note["id"]):
        assert secret not in response.text
    assert body["note_id"] is None
    assert client.get(f"/api/notes/{note['id']}", headers=sup).status_code == 403
    assert client.get(f"/api/peers/{pid}", headers=sup).status_code == 403

    assert client.post(f"/api/consultations/{cid}/revoke", headers=sup).status_code == 403
    revoked = client.post(f"/api/consultations/{cid}/revoke", headers=prs).json()
    assert revoked["state"] == "revoked"
    gone = client.get(f"/api/consultations/{cid}", headers=sup)
    assert gone.status_code == 403
    assert gone.json()["error"] == "denied"
    mine = client.get(f"/api/consultations/{cid}", headers=prs).json()
    assert mine["redacted"] is None  # the sharer sees the record of it; the copy is gone


def test_docs_list_every_consultation_route_and_rule(repo_root: Path) -> None:
    api = (repo_root / "docs" / "api.md").read_text("utf-8")
    for route in (
        "| GET | /api/notes/{id}/consultation-preview |",
        "| POST | /api/notes/{id}/consultations |",
        "| GET | /api/consultations |",
        "| GET | /api/consultations/{id} |",
        "| POST | /api/consultations/{id}/revoke |",
    ):
        assert route in api, route
    rules = (repo_root / "docs" / "authorization.md").read_text("utf-8")
    for rule in ("consultation.share", "consultation.recipient", "consultation.sharer",
                 "consultation.ended", "consultation.none"):  # fmt: skip
        assert f"`{rule}`" in rules, rule
