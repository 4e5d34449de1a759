"""Stored disclosures: the sealed JSON of requests, decisions, packages and accounting entries,
and the items of a peer's record a package may carry. Package-private to services."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from confide.crypto.cipher import PeerCipher
from confide.domain.consents import Consent
from confide.domain.decisions import Outcome
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosureDecision,
    DisclosurePackage,
    DisclosurePurpose,
    DisclosureRequest,
    Duty,
    Emergency,
    InformationOrigin,
    PackageItem,
    PeerFacts,
    ProgramProfile,
    Recipient,
    RecipientKind,
    Reporter,
)
from confide.domain.encounters import EncounterStatus, Label
from confide.domain.ids import OrgId, PeerId
from confide.domain.peers import PeerIdentity
from confide.services.consents import consent_fields
from confide.services.disclosures import parse_consent
from confide.services.notes import open_body
from confide.services.plans import open_goal
from confide.store.uow import UnitOfWork

TABLE = "disclosures"
LABEL_CATEGORY = {
    Label.SUD: Category.SUD_TREATMENT,
    Label.MENTAL_HEALTH: Category.MENTAL_HEALTH,
    Label.HIV: Category.HIV,
    Label.DV: Category.DOMESTIC_VIOLENCE,
    Label.LEGAL: Category.LEGAL,
}


def seal(cipher: PeerCipher, column: str, row_id: str, value: object) -> bytes:
    context = cipher.context(TABLE, column, row_id)
    return cipher.seal(context, json.dumps(value, sort_keys=True))


def unseal(cipher: PeerCipher, column: str, row_id: str, sealed: bytes) -> Any:
    return json.loads(cipher.open(sealed, cipher.context(TABLE, column, row_id)))


# -- requests and decisions -------------------------------------------------------------------
def request_json(request: DisclosureRequest) -> dict[str, Any]:
    return {
        "as_of": request.as_of.isoformat(),
        "program": asdict(request.program),
        "information": sorted(c.value for c in request.information),
        "recipient": asdict(request.recipient),
        "purpose": request.purpose.value,
        "basis": asdict(request.basis),
        "emergency": asdict(request.emergency) if request.emergency else None,
        "reporter": asdict(request.reporter) if request.reporter else None,
        "peer": asdict(request.peer),
        "information_origin": request.information_origin.value,
    }


def request_from(
    d: dict[str, Any], ident: str, consents: tuple[Consent, ...] = ()
) -> DisclosureRequest:
    """A stored request; one stored before contract v2 has no reporter, peer facts or origin
    and reads with the contract's defaults (the program's flag, unknown, `own`)."""
    recipient = d["recipient"] | {"kind": RecipientKind(d["recipient"]["kind"])}
    basis = d["basis"] | {"type": BasisType(d["basis"]["type"])}
    return DisclosureRequest(
        id=ident,
        as_of=date.fromisoformat(d["as_of"]),
        program=ProgramProfile(**d["program"]),
        information=frozenset(Category(c) for c in d["information"]),
        recipient=Recipient(**recipient),
        purpose=DisclosurePurpose(d["purpose"]),
        basis=Basis(**basis),
        consents=consents,
        emergency=Emergency(**d["emergency"]) if d["emergency"] else None,
        reporter=Reporter(**d["reporter"]) if d.get("reporter") else None,
        peer=PeerFacts(**d.get("peer", {})),
        information_origin=InformationOrigin(d.get("information_origin", "own")),
    )


def decision_json(decision: DisclosureDecision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome.value,
        "obligations": [o.value for o in decision.obligations],
        "citations": list(decision.citations),
        "reason": decision.reason,
        "rules": list(decision.rules),
    }


def decision_from(d: dict[str, Any]) -> DisclosureDecision:
    return DisclosureDecision(
        Outcome(d["outcome"]),
        tuple(Duty(o) for o in d["obligations"]),
        tuple(d["citations"]),
        d["reason"],
        tuple(d["rules"]),
    )


# -- packages ---------------------------------------------------------------------------------
def consent_snapshot(consent: Consent) -> dict[str, Any]:
    """The consent relied on, as it stood when the package left (2.32(b))."""
    out = consent_fields(consent)
    if consent.signed:
        out["signed"] = True
        first = consent.signed_by.value if consent.signed_by else None
        co = [s.value for s in consent.co_signed_by]
        out["signed_by"] = [first, *co] if co and first else first  # a list when co-signed
        out["signed_on"] = consent.signed_on.isoformat() if consent.signed_on else None
    return out


def package_json(package: DisclosurePackage) -> dict[str, Any]:
    return {
        "id": package.id,
        "prepared_at": package.prepared_at.isoformat(),
        "discloser": package.discloser,
        "peer_name": package.peer_name,
        "decision": decision_json(package.decision),
        "items": [
            {
                "category": i.category.value,
                "title": i.title,
                "text": i.text,
                "recorded_on": i.recorded_on.isoformat() if i.recorded_on else None,
            }
            for i in package.items
        ],
        "notice": package.notice,
        "consent": consent_snapshot(package.consent) if package.consent else None,
    }


def package_from(d: dict[str, Any], request: DisclosureRequest) -> DisclosurePackage:
    consent = parse_consent(d["consent"]) if d["consent"] else None
    items = tuple(
        PackageItem(
            Category(i["category"]),
            i["title"],
            i["text"],
            date.fromisoformat(i["recorded_on"]) if i["recorded_on"] else None,
        )
        for i in d["items"]
    )
    return DisclosurePackage(
        id=d["id"],
        prepared_at=datetime.fromisoformat(d["prepared_at"]),
        discloser=d["discloser"],
        peer_name=d["peer_name"],
        request=request,
        decision=decision_from(d["decision"]),
        items=items,
        notice=d["notice"],
        consent=consent,
    )


# -- what a package may carry -----------------------------------------------------------------
def peer_name(identity: PeerIdentity) -> str | None:
    full = f"{identity.first_name or ''} {identity.last_name or ''}".strip()
    return full or identity.preferred_name or None


def record_items(
    uow: UnitOfWork,
    org: OrgId,
    peer_id: PeerId,
    identity: PeerIdentity,
    wanted: frozenset[Category],
) -> list[PackageItem]:
    """The items of one peer's record in the categories wanted, and no others: signed notes
    whose every label is wanted, never a `restricted` note or a draft."""
    items: list[PackageItem] = []
    if Category.DEMOGRAPHICS in wanted:
        born = identity.date_of_birth.isoformat() if identity.date_of_birth else "not recorded"
        text = f"Name: {peer_name(identity) or 'not recorded'}\nDate of birth: {born}"
        items.append(PackageItem(Category.DEMOGRAPHICS, "Identity", text))
    cipher = uow.keys.cipher_for(org, peer_id)
    notes = [
        n for n in uow.encounters.for_peer(org, peer_id) if n.status is not EncounterStatus.DRAFT
    ]
    if Category.ATTENDANCE in wanted and notes:
        lines = [f"{n.occurred_on.isoformat()}: {n.minutes} minutes, {n.modality}" for n in notes]
        items.append(PackageItem(Category.ATTENDANCE, "Attendance", "\n".join(lines)))
    for note in notes:
        category = _note_category(note.labels, wanted)
        if category is None:
            continue
        body = open_body(cipher, note)
        text = "\n".join(f"{k.title()}: {v}" for k, v in body.sections.items() if v)
        items.append(PackageItem(category, "Service note", text, note.occurred_on))
    if Category.RECOVERY_PLAN in wanted:
        plan = uow.plans.plan_of(org, peer_id)
        goals = [open_goal(cipher, g) for g in uow.plans.goals(org, plan)] if plan else []
        text = "\n".join(f"{g.text.description} ({g.status})" for g in goals)
        if text:
            items.append(PackageItem(Category.RECOVERY_PLAN, "Recovery plan", text))
    return items


def _note_category(labels: frozenset[Label], wanted: frozenset[Category]) -> Category | None:
    """The category a note goes under, or None when any of its labels is not wanted."""
    if Label.RESTRICTED in labels or Category.SERVICE_NOTES not in wanted:
        return None
    sensitive = sorted((LABEL_CATEGORY[lb] for lb in labels), key=list(Category).index)
    if any(c not in wanted for c in sensitive):
        return None
    return sensitive[0] if sensitive else Category.SERVICE_NOTES
