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
    # contract v2
    PARENT = "parent"
    REPRESENTATIVE = "representative"  # a personal representative (2.15; 45 CFR 164.502(g))


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
    # contract v2
    REFUSAL_CONSEQUENCES_STATEMENT = "refusal_consequences_statement"
    REDISCLOSURE_POTENTIAL_STATEMENT = "redisclosure_potential_statement"
    FUNDRAISING_STATEMENT = "fundraising_statement"
    REPRESENTATIVE_AUTHORITY = "representative_authority"
    CRIMINAL_JUSTICE_PERIOD = "criminal_justice.period"
    CRIMINAL_JUSTICE_REVOCABLE_UPON = "criminal_justice.revocable_upon"


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
class CriminalJusticeTerms:
    """The terms 42 CFR 2.35 adds to a consent to the criminal justice system that made
    participation a condition of a proceeding, parole or release: how long it stays in effect
    (2.35(b)) and the time or event upon which it becomes revocable (2.35(c)). Each is free text
    or an ISO date; `None` is absent."""

    period: str | None = None
    revocable_upon: str | None = None


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
    # contract v2: for the three statements `None` (not said) counts as present, `False` missing
    refusal_consequences_statement: bool | None = None
    redisclosure_potential_statement: bool | None = None
    fundraising_statement: bool | None = None
    co_signed_by: tuple[Signer, ...] = ()
    representative_authority: str | None = None
    criminal_justice: CriminalJusticeTerms | None = None

    @property
    def signers(self) -> frozenset[Signer]:
        """Everyone who signed: `signed_by` and any co-signers (2.14(b)(1) needs two)."""
        first = () if self.signed_by is None else (self.signed_by,)
        return frozenset((*first, *self.co_signed_by))
