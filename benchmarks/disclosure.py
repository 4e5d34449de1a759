"""Disclosure-engine evaluation: the shared examples and the project's own blind set through
`confide disclosure check`'s own service, and decision speed.

The blind set (benchmarks/data/disclosure_scenarios.jsonl, see its .md) was written from the
contract and the regulation text without sight of the rules. Its `dev` split is scored with the
ids that missed; its `final` split is scored as a figure only (no ids), for final measurement.
A scenario is matched when the decision is one of those expected and, on an allow, every
expected obligation is present (extra obligations are not counted against it).

Prints ONE JSON line on stdout: decisions and obligations matched / total against the examples
in ../shared/eval/disclosure (or the folder $CONFIDE_EVAL_DIR names), the ids that did not
match, and decisions per second over the same requests. An example's `expect` lists the
acceptable decisions; its `expect_obligations` is compared as a set. The examples illustrate
the rules: nothing in the engine or its packs is tuned to them, and no request content is
printed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from confide.services.disclosures import check_disclosure, check_disclosures, parse_request

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "disclosure"
EXAMPLES = "examples.jsonl"
SCENARIOS = Path(__file__).resolve().parent / "data" / "disclosure_scenarios.jsonl"
MIN_SECONDS = 0.5


def main() -> int:
    path = _eval_dir() / EXAMPLES
    if not path.exists():
        print(json.dumps({"benchmark": "disclosure", "skipped": "no examples file"}))
        return 0
    rows = path.read_text(encoding="utf-8").splitlines()
    result: dict[str, Any] = {"benchmark": "disclosure", **_score(rows)}
    result["decisions_per_s"] = _speed(rows)
    result["all_matched"] = not result["mismatched"]
    result |= _blind_set()
    print(json.dumps(result, sort_keys=True))
    return 0


def _blind_set() -> dict[str, Any]:
    """The blind set's dev split (with the ids missed) and final split (a figure only)."""
    today = datetime.now(UTC).date()
    lines = [r for r in SCENARIOS.read_text(encoding="utf-8").splitlines() if r.strip()]
    scenarios = [json.loads(r) for r in lines]
    answers = list(check_disclosures(lines, today=today))
    out: dict[str, Any] = {}
    for split in ("dev", "final"):
        pairs = [(s, a) for s, a in zip(scenarios, answers, strict=True) if s["split"] == split]
        missed = [str(s["id"]) for s, a in pairs if not _meets(s, a)]
        out[f"blind_{split}"] = f"{len(pairs) - len(missed)}/{len(pairs)}"
        if split == "dev":
            out["blind_dev_missed"] = missed
    return out


def _meets(scenario: dict[str, Any], answer: dict[str, Any]) -> bool:
    decision = answer.get("decision")
    if decision not in scenario.get("expect", []):
        return False
    required = set(scenario.get("expect_obligations", []))
    return decision != "allow" or required <= set(answer.get("obligations", []))


def _eval_dir() -> Path:
    override = os.environ.get("CONFIDE_EVAL_DIR")
    return Path(override) if override else EVAL_DIR


def _score(rows: list[str]) -> dict[str, Any]:
    today = datetime.now(UTC).date()
    examples = [json.loads(r) for r in rows if r.strip()]
    answers = list(check_disclosures(rows, today=today))
    decisions = obligations = 0
    mismatched: list[str] = []
    for example, answer in zip(examples, answers, strict=True):
        ok_decision = answer.get("decision") in example.get("expect", [])
        expected = set(example.get("expect_obligations", []))
        ok_obligations = set(answer.get("obligations", [])) == expected
        decisions += ok_decision
        obligations += ok_obligations
        if not (ok_decision and ok_obligations):
            mismatched.append(str(example.get("id")))
    total = len(examples)
    return {
        "decisions_matched": f"{decisions}/{total}",
        "obligations_matched": f"{obligations}/{total}",
        "mismatched": mismatched,
    }


def _speed(rows: list[str]) -> int:
    today = datetime.now(UTC).date()
    requests = [r for _, r, _ in (parse_request(row, today=today) for row in rows if row.strip())]
    ready = [r for r in requests if r is not None]
    if not ready:
        return 0
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < MIN_SECONDS:
        for request in ready:
            check_disclosure(request)
        done += len(ready)
    return int(done / (time.perf_counter() - start))


if __name__ == "__main__":
    sys.exit(main())
