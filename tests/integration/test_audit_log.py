"""The audit log on SQLite and PostgreSQL: append-only, and verify names the first bad seq
for every kind of tampering (edit, delete, insert, reorder, truncate)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, insert, text
from sqlalchemy import exc as sa_exc

from confide.audit import canonical, chain, merkle
from confide.audit.events import AccessEvent
from confide.audit.verifier import verify_inclusion_document
from confide.crypto.keyring import LocalKeyring
from confide.domain.ids import OrgId, PeerId
from confide.errors import ConfideError, LogTampered, NotFound
from confide.services import UnitOfWork, UnitOfWorkFactory
from confide.services import notes as notes_service
from confide.services.audit_log import prove_inclusion, sign_tree_head, verify_audit_log
from confide.store import migrate
from confide.store.audit import peer_events_sql
from confide.store.engine import make_engine
from confide.store.tables import PEER_EPOCH_BITS, access_events
from tests.databases import BACKENDS, fresh_database_url
from tests.factories import ctx_for, draft, make_org, make_peer, make_staff

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SIZE = 40


def _event(i: int) -> AccessEvent:
    return AccessEvent(
        organization_id="00000000-0000-4000-8000-000000000001",
        at=NOW + timedelta(seconds=i),
        actor_id="00000000-0000-4000-8000-0000000000aa",
        action="note:read",
        resource_kind="encounter",
        resource_id=f"00000000-0000-4000-8000-{i:012d}",
        peer_id="00000000-0000-4000-8000-0000000000bb",
        purpose="treatment",
        outcome="allow",
        rule_id="rel.care_team",
        request_id=f"10000000-0000-4000-8000-{i:012d}",
    )


@pytest.fixture
def log(uows: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """A log of SIZE events with signed heads at 16 and SIZE."""
    with uows() as uow:
        uow.audit.append_many([_event(i) for i in range(16)])
        uow.commit()
    sign_tree_head(now=NOW, uow=uows())
    with uows() as uow:
        uow.audit.append_many([_event(i) for i in range(16, SIZE)])
        uow.commit()
    sign_tree_head(now=NOW + timedelta(minutes=1), uow=uows())
    return uows


def _unguard(connection: Connection) -> None:
    """What an attacker with the database owner's rights does first (rolled back after)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE access_events DISABLE TRIGGER USER"))
    else:
        for verb in ("update", "delete"):
            connection.execute(text(f"DROP TRIGGER access_events_no_{verb}"))


def _first_bad(log: UnitOfWorkFactory) -> int:
    with pytest.raises(LogTampered) as caught:
        verify_audit_log(uow=log())
    return caught.value.seq


def test_untouched_log_verifies(log: UnitOfWorkFactory) -> None:
    result = verify_audit_log(uow=log())
    assert (result.size, result.heads_checked) == (SIZE, 2)


def test_update_delete_are_refused_by_the_database(
    log: UnitOfWorkFactory, connection: Connection
) -> None:
    for statement in (
        "UPDATE access_events SET peer_id = NULL WHERE seq = 3",
        "DELETE FROM access_events WHERE seq = 3",
        "DELETE FROM audit_tree",
        "UPDATE audit_heads SET size = 1",
    ):
        savepoint = connection.begin_nested()
        with pytest.raises(sa_exc.DBAPIError):
            connection.execute(text(statement))
        savepoint.rollback()


@pytest.mark.parametrize("table", ["access_events", "audit_tree", "audit_heads"])
def test_truncate_is_refused_on_postgresql(
    log: UnitOfWorkFactory, connection: Connection, table: str
) -> None:
    if connection.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE trigger covers it")
    savepoint = connection.begin_nested()
    with pytest.raises(sa_exc.DBAPIError):
        connection.execute(text(f"TRUNCATE {table}"))
    savepoint.rollback()


def _replace(connection: Connection, seq: int, data: bytes, link: bytes | None = None) -> None:
    values = {"s": seq, "d": data, "c": link}
    if link is None:
        connection.execute(text("UPDATE access_events SET canonical = :d WHERE seq = :s"), values)
    else:
        connection.execute(
            text("UPDATE access_events SET canonical = :d, chain = :c WHERE seq = :s"), values
        )


def _stored(connection: Connection, seq: int) -> tuple[bytes, bytes]:
    row = connection.execute(
        text("SELECT canonical, chain FROM access_events WHERE seq = :s"), {"s": seq}
    ).one()
    return bytes(row[0]), bytes(row[1])


def test_an_edited_event_is_named(log: UnitOfWorkFactory, connection: Connection) -> None:
    _unguard(connection)
    data, _ = _stored(connection, 7)
    _replace(connection, 7, data.replace(b'"outcome":"allow"', b'"outcome":"deny"'))
    assert _first_bad(log) == 7


def test_an_edited_index_column_is_named(log: UnitOfWorkFactory, connection: Connection) -> None:
    _unguard(connection)
    connection.execute(text("UPDATE access_events SET peer_id = NULL WHERE seq = 9"))
    assert _first_bad(log) == 9


def test_a_deleted_event_is_named(log: UnitOfWorkFactory, connection: Connection) -> None:
    _unguard(connection)
    connection.execute(text("DELETE FROM access_events WHERE seq = 12"))
    assert _first_bad(log) == 12


def test_reordered_events_are_named(log: UnitOfWorkFactory, connection: Connection) -> None:
    _unguard(connection)
    five, six = _stored(connection, 5), _stored(connection, 6)
    _replace(connection, 5, six[0], six[1])
    _replace(connection, 6, five[0], five[1])
    assert _first_bad(log) == 5


def test_a_truncated_tail_is_named(log: UnitOfWorkFactory, connection: Connection) -> None:
    _unguard(connection)
    connection.execute(text("DELETE FROM access_events WHERE seq > 30"))
    assert _first_bad(log) == 31


def _shift_up_from(connection: Connection, seq: int) -> None:
    connection.execute(
        text("UPDATE access_events SET seq = seq + 1000 WHERE seq >= :s"), {"s": seq}
    )
    connection.execute(text("UPDATE access_events SET seq = seq - 999 WHERE seq >= 1000"))


def _insert_forged(connection: Connection, seq: int, link: bytes) -> bytes:
    data = canonical.encode(_event(999), seq)
    forged = _event(999)
    row = {"organization_id": forged.organization_id, "peer_id": forged.peer_id}
    row |= {"seq": seq, "canonical": data, "chain": link}
    connection.execute(insert(access_events).values(**row))
    return data


def test_an_inserted_event_is_named(log: UnitOfWorkFactory, connection: Connection) -> None:
    _unguard(connection)
    _shift_up_from(connection, 20)
    _insert_forged(connection, 20, bytes(32))
    assert _first_bad(log) == 20


def test_an_insertion_with_a_forged_link_is_named_at_the_first_displaced_event(
    log: UnitOfWorkFactory, connection: Connection
) -> None:
    _unguard(connection)
    previous = _stored(connection, 19)[1]
    _shift_up_from(connection, 20)
    data = canonical.encode(_event(999), 20)
    _insert_forged(connection, 20, chain.link(previous, merkle.leaf_hash(data)))
    assert _first_bad(log) == 21


def test_a_rewritten_chain_is_caught_by_the_signed_head(
    log: UnitOfWorkFactory, connection: Connection
) -> None:
    """Rewriting every link after an edit needs no key; the first signed head covering the
    edit (size 16) disagrees, and that is the sequence number named."""
    _unguard(connection)
    previous = _stored(connection, 6)[1]
    for seq in range(7, SIZE + 1):
        data = _stored(connection, seq)[0]
        if seq == 7:
            data = data.replace(b'"outcome":"allow"', b'"outcome":"deny"')
        previous = chain.link(previous, merkle.leaf_hash(data))
        _replace(connection, seq, data, previous)
    assert _first_bad(log) == 16


def test_a_proof_from_the_database_verifies_standalone(log: UnitOfWorkFactory) -> None:
    for seq in (1, 16, 17, SIZE):
        document = prove_inclusion(seq, now=NOW, uow=log())
        fields = verify_inclusion_document(document)
        assert fields["seq"] == seq
        assert document["tree_head"]["size"] == SIZE


def test_a_proof_of_a_missing_event_is_not_found(log: UnitOfWorkFactory) -> None:
    with pytest.raises(NotFound):
        prove_inclusion(SIZE + 5, now=NOW, uow=log())


def test_a_note_read_whose_audit_insert_fails_returns_no_note(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    prs = make_staff(uows, make_org(uows))
    peer = make_peer(uows, prs)
    note = notes_service.write_note(ctx_for(prs), peer.id, draft(), uow=uows())
    _refuse_inserts(connection)
    with pytest.raises(ConfideError):
        notes_service.read_note(ctx_for(prs), note.id, uow=uows())


def _refuse_inserts(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'audit insert refused'; END $$"
            )
        )
        connection.execute(
            text(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON access_events "
                "FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse()"
            )
        )
    else:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON access_events "
                "BEGIN SELECT RAISE(ABORT, 'audit insert refused'); END"
            )
        )


@pytest.mark.parametrize("epochs_per_query", [500, 1])
def test_a_peers_events_are_found_in_every_epoch_and_no_other_organizations(
    uows: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch, epochs_per_query: int
) -> None:
    monkeypatch.setattr("confide.store.audit._EPOCHS_PER_QUERY", epochs_per_query)
    org, other = "00000000-0000-4000-8000-0000000000c1", "00000000-0000-4000-8000-0000000000c2"
    peers = [f"00000000-0000-4000-8000-{p:012d}" for p in range(7)]
    count = 2 * (1 << PEER_EPOCH_BITS) + 500  # three epochs
    made = [
        replace(_event(i), peer_id=peers[i % 7], organization_id=other if i % 1000 == 3 else org)
        for i in range(count)
    ]
    with uows() as uow:
        uow.audit.append_many(made)
        uow.commit()
    with uows() as uow:
        found = uow.audit.stored_for_peer(OrgId(org), PeerId(peers[3]))
    expected = [
        i + 1 for i, e in enumerate(made) if e.peer_id == peers[3] and e.organization_id == org
    ]
    assert [seq for seq, _ in found] == expected
    assert {seq >> PEER_EPOCH_BITS for seq in expected} == {0, 1, 2}
    assert all(canonical.decode(data).peer_id == peers[3] for _, data in found)


def test_the_peer_query_seeks_the_epoch_index(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    sql = peer_events_sql("%s" if postgres else "?", 3)
    params = ("o", "p", 0, 1, 2)
    if postgres:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = " ".join(r[0] for r in connection.exec_driver_sql("EXPLAIN " + sql, params))
    else:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(r[-1]) for r in rows)
    assert "ix_access_events_peer_epoch" in plan


def _root(leaves: list[bytes]) -> bytes:
    return list(merkle.roots_of(leaves))[-1]


def test_an_append_rolled_back_leaves_nothing_the_next_append_builds_on(
    uows: UnitOfWorkFactory,
) -> None:
    with uows() as uow:
        uow.audit.append_many([_event(i) for i in range(37)])
        uow.commit()
    with uows() as uow:  # this process's frontier now ends at 50, but the batch never lands
        uow.audit.append_many([_event(i) for i in range(37, 50)])
    kept = [*range(37), *range(100, 160)]
    with uows() as uow:
        assert uow.audit.append_many([_event(i) for i in range(100, 160)]) == list(range(38, 98))
        uow.commit()
    result = verify_audit_log(uow=uows())
    leaves = [merkle.leaf_hash(canonical.encode(_event(i), s)) for s, i in enumerate(kept, 1)]
    assert (result.size, result.root) == (97, _root(leaves))
    with uows() as uow:  # proofs come from the stored subtrees the appends wrote
        for seq in (1, 40, 64, 97):
            path = uow.audit.inclusion_path(seq, 97)
            merkle.verify_inclusion(leaves[seq - 1], seq - 1, 97, path, result.root)


@pytest.mark.parametrize("backend", BACKENDS)
def test_appends_from_two_processes_in_turn_build_one_tree(
    backend: str, tmp_path: Path, keyring: LocalKeyring
) -> None:
    """Each engine keeps its own frontier; appends by the other one make it rebuild."""
    with fresh_database_url(backend, tmp_path) as url:
        one, two = make_engine(url), make_engine(url)
        try:
            migrate.upgrade(one)
            made: list[AccessEvent] = []
            for turn in range(6):
                engine = one if turn % 2 == 0 else two
                batch = [_event(len(made) + i) for i in range(turn * 7 + 3)]
                with UnitOfWork(engine, keyring) as uow:
                    uow.audit.append_many(batch)
                    uow.commit()
                made += batch
            result = verify_audit_log(uow=UnitOfWork(one, keyring))
            leaves = [merkle.leaf_hash(canonical.encode(e, s)) for s, e in enumerate(made, 1)]
            assert (result.size, result.root) == (len(made), _root(leaves))
        finally:
            one.dispose()
            two.dispose()
