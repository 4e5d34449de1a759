"""Exports of an organization's records. `export_deidentified_notes`: its signed notes, each
redacted with every identifier the record holds (the peers' names and contacts, the staff's
names) and the general detector, as JSON-line objects with no free text left unredacted.

Contract (docs/deid.md): one object a note, `{"export": "note_deid", "version": 1, "n",
"peer", "year", "minutes", "modality", "setting", "format", "labels", "sections", "goals",
"amendments"}`. `peer` is a label ("P1") drawn fresh for each export, so one peer's notes can
be told apart from another's without a key back to the record; dates keep their year only.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.ids import OrgId, PeerId
from confide.domain.peers import PeerStatus
from confide.policy import Relationships, Resource
from confide.policy.access import withheld_from_export
from confide.privacy.detect import detect
from confide.privacy.known import KnownIdentifiers, KnownPerson
from confide.privacy.redact import redact
from confide.services._guard import authorize
from confide.services.groups import known_person
from confide.services.notes import note_resource, open_amendments, open_body
from confide.services.peers import open_identity
from confide.store.encounters import EncounterRow
from confide.store.uow import UnitOfWork

EXPORT_VERSION = 1
BATCH = 100  # notes decided, decrypted, redacted and audited in one unit of work


@dataclass(frozen=True, slots=True)
class NoteExport:
    """`total` notes will come out of `lines`, a batch at a time, each batch's access events
    committed before its lines are handed over."""

    total: int
    lines: Iterator[dict[str, object]]

    def __repr__(self) -> str:
        return f"NoteExport(total={self.total})"


@dataclass(frozen=True, slots=True)
class _Plan:
    rows: tuple[EncounterRow, ...]
    known: KnownIdentifiers
    facts: dict[PeerId, Relationships]
    labels: dict[PeerId, str]


def export_deidentified_notes(
    ctx: RequestContext,
    *,
    uow: UnitOfWork,
    rng: random.Random | None = None,
    batch: int = BATCH,
) -> NoteExport:
    """An organization's signed notes, de-identified, for training (rule `export.deid`)."""
    plan = _plan(ctx, uow, rng or random.SystemRandom())
    return NoteExport(len(plan.rows), _lines(ctx, uow, plan, batch))


def _plan(ctx: RequestContext, uow: UnitOfWork, rng: random.Random) -> _Plan:
    """Decide the export as a whole, pick its notes and gather what the record knows."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        authorize(ctx, uow, Action.NOTE_EXPORT_DEID, Resource("encounters", org))
        signed = uow.encounters.signed_in_organization(org)
        peer_rows = uow.peers.many(org, sorted({r.peer_id for r in signed}))
        peers = {p.id: p for p in peer_rows if p.status is PeerStatus.ACTIVE}  # shredded: gone
        facts = {
            pid: Relationships(
                restricted=uow.break_glass.restrictions_for(org, pid, ctx.actor.staff_id)
            )
            for pid in peers
        }
        rows = tuple(
            r
            for r in signed
            if r.peer_id in peers and not withheld_from_export(note_resource(r), facts[r.peer_id])
        )
        uow.keys.preload(org, sorted(peers))
        people = tuple(
            known_person(pid, open_identity(uow.keys.cipher_for(org, pid), row))
            for pid, row in peers.items()
        )
        staff = tuple(KnownPerson(key=s.id, names=(s.display_name,)) for s in uow.staff.list(org))
        uow.commit()
    return _Plan(rows, KnownIdentifiers(people=people, staff=staff), facts, _labels(rows, rng))


def _labels(rows: Sequence[EncounterRow], rng: random.Random) -> dict[PeerId, str]:
    """A label per peer ("P1", "P2" ...), in an order drawn at random for this export."""
    peers = sorted({r.peer_id for r in rows})
    rng.shuffle(peers)
    return {pid: f"P{n}" for n, pid in enumerate(peers, 1)}


def _lines(
    ctx: RequestContext, uow: UnitOfWork, plan: _Plan, batch: int
) -> Iterator[dict[str, object]]:
    for first in range(0, len(plan.rows), batch):
        chunk = plan.rows[first : first + batch]
        with uow:
            lines = [
                _export_one(ctx, uow, row, plan, first + i + 1) for i, row in enumerate(chunk)
            ]
            uow.commit()
        yield from lines


def _export_one(
    ctx: RequestContext, uow: UnitOfWork, row: EncounterRow, plan: _Plan, n: int
) -> dict[str, object]:
    """Decide, decrypt and redact one note; its access event is one of the batch's."""
    authorize(
        ctx, uow, Action.NOTE_EXPORT_DEID, note_resource(row), resource_id=row.id,
        facts=plan.facts[row.peer_id],
    )  # fmt: skip
    cipher = uow.keys.cipher_for(row.organization_id, row.peer_id)
    body = open_body(cipher, row)
    amendments = open_amendments(uow, cipher, row)

    def clean(text: str) -> str:
        return redact(text, detect(text, plan.known)) if text else text

    return {
        "export": "note_deid",
        "version": EXPORT_VERSION,
        "n": n,
        "peer": plan.labels[row.peer_id],
        "year": row.occurred_on.year,
        "minutes": row.minutes,
        "modality": str(row.modality),
        "setting": str(row.setting),
        "format": str(row.note_format),
        "labels": sorted(str(label) for label in row.labels),
        "sections": {name: clean(text) for name, text in body.sections.items()},
        "goals": [clean(goal) for goal in body.goals_addressed],
        "amendments": [{"reason": clean(a.reason), "text": clean(a.text)} for a in amendments],
    }


def line_of(note: dict[str, object]) -> str:
    """One exported note as its JSON line (without the newline)."""
    return json.dumps(note, ensure_ascii=False, sort_keys=False)
