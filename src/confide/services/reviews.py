"""Supervision: the supervisor's queue of supervisees' signed notes, and co-signing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.ids import EncounterId, OrgId, StaffId
from confide.errors import Conflict
from confide.policy import Resource
from confide.services._guard import authorize
from confide.services.notes import (
    NoteSummary,
    NoteView,
    load_note,
    note_resource,
    note_view,
    open_amendments,
    open_body,
)
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class QueueItem:
    note: NoteSummary
    author_name: str
    signed_at: datetime | None


@dataclass(frozen=True, slots=True)
class NotePage:
    note: NoteView
    author_name: str
    cosigned_by: str | None
    cosigned_at: datetime | None


def list_review_queue(ctx: RequestContext, *, uow: UnitOfWork) -> list[QueueItem]:
    """Signed notes of the people the actor supervises, waiting for a co-signature (no text)."""
    with uow:
        org = OrgId(ctx.actor.organization_id)
        authorize(ctx, uow, Action.NOTE_REVIEW_LIST, Resource("review_queue", org))
        rows = uow.reviews.awaiting_cosign(org, ctx.actor.staff_id)
        names = {r.author_id: _name(uow, org, r.author_id) for r in rows}
        uow.commit()
    return [
        QueueItem(
            NoteSummary(
                r.id, r.author_id, r.occurred_on, r.minutes, r.modality, r.status, r.labels
            ),
            names[r.author_id],
            r.signed_at,
        )
        for r in rows
    ]


def cosign_note(ctx: RequestContext, note_id: EncounterId, *, uow: UnitOfWork) -> None:
    """The author's supervisor co-signs a signed note, for supervision."""
    with uow:
        row = load_note(ctx, uow, note_id)
        authorize(ctx, uow, Action.NOTE_COSIGN, note_resource(row), resource_id=note_id)
        if uow.reviews.cosignature(row.organization_id, note_id) is not None:
            raise Conflict(f"note {note_id} is co-signed already")
        uow.reviews.cosign(row.organization_id, note_id, ctx.actor.staff_id, ctx.now)
        uow.commit()


def open_note(ctx: RequestContext, note_id: EncounterId, *, uow: UnitOfWork) -> NotePage:
    """One note as its page shows it: text, amendments, author and co-signature."""
    with uow:
        row = load_note(ctx, uow, note_id)
        authorize(ctx, uow, Action.NOTE_READ, note_resource(row), resource_id=note_id)
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
        note = note_view(row, open_body(cipher, row), open_amendments(uow, cipher, row))
        cosign = uow.reviews.cosignature(row.organization_id, note_id)
        org = row.organization_id
        author = _name(uow, org, row.author_id)
        cosigner = _name(uow, org, cosign.supervisor_id) if cosign else None
        uow.commit()
    return NotePage(note, author, cosigner, cosign.cosigned_at if cosign else None)


def _name(uow: UnitOfWork, org: OrgId, staff_id: StaffId) -> str:
    account = uow.staff.get(org, staff_id)
    return account.display_name if account else "former staff"
