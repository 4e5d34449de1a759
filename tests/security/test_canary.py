"""Canary scan: unique strings imported, read, edited and shredded through the real edges
never appear in plaintext in any file under the home (database, -wal, -shm, keys, logs),
in a PostgreSQL dump, or in the log records confide wrote."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from confide import bootstrap
from confide.api.app import create_app
from confide.cli.main import _register, app
from confide.config import load_settings
from confide.store.tables import peers
from tests.databases import fresh_database_url, schema_of
from tests.e2e.conftest import enroll, login
from tests.factories import IMPORT_HEADER, PASSWORD, canary

_register()
HEADER = IMPORT_HEADER


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    with fresh_database_url(request.param, tmp_path / "db") as url:
        yield request.param, url


def canary_rows(n: int) -> tuple[str, list[str]]:
    rows, secrets = [], []
    for i in range(n):
        first, last, pref = canary("first"), canary("last"), canary("pref")
        email = f"{canary('mail').lower()}@example.org"
        phone = f"555-01{i % 10}-{4000 + i}"
        note = canary("note")
        rows.append(
            f"{first},{last},{pref},1980-01-{i + 1:02d},{phone},{email},2026-10-01,45,{note}\n"
        )
        secrets += [first, last, pref, email, note]
    return HEADER + "".join(rows), secrets


def exercise_api(runtime: bootstrap.Runtime, secrets: list[str]) -> None:
    """Staff log in, read, correct, write, sign, amend and shred through HTTP."""
    with runtime.engine.connect() as conn:
        ids = conn.execute(select(peers.c.id).order_by(peers.c.created_at)).scalars().all()
    with TestClient(create_app(runtime), raise_server_exceptions=False) as client:
        enroll(runtime, "boss")
        admin = login(client, "boss")
        prs_id = client.post(
            "/api/staff",
            json={
                "username": "prs",
                "display_name": "P",
                "password": PASSWORD,
                "roles": ["peer_specialist"],
            },
            headers=admin,
        ).json()["id"]
        client.post(
            "/api/staff",
            json={
                "username": "po",
                "display_name": "O",
                "password": PASSWORD,
                "roles": ["privacy_officer"],
            },
            headers=admin,
        )
        for pid in ids:
            assert (
                client.post(
                    f"/api/peers/{pid}/care-team", json={"staff_id": prs_id}, headers=admin
                ).status_code
                == 204
            )
        enroll(runtime, "prs")
        enroll(runtime, "po")
        prs, officer = login(client, "prs"), login(client, "po")
        first = client.get(f"/api/peers/{ids[0]}", headers=prs).json()
        edited = canary("edit")
        secrets.append(edited)
        changed = client.put(
            f"/api/peers/{ids[0]}", json=first | {"first_name": edited}, headers=prs
        )
        assert changed.status_code == 200
        body = canary("apinote")
        secrets.append(body)
        note = client.post(
            f"/api/peers/{ids[1]}/notes",
            json={"occurred_on": "2026-11-01", "minutes": 30, "sections": {"data": body}},
            headers=prs,
        ).json()
        client.put(
            f"/api/notes/{note['id']}",
            json={
                "occurred_on": "2026-11-01",
                "minutes": 30,
                "sections": {"data": body + "x"},
                "version": note["version"],
            },
            headers=prs,
        )
        exercise_disclosures(client, prs, officer | REVIEW, ids[1], secrets)
        assert client.delete(f"/api/peers/{ids[2]}", headers=officer).status_code == 204
        assert client.get(f"/api/peers/{ids[2]}", headers=prs).status_code == 410


REVIEW = {"X-Confide-Purpose": "privacy_review"}


def exercise_disclosures(
    client: TestClient, prs: dict[str, str], officer: dict[str, str], peer: str, secrets: list[str]
) -> None:
    """A consent signed and revoked, a disclosure released, one reviewed: every piece of peer
    content (names, descriptions, recipients, the justification, the package) is a canary."""
    name, scope, clinic, signer, court, why = (
        canary(k) for k in ("cn", "cs", "cr", "sg", "ct", "wy")
    )
    secrets += [name, scope, clinic, signer, court, why]
    recipient = {"name": clinic, "kind": "treating_provider"}
    consent = client.post(
        f"/api/peers/{peer}/consents",
        json={
            "form": "part2",
            "patient_name": name,
            "discloser": "Harbor",
            "information": ["attendance", "service_notes", "sud_treatment"],
            "information_description": scope,
            "recipients": [recipient],
            "purposes": ["treatment"],
            "revocation_statement": True,
            "redisclosure_statement": True,
            "expires": "2099-12-31",
        },
        headers=prs,
    ).json()
    signed = client.post(
        f"/api/consents/{consent['id']}/sign",
        json={"signer_name": signer, "signer_type": "patient", "version": 1},
        headers=prs,
    )
    assert signed.status_code == 200, signed.json()
    basis = {"type": "consent", "consent_id": consent["id"]}
    released = client.post(
        f"/api/peers/{peer}/disclosures",
        json={
            "recipient": recipient,
            "purpose": "treatment",
            "basis": basis,
            "information": ["attendance", "service_notes", "sud_treatment"],
        },
        headers=prs,
    ).json()
    assert released["status"] == "released", released
    routed = client.post(
        f"/api/peers/{peer}/disclosures",
        json={
            "recipient": {"name": court, "kind": "court"},
            "purpose": "legal_proceeding",
            "information": ["attendance"],
            "basis": {"type": "court_order", "part2_order": True},
        },
        headers=prs,
    ).json()
    review = client.post(
        f"/api/disclosures/{routed['id']}/review",
        json={"approve": True, "justification": why},
        headers=officer,
    )
    assert review.status_code == 200, review.json()
    revoked = client.post(f"/api/consents/{consent['id']}/revoke", json={}, headers=prs)
    assert revoked.status_code == 200


def scan(blobs: dict[str, bytes], secrets: list[str]) -> list[tuple[str, str]]:
    return [(name, s) for name, blob in blobs.items() for s in secrets if s.encode() in blob]


def test_no_canary_at_rest_in_files_dump_or_logs(
    database: tuple[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    backend, url = database
    home = tmp_path / "home"
    env = {"CONFIDE_HOME": str(home)} | (
        {"CONFIDE_DATABASE_URL": url} if backend == "postgresql" else {}
    )
    caplog.set_level(logging.DEBUG)
    log_file = home / "confide.log"
    home.mkdir()
    handler = logging.FileHandler(log_file)
    logging.getLogger().addHandler(handler)
    try:
        secret_file = tmp_path / "pw"
        secret_file.write_text(PASSWORD)
        runner = CliRunner()
        result = runner.invoke(
            app,
            [
                "init",
                "--org",
                "Harbor",
                "--admin",
                "boss",
                "--admin-password-file",
                str(secret_file),
            ],
            env=env,
        )
        assert result.exit_code == 0, result.stderr
        csv_text, secrets = canary_rows(6)
        csv = tmp_path / "canary.csv"
        csv.write_text(csv_text)
        result = runner.invoke(app, ["import", str(csv), "--org", "Harbor"], env=env)
        assert result.exit_code == 0, result.stderr
        settings = load_settings(home=home, database_url=url if backend == "postgresql" else "")
        runtime = bootstrap.build(settings)
        try:
            exercise_api(runtime, secrets)
        finally:
            runtime.close()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    files = {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}
    assert any(name.startswith("confide.db") for name in files) or backend == "postgresql"
    assert scan(files, secrets) == []
    assert scan({"log records": caplog.text.encode()}, secrets) == []
    if backend == "postgresql":
        dump = pg_dump(url)
        assert len(dump) > 1000
        assert scan({"pg_dump": dump}, secrets) == []


def pg_dump(url: str) -> bytes:
    schema = schema_of(url)
    assert schema
    tool = shutil.which("pg_dump")
    assert tool, "pg_dump is required where PostgreSQL tests run"
    base = os.environ["CONFIDE_TEST_DATABASE_URL"].replace(
        "postgresql+psycopg://", "postgresql://"
    )
    return subprocess.run(  # noqa: S603 - fixed tool, test-controlled arguments
        [tool, "--schema", schema, "--data-only", base], check=True, capture_output=True
    ).stdout


def test_canary_scan_catches_plaintext(tmp_path: Path) -> None:
    """The scanner itself can fail: plaintext written on purpose is found."""
    planted = canary("planted")
    assert scan({"file": f"xx{planted}yy".encode()}, [planted]) == [("file", planted)]
