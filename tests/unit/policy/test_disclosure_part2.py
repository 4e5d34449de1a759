"""One test per 42 CFR part 2 rule (federal-part2 pack), named after the rule and citing it.
Programs here are Part 2 programs in Virginia that are also HIPAA covered entities, unless a
test says otherwise; the strictest pack wins."""

from __future__ import annotations

import dataclasses

from confide.domain.consents import ConsentForm, ConsentRecipient, Signer
from confide.domain.decisions import Outcome
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosureDecision,
    DisclosurePurpose,
    Duty,
    Emergency,
    Recipient,
    RecipientKind,
    Restriction,
)
from confide.policy.disclosure import decide_disclosure
from tests.unit.policy.disclosure_builders import (
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
    assert "42 CFR 2.31(a)(4)(ii)" in d.citations
    for blank in (dataclasses.replace(named, participants=(" ", "\xa0")),
                  dataclasses.replace(named, participant_class="\u2003")):  # fmt: skip
        d = decide(recipient=hie, consents=(consent(recipients=(blank,)),))
        assert d.outcome is Outcome.DENY  # a blank name names nobody
    with_class = dataclasses.replace(named, participant_class="my treating providers")
    d = decide(recipient=hie, consents=(consent(recipients=(with_class,)),))
    assert d.outcome is Outcome.ALLOW
    assert "part2.consent.intermediary" in d.rules
    assert "42 CFR 2.24" in d.citations


def test_part2_consent_signer_authority_needs_review_2_14_2_15() -> None:
    d = decide(consents=(consent(signed_by=Signer.OTHER),))
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "part2.consent.signer_authority" in d.rules


def test_part2_restriction_agreed_with_the_peer_binds_2_26() -> None:
    kept = Restriction(K.TREATING_PROVIDER, frozenset({Category.ATTENDANCE}))
    d = decide(restrictions=(kept,))
    assert d.outcome is Outcome.DENY
    assert "42 CFR 2.26(a)" in d.citations
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
    qso = Recipient("Ledger Billing Co", K.QUALIFIED_SERVICE_ORGANIZATION)
    d = decide_without_consent(BasisType.QSOA, recipient=qso, purpose=P.PAYMENT)
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
    assert {"42 CFR 2.13(b)", "42 CFR 2.61", NEITHER_CONFIRM_NOR_DENY} <= set(d.citations)
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
