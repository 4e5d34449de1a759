"""One test per Virginia rule (us-va pack), named after it and citing it."""

from __future__ import annotations

import dataclasses

from confide.domain.consents import Signer
from confide.domain.decisions import Outcome
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosurePurpose,
    ProgramProfile,
    Recipient,
    RecipientKind,
)
from confide.policy.disclosure import decide_disclosure
from tests.unit.policy.disclosure_builders import (
    HIPAA_VA,
    PART2_VA,
    consent,
    request,
    without_consent,
)

P = DisclosurePurpose
K = RecipientKind
CPS = Recipient("county hotline", K.CHILD_PROTECTIVE_SERVICES)


def test_us_va_child_abuse_report_mandated_63_2_1509() -> None:
    d = decide_disclosure(
        without_consent(
            basis=Basis(BasisType.MANDATED_REPORT), recipient=CPS, purpose=P.CHILD_ABUSE_REPORT
        )
    )
    assert d.outcome is Outcome.ALLOW
    assert "Va. Code § 63.2-1509(A)" in d.citations


def test_us_va_child_abuse_report_voluntary_63_2_1510() -> None:
    """63.2-1510: "Any person who suspects that a child is an abused or neglected child may
    make a complaint". Allowed in a HIPAA program; in a Part 2 program a person decides whether
    a voluntary report is "reporting under state law" (2.12(c)(6))."""
    for program, outcome in [
        (dataclasses.replace(HIPAA_VA, mandated_reporter=False), Outcome.ALLOW),
        (dataclasses.replace(PART2_VA, mandated_reporter=False), Outcome.NEEDS_REVIEW),
    ]:
        d = decide_disclosure(
            without_consent(
                program=program,
                basis=Basis(BasisType.MANDATED_REPORT),
                recipient=CPS,
                purpose=P.CHILD_ABUSE_REPORT,
            )
        )
        assert d.outcome is outcome
    assert (
        "us-va.child_abuse_report.voluntary"
        in decide_disclosure(
            without_consent(
                program=dataclasses.replace(HIPAA_VA, mandated_reporter=False),
                basis=Basis(BasisType.MANDATED_REPORT),
                recipient=CPS,
                purpose=P.CHILD_ABUSE_REPORT,
            )
        ).rules
    )


def test_us_va_adult_abuse_report_63_2_1606() -> None:
    d = decide_disclosure(
        without_consent(
            program=HIPAA_VA,
            basis=Basis(BasisType.MANDATED_REPORT),
            recipient=Recipient("APS", K.ADULT_PROTECTIVE_SERVICES),
            purpose=P.ADULT_ABUSE_REPORT,
        )
    )
    assert d.outcome is Outcome.ALLOW
    assert "Va. Code § 63.2-1606(A)" in d.citations


def test_us_va_duty_to_protect_when_it_applies_needs_review_54_1_2400_1() -> None:
    program = dataclasses.replace(HIPAA_VA, duty_to_protect_applies=True)
    d = decide_disclosure(
        without_consent(
            program=program,
            basis=Basis(BasisType.DUTY_TO_PROTECT),
            recipient=Recipient("named person", K.POTENTIAL_VICTIM),
            purpose=P.DUTY_TO_PROTECT,
        )
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "Va. Code § 54.1-2400.1" in d.citations


def test_us_va_minor_consent_signed_by_guardian_needs_review_54_1_2969_e() -> None:
    d = decide_disclosure(request(consents=(consent(signed_by=Signer.GUARDIAN),)))
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert {"Va. Code § 54.1-2969(E)(3)", "42 CFR 2.14(a)"} <= set(d.citations)


def test_us_va_hiv_test_results_without_consent_need_review_32_1_36_1() -> None:
    plan = Recipient("Commonwealth Health Plan", K.HEALTH_PLAN)
    d = decide_disclosure(
        without_consent(
            program=HIPAA_VA,
            basis=Basis(BasisType.NONE),
            information=frozenset({Category.HIV}),
            recipient=plan,
            purpose=P.PAYMENT,
        )
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "us-va.hiv_test_results" in d.rules


def test_us_va_hiv_test_results_providers_for_care_32_1_36_1_a_4() -> None:
    """32.1-36.1(A)(4): results may go to "Health care providers for purposes of consultation or
    providing care and treatment"; for other purposes a person checks."""
    for purpose, outcome in [(P.TREATMENT, Outcome.ALLOW), (P.OPERATIONS, Outcome.NEEDS_REVIEW)]:
        d = decide_disclosure(
            without_consent(
                program=HIPAA_VA,
                basis=Basis(BasisType.NONE),
                information=frozenset({Category.HIV}),
                purpose=purpose,
            )
        )
        assert d.outcome is outcome, purpose
    assert "us-va.hiv_test_results.providers" in d.rules


def test_us_va_subpoena_needs_review_32_1_127_1_03() -> None:
    d = decide_disclosure(
        without_consent(
            program=HIPAA_VA, basis=Basis(BasisType.SUBPOENA), purpose=P.LEGAL_PROCEEDING
        )
    )
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert "us-va.subpoena" in d.rules


def test_us_va_peer_access_32_1_127_1_03() -> None:
    d = decide_disclosure(
        without_consent(
            basis=Basis(BasisType.NONE),
            recipient=Recipient("the peer", K.THE_PEER),
            purpose=P.PEER_REQUEST,
        )
    )
    assert "Va. Code § 32.1-127.1:03(A)(1)" in d.citations


def test_us_va_pack_does_not_apply_elsewhere() -> None:
    program = ProgramProfile("US-MD", hipaa_covered_entity=True, part2_program=False)
    d = decide_disclosure(
        without_consent(
            program=program,
            basis=Basis(BasisType.SUBPOENA),
            purpose=P.LEGAL_PROCEEDING,
        )
    )
    assert not any(r.startswith("us-va.") for r in d.rules)
