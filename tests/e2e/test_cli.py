"""The `confide` command through its runner: init, import, and bad input that loses nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from confide.cli.main import _register, app
from confide.config import load_settings
from confide.store.engine import make_engine
from confide.store.tables import programs
from tests.databases import fresh_database_url
from tests.factories import IMPORT_HEADER, PASSWORD

_register()
HEADER = IMPORT_HEADER
ROWS = "Ana,Ruiz,Ana,1990-01-02,555-010-1234,,2026-01-05,30,first visit\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    with fresh_database_url(request.param, tmp_path / "db") as url:
        values = {"CONFIDE_HOME": str(tmp_path / "home")}
        if request.param == "postgresql":
            values["CONFIDE_DATABASE_URL"] = url
        yield values


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def init(env: dict[str, str], tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD + "\n")
    code, _out, err = run(
        env, "init", "--org", "Harbor", "--admin", "boss", "--admin-password-file", str(secret)
    )
    assert code == 0, err


def test_init_creates_home_keys_and_refuses_a_second_time(
    env: dict[str, str], tmp_path: Path
) -> None:
    init(env, tmp_path)
    home = Path(env["CONFIDE_HOME"])
    key_file = home / "keys.json"
    assert key_file.stat().st_mode & 0o777 == 0o600
    before = key_file.read_bytes()
    secret = tmp_path / "pw"
    code, _, err = run(
        env, "init", "--org", "Other", "--admin", "boss2", "--admin-password-file", str(secret)
    )
    assert code == 1
    assert "initialized already" in err or "already holds" in err
    assert key_file.read_bytes() == before


def test_init_without_answers_is_a_clear_error(env: dict[str, str]) -> None:
    code, _, err = run(env, "init")
    assert code == 2
    assert "--org" in err
    assert not (Path(env["CONFIDE_HOME"]) / "keys.json").exists()


def test_init_with_a_short_password_leaves_nothing(env: dict[str, str], tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("short")
    code, _, _err = run(
        env, "init", "--org", "H", "--admin", "boss", "--admin-password-file", str(short)
    )
    assert code == 2
    assert not (Path(env["CONFIDE_HOME"]) / "keys.json").exists()


def test_import_reports_bad_rows_by_line_and_imports_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    init(env, tmp_path)
    csv = tmp_path / "in.csv"
    csv.write_text(HEADER + ROWS + "Bo,Li,Bo,1980-99-01,,,,,\n")
    code, _, err = run(env, "import", str(csv), "--org", "Harbor")
    assert code == 2
    assert "line 3: date_of_birth" in err
    code, out, _ = run(env, "import", str(csv), "--org", "Harbor", "--skip-bad-rows")
    assert code == 0
    assert "Imported 1 peers and 1 notes from 2 rows" in out


def test_import_of_malformed_and_non_utf8_files(env: dict[str, str], tmp_path: Path) -> None:
    init(env, tmp_path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "José,Núñez,,1990-01-02,,,,,\n").encode("latin-1"))
    code, _, err = run(env, "import", str(latin), "--org", "Harbor")
    assert code == 2
    assert "not UTF-8" in err
    missing = tmp_path / "nope.csv"
    code, _, err = run(env, "import", str(missing), "--org", "Harbor")
    assert code == 2
    assert "cannot read" in err


def test_missing_key_file_refuses_to_start(env: dict[str, str], tmp_path: Path) -> None:
    init(env, tmp_path)
    (Path(env["CONFIDE_HOME"]) / "keys.json").unlink()
    csv = tmp_path / "in.csv"
    csv.write_text(HEADER + ROWS)
    code, _, err = run(env, "import", str(csv), "--org", "Harbor")
    assert code == 1
    assert "key file" in err
    assert "missing" in err


def test_passphrase_protected_home(env: dict[str, str], tmp_path: Path) -> None:
    protected = env | {"CONFIDE_KEY_PASSPHRASE": "a long passphrase here"}
    init(protected, tmp_path)
    document = json.loads((Path(env["CONFIDE_HOME"]) / "keys.json").read_text())
    assert document["protection"] == "scrypt"
    csv = tmp_path / "in.csv"
    csv.write_text(HEADER + ROWS)
    wrong = env | {"CONFIDE_KEY_PASSPHRASE": "not the passphrase"}
    code, _, err = run(wrong, "import", str(csv), "--org", "Harbor")
    assert code == 1
    assert "wrong passphrase" in err
    code, _, _ = run(protected, "import", str(csv), "--org", "Harbor")
    assert code == 0


def test_unknown_organization_is_named(env: dict[str, str], tmp_path: Path) -> None:
    init(env, tmp_path)
    csv = tmp_path / "in.csv"
    csv.write_text(HEADER + ROWS)
    code, _, err = run(env, "import", str(csv), "--org", "Nowhere")
    assert code == 2
    assert "no organization" in err


def test_init_records_the_programs_fundraising_and_public_identity(
    env: dict[str, str], tmp_path: Path
) -> None:
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD + "\n")
    code, _out, err = run(
        env, "init", "--org", "Harbor", "--admin", "boss", "--admin-password-file", str(secret),
        "--fundraises", "--publicly-identified-sud",
    )  # fmt: skip
    assert code == 0, err
    home_url = load_settings(home=Path(env["CONFIDE_HOME"])).resolved_database_url
    engine = make_engine(env.get("CONFIDE_DATABASE_URL", home_url))
    try:
        with engine.connect() as conn:
            row = conn.execute(select(programs.c.fundraises, programs.c.publicly_identified_sud))
            assert [tuple(r) for r in row] == [(True, True)]
    finally:
        engine.dispose()
