"""`confide disclosure check` through its runner: the JSON-lines contract of docs/disclosure.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from confide.cli.main import _register, app

_register()
runner = CliRunner()

PROGRAM = {
    "jurisdiction": "US-VA",
    "hipaa_covered_entity": True,
    "part2_program": True,
    "mandated_reporter": True,
    "duty_to_protect_applies": False,
}
CONSENT = {
    "id": "k9",
    "form": "part2",
    "patient_name": "Robin Okafor",
    "discloser": "Lantern Peer Center",
    "information": ["attendance"],
    "information_description": "dates attended",
    "recipients": [{"name": "Maple Street Health", "kind": "treating_provider"}],
    "purposes": ["payment"],
    "revocation_statement": True,
    "expires": "2028-01-31",
    "expiry_event": None,
    "expiry_event_occurred": False,
    "signed": True,
    "signed_by": "patient",
    "signed_on": "2027-02-01",
    "revoked_on": None,
    "redisclosure_statement": True,
}


def req(ident: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": ident,
        "as_of": "2027-06-01",
        "program": PROGRAM,
        "information": ["attendance"],
        "recipient": {"name": "Maple Street Health", "kind": "treating_provider"},
        "purpose": "payment",
        "basis": {"type": "consent", "consent_id": "k9"},
        "consents": [CONSENT],
        "restrictions": [],
        "emergency": None,
    }
    base.update(fields)
    return base


def jsonl(*rows: dict[str, Any] | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_check_reads_stdin_and_answers_with_the_contract_fields() -> None:
    result = runner.invoke(app, ["disclosure", "check", "-"], input=jsonl(req("a")))
    assert result.exit_code == 0
    [answer] = lines(result.stdout)
    assert set(answer) == {"id", "decision", "obligations", "citations", "reason"}
    assert answer["id"] == "a"
    assert answer["decision"] == "allow"
    assert set(answer["obligations"]) == {"redisclosure_notice", "minimum_necessary"}
    assert "42 CFR 2.32" in answer["citations"]


def test_check_reads_a_file_and_keeps_the_order(tmp_path: Path) -> None:
    revoked = dict(CONSENT, revoked_on="2027-03-01")
    path = tmp_path / "requests.jsonl"
    path.write_text(jsonl(req("first"), req("second", consents=[revoked])), encoding="utf-8")
    result = runner.invoke(app, ["disclosure", "check", str(path)])
    assert result.exit_code == 0
    assert [(a["id"], a["decision"]) for a in lines(result.stdout)] == [
        ("first", "allow"),
        ("second", "deny"),
    ]


def test_a_line_that_cannot_be_read_gets_an_error_and_exit_2_the_rest_are_decided() -> None:
    text = jsonl(
        req("ok"),
        "{not json",
        req("bad-purpose", purpose="gossip"),
        req("also-ok", basis={"type": "subpoena"}, consents=[]),
    )
    result = runner.invoke(app, ["disclosure", "check", "-"], input=text)
    assert result.exit_code == 2
    answers = lines(result.stdout)
    assert answers[0]["decision"] == "allow"
    assert answers[1] == {"id": None, "error": "invalid_json"}
    assert answers[2] == {"id": "bad-purpose", "error": "invalid_purpose"}
    assert answers[3]["decision"] == "deny"


def test_errors_name_the_field_never_the_value() -> None:
    secret = "Robin-Okafor-canary"
    row = req("x", information=[secret])
    result = runner.invoke(app, ["disclosure", "check", "-"], input=jsonl(row))
    assert result.exit_code == 2
    assert lines(result.stdout) == [{"id": "x", "error": "invalid_information"}]
    assert secret not in result.output


def test_unknown_fields_such_as_expectations_are_ignored() -> None:
    row = req("e", expect=["allow"], note="anything")
    result = runner.invoke(app, ["disclosure", "check", "-"], input=jsonl(row))
    assert result.exit_code == 0
    assert lines(result.stdout)[0]["decision"] == "allow"


def test_a_consent_missing_a_field_is_an_absent_element() -> None:
    partial = {k: v for k, v in CONSENT.items() if k != "revocation_statement"}
    result = runner.invoke(
        app, ["disclosure", "check", "-"], input=jsonl(req("m", consents=[partial]))
    )
    assert result.exit_code == 0
    [answer] = lines(result.stdout)
    assert answer["decision"] == "deny"
    assert "revocation_statement" in answer["reason"]
    assert answer["obligations"] == []


def test_a_line_without_as_of_is_decided_for_today() -> None:
    row = req("t", basis={"type": "subpoena"}, consents=[])
    del row["as_of"]
    result = runner.invoke(app, ["disclosure", "check", "-"], input=jsonl(row))
    assert result.exit_code == 0
    assert lines(result.stdout)[0]["decision"] == "deny"


def test_explain_names_the_rules_that_decided() -> None:
    row = req("r", basis={"type": "duty_to_protect"}, consents=[], purpose="duty_to_protect")
    result = runner.invoke(app, ["disclosure", "check", "--explain", "-"], input=jsonl(row))
    assert result.exit_code == 0
    [answer] = lines(result.stdout)
    assert answer["decision"] == "needs_review"
    assert "part2.duty_to_protect" in answer["rules"]


def test_an_unreadable_file_exits_2_with_one_line_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(app, ["disclosure", "check", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
    assert "invalid_input" in result.stderr


def test_blank_lines_are_skipped() -> None:
    result = runner.invoke(app, ["disclosure", "check", "-"], input="\n" + jsonl(req("b")) + "\n")
    assert result.exit_code == 0
    assert len(lines(result.stdout)) == 1


def test_disclosure_check_is_listed_in_the_cli_reference() -> None:
    reference = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
    assert "## confide disclosure" in reference.read_text(encoding="utf-8")
