"""Helpers for HTTP tests; the `runtime` and `client` fixtures live in tests/conftest.py."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import PASSWORD


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.json()
    return {"Authorization": f"Bearer {response.json()['token']}"}
