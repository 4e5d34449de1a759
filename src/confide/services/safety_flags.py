"""Safety flags in the note editor, their handling, and the supervisor's safety dashboard.

The editor sends the note's sections as it is typed; flags found there are recorded once per
kind per opening of the editor (`editor_id`), and shown with the organization's crisis
protocol. People handle them: notify their supervisor, dismiss with a reason, or open the
disclosure request the flag calls for. confide never discloses anything by itself: escalating
records that the writer went to the request, nothing more. No text leaves this module except
in the views returned to the writer, and nothing here logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from confide import safety
from confide.domain.actions import Action
from confide.domain.actors import RequestContext, Role
from confide.domain.decisions import Decision
from confide.domain.disclosures import BasisType, DisclosurePurpose, RecipientKind
from confide.domain.ids import EncounterId, OrgId, PeerId, StaffId, is_id, new_id
from confide.domain.safety_flags import (
    DEFAULT_PROTOCOL,
    MAX_REASON,
    MIN_REASON,
    OPEN_STATES,
    CrisisProtocol,
    FlagState,
)
from confide.errors import Conflict, InvalidInput, NotFound
from confide.policy import Resource
from confide.services._guard import authorize, existing_peer, relationships
from confide.services.flags import flag_text
from confide.store.safety_flags import FlagRow
from confide.store.uow import UnitOfWork

HANDLED_WINDOW = timedelta(days=30)
NOTIFICATION_KIND = "safety_flag"


@dataclass(frozen=True, slots=True)
class DisclosureRoute:
    """The disclosure request a kind of flag may call for; people decide whether to make it."""

    basis: BasisType
    purpose: DisclosurePurpose
    recipient_kind: RecipientKind
    title: str


ROUTES = {
    safety.Kind.SUICIDE_RISK: DisclosureRoute(
        BasisType.MEDICAL_EMERGENCY, DisclosurePurpose.MEDICAL_EMERGENCY,
        RecipientKind.MEDICAL_PERSONNEL, "medical emergency",
    ),
    safety.Kind.HOMICIDE_RISK: DisclosureRoute(
        BasisType.DUTY_TO_PROTECT, DisclosurePurpose.DUTY_TO_PROTECT,
        RecipientKind.POTENTIAL_VICTIM, "duty-to-protect review",
    ),
    safety.Kind.CHILD_ABUSE: DisclosureRoute(
        BasisType.MANDATED_REPORT, DisclosurePurpose.CHILD_ABUSE_REPORT,
        RecipientKind.CHILD_PROTECTIVE_SERVICES, "mandated report",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FlagView:
    """A flag as the writer or the supervisor sees it: kinds, numbers and times, no note text.
    `reason` is the dismissal reason, filled only where the reader was allowed to open it."""

    id: str
    peer_id: PeerId
    author_id: StaffId
    encounter_id: EncounterId | None
    kind: safety.Kind
    severity: int
    section: str
    start: int
    end: int
    state: FlagState
    created_at: datetime
    notified_at: datetime | None
    handled_at: datetime | None
    route: DisclosureRoute
    in_text: bool = True
    reason: str = ""
    author_name: str = ""


@dataclass(frozen=True, slots=True)
class FlagPanel:
    flags: tuple[FlagView, ...]
    protocol: CrisisProtocol


@dataclass(frozen=True, slots=True)
class Dashboard:
    open: tuple[FlagView, ...]  # oldest first
    handled: tuple[FlagView, ...]  # dismissed or escalated in the last 30 days, newest first


def _view(row: FlagRow, *, in_text: bool = True, reason: str = "", name: str = "") -> FlagView:
    kind = safety.Kind(row.kind)
    return FlagView(
        row.id, row.peer_id, row.author_id, row.encounter_id, kind, row.severity, row.section,
        row.span_start, row.span_end, FlagState(row.state), row.created_at, row.notified_at,
        row.handled_at, ROUTES[kind], in_text, reason, name,
    )  # fmt: skip


def _resource(org: OrgId, peer_id: PeerId, author_id: StaffId) -> Resource:
    return Resource("safety_flag", org, peer_id, author_id=author_id)


def _strongest(sections: Mapping[str, str]) -> dict[safety.Kind, tuple[str, safety.Flag]]:
    """Per kind, the most severe flag in any section (the first one on a tie)."""
    best: dict[safety.Kind, tuple[str, safety.Flag]] = {}
    for section, text in sections.items():
        for found in flag_text(text):
            held = best.get(found.kind)
            if held is None or found.severity > held[1].severity:
                best[found.kind] = (section, found)
    return best


def _note_of(
    uow: UnitOfWork, org: OrgId, peer_id: PeerId, note_id: EncounterId | None
) -> EncounterId | None:
    if note_id is None:
        return None
    row = uow.encounters.get(org, note_id)
    if row is None or row.peer_id != peer_id:
        raise NotFound("note", note_id)
    return note_id


def check_note(
    ctx: RequestContext,
    peer_id: PeerId,
    *,
    note_id: EncounterId | None,
    editor_id: str,
    sections: Mapping[str, str],
    uow: UnitOfWork,
) -> FlagPanel:
    """Flag the note being written; record new flags; show them with the crisis protocol."""
    if not is_id(editor_id):
        raise InvalidInput(
            "the editor is not valid; reload the page", fields={"editor": "invalid"}
        )
    found = _strongest(sections)
    org, me = OrgId(ctx.actor.organization_id), ctx.actor.staff_id
    with uow:
        existing_peer(ctx, uow, peer_id)
        note_id = _note_of(uow, org, peer_id, note_id)
        mine = [
            r
            for r in uow.safety_flags.of_editor(org, editor_id, note_id)
            if r.peer_id == peer_id and r.author_id == me
        ]
        if not found and not mine:
            uow.commit()
            return FlagPanel((), DEFAULT_PROTOCOL)
        facts = relationships(ctx, uow, peer_id)
        resource = _resource(org, peer_id, me)
        plan = _plan(ctx, peer_id, note_id, editor_id, found, mine)
        noticed: list[str | None] = [c.flag_id for c in plan if c.noticed]
        for flag_id in noticed or [note_id]:
            authorize(ctx, uow, Action.FLAG_RECORD, resource, resource_id=flag_id, facts=facts)
        for change in plan:
            change.write(uow)
        if note_id is not None:
            uow.safety_flags.attach_note(org, editor_id, note_id)
        rows = uow.safety_flags.of_editor(org, editor_id, note_id)
        protocol = uow.safety_flags.protocol(org) or DEFAULT_PROTOCOL
        uow.commit()
    latest = _latest([r for r in rows if r.peer_id == peer_id and r.author_id == me])
    views = tuple(_view(r, in_text=safety.Kind(r.kind) in found) for r in latest.values())
    return FlagPanel(views, protocol)


def _latest(rows: list[FlagRow]) -> dict[str, FlagRow]:
    """Per kind, the flag that stands: one not dismissed if there is one, else the latest."""
    ranked = sorted(rows, key=lambda r: (r.state != FlagState.DISMISSED, r.created_at))
    return {r.kind: r for r in ranked}


@dataclass(frozen=True, slots=True)
class _Change:
    """One write of a check: a new flag (`row`), or new values for a recorded one. `noticed`
    says whether something new was noticed (a new flag, a higher severity): that is audited."""

    flag_id: str
    noticed: bool
    row: FlagRow | None = None
    held: FlagRow | None = None
    values: tuple[tuple[str, object], ...] = ()

    def write(self, uow: UnitOfWork) -> None:
        if self.row is not None:
            uow.safety_flags.add(self.row)
        elif self.held is not None:
            uow.safety_flags.change(self.held, **dict(self.values))


def _plan(
    ctx: RequestContext,
    peer_id: PeerId,
    note_id: EncounterId | None,
    editor_id: str,
    found: dict[safety.Kind, tuple[str, safety.Flag]],
    mine: list[FlagRow],
) -> list[_Change]:
    """A new row per new kind (or per dismissed kind grown more severe); for a kind already
    recorded, its higher severity, or just where it now stands in the text."""
    latest = _latest(mine)
    plan = []
    for kind, (section, hit) in found.items():
        held = latest.get(kind.value)
        span = (("section", section), ("span_start", hit.start), ("span_end", hit.end))
        dismissed = held is not None and held.state == FlagState.DISMISSED
        if held is None or (dismissed and hit.severity > held.severity):
            row = FlagRow(
                new_id(), OrgId(ctx.actor.organization_id), peer_id, ctx.actor.staff_id,
                note_id, editor_id, kind.value, hit.severity, section, hit.start, hit.end,
                FlagState.SHOWN, ctx.now, ctx.now,
            )  # fmt: skip
            plan.append(_Change(row.id, True, row=row))
        elif not dismissed and hit.severity > held.severity:
            raised = (("severity", hit.severity), ("updated_at", ctx.now), *span)
            plan.append(_Change(held.id, True, held=held, values=raised))
        elif not dismissed:
            plan.append(_Change(held.id, False, held=held, values=span))
    return plan


def _load(ctx: RequestContext, uow: UnitOfWork, flag_id: str) -> FlagRow:
    row = uow.safety_flags.get(OrgId(ctx.actor.organization_id), flag_id)
    if row is None:
        raise NotFound("safety_flag", flag_id)
    return row


def _handle(
    ctx: RequestContext, uow: UnitOfWork, action: Action, flag_id: str
) -> tuple[FlagRow, Decision]:
    row = _load(ctx, uow, flag_id)
    resource = _resource(row.organization_id, row.peer_id, row.author_id)
    decision = authorize(ctx, uow, action, resource, resource_id=flag_id)
    return row, decision


def notify_supervisor(ctx: RequestContext, flag_id: str, *, uow: UnitOfWork) -> FlagView:
    """One click: each supervisor of the note's author gets a notification (kind and id)."""
    with uow:
        row, _ = _handle(ctx, uow, Action.FLAG_NOTIFY, flag_id)
        if row.state not in OPEN_STATES:
            raise Conflict(f"safety flag {flag_id} is handled already")
        if row.state == FlagState.NOTIFIED:  # a second click tells nobody twice
            uow.commit()
            return _view(row)
        supervisors = uow.safety_flags.supervisors_of(row.organization_id, row.author_id)
        if not supervisors:
            raise InvalidInput(
                "no supervisor is linked to you; call the protocol's contacts",
                fields={"supervisor": "none_assigned"},
            )
        for supervisor in supervisors:
            uow.safety_flags.notify_staff(
                row.organization_id, ident=new_id(), role=Role.SUPERVISOR, staff_id=supervisor,
                kind=NOTIFICATION_KIND, subject_id=flag_id, now=ctx.now,
            )  # fmt: skip
        uow.safety_flags.change(row, state=FlagState.NOTIFIED, notified_at=ctx.now)
        uow.commit()
    return replace(_view(row), state=FlagState.NOTIFIED, notified_at=ctx.now)


def dismiss_flag(ctx: RequestContext, flag_id: str, *, reason: str, uow: UnitOfWork) -> FlagView:
    """Set a flag aside with a short reason, sealed under the peer's key."""
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput("say why, in a few words", fields={"reason": f"min_{MIN_REASON}"})
    if len(reason) > MAX_REASON:
        raise InvalidInput("keep the reason short", fields={"reason": "too_long"})
    with uow:
        row, _ = _handle(ctx, uow, Action.FLAG_DISMISS, flag_id)
        if row.state not in OPEN_STATES:
            raise Conflict(f"safety flag {flag_id} is handled already")
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
        sealed = cipher.seal(cipher.context("safety_flags", "dismissal_reason", flag_id), reason)
        uow.safety_flags.change(
            row, state=FlagState.DISMISSED, handled_at=ctx.now,
            handled_by=ctx.actor.staff_id, dismissal_reason=sealed, updated_at=ctx.now,
        )  # fmt: skip
        uow.commit()
    return replace(_view(row, reason=reason), state=FlagState.DISMISSED, handled_at=ctx.now)


def escalate_flag(ctx: RequestContext, flag_id: str, *, uow: UnitOfWork) -> FlagView:
    """The writer goes to the disclosure request this flag calls for. Nothing is requested,
    decided or sent here: this records that they went, so the supervisor sees it."""
    with uow:
        row, _ = _handle(ctx, uow, Action.FLAG_ESCALATE, flag_id)
        view = _view(row)
        if row.state in OPEN_STATES:
            uow.safety_flags.change(
                row, state=FlagState.ESCALATED, handled_at=ctx.now,
                handled_by=ctx.actor.staff_id, escalated_to=view.route.basis.value,
                updated_at=ctx.now,
            )  # fmt: skip
            view = replace(view, state=FlagState.ESCALATED, handled_at=ctx.now)
        uow.commit()
    return view


def open_flag(ctx: RequestContext, flag_id: str, *, uow: UnitOfWork) -> FlagView:
    """One flag with its handling (and the dismissal reason, if any)."""
    with uow:
        row, _ = _handle(ctx, uow, Action.FLAG_READ, flag_id)
        view = _view(row, reason=_reason(uow, row))
        uow.commit()
    return view


def _reason(uow: UnitOfWork, row: FlagRow) -> str:
    if row.dismissal_reason is None:
        return ""
    cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
    context = cipher.context("safety_flags", "dismissal_reason", row.id)
    return cipher.open(row.dismissal_reason, context)


def list_safety_dashboard(ctx: RequestContext, *, uow: UnitOfWork) -> Dashboard:
    """Flags on notes of the people the actor supervises: open ones oldest first, and those
    handled in the last 30 days with how (each dismissal reason opened is an access event)."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        authorize(ctx, uow, Action.FLAG_LIST, Resource("safety_flag", org))
        authors = uow.care.supervisees_of(org, ctx.actor.staff_id)
        names = {a: _name(uow, org, a) for a in authors}
        open_rows = uow.safety_flags.by_authors(org, authors, OPEN_STATES)
        handled_states = {FlagState.DISMISSED, FlagState.ESCALATED}
        since = ctx.now - HANDLED_WINDOW
        handled_rows = [
            r
            for r in uow.safety_flags.by_authors(org, authors, handled_states)
            if r.handled_at is not None and r.handled_at >= since
        ]
        handled = []
        for r in reversed(handled_rows):
            resource = _resource(org, r.peer_id, r.author_id)
            authorize(ctx, uow, Action.FLAG_READ, resource, resource_id=r.id)
            handled.append(_view(r, reason=_reason(uow, r), name=names[r.author_id]))
        uow.commit()
    opened = tuple(_view(r, name=names[r.author_id]) for r in open_rows)
    return Dashboard(opened, tuple(handled))


def _name(uow: UnitOfWork, org: OrgId, staff_id: StaffId) -> str:
    account = uow.staff.get(org, staff_id)
    return account.display_name if account else "former staff"
