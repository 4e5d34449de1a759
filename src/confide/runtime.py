"""What the edges receive from bootstrap: settings and a factory of units of work.

Kept apart from bootstrap.py so that the edges depend on this small value and bootstrap alone
knows every concrete class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from confide.config import Settings
from confide.crypto.keyring import Keyring
from confide.domain.ids import OrgId
from confide.services import UnitOfWork
from confide.services.sessions import SessionCache, SessionPolicy


@dataclass(frozen=True)
class Runtime:
    """What edges receive: settings, and a factory of units of work over the database."""

    settings: Settings
    engine: Engine
    keyring: Keyring
    session_policy: SessionPolicy
    uow_factory: Callable[[], UnitOfWork]
    sessions: SessionCache = field(default_factory=SessionCache)

    def uow(self) -> UnitOfWork:
        return self.uow_factory()

    def close(self) -> None:
        self.engine.dispose()

    def check_database(self) -> None:
        """Raise Unavailable unless the database answers a trivial query."""
        with self.uow() as uow:
            uow.organizations.get(OrgId("00000000-0000-0000-0000-000000000000"))
