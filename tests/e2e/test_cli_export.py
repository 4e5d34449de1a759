"""`confide export deid` through the CLI runner, on SQLite and PostgreSQL: a privacy officer
exports imported notes; no name, phone or e-mail of the records comes out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from confide import bootstrap
from confide.config import load_settings
from confide.domain.actors import Actor, Purpose, Role
from confide.services import staff as staff_service
from confide.services.organizations import find_organization
from tests.databases import fresh_database_url
from tests.e2e.test_cli import init, run
from tests.factories import IMPORT_HEADER, NOW, PASSWORD, ctx_for

ROWS = (
    "Marisol,Quintero,Sol,1990-01-02,540-555-0187,solq@example.net,2026-01-05,30,"
    "Sol called from 540-555-0187 about Dario Pereira's ride; write to solq@example.net\n"
    "Dario,Pereira,,1984-03-09,434-555-0142,,2026-01-06,45,"
    "Dario said Marisol Quintero helped him; he has 90 days clean\n"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    with fresh_database_url(request.param, tmp_path / "db") as url:
        values = {"CONFIDE_HOME": str(tmp_path / "home")}
        if request.param == "postgresql":
            values["CONFIDE_DATABASE_URL"] = url
        yield values


SECRETS = ("Marisol", "Quintero", "Sol ", "Dario", "Pereira", "0187", "0142", "solq")


def add_officer(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    runtime = bootstrap.build(load_settings(home=Path(env["CONFIDE_HOME"])))
    try:
        org = find_organization("Harbor", uow=runtime.uow())
        admin = Actor(org.admin_id, org.id, frozenset({Role.ADMIN}), "boss")
        staff_service.add_staff(
            ctx_for(admin, Purpose.ADMINISTRATION, NOW),
            username="privacy",
            display_name="Pat Officer",
            password=PASSWORD,
            roles=frozenset({Role.PRIVACY_OFFICER}),
            uow=runtime.uow(),
        )
    finally:
        runtime.close()


def prepared(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init(env, tmp_path)
    csv = tmp_path / "in.csv"
    csv.write_text(IMPORT_HEADER + ROWS)
    code, _, err = run(env, "import", str(csv), "--org", "Harbor")
    assert code == 0, err
    add_officer(env, monkeypatch)


def test_a_privacy_officer_exports_notes_with_no_identifier_of_the_records(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared(env, tmp_path, monkeypatch)
    out_file = tmp_path / "training.jsonl"
    code, out, err = run(env, "export", "deid", "--org", "Harbor", "--out", str(out_file))
    assert code == 0, err
    assert "Exported 2 de-identified notes" in out
    assert out_file.stat().st_mode & 0o777 == 0o600
    text = out_file.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["n"] for line in lines] == [1, 2]
    assert "90 days clean" in lines[1]["sections"]["data"]


def test_the_administrator_is_refused_and_an_existing_file_is_kept(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared(env, tmp_path, monkeypatch)
    out_file = tmp_path / "training.jsonl"
    code, _, err = run(
        env, "export", "deid", "--org", "Harbor", "--out", str(out_file), "--as", "boss"
    )
    assert code == 1
    assert "role" in err
    assert not out_file.exists()
    out_file.write_text("keep me")
    code, _, err = run(env, "export", "deid", "--org", "Harbor", "--out", str(out_file))
    assert code == 2
    assert "exists" in err
    assert out_file.read_text() == "keep me"
