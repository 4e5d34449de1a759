"""break-glass grants, peer restrictions, role notifications

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "break_glass_grants",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.LargeBinary(), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("review_state", sa.String(length=16), nullable=False),
        sa.Column("reviewed_by", sa.String(length=36), nullable=True),
        sa.Column("reviewed_at", WHEN, nullable=True),
        sa.Column("review_note", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id", "peer_id"],
            ["peers.organization_id", "peers.id"],
            name=op.f("fk_break_glass_grants_organization_id_peer_id_peers"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "staff_id"],
            ["staff.organization_id", "staff.id"],
            name=op.f("fk_break_glass_grants_organization_id_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("organization_id", "id", name=op.f("pk_break_glass_grants")),
    )
    op.create_index(
        "ix_break_glass_peer_staff",
        "break_glass_grants",
        ["organization_id", "peer_id", "staff_id"],
        unique=False,
    )
    op.create_table(
        "peer_restrictions",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "peer_id"],
            ["peers.organization_id", "peers.id"],
            name=op.f("fk_peer_restrictions_organization_id_peer_id_peers"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "staff_id"],
            ["staff.organization_id", "staff.id"],
            name=op.f("fk_peer_restrictions_organization_id_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "peer_id", "staff_id", "label", name=op.f("pk_peer_restrictions")
        ),
    )
    op.create_table(
        "notifications",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("recipient_role", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("read_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("organization_id", "id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_role",
        "notifications",
        ["organization_id", "recipient_role"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_notifications_role", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("peer_restrictions")
    op.drop_index("ix_break_glass_peer_staff", table_name="break_glass_grants")
    op.drop_table("break_glass_grants")
