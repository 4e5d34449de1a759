"""Staff accounts and their roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from confide.domain.actors import Role
from confide.domain.ids import OrgId, StaffId
from confide.store.tables import staff, staff_roles


@dataclass(frozen=True, slots=True)
class StaffRow:
    id: StaffId
    organization_id: OrgId
    username: str
    display_name: str
    password_hash: str
    active: bool
    failed_logins: int
    locked_until: datetime | None
    roles: frozenset[Role]
    mandated_child: bool = False  # a mandated reporter of child abuse
    mandated_adult: bool = False  # of adult abuse


class StaffRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self,
        org_id: OrgId,
        staff_id: StaffId,
        *,
        username: str,
        display_name: str,
        password_hash: str,
        roles: frozenset[Role],
        created_at: datetime,
        mandated_child: bool = False,
        mandated_adult: bool = False,
    ) -> None:
        self._c.execute(
            insert(staff).values(
                organization_id=org_id,
                id=staff_id,
                username=username,
                display_name=display_name,
                password_hash=password_hash,
                active=True,
                failed_logins=0,
                created_at=created_at,
                mandated_reporter_child=mandated_child,
                mandated_reporter_adult=mandated_adult,
            )
        )
        if roles:
            self._c.execute(
                insert(staff_roles),
                [{"organization_id": org_id, "staff_id": staff_id, "role": r} for r in roles],
            )

    def _roles(self, org_id: OrgId, staff_id: StaffId) -> frozenset[Role]:
        rows = self._c.execute(
            select(staff_roles.c.role).where(
                staff_roles.c.organization_id == org_id, staff_roles.c.staff_id == staff_id
            )
        )
        return frozenset(Role(r.role) for r in rows)

    def _row(self, r: Row[Any]) -> StaffRow:
        return StaffRow(
            id=r.id,
            organization_id=r.organization_id,
            username=r.username,
            display_name=r.display_name,
            password_hash=r.password_hash,
            active=r.active,
            failed_logins=r.failed_logins,
            locked_until=r.locked_until,
            roles=self._roles(r.organization_id, r.id),
            mandated_child=r.mandated_reporter_child,
            mandated_adult=r.mandated_reporter_adult,
        )

    def get(self, org_id: OrgId, staff_id: StaffId) -> StaffRow | None:
        row = self._c.execute(
            select(staff).where(staff.c.organization_id == org_id, staff.c.id == staff_id)
        ).first()
        return self._row(row) if row else None

    def by_username(self, username: str, org_id: OrgId | None = None) -> list[StaffRow]:
        query = select(staff).where(staff.c.username == username)
        if org_id is not None:
            query = query.where(staff.c.organization_id == org_id)
        return [self._row(r) for r in self._c.execute(query)]

    def list(self, org_id: OrgId) -> list[StaffRow]:
        query = select(staff).where(staff.c.organization_id == org_id).order_by(staff.c.username)
        return [self._row(r) for r in self._c.execute(query)]

    def set_mandated_reporter(
        self, org_id: OrgId, staff_id: StaffId, *, child: bool, adult: bool
    ) -> None:
        self._c.execute(
            update(staff)
            .where(staff.c.organization_id == org_id, staff.c.id == staff_id)
            .values(mandated_reporter_child=child, mandated_reporter_adult=adult)
        )

    def record_login_failure(
        self, org_id: OrgId, staff_id: StaffId, failures: int, locked_until: datetime | None
    ) -> None:
        self._c.execute(
            update(staff)
            .where(staff.c.organization_id == org_id, staff.c.id == staff_id)
            .values(failed_logins=failures, locked_until=locked_until)
        )

    def record_login_success(self, org_id: OrgId, staff_id: StaffId) -> None:
        self._c.execute(
            update(staff)
            .where(staff.c.organization_id == org_id, staff.c.id == staff_id)
            .values(failed_logins=0, locked_until=None)
        )
