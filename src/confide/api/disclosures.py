"""Disclosure requests: ask and see the decision; the privacy officer's review queue and
decision; the released package (PDF, FHIR Bundle); the peer's accounting of disclosures."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosurePurpose,
    Emergency,
    InformationOrigin,
    PeerFacts,
    Recipient,
    RecipientKind,
)
from confide.domain.ids import PeerId
from confide.services import disclosure_requests as service

router = APIRouter(tags=["disclosures"])
PDF_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Disposition": "attachment; filename=disclosure.pdf",
}


class RecipientIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: RecipientKind
    covered_entity: bool | None = None
    intermediary: bool = False


class BasisIn(BaseModel):
    type: BasisType
    consent_id: str | None = Field(default=None, max_length=36)
    part2_order: bool = False  # a court order issued under the Part 2 procedure and findings
    law: str | None = Field(default=None, max_length=200)  # the law named, for type `law`


class PeerIn(BaseModel):
    """What staff know of the peer the records are about; null is unknown."""

    age: int | None = Field(default=None, ge=0, le=150)
    minor_may_consent_alone: bool | None = None
    adjudicated_incapacitated: bool | None = None
    deceased: bool | None = None
    adult_protective_age: bool | None = None  # an "adult" under state adult-protection law


class EmergencyIn(BaseModel):
    """42 CFR 2.51(c): what a medical-emergency disclosure records."""

    consent_obtainable: bool | None = None
    recipient_affiliation: str | None = Field(default=None, max_length=200)
    disclosed_by: str | None = Field(default=None, max_length=200)  # default: you
    nature: str | None = Field(default=None, max_length=2000)


class RequestIn(BaseModel):
    recipient: RecipientIn
    purpose: DisclosurePurpose
    information: list[Category] = Field(min_length=1)
    basis: BasisIn
    emergency: EmergencyIn | None = None
    peer: PeerIn | None = None
    information_origin: InformationOrigin = InformationOrigin.OWN
    # The safety flag the request is made from: saving the request closes the flag.
    flag_id: str | None = Field(default=None, max_length=36)

    def draft(self) -> service.DisclosureDraft:
        r, b, e = self.recipient, self.basis, self.emergency
        return service.DisclosureDraft(
            recipient=Recipient(r.name, r.kind, r.covered_entity, r.intermediary),
            purpose=self.purpose,
            information=frozenset(self.information),
            basis=Basis(b.type, b.consent_id, b.part2_order, b.law),
            emergency=Emergency(**e.model_dump()) if e else None,
            peer=PeerFacts(**self.peer.model_dump()) if self.peer else PeerFacts(),
            information_origin=self.information_origin,
            flag_id=self.flag_id,
        )


class ReviewIn(BaseModel):
    approve: bool
    justification: str = Field(min_length=1, max_length=2000)


class DecisionOut(BaseModel):
    decision: str
    obligations: list[str]
    citations: list[str]
    reason: str
    rules: list[str]


class DisclosureOut(BaseModel):
    id: str
    peer_id: str
    status: str
    requested_by: str
    requested_at: datetime
    as_of: date
    recipient: dict[str, Any]
    purpose: str
    information: list[str]
    basis: dict[str, Any]
    emergency: dict[str, Any] | None
    peer: dict[str, Any]
    information_origin: str
    reporter: dict[str, bool] | None  # the asker's mandated-reporter status
    decision: DecisionOut
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_justification: str | None
    released_at: datetime | None
    notice: str | None

    @classmethod
    def of(cls, v: service.DisclosureView) -> DisclosureOut:
        q, d = v.request, v.decision
        emergency = q.emergency
        return cls(
            id=v.id, peer_id=v.peer_id, status=v.status.value, requested_by=v.requested_by,
            requested_at=v.requested_at, as_of=q.as_of,
            recipient={"name": q.recipient.name, "kind": q.recipient.kind.value},
            purpose=q.purpose.value,
            information=sorted(c.value for c in q.information),
            basis={"type": q.basis.type.value, "consent_id": q.basis.consent_id,
                   "part2_order": q.basis.part2_order, "law": q.basis.law},
            peer=asdict(q.peer), information_origin=q.information_origin.value,
            reporter=asdict(q.reporter) if q.reporter else None,
            emergency=None if emergency is None else {
                "consent_obtainable": emergency.consent_obtainable,
                "recipient_affiliation": emergency.recipient_affiliation,
                "disclosed_by": emergency.disclosed_by, "nature": emergency.nature,
            },
            decision=DecisionOut(
                decision=d.outcome.value, obligations=[o.value for o in d.obligations],
                citations=list(d.citations), reason=d.reason, rules=list(d.rules),
            ),
            reviewed_by=v.reviewed_by, reviewed_at=v.reviewed_at,
            review_justification=v.review_note, released_at=v.released_at, notice=v.notice,
        )  # fmt: skip


class AccountingOut(BaseModel):
    id: str
    disclosure_id: str
    disclosed_at: datetime
    required: bool
    information: list[str]
    recipient: dict[str, str]
    purpose: str
    basis: str
    citations: list[str]

    @classmethod
    def of(cls, e: service.AccountingEntry) -> AccountingOut:
        return cls(
            id=e.id, disclosure_id=e.disclosure_id, disclosed_at=e.disclosed_at,
            required=e.required, information=list(e.information),
            recipient={"name": e.recipient_name, "kind": e.recipient_kind},
            purpose=e.purpose, basis=e.basis, citations=list(e.citations),
        )  # fmt: skip


@router.post(
    "/peers/{peer_id}/disclosures",
    response_model=DisclosureOut,
    status_code=201,
    **acts(Action.DISCLOSURE_REQUEST, Action.FLAG_REQUEST),
)
def request(peer_id: str, body: RequestIn, ctx: Ctx, uow: Uow) -> DisclosureOut:
    """Ask to disclose; the answer carries the decision (allow, deny, needs_review) and why.
    With `flag_id`, the request is made from that safety flag and saving it closes the flag."""
    view = service.request_disclosure(ctx, PeerId(peer_id), body.draft(), uow=uow)
    return DisclosureOut.of(view)


@router.get(
    "/peers/{peer_id}/disclosures",
    response_model=list[AccountingOut],
    **acts(Action.DISCLOSURE_LIST),
)
def accounting(peer_id: str, ctx: Ctx, uow: Uow) -> list[AccountingOut]:
    """The peer's accounting of disclosures: what, to whom, when, why, on what basis."""
    return [AccountingOut.of(e) for e in service.list_accounting(ctx, PeerId(peer_id), uow=uow)]


@router.get(
    "/disclosures/{disclosure_id}", response_model=DisclosureOut, **acts(Action.DISCLOSURE_READ)
)
def read(disclosure_id: str, ctx: Ctx, uow: Uow) -> DisclosureOut:
    """One request with its decision and review."""
    return DisclosureOut.of(service.read_disclosure(ctx, disclosure_id, uow=uow))


@router.get(
    "/disclosure-reviews",
    response_model=list[DisclosureOut],
    **acts(Action.DISCLOSURE_REVIEW_LIST),
)
def queue(ctx: Ctx, uow: Uow) -> list[DisclosureOut]:
    """The privacy officer's queue: requests waiting for a person's decision."""
    return [DisclosureOut.of(v) for v in service.list_disclosure_reviews(ctx, uow=uow)]


@router.post(
    "/disclosures/{disclosure_id}/review",
    response_model=DisclosureOut,
    **acts(Action.DISCLOSURE_REVIEW),
)
def review(disclosure_id: str, body: ReviewIn, ctx: Ctx, uow: Uow) -> DisclosureOut:
    """Approve (the package leaves, with the justification recorded) or decline."""
    view = service.review_disclosure(
        ctx, disclosure_id, approve=body.approve, justification=body.justification, uow=uow
    )
    return DisclosureOut.of(view)


@router.get(
    "/disclosures/{disclosure_id}/package/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
    **acts(Action.DISCLOSURE_READ),
)
def package_pdf(disclosure_id: str, ctx: Ctx, uow: Uow) -> Response:
    """The released package as PDF (the 2.32 notice first where required)."""
    content = service.disclosure_package_pdf(ctx, disclosure_id, uow=uow)
    return Response(content, media_type="application/pdf", headers=PDF_HEADERS)


@router.get("/disclosures/{disclosure_id}/package/fhir", **acts(Action.DISCLOSURE_READ))
def package_fhir(disclosure_id: str, ctx: Ctx, uow: Uow) -> dict[str, Any]:
    """The released package as a FHIR R4 document Bundle."""
    return service.disclosure_package_fhir(ctx, disclosure_id, uow=uow)
