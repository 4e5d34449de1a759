"""A database that is down answers 503 with the one error shape, never a stack trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from confide import bootstrap
from confide.api.app import create_app
from confide.config import load_settings
from confide.crypto.keyring import create_key_file, load_key_file
from confide.errors import Unavailable
from confide.runtime import Runtime
from confide.services import UnitOfWork
from confide.store.engine import make_engine

DOWN = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"


def test_health_is_503_when_the_database_is_down(tmp_path: Path) -> None:
    create_key_file(tmp_path / "keys.json")
    keyring = load_key_file(tmp_path / "keys.json")
    settings = load_settings(home=tmp_path, database_url=DOWN)
    engine = make_engine(DOWN)
    runtime = Runtime(
        settings, engine, keyring, bootstrap.session_policy(settings),
        lambda: UnitOfWork(engine, keyring),
    )  # fmt: skip
    with TestClient(create_app(runtime), raise_server_exceptions=False) as client:
        response = client.get("/api/health")
        login = client.post("/api/session", json={"username": "a", "password": "b"})
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert login.status_code == 503
    assert "Traceback" not in response.text
    assert "nobody" not in response.text


def test_start_with_the_database_down_is_a_clear_error(tmp_path: Path) -> None:
    create_key_file(tmp_path / "keys.json")
    settings = load_settings(home=tmp_path, database_url=DOWN)
    with pytest.raises(Unavailable):
        bootstrap.build(settings)
