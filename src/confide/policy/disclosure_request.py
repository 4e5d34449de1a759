"""A disclosure request as the engine sees it: who asks for what, why, on what basis, when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from confide.policy.consents import Consent
from confide.policy.disclosure_terms import (
    COVERED_BY_DEFAULT,
    BasisType,
    Category,
    DisclosurePurpose,
    RecipientKind,
)


@dataclass(frozen=True, slots=True)
class ProgramProfile:
    """The regulatory profile of the program holding the record."""

    jurisdiction: str
    hipaa_covered_entity: bool
    part2_program: bool
    mandated_reporter: bool = False
    duty_to_protect_applies: bool = False

    def fact(self, name: str) -> object:
        """A profile fact by its contract name (rule packs match on these)."""
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    kind: RecipientKind
    covered_entity: bool | None = None
    intermediary: bool = False

    @property
    def is_covered(self) -> bool:
        if self.covered_entity is not None:
            return self.covered_entity
        return self.kind in COVERED_BY_DEFAULT


@dataclass(frozen=True, slots=True)
class Basis:
    type: BasisType
    consent_id: str | None = None
    part2_order: bool = False


@dataclass(frozen=True, slots=True)
class Emergency:
    """What a medical-emergency disclosure must record (42 CFR 2.51(c)); `None` is unknown."""

    consent_obtainable: bool | None = None
    recipient_affiliation: str | None = None
    disclosed_by: str | None = None
    nature: str | None = None


@dataclass(frozen=True, slots=True)
class Restriction:
    """A restriction the program agreed to: this information does not go to this kind."""

    recipient_kind: RecipientKind
    information: frozenset[Category]


@dataclass(frozen=True, slots=True)
class DisclosureRequest:
    as_of: date
    program: ProgramProfile
    information: frozenset[Category]
    recipient: Recipient
    purpose: DisclosurePurpose
    basis: Basis
    consents: tuple[Consent, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    emergency: Emergency | None = None
    id: str = field(default="")

    def consent(self) -> Consent | None:
        """The consent the basis names, if it was supplied."""
        wanted = self.basis.consent_id
        return next((c for c in self.consents if c.id == wanted), None)
