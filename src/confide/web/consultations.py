"""Share for supervision: the author previews and shares a de-identified copy of a signed note
with one supervisor; the recipient's "Case consultations" list and the copy page. No page here
names the peer or carries the peer's id; the recipient's pages carry no note id either."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.ids import EncounterId, StaffId
from confide.errors import InvalidInput
from confide.services import consultations
from confide.web.deps import Care, Me, Supervision, Uow, WebRoute, acts, redirect, render
from confide.web.notes import LABEL_TEXT, SECTION_TEXT

router = APIRouter(route_class=WebRoute, include_in_schema=False)
ENDS = {"7": "in 7 days", "30": "in 30 days", "90": "in 90 days", "never": "when I revoke it"}
DEFAULT_END = "30"
STATES = {"active": "open", "expired": "expired", "revoked": "revoked, copy destroyed"}


@router.get("/notes/{note_id}/share", **acts(Action.NOTE_READ))
def share_form(request: Request, note_id: EncounterId, ctx: Care, me: Me, uow: Uow) -> Response:
    """The copy exactly as the supervisor would read it, before anything is shared."""
    preview = consultations.preview_share(ctx, note_id, uow=uow)
    return render(request, "consultation_share.html", actor=me,
                  title="Share for case consultation", preview=preview, copy=preview.copy,
                  ends=ENDS, default_end=DEFAULT_END, labels=LABEL_TEXT,
                  section_text=SECTION_TEXT)  # fmt: skip


@router.post("/notes/{note_id}/share", **acts(Action.CONSULTATION_SHARE))
def share(
    note_id: EncounterId,
    ctx: Care,
    uow: Uow,
    recipient_id: Annotated[str, Form(max_length=36)],
    ends: Annotated[str, Form(max_length=8)] = DEFAULT_END,
) -> Response:
    if ends not in ENDS:
        raise InvalidInput("choose when the share ends", fields={"ends": "invalid"})
    expires_at = None if ends == "never" else ctx.now + timedelta(days=int(ends))
    view = consultations.share_note(
        ctx, note_id, recipient_id=StaffId(recipient_id), expires_at=expires_at, uow=uow
    )
    return redirect(f"/consultations/{view.summary.id}")


@router.get("/consultations", **acts(Action.CONSULTATION_LIST))
def consultation_list(request: Request, ctx: Supervision, me: Me, uow: Uow) -> Response:
    lists = consultations.list_consultations(ctx, uow=uow)
    return render(request, "consultations.html", actor=me, title="Case consultations",
                  lists=lists, states=STATES)  # fmt: skip


@router.get("/consultations/{consultation_id}", **acts(Action.CONSULTATION_READ))
def consultation_copy(
    request: Request, consultation_id: str, ctx: Supervision, me: Me, uow: Uow
) -> Response:
    view = consultations.read_consultation(ctx, consultation_id, uow=uow)
    return render(request, "consultation.html", actor=me, title="Case consultation",
                  view=view, copy=view.copy, states=STATES, labels=LABEL_TEXT,
                  section_text=SECTION_TEXT)  # fmt: skip


@router.post("/consultations/{consultation_id}/revoke", **acts(Action.CONSULTATION_REVOKE))
def revoke(consultation_id: str, ctx: Supervision, uow: Uow) -> Response:
    consultations.revoke_consultation(ctx, consultation_id, uow=uow)
    return redirect("/consultations")
