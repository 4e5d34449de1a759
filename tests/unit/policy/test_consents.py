"""Consents as data: required elements per form, validity on a date, scope (42 CFR 2.31,
45 CFR 164.508). Property tests: any missing element invalidates; revoked or expired consents
authorize nothing."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confide.domain.consents import (
    Consent,
    ConsentForm,
    ConsentRecipient,
    CriminalJusticeTerms,
    Element,
    Signer,
)
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
from confide.errors import InvalidInput
from confide.policy.consents import (
    ConsentState,
    covers_purpose,
    matching_recipient,
    missing_elements,
    required_elements,
    state_on,
    uncovered_information,
    validate,
)
from confide.policy.disclosure import decide_disclosure
from tests.unit.policy.disclosure_builders import AS_OF, CLINIC, consent, request

# The elements of 2.31(a)(1)-(9) and 164.508(c) every consent of its form carries; the ones
# that depend on the consent (TPO statements, fundraising, 2.35 terms, a representative's
# authority) are tested by name below.
ABSENT: dict[Element, dict[str, object]] = {
    Element.PATIENT_NAME: {"patient_name": None},
    Element.DISCLOSER: {"discloser": None},
    Element.INFORMATION: {"information": None},
    Element.INFORMATION_DESCRIPTION: {"information_description": None},
    Element.RECIPIENTS: {"recipients": None},
    Element.REDISCLOSURE_STATEMENT: {"redisclosure_statement": None},
    Element.PURPOSES: {"purposes": None},
    Element.REVOCATION_STATEMENT: {"revocation_statement": None},
    Element.EXPIRY: {"expires": None, "expiry_event": None, "expiry_stated": False},
    Element.SIGNATURE: {"signed": None},
    Element.SIGNED_ON: {"signed_on": None},
}


ABSENT_WHEN_REQUIRED: dict[Element, dict[str, object]] = {
    Element.REDISCLOSURE_POTENTIAL_STATEMENT: {"redisclosure_potential_statement": False},
    Element.REFUSAL_CONSEQUENCES_STATEMENT: {"refusal_consequences_statement": False},
    Element.FUNDRAISING_STATEMENT: {"fundraising_statement": False},
    Element.REPRESENTATIVE_AUTHORITY: {"representative_authority": None},
    Element.CRIMINAL_JUSTICE_PERIOD: {"criminal_justice": CriminalJusticeTerms(None, "12 months")},
    Element.CRIMINAL_JUSTICE_REVOCABLE_UPON: {
        "criminal_justice": CriminalJusticeTerms("until sentence ends", None)
    },
}


def without(c: Consent, element: Element) -> Consent:
    absent = ABSENT.get(element) or ABSENT_WHEN_REQUIRED[element]
    return dataclasses.replace(c, **absent)  # type: ignore[arg-type]


@pytest.mark.parametrize("form", list(ConsentForm))
def test_a_consent_with_every_element_is_valid(form: ConsentForm) -> None:
    c = consent(form)
    assert missing_elements(c) == ()
    assert validate(c) is c


@pytest.mark.parametrize("element", list(PART2_ELEMENTS := list(ABSENT)))
def test_part2_consent_missing_an_element_names_it_2_31_a(element: Element) -> None:
    """42 CFR 2.31(a)(1)-(9): each element is required; the error names the element."""
    c = without(consent(ConsentForm.PART2), element)
    assert element in missing_elements(c)
    with pytest.raises(InvalidInput) as raised:
        validate(c)
    assert element.value in raised.value.fields
    assert "42 CFR 2.31(a)" in raised.value.message


@pytest.mark.parametrize("element", [e for e in ABSENT if e is not Element.PATIENT_NAME], ids=str)
def test_hipaa_authorization_missing_a_core_element_names_it_164_508_c(
    element: Element,
) -> None:
    """45 CFR 164.508(c)(1)-(2): core elements and required statements."""
    c = without(consent(ConsentForm.HIPAA_AUTHORIZATION), element)
    with pytest.raises(InvalidInput) as raised:
        validate(c)
    assert element.value in raised.value.fields
    assert "45 CFR 164.508(c)" in raised.value.message


def test_blank_text_is_an_absent_element() -> None:
    assert Element.DISCLOSER in missing_elements(consent(discloser="   "))


def test_part2_tpo_consent_may_say_none_for_expiry_2_31_a_7() -> None:
    """42 CFR 2.31(a)(7): "none" suffices for a treatment, payment and operations consent."""
    tpo = consent(ConsentForm.PART2_TPO, expires=None, expiry_event=None, expiry_stated=True)
    assert missing_elements(tpo) == ()
    tpo_purposes = consent(ConsentForm.PART2, expires=None, expiry_event=None, expiry_stated=True)
    assert missing_elements(tpo_purposes) == ()  # a part2 consent for treatment may say "none"
    other = consent(
        ConsentForm.PART2,
        expires=None,
        expiry_event=None,
        expiry_stated=True,
        purposes=frozenset({DisclosurePurpose.EMPLOYMENT}),
    )
    assert missing_elements(other) == (Element.EXPIRY,)


def test_an_expiry_event_stands_in_for_a_date() -> None:
    c = consent(expires=None, expiry_event="end of the program year")
    assert missing_elements(c) == ()


def test_redisclosure_statement_is_required_only_for_tpo_to_covered_entities_2_31_a_4_iii() -> (
    None
):
    """42 CFR 2.31(a)(4)(iii): the HIPAA redisclosure statement goes in a consent to a covered
    entity or business associate for treatment, payment or operations."""
    employer = ConsentRecipient("Birch Logistics", RecipientKind.EMPLOYER)
    to_employer = consent(
        recipients=(employer,),
        purposes=frozenset({DisclosurePurpose.EMPLOYMENT}),
        redisclosure_statement=None,
    )
    assert Element.REDISCLOSURE_STATEMENT not in required_elements(to_employer)
    to_clinic = consent(redisclosure_statement=None)
    assert missing_elements(to_clinic) == (Element.REDISCLOSURE_STATEMENT,)
    assert Element.REDISCLOSURE_STATEMENT in required_elements(
        consent(ConsentForm.PART2_TPO, recipients=(employer,))
    )


def test_hipaa_elements_apply_to_any_form_when_asked() -> None:
    c = consent(ConsentForm.PART2, patient_name=None)
    assert missing_elements(c, hipaa=True) == ()
    assert missing_elements(c) == (Element.PATIENT_NAME,)


def test_a_signature_needs_the_signer() -> None:
    assert Element.SIGNATURE in missing_elements(consent(signed_by=None))


def test_revocation_is_effective_from_its_date_onward() -> None:
    c = consent(revoked_on=date(2027, 3, 1))
    assert state_on(c, date(2027, 2, 28)) is ConsentState.ACTIVE
    assert state_on(c, date(2027, 3, 1)) is ConsentState.REVOKED


def test_expiry_by_date_and_by_event() -> None:
    c = consent(expires=date(2027, 6, 30))
    assert state_on(c, date(2027, 6, 30)) is ConsentState.ACTIVE
    assert state_on(c, date(2027, 7, 1)) is ConsentState.EXPIRED
    assert state_on(consent(expiry_event_occurred=True), AS_OF) is ConsentState.EXPIRED


def test_a_consent_signed_later_does_not_cover_an_earlier_date() -> None:
    assert state_on(consent(), date(2027, 1, 9)) is ConsentState.NOT_YET_SIGNED


def test_recipients_match_by_name_regardless_of_case_and_spacing() -> None:
    c = consent()
    assert matching_recipient(c, "  maple street   HEALTH", CLINIC.kind) is not None
    assert matching_recipient(c, "Oak Street Health", CLINIC.kind) is None
    assert matching_recipient(c, CLINIC.name, RecipientKind.EMPLOYER) is None


def test_tpo_consent_designates_a_class_of_recipients_2_31_a_4_i() -> None:
    """42 CFR 2.31(a)(4)(i): "my treating providers ..." designates a class."""
    c = consent(
        ConsentForm.PART2_TPO,
        recipients=(ConsentRecipient("my treating providers", RecipientKind.TREATING_PROVIDER),),
    )
    assert matching_recipient(c, "Any Clinic", RecipientKind.TREATING_PROVIDER) is not None
    assert matching_recipient(c, "Any Employer", RecipientKind.EMPLOYER) is None


def test_tpo_consent_covers_treatment_payment_and_operations_only() -> None:
    c = consent(
        ConsentForm.PART2_TPO,
        purposes=frozenset({DisclosurePurpose.TREATMENT, DisclosurePurpose.EMPLOYMENT}),
    )
    assert covers_purpose(c, DisclosurePurpose.TREATMENT)
    assert not covers_purpose(c, DisclosurePurpose.EMPLOYMENT)


def test_uncovered_information_lists_what_the_consent_leaves_out() -> None:
    wanted = {Category.ATTENDANCE, Category.SERVICE_NOTES, Category.HIV}
    assert uncovered_information(consent(), wanted) == (Category.SERVICE_NOTES, Category.HIV)


# --- properties -------------------------------------------------------------------------

forms = st.sampled_from(list(ConsentForm))


@settings(max_examples=200)
@given(form=forms, data=st.data())
def test_removing_any_required_element_makes_a_valid_consent_invalid(
    form: ConsentForm, data: st.DataObject
) -> None:
    valid = consent(form)
    assert missing_elements(valid) == ()
    element = data.draw(st.sampled_from(sorted(required_elements(valid))))
    broken = without(valid, element)
    assert element in missing_elements(broken)
    with pytest.raises(InvalidInput):
        validate(broken)
    decision = decide_disclosure(request(consents=(dataclasses.replace(broken, id="k1"),)))
    assert decision.outcome is not Outcome.ALLOW


programs = st.builds(
    ProgramProfile,
    jurisdiction=st.sampled_from(["US-VA", "US-MD", "US"]),
    hipaa_covered_entity=st.booleans(),
    part2_program=st.booleans(),
    mandated_reporter=st.booleans(),
    duty_to_protect_applies=st.booleans(),
)
purposes = st.sampled_from(list(DisclosurePurpose))
# The peer's own access is a right (42 CFR 2.23, 45 CFR 164.524), not something a consent grants.
kinds = st.sampled_from([k for k in RecipientKind if k is not RecipientKind.THE_PEER])
categories = st.frozensets(st.sampled_from(list(Category)), min_size=1)


@st.composite
def lapsed(draw: st.DrawFn) -> Consent:
    """A consent that covers the request below but is revoked or expired by AS_OF."""
    kind = draw(kinds)
    purpose = draw(purposes)
    info = draw(categories)
    c = consent(
        draw(forms),
        recipients=(ConsentRecipient("Cedar House", kind),),
        purposes=frozenset({purpose}),
        information=info,
    )
    days = draw(st.integers(min_value=0, max_value=900))
    how = draw(st.sampled_from(["revoked", "expired_date", "expired_event"]))
    if how == "revoked":
        return dataclasses.replace(c, revoked_on=AS_OF - timedelta(days=days))
    if how == "expired_date":
        return dataclasses.replace(c, expires=AS_OF - timedelta(days=days + 1))
    return dataclasses.replace(c, expiry_event_occurred=True)


@settings(max_examples=1000)
@given(c=lapsed(), program=programs)
def test_a_revoked_or_expired_consent_authorizes_nothing(c: Consent, program: object) -> None:
    assert isinstance(program, ProgramProfile)
    assert c.recipients is not None
    assert c.purposes is not None
    assert c.information is not None
    kind = c.recipients[0].kind
    assert kind is not None
    asked = request(
        program=program,
        recipient=Recipient("Cedar House", kind),
        purpose=next(iter(c.purposes)),
        information=c.information,
        consents=(c,),
    )
    assert decide_disclosure(asked).outcome is not Outcome.ALLOW


def test_signer_types_are_the_contract_values() -> None:
    values = [s.value for s in Signer]
    assert values == ["patient", "guardian", "other", "parent", "representative"]


def test_the_basis_names_which_consent_is_judged() -> None:
    other = consent(id="k2", revoked_on=date(2027, 1, 20))
    asked = request(consents=(other, consent()), basis=Basis(BasisType.CONSENT, "k2"))
    assert decide_disclosure(asked).outcome is Outcome.DENY
