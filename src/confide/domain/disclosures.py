"""The vocabulary and values of disclosure: categories, recipients, purposes, bases, duties,
the request the engine decides, the decision it gives and the package that leaves. Pure values.

Enum values are the public contract of `confide disclosure check` (docs/disclosure.md) and are
stored with decisions, so they never change once shipped; new ones are added, old ones kept.
The rules that decide live in `confide.policy.disclosure`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from confide.domain.decisions import Outcome

if TYPE_CHECKING:  # consents name recipients by kind from here; only annotations go back
    from confide.domain.consents import Consent

# The short 42 CFR 2.32(a)(2) notice, verbatim: it goes with every disclosure made with consent.
REDISCLOSURE_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


class Category(StrEnum):
    """A kind of information in a peer's record."""

    DEMOGRAPHICS = "demographics"
    ATTENDANCE = "attendance"
    SERVICE_NOTES = "service_notes"
    RECOVERY_PLAN = "recovery_plan"
    SUD_TREATMENT = "sud_treatment"
    MENTAL_HEALTH = "mental_health"
    HIV = "hiv"
    DOMESTIC_VIOLENCE = "domestic_violence"
    LEGAL = "legal"
    PSYCHOTHERAPY_NOTES = "psychotherapy_notes"
    # contract v2
    COUNSELING_NOTES = "counseling_notes"  # Part 2 SUD counseling notes (2.11, 2.31(b))
    CAUSE_OF_DEATH = "cause_of_death"


class RecipientKind(StrEnum):
    TREATING_PROVIDER = "treating_provider"
    HEALTH_PLAN = "health_plan"
    PROGRAM_STAFF = "program_staff"
    FAMILY = "family"
    EMPLOYER = "employer"
    PROBATION_OR_COURT_PROGRAM = "probation_or_court_program"
    COURT = "court"
    LAW_ENFORCEMENT = "law_enforcement"
    MEDICAL_PERSONNEL = "medical_personnel"
    CHILD_PROTECTIVE_SERVICES = "child_protective_services"
    ADULT_PROTECTIVE_SERVICES = "adult_protective_services"
    POTENTIAL_VICTIM = "potential_victim"
    RESEARCHER = "researcher"
    AUDITOR = "auditor"
    QUALIFIED_SERVICE_ORGANIZATION = "qualified_service_organization"
    THE_PEER = "the_peer"
    OTHER = "other"
    # contract v2
    MEDICAL_EXAMINER = "medical_examiner"
    PUBLIC_HEALTH_AUTHORITY = "public_health_authority"
    ADMINISTRATIVE_PARENT = (
        "administrative_parent"  # direct administrative control, 2.12(c)(3)(ii)
    )


class DisclosurePurpose(StrEnum):
    """Why information would leave the program (not the staff `Purpose` of an access)."""

    TREATMENT = "treatment"
    PAYMENT = "payment"
    OPERATIONS = "operations"
    PEER_REQUEST = "peer_request"
    LEGAL_PROCEEDING = "legal_proceeding"
    CRIMINAL_INVESTIGATION = "criminal_investigation"
    MEDICAL_EMERGENCY = "medical_emergency"
    CHILD_ABUSE_REPORT = "child_abuse_report"
    ADULT_ABUSE_REPORT = "adult_abuse_report"
    DUTY_TO_PROTECT = "duty_to_protect"
    RESEARCH = "research"
    AUDIT_EVALUATION = "audit_evaluation"
    CRIME_ON_PREMISES = "crime_on_premises"
    EMPLOYMENT = "employment"
    OTHER = "other"
    # contract v2
    CAUSE_OF_DEATH_INQUIRY = "cause_of_death_inquiry"
    PRESENCE_INQUIRY = "presence_inquiry"  # "is this person a client of yours?"
    PUBLIC_HEALTH = "public_health"
    PEER_DIRECTED = "peer_directed"  # the peer directs a copy to a third party they name


TPO = frozenset(
    {DisclosurePurpose.TREATMENT, DisclosurePurpose.PAYMENT, DisclosurePurpose.OPERATIONS}
)
PROCEEDINGS = frozenset(
    {DisclosurePurpose.LEGAL_PROCEEDING, DisclosurePurpose.CRIMINAL_INVESTIGATION}
)


class BasisType(StrEnum):
    """The legal footing the requester claims for the disclosure."""

    CONSENT = "consent"
    NONE = "none"
    SUBPOENA = "subpoena"
    COURT_ORDER = "court_order"
    MEDICAL_EMERGENCY = "medical_emergency"
    MANDATED_REPORT = "mandated_report"
    DUTY_TO_PROTECT = "duty_to_protect"
    QSOA = "qsoa"
    AUDIT_AGREEMENT = "audit_agreement"
    RESEARCH_WAIVER = "research_waiver"
    CRIME_ON_PREMISES = "crime_on_premises"
    # contract v2
    PEER_DIRECTION = "peer_direction"  # the peer's signed written direction, 164.524(c)(3)(ii)
    LAW = "law"  # a law that requires or permits the disclosure, named in `Basis.law`


class InformationOrigin(StrEnum):
    """Where the requested records came from (contract v2)."""

    OWN = "own"  # records this program created
    RECEIVED_PART2 = "received_part2"  # received from a Part 2 program with the 2.32 notice


class Duty(StrEnum):
    """An obligation that travels with an allowed disclosure. Declaration order is output order."""

    REDISCLOSURE_NOTICE = "redisclosure_notice"
    ACCOUNTING_ENTRY = "accounting_entry"
    DOCUMENT_EMERGENCY = "document_emergency"
    MINIMUM_NECESSARY = "minimum_necessary"
    INITIAL_REPORT_ONLY = "initial_report_only"
    NOTIFY_PRIVACY_OFFICER = "notify_privacy_officer"
    TELL_PEER = "tell_peer"  # the peer must be told of the disclosure, e.g. 164.512(c)(2)


# When a recipient does not say, these kinds are HIPAA covered entities (contract default).
COVERED_BY_DEFAULT = frozenset({RecipientKind.TREATING_PROVIDER, RecipientKind.HEALTH_PLAN})


@dataclass(frozen=True, slots=True)
class ProgramProfile:
    """The regulatory profile of the program holding the record."""

    jurisdiction: str
    hipaa_covered_entity: bool
    part2_program: bool
    mandated_reporter: bool = False
    duty_to_protect_applies: bool = False
    fundraises: bool = False  # so a Part 2 consent carries the opt-out, 2.31(a)(5)(iii)
    publicly_identified_sud: bool = False  # known as an SUD-only place, 2.13(c)(1)

    def fact(self, name: str) -> object:
        """A profile fact by its contract name (rule packs match on these)."""
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class Reporter:
    """The staff member who would make a report. Mandated-reporter duties attach to persons,
    and a state's lists for children and for adults differ (Va. Code 63.2-1509, 63.2-1606)."""

    mandated_child: bool
    mandated_adult: bool


@dataclass(frozen=True, slots=True)
class PeerFacts:
    """Facts about the person the records are about; `None` is unknown."""

    age: int | None = None
    minor_may_consent_alone: bool | None = None
    adjudicated_incapacitated: bool | None = None
    deceased: bool | None = None
    adult_protective_age: bool | None = None  # an "adult" under the state's protection law

    @property
    def minor(self) -> bool | None:
        return None if self.age is None else self.age < 18


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
    law: str | None = None


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
    reporter: Reporter | None = None
    peer: PeerFacts = PeerFacts()
    information_origin: InformationOrigin = InformationOrigin.OWN

    @property
    def part2_records(self) -> bool:
        """Part 2 governs these records: the program is a Part 2 program, or it holds them as
        received from one (2.12(d)(2), 2.33(b))."""
        return self.program.part2_program or (
            self.information_origin is InformationOrigin.RECEIVED_PART2
        )

    @property
    def mandated_child(self) -> bool:
        """The reporter must report suspected child abuse (the program's flag when unsaid)."""
        if self.reporter is None:
            return self.program.mandated_reporter
        return self.reporter.mandated_child

    @property
    def mandated_adult(self) -> bool:
        if self.reporter is None:
            return self.program.mandated_reporter
        return self.reporter.mandated_adult

    def consent(self) -> Consent | None:
        """The consent the basis names, if it was supplied."""
        wanted = self.basis.consent_id
        return next((c for c in self.consents if c.id == wanted), None)


@dataclass(frozen=True, slots=True)
class DisclosureDecision:
    """The engine's answer: the outcome, the duties an allow carries, why, and which rules."""

    outcome: Outcome
    obligations: tuple[Duty, ...]
    citations: tuple[str, ...]
    reason: str
    rules: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOW


@dataclass(frozen=True, slots=True)
class PackageItem:
    """One piece of a peer's record in a disclosure package, as plaintext."""

    category: Category
    title: str
    text: str
    recorded_on: date | None = None


@dataclass(frozen=True, slots=True)
class DisclosurePackage:
    """What leaves the program: the items, to whom, why, on what basis, with the 2.32 notice
    where required and, for a disclosure with consent, the consent itself (2.32(b)).

    Built by `confide.policy.disclosure_package.package_disclosure`, which keeps only the
    categories the decision allowed; `interop` renders it (FHIR Bundle, PDF) as it is."""

    id: str
    prepared_at: datetime
    discloser: str
    peer_name: str | None
    request: DisclosureRequest
    decision: DisclosureDecision
    items: tuple[PackageItem, ...]
    notice: str | None = None
    consent: Consent | None = None
