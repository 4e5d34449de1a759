"""A peer's agreed restrictions on who sees their record."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.encounters import Label
from confide.domain.ids import PeerId, StaffId
from confide.services import restrictions as service

router = APIRouter(tags=["restrictions"])


class RestrictionIn(BaseModel):
    staff_id: str = Field(min_length=36, max_length=36)
    label: Label | None = None  # none: the whole record


class RestrictionOut(BaseModel):
    staff_id: str
    label: str


@router.post(
    "/peers/{peer_id}/restrictions",
    response_model=RestrictionOut,
    status_code=201,
    **acts(Action.RESTRICTION_ADD),
)
def add(peer_id: str, body: RestrictionIn, ctx: Ctx, uow: Uow) -> RestrictionOut:
    """Keep the record (or notes with one label) from one staff member, as the peer agreed."""
    view = service.add_restriction(
        ctx, PeerId(peer_id), StaffId(body.staff_id), label=body.label, uow=uow
    )
    return RestrictionOut(staff_id=view.staff_id, label=view.label)


@router.get(
    "/peers/{peer_id}/restrictions",
    response_model=list[RestrictionOut],
    **acts(Action.RESTRICTION_LIST),
)
def list_all(peer_id: str, ctx: Ctx, uow: Uow) -> list[RestrictionOut]:
    """The restrictions on this peer's record."""
    views = service.list_restrictions(ctx, PeerId(peer_id), uow=uow)
    return [RestrictionOut(staff_id=v.staff_id, label=v.label) for v in views]
