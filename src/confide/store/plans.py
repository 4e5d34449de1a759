"""Recovery plans and their goals. Goal text is ciphertext."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from confide.domain.ids import GoalId, OrgId, PeerId, PlanId
from confide.domain.plans import GoalStatus
from confide.errors import Conflict
from confide.store.tables import plan_goals, recovery_plans


@dataclass(frozen=True, slots=True)
class GoalRow:
    id: GoalId
    organization_id: OrgId
    plan_id: PlanId
    peer_id: PeerId
    status: GoalStatus
    position: int
    body: bytes
    created_at: datetime
    updated_at: datetime


class PlanRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def plan_of(self, org_id: OrgId, peer_id: PeerId) -> PlanId | None:
        r = self._c.execute(
            select(recovery_plans.c.id).where(
                recovery_plans.c.organization_id == org_id, recovery_plans.c.peer_id == peer_id
            )
        ).first()
        return PlanId(r.id) if r else None

    def add_plan(self, org_id: OrgId, plan_id: PlanId, peer_id: PeerId, now: datetime) -> None:
        self._c.execute(
            insert(recovery_plans).values(
                organization_id=org_id, id=plan_id, peer_id=peer_id, created_at=now, updated_at=now
            )
        )

    def add_goal(self, row: GoalRow) -> None:
        self._c.execute(
            insert(plan_goals).values(
                organization_id=row.organization_id,
                id=row.id,
                plan_id=row.plan_id,
                peer_id=row.peer_id,
                status=row.status,
                position=row.position,
                body=row.body,
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )

    def next_position(self, org_id: OrgId, plan_id: PlanId) -> int:
        value = self._c.execute(
            select(func.max(plan_goals.c.position)).where(
                plan_goals.c.organization_id == org_id, plan_goals.c.plan_id == plan_id
            )
        ).scalar()
        return 1 if value is None else int(value) + 1

    def goals(self, org_id: OrgId, plan_id: PlanId) -> list[GoalRow]:
        query = (
            select(plan_goals)
            .where(plan_goals.c.organization_id == org_id, plan_goals.c.plan_id == plan_id)
            .order_by(plan_goals.c.position)
        )
        return [
            GoalRow(
                r.id,
                r.organization_id,
                r.plan_id,
                r.peer_id,
                GoalStatus(r.status),
                r.position,
                r.body,
                r.created_at,
                r.updated_at,
            )
            for r in self._c.execute(query)
        ]

    def set_goal_status(
        self, org_id: OrgId, goal_id: GoalId, status: GoalStatus, now: datetime
    ) -> None:
        result = self._c.execute(
            update(plan_goals)
            .where(plan_goals.c.organization_id == org_id, plan_goals.c.id == goal_id)
            .values(status=status, updated_at=now)
        )
        if result.rowcount != 1:
            raise Conflict(f"goal {goal_id} is gone")
