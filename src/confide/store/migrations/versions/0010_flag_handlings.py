"""a safety flag is handled only when someone handled it: the words that raised it (evidence,
sealed), the supervisor's decision (outcome, sealed) and the disclosure request made from it
(disclosure_id) on safety_flags; two new states, `decided` and `requested`, both closed

Rows in state `escalated` stay as they are, and the code now reads them as open. Before this
revision, "escalated" was written when the writer pressed "Start a ... request", which only
opened a page: nothing was requested, and no disclosure request was ever linked to a flag, so
none of these rows has a linked request. Guessing one (a later request for the same peer by the
same writer) could close a flag on an unrelated request, and the request's basis is sealed, so
no guess could be checked here. They stay open until someone records a handling; their
`handled_at` keeps when the page was opened. Stored values keep their meaning: `escalated`
still says the page was opened, and the new meanings are new values.

Flags from before this revision have no evidence words (NULL): the note text was never copied,
and a migration holds no keys to read it.

Downgrade: `requested` becomes `escalated` (the old code shows it as handled by a request, which
is true), `decided` becomes open again, `notified` when the supervisor had been notified and `shown`
otherwise (the old code has no state for a decision, so the flag reopens rather than claim a
handling it cannot show), and the three columns are dropped with the
evidence words and decisions in them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
FK = "fk_safety_flags_organization_id_disclosure_id_disclosures"


def upgrade() -> None:
    # SQLite cannot add a two-column foreign key in place: batch mode copies safety_flags (no
    # table refers to it). PostgreSQL adds the columns and the constraint in place.
    with op.batch_alter_table("safety_flags") as batch:
        batch.add_column(sa.Column("evidence", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("outcome", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("disclosure_id", ID, nullable=True))
        batch.create_foreign_key(
            FK,
            "disclosures",
            ["organization_id", "disclosure_id"],
            ["organization_id", "id"],
        )


def downgrade() -> None:
    flags = sa.table(
        "safety_flags",
        sa.column("state", sa.String()),
        sa.column("notified_at", sa.DateTime()),
        sa.column("handled_at", sa.DateTime()),
        sa.column("handled_by", sa.String()),
    )
    op.execute(flags.update().where(flags.c.state == "requested").values(state="escalated"))
    decided = flags.c.state == "decided"
    reopened = {"handled_at": None, "handled_by": None}
    op.execute(
        flags.update()
        .where(decided, flags.c.notified_at.is_not(None))
        .values(state="notified", **reopened)
    )
    op.execute(flags.update().where(decided).values(state="shown", **reopened))
    with op.batch_alter_table("safety_flags") as batch:
        batch.drop_constraint(FK, type_="foreignkey")
        batch.drop_column("disclosure_id")
        batch.drop_column("outcome")
        batch.drop_column("evidence")
