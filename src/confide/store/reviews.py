"""Supervision review: supervisees' signed notes, and supervisors' co-signatures on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from confide.domain.encounters import EncounterStatus
from confide.domain.ids import EncounterId, OrgId, StaffId
from confide.store.encounters import EncounterRow, _row
from confide.store.tables import encounter_cosignatures as cosigns
from confide.store.tables import encounters, supervision


@dataclass(frozen=True, slots=True)
class CosignatureRow:
    encounter_id: EncounterId
    supervisor_id: StaffId
    cosigned_at: datetime


class ReviewRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def awaiting_cosign(self, org_id: OrgId, supervisor_id: StaffId) -> list[EncounterRow]:
        """Signed notes by the supervisor's supervisees that nobody has co-signed yet."""
        supervisees = select(supervision.c.supervisee_id).where(
            supervision.c.organization_id == org_id,
            supervision.c.supervisor_id == supervisor_id,
        )
        cosigned = select(cosigns.c.encounter_id).where(cosigns.c.organization_id == org_id)
        query = (
            select(encounters)
            .where(
                encounters.c.organization_id == org_id,
                encounters.c.author_id.in_(supervisees),
                encounters.c.status.in_([EncounterStatus.SIGNED, EncounterStatus.AMENDED]),
                encounters.c.id.not_in(cosigned),
            )
            .order_by(encounters.c.signed_at)
        )
        return [_row(r) for r in self._c.execute(query)]

    def cosignature(self, org_id: OrgId, encounter_id: EncounterId) -> CosignatureRow | None:
        r = self._c.execute(
            select(cosigns).where(
                cosigns.c.organization_id == org_id, cosigns.c.encounter_id == encounter_id
            )
        ).first()
        return CosignatureRow(r.encounter_id, r.supervisor_id, r.cosigned_at) if r else None

    def cosign(
        self, org_id: OrgId, encounter_id: EncounterId, supervisor_id: StaffId, now: datetime
    ) -> None:
        self._c.execute(
            insert(cosigns).values(
                organization_id=org_id,
                encounter_id=encounter_id,
                supervisor_id=supervisor_id,
                cosigned_at=now,
            )
        )
