"""Server-side sessions. Only a SHA-256 of the opaque token is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from confide.domain.actors import Role
from confide.domain.ids import OrgId, StaffId
from confide.store.tables import staff, staff_roles, staff_sessions


@dataclass(frozen=True, slots=True)
class SessionRow:
    token_hash: bytes
    organization_id: OrgId
    staff_id: StaffId
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class SessionHolder:
    """A session and the staff member behind it, read in one query."""

    session: SessionRow
    username: str
    active: bool
    roles: frozenset[Role]


class SessionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: SessionRow) -> None:
        self._c.execute(
            insert(staff_sessions).values(
                token_hash=row.token_hash,
                organization_id=row.organization_id,
                staff_id=row.staff_id,
                created_at=row.created_at,
                last_seen_at=row.last_seen_at,
                expires_at=row.expires_at,
            )
        )

    def get(self, token_hash: bytes) -> SessionRow | None:
        r = self._c.execute(
            select(staff_sessions).where(staff_sessions.c.token_hash == token_hash)
        ).first()
        if r is None:
            return None
        return SessionRow(
            r.token_hash, r.organization_id, r.staff_id, r.created_at, r.last_seen_at, r.expires_at
        )

    def holder(self, token_hash: bytes) -> SessionHolder | None:
        """The session with its staff member and roles (one row per role), or None."""
        rows = self._c.execute(_HOLDER, {"token": token_hash}).all()
        if not rows:
            return None
        r = rows[0]
        session = SessionRow(
            r.token_hash, r.organization_id, r.staff_id, r.created_at, r.last_seen_at, r.expires_at
        )
        roles = frozenset(Role(x.role) for x in rows if x.role is not None)
        return SessionHolder(session, r.username, r.active, roles)

    def touch(self, token_hash: bytes, seen_at: datetime) -> None:
        self._c.execute(_TOUCH, {"token": token_hash, "seen": seen_at})

    def remove(self, token_hash: bytes) -> None:
        self._c.execute(delete(staff_sessions).where(staff_sessions.c.token_hash == token_hash))

    def remove_all_for(self, org_id: OrgId, staff_id: StaffId) -> None:
        self._c.execute(
            delete(staff_sessions).where(
                staff_sessions.c.organization_id == org_id, staff_sessions.c.staff_id == staff_id
            )
        )


# Built once: every authenticated request runs the first, the second once a minute a session.
_HOLDER = (
    select(staff_sessions, staff.c.username, staff.c.active, staff_roles.c.role)
    .join(
        staff,
        (staff.c.organization_id == staff_sessions.c.organization_id)
        & (staff.c.id == staff_sessions.c.staff_id),
    )
    .outerjoin(
        staff_roles,
        (staff_roles.c.organization_id == staff.c.organization_id)
        & (staff_roles.c.staff_id == staff.c.id),
    )
    .where(staff_sessions.c.token_hash == bindparam("token"))
)
_TOUCH = (
    update(staff_sessions)
    .where(staff_sessions.c.token_hash == bindparam("token"))
    .values(last_seen_at=bindparam("seen"))
)
