"""Group commit: concurrent use cases share one durable COMMIT, and every rule of the one door
still holds (event with the work or nothing, denials after rollback, errors mapped)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from confide.audit.events import AccessEvent
from confide.crypto.keyring import LocalKeyring
from confide.domain.actors import Actor
from confide.domain.decisions import Decision
from confide.errors import Conflict, Denied, NotFound, Unavailable
from confide.services import UnitOfWorkFactory
from confide.services import notes as notes_service
from confide.services.audit_log import log_size, verify_audit_log
from confide.services.notes import NoteView
from confide.store import migrate
from confide.store.commits import CommitGroup, GroupedUnitOfWork
from confide.store.engine import make_engine
from tests.databases import BACKENDS, fresh_database_url
from tests.factories import ctx_for, draft, logged, make_org, make_peer, make_staff
from tests.integration.test_audit_log import _refuse_inserts

ALLOW = Decision.allow("rel.care_team", "on the care team")


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh migrated database: group commit really commits."""
    with fresh_database_url(request.param, tmp_path) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def group(database: Engine) -> CommitGroup:
    return CommitGroup(database)


@pytest.fixture
def grouped(group: CommitGroup, keyring: LocalKeyring) -> UnitOfWorkFactory:
    return lambda: GroupedUnitOfWork(group, keyring)


def _note(uows: UnitOfWorkFactory) -> tuple[Actor, Actor, NoteView]:
    """An organization's administrator, a peer specialist and a note on their peer."""
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    return admin, prs, notes_service.write_note(ctx_for(prs), peer.id, draft(), uow=uows())


def _events(engine: Engine, action: str, outcome: str) -> int:
    with engine.connect() as conn:
        return sum(1 for e in logged(conn) if (e.action, e.outcome) == (action, outcome))


def test_concurrent_note_reads_are_each_recorded_once_and_the_log_verifies(
    grouped: UnitOfWorkFactory, database: Engine
) -> None:
    _, prs, note = _note(grouped)
    results: list[NoteView] = []

    def reader() -> None:
        for _ in range(5):
            results.append(notes_service.read_note(ctx_for(prs), note.id, uow=grouped()))

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 40
    assert all(r.body == note.body for r in results)
    assert _events(database, "note:read", "allow") == 40
    assert verify_audit_log(uow=grouped()).size == log_size(uow=grouped())


def test_use_cases_waiting_together_share_one_commit(
    grouped: UnitOfWorkFactory, group: CommitGroup, database: Engine
) -> None:
    _, prs, note = _note(grouped)
    first_inside, release = threading.Event(), threading.Event()
    read: list[NoteView] = []

    def holder() -> None:
        with grouped() as uow:
            uow.organizations.get(note.peer_id)  # type: ignore[arg-type]
            first_inside.set()
            release.wait(10)
            uow.commit()

    def reader() -> None:
        read.append(notes_service.read_note(ctx_for(prs), note.id, uow=grouped()))

    before = group.batches_committed
    threads = [threading.Thread(target=holder), threading.Thread(target=reader)]
    threads[0].start()
    assert first_inside.wait(10)
    threads[1].start()
    while group.queued == 0:  # the reader waits to join the holder's batch
        threading.Event().wait(0.001)
    release.set()
    for t in threads:
        t.join()
    assert len(read) == 1
    assert group.batches_committed == before + 1
    assert _events(database, "note:read", "allow") == 1


def test_a_read_whose_audit_insert_fails_returns_no_note(
    grouped: UnitOfWorkFactory, database: Engine
) -> None:
    _, prs, note = _note(grouped)
    with database.begin() as conn:
        _refuse_inserts_for_good(conn)
    with pytest.raises(Unavailable):
        notes_service.read_note(ctx_for(prs), note.id, uow=grouped())
    assert _events(database, "note:read", "allow") == 0


def _refuse_inserts_for_good(conn: Connection) -> None:
    """A trigger every connection sees (the batch runs on its own connection)."""
    if conn.dialect.name == "sqlite":
        _refuse_inserts(conn)
        return
    conn.execute(
        text(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit insert refused'; END $$"
        )
    )
    conn.execute(
        text(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON access_events "
            "FOR EACH ROW EXECUTE FUNCTION refuse()"
        )
    )


def test_an_off_team_read_is_refused_and_its_denial_is_durable(
    grouped: UnitOfWorkFactory, database: Engine
) -> None:
    admin, _, note = _note(grouped)
    off_team = make_staff(grouped, admin)
    with pytest.raises((Denied, NotFound)):
        notes_service.read_note(ctx_for(off_team), note.id, uow=grouped())
    assert _events(database, "note:read", "deny") == 1
    assert _events(database, "note:read", "allow") == 0


def test_a_conflict_rolls_back_its_own_use_case_only(
    grouped: UnitOfWorkFactory, database: Engine
) -> None:
    admin = make_org(grouped)
    make_staff(grouped, admin, username="twice")
    with pytest.raises(Conflict):
        make_staff(grouped, admin, username="twice")
    _, prs, note = _note(grouped)
    assert notes_service.read_note(ctx_for(prs), note.id, uow=grouped()).id == note.id


def test_a_unit_of_work_opened_inside_another_raises_instead_of_waiting_forever(
    grouped: UnitOfWorkFactory,
) -> None:
    with grouped(), pytest.raises(RuntimeError), grouped():
        pass


def test_after_commit_callbacks_run_once_the_work_and_its_event_are_durable(
    grouped: UnitOfWorkFactory, database: Engine
) -> None:
    seen: list[int] = []
    _, prs, note = _note(grouped)
    with grouped() as uow:
        event = AccessEvent.of(
            ctx_for(prs), "note:read", ALLOW, resource_kind="encounter", resource_id=note.id
        )
        uow.audit.append(event)
        uow.on_commit(lambda: seen.append(_events(database, "note:read", "allow")))
        uow.commit()
    assert seen == [1]
