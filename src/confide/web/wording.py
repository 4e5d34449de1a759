"""Plain words for the consent and disclosure vocabulary, as staff pages show it. Values stay
the engine's; only the words shown change here."""

from __future__ import annotations

from confide.domain.consents import ConsentForm, Signer
from confide.domain.decisions import Outcome
from confide.domain.disclosures import BasisType, Category, DisclosurePurpose, Duty, RecipientKind

FORMS = {
    ConsentForm.PART2: "Part 2 consent: sharing substance-use records with the recipients named, "
    "for the purposes named (42 CFR 2.31)",
    ConsentForm.PART2_TPO: "Part 2 single consent for treatment, payment and health care "
    "operations (42 CFR 2.31, as amended in 2024)",
    ConsentForm.HIPAA_AUTHORIZATION: "HIPAA authorization: sharing health information for "
    "something other than treatment, payment or operations (45 CFR 164.508)",
}
FORM_SHORT = {
    ConsentForm.PART2: "Part 2 consent",
    ConsentForm.PART2_TPO: "Part 2 consent for treatment, payment and operations",
    ConsentForm.HIPAA_AUTHORIZATION: "HIPAA authorization",
}
CATEGORIES = {
    Category.DEMOGRAPHICS: "Name, contact details and date of birth",
    Category.ATTENDANCE: "Attendance: the dates we met",
    Category.SERVICE_NOTES: "Service notes",
    Category.RECOVERY_PLAN: "Recovery plan and goals",
    Category.SUD_TREATMENT: "Substance use and treatment",
    Category.MENTAL_HEALTH: "Mental health",
    Category.HIV: "HIV status",
    Category.DOMESTIC_VIOLENCE: "Domestic violence",
    Category.LEGAL: "Legal matters",
    Category.PSYCHOTHERAPY_NOTES: "Psychotherapy notes (HIPAA)",
    Category.COUNSELING_NOTES: "SUD counseling notes (Part 2), kept apart from the record",
    Category.CAUSE_OF_DEATH: "Cause of death",
}
PURPOSES = {
    DisclosurePurpose.TREATMENT: "Treatment or care",
    DisclosurePurpose.PAYMENT: "Payment",
    DisclosurePurpose.OPERATIONS: "Running the program (health care operations)",
    DisclosurePurpose.PEER_REQUEST: "Because the peer asks for it",
    DisclosurePurpose.LEGAL_PROCEEDING: "A court case or legal proceeding",
    DisclosurePurpose.CRIMINAL_INVESTIGATION: "A criminal investigation",
    DisclosurePurpose.MEDICAL_EMERGENCY: "A medical emergency",
    DisclosurePurpose.CHILD_ABUSE_REPORT: "Reporting child abuse or neglect",
    DisclosurePurpose.ADULT_ABUSE_REPORT: "Reporting abuse of a vulnerable adult",
    DisclosurePurpose.DUTY_TO_PROTECT: "Warning or protecting someone at risk",
    DisclosurePurpose.RESEARCH: "Research",
    DisclosurePurpose.AUDIT_EVALUATION: "An audit or program evaluation",
    DisclosurePurpose.CRIME_ON_PREMISES: "A crime on our premises or against our staff",
    DisclosurePurpose.EMPLOYMENT: "Employment",
    DisclosurePurpose.OTHER: "Something else",
    DisclosurePurpose.CAUSE_OF_DEATH_INQUIRY: "An inquiry into the cause of death",
    DisclosurePurpose.PRESENCE_INQUIRY: "Someone asks whether this person is our client",
    DisclosurePurpose.PUBLIC_HEALTH: "Public health reporting",
    DisclosurePurpose.PEER_DIRECTED: "The peer asks us to send a copy to someone they name",
}
RECIPIENT_KINDS = {
    RecipientKind.TREATING_PROVIDER: "A doctor, clinic or other treating provider",
    RecipientKind.HEALTH_PLAN: "A health plan or insurer",
    RecipientKind.PROGRAM_STAFF: "Staff of our own program",
    RecipientKind.FAMILY: "Family or a friend",
    RecipientKind.EMPLOYER: "An employer",
    RecipientKind.PROBATION_OR_COURT_PROGRAM: "Probation, parole or a court program",
    RecipientKind.COURT: "A court",
    RecipientKind.LAW_ENFORCEMENT: "Police or other law enforcement",
    RecipientKind.MEDICAL_PERSONNEL: "Medical personnel (in an emergency)",
    RecipientKind.CHILD_PROTECTIVE_SERVICES: "Child protective services",
    RecipientKind.ADULT_PROTECTIVE_SERVICES: "Adult protective services",
    RecipientKind.POTENTIAL_VICTIM: "A person at risk of harm",
    RecipientKind.RESEARCHER: "A researcher",
    RecipientKind.AUDITOR: "An auditor or evaluator",
    RecipientKind.QUALIFIED_SERVICE_ORGANIZATION: "A service organization under a written "
    "agreement (QSOA)",
    RecipientKind.THE_PEER: "The peer themself",
    RecipientKind.OTHER: "Someone else",
    RecipientKind.MEDICAL_EXAMINER: "A medical examiner or coroner",
    RecipientKind.PUBLIC_HEALTH_AUTHORITY: "A public health authority",
    RecipientKind.ADMINISTRATIVE_PARENT: "The organization with direct administrative control "
    "of the program",
}
BASES = {
    BasisType.CONSENT: "The peer's signed consent",
    BasisType.NONE: "No basis yet (ask the engine what would be needed)",
    BasisType.SUBPOENA: "A subpoena",
    BasisType.COURT_ORDER: "A court order",
    BasisType.MEDICAL_EMERGENCY: "A medical emergency",
    BasisType.MANDATED_REPORT: "A report the law requires (for example child abuse)",
    BasisType.DUTY_TO_PROTECT: "A duty to protect someone at risk",
    BasisType.QSOA: "A qualified service organization agreement",
    BasisType.AUDIT_AGREEMENT: "An audit or evaluation agreement",
    BasisType.RESEARCH_WAIVER: "A research waiver",
    BasisType.CRIME_ON_PREMISES: "A crime on our premises",
    BasisType.PEER_DIRECTION: "The peer's signed written request naming the recipient",
    BasisType.LAW: "A law that requires or permits it (name the law)",
}
DUTIES = {
    Duty.REDISCLOSURE_NOTICE: "Send the Part 2 notice (42 CFR 2.32), printed on the package: "
    "the recipient may share it further only as Part 2 allows (or, for a covered entity "
    "receiving it for treatment, payment or operations, as HIPAA allows, 2.33(b)(1)), and "
    "never use it against the peer in a proceeding.",
    Duty.ACCOUNTING_ENTRY: "It goes in the peer's accounting of disclosures, which they can ask "
    "to see.",
    Duty.DOCUMENT_EMERGENCY: "The emergency is documented: who received it, their affiliation, "
    "who shared it, when, and what the emergency was.",
    Duty.MINIMUM_NECESSARY: "Share only what is needed: the package holds the categories asked "
    "for and nothing else.",
    Duty.INITIAL_REPORT_ONLY: "Only the first report: anything more needs a new request.",
    Duty.NOTIFY_PRIVACY_OFFICER: "Tell the privacy officer.",
    Duty.TELL_PEER: "Tell the peer that the report was or will be made, unless that would put "
    "them in danger (45 CFR 164.512(c)(2)).",
}
OUTCOMES = {
    Outcome.ALLOW: "Allowed",
    Outcome.DENY: "Not allowed: nothing was shared",
    Outcome.NEEDS_REVIEW: "A privacy officer decides: nothing is shared until then",
}
STATUSES = {
    "released": "Allowed: the package is ready",
    "denied": "Not allowed: nothing was shared",
    "needs_review": "Waiting for the privacy officer: nothing is shared until they decide",
    "declined": "Declined by the privacy officer: nothing was shared",
}
SIGNERS = {
    Signer.PATIENT: "The peer",
    Signer.GUARDIAN: "A guardian",
    Signer.OTHER: "Someone else",
    Signer.PARENT: "A parent",
    Signer.REPRESENTATIVE: "A personal representative",
}
STATES = {
    "unsigned": "not signed yet",
    "active": "valid",
    "not_yet_signed": "not signed yet",
    "expired": "expired",
    "revoked": "revoked",
    "revocation_unsettled": "revoked before it could be (criminal justice): the privacy officer "
    "checks",
}
ELEMENTS = {
    "form": "Which form",
    "patient_name": "The peer's name",
    "discloser": "Who shares it",
    "information": "What may be shared",
    "information_description": "What may be shared, in words",
    "recipients": "Who receives it",
    "purposes": "Why it is shared",
    "revocation_statement": "The right to take it back",
    "redisclosure_statement": "Sharing it further",
    "refusal_consequences_statement": "What happens if the peer does not sign",
    "redisclosure_potential_statement": "The recipient may share it further, outside Part 2",
    "fundraising_statement": "The right to opt out of fundraising",
    "representative_authority": "The signer's authority to act for the peer",
    "criminal_justice.period": "How long it stays in effect (criminal justice)",
    "criminal_justice.revocable_upon": "When it can be revoked (criminal justice)",
    "expiry": "When it ends",
    "expires": "When it ends",
    "signature": "Signature",
    "signer_name": "Signer's typed name",
    "confirm": "Confirm the revocation",
    "consent": "The consent",
}


def words() -> dict[str, object]:
    """Every table, for a template."""
    return {
        "forms": FORMS, "form_short": FORM_SHORT, "categories": CATEGORIES, "purposes": PURPOSES,
        "recipient_kinds": RECIPIENT_KINDS, "bases": BASES, "duties": DUTIES,
        "outcomes": OUTCOMES, "statuses": STATUSES, "signers": SIGNERS, "states": STATES,
        "elements": ELEMENTS,
    }  # fmt: skip
