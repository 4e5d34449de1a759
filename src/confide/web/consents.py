"""A peer's consents: the list (state, version), a new consent with every element as a labelled
field (the statements the form makes, and the 42 CFR 2.35 terms for a consent to probation or a
court program), the typed signature of every signer with a non-patient signer's authority,
revocation with a confirmation, and the peer's PDF copy. URLs carry ids only; the PDF's file
name is fixed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.consents import ConsentForm, Signer
from confide.domain.disclosures import Category, DisclosurePurpose, RecipientKind
from confide.domain.ids import PeerId
from confide.errors import InvalidInput
from confide.services import consents
from confide.web.deps import (
    OWN_SESSION,
    PAGE_HEADERS,
    Care,
    Me,
    Uow,
    WebRoute,
    acts,
    redirect,
    render,
)
from confide.web.wording import words

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=2000)]
RECIPIENT_ROWS = 2
CO_SIGNER_ROWS = 2
MAX_NAME = 200
# Statements of contract v2: an unticked box is sent as `false` (missing), since the contract
# reads an absent one as present.
V2_STATEMENTS = (
    "refusal_consequences_statement",
    "redisclosure_potential_statement",
    "fundraising_statement",
)
COURT = RecipientKind.PROBATION_OR_COURT_PROGRAM.value
EXPIRY_CHOICES = ("date", "event", "none")
PDF_HEADERS = PAGE_HEADERS | {"Content-Disposition": "attachment; filename=consent.pdf"}


@router.get("/peers/{peer_id}/consents", **acts(Action.CONSENT_READ))
def consent_list(request: Request, peer_id: PeerId, ctx: Care, me: Me, uow: Uow) -> Response:
    """The peer's consents with their state today; the record page loads the list from here."""
    views = consents.list_consents(ctx, peer_id, uow=uow)
    return render(request, "consents.html", actor=me, title="Consents", peer_id=peer_id,
                  consents=views, w=words(), co_rows=CO_SIGNER_ROWS)  # fmt: skip


@router.get("/peers/{peer_id}/consents/new", **OWN_SESSION)
def consent_form(request: Request, peer_id: PeerId, me: Me) -> Response:
    """An empty form: nothing of the peer is read to draw it."""
    return render(request, "consent_new.html", actor=me, title="New consent", peer_id=peer_id,
                  form={}, w=words(), rows=RECIPIENT_ROWS)  # fmt: skip


def _page(request: Request, peer_id: PeerId, me: Me, entered: dict[str, Any],
          exc: InvalidInput) -> Response:  # fmt: skip
    return render(request, "consent_new.html", actor=me, title="New consent", status=422,
                  peer_id=peer_id, form=entered, problems=exc.fields, message=exc.message,
                  w=words(), rows=RECIPIENT_ROWS)  # fmt: skip


@router.post("/peers/{peer_id}/consents", **acts(Action.CONSENT_CREATE))
def create(
    request: Request,
    peer_id: PeerId,
    ctx: Care,
    me: Me,
    uow: Uow,
    form: Annotated[ConsentForm, Form()],
    patient_name: Short = "",
    discloser: Short = "",
    information: Annotated[list[Category], Form()] = [],  # noqa: B006 - FastAPI form default
    information_description: Long = "",
    recipient_name: Annotated[list[str], Form(max_length=RECIPIENT_ROWS)] = [],  # noqa: B006
    recipient_kind: Annotated[list[str], Form(max_length=RECIPIENT_ROWS)] = [],  # noqa: B006
    purposes: Annotated[list[DisclosurePurpose], Form()] = [],  # noqa: B006
    revocation_statement: Annotated[bool, Form()] = False,
    redisclosure_statement: Annotated[bool, Form()] = False,
    refusal_consequences_statement: Annotated[bool, Form()] = False,
    redisclosure_potential_statement: Annotated[bool, Form()] = False,
    fundraising_statement: Annotated[bool, Form()] = False,
    expiry: Annotated[str, Form(max_length=8)] = "",
    expires: Annotated[str, Form(max_length=10)] = "",
    expiry_event: Long = "",
    criminal_justice_period: Annotated[str, Form(max_length=500)] = "",
    criminal_justice_revocable_upon: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Record the consent unsigned; a missing element brings the form back naming it."""
    entered: dict[str, Any] = {
        "form": form, "patient_name": patient_name, "discloser": discloser,
        "information": information, "information_description": information_description,
        "recipient_name": recipient_name, "recipient_kind": recipient_kind,
        "purposes": purposes, "revocation_statement": revocation_statement,
        "redisclosure_statement": redisclosure_statement,
        "refusal_consequences_statement": refusal_consequences_statement,
        "redisclosure_potential_statement": redisclosure_potential_statement,
        "fundraising_statement": fundraising_statement, "expiry": expiry,
        "expires": expires, "expiry_event": expiry_event,
        "criminal_justice_period": criminal_justice_period,
        "criminal_justice_revocable_upon": criminal_justice_revocable_upon,
    }  # fmt: skip
    try:
        fields = _scope(entered)
        view = consents.record_consent(ctx, peer_id, fields, uow=uow)
    except InvalidInput as exc:
        return _page(request, peer_id, me, entered, exc)
    return redirect(f"/peers/{peer_id}/consents#consent-{view.id}")


def _scope(entered: dict[str, Any]) -> dict[str, Any]:
    """The form's fields in the consent shape; an element left empty stays out, so the service
    names it as missing."""
    fields: dict[str, Any] = {"form": entered["form"].value}
    for name in ("patient_name", "discloser", "information_description"):
        if entered[name].strip():
            fields[name] = entered[name].strip()
    if entered["information"]:
        fields["information"] = [c.value for c in entered["information"]]
    if entered["purposes"]:
        fields["purposes"] = [p.value for p in entered["purposes"]]
    recipients = _recipients(entered["recipient_name"], entered["recipient_kind"])
    if recipients:
        fields["recipients"] = recipients
    for statement in ("revocation_statement", "redisclosure_statement"):
        if entered[statement]:
            fields[statement] = True
    for statement in V2_STATEMENTS:
        fields[statement] = bool(entered[statement])
    terms = _criminal_justice(entered, recipients)
    if terms is not None:
        fields["criminal_justice"] = terms
    return fields | _expiry(entered["expiry"], entered["expires"], entered["expiry_event"])


def _criminal_justice(
    entered: dict[str, Any], recipients: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The 2.35 terms: asked for when a recipient is probation or a court program (then an
    empty part is sent as missing), kept whenever staff filled one in."""
    period = entered["criminal_justice_period"].strip() or None
    upon = entered["criminal_justice_revocable_upon"].strip() or None
    court = any(r.get("kind") == COURT for r in recipients)
    if not court and period is None and upon is None:
        return None
    return {"period": period, "revocable_upon": upon}


def _recipients(names: list[str], kinds: list[str]) -> list[dict[str, Any]]:
    out = []
    for name, kind in zip(names, kinds + [""] * len(names), strict=False):
        if not name.strip():
            continue
        if len(name) > MAX_NAME or (kind and kind not in {k.value for k in RecipientKind}):
            raise InvalidInput("recipient", fields={"recipients": "invalid"})
        entry: dict[str, Any] = {"name": name.strip()}
        if kind:
            entry["kind"] = kind
        out.append(entry)
    return out


def _expiry(choice: str, expires: str, event: str) -> dict[str, Any]:
    if choice == "date":
        try:
            return {"expires": date.fromisoformat(expires).isoformat()}
        except ValueError:
            raise InvalidInput("expiry date", fields={"expiry": "invalid_date"}) from None
    if choice == "event" and event.strip():
        return {"expiry_event": event.strip()}
    if choice == "none":
        return {"expires": None}
    return {}


@router.post("/consents/{consent_id}/sign", **acts(Action.CONSENT_SIGN))
def sign(
    consent_id: str,
    ctx: Care,
    uow: Uow,
    signer_name: Annotated[str, Form(max_length=consents.MAX_SIGNER)],
    signer_type: Annotated[Signer, Form()],
    version: Annotated[int, Form()],
    co_signer_name: Annotated[list[str], Form(max_length=CO_SIGNER_ROWS)] = [],  # noqa: B006
    co_signer_type: Annotated[list[str], Form(max_length=CO_SIGNER_ROWS)] = [],  # noqa: B006
    representative_authority: Annotated[str, Form(max_length=consents.MAX_AUTHORITY)] = "",
) -> Response:
    """The typed signature of every signer on the version shown, with a non-patient signer's
    authority; today's date is recorded with it."""
    view = consents.sign_consent(
        ctx, consent_id, signer_name=signer_name, signer=signer_type, version=version, uow=uow,
        co_signers=_co_signers(co_signer_name, co_signer_type),
        representative_authority=representative_authority or None,
    )  # fmt: skip
    return redirect(f"/peers/{view.peer_id}/consents#consent-{view.id}")


def _co_signers(names: list[str], kinds: list[str]) -> list[consents.CoSigner]:
    """The rows filled in: a row with neither a name nor a kind is left out."""
    out = []
    for name, kind in zip(names, kinds + [""] * len(names), strict=False):
        if not name.strip() and not kind:
            continue
        if kind not in {s.value for s in Signer}:
            raise InvalidInput("who the second signer is", fields={"co_signers": "required"})
        out.append(consents.CoSigner(Signer(kind), name))
    return out


@router.post("/consents/{consent_id}/revoke", **acts(Action.CONSENT_REVOKE))
def revoke(
    consent_id: str,
    ctx: Care,
    uow: Uow,
    source: Annotated[consents.RevocationSource, Form()],
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    """Revoke now, after the confirmation box; effective from this moment on."""
    if not confirm:
        raise InvalidInput("confirm the revocation", fields={"confirm": "required"})
    view = consents.revoke_consent(ctx, consent_id, source=source, uow=uow)
    return redirect(f"/peers/{view.peer_id}/consents#consent-{view.id}")


@router.get("/consents/{consent_id}/pdf", **acts(Action.CONSENT_READ))
def pdf(consent_id: str, ctx: Care, uow: Uow) -> Response:
    """The peer's copy, always named consent.pdf."""
    content = consents.consent_copy_pdf(ctx, consent_id, uow=uow)
    return Response(content, media_type="application/pdf", headers=PDF_HEADERS)
