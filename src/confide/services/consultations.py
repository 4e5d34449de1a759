"""Share for supervision: the author of a signed note shares a de-identified copy of it with
one supervisor for case consultation (docs/deid.md). The copy is made at share time, sealed
under the peer's key (shredding the peer destroys it), and is all the recipient ever reads:
never the note, never the peer's record. The sharer can revoke it; revoking destroys the copy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from confide import policy
from confide.domain.actions import Action
from confide.domain.actors import RequestContext, Role
from confide.domain.ids import EncounterId, OrgId, StaffId, new_id
from confide.errors import Destroyed, InvalidInput, NotFound
from confide.policy import Relationships, Resource
from confide.policy.rules import default_rules
from confide.services._consultation_copies import (
    ConsultationCopy,
    known_for,
    open_copy,
    redacted_copy,
    seal_copy,
)
from confide.services._guard import authorize, existing_peer, relationships
from confide.services.notes import load_note, note_resource, open_amendments, open_body
from confide.store.consultations import ConsultationRow
from confide.store.encounters import EncounterRow
from confide.store.uow import UnitOfWork

NOTIFICATION_KIND = "consultation"

__all__ = ["ConsultationCopy"]


class ConsultationState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class Consultant:
    """A staff member a note can be shared with: id and name, organization data only."""

    staff_id: StaffId
    name: str


@dataclass(frozen=True, slots=True)
class ConsultationSummary:
    """A share as a list shows it: who, whom, when; no note text and nothing of the peer.
    `note_id` is the original note, for its author only (None for the recipient)."""

    id: str
    shared_by: StaffId
    shared_by_name: str
    recipient_id: StaffId
    recipient_name: str
    shared_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    state: ConsultationState
    note_id: EncounterId | None


@dataclass(frozen=True, slots=True)
class ConsultationView:
    summary: ConsultationSummary
    copy: ConsultationCopy | None  # None once revoked: the copy is destroyed


@dataclass(frozen=True, slots=True)
class ConsultationLists:
    received: tuple[ConsultationSummary, ...]  # still readable, shared with the actor
    sent: tuple[ConsultationSummary, ...]  # the actor's shares, in any state


@dataclass(frozen=True, slots=True)
class SharePreview:
    """What the recipient would read, shown to the author before they share."""

    note_id: EncounterId
    copy: ConsultationCopy
    consultants: tuple[Consultant, ...]
    refusal: str  # "" when the author may share this note; otherwise the policy's reason


def _org(ctx: RequestContext) -> OrgId:
    return OrgId(ctx.actor.organization_id)


def _share_resource(row: EncounterRow, recipient_id: StaffId | None) -> Resource:
    return replace(note_resource(row), recipient_id=recipient_id)


def _resource(row: ConsultationRow) -> Resource:
    return Resource(
        "consultation", row.organization_id, row.peer_id, row.shared_by,
        recipient_id=row.recipient_id, ends_at=row.ends_at,
    )  # fmt: skip


def _copy_of(uow: UnitOfWork, ctx: RequestContext, row: EncounterRow) -> ConsultationCopy:
    """Decrypt the note and what the record knows, in memory, and redact (after a decision)."""
    cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
    known = known_for(uow, row.organization_id, existing_peer(ctx, uow, row.peer_id), cipher)
    body = open_body(cipher, row)
    amendments = open_amendments(uow, cipher, row)
    return redacted_copy(row, body.sections, body.goals_addressed, amendments, known)


def _consultants(uow: UnitOfWork, ctx: RequestContext) -> tuple[Consultant, ...]:
    roles = default_rules().consultation_recipient_roles
    return tuple(
        Consultant(s.id, s.display_name)
        for s in sorted(uow.staff.list(_org(ctx)), key=lambda s: (s.display_name, s.id))
        if s.active and s.roles & roles and s.id != ctx.actor.staff_id
    )


def preview_share(ctx: RequestContext, note_id: EncounterId, *, uow: UnitOfWork) -> SharePreview:
    """The author reads their note as the consultation copy would show it (a note read)."""
    with uow:
        row = load_note(ctx, uow, note_id)
        facts = relationships(ctx, uow, row.peer_id)
        authorize(ctx, uow, Action.NOTE_READ, note_resource(row), resource_id=note_id, facts=facts)
        would = policy.decide(
            ctx.actor, Action.CONSULTATION_SHARE, _share_resource(row, None), ctx.purpose, facts,
            ctx.now,
        )  # fmt: skip
        copy = _copy_of(uow, ctx, row)
        consultants = _consultants(uow, ctx)
        uow.commit()
    return SharePreview(note_id, copy, consultants, "" if would.allowed else would.reason)


def _check_share(
    ctx: RequestContext, uow: UnitOfWork, recipient_id: StaffId, expires_at: datetime | None
) -> None:
    if expires_at is not None and (expires_at.tzinfo is None or expires_at <= ctx.now):
        raise InvalidInput("the share must end in the future", fields={"expires_at": "past"})
    if recipient_id not in {c.staff_id for c in _consultants(uow, ctx)}:
        raise InvalidInput("choose a supervisor", fields={"recipient_id": "not_a_consultant"})


def share_note(
    ctx: RequestContext,
    note_id: EncounterId,
    *,
    recipient_id: StaffId,
    expires_at: datetime | None = None,
    uow: UnitOfWork,
) -> ConsultationView:
    """The author shares a de-identified copy of their signed note with one supervisor."""
    with uow:
        row = load_note(ctx, uow, note_id)
        org, peer = row.organization_id, row.peer_id
        facts = replace(
            relationships(ctx, uow, peer),
            recipient_restricted=uow.break_glass.restrictions_for(org, peer, recipient_id),
        )
        resource = _share_resource(row, recipient_id)
        authorize(ctx, uow, Action.CONSULTATION_SHARE, resource, resource_id=note_id, facts=facts)
        _check_share(ctx, uow, recipient_id, expires_at)  # after the decision: refusals first
        copy = _copy_of(uow, ctx, row)  # Destroyed once the peer was shredded
        cid = new_id()
        sealed = seal_copy(uow.keys.cipher_for(org, peer), cid, copy)
        stored = ConsultationRow(
            cid, org, peer, note_id, ctx.actor.staff_id, recipient_id, ctx.now, expires_at,
            None, sealed,
        )  # fmt: skip
        uow.consultations.add(stored)
        uow.safety_flags.notify_staff(
            org, ident=new_id(), role=Role.SUPERVISOR, staff_id=recipient_id,
            kind=NOTIFICATION_KIND, subject_id=cid, now=ctx.now,
        )  # fmt: skip
        summary = _summary(uow, ctx, stored)
        uow.commit()
    return ConsultationView(summary, copy)


def _state(row: ConsultationRow, now: datetime) -> ConsultationState:
    if row.revoked_at is not None:
        return ConsultationState.REVOKED
    if row.expires_at is not None and now >= row.expires_at:
        return ConsultationState.EXPIRED
    return ConsultationState.ACTIVE


def _summary(uow: UnitOfWork, ctx: RequestContext, row: ConsultationRow) -> ConsultationSummary:
    mine = row.shared_by == ctx.actor.staff_id
    return ConsultationSummary(
        row.id, row.shared_by, _name(uow, row.organization_id, row.shared_by), row.recipient_id,
        _name(uow, row.organization_id, row.recipient_id), row.shared_at, row.expires_at,
        row.revoked_at, _state(row, ctx.now), row.encounter_id if mine else None,
    )  # fmt: skip


def _name(uow: UnitOfWork, org: OrgId, staff_id: StaffId) -> str:
    account = uow.staff.get(org, staff_id)
    return account.display_name if account else "former staff"


def _load(ctx: RequestContext, uow: UnitOfWork, consultation_id: str) -> ConsultationRow:
    row = uow.consultations.get(_org(ctx), consultation_id)
    if row is None:
        raise NotFound("consultation", consultation_id)
    return row


def _facts(ctx: RequestContext, uow: UnitOfWork, row: ConsultationRow) -> Relationships:
    """The actor's restrictions on the copy's peer, and nothing else: a copy is opened by being
    named on it, never by a relationship to the peer."""
    org, me = row.organization_id, ctx.actor.staff_id
    return Relationships(restricted=uow.break_glass.restrictions_for(org, row.peer_id, me))


def _authorize(ctx: RequestContext, uow: UnitOfWork, action: Action, row: ConsultationRow) -> None:
    facts = _facts(ctx, uow, row)
    authorize(ctx, uow, action, _resource(row), resource_id=row.id, facts=facts)


def _listable(ctx: RequestContext, uow: UnitOfWork, row: ConsultationRow) -> bool:
    """Whether policy lets the actor see this row in a list (asked before listing it, so a
    copy the actor may no longer read is left out instead of refusing the whole list)."""
    facts = _facts(ctx, uow, row)
    action = Action.CONSULTATION_LIST
    return policy.decide(ctx.actor, action, _resource(row), ctx.purpose, facts, ctx.now).allowed


def read_consultation(
    ctx: RequestContext, consultation_id: str, *, uow: UnitOfWork
) -> ConsultationView:
    """The recipient (or the sharer) reads the de-identified copy; Destroyed once shredded."""
    with uow:
        row = _load(ctx, uow, consultation_id)
        _authorize(ctx, uow, Action.CONSULTATION_READ, row)
        summary = _summary(uow, ctx, row)
        copy = None
        if row.copy is not None:
            try:
                cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
            except Destroyed:
                uow.commit()  # the allowed access stands in the log
                raise
            copy = open_copy(cipher, row.id, row.copy)
        uow.commit()
    return ConsultationView(summary, copy)


def list_consultations(ctx: RequestContext, *, uow: UnitOfWork) -> ConsultationLists:
    """Copies shared with the actor and still readable, and the actor's own shares. Each one
    listed is an access event on its peer, so the peer's access report shows it."""
    org = _org(ctx)
    with uow:
        authorize(ctx, uow, Action.CONSULTATION_LIST, Resource("consultations", org))
        received = [
            r
            for r in uow.consultations.received(org, ctx.actor.staff_id, ctx.now)
            if _listable(ctx, uow, r)
        ]
        sent = [
            r for r in uow.consultations.sent(org, ctx.actor.staff_id) if _listable(ctx, uow, r)
        ]
        for row in {r.id: r for r in (*received, *sent)}.values():
            _authorize(ctx, uow, Action.CONSULTATION_LIST, row)
        lists = ConsultationLists(
            tuple(_summary(uow, ctx, r) for r in received),
            tuple(_summary(uow, ctx, r) for r in sent),
        )
        uow.commit()
    return lists


def revoke_consultation(
    ctx: RequestContext, consultation_id: str, *, uow: UnitOfWork
) -> ConsultationSummary:
    """The sharer ends a share now; its copy is destroyed. Revoking again answers the first."""
    with uow:
        row = _load(ctx, uow, consultation_id)
        _authorize(ctx, uow, Action.CONSULTATION_REVOKE, row)
        if row.revoked_at is None:
            uow.consultations.revoke(row, ctx.now)
            row = replace(row, revoked_at=ctx.now, copy=None)
        summary = _summary(uow, ctx, row)
        uow.commit()
    return summary
