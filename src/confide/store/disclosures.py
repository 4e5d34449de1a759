"""Disclosure requests, their decisions and reviews, and the accounting of disclosures. Ids,
status and times in the clear; what, to whom and why sealed under the peer's key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from confide.domain.ids import OrgId, PeerId, StaffId
from confide.errors import Conflict
from confide.store.tables import disclosure_accounting, disclosures

NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True, slots=True)
class DisclosureRow:
    id: str
    organization_id: OrgId
    peer_id: PeerId
    requested_by: StaffId
    requested_at: datetime
    status: str
    consent_id: str | None
    request: bytes
    decision: bytes
    reviewed_by: StaffId | None = None
    reviewed_at: datetime | None = None
    review_note: bytes | None = None
    released_at: datetime | None = None
    package: bytes | None = None


@dataclass(frozen=True, slots=True)
class AccountingRow:
    id: str
    organization_id: OrgId
    peer_id: PeerId
    disclosure_id: str
    disclosed_at: datetime
    required: bool
    entry: bytes


def _disclosure(r: Row[Any]) -> DisclosureRow:
    return DisclosureRow(
        r.id, r.organization_id, r.peer_id, r.requested_by, r.requested_at, r.status,
        r.consent_id, r.request, r.decision, r.reviewed_by, r.reviewed_at, r.review_note,
        r.released_at, r.package,
    )  # fmt: skip


def _entry(r: Row[Any]) -> AccountingRow:
    return AccountingRow(
        r.id, r.organization_id, r.peer_id, r.disclosure_id, r.disclosed_at, r.required, r.entry
    )


class DisclosureRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: DisclosureRow) -> None:
        self._c.execute(
            insert(disclosures).values(
                organization_id=row.organization_id, id=row.id, peer_id=row.peer_id,
                requested_by=row.requested_by, requested_at=row.requested_at,
                status=row.status, consent_id=row.consent_id, request=row.request,
                decision=row.decision, released_at=row.released_at, package=row.package,
            )
        )  # fmt: skip

    def get(self, org_id: OrgId, disclosure_id: str) -> DisclosureRow | None:
        r = self._c.execute(
            select(disclosures).where(
                disclosures.c.organization_id == org_id, disclosures.c.id == disclosure_id
            )
        ).first()
        return _disclosure(r) if r else None

    def by_status(self, org_id: OrgId, status: str) -> list[DisclosureRow]:
        query = (
            select(disclosures)
            .where(disclosures.c.organization_id == org_id, disclosures.c.status == status)
            .order_by(disclosures.c.requested_at, disclosures.c.id)
        )
        return [_disclosure(r) for r in self._c.execute(query)]

    def pending_for_peer(self, org_id: OrgId, peer_id: PeerId) -> bool:
        found = self._c.execute(
            select(disclosures.c.id)
            .where(
                disclosures.c.organization_id == org_id,
                disclosures.c.peer_id == peer_id,
                disclosures.c.status == NEEDS_REVIEW,
            )
            .limit(1)
        ).first()
        return found is not None

    def review(
        self,
        row: DisclosureRow,
        *,
        status: str,
        reviewer: StaffId,
        note: bytes,
        now: datetime,
        package: bytes | None = None,
    ) -> None:
        """Record the privacy officer's decision once; Conflict if it was already decided."""
        result = self._c.execute(
            update(disclosures)
            .where(
                disclosures.c.organization_id == row.organization_id,
                disclosures.c.id == row.id,
                disclosures.c.status == NEEDS_REVIEW,
            )
            .values(
                status=status, reviewed_by=reviewer, reviewed_at=now, review_note=note,
                package=package, released_at=now if package is not None else None,
            )
        )  # fmt: skip
        if result.rowcount != 1:
            raise Conflict("this request was already decided")

    def add_accounting(self, row: AccountingRow) -> None:
        self._c.execute(
            insert(disclosure_accounting).values(
                organization_id=row.organization_id, id=row.id, peer_id=row.peer_id,
                disclosure_id=row.disclosure_id, disclosed_at=row.disclosed_at,
                required=row.required, entry=row.entry,
            )
        )  # fmt: skip

    def accounting_for_peer(self, org_id: OrgId, peer_id: PeerId) -> list[AccountingRow]:
        query = (
            select(disclosure_accounting)
            .where(
                disclosure_accounting.c.organization_id == org_id,
                disclosure_accounting.c.peer_id == peer_id,
            )
            .order_by(disclosure_accounting.c.disclosed_at, disclosure_accounting.c.id)
        )
        return [_entry(r) for r in self._c.execute(query)]
