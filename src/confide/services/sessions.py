"""Staff login and sessions: argon2id password, then a mandatory second factor (TOTP or a
recovery code), lockout, opaque tokens stored hashed, logout here or everywhere."""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from confide.domain.actors import Actor
from confide.domain.ids import OrgId, StaffId
from confide.errors import InvalidInput, Unauthenticated
from confide.services.mfa import (
    Enrollment,
    check_second_factor,
    matching_step,
    new_recovery_codes,
    new_secret,
    provisioning_uri,
    recovery_hash,
)
from confide.services.passwords import DUMMY_HASH, password_matches
from confide.store.sessions import SessionRow
from confide.store.staff import StaffRow
from confide.store.uow import UnitOfWork

ENROLLMENT_S = 10 * 60
RECHECK_S = 2


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle_timeout_s: int = 15 * 60
    lifetime_s: int = 12 * 3600
    max_failures: int = 5
    lockout_s: int = 15 * 60
    touch_interval_s: int = 60  # last-seen writes are at most this often; idle logoff is
    # therefore measured from a last-seen up to this much older than the last request (safe side)


@dataclass(frozen=True, slots=True)
class LoginResult:
    token: str
    actor: Actor
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class EnrollmentNeeded:
    """The password was right but no second factor is enrolled yet: enroll, then log in.

    `ticket` is a one-time bearer credential for `confirm_enrollment` (stored hashed)."""

    ticket: str
    enrollment: Enrollment
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class EnrolledLogin:
    login: LoginResult
    recovery_codes: list[str]  # shown once; only their hashes are kept


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


FAILED = "username, password or code is wrong, or the account is locked"


def log_in(
    username: str,
    password: str,
    code: str = "",
    *,
    now: datetime,
    policy: SessionPolicy,
    uow: UnitOfWork,
    organization_id: OrgId | None = None,
) -> LoginResult | EnrollmentNeeded:
    """Check password and second factor, then open a session. One message for every failure.

    A staff member with no second factor yet gets an `EnrollmentNeeded` instead of a session."""
    with uow:
        matches = uow.staff.by_username(username, organization_id)
        account = matches[0] if len(matches) == 1 else None
        if account is None or not account.active:
            password_matches(DUMMY_HASH, password)  # same cost whether or not the user exists
            raise Unauthenticated(FAILED)
        if account.locked_until is not None and account.locked_until > now:
            raise Unauthenticated(FAILED)
        if not password_matches(account.password_hash, password):
            _fail(uow, account, now, policy)
        mfa = uow.mfa.get(account.organization_id, account.id)
        if mfa is None or mfa.confirmed_at is None:
            needed = _start_enrollment(uow, account, now)
            uow.commit()
            return needed
        if not check_second_factor(uow, mfa, code, now):
            _fail(uow, account, now, policy)
        result = _open_session(uow, account, now, policy)
        uow.commit()
    return result


def _fail(uow: UnitOfWork, account: StaffRow, now: datetime, policy: SessionPolicy) -> NoReturn:
    """Count a failure (locking the account after too many) and refuse."""
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


def _open_session(
    uow: UnitOfWork, account: StaffRow, now: datetime, policy: SessionPolicy
) -> LoginResult:
    """A fresh random token every time: the session id rotates at each login."""
    uow.staff.record_login_success(account.organization_id, account.id)
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(seconds=policy.lifetime_s)
    uow.sessions.add(
        SessionRow(token_hash(token), account.organization_id, account.id, now, now, expires_at)
    )
    actor = Actor(account.id, account.organization_id, account.roles, account.username)
    return LoginResult(token, actor, expires_at)


def _start_enrollment(uow: UnitOfWork, account: StaffRow, now: datetime) -> EnrollmentNeeded:
    ticket, secret = secrets.token_urlsafe(32), new_secret()
    expires_at = now + timedelta(seconds=ENROLLMENT_S)
    uow.mfa.put(
        account.organization_id,
        account.id,
        secret,
        now=now,
        confirmed=False,
        ticket_hash=token_hash(ticket),
        ticket_expires_at=expires_at,
    )
    enrollment = Enrollment(secret, provisioning_uri(secret, account.username))
    return EnrollmentNeeded(ticket, enrollment, expires_at)


def _pending(uow: UnitOfWork, ticket: str, now: datetime) -> tuple[StaffRow, str]:
    mfa = uow.mfa.by_ticket(token_hash(ticket))
    expires = mfa.ticket_expires_at if mfa is not None else None
    if mfa is None or mfa.confirmed_at is not None or expires is None or expires <= now:
        raise Unauthenticated("enrollment expired; log in again")
    account = uow.staff.get(mfa.organization_id, mfa.staff_id)
    if account is None or not account.active:
        raise Unauthenticated("enrollment expired; log in again")
    return account, mfa.secret


def enrollment_of(ticket: str, *, now: datetime, uow: UnitOfWork) -> Enrollment:
    """The secret and otpauth URI behind an open enrollment ticket (to show the QR code)."""
    with uow:
        account, secret = _pending(uow, ticket, now)
    return Enrollment(secret, provisioning_uri(secret, account.username))


def confirm_enrollment(
    ticket: str, code: str, *, now: datetime, policy: SessionPolicy, uow: UnitOfWork
) -> EnrolledLogin:
    """The first code from the authenticator confirms enrollment, makes recovery codes and
    opens a session."""
    with uow:
        account, secret = _pending(uow, ticket, now)
        step = matching_step(secret, code.strip(), now, None)
        if step is None:
            raise InvalidInput(
                "that code does not match; try the next one", fields={"code": "mismatch"}
            )
        uow.mfa.confirm(account.organization_id, account.id, step, now)
        codes = new_recovery_codes()
        uow.mfa.set_recovery_codes(
            account.organization_id, account.id, [recovery_hash(c) for c in codes]
        )
        result = _open_session(uow, account, now, policy)
        uow.commit()
    return EnrolledLogin(result, codes)


def authenticate(
    token: str,
    *,
    now: datetime,
    policy: SessionPolicy,
    uow: UnitOfWork,
    cache: SessionCache | None = None,
) -> Actor:
    """The actor behind a session token; Unauthenticated when absent, idle or expired.

    The session's last-seen time is written at most once per `touch_interval_s`: a request
    inside that interval writes nothing and waits for no commit. With a `cache`, a session
    checked in the last `recheck_s` seconds is not read again."""
    digest = token_hash(token)
    if cache is not None and (hit := cache.get(digest, now)) is not None:
        return hit
    with uow:
        held = uow.sessions.holder(digest)
        if held is None or not held.active:
            raise Unauthenticated("no session")
        session = held.session
        idle_limit = session.last_seen_at + timedelta(seconds=policy.idle_timeout_s)
        if now >= session.expires_at or now >= idle_limit:
            uow.sessions.remove(digest)
            uow.commit()
            raise Unauthenticated("session expired")
        seen = session.last_seen_at
        if now - seen >= timedelta(seconds=policy.touch_interval_s):
            uow.sessions.touch(digest, now)
            uow.commit()
            seen = now
    actor = Actor(session.staff_id, session.organization_id, held.roles, held.username)
    if cache is not None:
        idle_at = seen + timedelta(seconds=policy.idle_timeout_s)
        cache.put(digest, actor, now, until=min(session.expires_at, idle_at))
    return actor


@dataclass(frozen=True, slots=True)
class _Checked:
    actor: Actor
    checked_at: datetime
    fresh_until: datetime


class SessionCache:
    """The actors of sessions this process checked in the last `recheck_s` seconds.

    Most requests then skip the session read (and, in the server, a trip to a worker thread).
    A session ended here (`forget`, `forget_staff`) ends at once; one ended in another worker
    process, a deactivated account or a changed role takes effect here within `recheck_s`.
    `recheck_s=0` checks the database on every request."""

    def __init__(self, recheck_s: int = RECHECK_S, *, max_entries: int = 10_000) -> None:
        self.recheck = timedelta(seconds=recheck_s)
        self._max = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[bytes, _Checked] = OrderedDict()

    def get(self, digest: bytes, now: datetime) -> Actor | None:
        """The cached actor, or None when absent, due for a recheck or past its session."""
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            if not entry.checked_at <= now < entry.fresh_until:  # a clock set back rechecks
                del self._entries[digest]
                return None
            return entry.actor

    def put(self, digest: bytes, actor: Actor, now: datetime, *, until: datetime) -> None:
        if not self.recheck:
            return
        with self._lock:
            self._entries[digest] = _Checked(actor, now, min(until, now + self.recheck))
            self._entries.move_to_end(digest)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def forget(self, digest: bytes) -> None:
        with self._lock:
            self._entries.pop(digest, None)

    def forget_staff(self, organization_id: str, staff_id: StaffId) -> None:
        with self._lock:
            for digest, entry in list(self._entries.items()):
                who = entry.actor
                if who.organization_id == organization_id and who.staff_id == staff_id:
                    del self._entries[digest]


def log_out(token: str, *, uow: UnitOfWork, cache: SessionCache | None = None) -> None:
    """End one session."""
    if cache is not None:
        cache.forget(token_hash(token))
    with uow:
        uow.sessions.remove(token_hash(token))
        uow.commit()
    if cache is not None:  # again: a request may have checked it meanwhile
        cache.forget(token_hash(token))


def log_out_everywhere(token: str, *, uow: UnitOfWork, cache: SessionCache | None = None) -> None:
    """End every session of the staff member behind `token` (a lost phone, a shared computer)."""
    with uow:
        session = uow.sessions.get(token_hash(token))
        if session is None:
            raise Unauthenticated("no session")
        uow.sessions.remove_all_for(session.organization_id, session.staff_id)
        uow.commit()
    if cache is not None:
        cache.forget_staff(session.organization_id, session.staff_id)
