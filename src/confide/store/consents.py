"""Consents and their versions: ids, form and times in the clear, the scope and the signature
sealed under the peer's key (the service seals and opens)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from confide.domain.ids import OrgId, PeerId, StaffId
from confide.errors import Conflict
from confide.store.tables import consent_versions, consents


@dataclass(frozen=True, slots=True)
class ConsentRow:
    id: str
    organization_id: OrgId
    peer_id: PeerId
    form: str
    version: int
    created_by: StaffId
    created_at: datetime
    updated_at: datetime
    revoked_at: datetime | None = None
    revoked_by: StaffId | None = None
    revocation_source: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentVersionRow:
    consent_id: str
    version: int
    organization_id: OrgId
    peer_id: PeerId
    body: bytes
    created_by: StaffId
    created_at: datetime
    signature: bytes | None = None
    signed_at: datetime | None = None
    signed_by: StaffId | None = None


def _consent(r: Row[Any]) -> ConsentRow:
    return ConsentRow(
        r.id, r.organization_id, r.peer_id, r.form, r.version, r.created_by, r.created_at,
        r.updated_at, r.revoked_at, r.revoked_by, r.revocation_source,
    )  # fmt: skip


def _version(r: Row[Any]) -> ConsentVersionRow:
    return ConsentVersionRow(
        r.consent_id, r.version, r.organization_id, r.peer_id, r.body, r.created_by,
        r.created_at, r.signature, r.signed_at, r.signed_by,
    )  # fmt: skip


class ConsentRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: ConsentRow, first: ConsentVersionRow) -> None:
        self._c.execute(
            insert(consents).values(
                organization_id=row.organization_id, id=row.id, peer_id=row.peer_id,
                form=row.form, version=row.version, created_by=row.created_by,
                created_at=row.created_at, updated_at=row.updated_at,
            )
        )  # fmt: skip
        self.add_version(first)

    def add_version(self, row: ConsentVersionRow) -> None:
        self._c.execute(
            insert(consent_versions).values(
                organization_id=row.organization_id, consent_id=row.consent_id,
                version=row.version, peer_id=row.peer_id, body=row.body,
                created_by=row.created_by, created_at=row.created_at,
            )
        )  # fmt: skip

    def get(self, org_id: OrgId, consent_id: str) -> ConsentRow | None:
        r = self._c.execute(
            select(consents).where(
                consents.c.organization_id == org_id, consents.c.id == consent_id
            )
        ).first()
        return _consent(r) if r else None

    def for_peer(self, org_id: OrgId, peer_id: PeerId) -> list[ConsentRow]:
        query = (
            select(consents)
            .where(consents.c.organization_id == org_id, consents.c.peer_id == peer_id)
            .order_by(consents.c.created_at, consents.c.id)
        )
        return [_consent(r) for r in self._c.execute(query)]

    def version(self, org_id: OrgId, consent_id: str, version: int) -> ConsentVersionRow:
        r = self._c.execute(
            select(consent_versions).where(
                consent_versions.c.organization_id == org_id,
                consent_versions.c.consent_id == consent_id,
                consent_versions.c.version == version,
            )
        ).first()
        if r is None:
            raise Conflict("consent version not found")
        return _version(r)

    def versions(self, org_id: OrgId, consent_id: str) -> list[ConsentVersionRow]:
        query = (
            select(consent_versions)
            .where(
                consent_versions.c.organization_id == org_id,
                consent_versions.c.consent_id == consent_id,
            )
            .order_by(consent_versions.c.version)
        )
        return [_version(r) for r in self._c.execute(query)]

    def bump(self, row: ConsentRow, *, now: datetime) -> int:
        """Make room for a new version; Conflict when someone else changed it first."""
        new = row.version + 1
        self._guarded(row, version=new, updated_at=now)
        return new

    def sign(
        self, row: ConsentRow, *, signature: bytes, signed_by: StaffId, now: datetime
    ) -> None:
        result = self._c.execute(
            update(consent_versions)
            .where(
                consent_versions.c.organization_id == row.organization_id,
                consent_versions.c.consent_id == row.id,
                consent_versions.c.version == row.version,
                consent_versions.c.signed_at.is_(None),
            )
            .values(signature=signature, signed_at=now, signed_by=signed_by)
        )
        if result.rowcount != 1:
            raise Conflict("this version is already signed")
        self._guarded(row, updated_at=now)

    def revoke(self, row: ConsentRow, *, by: StaffId, source: str, now: datetime) -> None:
        self._guarded(row, revoked_at=now, revoked_by=by, revocation_source=source, updated_at=now)

    def _guarded(self, row: ConsentRow, **values: Any) -> None:
        result = self._c.execute(
            update(consents)
            .where(
                consents.c.organization_id == row.organization_id,
                consents.c.id == row.id,
                consents.c.version == row.version,
                consents.c.revoked_at.is_(None),
            )
            .values(**values)
        )
        if result.rowcount != 1:
            raise Conflict("the consent changed or was revoked; reload it")
