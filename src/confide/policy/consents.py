"""Consent rules: the elements each form requires, validity on a date, and scope.

The consent itself and its vocabulary are values in `confide.domain.consents`; a field that is
`None` is an absent element. Pure: the date to judge on is an argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from confide.domain.consents import PART2_FORMS, Consent, ConsentForm, ConsentRecipient, Element
from confide.domain.disclosures import TPO, Category, DisclosurePurpose, RecipientKind
from confide.errors import InvalidInput


class ConsentState(StrEnum):
    ACTIVE = "active"
    NOT_YET_SIGNED = "not_yet_signed"
    EXPIRED = "expired"
    REVOKED = "revoked"


PART2_ELEMENTS: dict[Element, str] = {
    Element.PATIENT_NAME: "42 CFR 2.31(a)(1)",
    Element.DISCLOSER: "42 CFR 2.31(a)(2)",
    Element.INFORMATION: "42 CFR 2.31(a)(3)",
    Element.INFORMATION_DESCRIPTION: "42 CFR 2.31(a)(3)",
    Element.RECIPIENTS: "42 CFR 2.31(a)(4)(i)",
    Element.REDISCLOSURE_STATEMENT: "42 CFR 2.31(a)(4)(iii)",
    Element.PURPOSES: "42 CFR 2.31(a)(5)",
    Element.REVOCATION_STATEMENT: "42 CFR 2.31(a)(6)",
    Element.EXPIRY: "42 CFR 2.31(a)(7)",
    Element.SIGNATURE: "42 CFR 2.31(a)(8)",
    Element.SIGNED_ON: "42 CFR 2.31(a)(9)",
}
HIPAA_ELEMENTS: dict[Element, str] = {
    Element.INFORMATION: "45 CFR 164.508(c)(1)(i)",
    Element.INFORMATION_DESCRIPTION: "45 CFR 164.508(c)(1)(i)",
    Element.DISCLOSER: "45 CFR 164.508(c)(1)(ii)",
    Element.RECIPIENTS: "45 CFR 164.508(c)(1)(iii)",
    Element.PURPOSES: "45 CFR 164.508(c)(1)(iv)",
    Element.EXPIRY: "45 CFR 164.508(c)(1)(v)",
    Element.SIGNATURE: "45 CFR 164.508(c)(1)(vi)",
    Element.SIGNED_ON: "45 CFR 164.508(c)(1)(vi)",
    Element.REVOCATION_STATEMENT: "45 CFR 164.508(c)(2)(i)",
    Element.REDISCLOSURE_STATEMENT: "45 CFR 164.508(c)(2)(iii)",
}


def required_elements(consent: Consent, *, hipaa: bool = False) -> dict[Element, str]:
    """The elements this consent must carry, each with its citation.

    With `hipaa`, the 164.508(c) authorization elements whatever the form (a disclosure outside
    treatment, payment and operations by a covered entity needs them too)."""
    table = HIPAA_ELEMENTS if hipaa or consent.form not in PART2_FORMS else PART2_ELEMENTS
    needed = dict(table)
    if table is PART2_ELEMENTS and not _part2_needs_redisclosure_statement(consent):
        del needed[Element.REDISCLOSURE_STATEMENT]
    return needed


def missing_elements(consent: Consent, *, hipaa: bool = False) -> tuple[Element, ...]:
    """The required elements absent from `consent`, in the order the rule lists them."""
    return tuple(e for e in required_elements(consent, hipaa=hipaa) if not _has(consent, e))


def validate(consent: Consent, *, hipaa: bool = False) -> Consent:
    """The consent itself when every element is there; else `InvalidInput` naming the first
    absent element and its citation (never a value)."""
    missing = missing_elements(consent, hipaa=hipaa)
    if missing:
        citation = required_elements(consent, hipaa=hipaa)[missing[0]]
        raise InvalidInput(
            f"consent is missing {missing[0].value} ({citation})",
            fields={e.value: "missing" for e in missing},
        )
    return consent


def state_on(consent: Consent, as_of: date) -> ConsentState:
    """Whether the consent is in force on `as_of`. Revocation is effective from its date."""
    if consent.revoked_on is not None and consent.revoked_on <= as_of:
        return ConsentState.REVOKED
    if consent.signed_on is not None and consent.signed_on > as_of:
        return ConsentState.NOT_YET_SIGNED
    if consent.expiry_event_occurred:
        return ConsentState.EXPIRED
    if consent.expires is not None and consent.expires < as_of:
        return ConsentState.EXPIRED
    return ConsentState.ACTIVE


def matching_recipient(
    consent: Consent, name: str, kind: RecipientKind
) -> ConsentRecipient | None:
    """The consent's recipient entry that designates this recipient, if any.

    A name must match (case and spacing aside) and the kind, when the entry gives one. A TPO
    consent may designate a class ("my treating providers ..."), so its entries match by kind."""
    for entry in consent.recipients or ():
        if entry.kind is not None and entry.kind is not kind:
            continue
        if consent.form is ConsentForm.PART2_TPO and entry.kind is kind:
            return entry
        if _norm(entry.name) == _norm(name):
            return entry
    return None


def uncovered_information(consent: Consent, wanted: Iterable[Category]) -> tuple[Category, ...]:
    """Requested categories the consent does not cover."""
    allowed = consent.information or frozenset()
    return tuple(sorted((c for c in set(wanted) if c not in allowed), key=list(Category).index))


def covers_purpose(consent: Consent, purpose: DisclosurePurpose) -> bool:
    purposes = consent.purposes or frozenset()
    if consent.form is ConsentForm.PART2_TPO and purpose not in TPO:
        return False
    return purpose in purposes


def _part2_needs_redisclosure_statement(consent: Consent) -> bool:
    """2.31(a)(4)(iii): a consent to a covered entity or business associate for treatment,
    payment or operations carries the HIPAA redisclosure statement."""
    if consent.form is ConsentForm.PART2_TPO:
        return True
    tpo = bool((consent.purposes or frozenset()) & TPO)
    return tpo and any(r.is_covered for r in consent.recipients or ())


def _has(consent: Consent, element: Element) -> bool:
    match element:
        case Element.PATIENT_NAME:
            return _text(consent.patient_name)
        case Element.DISCLOSER:
            return _text(consent.discloser)
        case Element.INFORMATION:
            return bool(consent.information)
        case Element.INFORMATION_DESCRIPTION:
            return _text(consent.information_description)
        case Element.RECIPIENTS:
            recipients = consent.recipients or ()
            return bool(recipients) and all(_text(r.name) for r in recipients)
        case Element.PURPOSES:
            return bool(consent.purposes)
        case Element.REVOCATION_STATEMENT:
            return consent.revocation_statement is True
        case Element.REDISCLOSURE_STATEMENT:
            return consent.redisclosure_statement is True
        case Element.EXPIRY:
            return _has_expiry(consent)
        case Element.SIGNATURE:
            return consent.signed is True and consent.signed_by is not None
        case Element.SIGNED_ON:
            return consent.signed_on is not None
    return False  # pragma: no cover


def _has_expiry(consent: Consent) -> bool:
    """A date or an event; for a TPO consent, "none" (stated, with neither) is enough."""
    if consent.expires is not None or _text(consent.expiry_event):
        return True
    return consent.form is ConsentForm.PART2_TPO and consent.expiry_stated


def _text(value: str | None) -> bool:
    return value is not None and bool(value.strip())


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()
