"""Consultation copies: de-identified copies of signed notes shared for case consultation.
Rows hold ids, times and the sealed copy; nothing here is plaintext about a peer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from confide.domain.ids import EncounterId, OrgId, PeerId, StaffId
from confide.domain.peers import PeerStatus
from confide.store.tables import consultations, peers

LIMIT = 500


@dataclass(frozen=True, slots=True)
class ConsultationRow:
    id: str
    organization_id: OrgId
    peer_id: PeerId
    encounter_id: EncounterId
    shared_by: StaffId
    recipient_id: StaffId
    shared_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    copy: bytes | None  # sealed under the peer's key; None once revoked

    @property
    def ends_at(self) -> datetime | None:
        """When the copy stops being readable by its recipient: revocation or expiry."""
        ends = [t for t in (self.revoked_at, self.expires_at) if t is not None]
        return min(ends) if ends else None


def _row(r: Row[Any]) -> ConsultationRow:
    return ConsultationRow(
        r.id, r.organization_id, r.peer_id, r.encounter_id, r.shared_by, r.recipient_id,
        r.shared_at, r.expires_at, r.revoked_at, r.copy,
    )  # fmt: skip


class ConsultationRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: ConsultationRow) -> None:
        values = {name: getattr(row, name) for name in ConsultationRow.__slots__}
        self._c.execute(insert(consultations).values(**values))

    def get(self, org_id: OrgId, consultation_id: str) -> ConsultationRow | None:
        r = self._c.execute(
            select(consultations).where(
                consultations.c.organization_id == org_id, consultations.c.id == consultation_id
            )
        ).first()
        return _row(r) if r else None

    def received(
        self, org_id: OrgId, recipient_id: StaffId, now: datetime
    ) -> list[ConsultationRow]:
        """Copies shared with `recipient_id` that are still readable (not revoked, not expired,
        the peer not shredded), newest first."""
        c = consultations.c
        query = (
            self._of_live_peers(org_id)
            .where(
                c.recipient_id == recipient_id,
                c.revoked_at.is_(None),
                (c.expires_at.is_(None)) | (c.expires_at > now),
            )
            .order_by(c.shared_at.desc(), c.id)
            .limit(LIMIT)
        )
        return [_row(r) for r in self._c.execute(query)]

    def sent(self, org_id: OrgId, sharer_id: StaffId) -> list[ConsultationRow]:
        """Copies `sharer_id` shared, in any state (the peer not shredded), newest first."""
        c = consultations.c
        query = (
            self._of_live_peers(org_id)
            .where(c.shared_by == sharer_id)
            .order_by(c.shared_at.desc(), c.id)
            .limit(LIMIT)
        )
        return [_row(r) for r in self._c.execute(query)]

    def _of_live_peers(self, org_id: OrgId) -> Any:
        c = consultations.c
        return (
            select(consultations)
            .join(
                peers,
                (peers.c.organization_id == c.organization_id) & (peers.c.id == c.peer_id),
            )
            .where(c.organization_id == org_id, peers.c.status == PeerStatus.ACTIVE)
        )

    def revoke(self, row: ConsultationRow, now: datetime) -> None:
        """The share ends now and its copy is destroyed; the row stays as the record of it."""
        self._c.execute(
            update(consultations)
            .where(
                consultations.c.organization_id == row.organization_id,
                consultations.c.id == row.id,
            )
            .values(revoked_at=now, copy=None)
        )
