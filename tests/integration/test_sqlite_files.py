"""SQLite engine settings that protect data at rest and acknowledged writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from confide.store.engine import make_engine

CANARY = b"CANARYDELETEDq7w8e9"


def delete_and_read_file(engine: Engine, path: Path) -> bytes:
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE scratch (id INTEGER PRIMARY KEY, value BLOB)"))
        conn.execute(text("INSERT INTO scratch (value) VALUES (:v)"), {"v": CANARY * 50})
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM scratch"))
    raw = engine.raw_connection()  # outside any transaction, so the checkpoint can run
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    engine.dispose()
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_deleted_value_leaves_no_bytes_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "confide.db"
    assert CANARY not in delete_and_read_file(make_engine(f"sqlite:///{path}"), path)


def test_without_secure_delete_the_deleted_value_stays_readable(tmp_path: Path) -> None:
    """The control: shows the scan above can find what a plain SQLite leaves behind."""
    path = tmp_path / "plain.db"
    plain = create_engine(f"sqlite:///{path}")
    with plain.connect() as conn:
        conn.execute(text("PRAGMA secure_delete=OFF"))
        conn.execute(text("PRAGMA journal_mode=WAL"))
    assert CANARY in delete_and_read_file(plain, path)


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("synchronous", 2), ("secure_delete", 1), ("foreign_keys", 1)],
)
def test_every_connection_is_durable_and_safe(
    tmp_path: Path, pragma: str, expected: object
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text(f"PRAGMA {pragma}")).scalar_one() == expected
    engine.dispose()


def test_postgresql_connections_commit_synchronously() -> None:
    import os

    url = os.environ.get("CONFIDE_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL tests need CONFIDE_TEST_DATABASE_URL (CI sets it)")
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SHOW synchronous_commit")).scalar_one() == "on"
    engine.dispose()
