"""Encounters (service notes) and their appended amendments. Bodies are ciphertext."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, select, update

from confide.crypto.keyring import WrappedKey
from confide.domain.encounters import (
    EncounterKind,
    EncounterStatus,
    Label,
    Modality,
    NoteFormat,
    Setting,
)
from confide.domain.ids import AmendmentId, EncounterId, GroupSessionId, OrgId, PeerId, StaffId
from confide.errors import Conflict
from confide.store.tables import (
    encounter_amendments,
    encounters,
    group_sessions,
    peer_keys,
    safety_flags,
)


@dataclass(frozen=True, slots=True)
class EncounterRow:
    id: EncounterId
    organization_id: OrgId
    peer_id: PeerId
    author_id: StaffId
    kind: EncounterKind
    group_session_id: GroupSessionId | None
    occurred_on: date
    minutes: int
    modality: Modality
    setting: Setting
    note_format: NoteFormat
    labels: frozenset[Label]
    body: bytes
    status: EncounterStatus
    version: int
    created_at: datetime
    updated_at: datetime
    signed_at: datetime | None


@dataclass(frozen=True, slots=True)
class AmendmentRow:
    id: AmendmentId
    organization_id: OrgId
    encounter_id: EncounterId
    peer_id: PeerId
    author_id: StaffId
    body: bytes
    created_at: datetime


def _labels(text: str) -> frozenset[Label]:
    return frozenset(Label(x) for x in text.split(",") if x)


def _row(r: Row[Any]) -> EncounterRow:
    return EncounterRow(
        id=r.id,
        organization_id=r.organization_id,
        peer_id=r.peer_id,
        author_id=r.author_id,
        kind=EncounterKind(r.kind),
        group_session_id=r.group_session_id,
        occurred_on=r.occurred_on,
        minutes=r.minutes,
        modality=Modality(r.modality),
        setting=Setting(r.setting),
        note_format=NoteFormat(r.note_format),
        labels=_labels(r.labels),
        body=r.body,
        status=EncounterStatus(r.status),
        version=r.version,
        created_at=r.created_at,
        updated_at=r.updated_at,
        signed_at=r.signed_at,
    )


class EncounterRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: EncounterRow) -> None:
        self._c.execute(
            insert(encounters).values(
                organization_id=row.organization_id,
                id=row.id,
                peer_id=row.peer_id,
                author_id=row.author_id,
                kind=row.kind,
                group_session_id=row.group_session_id,
                occurred_on=row.occurred_on,
                minutes=row.minutes,
                modality=row.modality,
                setting=row.setting,
                note_format=row.note_format,
                labels=",".join(sorted(row.labels)),
                body=row.body,
                status=row.status,
                version=row.version,
                created_at=row.created_at,
                updated_at=row.updated_at,
                signed_at=row.signed_at,
            )
        )

    def add_group_session(
        self,
        org_id: OrgId,
        group_id: GroupSessionId,
        facilitator_id: StaffId,
        occurred_on: date,
        now: datetime,
    ) -> None:
        self._c.execute(
            insert(group_sessions).values(
                organization_id=org_id,
                id=group_id,
                facilitator_id=facilitator_id,
                occurred_on=occurred_on,
                created_at=now,
            )
        )

    def get(self, org_id: OrgId, encounter_id: EncounterId) -> EncounterRow | None:
        r = self._c.execute(_GET, {"org": org_id, "id": encounter_id}).first()
        return _row(r) if r else None

    def get_with_key(
        self, org_id: OrgId, encounter_id: EncounterId
    ) -> tuple[EncounterRow, WrappedKey | None] | None:
        """The row and, in the same query, its peer's wrapped data key (None once shredded)."""
        r = self._c.execute(_GET_WITH_KEY, {"org": org_id, "id": encounter_id}).first()
        if r is None:
            return None
        wrapped = WrappedKey(r.kek_id, r.wrapped) if r.wrapped is not None else None
        return _row(r), wrapped

    def for_peer(self, org_id: OrgId, peer_id: PeerId) -> list[EncounterRow]:
        query = (
            select(encounters)
            .where(encounters.c.organization_id == org_id, encounters.c.peer_id == peer_id)
            .order_by(encounters.c.occurred_on.desc(), encounters.c.created_at.desc())
        )
        return [_row(r) for r in self._c.execute(query)]

    def signed_in_organization(self, org_id: OrgId) -> list[EncounterRow]:
        """Every signed or amended note of an organization, oldest first (for exports)."""
        query = (
            select(encounters)
            .where(
                encounters.c.organization_id == org_id,
                encounters.c.status != EncounterStatus.DRAFT,
            )
            .order_by(encounters.c.occurred_on, encounters.c.created_at, encounters.c.id)
        )
        return [_row(r) for r in self._c.execute(query)]

    def save_draft(
        self,
        row: EncounterRow,
        *,
        body: bytes,
        minutes: int,
        labels: frozenset[Label],
        now: datetime,
    ) -> None:
        """Change a draft in place; Conflict if it is no longer that draft version."""
        self._guarded_update(
            row,
            EncounterStatus.DRAFT,
            {
                "body": body,
                "minutes": minutes,
                "labels": ",".join(sorted(labels)),
                "updated_at": now,
            },
        )

    def drafts_of(self, org_id: OrgId, author_id: StaffId) -> list[EncounterRow]:
        """One author's unsigned drafts, the most recently changed first."""
        query = (
            select(encounters)
            .where(
                encounters.c.organization_id == org_id,
                encounters.c.author_id == author_id,
                encounters.c.status == EncounterStatus.DRAFT,
            )
            .order_by(encounters.c.updated_at.desc(), encounters.c.id)
        )
        return [_row(r) for r in self._c.execute(query)]

    def delete_draft(self, row: EncounterRow) -> None:
        """Remove a draft that is still this version. Crisis flags noticed while it was typed
        stay, tied to their editor session, no longer to the note; Conflict otherwise."""
        self._c.execute(
            update(safety_flags)
            .where(
                safety_flags.c.organization_id == row.organization_id,
                safety_flags.c.encounter_id == row.id,
            )
            .values(encounter_id=None)
        )
        result = self._c.execute(
            delete(encounters).where(
                encounters.c.organization_id == row.organization_id,
                encounters.c.id == row.id,
                encounters.c.version == row.version,
                encounters.c.status == EncounterStatus.DRAFT,
            )
        )
        if result.rowcount != 1:
            raise Conflict(f"encounter {row.id} changed since version {row.version}")

    def set_status(self, row: EncounterRow, status: EncounterStatus, now: datetime) -> None:
        values: dict[str, Any] = {"status": status, "updated_at": now}
        if status is EncounterStatus.SIGNED:
            values["signed_at"] = now
        self._guarded_update(row, row.status, values)

    def _guarded_update(
        self, row: EncounterRow, expected: EncounterStatus, values: dict[str, Any]
    ) -> None:
        result = self._c.execute(
            update(encounters)
            .where(
                encounters.c.organization_id == row.organization_id,
                encounters.c.id == row.id,
                encounters.c.version == row.version,
                encounters.c.status == expected,
            )
            .values(version=row.version + 1, **values)
        )
        if result.rowcount != 1:
            raise Conflict(f"encounter {row.id} changed since version {row.version}")

    def add_amendment(self, row: AmendmentRow) -> None:
        self._c.execute(
            insert(encounter_amendments).values(
                organization_id=row.organization_id,
                id=row.id,
                encounter_id=row.encounter_id,
                peer_id=row.peer_id,
                author_id=row.author_id,
                body=row.body,
                created_at=row.created_at,
            )
        )

    def amendments(self, org_id: OrgId, encounter_id: EncounterId) -> list[AmendmentRow]:
        query, params = _AMENDMENTS, {"org": org_id, "id": encounter_id}
        return [
            AmendmentRow(
                r.id,
                r.organization_id,
                r.encounter_id,
                r.peer_id,
                r.author_id,
                r.body,
                r.created_at,
            )
            for r in self._c.execute(query, params)
        ]


# Statements on the read path are built once: building one costs more than running it.
_GET = select(encounters).where(
    encounters.c.organization_id == bindparam("org"), encounters.c.id == bindparam("id")
)
_GET_WITH_KEY = (
    select(encounters, peer_keys.c.kek_id, peer_keys.c.wrapped)
    .outerjoin(
        peer_keys,
        (peer_keys.c.organization_id == encounters.c.organization_id)
        & (peer_keys.c.peer_id == encounters.c.peer_id),
    )
    .where(encounters.c.organization_id == bindparam("org"), encounters.c.id == bindparam("id"))
)
_AMENDMENTS = (
    select(encounter_amendments)
    .where(
        encounter_amendments.c.organization_id == bindparam("org"),
        encounter_amendments.c.encounter_id == bindparam("id"),
    )
    .order_by(encounter_amendments.c.created_at)
)
