"""The policy seam: deny by default, organization boundary, care team, supervision, drafts."""

from __future__ import annotations

from datetime import UTC, datetime

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, Role
from confide.domain.encounters import EncounterStatus, Label
from confide.domain.ids import OrgId, StaffId
from confide.policy import Relationships, Resource, decide

NOW = datetime(2026, 11, 24, tzinfo=UTC)
ORG = OrgId("org-1")
PRS = Actor(StaffId("prs"), ORG, frozenset({Role.PEER_SPECIALIST}))
OTHER_PRS = Actor(StaffId("prs-2"), ORG, frozenset({Role.PEER_SPECIALIST}))
SUPERVISOR = Actor(StaffId("sup"), ORG, frozenset({Role.SUPERVISOR}))
ADMIN = Actor(StaffId("adm"), ORG, frozenset({Role.ADMIN}))
TEAM = Relationships(care_team=frozenset({StaffId("prs")}))


def note(status: EncounterStatus = EncounterStatus.SIGNED, **kw: object) -> Resource:
    values: dict[str, object] = {"peer_id": "p1", "author_id": "prs", "status": status}
    return Resource("encounter", ORG, **(values | kw))  # type: ignore[arg-type]


def test_care_team_member_reads_a_signed_note() -> None:
    decision = decide(PRS, Action.NOTE_READ, note(), Purpose.TREATMENT, TEAM, NOW)
    assert decision.allowed
    assert decision.rule_id == "rel.care_team"


def test_specialist_off_the_care_team_is_denied() -> None:
    decision = decide(OTHER_PRS, Action.NOTE_READ, note(), Purpose.TREATMENT, TEAM, NOW)
    assert not decision.allowed
    assert decision.rule_id == "default.deny"


def test_nothing_crosses_organizations_whatever_the_role() -> None:
    foreign = Actor(StaffId("prs"), OrgId("org-2"), frozenset(Role))
    decision = decide(foreign, Action.NOTE_READ, note(), Purpose.TREATMENT, TEAM, NOW)
    assert decision.rule_id == "org.boundary"


def test_admin_reads_no_notes_by_virtue_of_the_role() -> None:
    assert not decide(ADMIN, Action.NOTE_READ, note(), Purpose.TREATMENT, TEAM, NOW).allowed
    assert not decide(ADMIN, Action.PEER_READ, note(), Purpose.OPERATIONS, TEAM, NOW).allowed


def test_supervisor_reads_supervisees_notes_for_supervision_only() -> None:
    facts = Relationships(care_team=TEAM.care_team, supervisees=frozenset({StaffId("prs")}))
    assert decide(SUPERVISOR, Action.NOTE_READ, note(), Purpose.SUPERVISION, facts, NOW).allowed
    assert not decide(SUPERVISOR, Action.NOTE_READ, note(), Purpose.TREATMENT, facts, NOW).allowed


def test_supervisor_cannot_read_unsupervised_notes() -> None:
    facts = Relationships(care_team=TEAM.care_team, supervisees=frozenset({StaffId("someone")}))
    decision = decide(SUPERVISOR, Action.NOTE_READ, note(), Purpose.SUPERVISION, facts, NOW)
    assert not decision.allowed


def test_drafts_are_visible_to_their_author_only() -> None:
    team = Relationships(care_team=frozenset({StaffId("prs"), StaffId("prs-2")}))
    draft = note(EncounterStatus.DRAFT)
    assert decide(PRS, Action.NOTE_READ, draft, Purpose.TREATMENT, team, NOW).allowed
    denied = decide(OTHER_PRS, Action.NOTE_READ, draft, Purpose.TREATMENT, team, NOW)
    assert denied.rule_id == "note.draft_author_only"


def test_restricted_notes_are_for_their_author() -> None:
    team = Relationships(care_team=frozenset({StaffId("prs"), StaffId("prs-2")}))
    restricted = note(labels=frozenset({Label.RESTRICTED}))
    denied = decide(OTHER_PRS, Action.NOTE_READ, restricted, Purpose.TREATMENT, team, NOW)
    assert denied.rule_id == "note.restricted"


def test_only_admins_manage_staff() -> None:
    staff = Resource("staff", ORG)
    assert decide(ADMIN, Action.STAFF_CREATE, staff, Purpose.ADMINISTRATION, TEAM, NOW).allowed
    assert not decide(PRS, Action.STAFF_CREATE, staff, Purpose.TREATMENT, TEAM, NOW).allowed


def test_an_unlisted_action_is_denied() -> None:
    decision = decide(
        ADMIN,
        Action.PEER_READ,
        Resource("peer", ORG, "p1"),
        Purpose.TREATMENT,
        Relationships(),
        NOW,
    )
    assert not decision.allowed
