"""Recovery plans: goals and steps."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.ids import GoalId, PeerId
from confide.domain.plans import GoalStatus, GoalText
from confide.services import plans as service

router = APIRouter(tags=["plans"])


class GoalIn(BaseModel):
    description: str = Field(min_length=1, max_length=2000)
    steps: list[str] = Field(default_factory=list, max_length=50)


class GoalStatusIn(BaseModel):
    status: GoalStatus


class GoalOut(BaseModel):
    id: str
    status: str
    position: int
    description: str
    steps: list[str]
    updated_at: datetime

    @classmethod
    def of(cls, g: service.GoalView) -> GoalOut:
        return cls(
            id=g.id,
            status=g.status,
            position=g.position,
            description=g.text.description,
            steps=list(g.text.steps),
            updated_at=g.updated_at,
        )


class PlanOut(BaseModel):
    peer_id: str
    plan_id: str | None
    goals: list[GoalOut]


@router.get("/peers/{peer_id}/plan", response_model=PlanOut, **acts(Action.PLAN_READ))
def read_plan(peer_id: str, ctx: Ctx, uow: Uow) -> PlanOut:
    """The peer's recovery plan."""
    plan = service.read_plan(ctx, PeerId(peer_id), uow=uow)
    return PlanOut(
        peer_id=plan.peer_id, plan_id=plan.plan_id, goals=[GoalOut.of(g) for g in plan.goals]
    )


@router.post(
    "/peers/{peer_id}/plan/goals",
    response_model=GoalOut,
    status_code=201,
    **acts(Action.PLAN_UPDATE),
)
def add_goal(peer_id: str, body: GoalIn, ctx: Ctx, uow: Uow) -> GoalOut:
    """Add a goal in the peer's words."""
    goal = GoalText(body.description, tuple(body.steps))
    return GoalOut.of(service.add_goal(ctx, PeerId(peer_id), goal, uow=uow))


@router.put("/peers/{peer_id}/plan/goals/{goal_id}", status_code=204, **acts(Action.PLAN_UPDATE))
def set_goal_status(peer_id: str, goal_id: str, body: GoalStatusIn, ctx: Ctx, uow: Uow) -> None:
    """Mark a goal met, dropped or active."""
    service.set_goal_status(ctx, PeerId(peer_id), GoalId(goal_id), body.status, uow=uow)
