"""A peer's record as one page shows it: identity and contacts, plan, notes, restrictions and
the confidentiality acknowledgement, read in one unit of work with every read decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.encounters import EncounterStatus
from confide.domain.ids import OrgId, PeerId, StaffId
from confide.domain.peers import PeerStatus
from confide.errors import Destroyed
from confide.policy import Resource
from confide.services._guard import authorize, existing_peer
from confide.services.notes import NoteSummary
from confide.services.peers import PeerView, open_identity
from confide.services.plans import GoalView, open_goal
from confide.services.restrictions import RestrictionView
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class RecordView:
    peer: PeerView
    goals: tuple[GoalView, ...]
    notes: tuple[NoteSummary, ...]
    restrictions: tuple[RestrictionView, ...] | None  # None: shown to the care team only
    acknowledged_at: datetime | None
    staff_names: dict[StaffId, str]


def open_record(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> RecordView:
    """A staff member opens a peer's record page."""
    with uow:
        org = OrgId(ctx.actor.organization_id)
        row = existing_peer(ctx, uow, peer_id)
        decision = authorize(ctx, uow, Action.PEER_READ, Resource("peer", org, peer_id))
        if row.status is PeerStatus.DESTROYED:
            uow.commit()
            raise Destroyed("peer", peer_id)
        cipher = uow.keys.cipher_for(org, peer_id)
        peer = PeerView(peer_id, open_identity(cipher, row), row.status, row.version)
        authorize(ctx, uow, Action.PLAN_READ, Resource("plan", org, peer_id))
        plan_id = uow.plans.plan_of(org, peer_id)
        goals = (
            tuple(open_goal(cipher, g) for g in uow.plans.goals(org, plan_id)) if plan_id else ()
        )
        authorize(ctx, uow, Action.NOTE_LIST, Resource("encounters", org, peer_id))
        me = ctx.actor.staff_id
        notes = tuple(
            NoteSummary(
                r.id, r.author_id, r.occurred_on, r.minutes, r.modality, r.status, r.labels
            )
            for r in uow.encounters.for_peer(org, peer_id)
            if r.status is not EncounterStatus.DRAFT or r.author_id == me
        )
        restrictions = None
        if decision.rule_id == "rel.care_team":
            authorize(ctx, uow, Action.RESTRICTION_LIST, Resource("restriction", org, peer_id))
            pairs = uow.break_glass.restrictions_of_peer(org, peer_id)
            restrictions = tuple(RestrictionView(s, label) for s, label in pairs)
        acks = uow.acknowledgements.of_peer(org, peer_id)
        wanted = {n.author_id for n in notes} | {StaffId(r.staff_id) for r in restrictions or ()}
        names = {s: _name(uow, org, s) for s in wanted}
        uow.commit()
    acknowledged_at = acks[-1].acknowledged_at if acks else None
    return RecordView(peer, goals, notes, restrictions, acknowledged_at, names)


def _name(uow: UnitOfWork, org: OrgId, staff_id: StaffId) -> str:
    account = uow.staff.get(org, staff_id)
    return account.display_name if account else "former staff"
