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

import functools
import hashlib
import weakref
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy import exc as sa_exc

from confide.audit import canonical, chain, merkle, verify
from confide.audit.events import AccessEvent
from confide.audit.heads import SignedTreeHead
from confide.audit.verify import Row
from confide.domain.ids import OrgId, PeerId
from confide.errors import LogTampered, Unavailable
from confide.store.tables import PEER_EPOCH_BITS, access_events, audit_heads, audit_tree

APPEND_LOCK = 0x636F6E66_69646531  # "confide1": the advisory lock that orders appends
_FETCH = 4096
# Per statement: Connection.execution_options() would change the connection for good, and a
# grouped unit of work shares its connection with the use cases after it.
_STREAM = {"stream_results": True, "yield_per": _FETCH}
T = TypeVar("T")
# The columns the log is searched by, beside the canonical bytes (verification checks both).
_LOOKUP = ("organization_id", "peer_id")
_EPOCHS_PER_QUERY = 500  # epoch values bound in one peer query
# Perfect subtrees of 2**TREE_LEVEL leaves and up are stored; smaller ones are recomputed from
# one range of at most 2**TREE_LEVEL events (a proof needs at most two such ranges).
TREE_LEVEL = 5
_BLOCK = 1 << TREE_LEVEL


_LAST = (
    select(access_events.c.seq, access_events.c.chain)
    .order_by(access_events.c.seq.desc())
    .limit(1)
)


@functools.cache
def _insert_sql(table: str, columns: tuple[str, ...], mark: str) -> str:
    """A positional INSERT for the driver's executemany (fixed names, bound values only)."""
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"  # noqa: S608
    )


@functools.cache
def _copy_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN"


@functools.cache
def peer_events_sql(mark: str, epochs: int) -> str:
    """One peer's events in `epochs` epochs; the epoch expression is the index's own, written
    the same way so the planner uses it (a bound shift count would not match)."""
    return (
        "SELECT seq, canonical FROM access_events"  # noqa: S608 (fixed text, bound values)
        f" WHERE organization_id = {mark} AND peer_id = {mark}"
        f" AND (seq >> {PEER_EPOCH_BITS}) IN ({', '.join([mark] * epochs)}) ORDER BY seq"
    )


# Whether a row's lookup columns appear in its hashed bytes, evaluated by the database (a byte
# search in C, and on PostgreSQL in the server's process).
_ORG = "'\"organization_id\":\"' || organization_id || '\"'"
_PEER = (
    "CASE WHEN peer_id IS NULL THEN '\"peer_id\":null' "
    "ELSE '\"peer_id\":\"' || peer_id || '\"' END"
)
_AGREES_SQLITE = (
    f"(instr(canonical, CAST({_ORG} AS BLOB)) > 0 AND instr(canonical, CAST({_PEER} AS BLOB)) > 0)"
)
_AGREES_PG = (
    f"(position(convert_to({_ORG}, 'UTF8') in canonical) > 0"
    f" AND position(convert_to({_PEER}, 'UTF8') in canonical) > 0)"
)


def check_span_at(
    url: str, first: int, last: int, head_sizes: tuple[int, ...], level: int
) -> verify.Span:
    """In a worker process: check events first..last of the log at `url` on a connection of
    its own, reading outside any write transaction (audit/verify.py's check_span)."""
    from confide.store.engine import make_engine  # the worker builds its own engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            repo = AuditRepository(connection)
            previous = repo.link_before(first)
            with closing(repo.pages_for_verification(first, last)) as pages:
                return verify.check_span(pages, previous, first, last, head_sizes, level)
    except sa_exc.DBAPIError:
        raise Unavailable("the audit log could not be read") from None
    finally:
        engine.dispose()


def _block_nodes(block: int, events: list[tuple[int, bytes]]) -> dict[merkle.NodeRef, bytes]:
    """Every perfect subtree below TREE_LEVEL inside leaves [block * 2**k, (block+1) * 2**k),
    from that range's stored (seq, canonical) in order, up to the first missing one."""
    first = block * _BLOCK
    hashes: list[bytes] = []
    for seq, data in events:
        if seq != first + len(hashes) + 1:
            break
        hashes.append(merkle.leaf_hash(data))
    nodes: dict[merkle.NodeRef, bytes] = {}
    for level in range(TREE_LEVEL):
        base = first >> level
        nodes.update(((level, base + i), h) for i, h in enumerate(hashes))
        hashes = [merkle.node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes) - 1, 2)]
    return nodes


@dataclass(frozen=True, slots=True)
class _Tail:
    """Where this process's last append left the log: its size, last chain link and the
    tree's frontier (the perfect subtrees the next append builds on)."""

    size: int
    link: bytes
    stack: tuple[tuple[int, bytes], ...]


# Per engine (one database). A tail is used only when the log's stored size and last link
# still match it, so a rolled-back batch, another process's appends or a restored backup make
# the next append rebuild its frontier from the database.
_TAILS: weakref.WeakKeyDictionary[Engine, _Tail] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One row as verification reads it: position, the hashed bytes, the stored link."""

    seq: int
    canonical: bytes
    chain: bytes


class AuditRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"

    # -- appending ---------------------------------------------------------------------------
    def append(self, event: AccessEvent) -> None:
        """Append one event in the current transaction."""
        self.append_many([event])

    def append_many(self, events: Sequence[AccessEvent]) -> list[int]:
        """Append events in order under the append lock; returns their sequence numbers.

        One pass in Python per batch (canonical bytes, leaf, link, tree), then one write per
        table (`_write`). Tree nodes below TREE_LEVEL are not stored: they are recomputed from the
        events when a proof needs them."""
        if not events:
            return []
        self.lock()
        size, previous = self._last()
        frontier = self._frontier(size, previous)
        first = size + 1
        rows: list[tuple[Any, ...]] = []
        leaves: list[bytes] = []
        encode, sha = canonical.encode, hashlib.sha256
        leaf_prefix, link_prefix = merkle.LEAF_PREFIX, chain.CHAIN_PREFIX
        for seq, event in enumerate(events, start=first):
            data = encode(event, seq)
            leaf = sha(leaf_prefix + data).digest()
            previous = sha(link_prefix + previous + leaf).digest()
            leaves.append(leaf)
            rows.append((seq, event.organization_id, event.peer_id, data, previous))
        frontier.extend(leaves)
        try:
            self._write("access_events", ("seq", *_LOOKUP, "canonical", "chain"), rows)
            nodes = frontier.drain()
            if nodes:
                self._write("audit_tree", ("level", "idx", "hash"), nodes)
        except (sa_exc.DBAPIError, self._c.dialect.loaded_dbapi.Error):
            raise Unavailable("the access could not be recorded; nothing was done") from None
        _TAILS[self._c.engine] = _Tail(frontier.size, previous, tuple(frontier.stack))
        return list(range(first, first + len(events)))

    def _frontier(self, size: int, link: bytes) -> merkle.Frontier:
        """The tree's frontier at `size`: this process's own from its last append when the
        log still ends where that append left it (same size, same last link: nothing else was
        appended, and nothing was rolled back), else rebuilt from the stored subtrees."""
        tail = _TAILS.get(self._c.engine)
        if tail is not None and tail.size == size and tail.link == link:
            return merkle.Frontier(size=size, stack=list(tail.stack), store_from=TREE_LEVEL)
        known = self._nodes(merkle.Frontier.refs(size))
        return merkle.Frontier.of(
            size, lambda level, idx: known[(level, idx)], store_from=TREE_LEVEL
        )

    def _write(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Insert rows: SQLite by executemany; PostgreSQL by COPY on the same connection and
        transaction (one stream instead of a statement per row; row triggers still fire)."""
        if self._c.dialect.name != "postgresql":
            self._c.exec_driver_sql(_insert_sql(table, columns, self._mark), rows)
            return
        raw = self._c.connection.driver_connection
        if raw is None:
            raise Unavailable("the access could not be recorded; nothing was done")
        with raw.cursor() as cursor, cursor.copy(_copy_sql(table, columns)) as copy:
            for row in rows:
                copy.write_row(row)

    def lock(self) -> None:
        """Hold the append lock until the transaction ends (PostgreSQL; SQLite holds it)."""
        if self._c.dialect.name == "postgresql":
            self._c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": APPEND_LOCK})

    def _last(self) -> tuple[int, bytes]:
        row = self._c.execute(_LAST).first()
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
        return [canonical.decode(data) for _, data in self.stored_for_peer(org_id, peer_id)]

    def stored_for_peer(self, org_id: OrgId, peer_id: PeerId) -> list[tuple[int, bytes]]:
        """(seq, canonical bytes) of every event about one peer, in order: one seek of the
        (epoch, peer_id) index per epoch of the log, a few hundred epochs per statement."""
        epochs = (self.size() >> PEER_EPOCH_BITS) + 1
        found: list[tuple[int, bytes]] = []
        for start in range(0, epochs, _EPOCHS_PER_QUERY):
            count = min(_EPOCHS_PER_QUERY, epochs - start)
            sql = peer_events_sql(self._mark, count)
            params = (org_id, peer_id, *range(start, start + count))
            found.extend((int(q), bytes(d)) for q, d in self._c.exec_driver_sql(sql, params))
        return found

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
        result = self._c.execute(query.order_by(access_events.c.seq), execution_options=_STREAM)
        for seq, data, link in result:
            yield StoredEvent(int(seq), bytes(data), bytes(link))

    def pages_for_verification(
        self, first: int = 1, last: int | None = None
    ) -> Generator[list[Row]]:
        """(seq, canonical, chain, columns_agree) of seqs first..last in order, paged straight
        from the driver (no per-row SQLAlchemy objects; on PostgreSQL a server-side cursor).
        columns_agree: the database found the row's organization_id and peer_id columns, as
        the canonical bytes spell them, inside the canonical bytes. On SQLite outside a
        transaction it is one read snapshot."""
        agrees = _AGREES_PG if self._c.dialect.name == "postgresql" else _AGREES_SQLITE
        columns = f"seq, canonical, chain, {agrees}"
        where = f"seq >= {self._mark} AND seq <= {self._mark}"
        sql = f"SELECT {columns} FROM access_events WHERE {where} ORDER BY seq"  # noqa: S608
        yield from self._pages(sql, (first, last if last is not None else 2**62), server_side=True)

    def link_before(self, seq: int) -> bytes:
        """The stored chain link of event seq - 1 (the genesis link before event 1)."""
        if seq <= 1:
            return chain.GENESIS
        sql = f"SELECT chain FROM access_events WHERE seq = {self._mark}"  # noqa: S608
        rows = [row for page in self._pages(sql, (seq - 1,)) for row in page]
        return bytes(rows[0][0]) if rows else b""

    def worker_url(self) -> str:
        """The database URL, for worker processes that read the log on their own connections
        (on PostgreSQL with this connection's search_path, which may come from options)."""
        url = self._c.engine.url
        if self._c.dialect.name == "postgresql":
            path = str(self._c.exec_driver_sql("SHOW search_path").scalar_one())
            url = url.update_query_dict({"options": "-csearch_path=" + path.replace(" ", "\\ ")})
        return url.render_as_string(hide_password=False)

    def _pages(
        self, sql: str, params: tuple[Any, ...], *, server_side: bool = False
    ) -> Generator[list[Any]]:
        raw = self._c.connection.driver_connection
        if raw is None:
            raise Unavailable("the audit log could not be read")
        named = server_side and self._c.dialect.name == "postgresql"
        cursor = raw.cursor(name="confide_log") if named else raw.cursor()
        try:
            cursor.execute(sql, params)
            while page := cursor.fetchmany(_FETCH):
                yield page
        except self._c.dialect.loaded_dbapi.Error:
            raise Unavailable("the audit log could not be read") from None
        finally:
            cursor.close()

    def _nodes(self, refs: Iterable[merkle.NodeRef]) -> dict[merkle.NodeRef, bytes]:
        """The hashes of perfect subtrees `refs`: stored ones read, small ones recomputed from
        the events of their 32-event blocks. One statement (one round trip) for all of it:
        stored nodes as (level, idx, hash), block events as (-1, seq, canonical)."""
        wanted = set(refs)
        stored = sorted(r for r in wanted if r[0] >= TREE_LEVEL)
        blocks = sorted({(i << lv) >> TREE_LEVEL for lv, i in wanted if lv < TREE_LEVEL})
        mark, parts, params = self._mark, list[str](), list[int]()
        for start in range(0, len(stored), 200):
            part = stored[start : start + 200]
            where = " OR ".join([f"(level = {mark} AND idx = {mark})"] * len(part))
            parts.append(f"SELECT level, idx, hash FROM audit_tree WHERE {where}")  # noqa: S608
            params.extend(v for ref in part for v in ref)
        in_block = f"SELECT -1, seq, canonical FROM access_events WHERE seq > {mark}"  # noqa: S608
        for block in blocks:
            parts.append(f"{in_block} AND seq <= {mark}")
            params.extend((block * _BLOCK, (block + 1) * _BLOCK))
        found: dict[merkle.NodeRef, bytes] = {}
        if not parts:
            return found
        events: dict[int, list[tuple[int, bytes]]] = {block: [] for block in blocks}
        sql = " UNION ALL ".join(parts) + " ORDER BY 1, 2"
        for level, idx, data in self._c.exec_driver_sql(sql, tuple(params)):
            if level >= 0:
                found[(int(level), int(idx))] = bytes(data)
            else:
                events[(int(idx) - 1) >> TREE_LEVEL].append((int(idx), bytes(data)))
        for block in blocks:
            found.update(_block_nodes(block, events[block]))
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
