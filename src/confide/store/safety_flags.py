"""Safety flags and their handling, crisis protocols, and notifications to one staff member."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, or_, select, update

from confide.domain.ids import EncounterId, OrgId, PeerId, StaffId
from confide.domain.safety_flags import CrisisProtocol
from confide.store.tables import crisis_protocols, notifications, safety_flags, supervision


@dataclass(frozen=True, slots=True)
class FlagRow:
    id: str
    organization_id: OrgId
    peer_id: PeerId
    author_id: StaffId
    encounter_id: EncounterId | None
    editor_id: str
    kind: str
    severity: int
    section: str
    span_start: int
    span_end: int
    state: str
    created_at: datetime
    updated_at: datetime
    notified_at: datetime | None = None
    handled_at: datetime | None = None
    handled_by: StaffId | None = None
    dismissal_reason: bytes | None = None  # sealed
    escalated_to: str | None = None
    evidence: bytes | None = None  # sealed JSON list of quoted words; NULL before 0010
    outcome: bytes | None = None  # sealed: the supervisor's decision
    disclosure_id: str | None = None  # the disclosure request made from this flag


def _flag(r: Row[Any]) -> FlagRow:
    return FlagRow(
        r.id, r.organization_id, r.peer_id, r.author_id, r.encounter_id, r.editor_id, r.kind,
        r.severity, r.section, r.span_start, r.span_end, r.state, r.created_at, r.updated_at,
        r.notified_at, r.handled_at, r.handled_by, r.dismissal_reason, r.escalated_to,
        r.evidence, r.outcome, r.disclosure_id,
    )  # fmt: skip


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.split("\n") if line.strip())


class SafetyFlagRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: FlagRow) -> None:
        values = {name: getattr(row, name) for name in FlagRow.__slots__}
        self._c.execute(insert(safety_flags).values(**values))

    def get(self, org_id: OrgId, flag_id: str) -> FlagRow | None:
        r = self._c.execute(
            select(safety_flags).where(
                safety_flags.c.organization_id == org_id, safety_flags.c.id == flag_id
            )
        ).first()
        return _flag(r) if r else None

    def of_editor(
        self, org_id: OrgId, editor_id: str, encounter_id: EncounterId | None
    ) -> list[FlagRow]:
        """Flags recorded in this opening of the editor, or on this note, newest last."""
        where = safety_flags.c.editor_id == editor_id
        if encounter_id is not None:
            where = or_(where, safety_flags.c.encounter_id == encounter_id)
        query = (
            select(safety_flags)
            .where(safety_flags.c.organization_id == org_id, where)
            .order_by(safety_flags.c.created_at, safety_flags.c.id)
        )
        return [_flag(r) for r in self._c.execute(query)]

    def attach_note(self, org_id: OrgId, editor_id: str, encounter_id: EncounterId) -> None:
        """The note was saved since these flags were recorded: link them to it."""
        self._c.execute(
            update(safety_flags)
            .where(
                safety_flags.c.organization_id == org_id,
                safety_flags.c.editor_id == editor_id,
                safety_flags.c.encounter_id.is_(None),
            )
            .values(encounter_id=encounter_id)
        )

    def change(self, row: FlagRow, **values: Any) -> None:
        self._c.execute(
            update(safety_flags)
            .where(
                safety_flags.c.organization_id == row.organization_id,
                safety_flags.c.id == row.id,
            )
            .values(**values)
        )

    def open_by_authors(
        self, org_id: OrgId, authors: Iterable[StaffId], states: Iterable[str]
    ) -> list[FlagRow]:
        """Open flags on notes written by `authors`: the most severe first, then the oldest."""
        query = (
            select(safety_flags)
            .where(
                safety_flags.c.organization_id == org_id,
                safety_flags.c.author_id.in_(sorted(authors)),
                safety_flags.c.state.in_(sorted(states)),
            )
            .order_by(safety_flags.c.severity.desc(), safety_flags.c.created_at, safety_flags.c.id)
            .limit(500)
        )
        return [_flag(r) for r in self._c.execute(query)]

    def closed_by_authors(
        self, org_id: OrgId, authors: Iterable[StaffId], states: Iterable[str], since: datetime
    ) -> list[FlagRow]:
        """Flags on notes written by `authors` closed since `since`, the latest closed first."""
        query = (
            select(safety_flags)
            .where(
                safety_flags.c.organization_id == org_id,
                safety_flags.c.author_id.in_(sorted(authors)),
                safety_flags.c.state.in_(sorted(states)),
                safety_flags.c.handled_at >= since,
            )
            .order_by(safety_flags.c.handled_at.desc(), safety_flags.c.id)
            .limit(500)
        )
        return [_flag(r) for r in self._c.execute(query)]

    def supervisors_of(self, org_id: OrgId, staff_id: StaffId) -> list[StaffId]:
        rows = self._c.execute(
            select(supervision.c.supervisor_id)
            .where(
                supervision.c.organization_id == org_id,
                supervision.c.supervisee_id == staff_id,
            )
            .order_by(supervision.c.supervisor_id)
        )
        return [StaffId(r.supervisor_id) for r in rows]

    def notify_staff(
        self, org_id: OrgId, *, ident: str, role: str, staff_id: StaffId, kind: str,
        subject_id: str, now: datetime,
    ) -> None:  # fmt: skip
        """A notification for one staff member: a kind and an id, never content."""
        self._c.execute(
            insert(notifications).values(
                organization_id=org_id,
                id=ident,
                recipient_role=role,
                kind=kind,
                subject_id=subject_id,
                created_at=now,
                recipient_staff_id=staff_id,
            )
        )

    def protocol(self, org_id: OrgId) -> CrisisProtocol | None:
        r = self._c.execute(
            select(crisis_protocols).where(crisis_protocols.c.organization_id == org_id)
        ).first()
        if r is None:
            return None
        return CrisisProtocol(
            r.local_line_name, r.local_line_phone, _lines(r.steps), _lines(r.contacts)
        )

    def set_protocol(
        self, org_id: OrgId, protocol: CrisisProtocol, by: StaffId, now: datetime
    ) -> None:
        values = {
            "local_line_name": protocol.local_line_name,
            "local_line_phone": protocol.local_line_phone,
            "steps": "\n".join(protocol.steps),
            "contacts": "\n".join(protocol.contacts),
            "updated_by": by,
            "updated_at": now,
        }
        where = crisis_protocols.c.organization_id == org_id
        if self._c.execute(select(crisis_protocols.c.organization_id).where(where)).first():
            self._c.execute(update(crisis_protocols).where(where).values(**values))
        else:
            self._c.execute(insert(crisis_protocols).values(organization_id=org_id, **values))
