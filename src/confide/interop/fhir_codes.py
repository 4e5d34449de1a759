"""The code systems and codes confide speaks in FHIR R4, with where each comes from.

HL7 terminology (terminology.hl7.org, "THO"):
- `v3-Confidentiality` `R` (restricted): every consent and package about a peer carries it.
- `v3-ActCode` `42CFRPart2`: the policy label for records under 42 CFR part 2 (moved into
  ActCode from the deprecated `v3-ActUSPrivacyLaw` system; the HL7 FHIR DS4P guide labels Part 2
  data with it beside `R`).
- `v3-ActCode` `NORDSCLCD` (no redisclosure without consent directive): the refrain label for a
  package that travels with the 42 CFR 2.32 notice.
- `v3-ActCode` sensitivity codes for categories: `ETH` (substance abuse), `PSY`, `HIV`, `SDV`,
  `PSYTHPN`.
- `v3-ActReason` purpose-of-use codes: `TREAT`, `HPAYMT`, `HOPERAT`, `PATRQT`, `ETREAT`,
  `HRESCH`; purposes with no such code use confide's own system.
- `v3-ParticipationType` `IRCP` (information recipient) for a consent's recipients.
- `consentscope` `patient-privacy`; `consentpolicycodes` `hipaa-auth`; LOINC `64292-6`
  (release of information consent) as the consent category.

confide's own code systems and extensions live under `BASE`; docs/disclosure.md lists them.
"""

from __future__ import annotations

from confide.domain.consents import ConsentForm
from confide.domain.disclosures import Category, DisclosurePurpose

CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_POLICY = "http://terminology.hl7.org/CodeSystem/consentpolicycodes"
LOINC = "http://loinc.org"

# Not yet published anywhere: a deployment exchanging with others publishes the definitions
# at an address it controls and changes this one constant.
BASE = "https://confide.invalid/fhir"
FORM_SYSTEM = f"{BASE}/CodeSystem/consent-form"
CATEGORY_SYSTEM = f"{BASE}/CodeSystem/information-category"
PURPOSE_SYSTEM = f"{BASE}/CodeSystem/disclosure-purpose"
RECIPIENT_KIND_SYSTEM = f"{BASE}/CodeSystem/recipient-kind"
BASIS_SYSTEM = f"{BASE}/CodeSystem/disclosure-basis"
CONSENT_ID_SYSTEM = f"{BASE}/identifier/consent"
PACKAGE_ID_SYSTEM = f"{BASE}/identifier/disclosure-package"


def ext(name: str) -> str:
    """The canonical URL of one of confide's extensions."""
    return f"{BASE}/StructureDefinition/{name}"


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": system, "code": code}
    if display is not None:
        out["display"] = display
    return out


RESTRICTED = coding(CONFIDENTIALITY, "R", "restricted")
PART2_POLICY = coding(ACT_CODE, "42CFRPart2", "42 CFR Part2")
NO_REDISCLOSURE = coding(ACT_CODE, "NORDSCLCD", "no redisclosure without consent directive")
RECIPIENT_ROLE = coding(PARTICIPATION, "IRCP", "information recipient")
PRIVACY_SCOPE = coding(CONSENT_SCOPE, "patient-privacy", "Privacy Consent")
RELEASE_OF_INFORMATION = coding(LOINC, "64292-6", "Release of information consent")
HIPAA_AUTH_POLICY = coding(CONSENT_POLICY, "hipaa-auth", "HIPAA Authorization")

SENSITIVITY: dict[Category, dict[str, str]] = {
    Category.SUD_TREATMENT: coding(ACT_CODE, "ETH", "substance abuse information sensitivity"),
    Category.MENTAL_HEALTH: coding(ACT_CODE, "PSY", "psychiatry disorder information sensitivity"),
    Category.HIV: coding(ACT_CODE, "HIV", "HIV/AIDS information sensitivity"),
    Category.DOMESTIC_VIOLENCE: coding(
        ACT_CODE, "SDV", "sexual assault, abuse, or domestic violence information sensitivity"
    ),
    Category.PSYCHOTHERAPY_NOTES: coding(
        ACT_CODE, "PSYTHPN", "psychotherapy note information sensitivity"
    ),
}

PURPOSE_OF_USE: dict[DisclosurePurpose, str] = {
    DisclosurePurpose.TREATMENT: "TREAT",
    DisclosurePurpose.PAYMENT: "HPAYMT",
    DisclosurePurpose.OPERATIONS: "HOPERAT",
    DisclosurePurpose.PEER_REQUEST: "PATRQT",
    DisclosurePurpose.MEDICAL_EMERGENCY: "ETREAT",
    DisclosurePurpose.RESEARCH: "HRESCH",
}
PURPOSE_FROM_V3 = {code: purpose for purpose, code in PURPOSE_OF_USE.items()}


def purpose_coding(purpose: DisclosurePurpose) -> dict[str, str]:
    """A purpose as HL7 purpose of use where one fits, else as confide's own code."""
    v3 = PURPOSE_OF_USE.get(purpose)
    return coding(ACT_REASON, v3) if v3 else coding(PURPOSE_SYSTEM, purpose.value)


def policy_rule(form: ConsentForm) -> dict[str, str]:
    return HIPAA_AUTH_POLICY if form is ConsentForm.HIPAA_AUTHORIZATION else PART2_POLICY
