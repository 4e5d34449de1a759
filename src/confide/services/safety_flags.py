"""Safety flags in the note editor, their handling, and the supervisor's safety dashboard.

The editor sends the note's sections as it is typed; flags found there are recorded once per
kind per opening of the editor (`editor_id`) with the words that raised them (sealed under the
peer's key), and shown with the organization's crisis protocol. A flag stays open until people
record a handling: the supervisor was reached and decided (the writer or the supervisor writes
the decision down), a disclosure request made from the flag was saved
(`services.disclosure_requests`), or it was dismissed with a reason. Notifying the supervisor
is a step on the way, not a handling. confide never discloses anything by itself. No text
leaves this module except in the views returned to the reader, and nothing here logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

from confide import policy, safety
from confide.domain.actions import Action
from confide.domain.actors import RequestContext, Role
from confide.domain.encounters import EncounterStatus
from confide.domain.ids import EncounterId, OrgId, PeerId, StaffId, is_id, new_id
from confide.domain.safety_flags import (
    CLOSED_STATES,
    DEFAULT_PROTOCOL,
    MAX_REASON,
    MIN_REASON,
    OPEN_STATES,
    CrisisProtocol,
    FlagState,
)
from confide.errors import Conflict, Destroyed, InvalidInput, NotFound
from confide.policy import Relationships, Resource
from confide.services import _flag_records as records
from confide.services._flag_records import FlagView as FlagView
from confide.services._flag_records import Opened
from confide.services._guard import authorize, existing_peer, relationships
from confide.services.flags import flag_text
from confide.store.safety_flags import FlagRow
from confide.store.uow import UnitOfWork

CLOSED_WINDOW = timedelta(days=30)
NOTIFICATION_KIND = "safety_flag"


@dataclass(frozen=True, slots=True)
class FlagPanel:
    flags: tuple[FlagView, ...]
    protocol: CrisisProtocol


@dataclass(frozen=True, slots=True)
class Dashboard:
    open: tuple[FlagView, ...]  # the most severe first, then the oldest
    closed: tuple[FlagView, ...]  # closed in the last 30 days, the latest first


@dataclass(frozen=True, slots=True)
class _Found:
    """The most severe flag of one kind in the note, the section it is in and its words."""

    section: str
    flag: safety.Flag
    words: tuple[str, ...]


def _strongest(sections: Mapping[str, str]) -> dict[safety.Kind, _Found]:
    """Per kind, the most severe flag in any section (the first one on a tie)."""
    best: dict[safety.Kind, _Found] = {}
    for section, text in sections.items():
        for found in flag_text(text):
            held = best.get(found.kind)
            if held is None or found.severity > held.flag.severity:
                best[found.kind] = _Found(section, found, records.evidence_words(text, found))
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
        resource = records.flag_resource(org, peer_id, me)
        plan = _plan(ctx, peer_id, note_id, editor_id, found, mine)
        noticed: list[str | None] = [c.flag_id for c in plan if c.noticed]
        for flag_id in noticed or [note_id]:
            authorize(ctx, uow, Action.FLAG_RECORD, resource, resource_id=flag_id, facts=facts)
        if plan:
            cipher = uow.keys.cipher_for(org, peer_id)
            for change in plan:
                change.write(uow, records.seal_words(cipher, change.flag_id, change.words))
        if note_id is not None:
            uow.safety_flags.attach_note(org, editor_id, note_id)
        rows = uow.safety_flags.of_editor(org, editor_id, note_id)
        protocol = uow.safety_flags.protocol(org) or DEFAULT_PROTOCOL
        uow.commit()
    latest = _latest([r for r in rows if r.peer_id == peer_id and r.author_id == me])
    return FlagPanel(tuple(_panel_view(r, found) for r in latest.values()), protocol)


def _panel_view(row: FlagRow, found: dict[safety.Kind, _Found]) -> FlagView:
    """In the editor the words come from the text on the page, never from storage: a kind
    no longer in the text shows none, and nothing sealed is opened by a check."""
    here = found.get(safety.Kind(row.kind))
    opened = Opened(here.words) if here else Opened(missing="not_in_text")
    return records.view_of(row, opened, in_text=here is not None)


def _latest(rows: list[FlagRow]) -> dict[str, FlagRow]:
    """Per kind, the flag that stands: an open one if there is one, else the latest."""
    ranked = sorted(rows, key=lambda r: (r.state in OPEN_STATES, r.created_at))
    return {r.kind: r for r in ranked}


@dataclass(frozen=True, slots=True)
class _Change:
    """One write of a check: a new flag (`row`), or new values for a recorded one. `noticed`
    says whether something new was noticed (a new flag, a higher severity): that is audited.
    `words` are the words that raise it now, sealed as they are written."""

    flag_id: str
    noticed: bool
    words: tuple[str, ...]
    row: FlagRow | None = None
    held: FlagRow | None = None
    values: tuple[tuple[str, object], ...] = ()

    def write(self, uow: UnitOfWork, evidence: bytes) -> None:
        if self.row is not None:
            uow.safety_flags.add(replace(self.row, evidence=evidence))
        elif self.held is not None:
            uow.safety_flags.change(self.held, evidence=evidence, **dict(self.values))


def _plan(
    ctx: RequestContext,
    peer_id: PeerId,
    note_id: EncounterId | None,
    editor_id: str,
    found: dict[safety.Kind, _Found],
    mine: list[FlagRow],
) -> list[_Change]:
    """A new row per new kind (or per closed kind grown more severe); for an open kind already
    recorded, its higher severity, or just where it now stands in the text and its words. A
    closed flag keeps the words it was handled on."""
    latest = _latest(mine)
    plan = []
    for kind, here in found.items():
        hit, held = here.flag, latest.get(kind.value)
        span = (("section", here.section), ("span_start", hit.start), ("span_end", hit.end))
        closed = held is not None and held.state in CLOSED_STATES
        if held is None or (closed and hit.severity > held.severity):
            row = FlagRow(
                new_id(), OrgId(ctx.actor.organization_id), peer_id, ctx.actor.staff_id,
                note_id, editor_id, kind.value, hit.severity, here.section, hit.start, hit.end,
                FlagState.SHOWN, ctx.now, ctx.now,
            )  # fmt: skip
            plan.append(_Change(row.id, True, here.words, row=row))
        elif not closed and hit.severity > held.severity:
            raised = (("severity", hit.severity), ("updated_at", ctx.now), *span)
            plan.append(_Change(held.id, True, here.words, held=held, values=raised))
        elif not closed:
            plan.append(_Change(held.id, False, here.words, held=held, values=span))
    return plan


# -- handling one flag ------------------------------------------------------------------------
def _handle(
    ctx: RequestContext, uow: UnitOfWork, action: Action, flag_id: str
) -> tuple[FlagRow, Relationships]:
    row = uow.safety_flags.get(OrgId(ctx.actor.organization_id), flag_id)
    if row is None:
        raise NotFound("safety_flag", flag_id)
    facts = relationships(ctx, uow, row.peer_id)
    authorize(ctx, uow, action, records.resource_of(row), resource_id=flag_id, facts=facts)
    return row, facts


def _answer(ctx: RequestContext, uow: UnitOfWork, row: FlagRow, facts: Relationships) -> FlagView:
    """The flag as it now stands, its sealed fields opened (`flag:read`) for the one who
    handled it."""
    return records.view_of(row, records.read_fields(ctx, uow, row, facts))


def _short_text(text: str, field: str) -> str:
    text = text.strip()
    if len(text) < MIN_REASON:
        raise InvalidInput("say it in a few words", fields={field: f"min_{MIN_REASON}"})
    if len(text) > MAX_REASON:
        raise InvalidInput("keep it short", fields={field: "too_long"})
    return text


def _still_open(row: FlagRow) -> None:
    if row.state not in OPEN_STATES:
        raise Conflict(f"safety flag {row.id} is handled already")


def notify_supervisor(ctx: RequestContext, flag_id: str, *, uow: UnitOfWork) -> FlagView:
    """One click: each supervisor of the note's author gets a notification (kind and id).
    The flag stays open: notifying is a step, not a handling."""
    with uow:
        row, facts = _handle(ctx, uow, Action.FLAG_NOTIFY, flag_id)
        _still_open(row)
        if row.state != FlagState.NOTIFIED:  # a second click tells nobody twice
            _notify(ctx, uow, row)
            row = replace(row, state=FlagState.NOTIFIED, notified_at=ctx.now)
        view = _answer(ctx, uow, row, facts)
        uow.commit()
    return view


def _notify(ctx: RequestContext, uow: UnitOfWork, row: FlagRow) -> None:
    supervisors = uow.safety_flags.supervisors_of(row.organization_id, row.author_id)
    if not supervisors:
        raise InvalidInput(
            "no supervisor is linked to you; call the protocol's contacts",
            fields={"supervisor": "none_assigned"},
        )
    for supervisor in supervisors:
        uow.safety_flags.notify_staff(
            row.organization_id, ident=new_id(), role=Role.SUPERVISOR, staff_id=supervisor,
            kind=NOTIFICATION_KIND, subject_id=row.id, now=ctx.now,
        )  # fmt: skip
    uow.safety_flags.change(row, state=FlagState.NOTIFIED, notified_at=ctx.now)


def dismiss_flag(ctx: RequestContext, flag_id: str, *, reason: str, uow: UnitOfWork) -> FlagView:
    """Set a flag aside with a short reason, sealed under the peer's key: it is closed."""
    reason = _short_text(reason, "reason")
    with uow:
        row, facts = _handle(ctx, uow, Action.FLAG_DISMISS, flag_id)
        _still_open(row)
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
        row = _close(
            ctx, uow, row, FlagState.DISMISSED,
            dismissal_reason=records.seal_text(cipher, "dismissal_reason", flag_id, reason),
        )  # fmt: skip
        view = _answer(ctx, uow, row, facts)
        uow.commit()
    return view


def record_supervisor_decision(
    ctx: RequestContext, flag_id: str, *, outcome: str, uow: UnitOfWork
) -> FlagView:
    """The supervisor was reached and decided: the writer or the supervisor writes down what
    was decided (sealed under the peer's key), and the flag is closed."""
    outcome = _short_text(outcome, "outcome")
    with uow:
        row, facts = _handle(ctx, uow, Action.FLAG_DECIDE, flag_id)
        _still_open(row)
        cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
        row = _close(
            ctx, uow, row, FlagState.DECIDED,
            outcome=records.seal_text(cipher, "outcome", flag_id, outcome),
        )  # fmt: skip
        view = _answer(ctx, uow, row, facts)
        uow.commit()
    return view


def _close(
    ctx: RequestContext, uow: UnitOfWork, row: FlagRow, state: FlagState, **sealed: bytes
) -> FlagRow:
    values = {
        "state": state, "handled_at": ctx.now, "handled_by": ctx.actor.staff_id,
        "updated_at": ctx.now, **sealed,
    }  # fmt: skip
    uow.safety_flags.change(row, **values)
    return replace(row, **values)  # type: ignore[arg-type]


def open_flag(ctx: RequestContext, flag_id: str, *, uow: UnitOfWork) -> FlagView:
    """One flag with its words and its handling (the dismissal reason or the decision)."""
    with uow:
        row, _ = _handle(ctx, uow, Action.FLAG_READ, flag_id)
        view = records.view_of(row, records.open_fields(uow, row))
        uow.commit()
    return view


# -- the supervisor's safety dashboard --------------------------------------------------------
def list_safety_dashboard(ctx: RequestContext, *, uow: UnitOfWork) -> Dashboard:
    """Flags on notes of the people the actor supervises: open ones first, the most severe
    and then the oldest first, with the words that raised them, even on a draft the supervisor
    may not read; below, those closed in the last 30 days, with who closed them and how. Each
    flag whose words or handling are opened is a `flag:read` access event."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        authorize(ctx, uow, Action.FLAG_LIST, Resource("safety_flag", org))
        authors = uow.care.supervisees_of(org, ctx.actor.staff_id)
        open_rows = uow.safety_flags.open_by_authors(org, authors, OPEN_STATES)
        since = ctx.now - CLOSED_WINDOW
        closed_rows = uow.safety_flags.closed_by_authors(org, authors, CLOSED_STATES, since)
        everyone = {r.author_id for r in (*open_rows, *closed_rows)}
        everyone |= {r.handled_by for r in closed_rows if r.handled_by}
        names: dict[str, str] = {s: _name(uow, org, s) for s in everyone}
        uow.keys.preload(org, sorted({r.peer_id for r in (*open_rows, *closed_rows)}))
        facts: dict[PeerId, Relationships] = {}
        board = Dashboard(
            tuple(_board_view(ctx, uow, r, facts, names) for r in open_rows),
            tuple(_board_view(ctx, uow, r, facts, names) for r in closed_rows),
        )
        uow.commit()
    return board


def _board_view(
    ctx: RequestContext,
    uow: UnitOfWork,
    row: FlagRow,
    facts: dict[PeerId, Relationships],
    names: Mapping[str, str],
) -> FlagView:
    """One row of the dashboard. Policy is asked first, so a flag whose words the supervisor
    may not open (a peer's restriction) is listed with its kind and severity only."""
    if row.peer_id not in facts:
        facts[row.peer_id] = relationships(ctx, uow, row.peer_id)
    known = facts[row.peer_id]
    resource = records.resource_of(row)
    decision = policy.decide(ctx.actor, Action.FLAG_READ, resource, ctx.purpose, known, ctx.now)
    if not decision.allowed:
        opened = Opened(missing="withheld")
    else:
        try:
            opened = records.read_fields(ctx, uow, row, known)
        except Destroyed:
            opened = Opened(missing="erased")
    view = records.view_of(row, opened, names=names)
    return replace(view, note_signed=_signed(uow, row))


def _signed(uow: UnitOfWork, row: FlagRow) -> bool:
    """Whether the flag's note is signed (a supervisor opens no draft)."""
    if row.encounter_id is None:
        return False
    note = uow.encounters.get(row.organization_id, row.encounter_id)
    return note is not None and note.status is not EncounterStatus.DRAFT


def _name(uow: UnitOfWork, org: OrgId, staff_id: StaffId) -> str:
    account = uow.staff.get(org, staff_id)
    return account.display_name if account else "former staff"


def prepare() -> None:
    """Load the crisis lexicon and the learned signal now, at start. The first check of a note
    then answers as fast as the rest: the editor's check is replaced in place, so one that is
    still in flight when typing stops would leave the last words unchecked until the next key."""
    safety.assess("")
