"""contract v2 facts the application keeps: a program's fundraising and public identity as an
SUD-only place (programs), and each staff member's mandated-reporter status for children and for
adults (staff)

Every existing row reads false: no program was known to fundraise or to be publicly identified,
and, staff by staff, no duty was recorded (the disclosure engine reads the person's status,
Va. Code 63.2-1509 and 63.2-1606 list different people). Administrators set them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = {
    "programs": ("fundraises", "publicly_identified_sud"),
    "staff": ("mandated_reporter_child", "mandated_reporter_adult"),
}


def upgrade() -> None:
    # Native ADD COLUMN on both databases: a constant default fills the existing rows, and no
    # table is copied (staff is the parent of many foreign keys).
    for table, names in COLUMNS.items():
        for name in names:
            op.add_column(
                table, sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    # Native DROP COLUMN on both databases (SQLite 3.35+), as in 0008: no table is copied.
    for table, names in COLUMNS.items():
        for name in reversed(names):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
