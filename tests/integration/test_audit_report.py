"""The peer's access report over HTTP, checked by the standalone verifier; a note read whose
audit insert fails returns an error and no note; two workers append one consistent sequence."""

from __future__ import annotations

import json
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from confide.audit.events import AccessEvent
from confide.audit.verifier import main as verifier_main
from confide.audit.verifier import verify_report
from confide.crypto.keyring import load_key_file
from confide.domain.actors import Purpose, Role
from confide.errors import IntegrityError
from confide.services import UnitOfWork, UnitOfWorkFactory
from confide.services import notes as notes_service
from confide.services.audit_log import verify_audit_log
from confide.services.break_glass import start_break_glass
from confide.store import migrate
from confide.store.engine import make_engine
from tests.databases import fresh_database_url
from tests.e2e.conftest import login
from tests.factories import ctx_for, draft, logged, make_org, make_peer, make_staff
from tests.integration.test_audit_log import _refuse_inserts


def test_the_access_report_verifies_offline_and_marks_break_glass(
    uows: UnitOfWorkFactory, client: TestClient, tmp_path: Path
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="r_prs")
    make_staff(uows, admin, Role.PRIVACY_OFFICER, username="r_po")
    glass = make_staff(uows, admin, username="r_glass")
    peer = make_peer(uows, prs)
    note = notes_service.write_note(ctx_for(prs), peer.id, draft(), uow=uows())
    notes_service.read_note(ctx_for(prs), note.id, uow=uows())
    emergency = ctx_for(glass, Purpose.EMERGENCY)
    start_break_glass(emergency, peer.id, reason="EMS on scene asking", uow=uows())
    headers = login(client, "r_po") | {"X-Confide-Purpose": "privacy_review"}

    response = client.get(f"/api/peers/{peer.id}/access-report", headers=headers)

    assert response.status_code == 200, response.json()
    report = response.json()
    assert verify_report(report) == len(report["entries"]) >= 3
    assert any(e["break_glass"] for e in report["entries"])
    assert {e["actor_id"] for e in report["entries"]} >= {prs.staff_id, glass.staff_id}
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(report))
    assert verifier_main([str(saved)]) == 0
    report["entries"][0]["outcome"] = (
        "deny" if report["entries"][0]["outcome"] == "allow" else "allow"
    )
    with pytest.raises(IntegrityError):
        verify_report(report)


def test_the_access_report_is_refused_to_staff_off_the_record(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="r_prs2")
    make_staff(uows, admin, username="r_off")
    peer = make_peer(uows, prs)
    response = client.get(f"/api/peers/{peer.id}/access-report", headers=login(client, "r_off"))
    assert response.status_code in (403, 404)
    assert "entries" not in response.json()


def test_an_api_note_read_whose_audit_insert_fails_returns_an_error_and_no_note(
    uows: UnitOfWorkFactory, client: TestClient, connection: Connection
) -> None:
    prs = make_staff(uows, make_org(uows), username="r_reader")
    peer = make_peer(uows, prs)
    note = notes_service.write_note(ctx_for(prs), peer.id, draft("CANARYAUDITFAIL"), uow=uows())
    headers = login(client, "r_reader")
    _refuse_inserts(connection)

    response = client.get(f"/api/notes/{note.id}", headers=headers)

    assert response.status_code == 503
    assert "CANARYAUDITFAIL" not in response.text
    assert set(response.json()) == {"error", "message", "status", "request_id"}


def _append_worker(url: str, key_file: str, worker: int, count: int) -> None:
    """One server process: `count` audited transactions, each its own commit."""
    engine = make_engine(url)
    keyring = load_key_file(Path(key_file))
    start = datetime(2026, 4, 1, tzinfo=UTC)
    for i in range(count):
        with UnitOfWork(engine, keyring) as uow:
            uow.audit.append(
                AccessEvent(
                    organization_id="00000000-0000-4000-8000-000000000001",
                    at=start + timedelta(milliseconds=i),
                    actor_id=f"00000000-0000-4000-8000-{worker:012d}",
                    action="note:read",
                    resource_kind="encounter",
                    resource_id=None,
                    peer_id=None,
                    purpose="treatment",
                    outcome="allow",
                    rule_id="rel.care_team",
                    request_id=f"00000000-0000-4000-8000-{worker * 100000 + i:012d}",
                )
            )
            uow.commit()
    engine.dispose()


def test_two_workers_appending_at_once_produce_one_consistent_sequence(
    engine: Engine, tmp_path: Path
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the multi-worker deployment runs on PostgreSQL")
    from confide.crypto.keyring import create_key_file

    key_file = tmp_path / "keys.json"
    create_key_file(key_file)
    with fresh_database_url("postgresql", tmp_path) as url:
        fresh = make_engine(url)
        migrate.upgrade(fresh)
        spawn = multiprocessing.get_context("spawn")
        workers = [
            spawn.Process(target=_append_worker, args=(url, str(key_file), w, 150)) for w in (1, 2)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=120)
        assert [w.exitcode for w in workers] == [0, 0]
        keyring = load_key_file(key_file)
        result = verify_audit_log(uow=UnitOfWork(fresh, keyring))
        assert result.size == 300
        with fresh.connect() as conn:
            seqs = conn.execute(text("SELECT seq FROM access_events ORDER BY seq")).scalars()
            assert list(seqs) == list(range(1, 301))
            assert len({e.actor_id for e in logged(conn)}) == 2
        fresh.dispose()
