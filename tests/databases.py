"""Test databases: a fresh SQLite file or a fresh PostgreSQL schema, migrated by Alembic.

PostgreSQL needs CONFIDE_TEST_DATABASE_URL. Without it those tests skip with a visible reason;
CI sets it, so there a missing server is an error, never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, text

PG_ENV = "CONFIDE_TEST_DATABASE_URL"
BACKENDS = ["sqlite", "postgresql"]


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV, "")
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (CI sets it)")
    return url


@contextmanager
def fresh_database_url(backend: str, tmp: Path) -> Iterator[str]:
    """A URL for an empty database of `backend`, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'confide.db'}"
        return
    base = pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def schema_of(url: str) -> str | None:
    marker = "search_path%3D"
    return url.split(marker, 1)[1] if marker in url else None


def dispose(engine: Engine) -> None:
    engine.dispose()
