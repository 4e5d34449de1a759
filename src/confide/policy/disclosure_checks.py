"""The named facts and checks rule packs refer to.

A *fact* is a yes/no about a request that a rule's `when` can test (`facts = [...]`). A *check*
is a requirement a matching rule imposes (`require = [...]`): it passes (`None`) or returns a
`Finding` that replaces the rule's outcome, with a reason naming what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from confide.domain.consents import PART2_FORMS, Consent, ConsentForm, Signer
from confide.domain.decisions import Outcome
from confide.domain.disclosures import (
    PROCEEDINGS,
    BasisType,
    Category,
    DisclosureRequest,
    RecipientKind,
)
from confide.policy.consents import (
    ConsentState,
    covers_purpose,
    is_criminal_justice,
    matching_recipient,
    missing_elements,
    required_elements,
    state_on,
    uncovered_information,
)
from confide.policy.disclosure_findings import Finding, deny
from confide.policy.disclosure_signers import hipaa_signers, part2_signers

Check = Callable[[DisclosureRequest], Finding | None]
Fact = Callable[[DisclosureRequest], bool]

_STATE_REASONS = {
    ConsentState.REVOKED: "The peer revoked this consent, so it no longer allows anything.",
    ConsentState.EXPIRED: "This consent has expired, so it no longer allows anything.",
    ConsentState.NOT_YET_SIGNED: "This consent was not yet signed on that date.",
}
# Part 2 SUD counseling notes (2.11, 2.31(b)) and HIPAA psychotherapy notes: a Part 2 program
# treats either as notes that need a consent of their own.
NOTES = frozenset({Category.PSYCHOTHERAPY_NOTES, Category.COUNSELING_NOTES})


@dataclass(frozen=True, slots=True)
class _Law:
    """Which citations a consent problem carries under the law doing the checking."""

    scope: str
    in_force: str
    notes_alone: tuple[str, ...]


PART2 = _Law("42 CFR 2.31", "42 CFR 2.31(a)(6)", ("42 CFR 2.31(b)",))
HIPAA_AUTHORIZATION = _Law(
    "45 CFR 164.508(c)(1)",
    "45 CFR 164.508(b)(2)",
    ("45 CFR 164.508(a)(2)", "45 CFR 164.508(b)(3)(ii)"),
)
HIPAA_CONSENT = _Law(
    "45 CFR 164.506(b)", "45 CFR 164.506(b)", ("45 CFR 164.508(a)(2)", "45 CFR 164.508(b)(3)(ii)")
)


def consent_part2(request: DisclosureRequest) -> Finding | None:
    """A Part 2 consent (2.31) with every element, in force, covering this disclosure."""
    consent = request.consent()
    if consent is None:
        return deny("The consent named as the basis was not supplied.", "42 CFR 2.31(a)")
    if consent.form not in PART2_FORMS:
        return deny(
            "This form is not a Part 2 consent; Part 2 records need one.", "42 CFR 2.31(a)"
        )
    return (
        _elements(consent, hipaa=False, fundraises=request.program.fundraises)
        or _in_force_and_scope(request, consent, PART2)
        or _proceedings_alone(request, consent)
        or _notes_on_tpo_consent(request, consent)
    )


def consent_hipaa_authorization(request: DisclosureRequest) -> Finding | None:
    """A HIPAA authorization (164.508(c)) with every element, in force, covering this."""
    consent = request.consent()
    if consent is None:
        return deny("The authorization named as the basis was not supplied.", "45 CFR 164.508")
    return _elements(consent, hipaa=True) or _in_force_and_scope(
        request, consent, HIPAA_AUTHORIZATION
    )


def consent_in_effect(request: DisclosureRequest) -> Finding | None:
    """Any signed consent in force that covers this disclosure (no form elements required)."""
    consent = request.consent()
    if consent is None:
        return deny("The consent named as the basis was not supplied.", "45 CFR 164.506(b)")
    if consent.signed is not True:
        return deny("This consent is not signed.", "45 CFR 164.506(b)")
    return _in_force_and_scope(request, consent, HIPAA_CONSENT)


def emergency_consent_unobtainable(request: DisclosureRequest) -> Finding | None:
    """2.51(a): only a bona fide emergency in which the peer's consent cannot be obtained."""
    emergency = request.emergency
    if emergency is None or emergency.consent_obtainable is None:
        return Finding(
            Outcome.NEEDS_REVIEW,
            "Say whether the peer can give consent right now; the emergency exception is only "
            "for when they cannot.",
            ("42 CFR 2.51(a)",),
        )
    if emergency.consent_obtainable:
        return deny(
            "The peer can give consent, so ask them: the emergency exception is only for when "
            "consent cannot be obtained.",
            "42 CFR 2.51(a)",
        )
    return None


def intermediary_participants(request: DisclosureRequest) -> Finding | None:
    """2.31(a)(4)(ii): a consent to an intermediary names it and its participants (or a class
    limited to the peer's treating providers)."""
    consent = request.consent()
    if consent is None:
        return None  # consent_part2 reports it
    entry = matching_recipient(consent, request.recipient.name, request.recipient.kind)
    named = any(p.strip() for p in entry.participants) if entry else False
    if entry is None or named or _treating_providers(entry.participant_class):
        return None
    return deny(
        "The consent names this intermediary but not who may receive through it: its "
        "participants by name, or a class limited to the peer's treating providers.",
        "42 CFR 2.31(a)(4)(ii)(B)",
    )


def _treating_providers(participant_class: str | None) -> bool:
    """2.31(a)(4)(ii)(B): a general designation "must be limited to a participant(s) who has a
    treating provider relationship with the patient" (`treating_providers`, or words saying so)."""
    words = (participant_class or "").replace("_", " ").casefold()
    return "treating provider" in words


def _elements(consent: Consent, *, hipaa: bool, fundraises: bool = False) -> Finding | None:
    missing = missing_elements(consent, hipaa=hipaa, fundraises=fundraises)
    if not missing:
        return None
    table = required_elements(consent, hipaa=hipaa, fundraises=fundraises)
    names = ", ".join(e.value for e in missing)
    return deny(
        f"The consent is missing a required element ({names}), so it is not valid.",
        *dict.fromkeys(table[e] for e in missing),
    )


def _in_force_and_scope(request: DisclosureRequest, consent: Consent, law: _Law) -> Finding | None:
    cite = law.scope
    state = state_on(consent, request.as_of)
    if state is ConsentState.REVOCATION_UNSETTLED:
        return Finding(
            Outcome.NEEDS_REVIEW,
            "The peer revoked this criminal justice consent, which can be revoked only once its "
            "stated time or event has come; the privacy officer checks whether it had.",
            ("42 CFR 2.35(c)",),
        )
    if state is not ConsentState.ACTIVE:
        return deny(_STATE_REASONS[state], law.in_force)
    recipient = request.recipient
    if matching_recipient(consent, recipient.name, recipient.kind) is None:
        return deny("The consent does not name this recipient.", cite)
    if not covers_purpose(consent, request.purpose):
        return deny("The consent does not cover this purpose.", cite)
    beyond = uncovered_information(consent, request.information)
    if beyond:
        listed = ", ".join(c.value for c in beyond)
        return deny(f"The consent does not cover this information: {listed}.", cite)
    notes = NOTES if law is PART2 else frozenset({Category.PSYCHOTHERAPY_NOTES})
    allowed = consent.information or frozenset()
    if request.information & notes and not allowed <= notes:
        return deny(
            "Counseling or psychotherapy notes need a consent of their own, not combined with "
            "any other information.",
            *law.notes_alone,
        )
    return None


def _proceedings_alone(request: DisclosureRequest, consent: Consent) -> Finding | None:
    """2.31(d): consent for use in proceedings "cannot be combined with a consent to use and
    disclose a record for any other purpose" (a legal proceeding and an investigation together
    are both proceedings)."""
    if request.purpose not in PROCEEDINGS:
        return None
    purposes = consent.purposes or frozenset()
    if consent.form is ConsentForm.PART2 and request.purpose in purposes <= PROCEEDINGS:
        return None
    return deny(
        "A consent to use records in a legal proceeding or investigation must be a separate "
        "consent for that purpose alone.",
        "42 CFR 2.31(d)",
    )


def _notes_on_tpo_consent(request: DisclosureRequest, consent: Consent) -> Finding | None:
    """2.31(b)(2): a consent for counseling notes "may only be combined with another written
    consent for a use or disclosure of SUD counseling notes"; whether the single consent for
    all treatment, payment and operations can carry them is for a person to judge."""
    if consent.form is not ConsentForm.PART2_TPO or not request.information & NOTES:
        return None
    return Finding(
        Outcome.NEEDS_REVIEW,
        "Counseling notes need a consent of their own; whether the single consent for "
        "treatment, payment and operations can carry them is for the privacy officer to decide.",
        ("42 CFR 2.31(b)(2)",),
    )


def part2_criminal_justice(request: DisclosureRequest) -> Finding | None:
    """2.35(a)(1): disclosure under a criminal justice consent "only to those persons within
    the criminal justice system who have a need for the information in connection with their
    duty to monitor the patient's progress"."""
    consent = request.consent()
    if consent is None or not is_criminal_justice(consent):
        return None
    monitoring = request.recipient.kind is RecipientKind.PROBATION_OR_COURT_PROGRAM
    if monitoring or request.recipient.kind not in CRIMINAL_JUSTICE_OTHERS:
        return None
    return deny(
        "A criminal justice consent lets records go only to those who monitor the peer's "
        "progress for the court or probation, not to this recipient.",
        "42 CFR 2.35(a)(1)",
    )


CRIMINAL_JUSTICE_OTHERS = frozenset({RecipientKind.LAW_ENFORCEMENT, RecipientKind.COURT})


def psychotherapy_notes_authorization(request: DisclosureRequest) -> Finding | None:
    """164.506(b)(2): a consent "shall not be effective to permit a use or disclosure ... when
    an authorization, under § 164.508, is required"; 164.508(a)(2): "a covered entity must
    obtain an authorization for any use or disclosure of psychotherapy notes"; (b)(3)(ii): one
    for the notes "may only be combined with another authorization for ... psychotherapy
    notes"."""
    consent = request.consent()
    if consent is not None and consent.form is not ConsentForm.HIPAA_AUTHORIZATION:
        return deny(
            "Psychotherapy notes go out only under a HIPAA authorization for the notes alone; "
            "a consent for treatment, payment or operations cannot release them.",
            "45 CFR 164.506(b)(2)",
            "45 CFR 164.508(a)(2)",
        )
    if consent is not None and consent.information != frozenset({Category.PSYCHOTHERAPY_NOTES}):
        return deny(
            "Psychotherapy notes need an authorization of their own, not combined with any "
            "other information.",
            "45 CFR 164.508(b)(3)(ii)",
        )
    return consent_hipaa_authorization(request)


def _restriction_applies(request: DisclosureRequest) -> bool:
    return any(
        r.recipient_kind is request.recipient.kind and r.information & request.information
        for r in request.restrictions
    )


def _minor_consent_by_parent(request: DisclosureRequest) -> bool:
    """A parent or guardian signed a consent the peer did not, and nothing says the peer is an
    adult: in Virginia a minor consents alone to outpatient substance use care."""
    consent = request.consent() if request.basis.type is BasisType.CONSENT else None
    if consent is None or Signer.PATIENT in consent.signers:
        return False
    peer = request.peer
    return bool(consent.signers & {Signer.PARENT, Signer.GUARDIAN}) and peer.minor is not False


FACTS: dict[str, Fact] = {
    "restriction_applies": _restriction_applies,
    "consent_for_minor_signed_by_parent": _minor_consent_by_parent,
    "reporter_mandated_child": lambda r: r.mandated_child,
    "reporter_mandated_adult": lambda r: r.mandated_adult,
    # the peer is known not to be an "adult" of the state's adult-protection law
    "peer_outside_adult_protection": lambda r: r.peer.adult_protective_age is False,
    "peer_known_living": lambda r: r.peer.deceased is False,
    "information_received_part2": lambda r: r.part2_records and not r.program.part2_program,
    "recipient_intermediary": lambda r: r.recipient.intermediary,
    "recipient_covered_entity": lambda r: r.recipient.is_covered,
    "part2_court_order": lambda r: r.basis.part2_order,
}
CHECKS: dict[str, Check] = {
    "consent_part2": consent_part2,
    "consent_hipaa_authorization": consent_hipaa_authorization,
    "consent_in_effect": consent_in_effect,
    "emergency_consent_unobtainable": emergency_consent_unobtainable,
    "intermediary_participants": intermediary_participants,
    "part2_signers": part2_signers,
    "hipaa_signers": hipaa_signers,
    "part2_criminal_justice": part2_criminal_justice,
    "psychotherapy_notes_authorization": psychotherapy_notes_authorization,
}


def all_hold(names: Iterable[str], request: DisclosureRequest) -> bool:
    return all(FACTS[n](request) for n in names)


def none_hold(names: Iterable[str], request: DisclosureRequest) -> bool:
    return not any(FACTS[n](request) for n in names)
