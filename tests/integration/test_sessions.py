"""Authenticating a session token: one read, and a last-seen write at most once per interval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Actor, Role
from confide.errors import Unauthenticated
from confide.services import UnitOfWorkFactory
from confide.services.mfa import code_at
from confide.services.sessions import LoginResult, SessionPolicy, authenticate, log_in, log_out
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
