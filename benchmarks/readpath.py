"""Read path: an authorized, decrypted, audited note read against the same row in plaintext.

Prints ONE JSON line: {"confide_rps", "plain_rps", "ratio", ...}; ratio = plain / confide
(budget: at most 1.5).

One uvicorn server process on 127.0.0.1 serves the confide app as `confide serve` builds it
(group commit on; SQLite WAL with synchronous=FULL, or PostgreSQL with synchronous_commit=on)
plus one route mounted only here: GET /bench/plain/{id} reads the same note, stored in
plaintext in a benchmark-only table, with no session, policy, decryption or audit, on an engine
of its own that reads without taking SQLite's write lock. The confide side is
GET /api/notes/{id} with a session token: authenticate (as the server does: a session checked
in the last 2 s answers from memory, the last-seen time is written once a minute), decide,
decrypt, append the access event, and answer only once the event is durable.

The load generator is this process: CONCURRENCY threads, each with a keep-alive connection
(http.client), REQUESTS requests per round, rounds alternating plain and confide.
Both sides share the machine's cores with the generator; note the load when quoting figures.

    python benchmarks/readpath.py [--requests N] [--concurrency C] [--database-url URL]
                                  [--per-request-commit]   # compare: no group commit
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REQUESTS = 3_000
CONCURRENCY = 16
ROUNDS = 2
WARMUP = 300
PASSWORD = "benchmark horse battery staple"  # noqa: S105 - a throwaway home
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


COMPARE = [a for a in sys.argv if a == "--per-request-commit"]


def _arg(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def setup(home: Path, database_url: str) -> dict[str, str]:
    """A home with one organization, one peer specialist, one peer and one signed note;
    returns the note id and a session token."""
    from sqlalchemy import text

    from confide import bootstrap
    from confide.api.notes import NoteOut
    from confide.config import load_settings
    from confide.domain.actors import Actor, Purpose, RequestContext, Role
    from confide.domain.encounters import NoteBody, NoteFormat
    from confide.domain.ids import StaffId
    from confide.domain.peers import PeerIdentity
    from confide.services import notes, peers, staff
    from confide.services.mfa import code_at, provision_totp
    from confide.services.sessions import LoginResult, log_in

    settings = load_settings(home=home, database_url=database_url)
    org = bootstrap.init_home(
        settings, org_name="Bench Org", admin_username="admin", admin_password=PASSWORD
    )
    runtime = bootstrap.build(settings)
    now = datetime.now(UTC)
    admin = Actor(org.admin_id, org.id, frozenset({Role.ADMIN}), "admin")
    admin_ctx = RequestContext(admin, Purpose.ADMINISTRATION, now)
    prs_view = staff.add_staff(
        admin_ctx, username="prs", display_name="Peer Specialist", password=PASSWORD,
        roles=frozenset({Role.PEER_SPECIALIST}), uow=runtime.uow(),
    )  # fmt: skip
    prs = Actor(StaffId(prs_view.id), org.id, prs_view.roles, "prs")
    provision_totp(org.id, prs.staff_id, TOTP, now=now, uow=runtime.uow())
    ctx = RequestContext(prs, Purpose.TREATMENT, now)
    identity = PeerIdentity(preferred_name="Sam", first_name="Samuel", last_name="Rivera",
                            date_of_birth=date(1985, 4, 12))  # fmt: skip
    peer = peers.add_peer(ctx, identity, uow=runtime.uow())
    body = NoteBody(
        NoteFormat.DAP,
        {"data": "Met at the library; talked about the week.", "assessment": "Steady.",
         "plan": "Next week, same place."},
        ("housing",),
    )  # fmt: skip
    draft = notes.NoteDraft(occurred_on=date(2026, 1, 5), minutes=45, body=body)
    note = notes.write_note(ctx, peer.id, draft, uow=runtime.uow())
    note = notes.sign_note(ctx, note.id, version=note.version, uow=runtime.uow())
    login = log_in("prs", PASSWORD, code_at(TOTP, now), now=now,
                   policy=runtime.session_policy, uow=runtime.uow())  # fmt: skip
    if not isinstance(login, LoginResult):
        raise SystemExit("the benchmark login needs a second factor")
    with runtime.engine.begin() as conn:
        conn.execute(text("CREATE TABLE bench_plain_notes (id VARCHAR(36) PRIMARY KEY, doc TEXT)"))
        document = NoteOut.of(note).model_dump_json()
        conn.execute(
            text("INSERT INTO bench_plain_notes VALUES (:i, :d)"), {"i": note.id, "d": document}
        )
    runtime.close()
    return {"note_id": note.id, "token": login.token}


def serve(home: Path, database_url: str, port: int) -> None:
    """The server process: the confide app plus the benchmark's plaintext route."""
    import uvicorn
    from sqlalchemy import create_engine, text

    from confide import bootstrap
    from confide.api.notes import NoteOut
    from confide.config import load_settings

    runtime = bootstrap.build(load_settings(home=home, database_url=database_url))
    if "--per-request-commit" in sys.argv:  # for comparison: one durable COMMIT per use case
        from dataclasses import replace

        from confide.store.uow import UnitOfWork

        engine, keyring = runtime.engine, runtime.keyring
        runtime = replace(runtime, uow_factory=lambda: UnitOfWork(engine, keyring))
    app = bootstrap.asgi_app(runtime)
    query = text("SELECT doc FROM bench_plain_notes WHERE id = :i")
    # The baseline reads on an engine of its own: confide's engine begins every SQLite
    # transaction IMMEDIATE (a write lock), which would make a plain read queue behind others.
    reader = create_engine(database_url, pool_size=CONCURRENCY)

    def plain(note_id: str) -> Any:
        with reader.connect() as conn:
            return json.loads(conn.execute(query, {"i": note_id}).scalar_one())

    app.add_api_route("/bench/plain/{note_id}", plain, methods=["GET"], response_model=NoteOut)
    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")


def load(port: int, path: str, headers: dict[str, str], total: int, threads: int) -> float:
    """Seconds to serve `total` GETs of `path` over `threads` keep-alive connections."""
    share = [total // threads + (i < total % threads) for i in range(threads)]
    failures: list[int] = []

    def worker(count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        for _ in range(count):
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
        conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, share))
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, first status {failures[0]}")
    return elapsed


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("the server exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not start")


def audit_size(home: Path, database_url: str) -> int:
    from confide import bootstrap
    from confide.config import load_settings
    from confide.services.audit_log import log_size

    runtime = bootstrap.build(load_settings(home=home, database_url=database_url))
    try:
        return log_size(uow=runtime.uow())
    finally:
        runtime.close()


def main() -> None:
    total = int(_arg("--requests", str(REQUESTS)))
    threads = int(_arg("--concurrency", str(CONCURRENCY)))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        database_url = _arg("--database-url", f"sqlite:///{home / 'confide.db'}")
        made = setup(home, database_url)
        port = 18000 + os.getpid() % 1000
        server = subprocess.Popen(  # noqa: S603 - this interpreter running this file
            [sys.executable, __file__, "--serve", tmp, "--port", str(port),
             "--database-url", database_url, *COMPARE],
        )  # fmt: skip
        try:
            wait_up(port, server)
            auth = {"Authorization": f"Bearer {made['token']}"}
            confide = (f"/api/notes/{made['note_id']}", auth)
            plain = (f"/bench/plain/{made['note_id']}", {})
            before = audit_size(home, database_url)
            load(port, *plain, WARMUP, threads)
            load(port, *confide, WARMUP, threads)
            seconds = {"plain": 0.0, "confide": 0.0}
            cpu = {"plain": 0.0, "confide": 0.0}
            for _ in range(ROUNDS):
                for side, (path, headers) in (("plain", plain), ("confide", confide)):
                    used = cpu_s(server.pid)
                    seconds[side] += load(port, path, headers, total, threads)
                    cpu[side] += cpu_s(server.pid) - used
        finally:
            server.terminate()
            server.wait(timeout=30)
        audited = audit_size(home, database_url) - before
    if audited != WARMUP + ROUNDS * total:
        raise SystemExit(f"expected {WARMUP + ROUNDS * total} access events, found {audited}")
    confide_rps = ROUNDS * total / seconds["confide"]
    plain_rps = ROUNDS * total / seconds["plain"]
    backend = database_url.split(":", 1)[0].split("+", 1)[0]
    print(
        json.dumps(
            {
                "confide_rps": round(confide_rps),
                "plain_rps": round(plain_rps),
                "ratio": round(plain_rps / confide_rps, 3),
                "server_cpu_ms": {
                    k: round(v * 1000 / (ROUNDS * total), 3) for k, v in cpu.items()
                },
                "requests": ROUNDS * total,
                "concurrency": threads,
                "backend": backend,
                "commit": "per request" if COMPARE else "group",
                "load_1m": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    if "--serve" in sys.argv:
        serve(Path(_arg("--serve", "")), _arg("--database-url", ""), int(_arg("--port", "0")))
    else:
        main()
