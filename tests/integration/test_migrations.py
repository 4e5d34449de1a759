"""Alembic builds the schema; the migrated schema matches the tables the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from confide.store import migrate
from confide.store.tables import metadata


def test_database_is_at_head(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_migrated_schema_matches_declared_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_every_org_table_leads_its_primary_key_with_organization_id() -> None:
    shared = {"organizations", "access_events", "audit_tree", "audit_heads", "staff_sessions"}
    for table in metadata.sorted_tables:
        if table.name in shared:
            continue
        assert table.primary_key.columns.keys()[0] == "organization_id", table.name
