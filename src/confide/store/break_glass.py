"""Break-glass grants, peer restrictions and role notifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, or_, select, update

from confide.domain.ids import OrgId, PeerId, StaffId
from confide.errors import Conflict
from confide.store.tables import break_glass_grants, notifications, peer_restrictions

PENDING = "pending"


@dataclass(frozen=True, slots=True)
class GrantRow:
    id: str
    organization_id: OrgId
    peer_id: PeerId
    staff_id: StaffId
    reason: bytes
    started_at: datetime
    expires_at: datetime
    review_state: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: bytes | None


@dataclass(frozen=True, slots=True)
class NotificationRow:
    id: str
    recipient_role: str
    kind: str
    subject_id: str
    created_at: datetime


def _grant(r: Row[Any]) -> GrantRow:
    return GrantRow(
        r.id, r.organization_id, r.peer_id, r.staff_id, r.reason, r.started_at, r.expires_at,
        r.review_state, r.reviewed_by, r.reviewed_at, r.review_note,
    )  # fmt: skip


class BreakGlassRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: GrantRow) -> None:
        self._c.execute(
            insert(break_glass_grants).values(
                organization_id=row.organization_id,
                id=row.id,
                peer_id=row.peer_id,
                staff_id=row.staff_id,
                reason=row.reason,
                started_at=row.started_at,
                expires_at=row.expires_at,
                review_state=row.review_state,
            )
        )

    def get(self, org_id: OrgId, grant_id: str) -> GrantRow | None:
        r = self._c.execute(
            select(break_glass_grants).where(
                break_glass_grants.c.organization_id == org_id, break_glass_grants.c.id == grant_id
            )
        ).first()
        return _grant(r) if r else None

    def latest_expiry(self, org_id: OrgId, peer_id: PeerId, staff_id: StaffId) -> datetime | None:
        """When the actor's most recent grant on this peer runs out (None: never had one)."""
        value = self._c.execute(
            select(func.max(break_glass_grants.c.expires_at)).where(
                break_glass_grants.c.organization_id == org_id,
                break_glass_grants.c.peer_id == peer_id,
                break_glass_grants.c.staff_id == staff_id,
            )
        ).scalar()
        return value  # max() keeps the column type, so the value is aware UTC

    def pending_for_peer(self, org_id: OrgId, peer_id: PeerId) -> bool:
        found = self._c.execute(
            select(break_glass_grants.c.id)
            .where(
                break_glass_grants.c.organization_id == org_id,
                break_glass_grants.c.peer_id == peer_id,
                break_glass_grants.c.review_state == PENDING,
            )
            .limit(1)
        ).first()
        return found is not None

    def by_state(self, org_id: OrgId, state: str) -> list[GrantRow]:
        query = (
            select(break_glass_grants)
            .where(
                break_glass_grants.c.organization_id == org_id,
                break_glass_grants.c.review_state == state,
            )
            .order_by(break_glass_grants.c.started_at)
        )
        return [_grant(r) for r in self._c.execute(query)]

    def review(
        self, row: GrantRow, *, state: str, reviewer: StaffId, note: bytes, now: datetime
    ) -> None:
        result = self._c.execute(
            update(break_glass_grants)
            .where(
                break_glass_grants.c.organization_id == row.organization_id,
                break_glass_grants.c.id == row.id,
                break_glass_grants.c.review_state == PENDING,
            )
            .values(review_state=state, reviewed_by=reviewer, reviewed_at=now, review_note=note)
        )
        if result.rowcount != 1:
            raise Conflict(f"break-glass {row.id} was reviewed already")

    def restrictions_for(
        self, org_id: OrgId, peer_id: PeerId, staff_id: StaffId
    ) -> frozenset[str]:
        rows = self._c.execute(
            select(peer_restrictions.c.label).where(
                peer_restrictions.c.organization_id == org_id,
                peer_restrictions.c.peer_id == peer_id,
                peer_restrictions.c.staff_id == staff_id,
            )
        )
        return frozenset(r.label for r in rows)

    def add_restriction(
        self,
        org_id: OrgId,
        peer_id: PeerId,
        staff_id: StaffId,
        label: str,
        by: StaffId,
        now: datetime,
    ) -> None:
        self._c.execute(
            insert(peer_restrictions).values(
                organization_id=org_id,
                peer_id=peer_id,
                staff_id=staff_id,
                label=label,
                created_by=by,
                created_at=now,
            )
        )

    def restrictions_of_peer(self, org_id: OrgId, peer_id: PeerId) -> list[tuple[str, str]]:
        rows = self._c.execute(
            select(peer_restrictions.c.staff_id, peer_restrictions.c.label)
            .where(
                peer_restrictions.c.organization_id == org_id,
                peer_restrictions.c.peer_id == peer_id,
            )
            .order_by(peer_restrictions.c.created_at)
        )
        return [(r.staff_id, r.label) for r in rows]

    def notify(self, org_id: OrgId, row: NotificationRow) -> None:
        self._c.execute(
            insert(notifications).values(
                organization_id=org_id,
                id=row.id,
                recipient_role=row.recipient_role,
                kind=row.kind,
                subject_id=row.subject_id,
                created_at=row.created_at,
            )
        )

    def notifications_for(
        self, org_id: OrgId, roles: frozenset[str], staff_id: StaffId
    ) -> list[NotificationRow]:
        """Notifications for one of `roles`, addressed to the whole role or to `staff_id`."""
        query = (
            select(notifications)
            .where(
                notifications.c.organization_id == org_id,
                notifications.c.recipient_role.in_(sorted(roles)),
                or_(
                    notifications.c.recipient_staff_id.is_(None),
                    notifications.c.recipient_staff_id == staff_id,
                ),
            )
            .order_by(notifications.c.created_at.desc())
            .limit(200)
        )
        return [
            NotificationRow(r.id, r.recipient_role, r.kind, r.subject_id, r.created_at)
            for r in self._c.execute(query)
        ]
