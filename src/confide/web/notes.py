"""Write a note (DAP or GIRP, goals addressed, labels), autosave its draft, sign it, read it,
amend it once signed."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.actors import Purpose, RequestContext
from confide.domain.encounters import SECTIONS, Label, Modality, NoteBody, NoteFormat, Setting
from confide.domain.ids import EncounterId, PeerId, new_id
from confide.errors import Conflict, InvalidInput
from confide.services import drafts, notes, reviews, safety_flags
from confide.services.notes import NoteDraft
from confide.web.deps import Care, Me, Uow, WebRoute, acts, page_context, redirect, render
from confide.web.purposes import RecordPurpose
from confide.web.safety import FLAG_WORDS

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Section = Annotated[str, Form(max_length=20000)]
LABEL_TEXT = {
    Label.SUD: "Substance use (42 CFR Part 2)",
    Label.MENTAL_HEALTH: "Mental health",
    Label.HIV: "HIV",
    Label.DV: "Domestic violence",
    Label.LEGAL: "Legal",
    Label.RESTRICTED: "Restricted to me and the privacy officer",
}
SECTION_TEXT = {
    "data": "Data: what happened, what the peer said",
    "assessment": "Assessment: how it went, progress",
    "plan": "Plan: next steps, next meeting",
    "goals": "Goals: what the peer is working on",
    "intervention": "Intervention: what you did together",
    "response": "Response: how the peer responded",
}


PROBLEM_WORDS = {
    "occurred_on": "Enter the date of the meeting",
    "minutes": "Enter the minutes, a number from 1 to 1440",
    "sections": "Write something in at least one section",
    "format": "A note keeps the format it was started in",
}


def note_problem_words(fields: dict[str, str]) -> list[str]:
    """What to do about each problem field, in words (never the value typed)."""
    words = []
    for name in sorted(fields):
        section = name.removeprefix("sections.")
        if section != name:
            title = SECTION_TEXT.get(section, section).split(":")[0]
            words.append(f"The {title} section is too long")
        else:
            words.append(PROBLEM_WORDS.get(name, f"Check {name.replace('_', ' ')}"))
    return words


def _form_values(request_form: dict[str, str], fmt: NoteFormat) -> dict[str, str]:
    return {name: request_form.get(name, "") for name in SECTIONS[fmt]}


def _draft(
    fmt: NoteFormat,
    sections: dict[str, str],
    occurred_on: str,
    minutes: str,
    modality: Modality,
    setting: Setting,
    labels: list[Label],
    goals: list[str],
) -> NoteDraft:
    problems: dict[str, str] = {}
    try:
        day = date.fromisoformat(occurred_on)
    except ValueError:
        day, problems["occurred_on"] = date(1970, 1, 1), "invalid_date"
    try:
        mins = int(minutes)
    except ValueError:
        mins, problems["minutes"] = 0, "not_a_number"
    if problems:
        raise InvalidInput("note is not valid", fields=problems)
    body = NoteBody(fmt, sections, tuple(goals))
    return NoteDraft(day, mins, body, modality, setting, frozenset(labels))


class NoteForm:
    """The note form's fields, parsed once for autosave and sign."""

    def __init__(
        self,
        note_format: Annotated[NoteFormat, Form()] = NoteFormat.DAP,
        note_id: Annotated[str, Form(max_length=36)] = "",
        version: Annotated[int, Form()] = 1,
        occurred_on: Annotated[str, Form(max_length=10)] = "",
        minutes: Annotated[str, Form(max_length=5)] = "",
        modality: Annotated[Modality, Form()] = Modality.IN_PERSON,
        setting: Annotated[Setting, Form()] = Setting.OFFICE,
        labels: Annotated[list[Label], Form()] = [],  # noqa: B006 - FastAPI form default
        goals: Annotated[list[str], Form(max_length=50)] = [],  # noqa: B006
        data: Section = "",
        assessment: Section = "",
        plan: Section = "",
        intervention: Section = "",
        response: Section = "",
        goals_text: Section = "",
    ) -> None:
        every = {"data": data, "assessment": assessment, "plan": plan, "goals": goals_text,
                 "intervention": intervention, "response": response}  # fmt: skip
        self.format = note_format
        self.note_id = EncounterId(note_id) if note_id else None
        self.version = version
        self.sections = {k: every[k] for k in SECTIONS[note_format]}
        self.draft_args = (occurred_on, minutes, modality, setting, labels, goals)

    def draft(self) -> NoteDraft:
        return _draft(self.format, self.sections, *self.draft_args)


Fields = Annotated[NoteForm, Depends()]


def _editor(request: Request, me: object, page: drafts.DraftPage, peer_id: PeerId,
            fmt: NoteFormat, status: int = 200, **extra: object) -> Response:  # fmt: skip
    return render(
        request, "note_edit.html", status=status, actor=me, title="Write a note",  # type: ignore[arg-type]
        peer_id=peer_id, page=page, format=fmt, sections=SECTIONS[fmt],
        section_text=SECTION_TEXT, labels=LABEL_TEXT, modalities=list(Modality),
        settings=list(Setting), flag_editor=new_id(), **extra,
    )  # fmt: skip


@router.get("/peers/{peer_id}/notes/new", **acts(Action.PLAN_READ))
def new_note(
    request: Request, peer_id: PeerId, ctx: Care, me: Me, uow: Uow, format: str = "dap"
) -> Response:
    fmt = NoteFormat.GIRP if format == "girp" else NoteFormat.DAP
    page = drafts.open_draft(ctx, peer_id, None, uow=uow)
    return _editor(request, me, page, peer_id, fmt)


@router.get("/peers/{peer_id}/notes/{note_id}/edit", **acts(Action.NOTE_UPDATE, Action.PLAN_READ))
def edit_note(
    request: Request, peer_id: PeerId, note_id: EncounterId, ctx: Care, me: Me, uow: Uow
) -> Response:
    page = drafts.open_draft(ctx, peer_id, note_id, uow=uow)
    assert page.note is not None
    return _editor(request, me, page, peer_id, page.note.body.format)


@router.post("/peers/{peer_id}/notes/draft", **acts(Action.NOTE_CREATE, Action.NOTE_UPDATE))
def autosave(request: Request, peer_id: PeerId, ctx: Care, uow: Uow, form: Fields) -> Response:
    """htmx autosave: answers with the draft's id, version and a status line. Without
    JavaScript the Save button lands here too and goes on to the draft's page."""
    htmx = bool(request.headers.get("HX-Request"))
    try:
        view = drafts.save_draft(
            ctx, peer_id, form.note_id, form.draft(), version=form.version, uow=uow
        )
    except (InvalidInput, Conflict) as exc:
        if not htmx:
            raise
        return render(request, "_draft_state.html", note_id=form.note_id or "",
                      version=form.version, problem=type(exc).__name__,
                      fields=note_problem_words(getattr(exc, "fields", {})))  # fmt: skip
    own_address = f"/peers/{peer_id}/notes/{view.id}/edit"
    if not htmx:
        return redirect(own_address)
    page = render(request, "_draft_state.html", note_id=view.id, version=view.version,
                  saved_at=ctx.now)  # fmt: skip
    # The first save moves the page to the draft's address, so a reload shows the draft. Only
    # the first: Chromium drops a navigation already under way (a flag's button) when the
    # address changes under it, and later saves keep the same address anyway.
    if form.note_id is None:
        page.headers["HX-Replace-Url"] = own_address
    return page


@router.post("/peers/{peer_id}/notes/delete", **acts(Action.NOTE_DELETE_DRAFT))
def delete(
    peer_id: PeerId,
    ctx: Care,
    uow: Uow,
    note_id: Annotated[str, Form(max_length=36)] = "",
    confirm_delete: Annotated[bool, Form()] = False,
) -> Response:
    """Delete one's own unsigned draft once its box is ticked (the draft's id comes with the
    note form, current after every autosave), then the list of drafts."""
    if not confirm_delete:
        raise InvalidInput(
            "Tick the box to confirm you want to delete this draft; nothing was deleted",
            fields={"confirm_delete": "required"},
        )
    if not note_id:  # nothing was ever saved, so nothing is kept
        return redirect(f"/peers/{peer_id}")
    drafts.delete_draft(ctx, peer_id, EncounterId(note_id), uow=uow)
    return redirect("/drafts?deleted=1")


@router.get("/drafts", **acts(Action.PEER_LIST))
def my_drafts(request: Request, ctx: Care, me: Me, uow: Uow, deleted: int = 0) -> Response:
    """My unsigned drafts: the peer, the date, when last saved; never the text."""
    items = drafts.list_my_drafts(ctx, uow=uow)
    return render(request, "drafts.html", actor=me, title="My drafts", items=items,
                  deleted=bool(deleted))  # fmt: skip


@router.post("/peers/{peer_id}/notes/sign", **acts(Action.NOTE_CREATE, Action.NOTE_SIGN))
def sign(peer_id: PeerId, ctx: Care, uow: Uow, form: Fields) -> Response:
    """Sign with the text as it stands on the page; from now on it only takes amendments."""
    view = drafts.save_draft(
        ctx, peer_id, form.note_id, form.draft(), version=form.version, sign=True, uow=uow
    )
    return redirect(f"/notes/{view.id}")


@router.post("/peers/{peer_id}/notes/flags", **acts(Action.FLAG_RECORD))
def flags(
    request: Request,
    peer_id: PeerId,
    ctx: Care,
    me: Me,
    uow: Uow,
    form: Fields,
    flag_editor: Annotated[str, Form(max_length=36)] = "",
) -> Response:
    """htmx, a second after typing stops: crisis flags in the note's text (sent in the body,
    never the URL, never logged), with the crisis protocol. The panel replaces itself."""
    panel = safety_flags.check_note(
        ctx, peer_id, note_id=form.note_id, editor_id=flag_editor, sections=form.sections,
        uow=uow,
    )  # fmt: skip
    return render(request, "_flags.html", actor=me, peer_id=peer_id, panel=panel,
                  flag_editor=flag_editor, fragment=True, **FLAG_WORDS)  # fmt: skip


@router.get("/notes/{note_id}", **acts(Action.NOTE_READ))
def read(
    request: Request,
    note_id: EncounterId,
    purpose: RecordPurpose,
    ctx: Annotated[RequestContext, Depends(page_context(Purpose.TREATMENT))],
    me: Me,
    uow: Uow,
) -> Response:
    ctx = RequestContext(ctx.actor, purpose, ctx.now, ctx.request_id)
    page = reviews.open_note(ctx, note_id, uow=uow)
    return render(request, "note.html", actor=me, title="Note", page=page, purpose=purpose,
                  labels=LABEL_TEXT, section_text=SECTION_TEXT)  # fmt: skip


@router.post("/notes/{note_id}/amendments", **acts(Action.NOTE_AMEND))
def amend(
    request: Request,
    note_id: EncounterId,
    ctx: Care,
    me: Me,
    uow: Uow,
    reason: Annotated[str, Form(max_length=20000)] = "",
    text: Annotated[str, Form(max_length=20000)] = "",
) -> Response:
    """Append an amendment; a missing part brings the note back with the form open, what was
    typed still in it and the problem named in words."""
    try:
        notes.amend_note(ctx, note_id, reason=reason, text=text, uow=uow)
    except InvalidInput as exc:
        page = reviews.open_note(ctx, note_id, uow=uow)
        return render(request, "note.html", status=422, actor=me, title="Note", page=page,
                      purpose=Purpose.TREATMENT, labels=LABEL_TEXT, section_text=SECTION_TEXT,
                      amend={"reason": reason, "text": text}, problems=exc.fields)  # fmt: skip
    return redirect(f"/notes/{note_id}")
