"""One test per HIPAA Privacy Rule rule (federal-hipaa pack), named after it and citing it.
Programs here are HIPAA covered entities in Virginia that are not Part 2 programs."""

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
    PeerFacts,
    Recipient,
    RecipientKind,
    Reporter,
    Restriction,
)
from confide.policy.disclosure import decide_disclosure
from tests.unit.policy.disclosure_builders import HIPAA_VA, consent, request, without_consent

P = DisclosurePurpose
K = RecipientKind
EMPLOYER = Recipient("Birch Logistics", K.EMPLOYER)


def decide(basis: BasisType, **overrides: object) -> DisclosureDecision:
    overrides.setdefault("program", HIPAA_VA)
    return decide_disclosure(without_consent(basis=Basis(basis), **overrides))


def authorized(**overrides: object) -> DisclosureDecision:
    fields: dict[str, object] = {
        "recipients": (ConsentRecipient(EMPLOYER.name, EMPLOYER.kind),),
        "purposes": frozenset({P.EMPLOYMENT}),
    }
    fields.update(overrides)
    c = consent(ConsentForm.HIPAA_AUTHORIZATION, **fields)
    return decide_disclosure(
        request(program=HIPAA_VA, recipient=EMPLOYER, purpose=P.EMPLOYMENT, consents=(c,))
    )


def test_hipaa_authorization_allows_what_it_names_164_508() -> None:
    d = authorized()
    assert d.outcome is Outcome.ALLOW
    assert Duty.MINIMUM_NECESSARY not in d.obligations  # 164.502(b)(2)(iii)
    assert Duty.REDISCLOSURE_NOTICE not in d.obligations  # a Part 2 notice only
    assert "45 CFR 164.508(c)" in d.citations


def test_hipaa_authorization_without_expiry_is_invalid_164_508_c_1_v() -> None:
    d = authorized(expires=None, expiry_event=None)
    assert d.outcome is Outcome.DENY
    assert "45 CFR 164.508(c)(1)(v)" in d.citations


def test_hipaa_authorization_without_redisclosure_statement_is_invalid_164_508_c_2_iii() -> None:
    d = authorized(redisclosure_statement=False)
    assert d.outcome is Outcome.DENY
    assert "redisclosure_statement" in d.reason


def test_hipaa_authorization_expired_is_defective_164_508_b_2() -> None:
    d = authorized(expiry_event="job offer decided", expires=None, expiry_event_occurred=True)
    assert d.outcome is Outcome.DENY
    assert "45 CFR 164.508(b)(2)" in d.citations


def test_hipaa_authorization_representative_needs_review_164_502_g() -> None:
    """45 CFR 164.502(g): whether the signer is the peer's personal representative is for a
    person to confirm when nothing about the peer says why someone else signed."""
    for signer in (Signer.OTHER, Signer.GUARDIAN, Signer.REPRESENTATIVE, Signer.PARENT):
        d = authorized(signed_by=signer, representative_authority="court-appointed guardian")
        assert d.outcome is Outcome.NEEDS_REVIEW, signer
        assert "hipaa.authorization.representative" in d.rules


def test_hipaa_authorization_signed_for_the_peer_describes_the_authority_164_508_c_1_vi() -> None:
    """164.508(c)(1)(vi): "If the authorization is signed by a personal representative of the
    individual, a description of such representative's authority to act for the individual
    must also be provided." Probe P7 (a guardian, no description) was allowed."""
    d = authorized(signed_by=Signer.GUARDIAN)
    assert d.outcome is Outcome.DENY
    assert d.citations[0] == "45 CFR 164.508(c)(1)(vi)"


def test_hipaa_treatment_without_consent_164_506_c() -> None:
    d = decide(BasisType.NONE)
    assert d.outcome is Outcome.ALLOW
    assert d.obligations == ()  # minimum necessary does not apply to treatment, 164.502(b)(2)(i)


def test_hipaa_payment_operations_minimum_necessary_164_502_b() -> None:
    plan = Recipient("Commonwealth Health Plan", K.HEALTH_PLAN)
    d = decide(BasisType.NONE, recipient=plan, purpose=P.PAYMENT)
    assert d.outcome is Outcome.ALLOW
    assert d.obligations == (Duty.MINIMUM_NECESSARY,)


def test_hipaa_consent_treatment_needs_a_consent_in_force_164_506_b() -> None:
    c = consent(revoked_on=consent().signed_on)
    d = decide_disclosure(request(program=HIPAA_VA, consents=(c,)))
    assert d.outcome is Outcome.DENY
    assert d.rules == ("hipaa.consent.treatment",)


def test_hipaa_restriction_agreed_binds_164_522_a_1_iii() -> None:
    kept = Restriction(K.TREATING_PROVIDER, frozenset({Category.ATTENDANCE}))
    d = decide(BasisType.NONE, restrictions=(kept,))
    assert d.outcome is Outcome.DENY
    assert "45 CFR 164.522(a)(1)(iii)" in d.citations


def test_hipaa_right_of_access_164_524() -> None:
    d = decide(BasisType.NONE, recipient=Recipient("the peer", K.THE_PEER), purpose=P.PEER_REQUEST)
    assert d.outcome is Outcome.ALLOW
    assert d.obligations == ()


def test_hipaa_right_of_access_psychotherapy_notes_needs_review_164_524_a_1_i() -> None:
    d = decide(
        BasisType.NONE,
        recipient=Recipient("the peer", K.THE_PEER),
        purpose=P.PEER_REQUEST,
        information=frozenset({Category.PSYCHOTHERAPY_NOTES}),
    )
    assert d.outcome is Outcome.NEEDS_REVIEW


def test_hipaa_psychotherapy_notes_need_an_authorization_164_508_a_2() -> None:
    d = decide(BasisType.NONE, information=frozenset({Category.PSYCHOTHERAPY_NOTES}))
    assert d.outcome is Outcome.DENY
    assert "45 CFR 164.508(a)(2)" in d.citations


def test_hipaa_medical_emergency_is_treatment_164_506_c_2() -> None:
    d = decide(
        BasisType.MEDICAL_EMERGENCY,
        recipient=Recipient("ED physician", K.MEDICAL_PERSONNEL),
        purpose=P.MEDICAL_EMERGENCY,
    )
    assert d.outcome is Outcome.ALLOW


def test_hipaa_child_abuse_report_enters_the_accounting_164_512_b_1_ii() -> None:
    d = decide(
        BasisType.MANDATED_REPORT,
        recipient=Recipient("hotline", K.CHILD_PROTECTIVE_SERVICES),
        purpose=P.CHILD_ABUSE_REPORT,
    )
    assert d.outcome is Outcome.ALLOW
    assert Duty.ACCOUNTING_ENTRY in d.obligations
    assert Duty.INITIAL_REPORT_ONLY not in d.obligations  # a Part 2 limit only
    assert "45 CFR 164.512(b)(1)(ii)" in d.citations


def test_hipaa_adult_abuse_report_required_by_law_164_512_c_1_i() -> None:
    d = decide(
        BasisType.MANDATED_REPORT,
        recipient=Recipient("APS", K.ADULT_PROTECTIVE_SERVICES),
        purpose=P.ADULT_ABUSE_REPORT,
    )
    assert d.outcome is Outcome.ALLOW
    assert "45 CFR 164.512(c)(2)" in d.citations


def test_hipaa_adult_abuse_report_permissive_needs_review_164_512_c_1_ii() -> None:
    program = dataclasses.replace(HIPAA_VA, mandated_reporter=False)
    d = decide(
        BasisType.MANDATED_REPORT,
        program=program,
        recipient=Recipient("APS", K.ADULT_PROTECTIVE_SERVICES),
        purpose=P.ADULT_ABUSE_REPORT,
    )
    assert d.outcome is Outcome.NEEDS_REVIEW


def test_hipaa_serious_threat_needs_review_164_512_j_1_i() -> None:
    d = decide(
        BasisType.DUTY_TO_PROTECT,
        recipient=Recipient("named person", K.POTENTIAL_VICTIM),
        purpose=P.DUTY_TO_PROTECT,
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "45 CFR 164.512(j)(1)(i)" in d.citations


def test_hipaa_subpoena_needs_review_164_512_e_1_ii() -> None:
    d = decide(
        BasisType.SUBPOENA, recipient=Recipient("court", K.COURT), purpose=P.LEGAL_PROCEEDING
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "45 CFR 164.512(e)(1)(ii)" in d.citations


def test_hipaa_court_order_needs_review_164_512_e_1_i() -> None:
    d = decide(BasisType.COURT_ORDER, recipient=Recipient("court", K.COURT))
    assert d.outcome is Outcome.NEEDS_REVIEW


def test_hipaa_law_enforcement_needs_review_164_512_f() -> None:
    d = decide(
        BasisType.NONE,
        recipient=Recipient("detective", K.LAW_ENFORCEMENT),
        purpose=P.CRIMINAL_INVESTIGATION,
    )
    assert d.outcome is Outcome.NEEDS_REVIEW


def test_hipaa_crime_on_premises_164_512_f_5() -> None:
    d = decide(
        BasisType.CRIME_ON_PREMISES,
        recipient=Recipient("police", K.LAW_ENFORCEMENT),
        purpose=P.CRIME_ON_PREMISES,
        information=frozenset({Category.DEMOGRAPHICS}),
    )
    assert d.outcome is Outcome.ALLOW
    assert "45 CFR 164.512(f)(5)" in d.citations


def test_hipaa_business_associate_164_504_e() -> None:
    """164.502(e), 164.504(e): a business associate receives PHI under an agreement with the
    terms 164.504(e) lists; a Part 2 QSO agreement is not one by itself, so a person checks."""
    d = decide(
        BasisType.QSOA,
        recipient=Recipient("billing vendor", K.QUALIFIED_SERVICE_ORGANIZATION),
        purpose=P.PAYMENT,
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "hipaa.business_associate" in d.rules


def test_hipaa_health_oversight_164_512_d() -> None:
    d = decide(
        BasisType.AUDIT_AGREEMENT,
        recipient=Recipient("state auditor", K.AUDITOR),
        purpose=P.AUDIT_EVALUATION,
    )
    assert d.outcome is Outcome.ALLOW
    assert Duty.ACCOUNTING_ENTRY in d.obligations


def test_hipaa_research_needs_review_164_512_i() -> None:
    d = decide(
        BasisType.RESEARCH_WAIVER, recipient=Recipient("study", K.RESEARCHER), purpose=P.RESEARCH
    )
    assert d.outcome is Outcome.NEEDS_REVIEW


def test_hipaa_family_involvement_needs_review_164_510_b() -> None:
    d = decide(BasisType.NONE, recipient=Recipient("peer's father", K.FAMILY), purpose=P.OTHER)
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "45 CFR 164.510(b)" in d.citations


def test_hipaa_no_basis_is_denied_164_502_a() -> None:
    d = decide(BasisType.NONE, recipient=EMPLOYER, purpose=P.EMPLOYMENT)
    assert d.outcome is Outcome.DENY
    assert "hipaa.no_basis" in d.rules
    assert "42 CFR 2.13(c)(2)" not in d.citations  # not a Part 2 program


# -- round 2: the outside legal review of 2026-12 ----------------------------------------------
NOTES = frozenset({Category.PSYCHOTHERAPY_NOTES})
OTHER_CLINIC = Recipient("Linden Counseling", K.TREATING_PROVIDER)


def notes_request(c: object, purpose: DisclosurePurpose = P.TREATMENT) -> DisclosureDecision:
    return decide_disclosure(
        request(
            program=HIPAA_VA,
            recipient=OTHER_CLINIC,
            purpose=purpose,
            information=NOTES,
            consents=(c,),
        )
    )


def test_hipaa_psychotherapy_notes_authorization_only_164_506_b_2() -> None:
    """164.506(b)(2): a consent "shall not be effective to permit a use or disclosure of
    protected health information when an authorization, under § 164.508, is required";
    164.508(a)(2): "a covered entity must obtain an authorization for any use or disclosure of
    psychotherapy notes". Probe Q2: notes went out on a treatment consent."""
    listed = (ConsentRecipient(OTHER_CLINIC.name, OTHER_CLINIC.kind),)
    plain = consent(ConsentForm.PART2, recipients=listed, information=NOTES)
    d = notes_request(plain)
    assert d.outcome is Outcome.DENY
    assert "45 CFR 164.506(b)(2)" in d.citations
    assert "hipaa.psychotherapy_notes.authorization" in d.rules
    authorization = consent(ConsentForm.HIPAA_AUTHORIZATION, recipients=listed, information=NOTES)
    assert notes_request(authorization).outcome is Outcome.ALLOW


def test_hipaa_psychotherapy_notes_authorization_for_the_notes_alone_164_508_b_3_ii() -> None:
    """164.508(b)(3)(ii): "An authorization for a use or disclosure of psychotherapy notes may
    only be combined with another authorization for a use or disclosure of psychotherapy
    notes.\""""
    listed = (ConsentRecipient(OTHER_CLINIC.name, OTHER_CLINIC.kind),)
    combined = consent(
        ConsentForm.HIPAA_AUTHORIZATION,
        recipients=listed,
        information=NOTES | {Category.ATTENDANCE},
    )
    d = notes_request(combined)
    assert d.outcome is Outcome.DENY
    assert "45 CFR 164.508(b)(3)(ii)" in d.citations


def test_hipaa_psychotherapy_notes_exception_goes_to_review_164_508_a_2_ii() -> None:
    for basis in (BasisType.LAW, BasisType.COURT_ORDER):
        d = decide(basis, information=NOTES, recipient=OTHER_CLINIC)
        assert d.outcome is Outcome.NEEDS_REVIEW, basis


def test_hipaa_restriction_binds_tpo_and_family_only_164_522_a_1() -> None:
    """164.522(a)(1)(i): restrictions of "(A) Uses or disclosures ... to carry out treatment,
    payment, or health care operations; and (B) Disclosures permitted under § 164.510(b)"."""
    kept = Restriction(K.EMPLOYER, frozenset({Category.ATTENDANCE}))
    authorized_later = authorized(
        recipients=(ConsentRecipient(EMPLOYER.name, EMPLOYER.kind),),
    )
    assert authorized_later.outcome is Outcome.ALLOW
    c = consent(
        ConsentForm.HIPAA_AUTHORIZATION,
        recipients=(ConsentRecipient(EMPLOYER.name, EMPLOYER.kind),),
        purposes=frozenset({P.EMPLOYMENT}),
    )
    d = decide_disclosure(
        request(
            program=HIPAA_VA,
            recipient=EMPLOYER,
            purpose=P.EMPLOYMENT,
            consents=(c,),
            restrictions=(kept,),
        )
    )
    assert d.outcome is Outcome.ALLOW
    family = Recipient("Sam Okafor", K.FAMILY)
    told = Restriction(K.FAMILY, frozenset({Category.ATTENDANCE}))
    d = decide(BasisType.NONE, recipient=family, purpose=P.OTHER, restrictions=(told,))
    assert d.outcome is Outcome.DENY
    assert "hipaa.restriction.family" in d.rules


def test_hipaa_medical_emergency_for_treatment_only_164_506_c_2() -> None:
    er = Recipient("County General Emergency", K.MEDICAL_PERSONNEL)
    assert decide(BasisType.MEDICAL_EMERGENCY, recipient=er, purpose=P.PAYMENT).outcome is (
        Outcome.DENY
    )
    assert decide(BasisType.MEDICAL_EMERGENCY, recipient=er, purpose=P.TREATMENT).allowed


def test_hipaa_crime_on_premises_is_evidence_only_164_512_f_5() -> None:
    """164.512(f)(5): PHI the covered entity "believes in good faith constitutes evidence of
    criminal conduct that occurred on the premises". Probe P8: notes went to the police."""
    police = Recipient("Harbor City Police", K.LAW_ENFORCEMENT)
    d = decide(
        BasisType.CRIME_ON_PREMISES,
        recipient=police,
        purpose=P.CRIME_ON_PREMISES,
        information=frozenset({Category.MENTAL_HEALTH, Category.SERVICE_NOTES}),
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    ok = decide(
        BasisType.CRIME_ON_PREMISES,
        recipient=police,
        purpose=P.CRIMINAL_INVESTIGATION,
        information=frozenset({Category.DEMOGRAPHICS}),
    )
    assert ok.outcome is Outcome.ALLOW
    assert "hipaa.crime_on_premises" in ok.rules


def test_hipaa_operations_other_entity_goes_to_review_164_506_c_4() -> None:
    """164.506(c)(4): another entity's operations only with a shared relationship and a listed
    purpose."""
    d = decide(BasisType.NONE, recipient=OTHER_CLINIC, purpose=P.OPERATIONS)
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "hipaa.operations.other_entity" in d.rules


def test_hipaa_medical_examiner_164_512_g_1() -> None:
    """164.512(g)(1): "to a coroner or medical examiner for the purpose of identifying a
    deceased person, determining a cause of death, or other duties as authorized by law"."""
    me = Recipient("Office of the Chief Medical Examiner", K.MEDICAL_EXAMINER)
    d = decide(
        BasisType.LAW,
        recipient=me,
        purpose=P.CAUSE_OF_DEATH_INQUIRY,
        information=frozenset({Category.CAUSE_OF_DEATH, Category.MENTAL_HEALTH}),
    )
    assert d.outcome is Outcome.ALLOW
    assert Duty.ACCOUNTING_ENTRY in d.obligations


def test_hipaa_directed_access_164_524_c_3_ii() -> None:
    """164.524(c)(3)(ii): "If an individual's request for access directs the covered entity to
    transmit the copy ... directly to another person designated by the individual, the covered
    entity must provide the copy"."""
    lawyer = Recipient("Ana Ruiz, attorney", K.OTHER)
    d = decide(BasisType.PEER_DIRECTION, recipient=lawyer, purpose=P.PEER_DIRECTED)
    assert d.outcome is Outcome.ALLOW
    assert "hipaa.directed_access" in d.rules
    notes = decide(
        BasisType.PEER_DIRECTION, recipient=lawyer, purpose=P.PEER_DIRECTED, information=NOTES
    )
    assert notes.outcome is Outcome.DENY


APS = Recipient("Harbor County Adult Protective Services", K.ADULT_PROTECTIVE_SERVICES)


def test_hipaa_adult_abuse_report_tells_the_peer_164_512_c_2() -> None:
    """164.512(c)(2): a covered entity that makes such a report "must promptly inform the
    individual that such a report has been or will be made"."""
    d = decide(
        BasisType.MANDATED_REPORT,
        recipient=APS,
        purpose=P.ADULT_ABUSE_REPORT,
        reporter=Reporter(mandated_child=False, mandated_adult=True),
        peer=PeerFacts(age=72, adult_protective_age=True),
    )
    assert d.outcome is Outcome.ALLOW
    assert Duty.TELL_PEER in d.obligations


def test_hipaa_adult_abuse_report_not_required_for_an_adult_outside_the_law() -> None:
    """A report is "required by law" (164.512(c)(1)(i)) only for a person the state's law
    covers; a 35-year-old who is not incapacitated is not a Virginia "adult" (63.2-1603)."""
    d = decide(
        BasisType.MANDATED_REPORT,
        recipient=APS,
        purpose=P.ADULT_ABUSE_REPORT,
        reporter=Reporter(mandated_child=False, mandated_adult=True),
        peer=PeerFacts(age=35, adult_protective_age=False),
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "hipaa.adult_abuse_report.not_required" in d.rules


def test_hipaa_authorization_representative_parent_of_a_minor_who_consents_alone() -> None:
    """164.502(g)(3)(i)(A): a parent is not the personal representative for "a health care
    service, if: (A) The minor consents to such health care service"."""
    d = authorized(
        signed_by=Signer.PARENT,
        representative_authority="mother",
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    c = consent(
        ConsentForm.HIPAA_AUTHORIZATION,
        recipients=(ConsentRecipient(EMPLOYER.name, EMPLOYER.kind),),
        purposes=frozenset({P.EMPLOYMENT}),
        signed_by=Signer.PARENT,
        representative_authority="mother",
    )
    d = decide_disclosure(
        request(
            program=HIPAA_VA,
            recipient=EMPLOYER,
            purpose=P.EMPLOYMENT,
            consents=(c,),
            peer=PeerFacts(age=16, minor_may_consent_alone=True),
        )
    )
    assert d.outcome is Outcome.DENY
    assert "45 CFR 164.502(g)(3)(i)(A)" in d.citations
