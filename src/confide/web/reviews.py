"""The supervisor's review and co-sign queue; the privacy officer's break-glass queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.ids import EncounterId
from confide.services import break_glass, reviews
from confide.web.deps import Me, PrivacyReview, Supervision, Uow, WebRoute, acts, redirect, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get("/reviews", **acts(Action.NOTE_REVIEW_LIST))
def review_queue(request: Request, ctx: Supervision, me: Me, uow: Uow) -> Response:
    items = reviews.list_review_queue(ctx, uow=uow)
    return render(request, "reviews.html", actor=me, title="Notes to review", items=items)


@router.post("/notes/{note_id}/cosign", **acts(Action.NOTE_COSIGN))
def cosign(note_id: EncounterId, ctx: Supervision, uow: Uow) -> Response:
    reviews.cosign_note(ctx, note_id, uow=uow)
    return redirect("/reviews")


@router.get("/break-glass", **acts(Action.BREAK_GLASS_LIST))
def privacy_queue(request: Request, ctx: PrivacyReview, me: Me, uow: Uow) -> Response:
    pending = break_glass.list_break_glass(ctx, uow=uow)
    return render(request, "break_glass.html", actor=me, title="Emergency access to review",
                  grants=pending)  # fmt: skip


@router.post("/break-glass/{grant_id}/review", **acts(Action.BREAK_GLASS_REVIEW))
def review(
    grant_id: str,
    ctx: PrivacyReview,
    uow: Uow,
    justified: Annotated[bool, Form()],
    note: Annotated[str, Form(max_length=2000)],
) -> Response:
    break_glass.review_break_glass(ctx, grant_id, justified=justified, note=note, uow=uow)
    return redirect("/break-glass")
