"""Shared fixtures: keyrings, migrated databases on SQLite and PostgreSQL, units of work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine

from confide.api.app import create_app
from confide.bootstrap import session_policy
from confide.config import load_settings
from confide.crypto.keyring import LocalKeyring, create_key_file, load_key_file
from confide.runtime import Runtime
from confide.services import UnitOfWork, UnitOfWorkFactory
from confide.store import migrate
from confide.store.engine import make_engine
from tests.databases import BACKENDS, fresh_database_url


@pytest.fixture(scope="session")
def keyring(tmp_path_factory: pytest.TempPathFactory) -> LocalKeyring:
    path = tmp_path_factory.mktemp("keys") / "keys.json"
    create_key_file(path)
    return load_key_file(path)


@pytest.fixture(scope="session", params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One migrated database per backend for the whole run."""
    tmp = tmp_path_factory.mktemp(f"db-{request.param}")
    with fresh_database_url(request.param, tmp) as url:
        made = make_engine(url)
        migrate.upgrade(made)
        yield made
        made.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose outer transaction is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def uows(connection: Connection, keyring: LocalKeyring) -> UnitOfWorkFactory:
    """Units of work as savepoints inside the test's transaction."""

    def factory() -> UnitOfWork:
        return UnitOfWork(connection, keyring)

    return factory


@pytest.fixture
def backend(engine: Engine) -> str:
    return engine.dialect.name


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


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
