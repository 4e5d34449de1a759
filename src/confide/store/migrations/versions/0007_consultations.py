"""consultation copies: de-identified copies of signed notes shared for case consultation

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
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
        "consultations",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("peer_id", ID, nullable=False),
        sa.Column("encounter_id", ID, nullable=False),
        sa.Column("shared_by", ID, nullable=False),
        sa.Column("recipient_id", ID, nullable=False),
        sa.Column("shared_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=True),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.Column("copy", sa.LargeBinary(), nullable=True),
        _fk("consultations", ["organization_id", "peer_id"], "peers"),
        _fk("consultations", ["organization_id", "encounter_id"], "encounters"),
        _fk("consultations", ["organization_id", "shared_by"], "staff"),
        _fk("consultations", ["organization_id", "recipient_id"], "staff"),
        sa.PrimaryKeyConstraint("organization_id", "id", name=op.f("pk_consultations")),
    )
    op.create_index(
        "ix_consultations_recipient", "consultations", ["organization_id", "recipient_id"]
    )
    op.create_index(
        "ix_consultations_shared_by", "consultations", ["organization_id", "shared_by"]
    )


def downgrade() -> None:
    op.drop_index("ix_consultations_shared_by", table_name="consultations")
    op.drop_index("ix_consultations_recipient", table_name="consultations")
    op.drop_table("consultations")
