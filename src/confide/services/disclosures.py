"""Disclosure decisions as a dry run: the `confide disclosure check` use case (docs/disclosure.md).

It reads no record and writes nothing: requests in, decisions out, from the very engine the
application uses (`policy.disclosure.decide_disclosure`). Errors name a field code and never
quote the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

from confide.domain.consents import (
    Consent,
    ConsentForm,
    ConsentRecipient,
    CriminalJusticeTerms,
    Signer,
)
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosureDecision,
    DisclosurePurpose,
    DisclosureRequest,
    Emergency,
    InformationOrigin,
    PeerFacts,
    ProgramProfile,
    Recipient,
    RecipientKind,
    Reporter,
    Restriction,
)
from confide.errors import InvalidInput
from confide.policy.disclosure import decide_disclosure
from confide.services._textlines import parse_object_line

CONTRACT_VERSION = 2
MAX_LINE = 1_000_000
E = TypeVar(
    "E", Category, DisclosurePurpose, RecipientKind, BasisType, ConsentForm, Signer,
    InformationOrigin,
)  # fmt: skip
T = TypeVar("T")


class _Bad(Exception):
    """One field of one line could not be read; `code` names it, never its value."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_disclosure(request: DisclosureRequest) -> DisclosureDecision:
    """The decision on one disclosure request, without touching any stored record."""
    return decide_disclosure(request)


def check_disclosures(
    lines: Iterable[str], *, today: date, explain: bool = False
) -> Iterator[dict[str, object]]:
    """One answer per non-blank JSON line: the decision, or `{"id","error"}` for a line that
    cannot be read. `today` stands in for a missing `as_of`. With `explain`, each answer also
    names the rules that decided it."""
    for line in lines:
        if not line.strip():
            continue
        ident, request, error = parse_request(line, today=today)
        if request is None:
            yield {"id": ident, "error": error or "invalid_request"}
            continue
        yield answer(ident, check_disclosure(request), explain=explain)


def answer(ident: object, decision: DisclosureDecision, *, explain: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "id": ident,
        "decision": decision.outcome.value,
        "obligations": [d.value for d in decision.obligations],
        "citations": list(decision.citations),
        "reason": decision.reason,
    }
    if explain:
        out["rules"] = list(decision.rules)
    return out


def parse_request(
    line: str, *, today: date
) -> tuple[object, DisclosureRequest | None, str | None]:
    """(id, request, error code) of one input line."""
    if len(line) > MAX_LINE:
        return None, None, "line_too_long"
    row, ident, error = parse_object_line(line)
    if row is None:
        return ident, None, error
    try:
        return ident, _request(row, str(ident), today), None
    except _Bad as bad:
        return ident, None, bad.code


def _request(row: Mapping[str, Any], ident: str, today: date) -> DisclosureRequest:
    as_of = today if row.get("as_of") is None else _date(row["as_of"], "invalid_as_of")
    consents = _list(row.get("consents", []), "invalid_consents")
    restrictions = _list(row.get("restrictions", []), "invalid_restrictions")
    return DisclosureRequest(
        id=ident,
        as_of=as_of,
        program=_field(row.get("program"), _program, "invalid_program"),
        information=_nonempty(_enums(Category, row.get("information"), "invalid_information")),
        recipient=_field(row.get("recipient"), _recipient, "invalid_recipient"),
        purpose=_enum(DisclosurePurpose, row.get("purpose"), "invalid_purpose"),
        basis=_field(row.get("basis"), _basis, "invalid_basis"),
        consents=tuple(_field(c, _consent, "invalid_consents") for c in consents),
        restrictions=tuple(_field(r, _restriction, "invalid_restrictions") for r in restrictions),
        emergency=_field(row.get("emergency"), _emergency, "invalid_emergency", optional=True),
        reporter=_field(row.get("reporter"), _reporter, "invalid_reporter", optional=True),
        peer=_field(row.get("peer"), _peer, "invalid_peer", optional=True) or PeerFacts(),
        information_origin=_enum(
            InformationOrigin, row.get("information_origin", "own"), "invalid_information_origin"
        ),
    )


def _program(raw: Mapping[str, Any]) -> ProgramProfile:
    jurisdiction = raw.get("jurisdiction")
    if not isinstance(jurisdiction, str) or not jurisdiction.strip():
        raise _Bad("invalid_program")
    return ProgramProfile(
        jurisdiction=jurisdiction.strip().upper(),
        hipaa_covered_entity=_bool(raw.get("hipaa_covered_entity"), "invalid_program"),
        part2_program=_bool(raw.get("part2_program"), "invalid_program"),
        mandated_reporter=_bool(raw.get("mandated_reporter", False), "invalid_program"),
        duty_to_protect_applies=_bool(
            raw.get("duty_to_protect_applies", False), "invalid_program"
        ),
        fundraises=_bool(raw.get("fundraises", False), "invalid_program"),
        publicly_identified_sud=_bool(
            raw.get("publicly_identified_sud", False), "invalid_program"
        ),
    )


def _reporter(raw: Mapping[str, Any]) -> Reporter:
    return Reporter(
        mandated_child=_bool(raw.get("mandated_child", False), "invalid_reporter"),
        mandated_adult=_bool(raw.get("mandated_adult", False), "invalid_reporter"),
    )


def _peer(raw: Mapping[str, Any]) -> PeerFacts:
    bad = "invalid_peer"
    age = raw.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or age < 0):
        raise _Bad(bad)
    return PeerFacts(
        age=age,
        minor_may_consent_alone=_opt_bool(raw.get("minor_may_consent_alone"), bad),
        adjudicated_incapacitated=_opt_bool(raw.get("adjudicated_incapacitated"), bad),
        deceased=_opt_bool(raw.get("deceased"), bad),
        adult_protective_age=_opt_bool(raw.get("adult_protective_age"), bad),
    )


def _recipient(raw: Mapping[str, Any]) -> Recipient:
    return Recipient(
        name=_str(raw.get("name"), "invalid_recipient") or "",
        kind=_enum(RecipientKind, raw.get("kind"), "invalid_recipient"),
        covered_entity=_opt_bool(raw.get("covered_entity"), "invalid_recipient"),
        intermediary=_bool(raw.get("intermediary", False), "invalid_recipient"),
    )


def _basis(raw: Mapping[str, Any]) -> Basis:
    return Basis(
        type=_enum(BasisType, raw.get("type"), "invalid_basis"),
        consent_id=_str(raw.get("consent_id"), "invalid_basis", optional=True),
        part2_order=_bool(raw.get("part2_order", False), "invalid_basis"),
        law=_str(raw.get("law"), "invalid_basis", optional=True),
    )


def _consent(raw: Mapping[str, Any]) -> Consent:
    bad = "invalid_consents"
    recipients = raw.get("recipients")
    signers = _signers(raw.get("signed_by"))
    return Consent(
        id=_str(raw.get("id"), bad) or "",
        form=_enum(ConsentForm, raw.get("form"), bad),
        patient_name=_str(raw.get("patient_name"), bad, optional=True),
        discloser=_str(raw.get("discloser"), bad, optional=True),
        information=_maybe(raw.get("information"), lambda v: _enums(Category, v, bad)),
        information_description=_str(raw.get("information_description"), bad, optional=True),
        recipients=_maybe(
            recipients,
            lambda v: tuple(_field(r, _consent_recipient, bad) for r in _list(v, bad)),
        ),
        purposes=_maybe(raw.get("purposes"), lambda v: _enums(DisclosurePurpose, v, bad)),
        revocation_statement=_opt_bool(raw.get("revocation_statement"), bad),
        expires=_maybe(raw.get("expires"), lambda v: _date(v, bad)),
        expiry_event=_str(raw.get("expiry_event"), bad, optional=True),
        expiry_stated="expires" in raw or "expiry_event" in raw,
        expiry_event_occurred=_bool(raw.get("expiry_event_occurred", False), bad),
        signed=_opt_bool(raw.get("signed"), bad),
        signed_by=signers[0] if signers else None,
        co_signed_by=signers[1:],
        signed_on=_maybe(raw.get("signed_on"), lambda v: _date(v, bad)),
        revoked_on=_maybe(raw.get("revoked_on"), lambda v: _date(v, bad)),
        redisclosure_statement=_opt_bool(raw.get("redisclosure_statement"), bad),
        refusal_consequences_statement=_opt_bool(raw.get("refusal_consequences_statement"), bad),
        redisclosure_potential_statement=_opt_bool(
            raw.get("redisclosure_potential_statement"), bad
        ),
        fundraising_statement=_opt_bool(raw.get("fundraising_statement"), bad),
        representative_authority=_str(raw.get("representative_authority"), bad, optional=True),
        criminal_justice=_field(
            raw.get("criminal_justice"), _criminal_justice, bad, optional=True
        ),
    )


def _signers(raw: object) -> tuple[Signer, ...]:
    """`signed_by`: one signer or a list of them (2.14(b)(1)), without repeats, in order."""
    bad = "invalid_consents"
    if raw is None:
        return ()
    values = [raw] if isinstance(raw, str) else _list(raw, bad)
    return tuple(dict.fromkeys(_enum(Signer, v, bad) for v in values))


def _criminal_justice(raw: Mapping[str, Any]) -> CriminalJusticeTerms:
    bad = "invalid_consents"
    return CriminalJusticeTerms(
        period=_str(raw.get("period"), bad, optional=True),
        revocable_upon=_str(raw.get("revocable_upon"), bad, optional=True),
    )


def parse_consent(raw: object) -> Consent:
    """A consent in the contract's shape (docs/disclosure.md); `InvalidInput` naming the code
    (never the value) when a field cannot be read. A missing field is an absent element."""
    try:
        consent: Consent = _field(raw, _consent, "invalid_consents")
    except _Bad as bad:
        raise InvalidInput("the consent could not be read", fields={"consent": bad.code}) from None
    return consent


def _consent_recipient(raw: Mapping[str, Any]) -> ConsentRecipient:
    bad = "invalid_consents"
    participants = _list(raw.get("participants", []), bad)
    return ConsentRecipient(
        name=_str(raw.get("name"), bad, optional=True) or "",
        kind=_maybe(raw.get("kind"), lambda v: _enum(RecipientKind, v, bad)),
        covered_entity=_opt_bool(raw.get("covered_entity"), bad),
        intermediary=_bool(raw.get("intermediary", False), bad),
        participants=tuple(_str(p, bad) or "" for p in participants),
        participant_class=_str(raw.get("participant_class"), bad, optional=True),
    )


def _restriction(raw: Mapping[str, Any]) -> Restriction:
    bad = "invalid_restrictions"
    return Restriction(
        recipient_kind=_enum(RecipientKind, raw.get("recipient_kind"), bad),
        information=_enums(Category, raw.get("information"), bad),
    )


def _emergency(raw: Mapping[str, Any]) -> Emergency:
    bad = "invalid_emergency"
    return Emergency(
        consent_obtainable=_opt_bool(raw.get("consent_obtainable"), bad),
        recipient_affiliation=_str(raw.get("recipient_affiliation"), bad, optional=True),
        disclosed_by=_str(raw.get("disclosed_by"), bad, optional=True),
        nature=_str(raw.get("nature"), bad, optional=True),
    )


def _field(
    raw: object, build: Callable[[Mapping[str, Any]], T], code: str, *, optional: bool = False
) -> Any:
    if raw is None and optional:
        return None
    if not isinstance(raw, dict):
        raise _Bad(code)
    return build(raw)


def _maybe(raw: object, build: Callable[[Any], T]) -> T | None:
    return None if raw is None else build(raw)


def _list(raw: object, code: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _Bad(code)
    return raw


def _enum(kind: type[E], raw: object, code: str) -> E:
    if not isinstance(raw, str):
        raise _Bad(code)
    try:
        return kind(raw)
    except ValueError:
        raise _Bad(code) from None


def _enums(kind: type[E], raw: object, code: str) -> frozenset[E]:
    return frozenset(_enum(kind, v, code) for v in _list(raw, code))


def _nonempty(values: frozenset[Category]) -> frozenset[Category]:
    if not values:
        raise _Bad("invalid_information")
    return values


def _date(raw: object, code: str) -> date:
    if not isinstance(raw, str):
        raise _Bad(code)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _Bad(code) from None


def _bool(raw: object, code: str) -> bool:
    if not isinstance(raw, bool):
        raise _Bad(code)
    return raw


def _opt_bool(raw: object, code: str) -> bool | None:
    return None if raw is None else _bool(raw, code)


def _str(raw: object, code: str, *, optional: bool = False) -> str | None:
    if raw is None and optional:
        return None
    if not isinstance(raw, str):
        raise _Bad(code)
    return raw
