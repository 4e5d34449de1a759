"""Organizations: the first one and its administrator, created by `confide init`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from confide.domain.actors import Actor, Role
from confide.domain.ids import OrgId, ProgramId, StaffId, new_id
from confide.domain.organizations import RegulatoryProfile
from confide.errors import Conflict, InvalidInput
from confide.services.passwords import MIN_PASSWORD, hash_password
from confide.services.staff import check_new_staff
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ProgramFacts:
    """What the disclosure rules ask of a program beside its regulatory profile (contract v2):
    it fundraises on its own behalf, so a Part 2 consent carries the fundraising opt-out
    (42 CFR 2.31(a)(5)(iii)); it is publicly identified as a place that provides only substance
    use disorder services (2.13(c)(1))."""

    fundraises: bool = False
    publicly_identified_sud: bool = False


@dataclass(frozen=True, slots=True)
class OrganizationView:
    id: OrgId
    name: str
    admin_id: StaffId


def check_new_organization(name: str, admin_username: str, admin_password: str) -> None:
    """Validate before anything is written, so a refused init leaves nothing behind."""
    if not name.strip() or len(name) > 200:
        raise InvalidInput("organization name is required", fields={"org": "required"})
    check_new_staff(admin_username, admin_username, frozenset({Role.ADMIN}))
    if len(admin_password) < MIN_PASSWORD:
        raise InvalidInput("password too short", fields={"password": f"min_{MIN_PASSWORD}"})


def create_organization(
    name: str,
    *,
    admin_username: str,
    admin_password: str,
    now: datetime,
    uow: UnitOfWork,
    profile: RegulatoryProfile | None = None,
    facts: ProgramFacts | None = None,
) -> OrganizationView:
    """A new organization with one program (its regulatory profile and facts) and its first
    administrator."""
    check_new_organization(name, admin_username, admin_password)
    password_hash = hash_password(admin_password)
    with uow:
        if uow.organizations.by_name(name) is not None:
            raise Conflict("an organization with that name exists")
        org_id, admin_id = OrgId(new_id()), StaffId(new_id())
        uow.organizations.add(org_id, name, now)
        facts = facts or ProgramFacts()
        uow.organizations.add_program(
            org_id, ProgramId(new_id()), "Peer support", profile or RegulatoryProfile(), now,
            fundraises=facts.fundraises, publicly_identified_sud=facts.publicly_identified_sud,
        )  # fmt: skip
        uow.staff.add(
            org_id,
            admin_id,
            username=admin_username,
            display_name=admin_username,
            password_hash=password_hash,
            roles=frozenset({Role.ADMIN}),
            created_at=now,
        )
        uow.commit()
    return OrganizationView(org_id, name, admin_id)


def find_organization(name: str, *, uow: UnitOfWork) -> OrganizationView:
    """The organization called `name`, with its first administrator (for CLI work)."""
    with uow:
        org = uow.organizations.by_name(name)
        if org is None:
            raise InvalidInput("no organization by that name", fields={"org": "unknown"})
        admins = [s for s in uow.staff.list(org.id) if Role.ADMIN in s.roles and s.active]
        if not admins:
            raise InvalidInput(
                "organization has no active administrator", fields={"org": "no_admin"}
            )
    return OrganizationView(org.id, org.name, admins[0].id)


def find_actor(org_name: str, *, username: str | None, role: Role, uow: UnitOfWork) -> Actor:
    """The staff member a CLI command acts as: `username` in the organization called
    `org_name`, or else its one active staff member holding `role`. What they may do is
    still for policy to decide."""
    with uow:
        org = uow.organizations.by_name(org_name)
        if org is None:
            raise InvalidInput("no organization by that name", fields={"org": "unknown"})
        active = [s for s in uow.staff.list(org.id) if s.active]
    if username is not None:
        chosen = [s for s in active if s.username == username]
        if not chosen:
            raise InvalidInput("no active staff member by that name", fields={"as": "unknown"})
    else:
        chosen = [s for s in active if role in s.roles]
        if len(chosen) != 1:
            problem = "none" if not chosen else "several"
            raise InvalidInput(f"{problem} with role {role}; name one", fields={"as": problem})
    staff = chosen[0]
    return Actor(staff.id, org.id, staff.roles, staff.username)
