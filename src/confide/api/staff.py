"""Staff and supervision links (administrators)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.actors import Role
from confide.domain.ids import StaffId
from confide.services import staff as service

router = APIRouter(tags=["staff"])


class StaffIn(BaseModel):
    username: str = Field(min_length=2, max_length=64)
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=12, max_length=1024)
    roles: list[Role] = Field(min_length=1, max_length=5)


class SupervisorIn(BaseModel):
    supervisor_id: str = Field(min_length=36, max_length=36)


class StaffOut(BaseModel):
    id: str
    username: str
    display_name: str
    roles: list[str]
    active: bool

    @classmethod
    def of(cls, v: service.StaffView) -> StaffOut:
        return cls(
            id=v.id,
            username=v.username,
            display_name=v.display_name,
            roles=sorted(v.roles),
            active=v.active,
        )


@router.get("/staff", response_model=list[StaffOut], **acts(Action.STAFF_LIST))
def list_staff(ctx: Ctx, uow: Uow) -> list[StaffOut]:
    """Everyone in your organization."""
    return [StaffOut.of(v) for v in service.list_staff(ctx, uow=uow)]


@router.post("/staff", response_model=StaffOut, status_code=201, **acts(Action.STAFF_CREATE))
def add_staff(body: StaffIn, ctx: Ctx, uow: Uow) -> StaffOut:
    """Add a staff member with roles."""
    view = service.add_staff(
        ctx,
        username=body.username,
        display_name=body.display_name,
        password=body.password,
        roles=frozenset(body.roles),
        uow=uow,
    )
    return StaffOut.of(view)


@router.post("/staff/{staff_id}/supervisor", status_code=204, **acts(Action.SUPERVISION_ASSIGN))
def assign_supervisor(staff_id: str, body: SupervisorIn, ctx: Ctx, uow: Uow) -> None:
    """Link this staff member to the supervisor who reviews their notes."""
    service.assign_supervisor(ctx, StaffId(body.supervisor_id), StaffId(staff_id), uow=uow)
