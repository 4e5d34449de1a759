"""`confide audit verify`, `proof`, `sign` and `consistency` through the CLI runner, on both
databases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from confide import bootstrap
from confide.audit.events import AccessEvent
from confide.audit.verifier import main as verifier_main
from confide.audit.verifier import verify_inclusion_document
from confide.config import load_settings
from tests.e2e.test_cli import env, init, run  # noqa: F401 - env is the fixture

AT = datetime(2026, 5, 1, tzinfo=UTC)


def _append(home_env: dict[str, str], count: int) -> None:
    settings = load_settings(home=Path(home_env["CONFIDE_HOME"]))
    if "CONFIDE_DATABASE_URL" in home_env:
        settings = settings.model_copy(update={"database_url": home_env["CONFIDE_DATABASE_URL"]})
    runtime = bootstrap.build(settings)
    event = AccessEvent("o", AT, "a", "note:read", "encounter", None, None, "treatment", "allow",
                        "rel.care_team", "r")  # fmt: skip
    with runtime.uow() as uow:
        uow.audit.append_many([event] * count)
        uow.commit()
    runtime.close()


def _tamper(home_env: dict[str, str], seq: int) -> None:
    settings = load_settings(home=Path(home_env["CONFIDE_HOME"]))
    if "CONFIDE_DATABASE_URL" in home_env:
        settings = settings.model_copy(update={"database_url": home_env["CONFIDE_DATABASE_URL"]})
    runtime = bootstrap.build(settings)
    with runtime.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE access_events DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER access_events_no_update"))
        conn.execute(
            text("UPDATE access_events SET canonical = :d WHERE seq = :s"),
            {"s": seq, "d": b'{"v":1}'},
        )
    runtime.close()


def test_verify_passes_then_names_the_tampered_seq(env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    init(env, tmp_path)
    _append(env, 25)
    code, out, err = run(env, "audit", "proof", "--event", "7")
    assert code == 0, err
    assert verify_inclusion_document(json.loads(out))["seq"] == 7
    code, out, err = run(env, "audit", "verify")
    assert code == 0, err
    assert "1 signed tree heads verified" in out
    _tamper(env, 3)
    code, out, err = run(env, "audit", "verify")
    assert code == 1
    assert "seq 3" in err


def _signed_size(out: str) -> int:
    return int(out.split("size ", 1)[1].split(",", 1)[0])


def test_a_consistency_proof_between_two_signed_heads_verifies_offline(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    init(env, tmp_path)
    _append(env, 10)
    code, out, err = run(env, "audit", "sign")
    assert code == 0, err
    first = _signed_size(out)
    _append(env, 7)
    code, out, err = run(env, "audit", "sign")
    assert code == 0, err
    second = _signed_size(out)
    assert second == first + 7
    code, out, err = run(env, "audit", "consistency", "--from", str(first), "--to", str(second))
    assert code == 0, err
    proof = tmp_path / "consistency.json"
    proof.write_text(out)
    assert verifier_main([str(proof)]) == 0
    document = json.loads(out)
    document["path"][0] = "00" * 32
    proof.write_text(json.dumps(document))
    assert verifier_main([str(proof)]) == 1


def test_a_consistency_proof_needs_two_signed_heads(env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    init(env, tmp_path)
    _append(env, 5)
    code, out, err = run(env, "audit", "sign")
    assert code == 0, err
    size = _signed_size(out)
    code, _, err = run(env, "audit", "consistency", "--from", str(size - 1), "--to", str(size))
    assert code != 0
    assert "signed tree head" in err
