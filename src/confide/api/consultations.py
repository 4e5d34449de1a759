"""Share for supervision: a de-identified copy of a signed note for one supervisor's case
consultation. The recipient's answers carry the copy only: no peer id, no note id, no date but
the year."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.ids import EncounterId, StaffId
from confide.services import consultations as service

router = APIRouter(tags=["consultations"])


class ShareIn(BaseModel):
    recipient_id: str = Field(min_length=1, max_length=36)
    expires_at: datetime | None = None


class CopyOut(BaseModel):
    year: int
    minutes: int
    modality: str
    setting: str
    format: str
    labels: list[str]
    sections: dict[str, str]
    goals_addressed: list[str]
    amendments: list[dict[str, str]]

    @classmethod
    def of(cls, c: service.ConsultationCopy) -> CopyOut:
        return cls(
            year=c.year, minutes=c.minutes, modality=c.modality, setting=c.setting,
            format=c.format, labels=sorted(c.labels), sections=c.sections,
            goals_addressed=list(c.goals),
            amendments=[{"reason": r, "text": t} for r, t in c.amendments],
        )  # fmt: skip


class SummaryOut(BaseModel):
    id: str
    shared_by: str
    shared_by_name: str
    recipient_id: str
    recipient_name: str
    shared_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    state: str
    note_id: str | None  # the sharer's own note; null for the recipient

    @classmethod
    def of(cls, s: service.ConsultationSummary) -> SummaryOut:
        return cls(
            id=s.id, shared_by=s.shared_by, shared_by_name=s.shared_by_name,
            recipient_id=s.recipient_id, recipient_name=s.recipient_name, shared_at=s.shared_at,
            expires_at=s.expires_at, revoked_at=s.revoked_at, state=s.state, note_id=s.note_id,
        )  # fmt: skip


class ConsultationOut(SummaryOut):
    redacted: CopyOut | None  # the de-identified copy; null once revoked (destroyed)

    @classmethod
    def of_view(cls, v: service.ConsultationView) -> ConsultationOut:
        copy = CopyOut.of(v.copy) if v.copy is not None else None
        return cls(**SummaryOut.of(v.summary).model_dump(), redacted=copy)


class ListsOut(BaseModel):
    received: list[SummaryOut]
    sent: list[SummaryOut]


class ConsultantOut(BaseModel):
    staff_id: str
    name: str


class PreviewOut(BaseModel):
    note_id: str
    redacted: CopyOut
    consultants: list[ConsultantOut]
    refusal: str


@router.get(
    "/notes/{note_id}/consultation-preview", response_model=PreviewOut, **acts(Action.NOTE_READ)
)
def preview(note_id: str, ctx: Ctx, uow: Uow) -> PreviewOut:
    """Your note as the consultation copy would show it, and who you may share it with."""
    p = service.preview_share(ctx, EncounterId(note_id), uow=uow)
    consultants = [ConsultantOut(staff_id=c.staff_id, name=c.name) for c in p.consultants]
    return PreviewOut(
        note_id=p.note_id, redacted=CopyOut.of(p.copy), consultants=consultants, refusal=p.refusal
    )


@router.post(
    "/notes/{note_id}/consultations",
    response_model=ConsultationOut,
    status_code=201,
    **acts(Action.CONSULTATION_SHARE),
)
def share(note_id: str, body: ShareIn, ctx: Ctx, uow: Uow) -> ConsultationOut:
    """Share a de-identified copy of your signed note with one supervisor."""
    view = service.share_note(
        ctx, EncounterId(note_id), recipient_id=StaffId(body.recipient_id),
        expires_at=body.expires_at, uow=uow,
    )  # fmt: skip
    return ConsultationOut.of_view(view)


@router.get("/consultations", response_model=ListsOut, **acts(Action.CONSULTATION_LIST))
def list_all(ctx: Ctx, uow: Uow) -> ListsOut:
    """Copies shared with you (read for `supervision`) and the shares you made."""
    lists = service.list_consultations(ctx, uow=uow)
    return ListsOut(
        received=[SummaryOut.of(s) for s in lists.received],
        sent=[SummaryOut.of(s) for s in lists.sent],
    )


@router.get(
    "/consultations/{consultation_id}",
    response_model=ConsultationOut,
    **acts(Action.CONSULTATION_READ),
)
def read(consultation_id: str, ctx: Ctx, uow: Uow) -> ConsultationOut:
    """The de-identified copy (for its recipient, for `supervision`; or for its sharer)."""
    return ConsultationOut.of_view(service.read_consultation(ctx, consultation_id, uow=uow))


@router.post(
    "/consultations/{consultation_id}/revoke",
    response_model=SummaryOut,
    **acts(Action.CONSULTATION_REVOKE),
)
def revoke(consultation_id: str, ctx: Ctx, uow: Uow) -> SummaryOut:
    """End your share now; its copy is destroyed."""
    return SummaryOut.of(service.revoke_consultation(ctx, consultation_id, uow=uow))
