"""`confide flag` through its runner: the JSON-lines contract of docs/flag.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from confide.cli.main import _register, app

_register()
runner = CliRunner()


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_flag_reads_stdin_and_writes_kind_severity_and_span() -> None:
    note = {"id": "n1", "text": "Met at the library. Endorses SI w/ plan."}
    result = runner.invoke(app, ["flag", "-"], input=json.dumps(note) + "\n")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        {"id": "n1", "flags": [{"kind": "suicide_risk", "severity": 5, "start": 29, "end": 39}]}
    ]


def test_a_note_with_nothing_to_flag_gets_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "Denies SI/HI. Ninety days clean."}) + "\n")
    result = runner.invoke(app, ["flag", str(path)])
    assert result.exit_code == 0
    assert lines(result.stdout) == [{"id": 7, "flags": []}]


def test_every_kind_is_reported_in_text_order() -> None:
    text = "He wants to kill his landlord. She leaves the baby alone in the car."
    result = runner.invoke(app, ["flag", "-"], input=json.dumps({"id": "k", "text": text}))
    assert result.exit_code == 0
    (out,) = lines(result.stdout)
    assert [(f["kind"], f["severity"]) for f in out["flags"]] == [
        ("homicide_risk", 2),
        ("child_abuse", 3),
    ]


def test_bad_lines_get_an_error_and_exit_2_while_the_rest_are_processed() -> None:
    good = json.dumps({"id": "ok", "text": "Wants to die, says Velasquine."})
    stdin = "\n".join(
        [
            '{"id": "x", "text": "Velasquine wants to die',
            good,
            '{"id": "y"}',
            '["Velasquine"]',
            '{"id": true, "text": "Velasquine"}',
            '{"id": "z", "text": 5}',
            "",
        ]
    )
    result = runner.invoke(app, ["flag", "-"], input=stdin)
    assert result.exit_code == 2
    out = lines(result.stdout)
    assert out[0] == {"id": None, "error": "invalid_json"}
    assert out[1] == {
        "id": "ok",
        "flags": [{"kind": "suicide_risk", "severity": 1, "start": 0, "end": 12}],
    }
    assert out[2:] == [
        {"id": "y", "error": "missing_text"},
        {"id": None, "error": "not_an_object"},
        {"id": None, "error": "invalid_id"},
        {"id": "z", "error": "text_not_string"},
    ]
    errors = json.dumps(out[0]) + json.dumps(out[2:])
    assert "Velasquine" not in result.stderr + errors


def test_explain_adds_evidence_and_what_context_set_aside() -> None:
    text = "Denies HI. His brother killed himself; peer endorses passive SI."
    result = runner.invoke(
        app, ["flag", "--explain", "-"], input=json.dumps({"id": 1, "text": text})
    )
    assert result.exit_code == 0
    (out,) = lines(result.stdout)
    assert out["flags"] == [
        {
            "kind": "suicide_risk",
            "severity": 1,
            "start": 53,
            "end": 63,
            "evidence": ["suicide.passive"],
        }
    ]
    assert {(a["kind"], tuple(a["contexts"])) for a in out["set_aside"]} == {
        ("homicide_risk", ("negated",)),
        ("suicide_risk", ("other_subject",)),
    }


def test_an_unreadable_file_exits_2_naming_no_content(tmp_path: Path) -> None:
    result = runner.invoke(app, ["flag", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert result.stderr == "confide: invalid_input: cannot read the input file\n"
