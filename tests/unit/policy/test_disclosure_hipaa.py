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
    Recipient,
    RecipientKind,
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
    d = authorized(signed_by=Signer.OTHER)
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "hipaa.authorization.representative" in d.rules


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
    d = decide(
        BasisType.QSOA,
        recipient=Recipient("billing vendor", K.QUALIFIED_SERVICE_ORGANIZATION),
        purpose=P.PAYMENT,
    )
    assert d.outcome is Outcome.ALLOW
    assert d.obligations == (Duty.MINIMUM_NECESSARY,)


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
