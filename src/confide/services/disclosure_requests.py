"""Disclosure requests as stored records (docs/disclosure.md): request, decide with the same
engine as `confide disclosure check`, route `needs_review` to the privacy officer, release the
package (minimum necessary, the 2.32 notice where required), record the accounting entry and
the audit event, and answer the peer's accounting of disclosures.

The dry run (`services.disclosures`) reads no record; this module is its stored counterpart.
Nothing leaves before an `allow` from the engine or a privacy officer's recorded approval.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from confide.audit.events import AccessEvent
from confide.crypto.cipher import PeerCipher
from confide.domain.actions import Action
from confide.domain.actors import RequestContext, Role
from confide.domain.decisions import Decision, Outcome
from confide.domain.disclosures import (
    Basis,
    Category,
    DisclosureDecision,
    DisclosurePackage,
    DisclosurePurpose,
    DisclosureRequest,
    Duty,
    Emergency,
    InformationOrigin,
    PeerFacts,
    ProgramProfile,
    Recipient,
    Reporter,
)
from confide.domain.ids import OrgId, PeerId, ProgramId, StaffId, new_id
from confide.domain.peers import PeerStatus
from confide.errors import Conflict, Destroyed, InvalidInput, NotFound
from confide.interop.fhir_package import package_to_fhir
from confide.interop.pdf import package_pdf
from confide.policy import Resource
from confide.policy.disclosure import decide_disclosure
from confide.policy.disclosure_package import package_disclosure
from confide.services import _disclosure_records as records
from confide.services import _flag_records as flag_records
from confide.services._guard import authorize, existing_peer
from confide.services.consents import load_consents
from confide.services.disclosures import parse_consent
from confide.services.peers import open_identity
from confide.store.break_glass import NotificationRow
from confide.store.disclosures import NEEDS_REVIEW, AccountingRow, DisclosureRow
from confide.store.uow import UnitOfWork

MIN_JUSTIFICATION = 10
MAX_JUSTIFICATION = 2_000


class DisclosureStatus(StrEnum):
    RELEASED = "released"  # allowed (by the engine or on review); the package was made
    DENIED = "denied"
    NEEDS_REVIEW = NEEDS_REVIEW
    DECLINED = "declined"  # the privacy officer declined it


@dataclass(frozen=True, slots=True)
class DisclosureDraft:
    """What staff ask for: to whom, why, what, on what basis, what they know of the peer, and
    where the records came from."""

    recipient: Recipient
    purpose: DisclosurePurpose
    information: frozenset[Category]
    basis: Basis
    emergency: Emergency | None = None
    peer: PeerFacts = field(default_factory=PeerFacts)  # what staff know of the peer
    information_origin: InformationOrigin = InformationOrigin.OWN
    flag_id: str | None = None  # the safety flag it is made from: saving it closes the flag


@dataclass(frozen=True, slots=True)
class DisclosureView:
    id: str
    peer_id: PeerId
    status: DisclosureStatus
    requested_by: StaffId
    requested_at: datetime
    request: DisclosureRequest
    decision: DisclosureDecision
    reviewed_by: StaffId | None
    reviewed_at: datetime | None
    review_note: str | None
    released_at: datetime | None
    notice: str | None


@dataclass(frozen=True, slots=True)
class AccountingEntry:
    """One line of the peer's accounting of disclosures: what, to whom, when, why, basis."""

    id: str
    disclosure_id: str
    disclosed_at: datetime
    required: bool
    information: tuple[str, ...]
    recipient_name: str
    recipient_kind: str
    purpose: str
    basis: str
    citations: tuple[str, ...]


def _status(outcome: Outcome) -> DisclosureStatus:
    return {
        Outcome.ALLOW: DisclosureStatus.RELEASED,
        Outcome.DENY: DisclosureStatus.DENIED,
        Outcome.NEEDS_REVIEW: DisclosureStatus.NEEDS_REVIEW,
    }[outcome]


def _profile(uow: UnitOfWork, org: OrgId, program_id: ProgramId | None) -> ProgramProfile:
    """The peer's program as the engine reads it, with its fundraising and public identity."""
    profile = uow.organizations.program_profile(org, program_id)
    if profile is None:
        raise Conflict("the organization has no program to disclose from")
    return profile


def _reporter(uow: UnitOfWork, ctx: RequestContext) -> Reporter:
    """The staff member asking is the one who would report: their own mandated-reporter
    status for children and for adults (contract v2 `reporter`)."""
    me = uow.staff.get(OrgId(ctx.actor.organization_id), ctx.actor.staff_id)
    if me is None:
        return Reporter(mandated_child=False, mandated_adult=False)
    return Reporter(mandated_child=me.mandated_child, mandated_adult=me.mandated_adult)


def _emergency(uow: UnitOfWork, ctx: RequestContext, draft: DisclosureDraft) -> Emergency | None:
    """2.51(c): who disclosed is the staff member making the request, unless they say."""
    if draft.emergency is None:
        return None
    if draft.emergency.disclosed_by:
        return draft.emergency
    me = uow.staff.get(OrgId(ctx.actor.organization_id), ctx.actor.staff_id)
    return replace(draft.emergency, disclosed_by=me.display_name if me else ctx.actor.staff_id)


def _release_event(
    ctx: RequestContext, row_id: str, peer_id: PeerId, outcome: Outcome, rule: str
) -> AccessEvent:
    """The audit event for the disclosure decision itself (not the staff access to it)."""
    decision = Decision(outcome, rule[:64], "disclosure decision")
    return AccessEvent.of(
        ctx, Action.DISCLOSURE_RELEASE, decision, resource_kind="disclosure",
        resource_id=row_id, peer_id=peer_id,
    )  # fmt: skip


# -- release ----------------------------------------------------------------------------------
def _package(
    uow: UnitOfWork,
    ctx: RequestContext,
    request: DisclosureRequest,
    decision: DisclosureDecision,
    peer_id: PeerId,
) -> DisclosurePackage:
    org = OrgId(ctx.actor.organization_id)
    peer = uow.peers.get(org, peer_id)
    if peer is None or peer.status is PeerStatus.DESTROYED:
        raise Destroyed("peer", peer_id)
    identity = open_identity(uow.keys.cipher_for(org, peer_id), peer)
    items = records.record_items(uow, org, peer_id, identity, request.information)
    organization = uow.organizations.get(org)
    return package_disclosure(
        request,
        decision,
        items,
        package_id=new_id(),
        prepared_at=ctx.now,
        discloser=organization.name if organization else "the program",
        peer_name=records.peer_name(identity),
    )


def _account(
    uow: UnitOfWork,
    cipher: PeerCipher,
    ctx: RequestContext,
    row_id: str,
    package: DisclosurePackage,
) -> None:
    """The accounting entry for a release: every release is listed for the peer; `required`
    marks those the law requires (42 CFR 2.25, 45 CFR 164.528)."""
    request, decision = package.request, package.decision
    entry_id = new_id()
    entry = {
        "information": sorted({i.category.value for i in package.items}),
        "requested": sorted(c.value for c in request.information),
        "recipient": {"name": request.recipient.name, "kind": request.recipient.kind.value},
        "purpose": request.purpose.value,
        "basis": request.basis.type.value,
        "citations": list(decision.citations),
    }
    sealed = cipher.seal(cipher.context("disclosure_accounting", "entry", entry_id), _dumps(entry))
    required = Duty.ACCOUNTING_ENTRY in decision.obligations
    uow.disclosures.add_accounting(
        AccountingRow(
            entry_id, OrgId(ctx.actor.organization_id), PeerId(cipher.peer_id), row_id,
            ctx.now, required, sealed,
        )
    )  # fmt: skip


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True)


# -- use cases --------------------------------------------------------------------------------
def request_disclosure(
    ctx: RequestContext, peer_id: PeerId, draft: DisclosureDraft, *, uow: UnitOfWork
) -> DisclosureView:
    """Ask to disclose part of a peer's record; the engine decides now. An allow releases the
    package and enters the accounting; needs_review goes to the privacy officer's queue. A
    request made from a safety flag closes that flag in the same unit of work."""
    if not draft.information:
        raise InvalidInput("say what information", fields={"information": "empty"})
    org = OrgId(ctx.actor.organization_id)
    with uow:
        peer = uow.peers.get(org, peer_id)
        if peer is None:
            raise NotFound("peer", peer_id)
        row_id = new_id()
        resource = Resource("disclosure", org, peer_id)
        authorize(ctx, uow, Action.DISCLOSURE_REQUEST, resource, resource_id=row_id)
        if peer.status is PeerStatus.DESTROYED:
            raise Destroyed("peer", peer_id)
        flag = (
            flag_records.flag_for_request(ctx, uow, draft.flag_id, peer_id)
            if draft.flag_id
            else None
        )
        consents = load_consents(uow, org, peer_id)
        wanted = draft.basis.consent_id
        if wanted is not None and all(c.id != wanted for c in consents):
            raise NotFound("consent", wanted)
        request = DisclosureRequest(
            as_of=ctx.now.date(), program=_profile(uow, org, peer.program_id),
            information=draft.information, recipient=draft.recipient, purpose=draft.purpose,
            basis=draft.basis, consents=consents, emergency=_emergency(uow, ctx, draft),
            id=row_id, reporter=_reporter(uow, ctx), peer=draft.peer,
            information_origin=draft.information_origin,
        )  # fmt: skip
        decision = decide_disclosure(request)
        view = _store(uow, ctx, peer_id, row_id, request, decision)
        if flag is not None:
            flag_records.close_by_request(ctx, uow, flag, row_id)
        uow.audit.append(_release_event(ctx, row_id, peer_id, decision.outcome, decision.rules[0]))
        uow.commit()
    return view


def _store(
    uow: UnitOfWork,
    ctx: RequestContext,
    peer_id: PeerId,
    row_id: str,
    request: DisclosureRequest,
    decision: DisclosureDecision,
) -> DisclosureView:
    org = OrgId(ctx.actor.organization_id)
    cipher = uow.keys.cipher_for(org, peer_id)
    package = _package(uow, ctx, request, decision, peer_id) if decision.allowed else None
    row = DisclosureRow(
        row_id, org, peer_id, ctx.actor.staff_id, ctx.now, _status(decision.outcome),
        request.basis.consent_id,
        records.seal(cipher, "request", row_id, records.request_json(request)),
        records.seal(cipher, "decision", row_id, records.decision_json(decision)),
        released_at=ctx.now if package else None,
        package=records.seal(cipher, "package", row_id, records.package_json(package))
        if package
        else None,
    )  # fmt: skip
    uow.disclosures.add(row)
    if package is not None:
        _account(uow, cipher, ctx, row_id, package)
    if decision.outcome is Outcome.NEEDS_REVIEW:
        note = NotificationRow(
            new_id(), Role.PRIVACY_OFFICER, "disclosure_review", row_id, ctx.now
        )
        uow.break_glass.notify(org, note)
    return _view(row, request, decision, None, package.notice if package else None)


def _view(
    row: DisclosureRow,
    request: DisclosureRequest,
    decision: DisclosureDecision,
    review_note: str | None,
    notice: str | None,
) -> DisclosureView:
    return DisclosureView(
        row.id, row.peer_id, DisclosureStatus(row.status), row.requested_by, row.requested_at,
        request, decision, row.reviewed_by, row.reviewed_at, review_note, row.released_at,
        notice,
    )  # fmt: skip


def _open(uow: UnitOfWork, row: DisclosureRow) -> DisclosureView:
    cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
    request = records.request_from(records.unseal(cipher, "request", row.id, row.request), row.id)
    decision = records.decision_from(records.unseal(cipher, "decision", row.id, row.decision))
    note = None
    if row.review_note is not None:
        note = records.unseal(cipher, "review_note", row.id, row.review_note)
    notice = None
    if row.package is not None:
        notice = records.unseal(cipher, "package", row.id, row.package)["notice"]
    return _view(row, request, decision, note, notice)


def _row(uow: UnitOfWork, ctx: RequestContext, disclosure_id: str) -> DisclosureRow:
    row = uow.disclosures.get(OrgId(ctx.actor.organization_id), disclosure_id)
    if row is None:
        raise NotFound("disclosure", disclosure_id)
    return row


def read_disclosure(ctx: RequestContext, disclosure_id: str, *, uow: UnitOfWork) -> DisclosureView:
    """One request with its decision, its review and whether a package left."""
    with uow:
        row = _row(uow, ctx, disclosure_id)
        resource = Resource("disclosure", row.organization_id, row.peer_id)
        authorize(ctx, uow, Action.DISCLOSURE_READ, resource, resource_id=row.id)
        view = _open(uow, row)
        uow.commit()
    return view


def list_disclosure_reviews(ctx: RequestContext, *, uow: UnitOfWork) -> list[DisclosureView]:
    """The privacy officer's queue: requests the engine routed to a person, oldest first.
    Each one opened is an access event on that peer's record."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        decision = authorize(
            ctx, uow, Action.DISCLOSURE_REVIEW_LIST, Resource("disclosure_queue", org)
        )
        rows = uow.disclosures.by_status(org, NEEDS_REVIEW)
        for row in rows:
            uow.audit.append(
                AccessEvent.of(
                    ctx, Action.DISCLOSURE_REVIEW_LIST, decision, resource_kind="disclosure",
                    resource_id=row.id, peer_id=row.peer_id,
                )
            )  # fmt: skip
        views = [_open(uow, row) for row in rows]
        uow.commit()
    return views


def review_disclosure(
    ctx: RequestContext,
    disclosure_id: str,
    *,
    approve: bool,
    justification: str,
    uow: UnitOfWork,
) -> DisclosureView:
    """The privacy officer approves (with a recorded justification; the package leaves and
    enters the accounting) or declines a request routed for review."""
    text = justification.strip()
    if len(text) < MIN_JUSTIFICATION or len(justification) > MAX_JUSTIFICATION:
        code = "too_long" if len(justification) > MAX_JUSTIFICATION else "min_10"
        raise InvalidInput("say why, in a sentence", fields={"justification": code})
    with uow:
        row = _row(uow, ctx, disclosure_id)
        resource = Resource("disclosure", row.organization_id, row.peer_id)
        authorize(ctx, uow, Action.DISCLOSURE_REVIEW, resource, resource_id=row.id)
        if row.status != NEEDS_REVIEW:
            raise Conflict("only a request waiting for review is decided")
        view = _decide_review(uow, ctx, row, approve, text)
        uow.commit()
    return view


def _decide_review(
    uow: UnitOfWork, ctx: RequestContext, row: DisclosureRow, approve: bool, text: str
) -> DisclosureView:
    org, peer_id = row.organization_id, row.peer_id
    cipher = uow.keys.cipher_for(org, peer_id)
    stored = records.request_from(records.unseal(cipher, "request", row.id, row.request), row.id)
    request = replace(stored, as_of=ctx.now.date(), consents=load_consents(uow, org, peer_id))
    note = records.seal(cipher, "review_note", row.id, text)
    me = StaffId(ctx.actor.staff_id)
    if not approve:
        uow.disclosures.review(
            row, status=DisclosureStatus.DECLINED, reviewer=me, note=note, now=ctx.now
        )
        uow.audit.append(_release_event(ctx, row.id, peer_id, Outcome.DENY, "disclosure.declined"))
        return _open(uow, uow.disclosures.get(org, row.id) or row)
    approved = _approved(request, decide_disclosure(request))
    package = _package(uow, ctx, request, approved, peer_id)
    sealed = records.seal(cipher, "package", row.id, records.package_json(package))
    uow.disclosures.review(
        row, status=DisclosureStatus.RELEASED, reviewer=me, note=note, now=ctx.now,
        package=sealed,
    )  # fmt: skip
    _account(uow, cipher, ctx, row.id, package)
    uow.audit.append(_release_event(ctx, row.id, peer_id, Outcome.ALLOW, "disclosure.approved"))
    return _open(uow, uow.disclosures.get(org, row.id) or row)


def _approved(request: DisclosureRequest, today: DisclosureDecision) -> DisclosureDecision:
    """What an approval releases under. The engine decides again on today's facts first: a
    request that is now denied (a consent revoked meanwhile) is not approved."""
    if today.outcome is Outcome.DENY:
        raise Conflict("the engine now denies this request; it cannot be approved")
    if today.allowed:
        return today
    duties = {Duty.ACCOUNTING_ENTRY, Duty.MINIMUM_NECESSARY}
    if request.program.part2_program:
        duties.add(Duty.REDISCLOSURE_NOTICE)  # every Part 2 disclosure carries the notice
    if request.purpose is DisclosurePurpose.MEDICAL_EMERGENCY:
        duties.add(Duty.DOCUMENT_EMERGENCY)
    return DisclosureDecision(
        Outcome.ALLOW,
        tuple(d for d in Duty if d in duties),
        today.citations,
        "A privacy officer reviewed this request and approved it. " + today.reason,
        (*today.rules, "privacy_officer.approved"),
    )


def _released(uow: UnitOfWork, ctx: RequestContext, disclosure_id: str) -> DisclosurePackage:
    with uow:
        row = _row(uow, ctx, disclosure_id)
        resource = Resource("disclosure", row.organization_id, row.peer_id)
        authorize(ctx, uow, Action.DISCLOSURE_READ, resource, resource_id=row.id)
        if row.package is None:
            raise Conflict("nothing was released for this request")
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
        data = records.unseal(cipher, "package", row.id, row.package)
        stored = records.unseal(cipher, "request", row.id, row.request)
        consent = parse_consent(data["consent"]) if data["consent"] else None
        request = records.request_from(stored, row.id, (consent,) if consent else ())
        package = records.package_from(data, request)
        uow.commit()
    return package


def disclosure_package_pdf(ctx: RequestContext, disclosure_id: str, *, uow: UnitOfWork) -> bytes:
    """The released package as PDF, the 2.32 notice first where required."""
    return package_pdf(_released(uow, ctx, disclosure_id))


def disclosure_package_fhir(
    ctx: RequestContext, disclosure_id: str, *, uow: UnitOfWork
) -> dict[str, Any]:
    """The released package as a FHIR R4 document Bundle."""
    return package_to_fhir(_released(uow, ctx, disclosure_id))


def list_accounting(
    ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork
) -> list[AccountingEntry]:
    """The peer's accounting of disclosures, oldest first."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.DISCLOSURE_LIST, Resource("disclosure", org, peer_id))
        rows = uow.disclosures.accounting_for_peer(org, peer_id)
        cipher = uow.keys.cipher_for(org, peer_id) if rows else None
        entries = [_entry(cipher, r) for r in rows if cipher is not None]
        uow.commit()
    return entries


def _entry(cipher: PeerCipher, row: AccountingRow) -> AccountingEntry:
    context = cipher.context("disclosure_accounting", "entry", row.id)
    d = json.loads(cipher.open(row.entry, context))
    return AccountingEntry(
        row.id, row.disclosure_id, row.disclosed_at, row.required, tuple(d["information"]),
        d["recipient"]["name"], d["recipient"]["kind"], d["purpose"], d["basis"],
        tuple(d["citations"]),
    )  # fmt: skip
