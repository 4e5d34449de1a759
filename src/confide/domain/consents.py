"""Consents as values: the forms, who signed, the elements a form can carry, and the consent
itself with its scope as data. A field that is `None` is an absent element.

Forms: `part2` (42 CFR 2.31), `part2_tpo` (the single consent for all future uses and
disclosures for treatment, payment and health care operations, 2.31 as amended in 2024) and
`hipaa_authorization` (45 CFR 164.508(c)). Which elements a form requires, whether a consent is
in force on a date and what it covers are rules: `confide.policy.consents`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from confide.domain.disclosures import (
    COVERED_BY_DEFAULT,
    Category,
    DisclosurePurpose,
    RecipientKind,
)


class ConsentForm(StrEnum):
    PART2 = "part2"
    PART2_TPO = "part2_tpo"
    HIPAA_AUTHORIZATION = "hipaa_authorization"


PART2_FORMS = frozenset({ConsentForm.PART2, ConsentForm.PART2_TPO})


class Signer(StrEnum):
    PATIENT = "patient"
    GUARDIAN = "guardian"
    OTHER = "other"


class Element(StrEnum):
    """A required element of a consent; the value is the contract's field name."""

    PATIENT_NAME = "patient_name"
    DISCLOSER = "discloser"
    INFORMATION = "information"
    INFORMATION_DESCRIPTION = "information_description"
    RECIPIENTS = "recipients"
    REDISCLOSURE_STATEMENT = "redisclosure_statement"
    PURPOSES = "purposes"
    REVOCATION_STATEMENT = "revocation_statement"
    EXPIRY = "expiry"
    SIGNATURE = "signature"
    SIGNED_ON = "signed_on"


@dataclass(frozen=True, slots=True)
class ConsentRecipient:
    """A recipient named in a consent: a person or entity, or (TPO consent) a class of them."""

    name: str
    kind: RecipientKind | None = None
    covered_entity: bool | None = None
    intermediary: bool = False
    participants: tuple[str, ...] = ()
    participant_class: str | None = None

    @property
    def is_covered(self) -> bool:
        if self.covered_entity is not None:
            return self.covered_entity
        return self.kind in COVERED_BY_DEFAULT


@dataclass(frozen=True, slots=True)
class Consent:
    """A signed consent or authorization, its scope as data. `None` marks an absent element.

    `expiry_stated` says whether the form states an expiry at all: a TPO consent may say "none"
    (2.31(a)(7)), which is `expiry_stated=True` with no date and no event."""

    id: str
    form: ConsentForm
    patient_name: str | None = None
    discloser: str | None = None
    information: frozenset[Category] | None = None
    information_description: str | None = None
    recipients: tuple[ConsentRecipient, ...] | None = None
    purposes: frozenset[DisclosurePurpose] | None = None
    revocation_statement: bool | None = None
    expires: date | None = None
    expiry_event: str | None = None
    expiry_stated: bool = True
    expiry_event_occurred: bool = False
    signed: bool | None = None
    signed_by: Signer | None = None
    signed_on: date | None = None
    revoked_on: date | None = None
    redisclosure_statement: bool | None = None
