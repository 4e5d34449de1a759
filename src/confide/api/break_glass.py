"""Break-glass: open emergency access with a reason; the privacy officer reviews it."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.ids import PeerId
from confide.services import break_glass as service

router = APIRouter(tags=["break-glass"])


class StartIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class ReviewIn(BaseModel):
    justified: bool
    note: str = Field(min_length=1, max_length=2000)


class GrantOut(BaseModel):
    id: str
    peer_id: str
    staff_id: str
    reason: str
    started_at: datetime
    expires_at: datetime
    review_state: str
    reviewed_by: str | None
    review_note: str

    @classmethod
    def of(cls, v: service.GrantView) -> GrantOut:
        return cls(
            id=v.id, peer_id=v.peer_id, staff_id=v.staff_id, reason=v.reason,
            started_at=v.started_at, expires_at=v.expires_at, review_state=v.review_state,
            reviewed_by=v.reviewed_by, review_note=v.review_note,
        )  # fmt: skip


@router.post(
    "/peers/{peer_id}/break-glass",
    response_model=GrantOut,
    status_code=201,
    **acts(Action.BREAK_GLASS_START),
)
def start(peer_id: str, body: StartIn, ctx: Ctx, uow: Uow) -> GrantOut:
    """Open emergency read access for a limited time; the privacy officer is told."""
    return GrantOut.of(
        service.start_break_glass(ctx, PeerId(peer_id), reason=body.reason, uow=uow)
    )


@router.get("/break-glass", response_model=list[GrantOut], **acts(Action.BREAK_GLASS_LIST))
def queue(
    ctx: Ctx, uow: Uow, state: service.ReviewState = service.ReviewState.PENDING
) -> list[GrantOut]:
    """Break-glass events by review state (default: waiting for review)."""
    return [GrantOut.of(v) for v in service.list_break_glass(ctx, state=state, uow=uow)]


@router.post(
    "/break-glass/{grant_id}/review", response_model=GrantOut, **acts(Action.BREAK_GLASS_REVIEW)
)
def review(grant_id: str, body: ReviewIn, ctx: Ctx, uow: Uow) -> GrantOut:
    """Record whether the emergency access was justified, and why."""
    view = service.review_break_glass(
        ctx, grant_id, justified=body.justified, note=body.note, uow=uow
    )
    return GrantOut.of(view)
