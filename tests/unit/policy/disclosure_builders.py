"""Builders for disclosure-engine tests: a valid consent and a request, overridable per test.

Names and organizations are invented for these tests."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from confide.domain.consents import Consent, ConsentForm, ConsentRecipient, Signer
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosurePurpose,
    DisclosureRequest,
    ProgramProfile,
    Recipient,
    RecipientKind,
)

AS_OF = date(2027, 5, 4)
PART2_VA = ProgramProfile(
    "US-VA", hipaa_covered_entity=True, part2_program=True, mandated_reporter=True
)
HIPAA_VA = ProgramProfile(
    "US-VA", hipaa_covered_entity=True, part2_program=False, mandated_reporter=True
)
PART2_ONLY = ProgramProfile("US-MD", hipaa_covered_entity=False, part2_program=True)
HIPAA_ONLY_MD = ProgramProfile("US-MD", hipaa_covered_entity=True, part2_program=False)
CLINIC = Recipient("Maple Street Health", RecipientKind.TREATING_PROVIDER)


def consent(form: ConsentForm = ConsentForm.PART2, **overrides: Any) -> Consent:
    """A consent carrying every element of its form, in force on AS_OF."""
    base = Consent(
        id="k1",
        form=form,
        patient_name="Robin Okafor",
        discloser="Lantern Peer Center",
        information=frozenset({Category.ATTENDANCE, Category.SUD_TREATMENT}),
        information_description="attendance dates and recovery support received",
        recipients=(ConsentRecipient(CLINIC.name, CLINIC.kind),),
        purposes=frozenset({DisclosurePurpose.TREATMENT}),
        revocation_statement=True,
        expires=date(2027, 12, 31),
        signed=True,
        signed_by=Signer.PATIENT,
        signed_on=date(2027, 1, 10),
        redisclosure_statement=True,
    )
    return dataclasses.replace(base, **overrides)


def request(**overrides: Any) -> DisclosureRequest:
    """By default: attendance to a treating provider for treatment under consent k1."""
    base = DisclosureRequest(
        as_of=AS_OF,
        program=PART2_VA,
        information=frozenset({Category.ATTENDANCE}),
        recipient=CLINIC,
        purpose=DisclosurePurpose.TREATMENT,
        basis=Basis(BasisType.CONSENT, consent_id="k1"),
        consents=(consent(),),
    )
    return dataclasses.replace(base, **overrides)


def without_consent(**overrides: Any) -> DisclosureRequest:
    """A request on a basis other than consent (set `basis`)."""
    return request(consents=(), **overrides)
