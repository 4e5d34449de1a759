"""safety flags with their handling, crisis protocols, notifications for one staff member

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def _fk(table: str, cols: list[str], target: str) -> sa.ForeignKeyConstraint:
    name = f"fk_{table}_{'_'.join(cols)}_{target}"
    return sa.ForeignKeyConstraint(
        cols, [f"{target}.{c}" for c in ("organization_id", "id")], name=op.f(name)
    )


def upgrade() -> None:
    op.create_table(
        "safety_flags",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("peer_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("encounter_id", ID, nullable=True),
        sa.Column("editor_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("notified_at", WHEN, nullable=True),
        sa.Column("handled_at", WHEN, nullable=True),
        sa.Column("handled_by", ID, nullable=True),
        sa.Column("dismissal_reason", sa.LargeBinary(), nullable=True),
        sa.Column("escalated_to", sa.String(length=32), nullable=True),
        _fk("safety_flags", ["organization_id", "peer_id"], "peers"),
        _fk("safety_flags", ["organization_id", "author_id"], "staff"),
        _fk("safety_flags", ["organization_id", "encounter_id"], "encounters"),
        sa.PrimaryKeyConstraint("organization_id", "id", name=op.f("pk_safety_flags")),
    )
    op.create_index("ix_safety_flags_editor", "safety_flags", ["organization_id", "editor_id"])
    op.create_index(
        "ix_safety_flags_author_state", "safety_flags", ["organization_id", "author_id", "state"]
    )
    op.create_table(
        "crisis_protocols",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("local_line_name", sa.String(length=200), nullable=False),
        sa.Column("local_line_phone", sa.String(length=40), nullable=False),
        sa.Column("steps", sa.String(length=4000), nullable=False),
        sa.Column("contacts", sa.String(length=4000), nullable=False),
        sa.Column("updated_by", ID, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_crisis_protocols_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_crisis_protocols")),
    )
    op.add_column("notifications", sa.Column("recipient_staff_id", ID, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("recipient_staff_id")
    op.drop_table("crisis_protocols")
    op.drop_index("ix_safety_flags_author_state", table_name="safety_flags")
    op.drop_index("ix_safety_flags_editor", table_name="safety_flags")
    op.drop_table("safety_flags")
