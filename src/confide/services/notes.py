"""Service notes (encounters): draft, read, list, edit a draft, sign, amend, group notes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from confide.crypto.cipher import PeerCipher
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.encounters import (
    EncounterKind,
    EncounterStatus,
    Label,
    Modality,
    NoteBody,
    NoteFormat,
    Setting,
    can_amend,
    can_edit,
    minutes_problem,
    note_problems,
)
from confide.domain.ids import (
    AmendmentId,
    EncounterId,
    GroupSessionId,
    OrgId,
    PeerId,
    StaffId,
    new_id,
)
from confide.errors import Conflict, InvalidInput, NotFound
from confide.policy import Resource
from confide.services._guard import authorize, live_peer
from confide.store.encounters import AmendmentRow, EncounterRow
from confide.store.uow import UnitOfWork

MAX_AMENDMENT = 20_000


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """What a staff member submits for a new note."""

    occurred_on: date
    minutes: int
    body: NoteBody
    modality: Modality = Modality.IN_PERSON
    setting: Setting = Setting.OFFICE
    labels: frozenset[Label] = frozenset()


@dataclass(frozen=True, slots=True)
class AmendmentView:
    id: AmendmentId
    author_id: StaffId
    created_at: datetime
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class NoteView:
    id: EncounterId
    peer_id: PeerId
    author_id: StaffId
    kind: EncounterKind
    occurred_on: date
    minutes: int
    modality: Modality
    setting: Setting
    labels: frozenset[Label]
    status: EncounterStatus
    version: int
    body: NoteBody
    signed_at: datetime | None
    amendments: tuple[AmendmentView, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class NoteSummary:
    """A line in a peer's list of notes: no note text."""

    id: EncounterId
    author_id: StaffId
    occurred_on: date
    minutes: int
    modality: Modality
    status: EncounterStatus
    labels: frozenset[Label]


def check_draft(draft: NoteDraft) -> None:
    """InvalidInput naming every field of `draft` that cannot be saved."""
    problems = note_problems(draft.body)
    if (problem := minutes_problem(draft.minutes)) is not None:
        problems["minutes"] = problem
    if problems:
        raise InvalidInput("note is not valid", fields=problems)


def _body_json(body: NoteBody) -> str:
    return json.dumps(
        {"format": body.format, "sections": body.sections, "goals": list(body.goals_addressed)}
    )


def _body_from(text: str) -> NoteBody:
    d = json.loads(text)
    return NoteBody(NoteFormat(d["format"]), dict(d["sections"]), tuple(d["goals"]))


def note_resource(row: EncounterRow) -> Resource:
    return Resource(
        "encounter", row.organization_id, row.peer_id, row.author_id, row.status, row.labels
    )


def load_note(ctx: RequestContext, uow: UnitOfWork, note_id: EncounterId) -> EncounterRow:
    row = uow.encounters.get(OrgId(ctx.actor.organization_id), note_id)
    if row is None:
        raise NotFound("note", note_id)
    return row


def seal_body(cipher: PeerCipher, note_id: str, body: NoteBody) -> bytes:
    return cipher.seal(cipher.context("encounters", "body", note_id), _body_json(body))


def open_body(cipher: PeerCipher, row: EncounterRow) -> NoteBody:
    return _body_from(cipher.open(row.body, cipher.context("encounters", "body", row.id)))


def write_note(
    ctx: RequestContext, peer_id: PeerId, draft: NoteDraft, *, uow: UnitOfWork
) -> NoteView:
    """A staff member starts a note (a draft) for one peer on their care team."""
    check_draft(draft)
    with uow:
        view = write_note_in(ctx, peer_id, draft, uow=uow, group=None)
        uow.commit()
    return view


def write_note_in(
    ctx: RequestContext,
    peer_id: PeerId,
    draft: NoteDraft,
    *,
    uow: UnitOfWork,
    group: GroupSessionId | None,
    status: EncounterStatus = EncounterStatus.DRAFT,
) -> NoteView:
    live_peer(ctx, uow, peer_id)
    org, note_id, me = OrgId(ctx.actor.organization_id), EncounterId(new_id()), ctx.actor.staff_id
    resource = Resource("encounter", org, peer_id, me, status, draft.labels)
    authorize(ctx, uow, Action.NOTE_CREATE, resource, resource_id=note_id)
    cipher = uow.keys.cipher_for(org, peer_id)
    kind = EncounterKind.GROUP if group else EncounterKind.INDIVIDUAL
    signed_at = ctx.now if status is EncounterStatus.SIGNED else None
    row = EncounterRow(
        note_id, org, peer_id, me, kind, group, draft.occurred_on, draft.minutes, draft.modality,
        draft.setting, draft.body.format, draft.labels, seal_body(cipher, note_id, draft.body),
        status, 1, ctx.now, ctx.now, signed_at,
    )  # fmt: skip
    uow.encounters.add(row)
    return note_view(row, draft.body, ())


def note_view(
    row: EncounterRow, body: NoteBody, amendments: tuple[AmendmentView, ...]
) -> NoteView:
    return NoteView(
        row.id, row.peer_id, row.author_id, row.kind, row.occurred_on, row.minutes, row.modality,
        row.setting, row.labels, row.status, row.version, body, row.signed_at, amendments,
    )  # fmt: skip


def read_note(ctx: RequestContext, note_id: EncounterId, *, uow: UnitOfWork) -> NoteView:
    """A staff member opens one service note, with its amendments."""
    with uow:
        found = uow.encounters.get_with_key(OrgId(ctx.actor.organization_id), note_id)
        if found is None:
            raise NotFound("note", note_id)
        row, wrapped = found
        if wrapped is not None:  # one query for the note and its key; still wrapped here
            uow.keys.hold(row.organization_id, row.peer_id, wrapped)
        authorize(ctx, uow, Action.NOTE_READ, note_resource(row), resource_id=note_id)
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
        body = open_body(cipher, row)
        amendments = open_amendments(uow, cipher, row)
        uow.commit()
    return note_view(row, body, amendments)


def open_amendments(
    uow: UnitOfWork, cipher: PeerCipher, row: EncounterRow
) -> tuple[AmendmentView, ...]:
    """The note's amendments; only an amended note has any (amend_note sets the status with
    the first), so the others cost no query."""
    if row.status is not EncounterStatus.AMENDED:
        return ()
    stored = uow.encounters.amendments(row.organization_id, row.id)
    return tuple(open_amendment(cipher, a) for a in stored)


def open_amendment(cipher: PeerCipher, row: AmendmentRow) -> AmendmentView:
    text = cipher.open(row.body, cipher.context("encounter_amendments", "body", row.id))
    d = json.loads(text)
    return AmendmentView(row.id, row.author_id, row.created_at, d["reason"], d["text"])


def list_notes(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> list[NoteSummary]:
    """The notes of one peer, without their text; drafts of others are left out."""
    with uow:
        live_peer(ctx, uow, peer_id)
        org = OrgId(ctx.actor.organization_id)
        decision = authorize(ctx, uow, Action.NOTE_LIST, Resource("encounters", org, peer_id))
        rows = uow.encounters.for_peer(org, peer_id)
        if decision.rule_id == "rel.supervision":  # supervision shows supervisees' notes only
            authors = uow.care.supervisees_of(org, ctx.actor.staff_id)
            rows = [r for r in rows if r.author_id in authors]
        uow.commit()
    me = ctx.actor.staff_id
    return [
        NoteSummary(r.id, r.author_id, r.occurred_on, r.minutes, r.modality, r.status, r.labels)
        for r in rows
        if r.status is not EncounterStatus.DRAFT or r.author_id == me
    ]


def update_draft(
    ctx: RequestContext,
    note_id: EncounterId,
    draft: NoteDraft,
    *,
    version: int,
    uow: UnitOfWork,
) -> NoteView:
    """The author changes their draft; a signed note refuses (Conflict)."""
    check_draft(draft)
    with uow:
        row = load_note(ctx, uow, note_id)
        authorize(ctx, uow, Action.NOTE_UPDATE, note_resource(row), resource_id=note_id)
        if not can_edit(row.status):
            uow.commit()
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
        uow.commit()
    return read_note(ctx, note_id, uow=uow)


def sign_note(
    ctx: RequestContext, note_id: EncounterId, *, version: int, uow: UnitOfWork
) -> NoteView:
    """The author signs their draft; from then on it is never edited in place."""
    with uow:
        row = load_note(ctx, uow, note_id)
        authorize(ctx, uow, Action.NOTE_SIGN, note_resource(row), resource_id=note_id)
        if row.author_id != ctx.actor.staff_id:
            raise Conflict("only the author signs a note")
        if not can_edit(row.status):
            raise Conflict(f"note {note_id} is already signed")
        if row.version != version:
            raise Conflict(f"note {note_id} changed since version {version}")
        uow.encounters.set_status(row, EncounterStatus.SIGNED, ctx.now)
        uow.commit()
    return read_note(ctx, note_id, uow=uow)


def amend_note(
    ctx: RequestContext, note_id: EncounterId, *, reason: str, text: str, uow: UnitOfWork
) -> NoteView:
    """Append an amendment to a signed note; the original stays as it was signed."""
    problems = {
        k: "required" if not v.strip() else "too_long"
        for k, v in (("reason", reason), ("text", text))
        if not v.strip() or len(v) > MAX_AMENDMENT
    }
    if problems:
        raise InvalidInput("amendment is not valid", fields=problems)
    with uow:
        row = load_note(ctx, uow, note_id)
        authorize(ctx, uow, Action.NOTE_AMEND, note_resource(row), resource_id=note_id)
        if not can_amend(row.status):
            raise Conflict(f"note {note_id} is a draft; edit it instead")
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
        amendment_id = AmendmentId(new_id())
        context = cipher.context("encounter_amendments", "body", amendment_id)
        sealed = cipher.seal(context, json.dumps({"reason": reason, "text": text}))
        uow.encounters.add_amendment(
            AmendmentRow(
                amendment_id,
                row.organization_id,
                note_id,
                row.peer_id,
                ctx.actor.staff_id,
                sealed,
                ctx.now,
            )
        )
        if row.status is EncounterStatus.SIGNED:
            uow.encounters.set_status(row, EncounterStatus.AMENDED, ctx.now)
        uow.commit()
    return read_note(ctx, note_id, uow=uow)
