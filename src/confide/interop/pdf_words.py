"""The plain words the PDFs use for each code, and the statements a consent form carries.

Written for the peer reading their own copy: short sentences, no codes. Each statement follows
the rule it answers (cited beside it); changing one is a change to what peers are told.
"""

from __future__ import annotations

from confide.domain.consents import PART2_FORMS, ConsentForm, Signer
from confide.domain.disclosures import BasisType, Category, DisclosurePurpose, RecipientKind

FORM_TITLES = {
    ConsentForm.PART2: "Consent to share your records",
    ConsentForm.PART2_TPO: "Consent to share your records for your care, its payment and "
    "our operations",
    ConsentForm.HIPAA_AUTHORIZATION: "Permission to share your health information",
}

CATEGORY_WORDS = {
    Category.DEMOGRAPHICS: "your name, date of birth and contact details",
    Category.ATTENDANCE: "when you came to sessions and groups",
    Category.SERVICE_NOTES: "notes your peer specialist wrote about your sessions",
    Category.RECOVERY_PLAN: "your recovery plan and its goals",
    Category.SUD_TREATMENT: "information about substance use treatment",
    Category.MENTAL_HEALTH: "mental health information",
    Category.HIV: "HIV-related information",
    Category.DOMESTIC_VIOLENCE: "information about domestic violence",
    Category.LEGAL: "information about legal matters",
    Category.PSYCHOTHERAPY_NOTES: "psychotherapy notes",
    Category.COUNSELING_NOTES: "notes of your substance use counseling sessions",
    Category.CAUSE_OF_DEATH: "information about the cause of death",
}

PURPOSE_WORDS = {
    DisclosurePurpose.TREATMENT: "for your care (treatment)",
    DisclosurePurpose.PAYMENT: "to pay for your care",
    DisclosurePurpose.OPERATIONS: "to run and improve the program (health care operations)",
    DisclosurePurpose.PEER_REQUEST: "because you asked for it",
    DisclosurePurpose.LEGAL_PROCEEDING: "for a legal proceeding",
    DisclosurePurpose.CRIMINAL_INVESTIGATION: "for a criminal investigation",
    DisclosurePurpose.MEDICAL_EMERGENCY: "for a medical emergency",
    DisclosurePurpose.CHILD_ABUSE_REPORT: "to report suspected child abuse or neglect",
    DisclosurePurpose.ADULT_ABUSE_REPORT: "to report suspected abuse of an adult",
    DisclosurePurpose.DUTY_TO_PROTECT: "to protect someone from a serious threat",
    DisclosurePurpose.RESEARCH: "for research",
    DisclosurePurpose.AUDIT_EVALUATION: "for an audit or evaluation of the program",
    DisclosurePurpose.CRIME_ON_PREMISES: "about a crime at the program",
    DisclosurePurpose.EMPLOYMENT: "for your job",
    DisclosurePurpose.OTHER: "for another purpose",
    DisclosurePurpose.CAUSE_OF_DEATH_INQUIRY: "for an inquiry into the cause of death",
    DisclosurePurpose.PRESENCE_INQUIRY: "to say whether you are with us",
    DisclosurePurpose.PUBLIC_HEALTH: "for public health",
    DisclosurePurpose.PEER_DIRECTED: "because you asked us to send it there",
}

KIND_WORDS = {
    RecipientKind.TREATING_PROVIDER: "a provider who treats you",
    RecipientKind.HEALTH_PLAN: "a health plan",
    RecipientKind.PROGRAM_STAFF: "program staff",
    RecipientKind.FAMILY: "family",
    RecipientKind.EMPLOYER: "an employer",
    RecipientKind.PROBATION_OR_COURT_PROGRAM: "probation or a court program",
    RecipientKind.COURT: "a court",
    RecipientKind.LAW_ENFORCEMENT: "law enforcement",
    RecipientKind.MEDICAL_PERSONNEL: "medical personnel",
    RecipientKind.CHILD_PROTECTIVE_SERVICES: "child protective services",
    RecipientKind.ADULT_PROTECTIVE_SERVICES: "adult protective services",
    RecipientKind.POTENTIAL_VICTIM: "a person at risk",
    RecipientKind.RESEARCHER: "a researcher",
    RecipientKind.AUDITOR: "an auditor",
    RecipientKind.QUALIFIED_SERVICE_ORGANIZATION: "a service organization working for us",
    RecipientKind.THE_PEER: "you",
    RecipientKind.OTHER: "other",
    RecipientKind.MEDICAL_EXAMINER: "a medical examiner or coroner",
    RecipientKind.PUBLIC_HEALTH_AUTHORITY: "a public health authority",
    RecipientKind.ADMINISTRATIVE_PARENT: "the organization that runs this program",
}

BASIS_WORDS = {
    BasisType.CONSENT: "the peer's written consent",
    BasisType.NONE: "none stated",
    BasisType.SUBPOENA: "a subpoena",
    BasisType.COURT_ORDER: "a court order",
    BasisType.MEDICAL_EMERGENCY: "a medical emergency",
    BasisType.MANDATED_REPORT: "a report the law requires",
    BasisType.DUTY_TO_PROTECT: "a duty to protect",
    BasisType.QSOA: "a qualified service organization agreement",
    BasisType.AUDIT_AGREEMENT: "an audit or evaluation agreement",
    BasisType.RESEARCH_WAIVER: "a research waiver",
    BasisType.CRIME_ON_PREMISES: "a crime on the program's premises",
    BasisType.PEER_DIRECTION: "your signed written request",
    BasisType.LAW: "a law that requires or permits it",
}

SIGNER_WORDS = {
    Signer.PATIENT: "You",
    Signer.GUARDIAN: "Your guardian",
    Signer.OTHER: "Someone else for you",
    Signer.PARENT: "Your parent",
    Signer.REPRESENTATIVE: "Your personal representative",
}


def revocation_words(form: ConsentForm) -> str:
    """How to take the consent back (42 CFR 2.31(a)(6); 45 CFR 164.508(c)(2)(i))."""
    return (
        "You can take back (revoke) this consent at any time. Tell us in writing: a signed, "
        "dated note to the program is enough, or ask your peer specialist for a form. From the "
        "day we receive it, nothing more is shared under this consent. It cannot undo sharing "
        "that already happened because we relied on your consent."
        + (
            ""
            if form in PART2_FORMS
            else " If the consent was a condition of getting insurance, the insurer may still "
            "use the law to contest a claim."
        )
    )


def redisclosure_words(form: ConsentForm) -> str:
    """What may happen once records are shared (2.31(a)(4)(iii); 164.508(c)(2)(iii))."""
    if form in PART2_FORMS:
        return (
            "If your records go to a health care provider, health plan or their business "
            "associate for treatment, payment or health care operations, they may share them "
            "again as the HIPAA rules allow. They still may not use them against you in a "
            "legal proceeding without your consent or a special court order (42 CFR 2.12(d))."
        )
    return (
        "Once shared, the information may be shared again by the person who receives it, and "
        "the HIPAA Privacy Rule may no longer protect it."
    )


def redisclosure_potential_words() -> str:
    """That records may be shared again and lose Part 2's protection (2.31(a)(10))."""
    return (
        "Once your records are shared, the person or organization who receives them may be "
        "able to share them again, and then 42 CFR part 2 may no longer protect them."
    )


def refusal_words() -> str:
    """What happens if the peer refuses to sign (2.31(a)(10); 164.508(c)(2)(ii))."""
    return "Signing is up to you. Your services here do not depend on whether you sign."


def fundraising_words() -> str:
    """The fundraising opt-out (2.31(a)(5)(iii)), for a program that fundraises."""
    return (
        "We may ask you to support this program with a donation. You can tell us at any time "
        "that you do not want these requests, and we will stop sending them."
    )


def criminal_justice_words(period: str | None, revocable_upon: str | None) -> str:
    """The 2.35 terms of a consent to probation, parole, a court or a court program."""
    lasts = period or "Not stated on this form."
    upon = revocable_upon or "Not stated on this form."
    return (
        "This consent is to a court, probation, parole or a program they run, which made your "
        "taking part here a condition of your case, parole or release. "
        f"It stays in effect: {lasts} "
        f"You can take it back only after: {upon}"
    )
