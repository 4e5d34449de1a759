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
