"""Confidentiality-talk acknowledgements: who heard which version of the talk, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from confide.domain.ids import OrgId, PeerId, StaffId
from confide.store.tables import confidentiality_acknowledgements as acks


@dataclass(frozen=True, slots=True)
class AcknowledgementRow:
    id: str
    peer_id: PeerId
    staff_id: StaffId
    talk_version: str
    acknowledged_at: datetime


class AcknowledgementRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, org_id: OrgId, row: AcknowledgementRow) -> None:
        self._c.execute(
            insert(acks).values(
                organization_id=org_id,
                id=row.id,
                peer_id=row.peer_id,
                staff_id=row.staff_id,
                talk_version=row.talk_version,
                acknowledged_at=row.acknowledged_at,
            )
        )

    def of_peer(self, org_id: OrgId, peer_id: PeerId) -> list[AcknowledgementRow]:
        rows = self._c.execute(
            select(acks)
            .where(acks.c.organization_id == org_id, acks.c.peer_id == peer_id)
            .order_by(acks.c.acknowledged_at)
        )
        return [
            AcknowledgementRow(r.id, r.peer_id, r.staff_id, r.talk_version, r.acknowledged_at)
            for r in rows
        ]
