"""Staff access decisions: decide(actor, action, resource, purpose, facts, now) -> Decision.

Pure and in memory. Deny by default: an action is allowed only when a named rule allows it.
Order: organization boundary, role capability, organization-level actions, consultation copies
(shared by the note's author, read by the one recipient), then a peer's record: the peer's
restrictions, note narrowing (drafts, labels), and finally a relationship (care team,
supervision, privacy review, break-glass) that opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, Role
from confide.domain.decisions import Decision, Obligation, Outcome
from confide.domain.encounters import EncounterStatus, Label
from confide.domain.ids import StaffId
from confide.policy.rules import AccessRules, default_rules

MIN_NECESSARY = "45 CFR 164.502(b)"
PART2_MIN = "42 CFR 2.13(a)"
EVERYTHING = "*"

ORG_ACTIONS = frozenset(
    {
        Action.STAFF_CREATE, Action.STAFF_LIST, Action.STAFF_UPDATE, Action.SUPERVISION_ASSIGN,
        Action.CARE_TEAM_ASSIGN, Action.CARE_TEAM_REMOVE, Action.IMPORT_RUN,
        Action.PEER_LIST, Action.PEER_SEARCH, Action.NOTIFICATION_LIST,
        Action.BREAK_GLASS_LIST, Action.BREAK_GLASS_REVIEW, Action.PEER_SHRED,
        Action.NOTE_REVIEW_LIST, Action.DISCLOSURE_REVIEW_LIST, Action.DISCLOSURE_REVIEW,
        Action.FLAG_LIST, Action.PROTOCOL_UPDATE,
    }
)  # fmt: skip
READS = frozenset(
    {
        Action.PEER_READ, Action.NOTE_READ, Action.NOTE_LIST, Action.PLAN_READ,
        Action.CARE_TEAM_READ, Action.CONSENT_READ, Action.DISCLOSURE_READ,
    }
)  # fmt: skip
# What a supervisor does for `supervision` with the work of those they supervise: read and
# co-sign their notes, read their safety flags and record the decision they took on one.
SUPERVISION_ACTIONS = frozenset(
    {Action.NOTE_READ, Action.NOTE_LIST, Action.NOTE_COSIGN, Action.FLAG_READ, Action.FLAG_DECIDE}
)
AUTHORED = frozenset({"encounter", "safety_flag"})  # resources a supervisor reaches by author
CARE_ROLES = frozenset({Role.PEER_SPECIALIST, Role.SUPERVISOR})
AUDIT_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.AUDITOR})
IMPORT_WRITES = frozenset(
    {Action.IMPORT_RUN, Action.PEER_CREATE, Action.NOTE_CREATE, Action.PLAN_UPDATE}
)
NOTIFY = frozenset({Obligation.AUDIT, Obligation.NOTIFY_PRIVACY_OFFICER})
CONSULTATION_ACTIONS = frozenset(
    {
        Action.CONSULTATION_SHARE, Action.CONSULTATION_LIST, Action.CONSULTATION_READ,
        Action.CONSULTATION_REVOKE,
    }
)  # fmt: skip
DEID = "45 CFR 164.514(a)-(b)"
CONSULTATION_CITATION = f"{DEID}; {MIN_NECESSARY}; {PART2_MIN}"


@dataclass(frozen=True, slots=True)
class Resource:
    """What an action touches: ids and policy metadata, never content."""

    kind: str
    organization_id: str
    peer_id: str | None = None
    author_id: str | None = None
    status: EncounterStatus | None = None
    labels: frozenset[Label] = frozenset()
    recipient_id: str | None = None  # a consultation copy's recipient
    ends_at: datetime | None = None  # when a consultation copy stops being readable


@dataclass(frozen=True, slots=True)
class Relationships:
    """Facts loaded once per request about the actor and one peer."""

    care_team: frozenset[StaffId] = frozenset()
    supervisees: frozenset[StaffId] = frozenset()
    break_glass_until: datetime | None = None  # the actor's latest grant on this peer
    under_review: bool = False  # a break-glass review or request on this peer is open
    restricted: frozenset[str] = frozenset()  # labels the peer keeps from this actor; "*" = all
    recipient_restricted: frozenset[str] = frozenset()  # the same, for a consultation recipient


def _allow(rule: str, reason: str, citation: str = "") -> Decision:
    return Decision(Outcome.ALLOW, rule, reason, citation)


def _deny(rule: str, reason: str, citation: str = "") -> Decision:
    return Decision(Outcome.DENY, rule, reason, citation)


BOUNDARY = _deny("org.boundary", "Records never cross organizations.")
NO_CAPABILITY = _deny("role.capability", "Your role does not include this action.")
ORG_ALLOWED = _allow("role.capability", "Your role includes this action.")
AUDIT_ALLOWED = _allow("role.audit", "Privacy officers and auditors read the access log.")
IMPORTING = _allow("role.import", "Administrators load records they cannot read.")
INTAKE = _allow("role.intake", "Care staff add the peers they serve.")
INTAKE_ONLY_CARE = _deny("role.intake", "Only care staff take in new peers.")
BREAK_GLASS_START = Decision(
    Outcome.ALLOW, "break_glass.start", "Emergency access opens for a limited time.", "",
    NOTIFY,
)  # fmt: skip
CARE_TEAM = _allow("rel.care_team", "You are on this peer's care team.", MIN_NECESSARY)
SUPERVISION = _allow("rel.supervision", "You supervise the author of this note.", MIN_NECESSARY)
PRIVACY_REVIEW = _allow("rel.privacy_review", "A review of this record is open.", MIN_NECESSARY)
BREAK_GLASS_ACTIVE = Decision(
    Outcome.ALLOW, "break_glass.active", "Emergency access you opened is still running.",
    "", NOTIFY,
)  # fmt: skip
BREAK_GLASS_EXPIRED = _deny("break_glass.expired", "Your emergency access has ended.")
NO_RELATIONSHIP = _deny("rel.none", "You are not on this peer's care team.")
RESTRICTED_BY_PEER = _deny(
    "peer.restriction", "The peer asked that this not be shared with you.", "45 CFR 164.522(a)"
)
DRAFT_AUTHOR_ONLY = _deny("note.draft_author_only", "A draft is visible to its author only.")
AUTHOR_ONLY = _deny("note.author_only", "Only the author changes or signs a note.")
COSIGN_SUPERVISOR_ONLY = _deny(
    "note.cosign_supervisor",
    "Only the author's supervisor co-signs a signed note, for supervision.",
)
RESTRICTED_LABEL = _deny(
    "label.restricted", "This note is restricted to its author and the privacy officer."
)
LABEL_PURPOSE = _deny(
    "label.purpose", "The stated purpose does not justify this sensitive note.", PART2_MIN
)
ACCOUNTING_ALLOWED = _allow(
    "role.accounting",
    "The privacy officer answers for the accounting of disclosures.",
    "42 CFR 2.25; 45 CFR 164.528",
)
REVOCATION = _allow(
    "consent.revoke",
    "A peer may take a consent back at any time; staff record it.",
    "42 CFR 2.31(a)(6); 45 CFR 164.508(b)(5)",
)
DEID_EXPORT = _allow("export.deid", "Notes leave de-identified, for training.", DEID)
CONSULTATION_SHARED = _allow(
    "consultation.share",
    "A de-identified copy of your signed note goes to one supervisor for case consultation.",
    CONSULTATION_CITATION,
)
SHARE_AUTHOR_ONLY = _deny(
    "consultation.share", "Only the note's author, on the peer's care team, shares it."
)
SHARE_SIGNED_ONLY = _deny("consultation.share", "Only a signed note is shared.")
SHARE_PURPOSE = _deny(
    "consultation.share", "A consultation copy is shared for treatment or supervision."
)
SHARE_LABEL = _deny(
    "consultation.share",
    "Supervision does not justify this note's labels, so it is not shared.",
    PART2_MIN,
)
CONSULTATION_RECIPIENT = _allow(
    "consultation.recipient",
    "This de-identified copy was shared with you for case consultation.",
    CONSULTATION_CITATION,
)
CONSULTATION_SHARER = _allow(
    "consultation.sharer", "You shared this consultation copy.", CONSULTATION_CITATION
)
CONSULTATION_ENDED = _deny("consultation.ended", "This consultation copy was revoked or expired.")
CONSULTATION_PURPOSE = _deny(
    "consultation.recipient", "A consultation copy is read for supervision."
)
CONSULTATION_NONE = _deny("consultation.none", "This consultation copy was not shared with you.")
DEID_EXPORT_PURPOSE = _deny("export.deid", "A de-identified export serves operations only.")
DEID_EXPORT_WITHHELD = _deny(
    "export.deid", "Drafts, restricted notes and notes the peer keeps from you stay out."
)


def decide(
    actor: Actor,
    action: Action,
    resource: Resource,
    purpose: Purpose,
    facts: Relationships,
    now: datetime,
    rules: AccessRules | None = None,
) -> Decision:
    """The decision for one request."""
    rules = rules or default_rules()
    if resource.organization_id != actor.organization_id:
        return BOUNDARY
    if not rules.capable(actor.roles, action):
        return NO_CAPABILITY
    if purpose is Purpose.IMPORT:
        return IMPORTING if actor.has(Role.ADMIN) and action in IMPORT_WRITES else NO_CAPABILITY
    if action in ORG_ACTIONS:
        return ORG_ALLOWED
    if action is Action.NOTE_EXPORT_DEID:
        return _deid_export(resource, purpose, facts)
    if action is Action.AUDIT_REPORT and actor.roles & AUDIT_ROLES:
        return AUDIT_ALLOWED  # care staff reach a peer's report through the care team
    if action is Action.DISCLOSURE_LIST and actor.has(Role.PRIVACY_OFFICER):
        return ACCOUNTING_ALLOWED  # care staff reach the accounting through the care team
    if action is Action.CONSENT_REVOKE:
        return REVOCATION  # it only ever narrows what may leave; the answer holds no content
    if action is Action.PEER_CREATE:
        return INTAKE if actor.roles & CARE_ROLES else INTAKE_ONLY_CARE
    if action is Action.BREAK_GLASS_START:
        return BREAK_GLASS_START
    if action in CONSULTATION_ACTIONS:
        return _consultation(actor, action, resource, purpose, facts, now, rules)
    return _record(actor, action, resource, purpose, facts, now, rules)


def _record(
    actor: Actor,
    action: Action,
    resource: Resource,
    purpose: Purpose,
    facts: Relationships,
    now: datetime,
    rules: AccessRules,
) -> Decision:
    if _restricted(resource, facts):
        return RESTRICTED_BY_PEER
    if resource.kind == "encounter":
        narrowed = _narrow_note(actor, action, resource, purpose, rules)
        if narrowed is not None:
            return narrowed
    return _relationship(actor, action, resource, purpose, facts, now)


def _restricted(resource: Resource, facts: Relationships) -> bool:
    return _covers(facts.restricted, resource)


def _covers(restricted: frozenset[str], resource: Resource) -> bool:
    return bool(restricted) and (
        EVERYTHING in restricted or any(lb in restricted for lb in resource.labels)
    )


def _consultation(
    actor: Actor,
    action: Action,
    resource: Resource,
    purpose: Purpose,
    facts: Relationships,
    now: datetime,
    rules: AccessRules,
) -> Decision:
    """Consultation copies: no relationship to the peer opens them, only being named on one."""
    if resource.kind == "consultations":  # the actor's own list as a whole; entries decide
        return ORG_ALLOWED
    if action is Action.CONSULTATION_SHARE:
        return _share(actor, resource, purpose, facts, rules)
    sharer = resource.author_id == actor.staff_id
    if action is Action.CONSULTATION_REVOKE:  # only ever narrows; no content in the answer
        return CONSULTATION_SHARER if sharer else CONSULTATION_NONE
    if _restricted(resource, facts):
        return RESTRICTED_BY_PEER
    if sharer:
        return CONSULTATION_SHARER
    if resource.recipient_id != actor.staff_id:
        return CONSULTATION_NONE
    if purpose is not Purpose.SUPERVISION:
        return CONSULTATION_PURPOSE
    if resource.ends_at is not None and now >= resource.ends_at:
        return CONSULTATION_ENDED
    return CONSULTATION_RECIPIENT


def _share(
    actor: Actor, resource: Resource, purpose: Purpose, facts: Relationships, rules: AccessRules
) -> Decision:
    """The author shares their signed note (`resource` is the note, naming the recipient)."""
    if _restricted(resource, facts) or _covers(facts.recipient_restricted, resource):
        return RESTRICTED_BY_PEER
    if resource.author_id != actor.staff_id or actor.staff_id not in facts.care_team:
        return SHARE_AUTHOR_ONLY
    if resource.status is EncounterStatus.DRAFT:
        return SHARE_SIGNED_ONLY
    if purpose not in rules.consultation_share_purposes:
        return SHARE_PURPOSE
    if Label.RESTRICTED in resource.labels:
        return RESTRICTED_LABEL
    for label in resource.labels:
        allowed = rules.label_purposes.get(label)
        if allowed is not None and Purpose.SUPERVISION not in allowed:
            return SHARE_LABEL
    return CONSULTATION_SHARED


def withheld_from_export(resource: Resource, facts: Relationships) -> bool:
    """A note no de-identified export includes: a draft, a `restricted` note, or one the peer
    keeps from the actor."""
    return (
        resource.status is EncounterStatus.DRAFT
        or Label.RESTRICTED in resource.labels
        or _restricted(resource, facts)
    )


def _deid_export(resource: Resource, purpose: Purpose, facts: Relationships) -> Decision:
    """Organization-level: no relationship needed, since no note leaves identified."""
    if purpose is not Purpose.OPERATIONS:
        return DEID_EXPORT_PURPOSE
    if resource.kind == "encounter" and withheld_from_export(resource, facts):
        return DEID_EXPORT_WITHHELD
    return DEID_EXPORT


def _narrow_note(
    actor: Actor, action: Action, resource: Resource, purpose: Purpose, rules: AccessRules
) -> Decision | None:
    """Rules that narrow access to one note whatever the relationship."""
    mine = resource.author_id == actor.staff_id
    if resource.status is EncounterStatus.DRAFT and not mine:
        return DRAFT_AUTHOR_ONLY
    if action in (Action.NOTE_UPDATE, Action.NOTE_SIGN, Action.NOTE_DELETE_DRAFT) and not mine:
        return AUTHOR_ONLY
    if action is Action.NOTE_COSIGN and (
        mine or purpose is not Purpose.SUPERVISION or resource.status is EncounterStatus.DRAFT
    ):
        return COSIGN_SUPERVISOR_ONLY
    reviewing = actor.has(Role.PRIVACY_OFFICER) and purpose is Purpose.PRIVACY_REVIEW
    if Label.RESTRICTED in resource.labels and not (mine or reviewing):
        return RESTRICTED_LABEL
    for label in resource.labels:
        allowed = rules.label_purposes.get(label)
        if allowed is not None and purpose not in allowed:
            return LABEL_PURPOSE
    return None


def _relationship(
    actor: Actor,
    action: Action,
    resource: Resource,
    purpose: Purpose,
    facts: Relationships,
    now: datetime,
) -> Decision:
    me = actor.staff_id
    if me in facts.care_team and actor.roles & CARE_ROLES and purpose is not Purpose.SUPERVISION:
        return CARE_TEAM
    if (
        action in SUPERVISION_ACTIONS
        and purpose is Purpose.SUPERVISION
        and actor.has(Role.SUPERVISOR)
        and _supervises(resource, facts)
    ):
        return SUPERVISION
    if (
        action in READS
        and purpose is Purpose.PRIVACY_REVIEW
        and facts.under_review
        and actor.has(Role.PRIVACY_OFFICER)
    ):
        return PRIVACY_REVIEW
    if facts.break_glass_until is not None and action in READS:
        return BREAK_GLASS_ACTIVE if now < facts.break_glass_until else BREAK_GLASS_EXPIRED
    return NO_RELATIONSHIP


def _supervises(resource: Resource, facts: Relationships) -> bool:
    if resource.kind in AUTHORED:
        return resource.author_id in facts.supervisees
    return not facts.supervisees.isdisjoint(facts.care_team)  # a list of a supervisee's peer
