"""audit: canonical bytes and chain links on access_events, Merkle tree, signed heads,
append-only triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from alembic import op

from confide.audit import canonical, chain, merkle
from confide.audit.events import AccessEvent

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = ("access_events", "audit_tree", "audit_heads")
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("access_events") as batch:
        batch.add_column(sa.Column("canonical", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("chain", sa.LargeBinary(length=32), nullable=True))
    op.create_table(
        "audit_tree",
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("idx", _SEQ, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("level", "idx", name=op.f("pk_audit_tree")),
    )
    op.create_table(
        "audit_heads",
        sa.Column("size", _SEQ, autoincrement=False, nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("signature", sa.LargeBinary(length=64), nullable=False),
        sa.PrimaryKeyConstraint("size", name=op.f("pk_audit_heads")),
    )
    _link_existing_events()
    with op.batch_alter_table("access_events") as batch:
        batch.alter_column("canonical", existing_type=sa.LargeBinary(), nullable=False)
        batch.alter_column("chain", existing_type=sa.LargeBinary(length=32), nullable=False)
    _append_only()


def _link_existing_events() -> None:
    """Events written before this revision get canonical bytes, links and tree nodes, renumbered
    1..n in their order (a PostgreSQL identity may have left gaps)."""
    bind = op.get_bind()
    events = sa.table(
        "access_events",
        *(sa.column(c) for c in ("seq", "canonical", "chain", *AccessEvent.__dataclass_fields__)),
    )
    tree = sa.table("audit_tree", sa.column("level"), sa.column("idx"), sa.column("hash"))
    rows = bind.execute(sa.select(events).order_by(events.c.seq)).mappings().all()
    frontier, previous = merkle.Frontier(), chain.GENESIS
    for position, row in enumerate(rows, start=1):
        fields = {k: row[k] for k in AccessEvent.__dataclass_fields__ if k != "seq"}
        if fields["at"].tzinfo is None:
            fields["at"] = fields["at"].replace(tzinfo=UTC)
        data = canonical.encode(AccessEvent(**fields), position)
        leaf = merkle.leaf_hash(data)
        previous = chain.link(previous, leaf)
        frontier.append(leaf)
        bind.execute(
            sa.update(events)
            .where(events.c.seq == row["seq"])
            .values(seq=position, canonical=data, chain=previous)
        )
    nodes = [{"level": lv, "idx": i, "hash": h} for lv, i, h in frontier.drain()]
    if nodes:
        bind.execute(sa.insert(tree), nodes)


def _append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION confide_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'confide: % is append-only', TG_TABLE_NAME "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION confide_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION confide_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'confide: {table} is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS confide_append_only()")
    else:
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    op.drop_table("audit_heads")
    op.drop_table("audit_tree")
    with op.batch_alter_table("access_events") as batch:
        batch.drop_column("chain")
        batch.drop_column("canonical")
