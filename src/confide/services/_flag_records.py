"""Safety flags as people see them, and the flag's sealed fields.

The view a writer or a supervisor gets; the disclosure request each kind of flag calls for; the
words that raised a flag, quoted from the note; and the fields sealed under the peer's key (the
evidence words, the dismissal reason, the supervisor's decision). Shared by
`services.safety_flags` and `services.disclosure_requests`, where saving a request made from a
flag closes the flag in the same unit of work. Nothing here logs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from confide import safety
from confide.crypto.cipher import PeerCipher
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.disclosures import BasisType, DisclosurePurpose, RecipientKind
from confide.domain.ids import EncounterId, OrgId, PeerId, StaffId
from confide.domain.safety_flags import MAX_QUOTE, MAX_QUOTES, OPEN_STATES, FlagState
from confide.errors import NotFound
from confide.policy import Relationships, Resource
from confide.services._guard import authorize
from confide.store.safety_flags import FlagRow
from confide.store.uow import UnitOfWork

TABLE = "safety_flags"


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
class Opened:
    """A flag's sealed fields, in the clear for one reader. `missing` says why there are no
    words: `not_kept` (flagged before the words were kept), `withheld` (policy did not open
    them for this reader), `erased` (the peer's key was shredded), or "" when there are some."""

    words: tuple[str, ...] = ()
    reason: str = ""
    outcome: str = ""
    missing: str = ""


@dataclass(frozen=True, slots=True)
class FlagView:
    """A flag as the writer or the supervisor sees it: kind, severity, the words that raised
    it, how it was handled. No other note text. `reason` (a dismissal) and `outcome` (the
    supervisor's decision) are filled only where the reader was allowed to open them."""

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
    handled_by: StaffId | None
    disclosure_id: str | None
    route: DisclosureRoute
    words: tuple[str, ...] = ()
    words_missing: str = ""
    in_text: bool = True
    reason: str = ""
    outcome: str = ""
    author_name: str = ""
    handled_by_name: str = ""
    note_signed: bool = False

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES


def view_of(
    row: FlagRow, opened: Opened, *, in_text: bool = True, names: Mapping[str, str] | None = None
) -> FlagView:
    """The view of a stored flag with what was opened of it for this reader."""
    kind, names = safety.Kind(row.kind), names or {}
    return FlagView(
        row.id, row.peer_id, row.author_id, row.encounter_id, kind, row.severity, row.section,
        row.span_start, row.span_end, FlagState(row.state), row.created_at, row.notified_at,
        row.handled_at, row.handled_by, row.disclosure_id, ROUTES[kind], opened.words,
        opened.missing, in_text, opened.reason, opened.outcome, names.get(row.author_id, ""),
        names.get(row.handled_by or "", ""),
    )  # fmt: skip


def resource_of(row: FlagRow) -> Resource:
    return flag_resource(row.organization_id, row.peer_id, row.author_id)


def flag_resource(org: OrgId, peer_id: PeerId, author_id: StaffId) -> Resource:
    return Resource("safety_flag", org, peer_id, author_id=author_id)


# -- the words that raised a flag -------------------------------------------------------------
def evidence_words(text: str, found: safety.Flag) -> tuple[str, ...]:
    """The words of `text` that raised `found`, in text order: each matched rule's span
    (overlapping spans joined), white space folded, at most MAX_QUOTES quotes of MAX_QUOTE
    characters each."""
    spans = sorted({(e.start, e.end) for e in found.evidence}) or [(found.start, found.end)]
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    words: list[str] = []
    for start, end in joined:
        quote = " ".join(text[start:end].split())
        if len(quote) > MAX_QUOTE:
            quote = quote[: MAX_QUOTE - 1].rstrip() + "\u2026"
        if quote and quote not in words:
            words.append(quote)
    return tuple(words[:MAX_QUOTES])


# -- sealed fields ----------------------------------------------------------------------------
def seal_words(cipher: PeerCipher, flag_id: str, words: Sequence[str]) -> bytes:
    return cipher.seal(cipher.context(TABLE, "evidence", flag_id), json.dumps(list(words)))


def seal_text(cipher: PeerCipher, column: str, flag_id: str, text: str) -> bytes:
    """A dismissal reason (`dismissal_reason`) or a supervisor's decision (`outcome`)."""
    return cipher.seal(cipher.context(TABLE, column, flag_id), text)


def open_fields(uow: UnitOfWork, row: FlagRow) -> Opened:
    """Everything sealed on the flag, in the clear. Call only after an allowed `flag:read`
    was recorded for this reader: each opening is an access event."""
    if row.evidence is None and row.dismissal_reason is None and row.outcome is None:
        return Opened(missing="not_kept")
    cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
    words: tuple[str, ...] = ()
    if row.evidence is not None:
        words = tuple(
            json.loads(cipher.open(row.evidence, cipher.context(TABLE, "evidence", row.id)))
        )
    return Opened(
        words,
        _open_text(cipher, row, "dismissal_reason", row.dismissal_reason),
        _open_text(cipher, row, "outcome", row.outcome),
        "" if words else "not_kept",
    )


def _open_text(cipher: PeerCipher, row: FlagRow, column: str, sealed: bytes | None) -> str:
    return "" if sealed is None else cipher.open(sealed, cipher.context(TABLE, column, row.id))


def read_fields(
    ctx: RequestContext, uow: UnitOfWork, row: FlagRow, facts: Relationships | None = None
) -> Opened:
    """`flag:read` decided and recorded (Denied otherwise), then the sealed fields opened."""
    authorize(ctx, uow, Action.FLAG_READ, resource_of(row), resource_id=row.id, facts=facts)
    return open_fields(uow, row)


# -- a disclosure request made from a flag ------------------------------------------------------
def flag_for_request(
    ctx: RequestContext, uow: UnitOfWork, flag_id: str, peer_id: PeerId
) -> FlagRow | None:
    """The flag a disclosure request is made from, checked before the request is: NotFound
    unless it is a flag on this peer, `flag:request` decided and recorded. None when the flag
    was closed meanwhile: the request is still made, and the flag keeps its first handling."""
    row = uow.safety_flags.get(OrgId(ctx.actor.organization_id), flag_id)
    if row is None or row.peer_id != peer_id:
        raise NotFound("safety_flag", flag_id)
    authorize(ctx, uow, Action.FLAG_REQUEST, resource_of(row), resource_id=row.id)
    return row if row.state in OPEN_STATES else None


def close_by_request(
    ctx: RequestContext, uow: UnitOfWork, row: FlagRow, disclosure_id: str
) -> None:
    """The request made from the flag was saved in this unit of work: the flag is handled."""
    uow.safety_flags.change(
        row, state=FlagState.REQUESTED, handled_at=ctx.now, handled_by=ctx.actor.staff_id,
        disclosure_id=disclosure_id, escalated_to=ROUTES[safety.Kind(row.kind)].basis.value,
        updated_at=ctx.now,
    )  # fmt: skip
