"""UnitOfWork: one database transaction around one use case.

`with uow:` begins; leaving the block without `uow.commit()` rolls back. Callbacks given to
`on_commit` run after a successful commit (mail, notifications). Driver exceptions are mapped
to confide's error tree here, with the chain cut, since a driver message can quote a row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, Transaction
from sqlalchemy import exc as sa_exc

from confide.audit.events import AccessEvent
from confide.crypto.keyring import Keyring
from confide.errors import ConfideError, Conflict, Unavailable
from confide.store.acknowledgements import AcknowledgementRepository
from confide.store.audit import AuditRepository
from confide.store.break_glass import BreakGlassRepository
from confide.store.care import CareRepository
from confide.store.consents import ConsentRepository
from confide.store.consultations import ConsultationRepository
from confide.store.disclosures import DisclosureRepository
from confide.store.encounters import EncounterRepository
from confide.store.keys import KeyRepository
from confide.store.mfa import MfaRepository
from confide.store.organizations import OrganizationRepository
from confide.store.peers import PeerRepository
from confide.store.plans import PlanRepository
from confide.store.relationships import RelationshipRepository
from confide.store.reviews import ReviewRepository
from confide.store.safety_flags import SafetyFlagRepository
from confide.store.sessions import SessionRepository
from confide.store.staff import StaffRepository

log = logging.getLogger(__name__)


def map_db_error(exc: BaseException) -> ConfideError:
    """The confide error a driver exception stands for. Never quotes the driver's message."""
    if isinstance(exc, sa_exc.IntegrityError):
        return Conflict("the change conflicts with stored data")
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return Unavailable("the database is busy; try again")
    if "disk" in text or "full" in text or "space" in text:
        return Unavailable("the database has no room to write; nothing was saved")
    return Unavailable("the database is unavailable; nothing was saved")


class UnitOfWork:
    """Repositories over one connection and one transaction."""

    def __init__(self, engine: Engine | Connection, keyring: Keyring) -> None:
        self._bind = engine
        self.keyring = keyring
        self._connection: Connection | None = None
        self._transaction: Transaction | None = None
        self._owns_connection = False
        self._callbacks: list[Callable[[], None]] = []
        self._denials: list[AccessEvent] = []
        self._committed = False

    def __enter__(self) -> Self:
        try:
            if isinstance(self._bind, Connection):
                self._connection = self._bind
                self._transaction = self._connection.begin_nested()
            else:
                self._connection = self._bind.connect()
                self._owns_connection = True
                self._transaction = self._connection.begin()
        except sa_exc.DBAPIError as exc:
            self._close()
            raise map_db_error(exc) from None
        self._committed = False
        self._callbacks = []
        self._denials = []
        self._bind_repositories(self._connection)
        return self

    def _bind_repositories(self, connection: Connection) -> None:
        self.organizations = OrganizationRepository(connection)
        self.staff = StaffRepository(connection)
        self.sessions = SessionRepository(connection)
        self.peers = PeerRepository(connection)
        self.keys = KeyRepository(connection, self.keyring)
        self.care = CareRepository(connection)
        self.relationships = RelationshipRepository(connection)
        self.encounters = EncounterRepository(connection)
        self.plans = PlanRepository(connection)
        self.audit = AuditRepository(connection)
        self.break_glass = BreakGlassRepository(connection)
        self.mfa = MfaRepository(connection, self.keyring)
        self.acknowledgements = AcknowledgementRepository(connection)
        self.reviews = ReviewRepository(connection)
        self.safety_flags = SafetyFlagRepository(connection)
        self.consents = ConsentRepository(connection)
        self.disclosures = DisclosureRepository(connection)
        self.consultations = ConsultationRepository(connection)

    def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("commit() outside `with uow:`")
        try:
            self._transaction.commit()
        except sa_exc.DBAPIError as exc:
            raise map_db_error(exc) from None
        self._committed = True

    def on_commit(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def record_denial(self, event: AccessEvent) -> None:
        """Keep a denial as evidence: it is written on its own after the work rolls back,
        so refusing one step of a use case never commits the steps before it."""
        self._denials.append(event)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            active = self._transaction is not None and self._transaction.is_active
            if not self._committed and active and self._transaction is not None:
                self._transaction.rollback()
        except sa_exc.DBAPIError:
            log.warning("rollback failed", extra={"error": "DBAPIError"})
        try:
            if not self._committed and self._denials and self._connection is not None:
                self._write_denials(self._connection)
        except sa_exc.DBAPIError as write_error:
            self._close()
            raise map_db_error(write_error) from None
        finally:
            self._close()
        if self._committed:
            for callback in self._callbacks:
                callback()
        if isinstance(exc, sa_exc.DBAPIError):
            raise map_db_error(exc) from None

    def _write_denials(self, connection: Connection) -> None:
        nested = isinstance(self._bind, Connection)
        transaction = connection.begin_nested() if nested else connection.begin()
        audit = AuditRepository(connection)
        for event in self._denials:
            audit.append(event)
        transaction.commit()
        self._denials = []

    def _close(self) -> None:
        if self._owns_connection and self._connection is not None:
            self._connection.close()
        self._connection = None
        self._owns_connection = False


UnitOfWorkFactory = Callable[[], UnitOfWork]
