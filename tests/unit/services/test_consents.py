"""The stored shape of a consent (`consent_fields`): every contract-v2 field round-trips
through the sealed JSON, and a consent stored before v2 reads back exactly as it was."""

from __future__ import annotations

import dataclasses
from typing import Any

from confide.domain.consents import Consent, ConsentForm, CriminalJusticeTerms, Signer
from confide.domain.disclosures import RecipientKind
from confide.services.consents import consent_fields
from confide.services.disclosures import parse_consent
from tests.unit.policy.disclosure_builders import consent

# A body as version 1 stored it: no key of contract v2.
V1_BODY: dict[str, Any] = {
    "id": "k1",
    "form": "part2",
    "patient_name": "Robin Okafor",
    "discloser": "Lantern Peer Center",
    "information": ["attendance"],
    "information_description": "attendance dates",
    "recipients": [{"name": "Maple Street Health", "kind": "treating_provider",
                    "intermediary": False}],
    "purposes": ["treatment"],
    "revocation_statement": True,
    "redisclosure_statement": True,
    "expires": "2027-12-31",
}  # fmt: skip


def scope(**overrides: Any) -> Consent:
    """A consent's scope as stored: no signature, no revocation."""
    return consent(signed=None, signed_by=None, signed_on=None, **overrides)


def test_every_v2_field_round_trips_through_the_stored_shape() -> None:
    original = scope(
        refusal_consequences_statement=True,
        redisclosure_potential_statement=False,
        fundraising_statement=True,
        representative_authority="legal guardian by order of the circuit court",
        criminal_justice=CriminalJusticeTerms("until the end of probation", "2027-06-30"),
    )
    fields = consent_fields(original)
    assert fields["redisclosure_potential_statement"] is False
    assert fields["criminal_justice"] == {
        "period": "until the end of probation",
        "revocable_upon": "2027-06-30",
    }
    assert parse_consent(fields) == original


def test_criminal_justice_terms_with_neither_part_stay_there_as_terms() -> None:
    """An empty terms object is stored as one (both parts missing), not dropped."""
    recipients = (dataclasses.replace(consent().recipients[0],  # type: ignore[index]
                  kind=RecipientKind.PROBATION_OR_COURT_PROGRAM),)  # fmt: skip
    original = scope(recipients=recipients, criminal_justice=CriminalJusticeTerms())
    assert parse_consent(consent_fields(original)) == original


def test_a_consent_stored_before_v2_reads_back_as_it_was() -> None:
    read = parse_consent(V1_BODY)
    assert (read.refusal_consequences_statement, read.redisclosure_potential_statement) == (
        None,
        None,
    )
    assert (read.fundraising_statement, read.criminal_justice) == (None, None)
    assert (read.co_signed_by, read.representative_authority) == ((), None)
    assert consent_fields(read) == V1_BODY


def test_statements_left_unsaid_are_not_written() -> None:
    fields = consent_fields(scope(form=ConsentForm.HIPAA_AUTHORIZATION))
    v2_keys = {
        "refusal_consequences_statement", "redisclosure_potential_statement",
        "fundraising_statement", "criminal_justice", "representative_authority",
    }  # fmt: skip
    assert not v2_keys & set(fields)


def test_signers_are_not_part_of_the_stored_scope() -> None:
    """Who signed lives in the signature record; the scope's shape has no signer."""
    fields = consent_fields(consent(signed_by=Signer.PATIENT, co_signed_by=(Signer.PARENT,)))
    assert "signed_by" not in fields
