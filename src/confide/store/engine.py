"""Engines with durability chosen on purpose.

SQLite: WAL journal, synchronous=FULL (an acknowledged commit survives power loss; NORMAL would
not in WAL mode), secure_delete=ON (freed pages are zeroed), foreign keys on, and writes begin
IMMEDIATE so two writers queue on the busy timeout instead of failing mid-transaction.
PostgreSQL: synchronous_commit=on, set explicitly per connection so a server default of off
cannot silently weaken it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from confide.errors import ConfigurationError

SQLITE_BUSY_TIMEOUT_MS = 5_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
)


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`, with confide's durability and safety settings applied."""
    try:
        parsed = make_url(url)
    except Exception:
        raise ConfigurationError("CONFIDE_DATABASE_URL is not a database URL") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(url, **options)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql(url, **options)
    raise ConfigurationError("CONFIDE_DATABASE_URL must be sqlite or postgresql")


def _sqlite(url: str, **options: Any) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False}, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below rule
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _postgresql(url: str, **options: Any) -> Engine:
    """`options` in the URL's query (e.g. a search_path) are kept beside ours."""
    parsed = make_url(url)
    given = str(parsed.query.get("options", ""))
    connect_args = dict(options.pop("connect_args", {}))
    extra = f"{given} {connect_args.get('options', '')}".strip()
    connect_args["options"] = f"-c synchronous_commit=on {extra}".strip()
    return create_engine(
        parsed.difference_update_query(["options"]),
        connect_args=connect_args,
        pool_pre_ping=True,
        pool_size=10,
        **options,
    )
