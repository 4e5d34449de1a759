"""Organizations and programs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from confide.domain.disclosures import ProgramProfile
from confide.domain.ids import OrgId, ProgramId
from confide.domain.organizations import RegulatoryProfile
from confide.store.tables import organizations, programs


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    id: OrgId
    name: str
    created_at: datetime


class OrganizationRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, org_id: OrgId, name: str, created_at: datetime) -> None:
        self._c.execute(insert(organizations).values(id=org_id, name=name, created_at=created_at))

    def add_program(
        self,
        org_id: OrgId,
        program_id: ProgramId,
        name: str,
        profile: RegulatoryProfile,
        created_at: datetime,
        *,
        fundraises: bool = False,
        publicly_identified_sud: bool = False,
    ) -> None:
        self._c.execute(
            insert(programs).values(
                organization_id=org_id,
                id=program_id,
                name=name,
                jurisdiction=profile.jurisdiction,
                hipaa_covered_entity=profile.hipaa_covered_entity,
                part2_program=profile.part2_program,
                fundraises=fundraises,
                publicly_identified_sud=publicly_identified_sud,
                created_at=created_at,
            )
        )

    def by_name(self, name: str) -> OrganizationRow | None:
        row = self._c.execute(select(organizations).where(organizations.c.name == name)).first()
        return OrganizationRow(row.id, row.name, row.created_at) if row else None

    def get(self, org_id: OrgId) -> OrganizationRow | None:
        row = self._c.execute(select(organizations).where(organizations.c.id == org_id)).first()
        return OrganizationRow(row.id, row.name, row.created_at) if row else None

    def all(self) -> list[OrganizationRow]:
        rows = self._c.execute(select(organizations).order_by(organizations.c.name))
        return [OrganizationRow(r.id, r.name, r.created_at) for r in rows]

    def program_profile(
        self, org_id: OrgId, program_id: ProgramId | None
    ) -> ProgramProfile | None:
        """The profile of a program as the disclosure engine reads it: the one named, else the
        organization's first. Mandated-reporter duties are the reporting person's (staff)."""
        query = select(programs).where(programs.c.organization_id == org_id)
        if program_id is not None:
            query = query.where(programs.c.id == program_id)
        row = self._c.execute(query.order_by(programs.c.created_at, programs.c.id)).first()
        if row is None:
            return None
        return ProgramProfile(
            row.jurisdiction,
            row.hipaa_covered_entity,
            row.part2_program,
            fundraises=row.fundraises,
            publicly_identified_sud=row.publicly_identified_sud,
        )
