"""Audit log: durable appends, full verification, and inclusion proofs from the database.

Prints ONE JSON line: {"append_per_s", "verify_per_s", "verify_vs_sha256", "proof_ms", ...}.
Appends are durable (SQLite WAL with synchronous=FULL; PostgreSQL synchronous_commit=on) in
transactions of 1,000 events, as the server's group commit writes them. verify_vs_sha256 is
verification speed over raw hashlib.sha256 of the same stored bytes (one digest per event, from
memory), same run.
proof_ms is the mean time to build one inclusion proof from the database at full size.

    python benchmarks/audit.py [--events N]        # default 1,000,000; SQLite in a temp dir
    python benchmarks/audit.py --database-url URL  # another database, which must be empty
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from confide.audit.events import AccessEvent
from confide.crypto.keyring import create_key_file, load_key_file
from confide.services.audit_log import sign_tree_head, verify_audit_log
from confide.store import migrate
from confide.store.engine import make_engine
from confide.store.uow import UnitOfWork

BATCH = 1_000
PROOFS = 500
WORKERS = os.cpu_count() or 1


def _ids(count: int, rng: random.Random) -> list[str]:
    return [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(count)]


# Random UUIDs, as the server makes them: 500 staff, 20,000 peers, one record and one
# request id per event.
_RNG = random.Random(11)
STAFF, PEERS = _ids(500, _RNG), _ids(20_000, _RNG)


def events(start: int, count: int) -> list[AccessEvent]:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    rng = random.Random(start)
    records, requests = _ids(count, rng), _ids(count, rng)
    return [
        AccessEvent(
            organization_id="5f0c2d9e-7a61-4c5b-9a0e-3f1d2c4b5a60",
            at=at + timedelta(milliseconds=i),
            actor_id=STAFF[i % 500],
            action="note:read",
            resource_kind="encounter",
            resource_id=records[i - start],
            peer_id=PEERS[_RNG.randrange(20_000)],
            purpose="treatment",
            outcome="allow",
            rule_id="rel.care_team",
            request_id=requests[i - start],
        )
        for i in range(start, start + count)
    ]


def _arg(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main() -> None:
    total = int(_arg("--events", "1000000"))
    with tempfile.TemporaryDirectory() as tmp:
        key_file = Path(tmp) / "keys.json"
        create_key_file(key_file)
        keyring = load_key_file(key_file)
        url = _arg("--database-url", f"sqlite:///{tmp}/audit.db")
        engine = make_engine(url)
        migrate.upgrade(engine)
        batches = [events(i, BATCH) for i in range(0, total, BATCH)]
        started = time.perf_counter()
        for batch in batches:
            with UnitOfWork(engine, keyring) as uow:
                uow.audit.append_many(batch)
                uow.commit()
        append_s = time.perf_counter() - started
        head = sign_tree_head(now=datetime.now(UTC), uow=UnitOfWork(engine, keyring))

        with engine.connect() as conn:
            stored = [
                bytes(b) for (b,) in conn.execute(text("SELECT canonical FROM access_events"))
            ]
        started = time.perf_counter()
        sha = hashlib.sha256
        for data in stored:
            sha(data).digest()
        sha_s = time.perf_counter() - started

        started = time.perf_counter()
        single = verify_audit_log(uow=UnitOfWork(engine, keyring))
        single_s = time.perf_counter() - started

        started = time.perf_counter()
        result = verify_audit_log(uow=UnitOfWork(engine, keyring), workers=WORKERS)
        verify_s = time.perf_counter() - started

        rng = random.Random(7)
        started = time.perf_counter()
        with UnitOfWork(engine, keyring) as uow:
            for _ in range(PROOFS):
                uow.audit.inclusion_path(rng.randint(1, total), total)
        proof_s = (time.perf_counter() - started) / PROOFS
        engine.dispose()
    if head is None or result.size != total or single.root != result.root:
        raise SystemExit("the log did not verify at full size")
    print(
        json.dumps(
            {
                "append_per_s": round(total / append_s),
                "verify_per_s": round(total / verify_s),
                "verify_vs_sha256": round(sha_s / verify_s, 3),
                "proof_ms": round(proof_s * 1000, 3),
                "events": total,
                "sha256_per_s": round(total / sha_s),
                "verify_one_process_per_s": round(total / single_s),
                "verify_one_process_vs_sha256": round(sha_s / single_s, 3),
                "workers": WORKERS,
                "load_1m": round(os.getloadavg()[0], 2),
                "mean_event_bytes": round(sum(map(len, stored)) / total),
                "backend": engine.dialect.name,
            }
        )
    )


if __name__ == "__main__":
    main()
