"""The audit log in the database: access events with their canonical bytes and chain links,
the Merkle tree's perfect subtrees, and signed tree heads. All three tables are append-only
(triggers from migration 0002).

Appends are serialized: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by the
write lock every confide transaction takes (BEGIN IMMEDIATE). Under it the next sequence number
is the last committed one plus one, so the log is gap-free and its order is commit order, even
with several worker processes. The lock is taken when the unit of work flushes its events, just
before COMMIT, so it is held for a few statements and the commit itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy import exc as sa_exc

from confide.audit import canonical, chain, merkle
from confide.audit.events import AccessEvent
from confide.audit.heads import SignedTreeHead
from confide.domain.ids import OrgId, PeerId
from confide.errors import LogTampered, Unavailable
from confide.store.tables import access_events, audit_heads, audit_tree

APPEND_LOCK = 0x636F6E66_69646531  # "confide1": the advisory lock that orders appends
_FETCH = 4096
T = TypeVar("T")
_EVENT_COLUMNS = tuple(c for c in AccessEvent.__dataclass_fields__ if c not in ("seq", "at"))


def _insert_sql(table: str, columns: tuple[str, ...], mark: str) -> str:
    """A positional INSERT for the driver's executemany (fixed names, bound values only)."""
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"  # noqa: S608
    )


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One row as verification reads it: position, the hashed bytes, the stored link."""

    seq: int
    canonical: bytes
    chain: bytes


class AuditRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection
        mark = self._mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        columns = ("seq", *_EVENT_COLUMNS, "at", "canonical", "chain")
        self._insert_events = _insert_sql("access_events", columns, mark)
        self._insert_nodes = _insert_sql("audit_tree", ("level", "idx", "hash"), mark)

    # -- appending ---------------------------------------------------------------------------
    def append(self, event: AccessEvent) -> int:
        """Append one event in the current transaction; returns its sequence number."""
        return self.append_many([event])[-1]

    def append_many(self, events: Sequence[AccessEvent]) -> list[int]:
        """Append events in order under the append lock; returns their sequence numbers."""
        if not events:
            return []
        self.lock()
        size, previous = self._last()
        known = self._nodes(merkle.Frontier.refs(size))
        frontier = merkle.Frontier.of(size, lambda level, idx: known[(level, idx)])
        rows: list[tuple[Any, ...]] = []
        seqs: list[int] = []
        at_type, dialect = access_events.c.at.type, self._c.dialect
        for event in events:
            size += 1
            data = canonical.encode(event, size)
            leaf = merkle.leaf_hash(data)
            previous = chain.link(previous, leaf)
            frontier.append(leaf)
            at = at_type.process_bind_param(event.at, dialect)  # type: ignore[attr-defined]
            rows.append((size, *(getattr(event, c) for c in _EVENT_COLUMNS), at, data, previous))
            seqs.append(size)
        try:
            self._c.exec_driver_sql(self._insert_events, rows)
            self._c.exec_driver_sql(self._insert_nodes, frontier.drain())
        except sa_exc.DBAPIError:
            raise Unavailable("the access could not be recorded; nothing was done") from None
        return seqs

    def lock(self) -> None:
        """Hold the append lock until the transaction ends (PostgreSQL; SQLite holds it)."""
        if self._c.dialect.name == "postgresql":
            self._c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": APPEND_LOCK})

    def _last(self) -> tuple[int, bytes]:
        query = select(access_events.c.seq, access_events.c.chain)
        row = self._c.execute(query.order_by(access_events.c.seq.desc()).limit(1)).first()
        return (0, chain.GENESIS) if row is None else (int(row.seq), bytes(row.chain))

    # -- reading -----------------------------------------------------------------------------
    def size(self) -> int:
        return int(
            self._c.execute(select(func.coalesce(func.max(access_events.c.seq), 0))).scalar_one()
        )

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(access_events)).scalar_one())

    def for_peer(self, org_id: OrgId, peer_id: PeerId) -> list[AccessEvent]:
        """The events about one peer, decoded from their hashed bytes (not the index columns)."""
        query = (
            select(access_events.c.canonical)
            .where(access_events.c.organization_id == org_id, access_events.c.peer_id == peer_id)
            .order_by(access_events.c.seq)
        )
        return [canonical.decode(bytes(r.canonical)) for r in self._c.execute(query)]

    def stored_for_peer(self, org_id: OrgId, peer_id: PeerId) -> list[tuple[int, bytes]]:
        """(seq, canonical bytes) of every event about one peer, in order."""
        c = access_events.c
        query = select(c.seq, c.canonical).where(c.organization_id == org_id, c.peer_id == peer_id)
        return [(int(q), bytes(d)) for q, d in self._c.execute(query.order_by(c.seq))]

    def event(self, seq: int) -> bytes | None:
        """The canonical bytes at `seq`, or None."""
        query = select(access_events.c.canonical).where(access_events.c.seq == seq)
        data = self._c.execute(query).scalar_one_or_none()
        return None if data is None else bytes(data)

    def stream(self, first: int = 1, last: int | None = None) -> Iterator[StoredEvent]:
        """Stored events in sequence order, fetched in pages."""
        query = select(access_events.c.seq, access_events.c.canonical, access_events.c.chain)
        query = query.where(access_events.c.seq >= first)
        if last is not None:
            query = query.where(access_events.c.seq <= last)
        result = self._c.execution_options(stream_results=True, yield_per=_FETCH).execute(
            query.order_by(access_events.c.seq)
        )
        for seq, data, link in result:
            yield StoredEvent(int(seq), bytes(data), bytes(link))

    def rows_for_verification(
        self, first: int = 1
    ) -> Iterator[tuple[int, bytes, bytes, str, str | None]]:
        """(seq, canonical, chain, organization_id, peer_id) in sequence order, streamed."""
        c = access_events.c
        query = select(c.seq, c.canonical, c.chain, c.organization_id, c.peer_id)
        result = self._c.execution_options(stream_results=True, yield_per=_FETCH).execute(
            query.where(c.seq >= first).order_by(c.seq)
        )
        for seq, data, link, org, peer in result:
            yield seq, bytes(data), bytes(link), org, peer

    def _nodes(self, refs: Iterable[merkle.NodeRef]) -> dict[merkle.NodeRef, bytes]:
        wanted = list(refs)
        if not wanted:
            return {}
        found: dict[merkle.NodeRef, bytes] = {}
        for start in range(0, len(wanted), 200):
            part = wanted[start : start + 200]
            where = " OR ".join([f"(level = {self._mark} AND idx = {self._mark})"] * len(part))
            query = f"SELECT level, idx, hash FROM audit_tree WHERE {where}"  # noqa: S608
            params = tuple(v for ref in part for v in ref)
            for level, idx, h in self._c.exec_driver_sql(query, params):
                found[(int(level), int(idx))] = bytes(h)
        return found

    def with_nodes(self, fn: Callable[[merkle.NodeSource], T]) -> T:
        """Run a tree computation over stored subtrees, fetching the ones it needs at once."""
        nodes = self._nodes(merkle.needed_nodes(fn))

        def node(level: int, idx: int) -> bytes:
            try:
                return nodes[(level, idx)]
            except KeyError:
                raise LogTampered((idx << level) + 1, "a stored tree node is missing") from None

        return fn(node)

    def root(self, size: int) -> bytes:
        return self.with_nodes(lambda node: merkle.root_from(size, node))

    def inclusion_path(self, seq: int, size: int) -> list[bytes]:
        return self.with_nodes(lambda node: merkle.inclusion_proof(seq - 1, size, node))

    def consistency_path(self, first: int, second: int) -> list[bytes]:
        return self.with_nodes(lambda node: merkle.consistency_proof(first, second, node))

    def head_at(self, size: int) -> SignedTreeHead | None:
        row = self._c.execute(select(audit_heads).where(audit_heads.c.size == size)).first()
        return None if row is None else _head(row)

    def stored_nodes(self, level: int) -> Iterator[tuple[int, bytes]]:
        t = audit_tree.c
        query = select(t.idx, t.hash).where(t.level == level).order_by(t.idx)
        for idx, h in self._c.execute(query):
            yield int(idx), bytes(h)

    # -- tree heads --------------------------------------------------------------------------
    def add_head(self, head: SignedTreeHead) -> None:
        self._c.execute(
            insert(audit_heads).values(
                size=head.size,
                root=head.root,
                signed_at=head.signed_at,
                key_id=head.key_id,
                signature=head.signature,
            )
        )

    def latest_head(self) -> SignedTreeHead | None:
        query = select(audit_heads).order_by(audit_heads.c.size.desc()).limit(1)
        row = self._c.execute(query).first()
        return None if row is None else _head(row)

    def heads(self) -> list[SignedTreeHead]:
        query = select(audit_heads).order_by(audit_heads.c.size)
        return [_head(r) for r in self._c.execute(query)]


def _head(row: Any) -> SignedTreeHead:
    return SignedTreeHead(
        size=int(row.size),
        root=bytes(row.root),
        signed_at=row.signed_at,
        key_id=str(row.key_id),
        signature=bytes(row.signature),
    )
