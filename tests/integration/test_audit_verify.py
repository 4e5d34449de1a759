"""Verification by worker processes: spans of the log checked on their own connections and
stitched in order give the same root, and name the same first bad seq, as one pass."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from confide.crypto.keyring import LocalKeyring
from confide.errors import LogTampered
from confide.services.audit_log import sign_tree_head, verify_audit_log
from confide.store import migrate
from confide.store.engine import make_engine
from confide.store.uow import UnitOfWork
from tests.databases import BACKENDS, fresh_database_url
from tests.integration.test_audit_log import NOW, _event

SIZE = 100
LEVEL = 3  # blocks of 8 events, so 100 events make 13 blocks in several spans


@pytest.fixture(params=BACKENDS)
def log(
    request: pytest.FixtureRequest, tmp_path: Path, keyring: LocalKeyring
) -> Iterator[tuple[Engine, LocalKeyring]]:
    """A committed log of SIZE events with signed heads at 16, 61 and SIZE."""
    with fresh_database_url(request.param, tmp_path) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        for start, end in ((0, 16), (16, 61), (61, SIZE)):
            with UnitOfWork(engine, keyring) as uow:
                uow.audit.append_many([_event(i) for i in range(start, end)])
                uow.commit()
            sign_tree_head(now=NOW + timedelta(minutes=end), uow=UnitOfWork(engine, keyring))
        yield engine, keyring
        engine.dispose()


def _verify(log: tuple[Engine, LocalKeyring], workers: int) -> object:
    engine, keyring = log
    return verify_audit_log(uow=UnitOfWork(engine, keyring), workers=workers, block_level=LEVEL)


def _first_bad(log: tuple[Engine, LocalKeyring], workers: int) -> int:
    with pytest.raises(LogTampered) as caught:
        _verify(log, workers)
    return caught.value.seq


def _tamper(engine: Engine, statement: str) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE access_events DISABLE TRIGGER USER"))
        else:
            for verb in ("update", "delete"):
                conn.execute(text(f"DROP TRIGGER access_events_no_{verb}"))
        conn.execute(text(statement))


def test_workers_and_one_pass_agree_on_an_untouched_log(
    log: tuple[Engine, LocalKeyring],
) -> None:
    assert _verify(log, workers=2) == _verify(log, workers=1)


@pytest.mark.parametrize(
    ("statement", "seq"),
    [
        ("UPDATE access_events SET peer_id = NULL WHERE seq = 70", 70),  # column vs bytes
        ("UPDATE access_events SET canonical = canonical || canonical WHERE seq = 42", 42),
        ("DELETE FROM access_events WHERE seq = 33", 33),  # the first seq of a block
        ("DELETE FROM access_events WHERE seq > 90", 91),  # truncated under a signed head
    ],
)
def test_workers_name_the_first_bad_seq_as_one_pass_does(
    log: tuple[Engine, LocalKeyring], statement: str, seq: int
) -> None:
    _tamper(log[0], statement)
    assert _first_bad(log, workers=2) == _first_bad(log, workers=1) == seq
