"""Recovery plans: the peer's goals and steps, sealed under the peer's key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from confide.crypto.cipher import PeerCipher
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.ids import GoalId, PeerId, PlanId, new_id
from confide.domain.plans import GoalStatus, GoalText, goal_problems
from confide.errors import InvalidInput, NotFound
from confide.policy import Resource
from confide.services._guard import authorize, live_peer
from confide.store.plans import GoalRow
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class GoalView:
    id: GoalId
    status: GoalStatus
    position: int
    text: GoalText
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PlanView:
    peer_id: PeerId
    plan_id: PlanId | None
    goals: tuple[GoalView, ...]


def _seal(cipher: PeerCipher, goal_id: str, goal: GoalText) -> bytes:
    payload = json.dumps({"description": goal.description, "steps": list(goal.steps)})
    return cipher.seal(cipher.context("plan_goals", "body", goal_id), payload)


def open_goal(cipher: PeerCipher, row: GoalRow) -> GoalView:
    d = json.loads(cipher.open(row.body, cipher.context("plan_goals", "body", row.id)))
    text = GoalText(d["description"], tuple(d["steps"]))
    return GoalView(row.id, row.status, row.position, text, row.updated_at)


def read_plan(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> PlanView:
    """The peer's recovery plan with every goal."""
    with uow:
        org = live_peer(ctx, uow, peer_id).organization_id
        authorize(ctx, uow, Action.PLAN_READ, Resource("plan", org, peer_id))
        plan_id = uow.plans.plan_of(org, peer_id)
        goals: tuple[GoalView, ...] = ()
        if plan_id is not None:
            cipher = uow.keys.cipher_for(org, peer_id)
            goals = tuple(open_goal(cipher, g) for g in uow.plans.goals(org, plan_id))
        uow.commit()
    return PlanView(peer_id, plan_id, goals)


def add_goal(ctx: RequestContext, peer_id: PeerId, goal: GoalText, *, uow: UnitOfWork) -> GoalView:
    """Add a goal to the peer's plan, creating the plan on first use."""
    problems = goal_problems(goal)
    if problems:
        raise InvalidInput("goal is not valid", fields=problems)
    with uow:
        view = add_goal_in(ctx, peer_id, goal, uow=uow)
        uow.commit()
    return view


def add_goal_in(
    ctx: RequestContext, peer_id: PeerId, goal: GoalText, *, uow: UnitOfWork
) -> GoalView:
    """add_goal inside a caller's unit of work."""
    org = live_peer(ctx, uow, peer_id).organization_id
    goal_id = GoalId(new_id())
    authorize(ctx, uow, Action.PLAN_UPDATE, Resource("plan", org, peer_id), resource_id=goal_id)
    plan_id = uow.plans.plan_of(org, peer_id)
    if plan_id is None:
        plan_id = PlanId(new_id())
        uow.plans.add_plan(org, plan_id, peer_id, ctx.now)
    cipher = uow.keys.cipher_for(org, peer_id)
    row = GoalRow(
        goal_id, org, plan_id, peer_id, GoalStatus.ACTIVE,
        uow.plans.next_position(org, plan_id), _seal(cipher, goal_id, goal), ctx.now, ctx.now,
    )  # fmt: skip
    uow.plans.add_goal(row)
    return GoalView(goal_id, row.status, row.position, goal, ctx.now)


def set_goal_status(
    ctx: RequestContext, peer_id: PeerId, goal_id: GoalId, status: GoalStatus, *, uow: UnitOfWork
) -> None:
    """Mark a goal met or dropped (or active again)."""
    with uow:
        org = live_peer(ctx, uow, peer_id).organization_id
        authorize(
            ctx, uow, Action.PLAN_UPDATE, Resource("plan", org, peer_id), resource_id=goal_id
        )
        plan_id = uow.plans.plan_of(org, peer_id)
        if plan_id is None or goal_id not in {g.id for g in uow.plans.goals(org, plan_id)}:
            raise NotFound("goal", goal_id)
        uow.plans.set_goal_status(org, goal_id, status, ctx.now)
        uow.commit()
