"""Bulk import: all rows or none; bad input loses nothing and leaves no half-imported peer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select, text

from confide.domain.actors import Purpose
from confide.errors import Denied, Unavailable
from confide.services import UnitOfWork, UnitOfWorkFactory
from confide.services.imports import ImportRejected, import_records, parse_file
from confide.services.peers import search_peers
from confide.store import migrate
from confide.store.engine import make_engine
from confide.store.tables import encounters, peer_keys, peers
from tests.factories import IMPORT_HEADER, ctx_for, make_org

HEADER = IMPORT_HEADER
GOOD = (
    "Ana,Ruiz,Ana,1990-01-02,555-010-1234,ana@example.org,2026-01-05,30,first visit\n"
    "Ana,Ruiz,,1990-01-02,,,2026-01-12,45,second visit\n"
    ",,Sparrow,,,,2026-01-06,20,met at the park\n"
)
BAD = "Bo,Li,Bo,1980-99-01,,,,,\n"


def counts(connection: Connection) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        connection.execute(select(func.count()).select_from(t)).scalar_one()
        for t in (peers, peer_keys, encounters)
    )


def test_good_file_imports_peers_and_signed_notes(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    admin = make_org(uows)
    report = import_records(
        ctx_for(admin, Purpose.IMPORT),
        parse_file((HEADER + GOOD).encode()),
        skip_bad_rows=False,
        uow=uows(),
    )
    assert (report.peers, report.notes, report.rows) == (2, 3, 3)
    assert counts(connection) == (2, 2, 3)


def test_file_with_a_bad_row_imports_nothing(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    admin = make_org(uows)
    with pytest.raises(ImportRejected) as caught:
        import_records(
            ctx_for(admin, Purpose.IMPORT), parse_file((HEADER + GOOD + BAD).encode()),
            skip_bad_rows=False, uow=uows(),
        )  # fmt: skip
    assert [p.line for p in caught.value.problems] == [5]
    assert counts(connection) == (0, 0, 0)


def test_skip_bad_rows_imports_the_rest_and_reports_the_bad(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    admin = make_org(uows)
    report = import_records(
        ctx_for(admin, Purpose.IMPORT), parse_file((HEADER + BAD + GOOD).encode()),
        skip_bad_rows=True, uow=uows(),
    )  # fmt: skip
    assert [p.line for p in report.skipped] == [2]
    assert counts(connection) == (2, 2, 3)


def test_wrong_encoding_imports_nothing(uows: UnitOfWorkFactory, connection: Connection) -> None:
    admin = make_org(uows)
    data = (HEADER + GOOD).encode("utf-16")
    with pytest.raises(ImportRejected):
        import_records(
            ctx_for(admin, Purpose.IMPORT), parse_file(data), skip_bad_rows=False, uow=uows()
        )
    assert counts(connection) == (0, 0, 0)


def test_imported_peers_are_not_readable_by_the_importing_admin(uows: UnitOfWorkFactory) -> None:
    admin = make_org(uows)
    import_records(
        ctx_for(admin, Purpose.IMPORT),
        parse_file((HEADER + GOOD).encode()),
        skip_bad_rows=False,
        uow=uows(),
    )
    with pytest.raises(Denied, match="role does not include"):
        search_peers(ctx_for(admin), name="ana", uow=uows())


def test_disk_full_during_import_leaves_nothing(tmp_path: Path, keyring: object) -> None:
    """SQLite's max_page_count makes the database 'full' part-way through a large import."""
    engine = make_engine(f"sqlite:///{tmp_path / 'full.db'}")
    migrate.upgrade(engine)
    uows = lambda: UnitOfWork(engine, keyring)  # type: ignore[arg-type]  # noqa: E731
    admin = make_org(uows)
    with engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
    rows = "".join(
        f"First{i},Last{i},P{i},1980-01-01,,,2026-01-01,30,{'long note text ' * 200}\n"
        for i in range(300)
    )
    parsed = parse_file((HEADER + rows).encode())

    @__import__("sqlalchemy").event.listens_for(engine, "connect")
    def _cap(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 20}")  # type: ignore[attr-defined]

    engine.dispose()
    with pytest.raises(Unavailable, match="no room"):
        import_records(ctx_for(admin, Purpose.IMPORT), parsed, skip_bad_rows=False, uow=uows())
    engine2 = make_engine(f"sqlite:///{tmp_path / 'full.db'}")
    with engine2.connect() as conn:
        assert counts(conn) == (0, 0, 0)
    engine2.dispose()
    engine.dispose()


def test_locked_database_is_unavailable_and_loses_nothing(tmp_path: Path, keyring: object) -> None:
    """Another process holds the write lock past the busy timeout."""
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    uows = lambda: UnitOfWork(engine, keyring)  # type: ignore[arg-type]  # noqa: E731
    admin = make_org(uows)
    blocker = make_engine(url)
    locked = make_engine(url)

    @__import__("sqlalchemy").event.listens_for(locked, "connect")
    def _short(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")  # type: ignore[attr-defined]

    with blocker.connect() as holder:
        holder.begin()  # BEGIN IMMEDIATE: holds the write lock
        with pytest.raises(Unavailable, match="busy"):
            import_records(
                ctx_for(admin, Purpose.IMPORT), parse_file((HEADER + GOOD).encode()),
                skip_bad_rows=False, uow=UnitOfWork(locked, keyring),  # type: ignore[arg-type]
            )  # fmt: skip
        holder.rollback()
    with engine.connect() as conn:
        assert counts(conn) == (0, 0, 0)
    for e in (engine, blocker, locked):
        e.dispose()
