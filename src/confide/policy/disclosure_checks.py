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
from confide.domain.disclosures import PROCEEDINGS, BasisType, Category, DisclosureRequest
from confide.policy.consents import (
    ConsentState,
    covers_purpose,
    matching_recipient,
    missing_elements,
    required_elements,
    state_on,
    uncovered_information,
)


@dataclass(frozen=True, slots=True)
class Finding:
    outcome: Outcome
    reason: str
    citations: tuple[str, ...] = ()


Check = Callable[[DisclosureRequest], Finding | None]
Fact = Callable[[DisclosureRequest], bool]

_STATE_REASONS = {
    ConsentState.REVOKED: "The peer revoked this consent, so it no longer allows anything.",
    ConsentState.EXPIRED: "This consent has expired, so it no longer allows anything.",
    ConsentState.NOT_YET_SIGNED: "This consent was not yet signed on that date.",
}


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


def _deny(reason: str, *citations: str) -> Finding:
    return Finding(Outcome.DENY, reason, citations)


def consent_part2(request: DisclosureRequest) -> Finding | None:
    """A Part 2 consent (2.31) with every element, in force, covering this disclosure."""
    consent = request.consent()
    if consent is None:
        return _deny("The consent named as the basis was not supplied.", "42 CFR 2.31(a)")
    if consent.form not in PART2_FORMS:
        return _deny(
            "This form is not a Part 2 consent; Part 2 records need one.", "42 CFR 2.31(a)"
        )
    return (
        _elements(consent, hipaa=False)
        or _in_force_and_scope(request, consent, PART2)
        or _proceedings_alone(request, consent)
    )


def consent_hipaa_authorization(request: DisclosureRequest) -> Finding | None:
    """A HIPAA authorization (164.508(c)) with every element, in force, covering this."""
    consent = request.consent()
    if consent is None:
        return _deny("The authorization named as the basis was not supplied.", "45 CFR 164.508")
    return _elements(consent, hipaa=True) or _in_force_and_scope(
        request, consent, HIPAA_AUTHORIZATION
    )


def consent_in_effect(request: DisclosureRequest) -> Finding | None:
    """Any signed consent in force that covers this disclosure (no form elements required)."""
    consent = request.consent()
    if consent is None:
        return _deny("The consent named as the basis was not supplied.", "45 CFR 164.506(b)")
    if consent.signed is not True:
        return _deny("This consent is not signed.", "45 CFR 164.506(b)")
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
        return _deny(
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
    if entry is None or named or (entry.participant_class or "").strip():
        return None
    return _deny(
        "The consent names this intermediary but not who may receive through it (its "
        "participants, or the peer's treating providers).",
        "42 CFR 2.31(a)(4)(ii)",
    )


def _elements(consent: Consent, *, hipaa: bool) -> Finding | None:
    missing = missing_elements(consent, hipaa=hipaa)
    if not missing:
        return None
    table = required_elements(consent, hipaa=hipaa)
    names = ", ".join(e.value for e in missing)
    return _deny(
        f"The consent is missing a required element ({names}), so it is not valid.",
        *dict.fromkeys(table[e] for e in missing),
    )


def _in_force_and_scope(request: DisclosureRequest, consent: Consent, law: _Law) -> Finding | None:
    cite = law.scope
    state = state_on(consent, request.as_of)
    if state is not ConsentState.ACTIVE:
        return _deny(_STATE_REASONS[state], law.in_force)
    recipient = request.recipient
    if matching_recipient(consent, recipient.name, recipient.kind) is None:
        return _deny("The consent does not name this recipient.", cite)
    if not covers_purpose(consent, request.purpose):
        return _deny("The consent does not cover this purpose.", cite)
    beyond = uncovered_information(consent, request.information)
    if beyond:
        listed = ", ".join(c.value for c in beyond)
        return _deny(f"The consent does not cover this information: {listed}.", cite)
    notes = Category.PSYCHOTHERAPY_NOTES
    if notes in request.information and consent.information != frozenset({notes}):
        return _deny(
            "Counseling or psychotherapy notes need a consent of their own, not combined with "
            "any other information.",
            *law.notes_alone,
        )
    return None


def _proceedings_alone(request: DisclosureRequest, consent: Consent) -> Finding | None:
    """2.31(d): consent for use in proceedings is not combined with any other purpose."""
    if request.purpose not in PROCEEDINGS:
        return None
    if consent.form is ConsentForm.PART2 and consent.purposes == frozenset({request.purpose}):
        return None
    return _deny(
        "A consent to use records in a legal proceeding or investigation must be a separate "
        "consent for that purpose alone.",
        "42 CFR 2.31(d)",
    )


def _restriction_applies(request: DisclosureRequest) -> bool:
    return any(
        r.recipient_kind is request.recipient.kind and r.information & request.information
        for r in request.restrictions
    )


def _signed_by(*signers: Signer) -> Fact:
    def fact(request: DisclosureRequest) -> bool:
        if request.basis.type is not BasisType.CONSENT:
            return False
        consent = request.consent()
        return consent is not None and consent.signed_by in signers

    return fact


FACTS: dict[str, Fact] = {
    "restriction_applies": _restriction_applies,
    "consent_signed_by_guardian": _signed_by(Signer.GUARDIAN),
    "consent_signed_by_other": _signed_by(Signer.OTHER),
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
}


def all_hold(names: Iterable[str], request: DisclosureRequest) -> bool:
    return all(FACTS[n](request) for n in names)


def none_hold(names: Iterable[str], request: DisclosureRequest) -> bool:
    return not any(FACTS[n](request) for n in names)
