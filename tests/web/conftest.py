"""Helpers for the web pages over HTTPS through the app in-process (cookies are Secure)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from confide.api.app import create_app
from confide.runtime import Runtime
from confide.services.mfa import STEP_S, code_at
from confide.web.deps import clock
from tests.factories import NOW, PASSWORD, TOTP_SECRET

_CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "page has no CSRF field"
    return found.group(1)


@pytest.fixture
def web(runtime: Runtime) -> Iterator[TestClient]:
    app = create_app(runtime)
    app.dependency_overrides[clock] = lambda: NOW
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as c:
        yield c


def web_login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form with TOTP; returns the session's CSRF token."""
    for drift in (0, 1, -1):
        token = csrf_of(client.get("/login").text)
        code = code_at(TOTP_SECRET, NOW + timedelta(seconds=drift * STEP_S))
        form = {"csrf": token, "username": username, "password": password, "code": code}
        response = client.post("/login", data=form, follow_redirects=False)
        if response.status_code == 303:
            return csrf_of(client.get("/").text)
    raise AssertionError(response.status_code)
