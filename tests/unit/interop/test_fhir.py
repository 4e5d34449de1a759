"""Consents as FHIR R4 Consent resources: every exported shape validates (fhir.resources R4B,
whose Consent is R4's), domain -> FHIR -> domain is the identity, Part 2 security labels are
there, and a FHIR consent missing an element imports as invalid with the element named."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from typing import Any

import pytest
from fhir.resources.R4B.consent import Consent as FhirConsent
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
from confide.domain.disclosures import Category, DisclosurePurpose, RecipientKind
from confide.errors import InvalidInput
from confide.interop import fhir_codes as codes
from confide.interop.fhir import consent_from_fhir, consent_to_fhir
from confide.interop.fhir_codes import ext
from confide.policy.consents import (
    ConsentState,
    missing_elements,
    required_elements,
    state_on,
    validate,
)
from tests.unit.policy.disclosure_builders import consent

CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"


def fhir_valid(resource: dict[str, Any]) -> None:
    FhirConsent.model_validate(resource)


def labels(resource: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in resource["meta"]["security"]}


def intermediary_consent() -> Consent:
    hub = ConsentRecipient(
        "Riverbend Health Exchange",
        RecipientKind.OTHER,
        covered_entity=False,
        intermediary=True,
        participants=("Maple Street Health", "Cedar Clinic"),
        participant_class="my treating providers",
    )
    return consent(recipients=(hub,))


def v2_consent(form: ConsentForm = ConsentForm.PART2) -> Consent:
    """A consent carrying every element of contract v2 too: the statements, a guardian and a
    parent signing with the guardian's authority, and a court program with its 2.35 terms."""
    court = ConsentRecipient("Fairfax Drug Court", RecipientKind.PROBATION_OR_COURT_PROGRAM)
    return consent(
        form,
        recipients=(*(consent().recipients or ()), court),
        refusal_consequences_statement=True,
        redisclosure_potential_statement=True,
        fundraising_statement=True,
        signed_by=Signer.GUARDIAN,
        co_signed_by=(Signer.PARENT,),
        representative_authority="guardian appointed by the circuit court",
        criminal_justice=CriminalJusticeTerms("until the end of probation", "2027-06-30"),
    )


@pytest.mark.parametrize("form", list(ConsentForm))
def test_v2_consent_round_trips_through_fhir(form: ConsentForm) -> None:
    original = v2_consent(form)
    resource = consent_to_fhir(original)
    fhir_valid(resource)
    assert consent_from_fhir(resource) == original
    performers = [p["display"] for p in resource["performer"]]
    assert performers == ["the peer's guardian", "the peer's parent"]


def test_statements_a_consent_lacks_travel_as_false_and_unsaid_ones_not_at_all() -> None:
    lacking = consent(refusal_consequences_statement=False, fundraising_statement=False)
    resource = consent_to_fhir(lacking)
    urls = {e["url"]: e.get("valueBoolean") for e in resource["extension"]}
    assert urls[ext("refusal-consequences-statement")] is False
    assert urls[ext("fundraising-statement")] is False
    assert ext("redisclosure-potential-statement") not in urls
    assert consent_from_fhir(resource) == lacking


def test_2_35_terms_with_neither_part_read_back_absent_and_missing_either_way() -> None:
    terms = dataclasses.replace(v2_consent(), criminal_justice=CriminalJusticeTerms())
    resource = consent_to_fhir(terms)
    fhir_valid(resource)
    assert consent_from_fhir(resource).criminal_justice is None


@pytest.mark.parametrize("form", list(ConsentForm))
def test_consent_round_trips_through_fhir(form: ConsentForm) -> None:
    original = consent(form)
    resource = consent_to_fhir(original)
    fhir_valid(resource)
    assert consent_from_fhir(resource) == original


def test_revoked_intermediary_consent_round_trips_through_fhir() -> None:
    original = dataclasses.replace(
        intermediary_consent(),
        signed_by=Signer.GUARDIAN,
        revoked_on=date(2027, 3, 1),
        expires=None,
        expiry_event="the end of my treatment",
        expiry_event_occurred=True,
    )
    resource = consent_to_fhir(original)
    fhir_valid(resource)
    assert resource["status"] == "inactive"
    assert consent_from_fhir(resource) == original


def test_tpo_consent_saying_none_for_expiry_round_trips() -> None:
    original = consent(ConsentForm.PART2_TPO, expires=None, expiry_event=None)
    back = consent_from_fhir(consent_to_fhir(original))
    assert back == original
    assert missing_elements(back) == ()


# FHIR strings hold no control characters but tab, CR and LF, and at least one character that
# is not whitespace (FHIR R4 datatypes: string, pattern [ \r\n\t\S]+).
fhir_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30
).filter(str.strip)
optional_text = st.none() | fhir_text
recipients = st.builds(
    ConsentRecipient,
    name=fhir_text,
    kind=st.none() | st.sampled_from(RecipientKind),
    covered_entity=st.none() | st.booleans(),
    intermediary=st.booleans(),
    participants=st.lists(fhir_text, max_size=3).map(tuple),
    participant_class=optional_text,
)


# 2.35 terms FHIR can hold: at least one part (an empty extension does not exist).
terms = st.builds(CriminalJusticeTerms, period=optional_text, revocable_upon=optional_text).filter(
    lambda t: t.period is not None or t.revocable_upon is not None
)


@st.composite
def consents(draw: st.DrawFn) -> Consent:
    """Any consent FHIR can hold: collections absent or non-empty, strings non-empty, and an
    expiry stated whenever a date or an event is given."""
    expires = draw(st.none() | st.dates())
    event = draw(optional_text)
    return Consent(
        id=draw(fhir_text),
        form=draw(st.sampled_from(ConsentForm)),
        patient_name=draw(optional_text),
        discloser=draw(optional_text),
        information=draw(st.none() | st.frozensets(st.sampled_from(Category), min_size=1)),
        information_description=draw(optional_text),
        recipients=draw(st.none() | st.lists(recipients, min_size=1, max_size=3).map(tuple)),
        purposes=draw(st.none() | st.frozensets(st.sampled_from(DisclosurePurpose), min_size=1)),
        revocation_statement=draw(st.none() | st.booleans()),
        expires=expires,
        expiry_event=event,
        expiry_stated=expires is not None or event is not None or draw(st.booleans()),
        expiry_event_occurred=draw(st.booleans()),
        signed=draw(st.none() | st.booleans()),
        signed_by=draw(st.none() | st.sampled_from(Signer)),
        signed_on=draw(st.none() | st.dates()),
        revoked_on=draw(st.none() | st.dates()),
        redisclosure_statement=draw(st.none() | st.booleans()),
        refusal_consequences_statement=draw(st.none() | st.booleans()),
        redisclosure_potential_statement=draw(st.none() | st.booleans()),
        fundraising_statement=draw(st.none() | st.booleans()),
        co_signed_by=tuple(draw(st.lists(st.sampled_from(Signer), max_size=2))),
        representative_authority=draw(optional_text),
        criminal_justice=draw(st.none() | terms),
    )


@settings(max_examples=150, deadline=None)
@given(consents())
def test_any_consent_round_trips_and_validates_as_fhir_r4(original: Consent) -> None:
    resource = consent_to_fhir(original)
    fhir_valid(resource)
    assert consent_from_fhir(resource) == original


def test_part2_consent_is_labelled_restricted_and_42cfrpart2() -> None:
    """HL7 v3 Confidentiality R and the v3 ActCode 42CFRPart2 policy label (DS4P)."""
    for form in (ConsentForm.PART2, ConsentForm.PART2_TPO):
        resource = consent_to_fhir(consent(form))
        assert labels(resource) == {(CONFIDENTIALITY, "R"), (ACT_CODE, "42CFRPart2")}
        assert resource["policyRule"]["coding"][0]["code"] == "42CFRPart2"


def test_hipaa_authorization_is_restricted_under_the_hipaa_auth_policy() -> None:
    resource = consent_to_fhir(consent(ConsentForm.HIPAA_AUTHORIZATION))
    assert labels(resource) == {(CONFIDENTIALITY, "R")}
    assert resource["policyRule"]["coding"][0]["code"] == "hipaa-auth"


def test_consent_provision_labels_the_sensitive_information_it_covers() -> None:
    resource = consent_to_fhir(consent())  # attendance and SUD treatment
    assert resource["provision"]["securityLabel"] == [codes.SENSITIVITY[Category.SUD_TREATMENT]]
    assert resource["provision"]["securityLabel"][0]["code"] == "ETH"


def test_purposes_use_hl7_purpose_of_use_where_one_fits() -> None:
    c = consent(
        purposes=frozenset({DisclosurePurpose.TREATMENT, DisclosurePurpose.EMPLOYMENT}),
    )
    purposes = consent_to_fhir(c)["provision"]["purpose"]
    assert {"system": ACT_REASON, "code": "TREAT"} in purposes
    assert {"system": codes.PURPOSE_SYSTEM, "code": "employment"} in purposes


def drop_extension(resource: dict[str, Any], name: str) -> None:
    resource["extension"] = [e for e in resource["extension"] if e["url"] != ext(name)]


def say_false(resource: dict[str, Any], name: str) -> None:
    """A statement the form lacks: `false` (left out, a v2 statement reads as present)."""
    drop_extension(resource, name)
    resource["extension"].append({"url": ext(name), "valueBoolean": False})


def drop_term(resource: dict[str, Any], part: str) -> None:
    for entry in resource["extension"]:
        if entry["url"] == ext("criminal-justice"):
            entry["extension"] = [p for p in entry["extension"] if p["url"] != part]


def remove(element: Element, resource: dict[str, Any]) -> None:
    """Take out of a FHIR consent whatever carries `element`."""
    match element:
        case Element.PATIENT_NAME:
            del resource["patient"]
        case Element.DISCLOSER:
            del resource["organization"]
        case Element.INFORMATION:
            del resource["provision"]["code"]
        case Element.INFORMATION_DESCRIPTION:
            drop_extension(resource, "information-description")
        case Element.RECIPIENTS:
            del resource["provision"]["actor"]
        case Element.PURPOSES:
            del resource["provision"]["purpose"]
        case Element.REVOCATION_STATEMENT:
            drop_extension(resource, "revocation-statement")
        case Element.REDISCLOSURE_STATEMENT:
            drop_extension(resource, "redisclosure-statement")
        case Element.EXPIRY:
            del resource["provision"]["period"]
        case Element.SIGNATURE:
            drop_extension(resource, "signed")
        case Element.SIGNED_ON:
            del resource["dateTime"]
        case Element.REFUSAL_CONSEQUENCES_STATEMENT:
            say_false(resource, "refusal-consequences-statement")
        case Element.REDISCLOSURE_POTENTIAL_STATEMENT:
            say_false(resource, "redisclosure-potential-statement")
        case Element.FUNDRAISING_STATEMENT:
            say_false(resource, "fundraising-statement")
        case Element.REPRESENTATIVE_AUTHORITY:
            drop_extension(resource, "representative-authority")
        case Element.CRIMINAL_JUSTICE_PERIOD:
            drop_term(resource, "period")
        case Element.CRIMINAL_JUSTICE_REVOCABLE_UPON:
            drop_term(resource, "revocable-upon")


# The program fundraises, so the fundraising statement is required.
RULES = {"fundraises": True}


@pytest.mark.parametrize("element", list(Element), ids=str)
def test_fhir_part2_consent_missing_an_element_imports_as_invalid_naming_it(
    element: Element,
) -> None:
    base = v2_consent(ConsentForm.PART2)
    assert missing_elements(base, **RULES) == ()
    resource = consent_to_fhir(base)
    remove(element, resource)
    imported = consent_from_fhir(resource)
    assert imported != base  # the element's absence travelled through FHIR
    if element not in required_elements(imported, **RULES):
        # a 2.35 consent needs no 2.31(a)(6) statement; only a HIPAA authorization signed for
        # the peer describes the signer's authority
        pytest.skip(f"a Part 2 criminal justice consent does not require {element}")
    with pytest.raises(InvalidInput) as raised:
        validate(imported, **RULES)
    assert element.value in raised.value.fields
    assert element in missing_elements(imported, **RULES)


def test_fhir_hipaa_authorization_missing_its_expiry_imports_as_invalid() -> None:
    resource = consent_to_fhir(consent(ConsentForm.HIPAA_AUTHORIZATION))
    remove(Element.EXPIRY, resource)
    with pytest.raises(InvalidInput) as raised:
        validate(consent_from_fhir(resource))
    assert raised.value.fields == {"expiry": "missing"}
    assert "45 CFR 164.508(c)(1)(v)" in raised.value.message


def test_revoked_consent_imports_revoked_from_its_date() -> None:
    resource = consent_to_fhir(consent(revoked_on=date(2027, 3, 1)))
    imported = consent_from_fhir(resource)
    assert state_on(imported, date(2027, 3, 1)) is ConsentState.REVOKED


def test_inactive_consent_without_a_revocation_date_is_refused() -> None:
    resource = consent_to_fhir(consent())
    resource["status"] = "inactive"
    with pytest.raises(InvalidInput) as raised:
        consent_from_fhir(resource)
    assert raised.value.fields == {"Consent.status": "inactive_without_revocation_date"}


@pytest.mark.parametrize("status", ["rejected", "entered-in-error", "withdrawn"])
def test_consent_in_a_status_we_cannot_act_on_is_refused(status: str) -> None:
    resource = consent_to_fhir(consent())
    resource["status"] = status
    with pytest.raises(InvalidInput):
        consent_from_fhir(resource)


def test_a_resource_other_than_a_consent_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        consent_from_fhir({"resourceType": "Patient"})
    assert raised.value.fields == {"resourceType": "not_a_consent"}


def test_malformed_fhir_names_the_path_never_the_value() -> None:
    canary = "Zephyrine Quillfeather 555-0199"
    resource = consent_to_fhir(consent())
    bad = copy.deepcopy(resource)
    bad["provision"]["purpose"] = [{"system": "http://example.org/purposes", "code": canary}]
    with pytest.raises(InvalidInput) as raised:
        consent_from_fhir(bad)
    assert raised.value.fields == {"Consent.provision.purpose": "unknown_purpose"}
    assert canary not in str(raised.value)
    bad = copy.deepcopy(resource)
    bad["dateTime"] = canary
    with pytest.raises(InvalidInput) as raised:
        consent_from_fhir(bad)
    assert canary not in str(raised.value)


def test_a_foreign_consent_without_our_extensions_names_what_it_lacks() -> None:
    """A plain R4 consent from another system: what R4 has no place for (statements,
    signature) is absent, so the rules refuse it rather than guess."""
    resource = consent_to_fhir(consent())
    del resource["extension"]
    foreign = consent_from_fhir(resource)
    assert missing_elements(foreign) == (
        Element.INFORMATION_DESCRIPTION,
        Element.REDISCLOSURE_STATEMENT,
        Element.REVOCATION_STATEMENT,
        Element.SIGNATURE,
    )
