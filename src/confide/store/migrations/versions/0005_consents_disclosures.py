"""consents with versions, disclosure requests and the accounting of disclosures

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def _fk(table: str, cols: list[str], target: str) -> sa.ForeignKeyConstraint:
    name = f"fk_{table}_{'_'.join(cols)}_{target}"
    return sa.ForeignKeyConstraint(
        cols, [f"{target}.{c}" for c in ("organization_id", "id")], name=op.f(name)
    )


def _pk(table: str, *cols: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("organization_id", *cols, name=op.f(f"pk_{table}"))


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("peer_id", ID, nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.Column("revoked_by", ID, nullable=True),
        sa.Column("revocation_source", sa.String(length=16), nullable=True),
        _fk("consents", ["organization_id", "peer_id"], "peers"),
        _fk("consents", ["organization_id", "created_by"], "staff"),
        _pk("consents", "id"),
    )
    op.create_index("ix_consents_peer", "consents", ["organization_id", "peer_id"])
    op.create_table(
        "consent_versions",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("consent_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("peer_id", ID, nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("signed_at", WHEN, nullable=True),
        sa.Column("signed_by", ID, nullable=True),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("consent_versions", ["organization_id", "consent_id"], "consents"),
        _pk("consent_versions", "consent_id", "version"),
    )
    op.create_table(
        "disclosures",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("peer_id", ID, nullable=False),
        sa.Column("requested_by", ID, nullable=False),
        sa.Column("requested_at", WHEN, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("consent_id", ID, nullable=True),
        sa.Column("request", sa.LargeBinary(), nullable=False),
        sa.Column("decision", sa.LargeBinary(), nullable=False),
        sa.Column("reviewed_by", ID, nullable=True),
        sa.Column("reviewed_at", WHEN, nullable=True),
        sa.Column("review_note", sa.LargeBinary(), nullable=True),
        sa.Column("released_at", WHEN, nullable=True),
        sa.Column("package", sa.LargeBinary(), nullable=True),
        _fk("disclosures", ["organization_id", "peer_id"], "peers"),
        _fk("disclosures", ["organization_id", "requested_by"], "staff"),
        _fk("disclosures", ["organization_id", "consent_id"], "consents"),
        _pk("disclosures", "id"),
    )
    op.create_index("ix_disclosures_peer", "disclosures", ["organization_id", "peer_id"])
    op.create_index("ix_disclosures_status", "disclosures", ["organization_id", "status"])
    op.create_table(
        "disclosure_accounting",
        sa.Column("organization_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("peer_id", ID, nullable=False),
        sa.Column("disclosure_id", ID, nullable=False),
        sa.Column("disclosed_at", WHEN, nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("entry", sa.LargeBinary(), nullable=False),
        _fk("disclosure_accounting", ["organization_id", "peer_id"], "peers"),
        _fk("disclosure_accounting", ["organization_id", "disclosure_id"], "disclosures"),
        _pk("disclosure_accounting", "id"),
    )
    op.create_index(
        "ix_disclosure_accounting_peer", "disclosure_accounting", ["organization_id", "peer_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_disclosure_accounting_peer", table_name="disclosure_accounting")
    op.drop_table("disclosure_accounting")
    op.drop_index("ix_disclosures_status", table_name="disclosures")
    op.drop_index("ix_disclosures_peer", table_name="disclosures")
    op.drop_table("disclosures")
    op.drop_table("consent_versions")
    op.drop_index("ix_consents_peer", table_name="consents")
    op.drop_table("consents")
