"""Builds everything once: the one place that knows every concrete class.

Edges (CLI, API, web) receive a `Runtime` and hand its unit-of-work factory to services.
Nothing here runs at import time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from confide.config import Settings
from confide.crypto.keyring import create_key_file, load_key_file
from confide.errors import ConfigurationError
from confide.runtime import Runtime
from confide.services.organizations import (
    OrganizationView,
    ProgramFacts,
    check_new_organization,
    create_organization,
)
from confide.services.sessions import SessionCache, SessionPolicy
from confide.store import migrate
from confide.store.commits import CommitGroup, GroupedUnitOfWork
from confide.store.engine import make_engine
from confide.store.uow import UnitOfWork, map_db_error

log = logging.getLogger(__name__)


def _passphrase(settings: Settings) -> bytes | None:
    secret = settings.key_passphrase
    return secret.get_secret_value().encode() if secret else None


def session_policy(settings: Settings) -> SessionPolicy:
    return SessionPolicy(
        idle_timeout_s=settings.session_idle_timeout_s,
        lifetime_s=settings.session_lifetime_s,
        max_failures=settings.login_max_failures,
        lockout_s=settings.login_lockout_s,
        touch_interval_s=settings.session_touch_interval_s,
    )


def build(settings: Settings, *, require_schema: bool = True) -> Runtime:
    """Load keys, open the database and check its schema. ConfigurationError names the fault."""
    settings.check_production()
    keyring = load_key_file(settings.resolved_key_file, _passphrase(settings))
    engine = make_engine(settings.resolved_database_url)
    if require_schema:
        _check_schema(engine)
    group = CommitGroup(engine)  # group commit: one durable COMMIT for concurrent requests
    return Runtime(
        settings,
        engine,
        keyring,
        session_policy(settings),
        lambda: GroupedUnitOfWork(group, keyring),
        SessionCache(settings.session_recheck_s),
    )


def _check_schema(engine: Engine) -> None:
    try:
        current = migrate.current_revision(engine)
    except Exception as exc:  # driver errors: map, never quote
        raise map_db_error(exc) from None
    if current != migrate.head_revision():
        raise ConfigurationError("database schema is not current; run `confide migrate`")


def upgrade_schema(settings: Settings) -> str | None:
    """Apply migrations to the configured database; returns the new revision."""
    engine = make_engine(settings.resolved_database_url)
    try:
        migrate.upgrade(engine)
        return migrate.current_revision(engine)
    finally:
        engine.dispose()


def init_home(
    settings: Settings,
    *,
    org_name: str,
    admin_username: str,
    admin_password: str,
    facts: ProgramFacts | None = None,
) -> OrganizationView:
    """Create home, key file, schema, the first organization and its administrator.

    Refuses (ConfigurationError) when a key file or a database already exists there, so
    running it twice never overwrites keys or data.
    """
    check_new_organization(org_name, admin_username, admin_password)
    home = settings.home
    key_file = settings.resolved_key_file
    if key_file.exists():
        raise ConfigurationError(f"{key_file} exists: this home is initialized already")
    sqlite_file = _sqlite_file(settings)
    if sqlite_file is not None and sqlite_file.exists():
        raise ConfigurationError(f"{sqlite_file} exists: this home is initialized already")
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)
    engine = make_engine(settings.resolved_database_url)
    try:
        if migrate.current_revision(engine) is not None:
            raise ConfigurationError("the database already holds a confide schema")
        migrate.upgrade(engine)
        create_key_file(key_file, _passphrase(settings))
        keyring = load_key_file(key_file, _passphrase(settings))
        now = datetime.now(UTC)
        return create_organization(
            org_name,
            admin_username=admin_username,
            admin_password=admin_password,
            now=now,
            uow=UnitOfWork(engine, keyring),
            facts=facts,
        )
    finally:
        engine.dispose()


def _sqlite_file(settings: Settings) -> Path | None:
    url = settings.resolved_database_url
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def asgi_app(runtime: Runtime) -> Any:
    """The ASGI application for `runtime` (the CLI's serve hands it to uvicorn)."""
    from confide.api.app import create_app  # the API imports this module: import late

    return create_app(runtime)
