"""Disclosure requests: ask (recipient, purpose, categories, basis with the peer's consents to
pick from and the law named, emergency details, what staff know of the peer, where the records
came from; from a safety flag, with what the flag calls for chosen), see the decision in plain
words with its citations and obligations, the released package as PDF, the peer's accounting of
disclosures, and the privacy officer's review queue (approve with a recorded justification, or
decline)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response

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
from confide.errors import InvalidInput, NotFound
from confide.services import consents, disclosure_requests, safety_flags
from confide.web.deps import (
    PAGE_HEADERS,
    Care,
    Me,
    PrivacyReview,
    Uow,
    WebRoute,
    acts,
    redirect,
    render,
)
from confide.web.safety import KIND_TEXT
from confide.web.wording import words

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Short = Annotated[str, Form(max_length=200)]
PDF_HEADERS = PAGE_HEADERS | {"Content-Disposition": "attachment; filename=disclosure.pdf"}
OBTAINABLE = {"yes": True, "no": False}
ANSWERS = OBTAINABLE  # a fact about the peer: yes, no, or left empty (unknown)
MAX_AGE = 150


@router.get("/peers/{peer_id}/disclosures", **acts(Action.DISCLOSURE_LIST))
def accounting(request: Request, peer_id: PeerId, ctx: Care, me: Me, uow: Uow) -> Response:
    """The peer's accounting of disclosures; the record page loads the table from here."""
    entries = disclosure_requests.list_accounting(ctx, peer_id, uow=uow)
    return render(request, "accounting.html", actor=me, title="Accounting of disclosures",
                  peer_id=peer_id, entries=entries, w=words())  # fmt: skip


@router.get("/peers/{peer_id}/disclosures/new", **acts(Action.CONSENT_READ, Action.FLAG_READ))
def request_form(
    request: Request,
    peer_id: PeerId,
    ctx: Care,
    me: Me,
    uow: Uow,
    flag: Annotated[str, Query(max_length=36)] = "",
) -> Response:
    """The request form; the basis offers the peer's consents to pick from. From a safety
    flag (`?flag=`), the basis, purpose and recipient kind it calls for are chosen and the
    flag's id rides along: saving the request closes the flag, opening the form changes
    nothing."""
    from_flag = safety_flags.open_flag(ctx, flag, uow=uow) if flag else None
    if from_flag is not None and from_flag.peer_id != peer_id:
        raise NotFound("safety_flag", flag)
    views = consents.list_consents(ctx, peer_id, uow=uow)
    return render(request, "disclosure_new.html", actor=me, title="Request a disclosure",
                  peer_id=peer_id, consents=views, w=words(), flag=from_flag,
                  kinds=KIND_TEXT)  # fmt: skip


@router.post(
    "/peers/{peer_id}/disclosures", **acts(Action.DISCLOSURE_REQUEST, Action.FLAG_REQUEST)
)
def ask(
    peer_id: PeerId,
    ctx: Care,
    uow: Uow,
    recipient_name: Annotated[str, Form(min_length=1, max_length=200)],
    recipient_kind: Annotated[RecipientKind, Form()],
    purpose: Annotated[DisclosurePurpose, Form()],
    basis: Annotated[BasisType, Form()],
    information: Annotated[list[Category], Form()] = [],  # noqa: B006 - FastAPI form default
    consent_id: Annotated[str, Form(max_length=36)] = "",
    part2_order: Annotated[bool, Form()] = False,
    consent_obtainable: Annotated[str, Form(max_length=8)] = "",
    recipient_affiliation: Short = "",
    disclosed_by: Short = "",
    nature: Annotated[str, Form(max_length=2000)] = "",
    law: Short = "",
    information_origin: Annotated[InformationOrigin, Form()] = InformationOrigin.OWN,
    peer_age: Annotated[str, Form(max_length=3)] = "",
    minor_may_consent_alone: Annotated[str, Form(max_length=8)] = "",
    adjudicated_incapacitated: Annotated[str, Form(max_length=8)] = "",
    deceased: Annotated[str, Form(max_length=8)] = "",
    adult_protective_age: Annotated[str, Form(max_length=8)] = "",
    flag_id: Annotated[str, Form(max_length=36)] = "",
) -> Response:
    """The engine decides now; the decision page says what it decided and why. A request
    made from a safety flag (`flag_id`) closes the flag as it is saved."""
    emergency = None
    if basis is BasisType.MEDICAL_EMERGENCY or purpose is DisclosurePurpose.MEDICAL_EMERGENCY:
        emergency = Emergency(
            consent_obtainable=OBTAINABLE.get(consent_obtainable),
            recipient_affiliation=recipient_affiliation.strip() or None,
            disclosed_by=disclosed_by.strip() or None,
            nature=nature.strip() or None,
        )
    chosen = consent_id if basis is BasisType.CONSENT and consent_id else None
    named = law.strip() or None if basis is BasisType.LAW else None
    peer = PeerFacts(
        age=_age(peer_age),
        minor_may_consent_alone=ANSWERS.get(minor_may_consent_alone),
        adjudicated_incapacitated=ANSWERS.get(adjudicated_incapacitated),
        deceased=ANSWERS.get(deceased),
        adult_protective_age=ANSWERS.get(adult_protective_age),
    )
    draft = disclosure_requests.DisclosureDraft(
        recipient=Recipient(recipient_name.strip(), recipient_kind),
        purpose=purpose,
        information=frozenset(information),
        basis=Basis(basis, chosen, part2_order and basis is BasisType.COURT_ORDER, named),
        emergency=emergency,
        peer=peer,
        information_origin=information_origin,
        flag_id=flag_id.strip() or None,
    )
    view = disclosure_requests.request_disclosure(ctx, peer_id, draft, uow=uow)
    return redirect(f"/disclosures/{view.id}")


def _age(raw: str) -> int | None:
    """The peer's age in whole years, or unknown when left empty."""
    if not raw.strip():
        return None
    if not raw.strip().isdigit() or int(raw) > MAX_AGE:
        raise InvalidInput("the peer's age in years", fields={"peer_age": "invalid"})
    return int(raw)


@router.get("/disclosures/{disclosure_id}", **acts(Action.DISCLOSURE_READ))
def decision(request: Request, disclosure_id: str, ctx: Care, me: Me, uow: Uow) -> Response:
    """The decision in plain words, its citations and obligations, and the package if any."""
    view = disclosure_requests.read_disclosure(ctx, disclosure_id, uow=uow)
    return render(request, "disclosure.html", actor=me, title="Disclosure decision", d=view,
                  w=words())  # fmt: skip


@router.get("/disclosures/{disclosure_id}/package", **acts(Action.DISCLOSURE_READ))
def package(disclosure_id: str, ctx: Care, uow: Uow) -> Response:
    """The released package as PDF, always named disclosure.pdf."""
    content = disclosure_requests.disclosure_package_pdf(ctx, disclosure_id, uow=uow)
    return Response(content, media_type="application/pdf", headers=PDF_HEADERS)


@router.get("/disclosure-reviews", **acts(Action.DISCLOSURE_REVIEW_LIST))
def review_queue(request: Request, ctx: PrivacyReview, me: Me, uow: Uow) -> Response:
    """The privacy officer's queue: requests the engine routed to a person, oldest first."""
    items = disclosure_requests.list_disclosure_reviews(ctx, uow=uow)
    return render(request, "disclosure_reviews.html", actor=me,
                  title="Disclosure requests to review", items=items, w=words())  # fmt: skip


@router.post("/disclosures/{disclosure_id}/review", **acts(Action.DISCLOSURE_REVIEW))
def review(
    disclosure_id: str,
    ctx: PrivacyReview,
    uow: Uow,
    approve: Annotated[bool, Form()],
    justification: Annotated[str, Form(max_length=disclosure_requests.MAX_JUSTIFICATION)],
) -> Response:
    """Approve (the package leaves, the justification recorded) or decline."""
    disclosure_requests.review_disclosure(
        ctx, disclosure_id, approve=approve, justification=justification, uow=uow
    )
    return redirect("/disclosure-reviews")
