"""Break-glass: emergency access to a record outside the care team, for a bounded time,
with a stated reason, the privacy officer notified, and a review afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from confide.domain.actions import Action
from confide.domain.actors import RequestContext, Role
from confide.domain.ids import OrgId, PeerId, StaffId, new_id
from confide.domain.peers import PeerStatus
from confide.errors import Destroyed, InvalidInput, NotFound
from confide.policy import Resource
from confide.policy.rules import default_rules
from confide.services._guard import authorize
from confide.store.break_glass import PENDING, GrantRow, NotificationRow
from confide.store.uow import UnitOfWork

MAX_REASON = 2_000


class ReviewState(StrEnum):
    PENDING = PENDING
    JUSTIFIED = "justified"
    UNJUSTIFIED = "unjustified"


@dataclass(frozen=True, slots=True)
class GrantView:
    id: str
    peer_id: PeerId
    staff_id: StaffId
    reason: str
    started_at: datetime
    expires_at: datetime
    review_state: ReviewState
    reviewed_by: str | None
    review_note: str


def _check_reason(reason: str, field: str = "reason") -> None:
    minimum = default_rules().break_glass_reason_min_chars
    if len(reason.strip()) < minimum:
        raise InvalidInput("say why, in a sentence", fields={field: f"min_{minimum}"})
    if len(reason) > MAX_REASON:
        raise InvalidInput("reason too long", fields={field: "too_long"})


def start_break_glass(
    ctx: RequestContext, peer_id: PeerId, *, reason: str, uow: UnitOfWork
) -> GrantView:
    """Open emergency read access to one peer's record for the configured minutes."""
    _check_reason(reason)
    org = OrgId(ctx.actor.organization_id)
    with uow:
        peer = uow.peers.get(org, peer_id)
        if peer is None:
            raise NotFound("peer", peer_id)
        grant_id = new_id()
        resource = Resource("peer", org, peer_id)
        authorize(ctx, uow, Action.BREAK_GLASS_START, resource, resource_id=grant_id)
        if peer.status is PeerStatus.DESTROYED:
            raise Destroyed("peer", peer_id)
        cipher = uow.keys.cipher_for(org, peer_id)
        sealed = cipher.seal(cipher.context("break_glass_grants", "reason", grant_id), reason)
        expires = ctx.now + timedelta(minutes=default_rules().break_glass_minutes)
        row = GrantRow(
            grant_id, org, peer_id, ctx.actor.staff_id, sealed, ctx.now, expires, PENDING,
            None, None, None,
        )  # fmt: skip
        uow.break_glass.add(row)
        uow.break_glass.notify(
            org, NotificationRow(new_id(), Role.PRIVACY_OFFICER, "break_glass", grant_id, ctx.now)
        )
        uow.commit()
    return _view(row, reason, "")


def _view(row: GrantRow, reason: str, note: str) -> GrantView:
    return GrantView(
        row.id, row.peer_id, row.staff_id, reason, row.started_at, row.expires_at,
        ReviewState(row.review_state), row.reviewed_by, note,
    )  # fmt: skip


def _open(uow: UnitOfWork, row: GrantRow) -> GrantView:
    try:
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
    except Destroyed:
        return _view(row, "", "")
    reason = cipher.open(row.reason, cipher.context("break_glass_grants", "reason", row.id))
    note = ""
    if row.review_note is not None:
        context = cipher.context("break_glass_grants", "review_note", row.id)
        note = cipher.open(row.review_note, context)
    return _view(row, reason, note)


def list_break_glass(
    ctx: RequestContext, *, state: ReviewState = ReviewState.PENDING, uow: UnitOfWork
) -> list[GrantView]:
    """The privacy officer's queue of break-glass events, oldest first."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        authorize(ctx, uow, Action.BREAK_GLASS_LIST, Resource("break_glass", org))
        views = [_open(uow, row) for row in uow.break_glass.by_state(org, state)]
        uow.commit()
    return views


def review_break_glass(
    ctx: RequestContext, grant_id: str, *, justified: bool, note: str, uow: UnitOfWork
) -> GrantView:
    """The privacy officer records whether an emergency access was justified, and why."""
    _check_reason(note, "note")
    org = OrgId(ctx.actor.organization_id)
    with uow:
        row = uow.break_glass.get(org, grant_id)
        if row is None:
            raise NotFound("break_glass", grant_id)
        resource = Resource("break_glass", org, row.peer_id)
        authorize(ctx, uow, Action.BREAK_GLASS_REVIEW, resource, resource_id=grant_id)
        cipher = uow.keys.cipher_for(org, row.peer_id)
        sealed = cipher.seal(cipher.context("break_glass_grants", "review_note", grant_id), note)
        state = ReviewState.JUSTIFIED if justified else ReviewState.UNJUSTIFIED
        uow.break_glass.review(
            row, state=state, reviewer=ctx.actor.staff_id, note=sealed, now=ctx.now
        )
        reason = cipher.open(row.reason, cipher.context("break_glass_grants", "reason", row.id))
        uow.commit()
    reviewed = GrantView(
        row.id, row.peer_id, row.staff_id, reason, row.started_at, row.expires_at, state,
        ctx.actor.staff_id, note,
    )  # fmt: skip
    return reviewed
