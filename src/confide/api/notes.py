"""Service notes: draft, edit, sign, amend, read, list; group notes."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.encounters import Label, Modality, NoteBody, NoteFormat, Setting
from confide.domain.ids import EncounterId, PeerId
from confide.services import notes as service
from confide.services.groups import GroupSessionDraft, write_group_session

router = APIRouter(tags=["notes"])


class NoteIn(BaseModel):
    occurred_on: date
    minutes: int = Field(gt=0, le=24 * 60)
    format: NoteFormat = NoteFormat.DAP
    sections: dict[str, str] = Field(max_length=8)
    goals_addressed: list[str] = Field(default_factory=list, max_length=50)
    modality: Modality = Modality.IN_PERSON
    setting: Setting = Setting.OFFICE
    labels: list[Label] = Field(default_factory=list, max_length=10)

    def draft(self) -> service.NoteDraft:
        body = NoteBody(self.format, dict(self.sections), tuple(self.goals_addressed))
        return service.NoteDraft(
            self.occurred_on,
            self.minutes,
            body,
            self.modality,
            self.setting,
            frozenset(self.labels),
        )


class NoteUpdateIn(NoteIn):
    version: int = Field(ge=1)


class SignIn(BaseModel):
    version: int = Field(ge=1)


class AmendIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)
    text: str = Field(min_length=1, max_length=20_000)


class GroupNoteIn(NoteIn):
    attendees: list[str] = Field(min_length=2, max_length=50)

    def session(self) -> GroupSessionDraft:
        body = NoteBody(self.format, dict(self.sections), tuple(self.goals_addressed))
        return GroupSessionDraft(
            tuple(PeerId(a) for a in self.attendees), self.occurred_on, self.minutes, body,
            self.modality, self.setting, frozenset(self.labels),
        )  # fmt: skip


class AmendmentOut(BaseModel):
    id: str
    author_id: str
    created_at: datetime
    reason: str
    text: str


class NoteOut(BaseModel):
    id: str
    peer_id: str
    author_id: str
    kind: str
    occurred_on: date
    minutes: int
    modality: str
    setting: str
    labels: list[str]
    status: str
    version: int
    format: str
    sections: dict[str, str]
    goals_addressed: list[str]
    signed_at: datetime | None
    amendments: list[AmendmentOut]

    @classmethod
    def of(cls, v: service.NoteView) -> NoteOut:
        return cls(
            id=v.id,
            peer_id=v.peer_id,
            author_id=v.author_id,
            kind=v.kind,
            occurred_on=v.occurred_on,
            minutes=v.minutes,
            modality=v.modality,
            setting=v.setting,
            labels=sorted(v.labels),
            status=v.status,
            version=v.version,
            format=v.body.format,
            sections=v.body.sections,
            goals_addressed=list(v.body.goals_addressed),
            signed_at=v.signed_at,
            amendments=[
                AmendmentOut(
                    id=a.id,
                    author_id=a.author_id,
                    created_at=a.created_at,
                    reason=a.reason,
                    text=a.text,
                )
                for a in v.amendments
            ],
        )


class NoteSummaryOut(BaseModel):
    id: str
    author_id: str
    occurred_on: date
    minutes: int
    modality: str
    status: str
    labels: list[str]


@router.get(
    "/peers/{peer_id}/notes", response_model=list[NoteSummaryOut], **acts(Action.NOTE_LIST)
)
def list_notes(peer_id: str, ctx: Ctx, uow: Uow) -> list[NoteSummaryOut]:
    """A peer's notes without their text."""
    return [
        NoteSummaryOut(
            id=s.id,
            author_id=s.author_id,
            occurred_on=s.occurred_on,
            minutes=s.minutes,
            modality=s.modality,
            status=s.status,
            labels=sorted(s.labels),
        )
        for s in service.list_notes(ctx, PeerId(peer_id), uow=uow)
    ]


@router.post(
    "/peers/{peer_id}/notes", response_model=NoteOut, status_code=201, **acts(Action.NOTE_CREATE)
)
def write_note(peer_id: str, body: NoteIn, ctx: Ctx, uow: Uow) -> NoteOut:
    """Start a note (a draft)."""
    return NoteOut.of(service.write_note(ctx, PeerId(peer_id), body.draft(), uow=uow))


@router.post(
    "/group-notes",
    response_model=list[NoteOut],
    status_code=201,
    **acts(Action.NOTE_CREATE, Action.PEER_READ),
)
def write_group_note(body: GroupNoteIn, ctx: Ctx, uow: Uow) -> list[NoteOut]:
    """Write a group note once; each attendee gets a copy naming no other attendee."""
    return [NoteOut.of(v) for v in write_group_session(ctx, body.session(), uow=uow)]


@router.get("/notes/{note_id}", response_model=NoteOut, **acts(Action.NOTE_READ))
def read_note(note_id: str, ctx: Ctx, uow: Uow) -> NoteOut:
    """One note with its amendments."""
    return NoteOut.of(service.read_note(ctx, EncounterId(note_id), uow=uow))


@router.put(
    "/notes/{note_id}", response_model=NoteOut, **acts(Action.NOTE_UPDATE, Action.NOTE_READ)
)
def update_draft(note_id: str, body: NoteUpdateIn, ctx: Ctx, uow: Uow) -> NoteOut:
    """Change your draft; a signed note answers 409."""
    view = service.update_draft(
        ctx, EncounterId(note_id), body.draft(), version=body.version, uow=uow
    )
    return NoteOut.of(view)


@router.post(
    "/notes/{note_id}/sign", response_model=NoteOut, **acts(Action.NOTE_SIGN, Action.NOTE_READ)
)
def sign_note(note_id: str, body: SignIn, ctx: Ctx, uow: Uow) -> NoteOut:
    """Sign your draft; it is never edited in place afterwards."""
    return NoteOut.of(service.sign_note(ctx, EncounterId(note_id), version=body.version, uow=uow))


@router.post(
    "/notes/{note_id}/amendments",
    response_model=NoteOut,
    status_code=201,
    **acts(Action.NOTE_AMEND, Action.NOTE_READ),
)
def amend_note(note_id: str, body: AmendIn, ctx: Ctx, uow: Uow) -> NoteOut:
    """Append an amendment to a signed note."""
    view = service.amend_note(
        ctx, EncounterId(note_id), reason=body.reason, text=body.text, uow=uow
    )
    return NoteOut.of(view)
