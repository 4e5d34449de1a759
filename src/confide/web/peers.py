"""My peers (care team only), exact search, intake with the confidentiality talk, the record
page, break-glass and adding a plan goal. Search terms travel in POST bodies, never URLs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.actors import Purpose, RequestContext
from confide.domain.ids import PeerId
from confide.domain.peers import PeerIdentity, SafeContact
from confide.domain.plans import GoalText
from confide.errors import InvalidInput
from confide.services import break_glass, intake, peers, plans, records
from confide.web.deps import (
    OWN_SESSION,
    Care,
    Emergency,
    Me,
    Uow,
    WebRoute,
    acts,
    page_context,
    redirect,
    render,
)
from confide.web.purposes import RecordPurpose

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Text = Annotated[str, Form(max_length=100)]
SAFE_CONTACT_TEXT = {
    SafeContact.NO_VOICEMAIL: "Never leave a voicemail",
    SafeContact.NO_TEXT: "No text messages",
    SafeContact.NO_EMAIL: "No email",
    SafeContact.NO_MAIL: "No letters by post",
    SafeContact.DISCREET_CALLER_ID: "Call from a number that does not say who we are",
}


@router.get("/peers", **acts(Action.PEER_LIST))
def my_peers(request: Request, ctx: Care, me: Me, uow: Uow) -> Response:
    return render(
        request, "peers.html", actor=me, title="My peers", peers=peers.list_my_peers(ctx, uow=uow)
    )


@router.post("/peers/search", **acts(Action.PEER_SEARCH))
def search(
    request: Request,
    ctx: Care,
    me: Me,
    uow: Uow,
    name: Text = "",
    date_of_birth: Annotated[str, Form(max_length=10)] = "",
    phone: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Exact match through the blind index, within the caseload; the terms are not echoed."""
    try:
        dob = date.fromisoformat(date_of_birth) if date_of_birth else None
        found = peers.search_peers(ctx, name=name, date_of_birth=dob, phone=phone, uow=uow)
    except (ValueError, InvalidInput):
        return render(request, "peers.html", actor=me, title="My peers", status=422,
                      peers=[], searched=True, search_invalid=True)  # fmt: skip
    return render(request, "peers.html", actor=me, title="My peers", peers=found, searched=True)


@router.get("/peers/new", **OWN_SESSION)
def intake_page(request: Request, me: Me) -> Response:
    return render(
        request, "intake.html", actor=me, title="New peer", safe_contacts=SAFE_CONTACT_TEXT
    )


@router.post("/peers/new", **acts(Action.PEER_CREATE))
def take_in(
    request: Request,
    ctx: Care,
    me: Me,
    uow: Uow,
    preferred_name: Text = "",
    first_name: Text = "",
    last_name: Text = "",
    date_of_birth: Annotated[str, Form(max_length=10)] = "",
    phone: Annotated[str, Form(max_length=32)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    alias_only: Annotated[bool, Form()] = False,
    safe_contact: Annotated[list[SafeContact], Form()] = [],  # noqa: B006 - FastAPI form default
    acknowledged: Annotated[bool, Form()] = False,
) -> Response:
    """Intake after the talk; the form comes back with the problem fields named."""
    try:
        dob = date.fromisoformat(date_of_birth) if date_of_birth else None
    except ValueError:
        dob, bad_dob = None, True
    else:
        bad_dob = False
    identity = PeerIdentity(
        preferred_name=preferred_name, first_name=first_name, last_name=last_name,
        date_of_birth=dob, phone=phone, email=email, alias_only=alias_only,
        safe_contact=frozenset(safe_contact),
    )  # fmt: skip
    try:
        if bad_dob:
            raise InvalidInput("date of birth", fields={"date_of_birth": "invalid_date"})
        view = intake.take_in_peer(ctx, identity, acknowledged=acknowledged, uow=uow)
    except InvalidInput as exc:
        return render(request, "intake.html", actor=me, title="New peer", status=422,
                      safe_contacts=SAFE_CONTACT_TEXT, problems=exc.fields, form=identity,
                      acknowledged=acknowledged)  # fmt: skip
    return redirect(f"/peers/{view.id}")


@router.get("/peers/{peer_id}", **acts(Action.PEER_READ, Action.PLAN_READ, Action.NOTE_LIST))
def record(
    request: Request,
    peer_id: PeerId,
    purpose: RecordPurpose,
    ctx: Annotated[RequestContext, Depends(page_context(Purpose.TREATMENT))],
    me: Me,
    uow: Uow,
) -> Response:
    """The record page. `purpose` (emergency, privacy_review) is policy metadata, not data."""
    ctx = RequestContext(ctx.actor, purpose, ctx.now, ctx.request_id)
    view = records.open_record(ctx, peer_id, uow=uow)
    return render(request, "record.html", actor=me, title="Peer record", record=view,
                  purpose=purpose, safe_contacts=SAFE_CONTACT_TEXT)  # fmt: skip


@router.post("/peers/{peer_id}/break-glass", **acts(Action.BREAK_GLASS_START))
def open_break_glass(
    request: Request,
    peer_id: PeerId,
    ctx: Emergency,
    me: Me,
    uow: Uow,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Emergency access outside the care team, with a reason; the privacy officer hears of it.
    A reason too short brings the form back with what was typed in it."""
    try:
        break_glass.start_break_glass(ctx, peer_id, reason=reason, uow=uow)
    except InvalidInput as exc:
        return render(request, "error.html", status=422, actor=me, title="Say why",
                      message="Emergency access was not opened.", fields=exc.fields,
                      break_glass_peer=peer_id, reason=reason)  # fmt: skip
    return redirect(f"/peers/{peer_id}?purpose=emergency")


@router.post("/peers/{peer_id}/plan/goals", **acts(Action.PLAN_UPDATE))
def add_goal(
    peer_id: PeerId,
    ctx: Care,
    uow: Uow,
    description: Annotated[str, Form(max_length=2000)],
    steps: Annotated[str, Form(max_length=20000)] = "",
) -> Response:
    lines = tuple(s.strip() for s in steps.splitlines() if s.strip())
    plans.add_goal(ctx, peer_id, GoalText(description, lines), uow=uow)
    return redirect(f"/peers/{peer_id}")
