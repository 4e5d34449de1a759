"""audit: access_events keeps only the canonical bytes, the chain link and the two columns the
log is searched by; the peer index leads with the event's epoch

The dropped columns (at, actor_id, action, resource_kind, resource_id, purpose, outcome,
rule_id, request_id) repeated what the canonical bytes already say, unhashed and unchecked; the
canonical bytes stay the one record of each event. The old (organization_id, peer_id) index
took one random page per appended event; the new one, on (seq >> 13, peer_id), keeps a batch's
index writes in the newest epoch's pages.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from confide.audit import canonical

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

EPOCH_BITS = 13  # store/tables.py PEER_EPOCH_BITS when this revision was written
DROPPED = (
    ("at", sa.DateTime(timezone=True)),
    ("actor_id", sa.String(length=36)),
    ("action", sa.String(length=40)),
    ("resource_kind", sa.String(length=32)),
    ("resource_id", sa.String(length=36)),
    ("purpose", sa.String(length=32)),
    ("outcome", sa.String(length=16)),
    ("rule_id", sa.String(length=64)),
    ("request_id", sa.String(length=36)),
)


def _epoch_index() -> None:
    op.create_index(
        "ix_access_events_peer_epoch",
        "access_events",
        [sa.text(f"(seq >> {EPOCH_BITS})"), "peer_id"],
        unique=False,
    )


def upgrade() -> None:
    op.drop_index("ix_access_events_peer", table_name="access_events")
    # Native DROP COLUMN on both databases (SQLite 3.35+): the table and its append-only
    # triggers stay as they are; no row is updated or deleted.
    for name, _ in DROPPED:
        op.execute(f"ALTER TABLE access_events DROP COLUMN {name}")
    _epoch_index()


def downgrade() -> None:
    """Put the columns back, filled from each event's canonical bytes (the append-only triggers
    are lifted for the fill and restored)."""
    op.drop_index("ix_access_events_peer_epoch", table_name="access_events")
    for name, kind in DROPPED:
        op.add_column("access_events", sa.Column(name, kind, nullable=True))
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute("ALTER TABLE access_events DISABLE TRIGGER access_events_append_only")
    else:
        op.execute("DROP TRIGGER access_events_no_update")
    events = sa.table("access_events", sa.column("seq"), *(sa.column(n) for n, _ in DROPPED))
    rows = bind.execute(sa.text("SELECT seq, canonical FROM access_events ORDER BY seq"))
    for seq, data in rows.all():
        event = canonical.decode(bytes(data))
        values = {name: getattr(event, name) for name, _ in DROPPED}
        bind.execute(sa.update(events).where(events.c.seq == seq).values(**values))
    if postgres:
        op.execute("ALTER TABLE access_events ENABLE TRIGGER access_events_append_only")
    else:
        op.execute(
            "CREATE TRIGGER access_events_no_update BEFORE UPDATE ON access_events "
            "BEGIN SELECT RAISE(ABORT, 'confide: access_events is append-only'); END"
        )
    op.create_index(
        "ix_access_events_peer", "access_events", ["organization_id", "peer_id"], unique=False
    )
