"""The decide-and-record step every service call starts with."""

from __future__ import annotations

from confide import policy
from confide.audit.events import AccessEvent
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.decisions import Decision
from confide.domain.ids import OrgId, PeerId
from confide.errors import Denied, NotFound
from confide.policy import Relationships, Resource
from confide.store.uow import UnitOfWork


def relationships(ctx: RequestContext, uow: UnitOfWork, peer_id: str | None) -> Relationships:
    """Care team of the peer and the actor's supervisees, loaded once for this request."""
    org = OrgId(ctx.actor.organization_id)
    team = uow.care.team_of(org, PeerId(peer_id)) if peer_id else frozenset()
    return Relationships(
        care_team=team, supervisees=uow.care.supervisees_of(org, ctx.actor.staff_id)
    )


def authorize(
    ctx: RequestContext,
    uow: UnitOfWork,
    action: Action,
    resource: Resource,
    *,
    resource_id: str | None = None,
    facts: Relationships | None = None,
) -> Decision:
    """Decide and append the access event; on a no, raise Denied (the event still lands)."""
    if facts is None:
        facts = relationships(ctx, uow, resource.peer_id)
    decision = policy.decide(ctx.actor, action, resource, ctx.purpose, facts, ctx.now)
    event = AccessEvent.of(
        ctx,
        action,
        decision,
        resource_kind=resource.kind,
        resource_id=resource_id,
        peer_id=resource.peer_id,
    )
    if not decision.allowed:
        uow.record_denial(event)  # a denial is evidence too, written after the rollback
        raise Denied(decision)
    uow.audit.append(event)
    return decision


def hide_denial_as_not_found(kind: str, ident: str, exc: Denied) -> NotFound:
    """Off-team staff learn nothing, not even that a record exists."""
    del exc
    return NotFound(kind, ident)
