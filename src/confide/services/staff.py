"""Staff accounts, roles and supervision links. Administrators only."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from confide.domain.actions import Action
from confide.domain.actors import RequestContext, Role
from confide.domain.ids import OrgId, StaffId, new_id
from confide.errors import Conflict, InvalidInput, NotFound
from confide.policy import Resource
from confide.services._guard import authorize
from confide.services.passwords import hash_password
from confide.store.staff import StaffRow
from confide.store.uow import UnitOfWork

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True, slots=True)
class StaffView:
    id: StaffId
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    mandated_child: bool = False  # a mandated reporter of suspected child abuse
    mandated_adult: bool = False  # of suspected abuse of an adult


def check_new_staff(username: str, display_name: str, roles: frozenset[Role]) -> None:
    problems: dict[str, str] = {}
    if not _USERNAME.match(username):
        problems["username"] = "invalid_username"
    if not display_name.strip() or len(display_name) > 200:
        problems["display_name"] = "required"
    if not roles:
        problems["roles"] = "required"
    if problems:
        raise InvalidInput("staff member is not valid", fields=problems)


def add_staff(
    ctx: RequestContext,
    *,
    username: str,
    display_name: str,
    password: str,
    roles: frozenset[Role],
    uow: UnitOfWork,
    mandated_child: bool = False,
    mandated_adult: bool = False,
) -> StaffView:
    """An administrator adds a staff member with roles and their mandated-reporter status."""
    check_new_staff(username, display_name, roles)
    password_hash = hash_password(password)
    with uow:
        org, staff_id = OrgId(ctx.actor.organization_id), StaffId(new_id())
        authorize(ctx, uow, Action.STAFF_CREATE, Resource("staff", org), resource_id=staff_id)
        if uow.staff.by_username(username, org):
            raise Conflict("that username is taken")
        uow.staff.add(
            org,
            staff_id,
            username=username,
            display_name=display_name,
            password_hash=password_hash,
            roles=roles,
            created_at=ctx.now,
            mandated_child=mandated_child,
            mandated_adult=mandated_adult,
        )
        uow.commit()
    return StaffView(staff_id, username, display_name, roles, True, mandated_child, mandated_adult)


def list_staff(ctx: RequestContext, *, uow: UnitOfWork) -> list[StaffView]:
    """Everyone in the actor's organization."""
    with uow:
        org = OrgId(ctx.actor.organization_id)
        authorize(ctx, uow, Action.STAFF_LIST, Resource("staff", org))
        rows = uow.staff.list(org)
        uow.commit()
    return [_view(r) for r in rows]


def _view(r: StaffRow) -> StaffView:
    return StaffView(
        r.id, r.username, r.display_name, r.roles, r.active, r.mandated_child, r.mandated_adult
    )


def set_mandated_reporter(
    ctx: RequestContext, staff_id: StaffId, *, child: bool, adult: bool, uow: UnitOfWork
) -> StaffView:
    """An administrator records whether a staff member is a mandated reporter of child abuse
    and of adult abuse; their disclosure requests carry it (the duty is the person's)."""
    with uow:
        org = OrgId(ctx.actor.organization_id)
        authorize(ctx, uow, Action.STAFF_UPDATE, Resource("staff", org), resource_id=staff_id)
        row = uow.staff.get(org, staff_id)
        if row is None:
            raise NotFound("staff", staff_id)
        uow.staff.set_mandated_reporter(org, staff_id, child=child, adult=adult)
        uow.commit()
    return replace(_view(row), mandated_child=child, mandated_adult=adult)


def assign_supervisor(
    ctx: RequestContext, supervisor_id: StaffId, supervisee_id: StaffId, *, uow: UnitOfWork
) -> None:
    """Link a peer specialist to the supervisor who reviews their notes."""
    with uow:
        org = OrgId(ctx.actor.organization_id)
        resource = Resource("supervision", org)
        authorize(ctx, uow, Action.SUPERVISION_ASSIGN, resource, resource_id=supervisee_id)
        supervisor = uow.staff.get(org, supervisor_id)
        if supervisor is None or Role.SUPERVISOR not in supervisor.roles:
            raise NotFound("supervisor", supervisor_id)
        if uow.staff.get(org, supervisee_id) is None:
            raise NotFound("staff", supervisee_id)
        if supervisee_id not in uow.care.supervisees_of(org, supervisor_id):
            uow.care.supervise(org, supervisor_id, supervisee_id)
        uow.commit()
