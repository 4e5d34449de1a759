"""Alembic builds the schema; the migrated schema matches the tables the code declares."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc

from confide.audit import canonical, chain, merkle
from confide.audit.events import AccessEvent
from confide.crypto.keyring import LocalKeyring
from confide.domain.ids import OrgId, PeerId
from confide.services import UnitOfWork
from confide.services.audit_log import verify_audit_log
from confide.store import migrate
from confide.store.engine import make_engine
from confide.store.tables import PEER_EPOCH_BITS, metadata
from tests.databases import BACKENDS, fresh_database_url


def test_database_is_at_head(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision()


# SQLite cannot reflect expression indexes, so autogenerate skips the audit log's epoch index
# there; the test after this one checks that index on both databases.
@pytest.mark.filterwarnings("ignore:.*expression-based index ix_access_events_peer_epoch")
@pytest.mark.filterwarnings("ignore:.*expression-based index 'ix_access_events_peer_epoch'")
def test_migrated_schema_matches_declared_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_the_audit_log_has_its_epoch_index_and_not_the_old_one(engine: Engine) -> None:
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'access_events'"
        else:
            query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        indexes = dict(conn.exec_driver_sql(query).all())
    assert "ix_access_events_peer" not in indexes
    definition = indexes["ix_access_events_peer_epoch"].replace("(", "").replace(")", "")
    assert definition.endswith(f"seq >> {PEER_EPOCH_BITS}, peer_id")


def test_every_org_table_leads_its_primary_key_with_organization_id() -> None:
    shared = {"organizations", "access_events", "audit_tree", "audit_heads", "staff_sessions"}
    for table in metadata.sorted_tables:
        if table.name in shared:
            continue
        assert table.primary_key.columns.keys()[0] == "organization_id", table.name


_OLD_COLUMNS = ("actor_id", "action", "resource_kind", "resource_id", "purpose", "outcome")


def _old_event(i: int) -> AccessEvent:
    return AccessEvent(
        organization_id="00000000-0000-4000-8000-000000000001",
        at=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(seconds=i),
        actor_id="00000000-0000-4000-8000-0000000000aa",
        action="note:read" if i % 2 else "peer:read",
        resource_kind="encounter",
        resource_id=None,
        peer_id=f"00000000-0000-4000-8000-{i % 3:012d}",
        purpose="treatment",
        outcome="allow",
        rule_id="rel.care_team",
        request_id=f"00000000-0000-4000-8000-{i:012d}",
    )


def _write_in_the_0007_shape(engine: Engine, count: int) -> list[AccessEvent]:
    """Events as revision 0007 stored them: every field in its own column beside the bytes."""
    made = [_old_event(i) for i in range(count)]
    frontier, previous, rows = merkle.Frontier(store_from=5), chain.GENESIS, []
    for seq, event in enumerate(made, start=1):
        data = canonical.encode(event, seq)
        leaf = merkle.leaf_hash(data)
        previous = chain.link(previous, leaf)
        frontier.append(leaf)
        fields = {f: getattr(event, f) for f in AccessEvent.__dataclass_fields__ if f != "seq"}
        rows.append(fields | {"seq": seq, "canonical": data, "chain": previous})
    with engine.begin() as conn:
        conn.execute(sa.table("access_events", *map(sa.column, rows[0])).insert(), rows)
        nodes = [{"level": lv, "idx": i, "hash": h} for lv, i, h in frontier.drain()]
        tree = sa.table("audit_tree", *map(sa.column, ("level", "idx", "hash")))
        conn.execute(tree.insert(), nodes)
    return made


@pytest.mark.parametrize("backend", BACKENDS)
def test_events_from_before_0008_still_verify_and_come_back_on_downgrade(
    backend: str, tmp_path: Path, keyring: LocalKeyring
) -> None:
    with fresh_database_url(backend, tmp_path) as url:
        fresh = make_engine(url)
        try:
            migrate.upgrade(fresh, "0007")
            made = _write_in_the_0007_shape(fresh, 70)
            migrate.upgrade(fresh)
            assert verify_audit_log(uow=UnitOfWork(fresh, keyring)).size == 70
            with UnitOfWork(fresh, keyring) as uow:
                found = uow.audit.for_peer(OrgId(made[0].organization_id), PeerId(made[1].peer_id))
            assert found == [replace(e, seq=i + 1) for i, e in enumerate(made) if i % 3 == 1]

            migrate.downgrade(fresh, "0007")
            old = sa.table("access_events", *map(sa.column, ("seq", *_OLD_COLUMNS)))
            query = sa.select(*(old.c[c] for c in _OLD_COLUMNS)).order_by(old.c.seq)
            with fresh.connect() as conn:
                back = [tuple(r) for r in conn.execute(query)]
                with pytest.raises(sa_exc.DBAPIError):  # append-only again
                    conn.exec_driver_sql("UPDATE access_events SET action = 'x'")
            assert back == [tuple(getattr(e, c) for c in _OLD_COLUMNS) for e in made]
        finally:
            fresh.dispose()


V2_COLUMNS = {
    "programs": ("fundraises", "publicly_identified_sud"),
    "staff": ("mandated_reporter_child", "mandated_reporter_adult"),
}


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_0009_adds_program_facts_and_reporter_status_false_and_takes_them_back(
    backend: str, tmp_path: Path
) -> None:
    org = "00000000-0000-4000-8000-000000000001"
    when = datetime(2026, 11, 1, tzinfo=UTC)
    with fresh_database_url(backend, tmp_path) as url:
        fresh = make_engine(url)
        try:
            migrate.upgrade(fresh, "0008")
            with fresh.begin() as conn:
                conn.execute(sa.table("organizations", *map(sa.column, ("id", "name",
                             "created_at"))).insert(), {"id": org, "name": "O",
                             "created_at": when})  # fmt: skip
                conn.execute(
                    sa.table("programs", *map(sa.column, ("organization_id", "id", "name",
                             "jurisdiction", "hipaa_covered_entity", "part2_program",
                             "created_at"))).insert(),
                    {"organization_id": org, "id": org, "name": "P", "jurisdiction": "US-VA",
                     "hipaa_covered_entity": True, "part2_program": True, "created_at": when},
                )  # fmt: skip
                conn.execute(
                    sa.table("staff", *map(sa.column, ("organization_id", "id", "username",
                             "display_name", "password_hash", "active", "failed_logins",
                             "created_at"))).insert(),
                    {"organization_id": org, "id": org, "username": "u", "display_name": "U",
                     "password_hash": "x", "active": True, "failed_logins": 0,
                     "created_at": when},
                )  # fmt: skip
            migrate.upgrade(fresh)
            with fresh.connect() as conn:
                for table, names in V2_COLUMNS.items():
                    query = f"SELECT {', '.join(names)} FROM {table}"  # noqa: S608 - constants
                    assert [tuple(r) for r in conn.exec_driver_sql(query)] == [(False, False)]

            migrate.downgrade(fresh, "0008")
            for table, names in V2_COLUMNS.items():
                assert not _columns(fresh, table) & set(names), table
            with fresh.connect() as conn:
                assert conn.exec_driver_sql("SELECT username FROM staff").scalar_one() == "u"
            migrate.upgrade(fresh)
            assert migrate.current_revision(fresh) == migrate.head_revision()
        finally:
            fresh.dispose()


ORG, WHEN = "00000000-0000-4000-8000-000000000001", datetime(2026, 12, 1, tzinfo=UTC)
FLAG_COLUMNS = ("evidence", "outcome", "disclosure_id")


def _insert(conn: sa.Connection, table: str, **values: object) -> None:
    conn.execute(sa.table(table, *map(sa.column, values)).insert(), values)


def _flag(ident: int, state: str, *, notified: bool = False) -> dict[str, object]:
    handled = state not in ("shown", "notified")
    return {
        "organization_id": ORG, "id": f"00000000-0000-4000-8000-0000000001{ident:02d}",
        "peer_id": ORG, "author_id": ORG, "editor_id": ORG, "kind": "suicide_risk",
        "severity": 5, "section": "data", "span_start": 0, "span_end": 10, "state": state,
        "created_at": WHEN, "updated_at": WHEN, "notified_at": WHEN if notified else None,
        "handled_at": WHEN if handled else None, "handled_by": ORG if handled else None,
    }  # fmt: skip


def _seed_0009(conn: sa.Connection) -> None:
    """An organization, a staff member, a peer and one flag in each state 0006 wrote."""
    _insert(conn, "organizations", id=ORG, name="O", created_at=WHEN)
    _insert(conn, "staff", organization_id=ORG, id=ORG, username="u", display_name="U",
            password_hash="x", active=True, failed_logins=0, created_at=WHEN)  # fmt: skip
    _insert(conn, "peers", organization_id=ORG, id=ORG, alias_only=True, status="active",
            version=1, created_at=WHEN, updated_at=WHEN)  # fmt: skip
    for i, state in enumerate(("shown", "notified", "dismissed", "escalated")):
        _insert(conn, "safety_flags", **_flag(i, state, notified=state == "notified"))


def _states(engine: Engine) -> dict[str, tuple[str, bool]]:
    query = "SELECT id, state, handled_at FROM safety_flags ORDER BY id"
    with engine.connect() as conn:
        return {
            r.id[-2:]: (r.state, r.handled_at is not None) for r in conn.exec_driver_sql(query)
        }


@pytest.mark.parametrize("backend", BACKENDS)
def test_0010_keeps_old_flag_states_and_downgrade_reopens_what_it_cannot_show(
    backend: str, tmp_path: Path
) -> None:
    with fresh_database_url(backend, tmp_path) as url:
        fresh = make_engine(url)
        try:
            migrate.upgrade(fresh, "0009")
            with fresh.begin() as conn:
                _seed_0009(conn)
            before = _states(fresh)
            migrate.upgrade(fresh)
            assert _states(fresh) == before  # "escalated" keeps its value; the code reads it open
            with fresh.connect() as conn:
                query = "SELECT evidence, outcome, disclosure_id FROM safety_flags"
                assert {tuple(r) for r in conn.exec_driver_sql(query)} == {(None, None, None)}
            with fresh.begin() as conn:
                _insert(conn, "safety_flags", **_flag(4, "decided", notified=True))
                _insert(conn, "safety_flags", **_flag(5, "decided"))
                _insert(conn, "safety_flags", **_flag(6, "requested"))

            migrate.downgrade(fresh, "0009")
            assert not _columns(fresh, "safety_flags") & set(FLAG_COLUMNS)
            assert _states(fresh) == before | {
                "04": ("notified", False), "05": ("shown", False), "06": ("escalated", True),
            }  # fmt: skip
            migrate.upgrade(fresh)
            assert migrate.current_revision(fresh) == migrate.head_revision()
        finally:
            fresh.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_0010_links_a_flag_only_to_a_stored_disclosure_request(
    backend: str, tmp_path: Path
) -> None:
    with fresh_database_url(backend, tmp_path) as url:
        fresh = make_engine(url)
        try:
            migrate.upgrade(fresh)
            with fresh.begin() as conn:
                _seed_0009(conn)
            with pytest.raises(sa_exc.IntegrityError), fresh.begin() as conn:  # no such request
                conn.execute(sa.text("UPDATE safety_flags SET disclosure_id = :d"), {"d": ORG})
        finally:
            fresh.dispose()
