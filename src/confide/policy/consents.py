"""Consent rules: the elements each form requires, validity on a date, and scope.

The consent itself and its vocabulary are values in `confide.domain.consents`; a field that is
`None` is an absent element. Pure: the date to judge on is an argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from confide.domain.consents import (
    PART2_FORMS,
    Consent,
    ConsentForm,
    ConsentRecipient,
    Element,
    Signer,
)
from confide.domain.disclosures import (
    TPO,
    Category,
    DisclosurePurpose,
    RecipientKind,
)
from confide.errors import InvalidInput


class ConsentState(StrEnum):
    ACTIVE = "active"
    NOT_YET_SIGNED = "not_yet_signed"
    EXPIRED = "expired"
    REVOKED = "revoked"
    # a 2.35 consent revoked before an event whose occurrence is not recorded
    REVOCATION_UNSETTLED = "revocation_unsettled"


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
    # 2.31(a)(10): "A patient's written consent to use or disclose records for treatment,
    # payment, or health care operations must include all of the following statements: (i) The
    # potential for the records ... to be subject to redisclosure by the recipient and no longer
    # protected by this part. (ii) The consequences to the patient of a refusal to sign."
    Element.REDISCLOSURE_POTENTIAL_STATEMENT: "42 CFR 2.31(a)(10)(i)",
    Element.REFUSAL_CONSEQUENCES_STATEMENT: "42 CFR 2.31(a)(10)(ii)",
    # 2.31(a)(5)(iii): "If a part 2 program intends to use or disclose records to fundraise on
    # its own behalf, a statement about the patient's right to elect not to receive any
    # fundraising communications."
    Element.FUNDRAISING_STATEMENT: "42 CFR 2.31(a)(5)(iii)",
    # 2.35(b): "The written consent must state the period during which it remains in effect."
    # 2.35(c): "... must state that it is revocable upon the passage of a specified amount of
    # time or the occurrence of a specified, ascertainable event."
    Element.CRIMINAL_JUSTICE_PERIOD: "42 CFR 2.35(b)",
    Element.CRIMINAL_JUSTICE_REVOCABLE_UPON: "42 CFR 2.35(c)",
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
    # 164.508(c)(1)(vi): "If the authorization is signed by a personal representative of the
    # individual, a description of such representative's authority to act for the individual
    # must also be provided."
    Element.REPRESENTATIVE_AUTHORITY: "45 CFR 164.508(c)(1)(vi)",
}
CRIMINAL_JUSTICE_KINDS = frozenset({RecipientKind.PROBATION_OR_COURT_PROGRAM})


def required_elements(
    consent: Consent, *, hipaa: bool = False, fundraises: bool = False
) -> dict[Element, str]:
    """The elements this consent must carry, each with its citation.

    With `hipaa`, the 164.508(c) authorization elements whatever the form (a disclosure outside
    treatment, payment and operations by a covered entity needs them too). `fundraises`: the
    program fundraises on its own behalf, so a Part 2 consent states the opt-out."""
    if hipaa or consent.form not in PART2_FORMS:
        needed = dict(HIPAA_ELEMENTS)
        if consent.signers <= {Signer.PATIENT}:
            del needed[Element.REPRESENTATIVE_AUTHORITY]
        return needed
    needed = dict(PART2_ELEMENTS)
    drop = set()
    if not _part2_needs_redisclosure_statement(consent):
        drop.add(Element.REDISCLOSURE_STATEMENT)
    if not is_tpo_consent(consent):
        drop |= {Element.REDISCLOSURE_POTENTIAL_STATEMENT, Element.REFUSAL_CONSEQUENCES_STATEMENT}
    if not fundraises:
        drop.add(Element.FUNDRAISING_STATEMENT)
    if is_criminal_justice(consent):
        # 2.35(a)(2): a consent meeting 2.31 "except paragraph (a)(6)", the right to revoke,
        # which is inconsistent with the revocation terms of 2.35(c).
        drop.add(Element.REVOCATION_STATEMENT)
    else:
        drop |= {Element.CRIMINAL_JUSTICE_PERIOD, Element.CRIMINAL_JUSTICE_REVOCABLE_UPON}
    return {e: c for e, c in needed.items() if e not in drop}


def missing_elements(
    consent: Consent, *, hipaa: bool = False, fundraises: bool = False
) -> tuple[Element, ...]:
    """The required elements absent from `consent`, in the order the rule lists them."""
    needed = required_elements(consent, hipaa=hipaa, fundraises=fundraises)
    return tuple(e for e in needed if not _has(consent, e))


def validate(consent: Consent, *, hipaa: bool = False, fundraises: bool = False) -> Consent:
    """The consent itself when every element is there; else `InvalidInput` naming the first
    absent element and its citation (never a value)."""
    missing = missing_elements(consent, hipaa=hipaa, fundraises=fundraises)
    if missing:
        citation = required_elements(consent, hipaa=hipaa, fundraises=fundraises)[missing[0]]
        raise InvalidInput(
            f"consent is missing {missing[0].value} ({citation})",
            fields={e.value: "missing" for e in missing},
        )
    return consent


def is_tpo_consent(consent: Consent) -> bool:
    """A consent to use or disclose for treatment, payment or health care operations
    (2.31(a)(10)): the single TPO form, or any consent whose purposes include one of them."""
    return consent.form is ConsentForm.PART2_TPO or bool((consent.purposes or frozenset()) & TPO)


def is_criminal_justice(consent: Consent) -> bool:
    """A consent to persons in the criminal justice system who made participation a condition
    of a proceeding, parole or release (2.35): it names such a recipient, or states 2.35 terms."""
    kinds = {r.kind for r in consent.recipients or ()}
    return bool(kinds & CRIMINAL_JUSTICE_KINDS) or consent.criminal_justice is not None


def state_on(consent: Consent, as_of: date) -> ConsentState:
    """Whether the consent is in force on `as_of`. Revocation is effective from its date,
    except on a 2.35 consent before the time or event upon which it becomes revocable."""
    if consent.revoked_on is not None and consent.revoked_on <= as_of:
        revocation = _criminal_justice_revocation(consent, consent.revoked_on, as_of)
        if revocation is not None:
            return revocation
    if consent.signed_on is not None and consent.signed_on > as_of:
        return ConsentState.NOT_YET_SIGNED
    if consent.expiry_event_occurred:
        return ConsentState.EXPIRED
    if consent.expires is not None and consent.expires < as_of:
        return ConsentState.EXPIRED
    period_end = _stated_date(
        consent.criminal_justice.period if consent.criminal_justice else None
    )
    if period_end is not None and period_end < as_of:
        return ConsentState.EXPIRED
    return ConsentState.ACTIVE


def _criminal_justice_revocation(
    consent: Consent, revoked_on: date, as_of: date
) -> ConsentState | None:
    """What a revocation does on `as_of`. 2.35(c): the consent "is revocable upon the passage of
    a specified amount of time or the occurrence of a specified, ascertainable event", so a
    revocation before a stated date does not end it while that date is ahead (`None`). Whether
    an early revocation takes effect once the date has come, and whether an event named without
    a date has occurred, are for a person to establish."""
    terms = consent.criminal_justice
    if terms is None or not is_criminal_justice(consent):
        return ConsentState.REVOKED
    revocable_from = _stated_date(terms.revocable_upon)
    if revocable_from is None:
        return ConsentState.REVOCATION_UNSETTLED
    if revoked_on >= revocable_from:
        return ConsentState.REVOKED
    return None if as_of < revocable_from else ConsentState.REVOCATION_UNSETTLED


def _stated_date(text: str | None) -> date | None:
    """The one ISO date a free-text term states ("until 2027-12-31"), if it states one."""
    found = re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text or "")
    if len(found) != 1:
        return None
    try:
        return date.fromisoformat(found[0])
    except ValueError:
        return None


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
        case (
            Element.REFUSAL_CONSEQUENCES_STATEMENT
            | Element.REDISCLOSURE_POTENTIAL_STATEMENT
            | Element.FUNDRAISING_STATEMENT
        ):
            return getattr(consent, element.value) is not False  # absent means present (v1)
        case Element.REPRESENTATIVE_AUTHORITY:
            return _text(consent.representative_authority)
        case Element.CRIMINAL_JUSTICE_PERIOD:
            terms = consent.criminal_justice
            return terms is not None and _text(terms.period)
        case Element.CRIMINAL_JUSTICE_REVOCABLE_UPON:
            terms = consent.criminal_justice
            return terms is not None and _text(terms.revocable_upon)
    return False  # pragma: no cover


def _has_expiry(consent: Consent) -> bool:
    """A date or an event. 2.31(a)(7): '"end of the treatment," "none," or similar language is
    sufficient if the consent is for a use or disclosure for treatment, payment, or health care
    operations', so "none" (stated, with neither) is enough for a consent whose purposes are all
    treatment, payment or operations; "end of the research study" is an event."""
    if consent.expires is not None or _text(consent.expiry_event):
        return True
    if consent.form is ConsentForm.PART2_TPO:
        return consent.expiry_stated
    purposes = consent.purposes or frozenset()
    return (
        consent.form is ConsentForm.PART2
        and bool(purposes)
        and purposes <= TPO
        and (consent.expiry_stated)
    )


def _text(value: str | None) -> bool:
    return value is not None and bool(value.strip())


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()
