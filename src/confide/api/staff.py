"""Staff, their mandated-reporter status, and supervision links (administrators)."""

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
    mandated_reporter_child: bool = False  # must report suspected child abuse
    mandated_reporter_adult: bool = False  # must report suspected abuse of an adult


class MandatedReporterIn(BaseModel):
    """Whether the staff member is a mandated reporter: of child abuse, of adult abuse."""

    child: bool
    adult: bool


class SupervisorIn(BaseModel):
    supervisor_id: str = Field(min_length=36, max_length=36)


class StaffOut(BaseModel):
    id: str
    username: str
    display_name: str
    roles: list[str]
    active: bool
    mandated_reporter_child: bool
    mandated_reporter_adult: bool

    @classmethod
    def of(cls, v: service.StaffView) -> StaffOut:
        return cls(
            id=v.id,
            username=v.username,
            display_name=v.display_name,
            roles=sorted(v.roles),
            active=v.active,
            mandated_reporter_child=v.mandated_child,
            mandated_reporter_adult=v.mandated_adult,
        )


@router.get("/staff", response_model=list[StaffOut], **acts(Action.STAFF_LIST))
def list_staff(ctx: Ctx, uow: Uow) -> list[StaffOut]:
    """Everyone in your organization."""
    return [StaffOut.of(v) for v in service.list_staff(ctx, uow=uow)]


@router.post("/staff", response_model=StaffOut, status_code=201, **acts(Action.STAFF_CREATE))
def add_staff(body: StaffIn, ctx: Ctx, uow: Uow) -> StaffOut:
    """Add a staff member with roles and their mandated-reporter status."""
    view = service.add_staff(
        ctx,
        username=body.username,
        display_name=body.display_name,
        password=body.password,
        roles=frozenset(body.roles),
        uow=uow,
        mandated_child=body.mandated_reporter_child,
        mandated_adult=body.mandated_reporter_adult,
    )
    return StaffOut.of(view)


@router.put(
    "/staff/{staff_id}/mandated-reporter", response_model=StaffOut, **acts(Action.STAFF_CREATE)
)
def set_mandated_reporter(staff_id: str, body: MandatedReporterIn, ctx: Ctx, uow: Uow) -> StaffOut:
    """Record whether this staff member is a mandated reporter of child abuse, of adult abuse;
    their disclosure requests carry it."""
    view = service.set_mandated_reporter(
        ctx, StaffId(staff_id), child=body.child, adult=body.adult, uow=uow
    )
    return StaffOut.of(view)


@router.post("/staff/{staff_id}/supervisor", status_code=204, **acts(Action.SUPERVISION_ASSIGN))
def assign_supervisor(staff_id: str, body: SupervisorIn, ctx: Ctx, uow: Uow) -> None:
    """Link this staff member to the supervisor who reviews their notes."""
    service.assign_supervisor(ctx, StaffId(body.supervisor_id), StaffId(staff_id), uow=uow)
