"""The decide-and-record step every service call starts with."""

from __future__ import annotations

from confide import policy
from confide.audit.events import AccessEvent
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.decisions import Decision
from confide.domain.ids import OrgId, PeerId
from confide.domain.peers import PeerStatus
from confide.errors import Denied, Destroyed, NotFound
from confide.policy import Relationships, Resource
from confide.store.peers import PeerRow
from confide.store.uow import UnitOfWork


def relationships(ctx: RequestContext, uow: UnitOfWork, peer_id: str | None) -> Relationships:
    """The facts policy needs about the actor and one peer, loaded once for this request."""
    org, me = OrgId(ctx.actor.organization_id), ctx.actor.staff_id
    if not peer_id:
        return Relationships(supervisees=uow.care.supervisees_of(org, me))
    return uow.relationships.facts(org, me, PeerId(peer_id))


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


def existing_peer(ctx: RequestContext, uow: UnitOfWork, peer_id: PeerId) -> PeerRow:
    """The peer's row in the actor's organization; NotFound otherwise, for other orgs too."""
    row = uow.peers.get(OrgId(ctx.actor.organization_id), peer_id)
    if row is None:
        raise NotFound("peer", peer_id)
    return row


def live_peer(ctx: RequestContext, uow: UnitOfWork, peer_id: PeerId) -> PeerRow:
    """existing_peer, and Destroyed once the peer's key was shredded."""
    row = existing_peer(ctx, uow, peer_id)
    if row.status is PeerStatus.DESTROYED:
        raise Destroyed("peer", peer_id)
    return row


def hide_denial_as_not_found(kind: str, ident: str, exc: Denied) -> NotFound:
    """Off-team staff learn nothing, not even that a record exists."""
    del exc
    return NotFound(kind, ident)
