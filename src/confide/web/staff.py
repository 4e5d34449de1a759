"""Administration: staff and roles, each person's mandated-reporter status, supervision links,
care-team assignments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.actors import Role
from confide.domain.ids import PeerId, StaffId
from confide.errors import InvalidInput, NotFound
from confide.services import peers, staff
from confide.web.deps import Admin, Me, Uow, WebRoute, acts, redirect, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)
ROLE_TEXT = {
    Role.PEER_SPECIALIST: "Peer recovery specialist",
    Role.SUPERVISOR: "Supervisor",
    Role.PRIVACY_OFFICER: "Privacy officer",
    Role.ADMIN: "Administrator",
    Role.AUDITOR: "Auditor",
}


def _page(request: Request, ctx: Admin, me: Me, uow: Uow, status: int = 200,
          **extra: object) -> Response:  # fmt: skip
    people = staff.list_staff(ctx, uow=uow)
    supervisors = [p for p in people if Role.SUPERVISOR in p.roles]
    return render(request, "staff.html", status=status, actor=me, title="Staff", people=people,
                  supervisors=supervisors, roles=ROLE_TEXT, **extra)  # fmt: skip


@router.get("/admin/staff", **acts(Action.STAFF_LIST))
def staff_page(request: Request, ctx: Admin, me: Me, uow: Uow) -> Response:
    return _page(request, ctx, me, uow)


@router.post("/admin/staff", **acts(Action.STAFF_CREATE))
def add_staff(
    request: Request,
    ctx: Admin,
    me: Me,
    uow: Uow,
    username: Annotated[str, Form(max_length=64)],
    display_name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    roles: Annotated[list[Role], Form()] = [],  # noqa: B006 - FastAPI form default
    mandated_reporter_child: Annotated[bool, Form()] = False,
    mandated_reporter_adult: Annotated[bool, Form()] = False,
) -> Response:
    """A new account; its owner sets up the second factor at first login."""
    try:
        staff.add_staff(ctx, username=username, display_name=display_name, password=password,
                        roles=frozenset(roles), uow=uow, mandated_child=mandated_reporter_child,
                        mandated_adult=mandated_reporter_adult)  # fmt: skip
    except InvalidInput as exc:
        return _page(request, ctx, me, request.app.state.runtime.uow(), status=422,
                     problems=exc.fields)  # fmt: skip
    return redirect("/admin/staff")


@router.post("/admin/staff/{staff_id}/supervisor", **acts(Action.SUPERVISION_ASSIGN))
def assign_supervisor(
    staff_id: StaffId, ctx: Admin, uow: Uow, supervisor_id: Annotated[StaffId, Form()]
) -> Response:
    staff.assign_supervisor(ctx, supervisor_id, staff_id, uow=uow)
    return redirect("/admin/staff")


@router.post("/admin/staff/{staff_id}/mandated-reporter", **acts(Action.STAFF_CREATE))
def set_mandated_reporter(
    staff_id: StaffId,
    ctx: Admin,
    uow: Uow,
    mandated_reporter_child: Annotated[bool, Form()] = False,
    mandated_reporter_adult: Annotated[bool, Form()] = False,
) -> Response:
    """Whether this person must report suspected abuse of a child, of an adult (unticked: no)."""
    staff.set_mandated_reporter(ctx, staff_id, child=mandated_reporter_child,
                                adult=mandated_reporter_adult, uow=uow)  # fmt: skip
    return redirect("/admin/staff")


@router.post("/admin/care-team", **acts(Action.CARE_TEAM_ASSIGN))
def assign_care_team(
    request: Request,
    ctx: Admin,
    me: Me,
    uow: Uow,
    peer_id: Annotated[str, Form(max_length=100)] = "",
    staff_id: Annotated[str, Form(max_length=36)] = "",
) -> Response:
    """The peer is named by record number (the administrator cannot read records). A number
    that names no peer brings the page back with the number and the person still chosen."""
    typed = {"peer_id": peer_id, "staff_id": staff_id}
    try:
        if not peer_id.strip() or not staff_id:
            raise InvalidInput("care team", fields={k: "required" for k, v in typed.items()
                                                    if not v.strip()})  # fmt: skip
        peers.assign_care_team(ctx, PeerId(peer_id.strip()), StaffId(staff_id), uow=uow)
    except NotFound as exc:
        field = "staff_id" if exc.kind == "staff" else "peer_id"
        return _page(request, ctx, me, request.app.state.runtime.uow(), status=422,
                     care_problems={field: "not_found"}, care=typed)  # fmt: skip
    except InvalidInput as exc:
        return _page(request, ctx, me, request.app.state.runtime.uow(), status=422,
                     care_problems=exc.fields, care=typed)  # fmt: skip
    return redirect("/admin/staff")
