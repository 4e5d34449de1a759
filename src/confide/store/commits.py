"""Group commit: the use cases of many requests run as savepoints of one shared transaction,
and one durable COMMIT answers them all.

Each unit of work joins the open batch (one connection, one transaction), runs as a SAVEPOINT
and releases or rolls it back; its access events (allowed ones with the work, denials after
the rollback) wait in the batch. When no use case is running on the batch and none is waiting
to join it (or it holds `max_members`), one of the waiting requests becomes the leader: it
appends every event of the batch with one `append_many` under the append lock, COMMITs, and
wakes the others. A unit of work returns only after its batch is durable, so a response never
carries work or an event that a power loss could take back; if the COMMIT fails, every member
gets `Unavailable` and nothing of the batch is kept, events included.

Use cases on one batch run one at a time (they share a connection). SQLite runs one writer at
a time anyway; on PostgreSQL the next batch runs while the previous one commits, and the append
lock is held for one `append_many` and one COMMIT per batch instead of per request.

A database error other than a constraint conflict inside a member breaks the batch (SQLite may
have rolled back the whole transaction): it is committed no further, and its members get
`Unavailable`. A constraint conflict only rolls back its own savepoint.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, Transaction
from sqlalchemy import exc as sa_exc

from confide.audit.events import AccessEvent
from confide.crypto.keyring import Keyring
from confide.errors import ConfideError, Unavailable
from confide.store.audit import AuditRepository
from confide.store.uow import UnitOfWork, map_db_error

log = logging.getLogger(__name__)

MAX_MEMBERS = 128


class _Batch:
    """One shared transaction and what its members left in it."""

    def __init__(
        self, connection: Connection, transaction: Transaction, cond: threading.Condition
    ) -> None:
        self.connection = connection
        self.transaction = transaction
        self.cond = cond  # its members wait here, on the group's lock
        self.events: list[AccessEvent] = []
        self.members = 0
        self.broken = False
        self.done = False
        self.error: ConfideError | None = None

    def finish(self) -> None:
        """Append the batch's events and COMMIT; on any failure keep nothing."""
        try:
            if self.broken:
                raise Unavailable("the database failed during this request; nothing was saved")
            AuditRepository(self.connection).append_many(self.events)
            self.transaction.commit()
        except ConfideError as exc:
            self.error = exc
        except sa_exc.DBAPIError as exc:
            self.error = map_db_error(exc)
        except Exception as exc:  # a bug must not leave waiters hanging
            log.error("batch commit failed", extra={"error": type(exc).__name__})
            self.error = Unavailable("the database is unavailable; nothing was saved")
        finally:
            self.close()

    def close(self) -> None:
        try:
            if self.transaction.is_active:
                self.transaction.rollback()
        except sa_exc.DBAPIError:
            log.warning("batch rollback failed", extra={"error": "DBAPIError"})
        finally:
            self.connection.close()


class CommitGroup:
    """Batches units of work of one process into shared transactions (see the module doc)."""

    def __init__(self, engine: Engine, *, max_members: int = MAX_MEMBERS) -> None:
        self.engine = engine
        self._max = max_members
        self._overlap = engine.dialect.name != "sqlite"  # SQLite: one writer at a time
        self._lock = threading.Lock()
        self._joinable = threading.Condition(self._lock)  # threads waiting to join
        self._open: _Batch | None = None
        self._busy: int | None = None  # the thread running a use case on the open batch
        self._committing = False
        self._queued = 0
        self.batches_committed = 0

    @property
    def queued(self) -> int:
        """Threads waiting to join the open batch (for tests and metrics)."""
        return self._queued

    def join(self) -> _Batch:
        """The open batch, reserved for the calling thread until `leave`."""
        me = threading.get_ident()
        with self._lock:
            if self._busy == me:
                raise RuntimeError("a unit of work is already open in this thread")
            self._queued += 1
            try:
                self._joinable.wait_for(self._can_join)
            finally:
                self._queued -= 1
            self._busy = me
            batch = self._open
        if batch is not None:
            return batch
        try:
            connection = self.engine.connect()
            batch = _Batch(connection, connection.begin(), threading.Condition(self._lock))
        except sa_exc.DBAPIError as exc:
            with self._lock:
                self._busy = None
                self._joinable.notify()
            raise map_db_error(exc) from None
        with self._lock:
            self._open = batch
        return batch

    def _can_join(self) -> bool:
        if self._busy is not None:
            return False
        if self._open is None:
            return self._overlap or not self._committing
        return not self._open.broken and self._open.members < self._max

    def leave(self, batch: _Batch, events: list[AccessEvent], *, kept: bool, broken: bool) -> bool:
        """Hand back the batch; True when the caller must `wait` for its COMMIT (then it
        checks whether to lead; wakeups are one at a time, never the whole crowd)."""
        idle = False
        with self._lock:
            self._busy = None
            batch.events.extend(events)
            batch.broken |= broken
            batch.members += kept
            must_wait = batch.members > 0 or batch.broken
            if not must_wait and self._open is batch and self._queued == 0:
                self._open, idle = None, True  # nothing to keep: free the connection
            if self._queued:
                self._joinable.notify()
        if idle:
            batch.close()
        return must_wait

    def wait(self, batch: _Batch) -> None:
        """Return once `batch` is durable; raise its error if it failed. The first waiter to
        find the batch idle commits it for everyone."""
        with self._lock:
            batch.cond.wait_for(lambda: batch.done or self._may_lead(batch))
            lead = not batch.done
            if lead:
                self._open, self._committing = None, True
                if self._overlap and self._queued:
                    self._joinable.notify()  # the next batch opens while this one commits
        if lead:
            self._lead(batch)
        if batch.error is not None:
            raise batch.error

    def _lead(self, batch: _Batch) -> None:
        try:
            batch.finish()
        finally:
            with self._lock:
                self._committing, batch.done = False, True
                self.batches_committed += batch.error is None
                batch.cond.notify_all()  # its members: their responses may go
                if self._open is not None:
                    self._open.cond.notify()  # one member of the next batch may lead now
                elif self._queued:
                    self._joinable.notify()

    def _may_lead(self, batch: _Batch) -> bool:
        if self._open is not batch or self._busy is not None or self._committing:
            return False
        return self._queued == 0 or batch.members >= self._max or batch.broken


class _QueuedAudit(AuditRepository):
    """The audit repository of a grouped unit of work: appends wait in the unit of work and
    reach the log with its batch, just before the batch's COMMIT."""

    def __init__(self, connection: Connection, queue: list[AccessEvent]) -> None:
        super().__init__(connection)
        self._queue = queue

    def append_many(self, events: Sequence[AccessEvent]) -> list[int]:
        """Queue `events`; their sequence numbers are given at the batch's COMMIT."""
        self._queue.extend(events)
        return []


class GroupedUnitOfWork(UnitOfWork):
    """A unit of work that runs as a savepoint of its group's open batch and returns from
    `with` only once that batch is durable."""

    def __init__(self, group: CommitGroup, keyring: Keyring) -> None:
        super().__init__(group.engine, keyring)
        self._group = group
        self._batch: _Batch | None = None
        self._queue: list[AccessEvent] = []
        self._broken = False

    def __enter__(self) -> Self:
        batch = self._group.join()
        try:
            self._transaction = batch.connection.begin_nested()
        except sa_exc.DBAPIError as exc:
            if self._group.leave(batch, [], kept=False, broken=True):
                self._group.wait(batch)
            raise map_db_error(exc) from None
        self._batch, self._connection = batch, batch.connection
        self._committed, self._broken = False, False
        self._callbacks, self._denials, self._queue = [], [], []
        self._bind_repositories(batch.connection)
        self.audit = _QueuedAudit(batch.connection, self._queue)
        return self

    def commit(self) -> None:
        try:
            super().commit()
        except ConfideError:
            self._broken = True
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        batch, self._batch, self._connection = self._batch, None, None
        if batch is None:
            return
        broken = self._broken or _breaks_batch(exc)
        try:
            open_savepoint = self._transaction is not None and self._transaction.is_active
            if not self._committed and open_savepoint and self._transaction is not None:
                self._transaction.rollback()
        except sa_exc.DBAPIError:
            broken = True
        events = self._queue if self._committed else self._denials
        if self._group.leave(batch, list(events), kept=bool(events) or self._committed,
                             broken=broken):  # fmt: skip
            self._group.wait(batch)
        if self._committed:
            for callback in self._callbacks:
                callback()
        if isinstance(exc, sa_exc.DBAPIError):
            raise map_db_error(exc) from None


def _breaks_batch(exc: BaseException | None) -> bool:
    return isinstance(exc, sa_exc.DBAPIError) and not isinstance(exc, sa_exc.IntegrityError)
