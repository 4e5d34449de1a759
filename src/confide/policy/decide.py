"""decide(actor, action, resource, purpose, relationships, now) -> Decision. Pure; no I/O.

Deny by default: an action is allowed only when a named rule allows it. Roles grant
capabilities; relationships (care team, supervision) grant access to a peer's record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, Role
from confide.domain.decisions import Decision
from confide.domain.encounters import EncounterStatus, Label
from confide.domain.ids import StaffId

ADMIN_ACTIONS = frozenset(
    {
        Action.STAFF_CREATE,
        Action.STAFF_LIST,
        Action.SUPERVISION_ASSIGN,
        Action.CARE_TEAM_ASSIGN,
        Action.CARE_TEAM_REMOVE,
        Action.IMPORT_RUN,
    }
)
CARE_ROLES = frozenset({Role.PEER_SPECIALIST, Role.SUPERVISOR})
RECORD_ACTIONS = frozenset(
    {
        Action.PEER_READ,
        Action.PEER_UPDATE,
        Action.CARE_TEAM_READ,
        Action.NOTE_CREATE,
        Action.NOTE_LIST,
        Action.NOTE_READ,
        Action.NOTE_UPDATE,
        Action.NOTE_SIGN,
        Action.NOTE_AMEND,
        Action.PLAN_CREATE,
        Action.PLAN_READ,
        Action.PLAN_UPDATE,
    }
)
HIPAA_MIN_NECESSARY = "45 CFR 164.502(b)"


@dataclass(frozen=True, slots=True)
class Resource:
    """What an action touches: ids and policy metadata, never content."""

    kind: str
    organization_id: str
    peer_id: str | None = None
    author_id: str | None = None
    status: EncounterStatus | None = None
    labels: frozenset[Label] = frozenset()


@dataclass(frozen=True, slots=True)
class Relationships:
    """Facts loaded for one request: who is on the peer's care team, whom the actor supervises."""

    care_team: frozenset[StaffId] = frozenset()
    supervisees: frozenset[StaffId] = frozenset()
    known: bool = field(default=True)


def decide(
    actor: Actor,
    action: Action,
    resource: Resource,
    purpose: Purpose,
    relationships: Relationships,
    now: datetime,
) -> Decision:
    """The decision for one request. `now` is an argument so the function stays pure."""
    del now  # time-bound rules (break-glass expiry) arrive with the authorization issue
    if resource.organization_id != actor.organization_id:
        return Decision.deny("org.boundary", "Records never cross organizations.")
    if action in ADMIN_ACTIONS:
        if actor.has(Role.ADMIN):
            return Decision.allow("role.admin", "Administrators manage staff and assignments.")
        return Decision.deny("role.admin_required", "Only an administrator may do this.")
    if action is Action.PEER_SHRED:
        if actor.roles & {Role.PRIVACY_OFFICER, Role.ADMIN}:
            return Decision.allow("role.retention", "Retention decisions shred records.")
        return Decision.deny("role.retention_required", "Only retention roles may shred.")
    if action is Action.PEER_CREATE:
        if actor.roles & (CARE_ROLES | {Role.ADMIN}):
            return Decision.allow("role.intake", "Care staff and administrators may add peers.")
        return Decision.deny("role.intake_required", "Your role cannot add peers.")
    if action in (Action.PEER_LIST, Action.PEER_SEARCH):
        if actor.roles & CARE_ROLES:
            return Decision.allow("rel.own_caseload", "Lists show only your own care teams.")
        return Decision.deny("role.care_required", "Your role has no caseload.")
    if action in RECORD_ACTIONS:
        return _record(actor, action, resource, purpose, relationships)
    return Decision.deny("default.deny", "No rule allows this action.")


def _record(
    actor: Actor,
    action: Action,
    resource: Resource,
    purpose: Purpose,
    relationships: Relationships,
) -> Decision:
    me = actor.staff_id
    if (
        purpose is Purpose.IMPORT
        and actor.has(Role.ADMIN)
        and action in (Action.NOTE_CREATE, Action.PLAN_UPDATE)
    ):
        return Decision.allow("role.import", "Administrators load records they cannot read.")
    if resource.kind == "encounter":
        narrowed = _note_narrowing(me, action, resource)
        if narrowed is not None:
            return narrowed
    if me in relationships.care_team and actor.roles & CARE_ROLES:
        return Decision.allow(
            "rel.care_team", "You are on this peer's care team.", HIPAA_MIN_NECESSARY
        )
    if (
        action in (Action.NOTE_READ, Action.NOTE_LIST)
        and purpose is Purpose.SUPERVISION
        and actor.has(Role.SUPERVISOR)
        and (resource.author_id in relationships.supervisees or action is Action.NOTE_LIST)
        and relationships.supervisees & relationships.care_team
    ):
        return Decision.allow(
            "rel.supervision", "You supervise the author of this note.", HIPAA_MIN_NECESSARY
        )
    return Decision.deny("default.deny", "You are not on this peer's care team.")


def _note_narrowing(me: str, action: Action, resource: Resource) -> Decision | None:
    """Rules that narrow note access whatever the relationship."""
    if resource.status is EncounterStatus.DRAFT and resource.author_id != me:
        return Decision.deny("note.draft_author_only", "A draft is visible to its author only.")
    if Label.RESTRICTED in resource.labels and resource.author_id != me:
        return Decision.deny("note.restricted", "This note is restricted to its author.")
    if action is Action.NOTE_UPDATE and resource.author_id != me:
        return Decision.deny("note.author_only", "Only the author edits a draft.")
    return None
