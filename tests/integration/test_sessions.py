"""Authenticating a session token: one read, and a last-seen write at most once per interval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Actor, Role
from confide.errors import Unauthenticated
from confide.services import UnitOfWorkFactory
from confide.services.mfa import code_at
from confide.services.sessions import (
    LoginResult,
    SessionCache,
    SessionPolicy,
    authenticate,
    log_in,
    log_out,
    log_out_everywhere,
    token_hash,
)
from confide.store.tables import staff_sessions
from tests.factories import NOW, PASSWORD, TOTP_SECRET, make_org, make_staff

POLICY = SessionPolicy(idle_timeout_s=15 * 60, touch_interval_s=60)


def logged_in(uows: UnitOfWorkFactory, *roles: Role) -> tuple[Actor, str]:
    who = make_staff(uows, make_org(uows), *roles)
    login = log_in(who.username, PASSWORD, code_at(TOTP_SECRET, NOW), now=NOW,
                   policy=POLICY, uow=uows())  # fmt: skip
    assert isinstance(login, LoginResult)
    return who, login.token


def last_seen(connection: Connection) -> list[object]:
    return list(connection.execute(select(staff_sessions.c.last_seen_at)).scalars())


def test_the_actor_comes_back_with_every_role(uows: UnitOfWorkFactory) -> None:
    who, token = logged_in(uows, Role.PEER_SPECIALIST, Role.SUPERVISOR)
    actor = authenticate(token, now=NOW, policy=POLICY, uow=uows())
    assert actor == who
    assert actor.roles == frozenset({Role.PEER_SPECIALIST, Role.SUPERVISOR})


def test_a_request_inside_the_touch_interval_writes_no_last_seen(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, token = logged_in(uows)
    before = last_seen(connection)
    authenticate(token, now=NOW + timedelta(seconds=59), policy=POLICY, uow=uows())
    assert last_seen(connection) == before
    authenticate(token, now=NOW + timedelta(seconds=60), policy=POLICY, uow=uows())
    assert last_seen(connection) != before


def test_idle_logoff_can_come_early_but_never_late(uows: UnitOfWorkFactory) -> None:
    _, token = logged_in(uows)
    authenticate(token, now=NOW + timedelta(seconds=30), policy=POLICY, uow=uows())
    with pytest.raises(Unauthenticated):  # 15 min after the last write, 14.5 after the request
        authenticate(token, now=NOW + timedelta(minutes=15), policy=POLICY, uow=uows())


def test_activity_past_the_interval_keeps_the_session_alive(uows: UnitOfWorkFactory) -> None:
    _, token = logged_in(uows)
    for minutes in (10, 20, 30):
        authenticate(token, now=NOW + timedelta(minutes=minutes), policy=POLICY, uow=uows())


def test_a_logged_out_or_unknown_token_is_refused(uows: UnitOfWorkFactory) -> None:
    _, token = logged_in(uows)
    log_out(token, uow=uows())
    for bad in (token, "not-a-token"):
        with pytest.raises(Unauthenticated):
            authenticate(bad, now=NOW, policy=POLICY, uow=uows())


def test_a_session_ended_by_another_worker_ends_here_within_the_recheck(
    uows: UnitOfWorkFactory,
) -> None:
    _, token = logged_in(uows)
    here = SessionCache(recheck_s=2)
    authenticate(token, now=NOW, policy=POLICY, uow=uows(), cache=here)
    log_out(token, uow=uows())  # another worker: this process's cache is not told
    one_second = NOW + timedelta(seconds=1)
    assert authenticate(token, now=one_second, policy=POLICY, uow=uows(), cache=here)
    with pytest.raises(Unauthenticated):
        authenticate(token, now=NOW + timedelta(seconds=2), policy=POLICY, uow=uows(), cache=here)


def test_logging_out_here_ends_the_session_at_once(uows: UnitOfWorkFactory) -> None:
    _, token = logged_in(uows)
    _, other = logged_in(uows)
    here = SessionCache(recheck_s=30)
    for t in (token, other):
        authenticate(t, now=NOW, policy=POLICY, uow=uows(), cache=here)
    log_out(token, uow=uows(), cache=here)
    with pytest.raises(Unauthenticated):
        authenticate(token, now=NOW, policy=POLICY, uow=uows(), cache=here)
    assert authenticate(other, now=NOW, policy=POLICY, uow=uows(), cache=here)


def test_logging_out_everywhere_forgets_every_session_of_that_person(
    uows: UnitOfWorkFactory,
) -> None:
    who, first = logged_in(uows)
    later = NOW + timedelta(seconds=31)  # a fresh TOTP step for the second login
    second = log_in(who.username, PASSWORD, code_at(TOTP_SECRET, later), now=later,
                    policy=POLICY, uow=uows())  # fmt: skip
    assert isinstance(second, LoginResult)
    here = SessionCache(recheck_s=30)
    for t in (first, second.token):
        authenticate(t, now=later, policy=POLICY, uow=uows(), cache=here)
    log_out_everywhere(first, uow=uows(), cache=here)
    for t in (first, second.token):
        with pytest.raises(Unauthenticated):
            authenticate(t, now=later, policy=POLICY, uow=uows(), cache=here)


def test_with_no_recheck_time_every_request_reads_the_session(uows: UnitOfWorkFactory) -> None:
    _, token = logged_in(uows)
    here = SessionCache(recheck_s=0)
    authenticate(token, now=NOW, policy=POLICY, uow=uows(), cache=here)
    log_out(token, uow=uows())
    with pytest.raises(Unauthenticated):
        authenticate(token, now=NOW, policy=POLICY, uow=uows(), cache=here)


def test_a_clock_set_back_reads_the_session_again(uows: UnitOfWorkFactory) -> None:
    _, token = logged_in(uows)
    here = SessionCache(recheck_s=30)
    authenticate(token, now=NOW, policy=POLICY, uow=uows(), cache=here)
    log_out(token, uow=uows())
    with pytest.raises(Unauthenticated):  # before the check: the cache never answers
        authenticate(token, now=NOW - timedelta(seconds=1), policy=POLICY, uow=uows(), cache=here)
    assert here.get(token_hash(token), NOW) is None


def test_a_cached_session_never_outlives_its_lifetime(uows: UnitOfWorkFactory) -> None:
    short = SessionPolicy(lifetime_s=600, touch_interval_s=60)
    who = make_staff(uows, make_org(uows))
    login = log_in(who.username, PASSWORD, code_at(TOTP_SECRET, NOW), now=NOW,
                   policy=short, uow=uows())  # fmt: skip
    assert isinstance(login, LoginResult)
    here = SessionCache(recheck_s=30)
    authenticate(login.token, now=NOW + timedelta(seconds=590), policy=short, uow=uows(),
                 cache=here)  # fmt: skip
    with pytest.raises(Unauthenticated):
        authenticate(login.token, now=NOW + timedelta(seconds=600), policy=short, uow=uows(),
                     cache=here)  # fmt: skip
