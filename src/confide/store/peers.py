"""Peers: rows hold ciphertext; search goes through blind-index digests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from confide.domain.ids import OrgId, PeerId, ProgramId
from confide.domain.peers import PeerStatus
from confide.errors import Conflict
from confide.store.tables import care_team, peer_search, peers


@dataclass(frozen=True, slots=True)
class PeerRow:
    id: PeerId
    organization_id: OrgId
    program_id: ProgramId | None
    alias_only: bool
    status: PeerStatus
    identity: bytes | None
    version: int
    created_at: datetime
    updated_at: datetime


def _row(r: Row[Any]) -> PeerRow:
    return PeerRow(
        r.id,
        r.organization_id,
        r.program_id,
        r.alias_only,
        PeerStatus(r.status),
        r.identity,
        r.version,
        r.created_at,
        r.updated_at,
    )


class PeerRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: PeerRow) -> None:
        self._c.execute(
            insert(peers).values(
                organization_id=row.organization_id,
                id=row.id,
                program_id=row.program_id,
                alias_only=row.alias_only,
                status=row.status,
                identity=row.identity,
                version=row.version,
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )

    def get(self, org_id: OrgId, peer_id: PeerId) -> PeerRow | None:
        r = self._c.execute(
            select(peers).where(peers.c.organization_id == org_id, peers.c.id == peer_id)
        ).first()
        return _row(r) if r else None

    def many(self, org_id: OrgId, peer_ids: list[PeerId]) -> list[PeerRow]:
        if not peer_ids:
            return []
        query = select(peers).where(peers.c.organization_id == org_id, peers.c.id.in_(peer_ids))
        return [_row(r) for r in self._c.execute(query)]

    def on_care_team_of(self, org_id: OrgId, staff_id: str) -> list[PeerRow]:
        query = (
            select(peers)
            .join(
                care_team,
                (care_team.c.organization_id == peers.c.organization_id)
                & (care_team.c.peer_id == peers.c.id),
            )
            .where(care_team.c.organization_id == org_id, care_team.c.staff_id == staff_id)
            .order_by(peers.c.created_at)
        )
        return [_row(r) for r in self._c.execute(query)]

    def update_identity(
        self, org_id: OrgId, peer_id: PeerId, identity: bytes, version: int, now: datetime
    ) -> None:
        """Optimistic update: Conflict when someone else saved first."""
        result = self._c.execute(
            update(peers)
            .where(
                peers.c.organization_id == org_id,
                peers.c.id == peer_id,
                peers.c.version == version,
            )
            .values(identity=identity, version=version + 1, updated_at=now)
        )
        if result.rowcount != 1:
            raise Conflict(f"peer {peer_id} changed since version {version}")

    def mark_destroyed(self, org_id: OrgId, peer_id: PeerId, now: datetime) -> None:
        self._c.execute(
            update(peers)
            .where(peers.c.organization_id == org_id, peers.c.id == peer_id)
            .values(identity=None, status=PeerStatus.DESTROYED, updated_at=now)
        )
        self.set_search_digests(org_id, peer_id, [])

    def set_search_digests(
        self, org_id: OrgId, peer_id: PeerId, digests: list[tuple[str, bytes]]
    ) -> None:
        self._c.execute(
            delete(peer_search).where(
                peer_search.c.organization_id == org_id, peer_search.c.peer_id == peer_id
            )
        )
        unique = sorted(set(digests))
        if unique:
            self._c.execute(
                insert(peer_search),
                [
                    {"organization_id": org_id, "peer_id": peer_id, "kind": k, "digest": d}
                    for k, d in unique
                ],
            )

    def search(self, org_id: OrgId, kind: str, digest: bytes) -> list[PeerId]:
        query = select(peer_search.c.peer_id).where(
            peer_search.c.organization_id == org_id,
            peer_search.c.kind == kind,
            peer_search.c.digest == digest,
        )
        return [PeerId(r.peer_id) for r in self._c.execute(query)]
