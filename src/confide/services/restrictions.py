"""A peer's agreed restrictions: "not to this staff member", for the whole record or one label."""

from __future__ import annotations

from dataclasses import dataclass

from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.encounters import Label
from confide.domain.ids import OrgId, PeerId, StaffId
from confide.errors import Conflict, NotFound
from confide.policy import Resource
from confide.services._guard import authorize, existing_peer
from confide.store.uow import UnitOfWork

WHOLE_RECORD = "*"


@dataclass(frozen=True, slots=True)
class RestrictionView:
    staff_id: str
    label: str  # a Label value, or "*" for the whole record


def add_restriction(
    ctx: RequestContext,
    peer_id: PeerId,
    staff_id: StaffId,
    *,
    label: Label | None,
    uow: UnitOfWork,
) -> RestrictionView:
    """Record what the peer agreed: this staff member does not see (part of) their record."""
    org = OrgId(ctx.actor.organization_id)
    value = str(label) if label is not None else WHOLE_RECORD
    with uow:
        existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.RESTRICTION_ADD, Resource("restriction", org, peer_id))
        if uow.staff.get(org, staff_id) is None:
            raise NotFound("staff", staff_id)
        if value in uow.break_glass.restrictions_for(org, peer_id, staff_id):
            raise Conflict("that restriction exists")
        uow.break_glass.add_restriction(org, peer_id, staff_id, value, ctx.actor.staff_id, ctx.now)
        uow.commit()
    return RestrictionView(staff_id, value)


def list_restrictions(
    ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork
) -> list[RestrictionView]:
    """The restrictions on one peer's record."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.RESTRICTION_LIST, Resource("restriction", org, peer_id))
        rows = uow.break_glass.restrictions_of_peer(org, peer_id)
        uow.commit()
    return [RestrictionView(staff, label) for staff, label in rows]
