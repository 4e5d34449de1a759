"""Staff access rules, one test (or more) per rule id. Pure: no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, Role
from confide.domain.decisions import Obligation
from confide.domain.encounters import EncounterStatus, Label
from confide.domain.ids import OrgId, StaffId
from confide.policy import Relationships, Resource, decide
from confide.policy.rules import default_rules, parse_rules

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
ORG = OrgId("org-1")


def staff(name: str, *roles: Role, org: str = ORG) -> Actor:
    return Actor(StaffId(name), OrgId(org), frozenset(roles))


PRS = staff("prs", Role.PEER_SPECIALIST)
COLLEAGUE = staff("colleague", Role.PEER_SPECIALIST)
OFF_TEAM = staff("off", Role.PEER_SPECIALIST)
SUPERVISOR = staff("sup", Role.SUPERVISOR)
OFFICER = staff("po", Role.PRIVACY_OFFICER)
ADMIN = staff("adm", Role.ADMIN)
AUDITOR = staff("aud", Role.AUDITOR)
TEAM = Relationships(care_team=frozenset({StaffId("prs"), StaffId("colleague")}))
PEER = Resource("peer", ORG, "p1")


def note(
    status: EncounterStatus = EncounterStatus.SIGNED, *labels: Label, author: str = "prs"
) -> Resource:
    return Resource("encounter", ORG, "p1", author, status, frozenset(labels))


def rule(actor: Actor, action: Action, resource: Resource, purpose: Purpose = Purpose.TREATMENT,
         facts: Relationships = TEAM, now: datetime = NOW) -> str:  # fmt: skip
    decision = decide(actor, action, resource, purpose, facts, now)
    return f"{decision.outcome}:{decision.rule_id}"


def test_org_boundary_nothing_crosses_organizations_whatever_the_role() -> None:
    foreign = staff("prs", *Role, org="org-2")
    assert rule(foreign, Action.NOTE_READ, note()) == "deny:org.boundary"
    assert rule(foreign, Action.STAFF_LIST, Resource("staff", ORG)) == "deny:org.boundary"


def test_rel_care_team_opens_the_record_to_its_members() -> None:
    assert rule(PRS, Action.PEER_READ, PEER) == "allow:rel.care_team"
    assert rule(COLLEAGUE, Action.NOTE_READ, note()) == "allow:rel.care_team"


def test_rel_none_denies_a_specialist_off_the_care_team() -> None:
    assert rule(OFF_TEAM, Action.PEER_READ, PEER) == "deny:rel.none"
    assert rule(OFF_TEAM, Action.NOTE_CREATE, PEER) == "deny:rel.none"


def test_role_capability_admin_reads_no_records_by_virtue_of_the_role() -> None:
    admin_on_team = Relationships(care_team=frozenset({StaffId("adm")}))
    assert rule(ADMIN, Action.PEER_READ, PEER, facts=admin_on_team) == "deny:role.capability"
    assert rule(ADMIN, Action.NOTE_READ, note(), facts=admin_on_team) == "deny:role.capability"


def test_role_capability_auditor_reads_the_log_not_the_notes() -> None:
    assert rule(AUDITOR, Action.NOTE_READ, note()) == "deny:role.capability"
    assert rule(AUDITOR, Action.AUDIT_REPORT, PEER) == "allow:role.audit"


def test_role_audit_and_care_team_open_a_peers_access_report() -> None:
    assert rule(OFFICER, Action.AUDIT_REPORT, PEER, facts=Relationships()) == "allow:role.audit"
    assert rule(PRS, Action.AUDIT_REPORT, PEER) == "allow:rel.care_team"
    assert rule(OFF_TEAM, Action.AUDIT_REPORT, PEER) == "deny:rel.none"


def test_role_capability_only_admins_manage_staff_and_assignments() -> None:
    for action in (Action.STAFF_CREATE, Action.STAFF_UPDATE, Action.CARE_TEAM_ASSIGN,
                   Action.SUPERVISION_ASSIGN):  # fmt: skip
        assert rule(ADMIN, action, Resource("staff", ORG)) == "allow:role.capability"
        assert rule(PRS, action, Resource("staff", ORG)) == "deny:role.capability"


def test_role_import_lets_admins_write_what_they_cannot_read() -> None:
    assert (
        rule(ADMIN, Action.NOTE_CREATE, PEER, Purpose.IMPORT, Relationships())
        == "allow:role.import"
    )
    assert rule(PRS, Action.NOTE_CREATE, PEER, Purpose.IMPORT) == "deny:role.capability"
    assert rule(ADMIN, Action.PEER_CREATE, PEER, Purpose.TREATMENT) == "deny:role.intake"


def test_rel_supervision_reads_supervisees_notes_for_supervision_only() -> None:
    facts = Relationships(care_team=TEAM.care_team, supervisees=frozenset({StaffId("prs")}))
    assert (
        rule(SUPERVISOR, Action.NOTE_READ, note(), Purpose.SUPERVISION, facts)
        == "allow:rel.supervision"
    )
    assert rule(SUPERVISOR, Action.NOTE_READ, note(), Purpose.TREATMENT, facts) == "deny:rel.none"
    assert rule(SUPERVISOR, Action.PEER_READ, PEER, Purpose.SUPERVISION, facts) == "deny:rel.none"


def test_rel_supervision_does_not_reach_unsupervised_authors() -> None:
    facts = Relationships(care_team=TEAM.care_team, supervisees=frozenset({StaffId("someone")}))
    assert (
        rule(SUPERVISOR, Action.NOTE_READ, note(), Purpose.SUPERVISION, facts) == "deny:rel.none"
    )


def test_note_draft_author_only() -> None:
    assert rule(PRS, Action.NOTE_READ, note(EncounterStatus.DRAFT)) == "allow:rel.care_team"
    assert (
        rule(COLLEAGUE, Action.NOTE_READ, note(EncounterStatus.DRAFT))
        == "deny:note.draft_author_only"
    )


def test_note_author_only_changes_or_signs() -> None:
    assert (
        rule(COLLEAGUE, Action.NOTE_SIGN, note(EncounterStatus.SIGNED)) == "deny:note.author_only"
    )


def test_label_restricted_is_for_author_and_reviewing_privacy_officer() -> None:
    restricted = note(EncounterStatus.SIGNED, Label.RESTRICTED)
    review = Relationships(under_review=True)
    assert rule(PRS, Action.NOTE_READ, restricted) == "allow:rel.care_team"
    assert rule(COLLEAGUE, Action.NOTE_READ, restricted) == "deny:label.restricted"
    assert (
        rule(OFFICER, Action.NOTE_READ, restricted, Purpose.PRIVACY_REVIEW, review)
        == "allow:rel.privacy_review"
    )


def test_label_purpose_sensitive_notes_need_a_justifying_purpose() -> None:
    hiv = note(EncounterStatus.SIGNED, Label.HIV)
    assert rule(PRS, Action.NOTE_READ, hiv, Purpose.TREATMENT) == "allow:rel.care_team"
    assert rule(PRS, Action.NOTE_READ, hiv, Purpose.OPERATIONS) == "deny:label.purpose"
    facts = Relationships(care_team=TEAM.care_team, supervisees=frozenset({StaffId("prs")}))
    assert (
        rule(SUPERVISOR, Action.NOTE_READ, hiv, Purpose.SUPERVISION, facts) == "deny:label.purpose"
    )


def test_peer_restriction_is_honoured() -> None:
    all_of_it = Relationships(care_team=TEAM.care_team, restricted=frozenset({"*"}))
    assert rule(COLLEAGUE, Action.PEER_READ, PEER, facts=all_of_it) == "deny:peer.restriction"
    dv_only = Relationships(care_team=TEAM.care_team, restricted=frozenset({"dv"}))
    assert (
        rule(COLLEAGUE, Action.NOTE_READ, note(EncounterStatus.SIGNED, Label.DV), facts=dv_only)
        == "deny:peer.restriction"
    )
    assert rule(COLLEAGUE, Action.NOTE_READ, note(), facts=dv_only) == "allow:rel.care_team"


def test_break_glass_start_is_allowed_with_notification() -> None:
    decision = decide(
        OFF_TEAM, Action.BREAK_GLASS_START, PEER, Purpose.EMERGENCY, Relationships(), NOW
    )
    assert decision.rule_id == "break_glass.start"
    assert Obligation.NOTIFY_PRIVACY_OFFICER in decision.obligations


def test_break_glass_active_opens_reads_until_it_expires() -> None:
    grant = Relationships(break_glass_until=NOW + timedelta(minutes=5))
    assert (
        rule(OFF_TEAM, Action.NOTE_READ, note(), Purpose.EMERGENCY, grant)
        == "allow:break_glass.active"
    )
    assert rule(OFF_TEAM, Action.NOTE_CREATE, PEER, Purpose.EMERGENCY, grant) == "deny:rel.none"
    later = NOW + timedelta(minutes=6)
    assert (
        rule(OFF_TEAM, Action.NOTE_READ, note(), Purpose.EMERGENCY, grant, later)
        == "deny:break_glass.expired"
    )


def test_rel_privacy_review_needs_an_open_review() -> None:
    assert (
        rule(OFFICER, Action.PEER_READ, PEER, Purpose.PRIVACY_REVIEW, Relationships())
        == "deny:rel.none"
    )
    review = Relationships(under_review=True)
    assert (
        rule(OFFICER, Action.PEER_READ, PEER, Purpose.PRIVACY_REVIEW, review)
        == "allow:rel.privacy_review"
    )


def test_an_action_no_role_has_is_denied() -> None:
    assert rule(PRS, Action.PEER_SHRED, PEER) == "deny:role.capability"


def test_rules_file_names_only_known_roles_actions_labels_and_purposes() -> None:
    rules = default_rules()
    assert rules.break_glass_minutes == 60
    bad = (
        "version='x'\n[roles.peer_specialist]\ncapabilities=['note:reed']\n"
        "[break_glass]\nminutes=1\nreason_min_chars=1\n"
    )
    with pytest.raises(ValueError, match="note:reed"):
        parse_rules(bad)


def test_export_deid_lets_the_privacy_officer_export_for_operations() -> None:
    whole = Resource("encounters", ORG)
    assert rule(OFFICER, Action.NOTE_EXPORT_DEID, whole, Purpose.OPERATIONS) == (
        "allow:export.deid"
    )
    one = note(EncounterStatus.SIGNED, Label.SUD, Label.HIV)
    assert rule(OFFICER, Action.NOTE_EXPORT_DEID, one, Purpose.OPERATIONS, Relationships()) == (
        "allow:export.deid"
    )


def test_export_deid_is_no_capability_of_administrators_care_staff_or_auditors() -> None:
    whole = Resource("encounters", ORG)
    for actor in (ADMIN, PRS, SUPERVISOR, AUDITOR):
        assert rule(actor, Action.NOTE_EXPORT_DEID, whole, Purpose.OPERATIONS) == (
            "deny:role.capability"
        )


def test_export_deid_serves_operations_only() -> None:
    whole = Resource("encounters", ORG)
    for purpose in (Purpose.TREATMENT, Purpose.PRIVACY_REVIEW, Purpose.ADMINISTRATION):
        assert rule(OFFICER, Action.NOTE_EXPORT_DEID, whole, purpose) == "deny:export.deid"


def test_export_deid_withholds_drafts_restricted_notes_and_what_the_peer_keeps_back() -> None:
    withheld = [
        (note(EncounterStatus.DRAFT), Relationships()),
        (note(EncounterStatus.SIGNED, Label.RESTRICTED), Relationships()),
        (note(), Relationships(restricted=frozenset({"*"}))),
        (note(EncounterStatus.AMENDED, Label.HIV), Relationships(restricted=frozenset({"hiv"}))),
    ]
    for resource, facts in withheld:
        got = rule(OFFICER, Action.NOTE_EXPORT_DEID, resource, Purpose.OPERATIONS, facts)
        assert got == "deny:export.deid"


def test_export_deid_never_crosses_organizations() -> None:
    foreign = staff("po2", Role.PRIVACY_OFFICER, org="org-2")
    got = rule(foreign, Action.NOTE_EXPORT_DEID, Resource("encounters", ORG), Purpose.OPERATIONS)
    assert got == "deny:org.boundary"


# -- share for supervision --------------------------------------------------------------------
CONSULTANT = staff("consultant", Role.SUPERVISOR)


def shared(ends_at: datetime | None = None) -> Resource:
    return Resource("consultation", ORG, "p1", "prs", recipient_id="consultant", ends_at=ends_at)


def offered(status: EncounterStatus = EncounterStatus.SIGNED, *labels: Label) -> Resource:
    return Resource("encounter", ORG, "p1", "prs", status, frozenset(labels), "consultant")


def test_consultation_share_the_author_on_the_care_team_shares_a_signed_note() -> None:
    assert rule(PRS, Action.CONSULTATION_SHARE, offered()) == "allow:consultation.share"
    assert rule(COLLEAGUE, Action.CONSULTATION_SHARE, offered()) == "deny:consultation.share"
    gone = Relationships()  # the author left the care team
    assert rule(PRS, Action.CONSULTATION_SHARE, offered(), facts=gone).startswith("deny")
    drafted = offered(EncounterStatus.DRAFT)
    assert rule(PRS, Action.CONSULTATION_SHARE, drafted) == "deny:consultation.share"


def test_consultation_share_keeps_out_notes_supervision_may_not_read() -> None:
    hiv = offered(EncounterStatus.SIGNED, Label.HIV)
    assert rule(PRS, Action.CONSULTATION_SHARE, hiv) == "deny:consultation.share"
    mine_only = offered(EncounterStatus.SIGNED, Label.RESTRICTED)
    assert rule(PRS, Action.CONSULTATION_SHARE, mine_only) == "deny:label.restricted"
    kept = Relationships(care_team=TEAM.care_team, recipient_restricted=frozenset({"sud"}))
    sud = offered(EncounterStatus.SIGNED, Label.SUD)
    assert rule(PRS, Action.CONSULTATION_SHARE, sud, facts=kept) == "deny:peer.restriction"
    emergency = rule(PRS, Action.CONSULTATION_SHARE, offered(), Purpose.EMERGENCY)
    assert emergency == "deny:consultation.share"


def test_consultation_recipient_reads_the_copy_for_supervision_until_it_ends() -> None:
    sup, none = Purpose.SUPERVISION, Relationships()
    read = Action.CONSULTATION_READ
    assert rule(CONSULTANT, read, shared(), sup, none) == "allow:consultation.recipient"
    assert rule(CONSULTANT, read, shared(), facts=none) == "deny:consultation.recipient"
    ended = shared(NOW)
    assert rule(CONSULTANT, read, ended, sup, none) == "deny:consultation.ended"
    assert rule(SUPERVISOR, read, shared(), sup, none) == "deny:consultation.none"
    assert rule(PRS, read, ended, facts=none) == "allow:consultation.sharer"


def test_consultation_only_the_sharer_revokes() -> None:
    revoke, none = Action.CONSULTATION_REVOKE, Relationships()
    assert rule(PRS, revoke, shared(), facts=none) == "allow:consultation.sharer"
    sup = Purpose.SUPERVISION
    assert rule(CONSULTANT, revoke, shared(), sup, none) == "deny:consultation.none"
    assert rule(ADMIN, revoke, shared(), facts=none) == "deny:role.capability"
