"""Writing a note from the page: autosave a draft (created on first save), sign it with its
last edits, and open a draft with the peer's goals to pick from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from confide import policy
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.encounters import EncounterStatus, NoteFormat, can_edit
from confide.domain.ids import EncounterId, OrgId, PeerId
from confide.errors import Conflict, InvalidInput, NotFound
from confide.policy import Resource
from confide.services._guard import authorize, existing_peer, relationships
from confide.services.notes import (
    NoteDraft,
    NoteView,
    check_draft,
    load_note,
    note_resource,
    note_view,
    open_body,
    seal_body,
    write_note_in,
)
from confide.services.peers import PeerView, peer_view
from confide.services.plans import GoalView, open_goal
from confide.store.encounters import EncounterRow
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DraftPage:
    """The editor's content. `read_only` names the rule that would refuse a save, so the page
    says so before anyone types (empty when the actor may save a draft here); `emergency` is
    true when the actor reads this record through break-glass, which reads and never writes."""

    note: NoteView | None
    goals: tuple[GoalView, ...]
    read_only: str = ""
    emergency: bool = False


@dataclass(frozen=True, slots=True)
class DraftItem:
    """One unsigned draft in its author's list: ids, dates and the peer, never the text.
    `peer` is None when the peer is no longer on the author's caseload."""

    id: EncounterId
    peer_id: PeerId
    peer: PeerView | None
    note_format: NoteFormat
    occurred_on: date
    updated_at: datetime


def save_draft(
    ctx: RequestContext,
    peer_id: PeerId,
    note_id: EncounterId | None,
    draft: NoteDraft,
    *,
    version: int,
    sign: bool = False,
    uow: UnitOfWork,
) -> NoteView:
    """Create the draft on first save, then keep it current; `sign` signs the saved text."""
    check_draft(draft)
    with uow:
        if note_id is None:
            view = write_note_in(ctx, peer_id, draft, uow=uow, group=None)
            row = uow.encounters.get(OrgId(ctx.actor.organization_id), view.id)
            assert row is not None  # written just above, in this transaction
        else:
            row = _update(ctx, uow, peer_id, note_id, draft, version)
        if sign:
            authorize(ctx, uow, Action.NOTE_SIGN, note_resource(row), resource_id=row.id)
            uow.encounters.set_status(row, EncounterStatus.SIGNED, ctx.now)
            row = uow.encounters.get(row.organization_id, row.id)
            assert row is not None
        uow.commit()
    return note_view(row, draft.body, ())


def _update(
    ctx: RequestContext,
    uow: UnitOfWork,
    peer_id: PeerId,
    note_id: EncounterId,
    draft: NoteDraft,
    version: int,
) -> EncounterRow:
    row = load_note(ctx, uow, note_id)
    if row.peer_id != peer_id:
        raise NotFound("note", note_id)
    authorize(ctx, uow, Action.NOTE_UPDATE, note_resource(row), resource_id=note_id)
    if not can_edit(row.status):
        raise Conflict(f"note {note_id} is signed; amend it instead")
    if row.version != version:
        raise Conflict(f"note {note_id} changed since version {version}")
    if draft.body.format is not row.note_format:
        raise InvalidInput("note format cannot change", fields={"format": "immutable"})
    cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
    sealed = seal_body(cipher, note_id, draft.body)
    uow.encounters.save_draft(
        row, body=sealed, minutes=draft.minutes, labels=draft.labels, now=ctx.now
    )
    updated = uow.encounters.get(row.organization_id, note_id)
    assert updated is not None
    return updated


def open_draft(
    ctx: RequestContext, peer_id: PeerId, note_id: EncounterId | None, *, uow: UnitOfWork
) -> DraftPage:
    """The note form: the draft (if any) and the peer's plan goals to tick as addressed."""
    with uow:
        org = OrgId(ctx.actor.organization_id)
        note = None
        if note_id is not None:
            row = load_note(ctx, uow, note_id)
            if row.peer_id != peer_id:
                raise NotFound("note", note_id)
            authorize(ctx, uow, Action.NOTE_UPDATE, note_resource(row), resource_id=note_id)
            if not can_edit(row.status):
                uow.commit()
                raise Conflict(f"note {note_id} is signed; amend it instead")
            cipher = uow.keys.cipher_for(org, peer_id)
            note = note_view(row, open_body(cipher, row), ())
        existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.PLAN_READ, Resource("plan", org, peer_id))
        read_only, emergency = ("", False) if note else _create_refused_by(ctx, uow, peer_id)
        plan_id = uow.plans.plan_of(org, peer_id)
        goals: tuple[GoalView, ...] = ()
        if plan_id is not None:
            cipher = uow.keys.cipher_for(org, peer_id)
            goals = tuple(open_goal(cipher, g) for g in uow.plans.goals(org, plan_id))
        uow.commit()
    return DraftPage(note, goals, read_only, emergency)


def _create_refused_by(ctx: RequestContext, uow: UnitOfWork, peer_id: PeerId) -> tuple[str, bool]:
    """The rule that would refuse this actor's first autosave on this peer ("" if none), and
    whether they read the record through a running break-glass grant.

    A question asked before anything is written, so it records no access event: the save
    itself is still decided and recorded when it happens."""
    org = OrgId(ctx.actor.organization_id)
    resource = Resource("encounter", org, peer_id, ctx.actor.staff_id, EncounterStatus.DRAFT)
    facts = relationships(ctx, uow, peer_id)
    decision = policy.decide(ctx.actor, Action.NOTE_CREATE, resource, ctx.purpose, facts, ctx.now)
    if decision.allowed:
        return "", False
    glass = facts.break_glass_until is not None and ctx.now < facts.break_glass_until
    return decision.rule_id, glass


def list_my_drafts(ctx: RequestContext, *, uow: UnitOfWork) -> list[DraftItem]:
    """The actor's own unsigned drafts, newest change first, each with its peer's name while
    the peer is on their caseload."""
    with uow:
        org = OrgId(ctx.actor.organization_id)
        authorize(ctx, uow, Action.PEER_LIST, Resource("caseload", org))
        rows = uow.encounters.drafts_of(org, ctx.actor.staff_id)
        caseload = {p.id: p for p in uow.peers.on_care_team_of(org, ctx.actor.staff_id)}
        shown = {r.peer_id for r in rows if r.peer_id in caseload}
        uow.keys.preload(org, sorted(shown))
        peers = {pid: peer_view(uow, caseload[pid]) for pid in shown}
        uow.commit()
    return [
        DraftItem(
            r.id, r.peer_id, peers.get(r.peer_id), r.note_format, r.occurred_on, r.updated_at
        )
        for r in rows
    ]


def delete_draft(
    ctx: RequestContext, peer_id: PeerId, note_id: EncounterId, *, uow: UnitOfWork
) -> None:
    """The author deletes one of their unsigned drafts (a signed note is never deleted)."""
    with uow:
        row = load_note(ctx, uow, note_id)
        if row.peer_id != peer_id:
            raise NotFound("note", note_id)
        authorize(ctx, uow, Action.NOTE_DELETE_DRAFT, note_resource(row), resource_id=note_id)
        if not can_edit(row.status):
            uow.commit()
            raise Conflict(f"note {note_id} is signed; it cannot be deleted")
        uow.encounters.delete_draft(row)
        uow.commit()
