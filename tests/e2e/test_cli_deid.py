"""`confide deid` through its runner: the JSON-lines contract of docs/deid.md."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from confide.cli.main import _register, app

_register()
runner = CliRunner()


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_deid_reads_stdin_and_writes_spans_and_redacted_text() -> None:
    note = {"id": "n1", "text": "Marisol called 540-555-0110 on 3/14."}
    result = runner.invoke(app, ["deid", "-"], input=json.dumps(note) + "\n")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        {
            "id": "n1",
            "spans": [
                {"start": 0, "end": 7, "label": "NAME"},
                {"start": 15, "end": 27, "label": "PHONE"},
                {"start": 31, "end": 35, "label": "DATE"},
            ],
            "text": "[NAME] called [PHONE] on [DATE].",
        }
    ]


def test_deid_redacts_dates_sites_licences_and_state_named_people() -> None:
    text = "Jordan said the check comes 12/5 at the Kroger on Williamson Rd; DL T12-345-678."
    result = runner.invoke(app, ["deid", "-"], input=json.dumps({"id": 1, "text": text}) + "\n")
    assert result.exit_code == 0
    (line,) = lines(result.stdout)
    assert line["text"] == "[NAME] said the check comes [DATE] at the [ADDRESS]; DL [ID]."


def test_deid_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "No identifiers, 30 days clean."}) + "\n")
    result = runner.invoke(app, ["deid", str(path)])
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        {"id": 7, "spans": [], "text": "No identifiers, 30 days clean."}
    ]


def test_bad_lines_get_an_error_and_exit_2_while_the_rest_are_processed() -> None:
    good = json.dumps({"id": "ok", "text": "Saw Teodoro."})
    stdin = "\n".join(['{"id": "x", "text": "Teodoro', good, '{"id": "y"}', '["Teodoro"]', ""])
    result = runner.invoke(app, ["deid", "-"], input=stdin)
    assert result.exit_code == 2
    out = lines(result.stdout)
    assert out[0] == {"id": None, "error": "invalid_json"}
    assert out[1]["text"] == "Saw [NAME]."
    assert out[2] == {"id": "y", "error": "missing_text"}
    assert out[3] == {"id": None, "error": "not_an_object"}
    assert "Teodoro" not in result.stderr
    assert "Teodoro" not in json.dumps(out[0]) + json.dumps(out[2]) + json.dumps(out[3])


def test_generalize_mode_keeps_the_year() -> None:
    note = {"id": "g", "text": "Intake was 2024-02-09."}
    result = runner.invoke(app, ["deid", "-", "--mode", "generalize"], input=json.dumps(note))
    assert result.exit_code == 0
    assert lines(result.stdout)[0]["text"] == "Intake was 2024."


def test_pseudonymize_mode_is_consistent_across_lines() -> None:
    stdin = "\n".join(
        json.dumps({"id": i, "text": t})
        for i, t in enumerate(["Teodoro met Marisol.", "Marisol thanked Teodoro."])
    )
    result = runner.invoke(app, ["deid", "-", "--mode", "pseudonymize"], input=stdin)
    assert result.exit_code == 0
    assert [o["text"] for o in lines(result.stdout)] == [
        "Peer A met Peer B.",
        "Peer B thanked Peer A.",
    ]


def test_unreadable_file_is_invalid_input_without_quoting_the_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["deid", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert "missing.jsonl" not in result.stderr
