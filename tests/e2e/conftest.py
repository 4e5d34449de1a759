"""Helpers for HTTP tests; the `runtime` and `client` fixtures live in tests/conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from confide.api.deps import clock
from confide.runtime import Runtime
from confide.services.mfa import STEP_S, code_at, provision_totp
from tests.factories import PASSWORD, TOTP_SECRET


def server_now(client: TestClient) -> datetime:
    """The `now` the app under test uses: the overridden clock, or the real one."""
    override = client.app.dependency_overrides.get(clock)  # type: ignore[attr-defined]
    return override() if override else datetime.now(UTC)


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in with password and TOTP. A code is never accepted twice, so a second login in the
    same 30 s step uses the next step's code (accepted for clock drift), then the one before."""
    now = server_now(client)
    for drift in (0, 1, -1):
        code = code_at(TOTP_SECRET, now + timedelta(seconds=drift * STEP_S))
        body = {"username": username, "password": password, "code": code}
        response = client.post("/api/session", json=body)
        if response.status_code == 200:
            return {"Authorization": f"Bearer {response.json()['token']}"}
    raise AssertionError(response.json())


def enroll(runtime: Runtime, username: str) -> None:
    """Give an account made through the API or CLI the tests' TOTP secret."""
    with runtime.uow() as uow:
        (account,) = uow.staff.by_username(username)
    now = datetime.now(UTC)
    provision_totp(account.organization_id, account.id, TOTP_SECRET, now=now, uow=runtime.uow())
