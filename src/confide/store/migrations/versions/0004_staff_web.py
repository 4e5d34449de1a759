"""staff second factor, recovery codes, confidentiality acknowledgements, co-signatures

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
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
        "staff_mfa",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("staff_id", ID, nullable=False),
        sa.Column("kek_id", sa.String(length=32), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("confirmed_at", WHEN, nullable=True),
        sa.Column("last_step", sa.Integer(), nullable=True),
        sa.Column("ticket_hash", sa.LargeBinary(length=32), nullable=True),
        sa.Column("ticket_expires_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("staff_mfa", ["organization_id", "staff_id"], "staff"),
        sa.PrimaryKeyConstraint("organization_id", "staff_id", name=op.f("pk_staff_mfa")),
    )
    op.create_table(
        "staff_recovery_codes",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("staff_id", ID, nullable=False),
        sa.Column("code_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        _fk("staff_recovery_codes", ["organization_id", "staff_id"], "staff"),
        sa.PrimaryKeyConstraint(
            "organization_id", "staff_id", "code_hash", name=op.f("pk_staff_recovery_codes")
        ),
    )
    op.create_table(
        "confidentiality_acknowledgements",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("peer_id", ID, nullable=False),
        sa.Column("staff_id", ID, nullable=False),
        sa.Column("talk_version", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_at", WHEN, nullable=False),
        _fk("confidentiality_acknowledgements", ["organization_id", "peer_id"], "peers"),
        _fk("confidentiality_acknowledgements", ["organization_id", "staff_id"], "staff"),
        sa.PrimaryKeyConstraint(
            "organization_id", "id", name=op.f("pk_confidentiality_acknowledgements")
        ),
    )
    op.create_index(
        "ix_confidentiality_acknowledgements_peer",
        "confidentiality_acknowledgements",
        ["organization_id", "peer_id"],
        unique=False,
    )
    op.create_table(
        "encounter_cosignatures",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("encounter_id", ID, nullable=False),
        sa.Column("supervisor_id", ID, nullable=False),
        sa.Column("cosigned_at", WHEN, nullable=False),
        _fk("encounter_cosignatures", ["organization_id", "encounter_id"], "encounters"),
        _fk("encounter_cosignatures", ["organization_id", "supervisor_id"], "staff"),
        sa.PrimaryKeyConstraint(
            "organization_id", "encounter_id", name=op.f("pk_encounter_cosignatures")
        ),
    )


def downgrade() -> None:
    op.drop_table("encounter_cosignatures")
    op.drop_index(
        "ix_confidentiality_acknowledgements_peer", table_name="confidentiality_acknowledgements"
    )
    op.drop_table("confidentiality_acknowledgements")
    op.drop_table("staff_recovery_codes")
    op.drop_table("staff_mfa")
