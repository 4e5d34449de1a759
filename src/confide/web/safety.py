"""Safety flags: handling one from the note editor (notify the supervisor, record the
supervisor's decision, dismiss with a reason; the disclosure request a flag calls for is the
disclosure request form, see web/disclosures.py), the supervisor's safety dashboard (record a
decision there too), and the administrator's crisis protocol. No page carries note text beyond
the words that raised a flag; URLs carry ids only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.actors import Actor, RequestContext
from confide.domain.safety_flags import (
    LIFELINE,
    LIFELINE_HOW,
    MAX_REASON,
    MIN_REASON,
    CrisisProtocol,
    FlagState,
)
from confide.errors import Conflict, InvalidInput
from confide.services import UnitOfWork, crisis_protocols, safety_flags
from confide.services.safety_flags import FlagView
from confide.web.deps import Admin, Care, Me, Supervision, Uow, WebRoute, acts, redirect, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)
KIND_TEXT = {
    "suicide_risk": "Possible suicide risk",
    "homicide_risk": "Possible risk of harm to another person",
    "child_abuse": "Possible child abuse or neglect",
}
SEVERITY_TEXT = {
    "suicide_risk": {1: "wish to be dead", 2: "active thoughts", 3: "a method",
                     4: "intent", 5: "a plan or preparation"},
    "homicide_risk": {1: "wish", 2: "thoughts of harming someone", 3: "a method",
                      4: "intent or threat", 5: "a plan or preparation"},
    "child_abuse": {3: "neglect or unsafe supervision", 4: "abuse disclosed or seen"},
}  # fmt: skip
STATE_TEXT = {
    FlagState.SHOWN: "open",
    FlagState.NOTIFIED: "open, supervisor notified",
    FlagState.ESCALATED: "open, request form opened but no request made",
    FlagState.DISMISSED: "dismissed",
    FlagState.DECIDED: "closed by the supervisor's decision",
    FlagState.REQUESTED: "closed by a disclosure request",
}
MISSING_TEXT = {  # why a flag shows no words (docs/flag.md)
    "not_kept": "The words were not kept: this flag was raised before confide kept them.",
    "withheld": "The words are not shown to you: the peer asked that this not be shared with you.",
    "erased": "The words were erased with the peer's record.",
}
PROBLEM_TEXT = {
    ("supervisor", "none_assigned"): "No supervisor is linked to you: call the contacts in the "
    "crisis protocol.",
    ("reason", f"min_{MIN_REASON}"): "Say why in a few words: a reason is required to dismiss "
    "a flag.",
    ("reason", "too_long"): f"Keep the reason under {MAX_REASON} characters.",
    ("outcome", f"min_{MIN_REASON}"): "Write down what your supervisor decided, in a few words.",
    ("outcome", "too_long"): f"Keep the decision under {MAX_REASON} characters.",
}
FLAG_WORDS: dict[str, Any] = {
    "kinds": KIND_TEXT,
    "severities": SEVERITY_TEXT,
    "states": STATE_TEXT,
    "missing": MISSING_TEXT,
    "lifeline": LIFELINE,
    "lifeline_how": LIFELINE_HOW,
}


def age(since: datetime, now: datetime) -> str:
    """How long ago, in the largest whole unit: minutes, hours or days."""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def _back(request: Request, me: Actor, flag: FlagView) -> Response:
    """htmx: the flag's new state in place; without JavaScript: back to the note."""
    if request.headers.get("HX-Request"):
        return render(request, "_flag_item.html", actor=me, flag=flag, **FLAG_WORDS)
    if flag.encounter_id:
        return redirect(f"/peers/{flag.peer_id}/notes/{flag.encounter_id}/edit")
    return redirect(f"/peers/{flag.peer_id}")


def _handle(
    request: Request, flag_id: str, ctx: RequestContext, me: Actor, uow: UnitOfWork,
    act: Callable[[], FlagView],
) -> Response:  # fmt: skip
    """Run one handling step; under htmx a refusal is said inside the flag, not lost."""
    try:
        flag = act()
    except (InvalidInput, Conflict) as exc:
        if not request.headers.get("HX-Request"):
            raise
        fields = exc.fields if isinstance(exc, InvalidInput) else {}
        problem = next(
            (PROBLEM_TEXT[item] for item in fields.items() if item in PROBLEM_TEXT),
            "This flag was handled meanwhile." if isinstance(exc, Conflict) else exc.message,
        )
        flag = safety_flags.open_flag(ctx, flag_id, uow=uow)
        return render(request, "_flag_item.html", status=200, actor=me, flag=flag,
                      problem=problem, **FLAG_WORDS)  # fmt: skip
    return _back(request, me, flag)


@router.post("/safety/flags/{flag_id}/notify", **acts(Action.FLAG_NOTIFY))
def notify(request: Request, flag_id: str, ctx: Care, me: Me, uow: Uow) -> Response:
    def act() -> FlagView:
        return safety_flags.notify_supervisor(ctx, flag_id, uow=uow)

    return _handle(request, flag_id, ctx, me, uow, act)


@router.post("/safety/flags/{flag_id}/dismiss", **acts(Action.FLAG_DISMISS))
def dismiss(
    request: Request,
    flag_id: str,
    ctx: Care,
    me: Me,
    uow: Uow,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    def act() -> FlagView:
        return safety_flags.dismiss_flag(ctx, flag_id, reason=reason, uow=uow)

    return _handle(request, flag_id, ctx, me, uow, act)


@router.post("/safety/flags/{flag_id}/decision", **acts(Action.FLAG_DECIDE))
def decide(
    request: Request,
    flag_id: str,
    ctx: Care,
    me: Me,
    uow: Uow,
    outcome: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The writer reached their supervisor and writes down what was decided: the flag closes."""

    def act() -> FlagView:
        return safety_flags.record_supervisor_decision(ctx, flag_id, outcome=outcome, uow=uow)

    return _handle(request, flag_id, ctx, me, uow, act)


@router.post("/safety/flags/{flag_id}/supervisor-decision", **acts(Action.FLAG_DECIDE))
def supervisor_decides(
    flag_id: str,
    ctx: Supervision,
    uow: Uow,
    outcome: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The supervisor, from the safety dashboard, records their decision: the flag closes."""
    safety_flags.record_supervisor_decision(ctx, flag_id, outcome=outcome, uow=uow)
    return redirect(f"/safety#flag-{flag_id}")


@router.get("/safety", **acts(Action.FLAG_LIST))
def dashboard(request: Request, ctx: Supervision, me: Me, uow: Uow) -> Response:
    """Open flags first (the most severe, then the oldest), then those closed lately."""
    board = safety_flags.list_safety_dashboard(ctx, uow=uow)
    ages = {f.id: age(f.created_at, ctx.now) for f in board.open}
    return render(request, "safety.html", actor=me, title="Safety flags", board=board,
                  ages=ages, **FLAG_WORDS)  # fmt: skip


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@router.get("/admin/crisis-protocol", **acts(Action.PROTOCOL_UPDATE))
def protocol_page(request: Request, ctx: Admin, me: Me, uow: Uow, saved: bool = False) -> Response:
    protocol = crisis_protocols.read_protocol(ctx, uow=uow)
    return render(request, "crisis_protocol.html", actor=me, title="Crisis protocol",
                  protocol=protocol, saved=saved, **FLAG_WORDS)  # fmt: skip


@router.post("/admin/crisis-protocol", **acts(Action.PROTOCOL_UPDATE))
def set_protocol(
    ctx: Admin,
    uow: Uow,
    local_line_name: Annotated[str, Form(max_length=200)] = "",
    local_line_phone: Annotated[str, Form(max_length=40)] = "",
    steps: Annotated[str, Form(max_length=5000)] = "",
    contacts: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    protocol = CrisisProtocol(
        local_line_name.strip(), local_line_phone.strip(), _lines(steps), _lines(contacts)
    )
    crisis_protocols.set_protocol(ctx, protocol, uow=uow)
    return redirect("/admin/crisis-protocol?saved=1")
