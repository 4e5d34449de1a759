"""The HTTP app in-process, over the test's database transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine

from confide.api.app import create_app
from confide.bootstrap import Runtime, session_policy
from confide.config import load_settings
from confide.crypto.keyring import LocalKeyring
from confide.services import UnitOfWork
from tests.factories import PASSWORD


@pytest.fixture
def runtime(
    connection: Connection, engine: Engine, keyring: LocalKeyring, tmp_path: Path
) -> Runtime:
    settings = load_settings(home=tmp_path)
    return Runtime(
        settings,
        engine,
        keyring,
        session_policy(settings),
        lambda: UnitOfWork(connection, keyring),
    )


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime), raise_server_exceptions=False) as c:
        yield c


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.json()
    return {"Authorization": f"Bearer {response.json()['token']}"}
