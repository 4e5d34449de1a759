"""Access events, appended in the same transaction as the work they record."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from confide.audit.events import AccessEvent
from confide.domain.ids import OrgId, PeerId
from confide.store.tables import access_events


class AuditRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def append(self, event: AccessEvent) -> None:
        self._c.execute(insert(access_events).values(**event.as_row()))

    def for_peer(self, org_id: OrgId, peer_id: PeerId) -> list[AccessEvent]:
        query = (
            select(access_events)
            .where(access_events.c.organization_id == org_id, access_events.c.peer_id == peer_id)
            .order_by(access_events.c.seq)
        )
        return [AccessEvent.from_row(r._asdict()) for r in self._c.execute(query)]

    def count(self) -> int:
        return len(self._c.execute(select(access_events.c.seq)).all())
