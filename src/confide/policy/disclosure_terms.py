"""The vocabulary of disclosure requests: categories, recipients, purposes, bases, duties.

Values are the public contract of `confide disclosure check` (docs/disclosure.md) and are stored
with decisions, so they never change once shipped; new ones are added, old ones kept.
"""

from __future__ import annotations

from enum import StrEnum


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


class Duty(StrEnum):
    """An obligation that travels with an allowed disclosure. Declaration order is output order."""

    REDISCLOSURE_NOTICE = "redisclosure_notice"
    ACCOUNTING_ENTRY = "accounting_entry"
    DOCUMENT_EMERGENCY = "document_emergency"
    MINIMUM_NECESSARY = "minimum_necessary"
    INITIAL_REPORT_ONLY = "initial_report_only"
    NOTIFY_PRIVACY_OFFICER = "notify_privacy_officer"


# When a recipient does not say, these kinds are HIPAA covered entities (contract default).
COVERED_BY_DEFAULT = frozenset({RecipientKind.TREATING_PROVIDER, RecipientKind.HEALTH_PLAN})
