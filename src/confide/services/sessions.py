"""Staff login and sessions: argon2id passwords, lockout, opaque tokens stored hashed."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from confide.domain.actors import Actor
from confide.domain.ids import OrgId
from confide.errors import Unauthenticated
from confide.services.passwords import DUMMY_HASH, password_matches
from confide.store.sessions import SessionRow
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle_timeout_s: int = 15 * 60
    lifetime_s: int = 12 * 3600
    max_failures: int = 5
    lockout_s: int = 15 * 60


@dataclass(frozen=True, slots=True)
class LoginResult:
    token: str
    actor: Actor
    expires_at: datetime


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


FAILED = "username or password is wrong, or the account is locked"


def log_in(
    username: str,
    password: str,
    *,
    now: datetime,
    policy: SessionPolicy,
    uow: UnitOfWork,
    organization_id: OrgId | None = None,
) -> LoginResult:
    """Check a password and open a session. One message for every failure."""
    with uow:
        matches = uow.staff.by_username(username, organization_id)
        account = matches[0] if len(matches) == 1 else None
        if account is None or not account.active:
            password_matches(DUMMY_HASH, password)  # same cost whether or not the user exists
            raise Unauthenticated(FAILED)
        if account.locked_until is not None and account.locked_until > now:
            raise Unauthenticated(FAILED)
        if not password_matches(account.password_hash, password):
            failures = account.failed_logins + 1
            locked = now + timedelta(seconds=policy.lockout_s)
            uow.staff.record_login_failure(
                account.organization_id,
                account.id,
                failures,
                locked if failures >= policy.max_failures else None,
            )
            uow.commit()
            raise Unauthenticated(FAILED)
        uow.staff.record_login_success(account.organization_id, account.id)
        token = secrets.token_urlsafe(32)
        expires_at = now + timedelta(seconds=policy.lifetime_s)
        uow.sessions.add(
            SessionRow(
                token_hash(token), account.organization_id, account.id, now, now, expires_at
            )
        )
        uow.commit()
    actor = Actor(account.id, account.organization_id, account.roles, account.username)
    return LoginResult(token, actor, expires_at)


def authenticate(token: str, *, now: datetime, policy: SessionPolicy, uow: UnitOfWork) -> Actor:
    """The actor behind a session token; Unauthenticated when absent, idle or expired."""
    digest = token_hash(token)
    with uow:
        session = uow.sessions.get(digest)
        if session is None:
            raise Unauthenticated("no session")
        idle_limit = session.last_seen_at + timedelta(seconds=policy.idle_timeout_s)
        if now >= session.expires_at or now >= idle_limit:
            uow.sessions.remove(digest)
            uow.commit()
            raise Unauthenticated("session expired")
        account = uow.staff.get(session.organization_id, session.staff_id)
        if account is None or not account.active:
            raise Unauthenticated("no session")
        uow.sessions.touch(digest, now)
        uow.commit()
    return Actor(account.id, account.organization_id, account.roles, account.username)


def log_out(token: str, *, uow: UnitOfWork) -> None:
    """End one session."""
    with uow:
        uow.sessions.remove(token_hash(token))
        uow.commit()
