"""Factories for tests. Every made peer carries canary text, so leak scans have prey."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, text

from confide.audit import canonical
from confide.audit.events import AccessEvent
from confide.domain.actors import Actor, Purpose, RequestContext, Role
from confide.domain.encounters import Label, NoteBody, NoteFormat
from confide.domain.ids import OrgId, StaffId
from confide.domain.peers import PeerIdentity
from confide.services import UnitOfWorkFactory
from confide.services import notes as notes_service
from confide.services import peers as peers_service
from confide.services import staff as staff_service
from confide.services.mfa import provision_totp
from confide.services.organizations import ProgramFacts, create_organization

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
# Every made staff member (administrators too) is enrolled with this TOTP secret, so tests can
# compute their codes with `confide.services.mfa.code_at(TOTP_SECRET, now)`.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)


def canary(kind: str) -> str:
    """A unique string that must never appear in plaintext anywhere at rest."""
    return f"CANARY{kind.upper()}{uuid.uuid4().hex[:10]}"


def ctx_for(
    actor: Actor, purpose: Purpose = Purpose.TREATMENT, now: datetime = NOW
) -> RequestContext:
    return RequestContext(actor, purpose, now)


def make_org(
    uows: UnitOfWorkFactory, name: str | None = None, facts: ProgramFacts | None = None
) -> Actor:
    """A new organization (its program with `facts`); returns its administrator as an actor."""
    username = f"admin{next(_counter)}"
    view = create_organization(
        name or f"Org {next(_counter)}",
        admin_username=username,
        admin_password=PASSWORD,
        now=NOW,
        uow=uows(),
        facts=facts,
    )
    provision_totp(view.id, view.admin_id, TOTP_SECRET, now=NOW, uow=uows())
    return Actor(view.admin_id, view.id, frozenset({Role.ADMIN}), username)


def make_staff(uows: UnitOfWorkFactory, admin: Actor, *roles: Role, username: str = "") -> Actor:
    view = staff_service.add_staff(
        ctx_for(admin, Purpose.ADMINISTRATION),
        username=username or f"staff{next(_counter)}",
        display_name="Staff Member",
        password=PASSWORD,
        roles=frozenset(roles or {Role.PEER_SPECIALIST}),
        uow=uows(),
    )
    org = OrgId(admin.organization_id)
    provision_totp(org, StaffId(view.id), TOTP_SECRET, now=NOW, uow=uows())
    return Actor(StaffId(view.id), org, view.roles, view.username)


def identity(**overrides: Any) -> PeerIdentity:
    values: dict[str, Any] = {
        "preferred_name": canary("pref"),
        "first_name": canary("first"),
        "last_name": canary("last"),
        "date_of_birth": date(1985, 4, 12),
        "phone": f"(555) 01{next(_counter) % 10}-{next(_counter) % 10000:04d}",
        "email": f"{canary('mail').lower()}@example.org",
    }
    return PeerIdentity(**(values | overrides))


def make_peer(uows: UnitOfWorkFactory, author: Actor, **overrides: Any) -> peers_service.PeerView:
    return peers_service.add_peer(ctx_for(author), identity(**overrides), uow=uows())


def draft(text: str | None = None, **overrides: Any) -> notes_service.NoteDraft:
    body = NoteBody(
        NoteFormat.DAP,
        {"data": text or canary("note"), "assessment": canary("assess"), "plan": "next week"},
        ("housing",),
    )
    values: dict[str, Any] = {
        "occurred_on": date(2026, 11, 20),
        "minutes": 45,
        "body": body,
        "labels": frozenset({Label.SUD}),
    }
    return notes_service.NoteDraft(**(values | overrides))


IMPORT_HEADER = (
    ",".join(
        (
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "phone",
            "email",
            "note_date",
            "note_minutes",
            "note_text",
        )
    )
    + "\n"
)


def logged(connection: Connection) -> list[AccessEvent]:
    """Every access event in the log, in order, decoded from the hashed bytes (the log keeps
    nothing else about an event)."""
    rows = connection.execute(text("SELECT canonical FROM access_events ORDER BY seq"))
    return [canonical.decode(bytes(data)) for (data,) in rows]
