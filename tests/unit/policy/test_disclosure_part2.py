"""One test per 42 CFR part 2 rule (federal-part2 pack), named after the rule and citing it.
Programs here are Part 2 programs in Virginia that are also HIPAA covered entities, unless a
test says otherwise; the strictest pack wins."""

from __future__ import annotations

import dataclasses
from datetime import date

from confide.domain.consents import ConsentForm, ConsentRecipient, CriminalJusticeTerms, Signer
from confide.domain.decisions import Outcome
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosureDecision,
    DisclosurePurpose,
    Duty,
    Emergency,
    InformationOrigin,
    PeerFacts,
    Recipient,
    RecipientKind,
    Reporter,
    Restriction,
)
from confide.policy.disclosure import decide_disclosure
from tests.unit.policy.disclosure_builders import (
    AS_OF,
    HIPAA_ONLY_MD,
    PART2_ONLY,
    consent,
    request,
    without_consent,
)

P = DisclosurePurpose
K = RecipientKind
NEITHER_CONFIRM_NOR_DENY = "42 CFR 2.13(c)(2)"


def decide(**overrides: object) -> DisclosureDecision:
    return decide_disclosure(request(**overrides))


def decide_without_consent(basis: BasisType, **overrides: object) -> DisclosureDecision:
    return decide_disclosure(without_consent(basis=Basis(basis), **overrides))


def test_part2_consent_tpo_allows_with_notice_and_minimum_necessary_2_31_2_32() -> None:
    """42 CFR 2.31, 2.32(a), 2.13(a): no accounting entry for treatment (2.25(b))."""
    d = decide()
    assert d.outcome is Outcome.ALLOW
    assert set(d.obligations) == {Duty.REDISCLOSURE_NOTICE, Duty.MINIMUM_NECESSARY}
    assert {"42 CFR 2.31", "42 CFR 2.32"} <= set(d.citations)
    assert "part2.consent.tpo" in d.rules


def test_part2_consent_outside_tpo_enters_the_accounting_2_25_a() -> None:
    """42 CFR 2.25(a): disclosures with consent are in the accounting of disclosures."""
    employer = Recipient("Birch Logistics", K.EMPLOYER)
    c = consent(
        recipients=(ConsentRecipient(employer.name, employer.kind),),
        purposes=frozenset({P.EMPLOYMENT}),
    )
    d = decide_disclosure(
        request(program=PART2_ONLY, recipient=employer, purpose=P.EMPLOYMENT, consents=(c,))
    )
    assert d.outcome is Outcome.ALLOW
    assert set(d.obligations) == {
        Duty.REDISCLOSURE_NOTICE,
        Duty.ACCOUNTING_ENTRY,
        Duty.MINIMUM_NECESSARY,
    }
    assert "42 CFR 2.25(a)" in d.citations


def test_part2_consent_missing_an_element_is_denied_naming_it_2_31_a_5() -> None:
    d = decide(consents=(consent(purposes=None),))
    assert d.outcome is Outcome.DENY
    assert "purposes" in d.reason
    assert "42 CFR 2.31(a)(5)" in d.citations


def test_part2_revoked_consent_is_denied_2_31_a_6() -> None:
    d = decide(consents=(consent(revoked_on=consent().signed_on),))
    assert d.outcome is Outcome.DENY
    assert "revoked" in d.reason


def test_part2_consent_not_supplied_is_denied() -> None:
    d = decide(consents=())
    assert d.outcome is Outcome.DENY
    assert "not supplied" in d.reason


def test_part2_consent_must_cover_every_category_asked_for() -> None:
    d = decide(information=frozenset({Category.ATTENDANCE, Category.SERVICE_NOTES}))
    assert d.outcome is Outcome.DENY
    assert "service_notes" in d.reason


def test_part2_hipaa_authorization_form_is_not_a_part2_consent_2_31() -> None:
    d = decide(consents=(consent(ConsentForm.HIPAA_AUTHORIZATION),))
    assert d.outcome is Outcome.DENY
    assert "not a Part 2 consent" in d.reason


def test_part2_tpo_consent_does_not_reach_employers_2_33_a_2() -> None:
    employer = Recipient("Birch Logistics", K.EMPLOYER)
    c = consent(
        ConsentForm.PART2_TPO,
        recipients=(ConsentRecipient("my employer", K.EMPLOYER),),
        purposes=frozenset({P.TREATMENT, P.EMPLOYMENT}),
    )
    d = decide(recipient=employer, purpose=P.EMPLOYMENT, consents=(c,))
    assert d.outcome is Outcome.DENY


def test_part2_consent_for_proceedings_stands_alone_2_31_d() -> None:
    """42 CFR 2.31(d): consent for use in proceedings is not combined with other purposes."""
    court = Recipient("Hollow County Circuit Court", K.COURT)
    entry = (ConsentRecipient(court.name, court.kind),)
    combined = consent(recipients=entry, purposes=frozenset({P.LEGAL_PROCEEDING, P.TREATMENT}))
    d = decide(recipient=court, purpose=P.LEGAL_PROCEEDING, consents=(combined,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.31(d)" in d.citations
    alone = consent(recipients=entry, purposes=frozenset({P.LEGAL_PROCEEDING}))
    d = decide(recipient=court, purpose=P.LEGAL_PROCEEDING, consents=(alone,))
    assert d.outcome is Outcome.ALLOW


def test_part2_counseling_notes_need_their_own_consent_2_31_b() -> None:
    notes = frozenset({Category.PSYCHOTHERAPY_NOTES})
    mixed = consent(information=notes | {Category.ATTENDANCE})
    d = decide(information=notes, consents=(mixed,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.31(b)" in d.citations


def test_part2_consent_intermediary_names_participants_2_24_2_31_a_4_ii() -> None:
    """42 CFR 2.31(a)(4)(ii): name the intermediary and its participants; 2.24 list."""
    hie = Recipient("Valley Health Exchange", K.OTHER, intermediary=True)
    named = ConsentRecipient(hie.name, hie.kind, intermediary=True)
    d = decide(recipient=hie, consents=(consent(recipients=(named,)),))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.31(a)(4)(ii)(B)" in d.citations
    for blank in (dataclasses.replace(named, participants=(" ", "\xa0")),
                  dataclasses.replace(named, participant_class="\u2003")):  # fmt: skip
        d = decide(recipient=hie, consents=(consent(recipients=(blank,)),))
        assert d.outcome is Outcome.DENY  # a blank name names nobody
    with_class = dataclasses.replace(named, participant_class="my treating providers")
    d = decide(recipient=hie, consents=(consent(recipients=(with_class,)),))
    assert d.outcome is Outcome.ALLOW
    assert "part2.consent.intermediary" in d.rules
    assert "42 CFR 2.24" in d.citations
    # 2.31(a)(4)(ii)(B): a general designation "must be limited to a participant(s) who has a
    # treating provider relationship with the patient" (probe P18: "all members" was allowed).
    everyone = dataclasses.replace(named, participant_class="all members")
    d = decide(recipient=hie, consents=(consent(recipients=(everyone,)),))
    assert d.outcome is Outcome.DENY


def test_part2_consent_signer_authority_needs_review_2_14_2_15() -> None:
    d = decide(consents=(consent(signed_by=Signer.OTHER),))
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "part2.consent.signer_authority" in d.rules


def test_part2_restriction_agreed_with_the_peer_binds_2_26() -> None:
    """2.26(a)(3): a program that agrees to a restriction "may not use or disclose records in
    violation of such restriction"."""
    kept = Restriction(K.TREATING_PROVIDER, frozenset({Category.ATTENDANCE}))
    d = decide(restrictions=(kept,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.26(a)(3)" in d.citations
    elsewhere = Restriction(K.EMPLOYER, frozenset({Category.ATTENDANCE}))
    assert decide(restrictions=(elsewhere,)).outcome is Outcome.ALLOW


def test_part2_peer_access_needs_no_consent_2_23_a() -> None:
    d = decide_without_consent(
        BasisType.NONE,
        recipient=Recipient("Robin Okafor", K.THE_PEER),
        purpose=P.PEER_REQUEST,
        information=frozenset({Category.SERVICE_NOTES, Category.SUD_TREATMENT}),
    )
    assert d.outcome is Outcome.ALLOW
    assert d.obligations == ()
    assert "42 CFR 2.23(a)" in d.citations


def test_part2_no_basis_is_denied_and_neither_confirms_nor_denies_2_13_a_c() -> None:
    d = decide_without_consent(
        BasisType.NONE, recipient=Recipient("a neighbour", K.OTHER), purpose=P.OTHER
    )
    assert d.outcome is Outcome.DENY
    assert d.obligations == ()
    assert "42 CFR 2.13(a)" in d.citations
    assert NEITHER_CONFIRM_NOR_DENY in d.citations
    assert "neither confirms nor denies" in d.reason


def test_part2_treatment_without_consent_is_denied_although_hipaa_permits_it() -> None:
    d = decide_without_consent(BasisType.NONE)
    assert d.outcome is Outcome.DENY
    assert "part2.no_basis" in d.rules


def test_part2_internal_communication_2_12_c_3() -> None:
    d = decide_without_consent(BasisType.NONE, recipient=Recipient("intake desk", K.PROGRAM_STAFF))
    assert d.outcome is Outcome.ALLOW
    assert Duty.MINIMUM_NECESSARY in d.obligations
    assert "42 CFR 2.12(c)(3)" in d.citations


def test_part2_qsoa_2_12_c_4() -> None:
    """2.12(c)(4), in a Part 2 program that is not also a HIPAA covered entity (for one that
    is, HIPAA asks for a business associate agreement: test_hipaa_business_associate)."""
    qso = Recipient("Ledger Billing Co", K.QUALIFIED_SERVICE_ORGANIZATION)
    d = decide_without_consent(
        BasisType.QSOA, recipient=qso, purpose=P.PAYMENT, program=PART2_ONLY
    )
    assert d.outcome is Outcome.ALLOW
    assert d.obligations == (Duty.MINIMUM_NECESSARY,)
    assert "42 CFR 2.12(c)(4)" in d.citations


def _emergency(**fields: object) -> DisclosureDecision:
    return decide_without_consent(
        BasisType.MEDICAL_EMERGENCY,
        recipient=Recipient("on-call physician", K.MEDICAL_PERSONNEL),
        purpose=P.MEDICAL_EMERGENCY,
        information=frozenset({Category.SUD_TREATMENT}),
        emergency=Emergency(**fields),  # type: ignore[arg-type]
    )


def test_part2_medical_emergency_documents_the_disclosure_2_51() -> None:
    """42 CFR 2.51(a), (c): consent cannot be obtained; record who, where, by whom, when, why."""
    d = _emergency(consent_obtainable=False, nature="unresponsive", disclosed_by="PRS")
    assert d.outcome is Outcome.ALLOW
    assert set(d.obligations) == {Duty.DOCUMENT_EMERGENCY, Duty.MINIMUM_NECESSARY}
    assert Duty.REDISCLOSURE_NOTICE not in d.obligations  # 2.32 is for consent disclosures
    assert "42 CFR 2.51(c)" in d.citations


def test_part2_medical_emergency_when_consent_can_be_had_is_denied_2_51_a() -> None:
    assert _emergency(consent_obtainable=True).outcome is Outcome.DENY


def test_part2_medical_emergency_unknown_whether_consent_obtainable_needs_review() -> None:
    assert _emergency().outcome is Outcome.NEEDS_REVIEW


def test_part2_medical_emergency_goes_to_medical_personnel_only_2_51_a() -> None:
    d = decide_without_consent(
        BasisType.MEDICAL_EMERGENCY,
        recipient=Recipient("peer's sister", K.FAMILY),
        purpose=P.MEDICAL_EMERGENCY,
        emergency=Emergency(consent_obtainable=False),
    )
    assert d.outcome is Outcome.DENY


def _abuse_report(kind: K, purpose: P = P.CHILD_ABUSE_REPORT, **kw: object) -> DisclosureDecision:
    return decide_without_consent(
        BasisType.MANDATED_REPORT, recipient=Recipient("agency", kind), purpose=purpose, **kw
    )


def test_part2_child_abuse_report_covers_the_initial_report_only_2_12_c_6() -> None:
    d = _abuse_report(K.CHILD_PROTECTIVE_SERVICES)
    assert d.outcome is Outcome.ALLOW
    assert {Duty.INITIAL_REPORT_ONLY, Duty.MINIMUM_NECESSARY} <= set(d.obligations)
    assert "42 CFR 2.12(c)(6)" in d.citations


def test_part2_child_abuse_report_other_agency_needs_review_2_12_c_6() -> None:
    d = _abuse_report(K.LAW_ENFORCEMENT)
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "part2.child_abuse_report.other_agency" in d.rules


def test_part2_adult_abuse_report_has_no_part2_exception_needs_review() -> None:
    d = _abuse_report(K.ADULT_PROTECTIVE_SERVICES, P.ADULT_ABUSE_REPORT)
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "part2.adult_abuse_report" in d.rules


def test_part2_duty_to_protect_has_no_serious_threat_exception_needs_review() -> None:
    d = decide_without_consent(
        BasisType.DUTY_TO_PROTECT,
        recipient=Recipient("named person", K.POTENTIAL_VICTIM),
        purpose=P.DUTY_TO_PROTECT,
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "no exception for a serious threat" in d.reason
    assert d.obligations == ()


def test_part2_subpoena_alone_never_releases_records_2_13_b_2_61() -> None:
    court = Recipient("Hollow County Circuit Court", K.COURT)
    d = decide_without_consent(BasisType.SUBPOENA, recipient=court, purpose=P.LEGAL_PROCEEDING)
    assert d.outcome is Outcome.DENY
    # 2.61(b)(1): "The person may not use or disclose the records in response to the subpoena
    # unless a court of competent jurisdiction enters an authorizing order".
    assert {"42 CFR 2.13(b)", "42 CFR 2.61(b)(1)", NEITHER_CONFIRM_NOR_DENY} <= set(d.citations)
    assert d.obligations == ()


def test_part2_subpoena_alone_is_denied_even_without_hipaa() -> None:
    d = decide_without_consent(BasisType.SUBPOENA, program=PART2_ONLY, purpose=P.LEGAL_PROCEEDING)
    assert d.outcome is Outcome.DENY


def test_part2_court_order_under_part2_needs_review_2_64() -> None:
    d = decide_disclosure(
        without_consent(
            basis=Basis(BasisType.COURT_ORDER, part2_order=True), purpose=P.LEGAL_PROCEEDING
        )
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "part2.court_order" in d.rules


def test_part2_court_order_not_part2_is_denied_2_61() -> None:
    d = decide_without_consent(BasisType.COURT_ORDER, purpose=P.LEGAL_PROCEEDING)
    assert d.outcome is Outcome.DENY
    assert "part2.court_order.not_part2" in d.rules


def test_part2_proceedings_without_basis_are_denied_2_12_d_1() -> None:
    d = decide_without_consent(
        BasisType.NONE,
        recipient=Recipient("detective", K.LAW_ENFORCEMENT),
        purpose=P.CRIMINAL_INVESTIGATION,
    )
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.12(d)(1)" in d.citations


def test_part2_audit_evaluation_2_53() -> None:
    d = decide_without_consent(
        BasisType.AUDIT_AGREEMENT,
        recipient=Recipient("state auditor", K.AUDITOR),
        purpose=P.AUDIT_EVALUATION,
    )
    assert d.outcome is Outcome.ALLOW
    assert "42 CFR 2.53" in d.citations


def test_part2_research_needs_review_2_52() -> None:
    d = decide_without_consent(
        BasisType.RESEARCH_WAIVER,
        recipient=Recipient("university study", K.RESEARCHER),
        purpose=P.RESEARCH,
    )
    assert d.outcome is Outcome.NEEDS_REVIEW


def test_part2_crime_on_premises_limited_to_the_incident_2_12_c_5() -> None:
    police = Recipient("county police", K.LAW_ENFORCEMENT)
    d = decide_without_consent(
        BasisType.CRIME_ON_PREMISES,
        recipient=police,
        purpose=P.CRIME_ON_PREMISES,
        information=frozenset({Category.DEMOGRAPHICS}),
    )
    assert d.outcome is Outcome.ALLOW
    assert Duty.NOTIFY_PRIVACY_OFFICER in d.obligations
    assert "42 CFR 2.12(c)(5)" in d.citations
    d = decide_without_consent(
        BasisType.CRIME_ON_PREMISES,
        recipient=police,
        purpose=P.CRIME_ON_PREMISES,
        information=frozenset({Category.DEMOGRAPHICS, Category.SERVICE_NOTES}),
    )
    assert d.outcome is Outcome.NEEDS_REVIEW


def test_part2_denial_to_the_peer_does_not_add_neither_confirm_nor_deny() -> None:
    d = decide_without_consent(
        BasisType.NONE,
        recipient=Recipient("Robin Okafor", K.THE_PEER),
        purpose=P.OTHER,
    )
    assert d.outcome is Outcome.DENY
    assert NEITHER_CONFIRM_NOR_DENY not in d.citations


# -- round 2: the outside legal review of 2026-12 ----------------------------------------------
# Each test names the rule it exercises and quotes the text the rule rests on.
def test_part2_consent_tpo_needs_the_two_statements_2_31_a_10() -> None:
    """2.31(a)(10): "A patient's written consent to use or disclose records for treatment,
    payment, or health care operations must include all of the following statements: (i) The
    potential for the records ... to be subject to redisclosure by the recipient and no longer
    protected by this part. (ii) The consequences to the patient of a refusal to sign the
    consent." Probe P1: a treatment consent to a recipient that is not a covered entity, with
    no statement at all, was allowed."""
    peer_center = Recipient("Cedar Recovery House", K.OTHER, covered_entity=False)
    listed = (ConsentRecipient(peer_center.name, peer_center.kind, covered_entity=False),)
    for missing, citation in [
        ("redisclosure_potential_statement", "42 CFR 2.31(a)(10)(i)"),
        ("refusal_consequences_statement", "42 CFR 2.31(a)(10)(ii)"),
    ]:
        c = consent(recipients=listed, redisclosure_statement=None, **{missing: False})
        d = decide(recipient=peer_center, program=PART2_ONLY, consents=(c,))
        assert d.outcome is Outcome.DENY, missing
        assert citation in d.citations
        assert "part2.consent.tpo" in d.rules
    both = consent(
        recipients=listed,
        redisclosure_statement=None,
        redisclosure_potential_statement=True,
        refusal_consequences_statement=True,
    )
    d = decide(recipient=peer_center, program=PART2_ONLY, consents=(both,))
    assert d.outcome is Outcome.ALLOW


def test_part2_consent_statements_are_not_asked_of_a_consent_outside_tpo_2_31_a_10() -> None:
    employer = Recipient("Birch Logistics", K.EMPLOYER)
    c = consent(
        recipients=(ConsentRecipient(employer.name, employer.kind),),
        purposes=frozenset({P.EMPLOYMENT}),
        refusal_consequences_statement=False,
        redisclosure_potential_statement=False,
    )
    d = decide_disclosure(
        request(program=PART2_ONLY, recipient=employer, purpose=P.EMPLOYMENT, consents=(c,))
    )
    assert d.outcome is Outcome.ALLOW


def test_part2_consent_of_a_fundraising_program_states_the_opt_out_2_31_a_5_iii() -> None:
    """2.31(a)(5)(iii): "If a part 2 program intends to use or disclose records to fundraise on
    its own behalf, a statement about the patient's right to elect not to receive any
    fundraising communications." Absent means present (contract v1); false means missing."""
    fundraiser = dataclasses.replace(PART2_ONLY, fundraises=True)
    silent = consent(fundraising_statement=False)
    d = decide(program=fundraiser, consents=(silent,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.31(a)(5)(iii)" in d.citations
    assert decide(program=PART2_ONLY, consents=(silent,)).outcome is Outcome.ALLOW
    assert decide(program=fundraiser).outcome is Outcome.ALLOW


PROBATION = Recipient("Hollow County Adult Probation", K.PROBATION_OR_COURT_PROGRAM)
TERMS = CriminalJusticeTerms("until 2027-12-31", "2027-09-01")


def probation_request(as_of: date = AS_OF, **consent_overrides: object) -> DisclosureDecision:
    fields: dict[str, object] = {
        "recipients": (ConsentRecipient(PROBATION.name, PROBATION.kind),),
        "purposes": frozenset({P.OTHER}),
        "revocation_statement": None,
        "criminal_justice": TERMS,
    }
    fields.update(consent_overrides)
    return decide(
        as_of=as_of,
        recipient=PROBATION,
        purpose=P.OTHER,
        program=PART2_ONLY,
        consents=(consent(**fields),),
    )


def test_part2_consent_criminal_justice_states_period_and_revocability_2_35_b_c() -> None:
    """2.35(b): "The written consent must state the period during which it remains in effect";
    2.35(c): "... must state that it is revocable upon the passage of a specified amount of time
    or the occurrence of a specified, ascertainable event." Probe P3: a probation consent with
    neither was allowed. 2.35(a)(2) excepts 2.31(a)(6), the ordinary right to revoke."""
    assert probation_request().outcome is Outcome.ALLOW
    for terms, citation in [
        (None, "42 CFR 2.35(b)"),
        (CriminalJusticeTerms(None, "2027-09-01"), "42 CFR 2.35(b)"),
        (CriminalJusticeTerms("one year", "  "), "42 CFR 2.35(c)"),
    ]:
        d = probation_request(criminal_justice=terms)
        assert d.outcome is Outcome.DENY, terms
        assert citation in d.citations


def test_part2_consent_criminal_justice_revocation_waits_for_its_event_2_35_c() -> None:
    """2.35(c): the consent is "revocable upon the passage of a specified amount of time or the
    occurrence of a specified, ascertainable event": a revocation before then does not end it,
    one after does, and one against an event nobody dated goes to a person."""
    early = probation_request(revoked_on=date(2027, 3, 1))
    assert early.outcome is Outcome.ALLOW
    late = probation_request(as_of=date(2027, 10, 1), revoked_on=date(2027, 9, 2))
    assert late.outcome is Outcome.DENY
    event = CriminalJusticeTerms("until the case closes", "completion of drug court")
    unsettled = probation_request(criminal_justice=event, revoked_on=date(2027, 3, 1))
    assert unsettled.outcome is Outcome.NEEDS_REVIEW
    assert "42 CFR 2.35(c)" in unsettled.citations


def test_part2_consent_criminal_justice_period_ends_it_2_35_b() -> None:
    ended = dataclasses.replace(TERMS, period="until 2027-02-01")
    assert probation_request(criminal_justice=ended).outcome is Outcome.DENY


def test_part2_consent_criminal_justice_goes_only_to_those_monitoring_2_35_a_1() -> None:
    """2.35(a)(1): "only to those persons within the criminal justice system who have a need for
    the information in connection with their duty to monitor the patient's progress"."""
    police = Recipient("Hollow County Sheriff", K.LAW_ENFORCEMENT)
    c = consent(
        recipients=(
            ConsentRecipient(PROBATION.name, PROBATION.kind),
            ConsentRecipient(police.name, police.kind),
        ),
        purposes=frozenset({P.OTHER}),
        criminal_justice=TERMS,
    )
    d = decide(recipient=police, purpose=P.OTHER, program=PART2_ONLY, consents=(c,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.35(a)(1)" in d.citations
    assert "part2.consent.criminal_justice" in d.rules


def test_part2_counseling_notes_need_consent_even_in_an_emergency_2_31_b_1() -> None:
    """2.31(b)(1): "a part 2 program must obtain consent for any use or disclosure of SUD
    counseling notes, except" a list with no emergency, abuse-report or crime exception. Probe
    P6: notes went to the emergency department under 2.51."""
    er = Recipient("County General Emergency", K.MEDICAL_PERSONNEL)
    for notes in (Category.COUNSELING_NOTES, Category.PSYCHOTHERAPY_NOTES):
        d = decide_without_consent(
            BasisType.MEDICAL_EMERGENCY,
            program=PART2_ONLY,
            recipient=er,
            purpose=P.MEDICAL_EMERGENCY,
            information=frozenset({notes}),
            emergency=Emergency(consent_obtainable=False),
        )
        assert d.outcome is Outcome.DENY, notes
        assert "part2.counseling_notes" in d.rules
        assert "42 CFR 2.31(b)(1)" in d.citations


def test_part2_counseling_notes_under_a_consent_for_notes_alone_2_31_b_2() -> None:
    """2.31(b)(2): a notes consent "may only be combined with another written consent for a use
    or disclosure of SUD counseling notes"."""
    notes = frozenset({Category.COUNSELING_NOTES})
    alone = consent(information=notes)
    assert decide(information=notes, consents=(alone,)).outcome is Outcome.ALLOW
    mixed = consent(information=notes | {Category.ATTENDANCE})
    d = decide(information=notes, consents=(mixed,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.31(b)" in d.citations
    tpo = consent(ConsentForm.PART2_TPO, information=notes)
    assert decide(information=notes, consents=(tpo,)).outcome is Outcome.NEEDS_REVIEW


def test_part2_counseling_notes_oversight_of_their_author_goes_to_review_2_31_b_1_ii() -> None:
    auditor = Recipient("State Licensing Review", K.AUDITOR)
    d = decide_without_consent(
        BasisType.AUDIT_AGREEMENT,
        recipient=auditor,
        purpose=P.AUDIT_EVALUATION,
        information=frozenset({Category.COUNSELING_NOTES}),
        program=PART2_ONLY,
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "part2.counseling_notes.oversight" in d.rules


MINOR = PeerFacts(age=16)


def test_part2_consent_signer_authority_minor_alone_2_14_a() -> None:
    """2.14(a): "If a minor patient acting alone has the legal capacity under the applicable
    state law to apply for and obtain substance use disorder treatment, any written consent ...
    may be given only by the minor patient." A parent alone cannot give it."""
    alone = dataclasses.replace(MINOR, minor_may_consent_alone=True)
    assert decide(peer=alone, program=PART2_ONLY).outcome is Outcome.ALLOW
    parent = consent(signed_by=Signer.PARENT, representative_authority="mother")
    d = decide(peer=alone, program=PART2_ONLY, consents=(parent,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.14(a)" in d.citations
    assert "part2.consent.signer_authority" in d.rules


def test_part2_consent_signer_authority_minor_and_parent_both_sign_2_14_b_1() -> None:
    """2.14(b)(1): "Where state law requires consent of a parent, guardian, or other person for
    a minor to obtain treatment ..., any written consent ... must be given by both the minor and
    their parent, guardian, or other person authorized under state law"."""
    needs_parent = dataclasses.replace(MINOR, minor_may_consent_alone=False)
    d = decide(peer=needs_parent, program=PART2_ONLY)
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.14(b)(1)" in d.citations
    guardian_only = consent(signed_by=Signer.GUARDIAN)
    d = decide(peer=needs_parent, program=PART2_ONLY, consents=(guardian_only,))
    assert d.outcome is Outcome.DENY  # a guardian alone is never enough for a minor
    both = consent(co_signed_by=(Signer.PARENT,))
    assert decide(peer=needs_parent, program=PART2_ONLY, consents=(both,)).allowed
    unknown = decide(peer=MINOR, program=PART2_ONLY)
    assert unknown.outcome is Outcome.NEEDS_REVIEW  # the minor alone; may they consent alone?


def test_part2_consent_signer_authority_incapacitated_or_deceased_2_15() -> None:
    """2.15(a)(1): for a patient "adjudicated as lacking the capacity ... any consent ... may be
    given by the personal representative"; 2.15(b)(2): for a deceased patient "that consent may
    be given by the personal representative"."""
    incapacitated = PeerFacts(age=40, adjudicated_incapacitated=True)
    rep = consent(signed_by=Signer.REPRESENTATIVE, representative_authority="guardian order")
    assert decide(peer=incapacitated, program=PART2_ONLY, consents=(rep,)).allowed
    d = decide(peer=incapacitated, program=PART2_ONLY)
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.15(a)(1)" in d.citations
    deceased = PeerFacts(age=40, deceased=True)
    assert decide(peer=deceased, program=PART2_ONLY, consents=(rep,)).allowed


def test_part2_consent_signer_authority_a_guardian_goes_to_review_anywhere_2_31_a_8() -> None:
    """Probe Q1: a guardian-signed Part 2 consent in Maryland was allowed; with nothing saying
    why someone else signed, a person confirms their authority. For a known adult who was never
    found incapacitated, only the peer can sign (2.31(a)(8))."""
    guardian = consent(signed_by=Signer.GUARDIAN)
    d = decide(program=PART2_ONLY, consents=(guardian,))
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "part2.consent.signer_authority" in d.rules
    adult = PeerFacts(age=34, adjudicated_incapacitated=False, deceased=False)
    assert decide(peer=adult, program=PART2_ONLY, consents=(guardian,)).outcome is Outcome.DENY


POLICE = Recipient("Harbor City Police", K.LAW_ENFORCEMENT)


def test_part2_crime_on_premises_is_limited_to_the_incident_2_12_c_5_ii() -> None:
    """2.12(c)(5)(ii): reports "limited to the circumstances of the incident, including the
    patient status of the individual ..., that individual's name and address, and that
    individual's last known whereabouts". Probe P9: substance use details were allowed; probe P5:
    a report labelled a criminal investigation was denied."""
    for purpose in (P.CRIME_ON_PREMISES, P.CRIMINAL_INVESTIGATION):
        d = decide_without_consent(
            BasisType.CRIME_ON_PREMISES,
            recipient=POLICE,
            purpose=purpose,
            information=frozenset({Category.DEMOGRAPHICS, Category.ATTENDANCE}),
            program=PART2_ONLY,
        )
        assert d.outcome is Outcome.ALLOW, purpose
        assert "part2.crime_on_premises" in d.rules
    status = decide_without_consent(
        BasisType.CRIME_ON_PREMISES,
        recipient=POLICE,
        purpose=P.CRIME_ON_PREMISES,
        information=frozenset({Category.DEMOGRAPHICS, Category.SUD_TREATMENT}),
        program=PART2_ONLY,
    )
    assert status.outcome is Outcome.ALLOW  # "patient status" is named
    more = decide_without_consent(
        BasisType.CRIME_ON_PREMISES,
        recipient=POLICE,
        purpose=P.CRIME_ON_PREMISES,
        information=frozenset({Category.DEMOGRAPHICS, Category.SERVICE_NOTES}),
        program=PART2_ONLY,
    )
    assert more.outcome is Outcome.NEEDS_REVIEW


def test_part2_restriction_binds_only_tpo_2_26_a_5() -> None:
    """2.26(a)(5): a restriction "is not effective under this subpart to prevent uses or
    disclosures required by law or permitted by this part for purposes other than treatment,
    payment, and health care operations". Probe P4: an employment disclosure the peer
    consented to was denied."""
    employer = Recipient("Birch Logistics", K.EMPLOYER)
    c = consent(
        recipients=(ConsentRecipient(employer.name, employer.kind),),
        purposes=frozenset({P.EMPLOYMENT}),
    )
    kept = Restriction(K.EMPLOYER, frozenset({Category.ATTENDANCE}))
    d = decide_disclosure(
        request(
            program=PART2_ONLY,
            recipient=employer,
            purpose=P.EMPLOYMENT,
            consents=(c,),
            restrictions=(kept,),
        )
    )
    assert d.outcome is Outcome.ALLOW


def test_part2_medical_emergency_only_to_treat_it_2_51_a() -> None:
    """2.51(a): "to medical personnel to the extent necessary to ... [m]eet a bona fide medical
    emergency". Probe Q7: purpose payment was allowed."""
    er = Recipient("County General Emergency", K.MEDICAL_PERSONNEL)
    d = decide_without_consent(
        BasisType.MEDICAL_EMERGENCY,
        recipient=er,
        purpose=P.PAYMENT,
        emergency=Emergency(consent_obtainable=False),
    )
    assert d.outcome is Outcome.DENY


ME = Recipient("Office of the Chief Medical Examiner", K.MEDICAL_EXAMINER)


def test_part2_cause_of_death_2_15_b_1() -> None:
    """2.15(b)(1): "These regulations do not restrict the disclosure of patient identifying
    information relating to the cause of death of a patient under laws requiring the collection
    of death or other vital statistics or permitting inquiry into the cause of death." Probe
    Q10 was denied."""
    d = decide_without_consent(
        BasisType.LAW,
        recipient=ME,
        purpose=P.CAUSE_OF_DEATH_INQUIRY,
        information=frozenset({Category.CAUSE_OF_DEATH, Category.DEMOGRAPHICS}),
        peer=PeerFacts(deceased=True),
    )
    assert d.outcome is Outcome.ALLOW
    assert {Duty.MINIMUM_NECESSARY, Duty.ACCOUNTING_ENTRY} <= set(d.obligations)
    assert "part2.cause_of_death" in d.rules
    living = decide_without_consent(
        BasisType.LAW,
        recipient=ME,
        purpose=P.CAUSE_OF_DEATH_INQUIRY,
        information=frozenset({Category.CAUSE_OF_DEATH}),
        peer=PeerFacts(deceased=False),
    )
    assert living.outcome is Outcome.DENY
    family = decide_without_consent(
        BasisType.NONE,
        recipient=Recipient("Sam Okafor", K.FAMILY),
        purpose=P.CAUSE_OF_DEATH_INQUIRY,
        information=frozenset({Category.CAUSE_OF_DEATH}),
        peer=PeerFacts(deceased=True),
    )
    assert family.outcome is Outcome.DENY  # 2.15(b)(1) speaks to the laws on deaths, not family


def test_part2_presence_inquiry_publicly_identified_2_13_c_1() -> None:
    """2.13(c)(1): in a facility "publicly identified as a place where only substance use
    disorder ... treatment ... is provided", presence "may be acknowledged only if the patient's
    written consent is obtained ... or if an authorizing court order is entered"."""
    caller = Recipient("a caller", K.OTHER)
    public = dataclasses.replace(PART2_ONLY, publicly_identified_sud=True)
    d = decide_without_consent(
        BasisType.NONE, recipient=caller, purpose=P.PRESENCE_INQUIRY, program=public
    )
    assert d.outcome is Outcome.DENY
    assert {"42 CFR 2.13(c)(1)", NEITHER_CONFIRM_NOR_DENY} <= set(d.citations)
    quiet = decide_without_consent(
        BasisType.NONE, recipient=caller, purpose=P.PRESENCE_INQUIRY, program=PART2_ONLY
    )
    assert quiet.outcome is Outcome.NEEDS_REVIEW


def test_part2_lawful_holder_keeps_the_proceedings_bar_2_12_d_1() -> None:
    """2.12(d)(1): the bar on use in proceedings against the patient "applies to any person who
    obtains the record from a part 2 program"; 2.33(b)(1): a covered entity that received the
    records for TPO may redisclose them under HIPAA, except for proceedings."""
    holder = dataclasses.replace(HIPAA_ONLY_MD, part2_program=False)
    court = Recipient("Hollow County Circuit Court", K.COURT)
    d = decide_without_consent(
        BasisType.NONE,
        program=holder,
        recipient=court,
        purpose=P.LEGAL_PROCEEDING,
        information_origin=InformationOrigin.RECEIVED_PART2,
    )
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.12(d)(1)" in d.citations
    d = decide_without_consent(
        BasisType.NONE, program=holder, information_origin=InformationOrigin.RECEIVED_PART2
    )
    assert d.outcome is Outcome.ALLOW
    assert "part2.lawful_holder.tpo" in d.rules
    not_covered = dataclasses.replace(holder, hipaa_covered_entity=False)
    d = decide_without_consent(
        BasisType.NONE, program=not_covered, information_origin=InformationOrigin.RECEIVED_PART2
    )
    assert d.outcome is Outcome.DENY


def test_part2_peer_direction_needs_a_part2_consent_2_31_a_5_i() -> None:
    """2.31(a)(5)(i): "The statement 'at the request of the patient' is a sufficient description
    of the purpose when a patient initiates the consent"."""
    lawyer = Recipient("Ana Ruiz, attorney", K.OTHER)
    d = decide_without_consent(BasisType.PEER_DIRECTION, recipient=lawyer, purpose=P.PEER_DIRECTED)
    assert d.outcome is Outcome.DENY
    assert "part2.peer_direction" in d.rules


def test_part2_child_abuse_report_needs_a_mandated_reporter_2_12_c_6() -> None:
    """2.12(c)(6) covers "the reporting under state law of incidents of suspected child abuse";
    the duty is the person's (Va. Code 63.2-1509), so the reporter's own status decides."""
    cps = Recipient("Harbor County DSS", K.CHILD_PROTECTIVE_SERVICES)
    for reporter, outcome in [
        (Reporter(mandated_child=True, mandated_adult=False), Outcome.ALLOW),
        (Reporter(mandated_child=False, mandated_adult=True), Outcome.NEEDS_REVIEW),
    ]:
        d = decide_without_consent(
            BasisType.MANDATED_REPORT,
            recipient=cps,
            purpose=P.CHILD_ABUSE_REPORT,
            reporter=reporter,
        )
        assert d.outcome is outcome, reporter
