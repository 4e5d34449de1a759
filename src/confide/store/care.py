"""Relationships that open records: care-team membership and supervision links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from confide.domain.ids import OrgId, PeerId, StaffId
from confide.store.tables import care_team, supervision


class CareRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def assign(self, org_id: OrgId, peer_id: PeerId, staff_id: StaffId, at: datetime) -> None:
        self._c.execute(
            insert(care_team).values(
                organization_id=org_id, peer_id=peer_id, staff_id=staff_id, assigned_at=at
            )
        )

    def remove(self, org_id: OrgId, peer_id: PeerId, staff_id: StaffId) -> None:
        self._c.execute(
            delete(care_team).where(
                care_team.c.organization_id == org_id,
                care_team.c.peer_id == peer_id,
                care_team.c.staff_id == staff_id,
            )
        )

    def team_of(self, org_id: OrgId, peer_id: PeerId) -> frozenset[StaffId]:
        rows = self._c.execute(
            select(care_team.c.staff_id).where(
                care_team.c.organization_id == org_id, care_team.c.peer_id == peer_id
            )
        )
        return frozenset(StaffId(r.staff_id) for r in rows)

    def supervise(self, org_id: OrgId, supervisor_id: StaffId, supervisee_id: StaffId) -> None:
        self._c.execute(
            insert(supervision).values(
                organization_id=org_id, supervisor_id=supervisor_id, supervisee_id=supervisee_id
            )
        )

    def supervisees_of(self, org_id: OrgId, supervisor_id: StaffId) -> frozenset[StaffId]:
        rows = self._c.execute(
            select(supervision.c.supervisee_id).where(
                supervision.c.organization_id == org_id,
                supervision.c.supervisor_id == supervisor_id,
            )
        )
        return frozenset(StaffId(r.supervisee_id) for r in rows)
