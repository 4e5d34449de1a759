"""Crisis-flag benchmark: recall, specificity and speed of `confide.safety`.

Prints ONE JSON line on stdout (a readable table goes to stderr):
- team: the project's own labeled note-like sentences (benchmarks/data/safety_sentences.jsonl,
  round 1), split into `dev` (used when reviewing the lexicon) and `test` (held out: never read
  to change it), against the budget (recall >= 0.95 at specificity >= 0.90, under 5 ms per note);
- blind: the round-2 sets written blind (given only the category descriptions and C-SSRS's
  definitions, never the lexicon, the rules or the training corpus): `crisis_blind_a.jsonl` in
  note style, `crisis_blind_b.jsonl` in the words of texts and talk. `dev` may be read when
  reviewing misses; `final` is for the figure only (its misses are never printed);
- baselines in the same run: the rules without the learned signal, and without context;
- public: the Reddit C-SSRS data in ../shared/eval/crisis (or $CONFIDE_EVAL_DIR), scored per
  user as its README suggests. Its labels are per user, so those figures are for orientation
  only; nothing is tuned to it and no post text is ever printed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from confide.safety import Kind, flag
from confide.safety.flags import assess
from confide.safety.lexicon import Lexicon, load

HERE = Path(__file__).resolve().parent
TEAM_SET = HERE / "data" / "safety_sentences.jsonl"
BLIND_SETS = {
    "blind_a": "crisis_blind_a.jsonl",
    "blind_b": "crisis_blind_b.jsonl",
    "blind_c": "crisis_blind_c.jsonl",
}
EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "crisis"
PUBLIC_FILE = "reddit_cssrs_500.jsonl"
BUDGET = {"recall": 0.95, "specificity": 0.90, "ms_per_note": 5.0}
SENTENCES_PER_NOTE = 8
TIMING_ROUNDS = 5
AT_RISK = ("Ideation", "Behavior", "Attempt")

Flagger = Callable[[str], set[str]]


def main() -> None:
    rows = [json.loads(line) for line in TEAM_SET.read_text(encoding="utf-8").splitlines()]
    with_context = _kinds_of(lambda text: flag(text))
    no_context = _without_context(load())
    result: dict[str, Any] = {"benchmark": "safety", "lexicon": load().version}
    result["team"] = {split: _team(rows, with_context, split) for split in ("all", "dev", "test")}
    result["team"]["all"]["ms_per_note"] = _ms_per_note([r["text"] for r in rows], flag)
    result["baseline_no_context"] = _team(rows, no_context, "all")
    result["within_budget"] = _within_budget(result["team"]["all"])
    rules_only = _kinds_of(lambda text: assess(text, use_learned=False).flags)
    result["team"]["all"]["ms_per_note_rules_only"] = _ms_per_note(
        [r["text"] for r in rows], lambda text: assess(text, use_learned=False)
    )
    result["blind"] = {}
    for name, file in BLIND_SETS.items():
        path = HERE / "data" / file
        if not path.is_file():
            continue
        blind = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        result["blind"][name] = {
            split: _team(blind, with_context, split, misses=split == "dev")
            for split in ("dev", "final")
        }
        result["blind"][name]["rules_only_final"] = _team(blind, rules_only, "final")
    result["public"] = _public(_eval_dir())
    print(json.dumps(result, sort_keys=True))
    _table(result)


def _kinds_of(flagger: Callable[[str], Iterable[Any]]) -> Flagger:
    return lambda text: {f.kind.value for f in flagger(text)}


def _without_context(lex: Lexicon) -> Flagger:
    bare = dataclasses.replace(lex, triggers=(), pseudo_targets=(), pseudo_triggers=())
    return _kinds_of(lambda text: assess(text, lexicon=bare).flags)


def _team(
    rows: list[dict[str, Any]], flagger: Flagger, split: str, *, misses: bool = False
) -> dict[str, Any]:
    chosen = [r for r in rows if split == "all" or r["split"] == split]
    missed: list[str] = []
    hit = total = exact = near = negatives = clean = wrong_kind = 0
    misses: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    for row in chosen:
        found = flagger(row["text"])
        if not row["labels"]:
            negatives += 1
            clean += not found
            false_alarms[row["category"]] += bool(found)
            if found:
                missed.append(row["id"])
            continue
        wanted = {label["kind"] for label in row["labels"]}
        wrong_kind += bool(found - wanted)
        for label in row["labels"]:
            total += 1
            if label["kind"] in found:
                hit += 1
                sev = _severity(row["text"], label["kind"])
                exact += sev == label["severity"]
                near += abs(sev - label["severity"]) <= 1
            else:
                misses[row["category"]] += 1
                missed.append(row["id"])
    figures = {
        "sentences": len(chosen),
        "positives": total,
        "negatives": negatives,
        "recall": _ratio(hit, total),
        "specificity": _ratio(clean, negatives),
        "severity_exact": _ratio(exact, hit),
        "severity_within_1": _ratio(near, hit),
        "positives_with_extra_kind": wrong_kind,
        "misses_by_category": dict(sorted(misses.items())),
        "false_alarms_by_category": dict(sorted(false_alarms.items())),
    }
    if misses and chosen and "id" in chosen[0]:
        figures["wrong_ids"] = missed
    return figures


def _severity(text: str, kind: str) -> int:
    return max((f.severity for f in flag(text) if f.kind.value == kind), default=0)


def _ms_per_note(texts: list[str], flagger: Callable[[str], object]) -> float:
    shuffled = texts[:]
    random.Random(9).shuffle(shuffled)
    notes = [
        " ".join(shuffled[i : i + SENTENCES_PER_NOTE])
        for i in range(0, len(shuffled), SENTENCES_PER_NOTE)
    ]
    flagger(notes[0])  # load and compile the lexicon outside the timing
    rounds = []
    for _ in range(TIMING_ROUNDS):
        start = time.perf_counter()
        for note in notes:
            flagger(note)
        rounds.append((time.perf_counter() - start) * 1000 / len(notes))
    return round(statistics.median(rounds), 3)


def _eval_dir() -> Path:
    override = os.environ.get("CONFIDE_EVAL_DIR")
    return Path(override) if override else EVAL_DIR


def _public(directory: Path) -> dict[str, Any]:
    source = directory / PUBLIC_FILE
    if not source.is_file():
        return {"available": False}
    users = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    posts = flagged_posts = 0
    elapsed = 0.0
    flagged: dict[str, bool] = {}
    for user in users:
        any_flag = False
        for post in user["posts"]:
            start = time.perf_counter()
            kinds = {f.kind for f in flag(post)}
            elapsed += time.perf_counter() - start
            posts += 1
            flagged_posts += Kind.SUICIDE_RISK in kinds
            any_flag = any_flag or Kind.SUICIDE_RISK in kinds
        flagged[user["id"]] = any_flag
    return {
        "available": True,
        "note": "user-level labels; orientation only, not a budget",
        "users": len(users),
        "posts": posts,
        "posts_flagged_share": _ratio(flagged_posts, posts),
        "ms_per_post": round(elapsed * 1000 / max(posts, 1), 3),
        "all_users": _user_scores(users, flagged, keep_truncated=True),
        "without_truncated": _user_scores(users, flagged, keep_truncated=False),
    }


def _user_scores(
    users: list[dict[str, Any]], flagged: dict[str, bool], *, keep_truncated: bool
) -> dict[str, Any]:
    by_label: dict[str, list[bool]] = defaultdict(list)
    for user in users:
        if keep_truncated or not user.get("truncated", False):
            by_label[user["label"]].append(flagged[user["id"]])
    share = {label: _ratio(sum(v), len(v)) for label, v in sorted(by_label.items())}
    at_risk = [f for label in AT_RISK for f in by_label.get(label, [])]
    supportive = by_label.get("Supportive", [])
    return {
        "flagged_share_by_label": share,
        "users_by_label": {label: len(v) for label, v in sorted(by_label.items())},
        "recall": _ratio(sum(at_risk), len(at_risk)),
        "specificity": _ratio(len(supportive) - sum(supportive), len(supportive)),
        "indicator_flagged_share": share.get("Indicator"),
    }


def _within_budget(team: dict[str, Any]) -> bool:
    return bool(
        team["recall"] >= BUDGET["recall"]
        and team["specificity"] >= BUDGET["specificity"]
        and team["ms_per_note"] < BUDGET["ms_per_note"]
    )


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _table(result: dict[str, Any]) -> None:
    out = sys.stderr
    print("team set        recall  specificity  severity=  n", file=out)
    for split, row in result["team"].items():
        print(
            f"  {split:<13} {row['recall']:>6}  {row['specificity']:>11}  "
            f"{row['severity_exact']:>9}  {row['sentences']}",
            file=out,
        )
    for name, splits in result["blind"].items():
        for split, row in splits.items():
            print(
                f"  {name + ' ' + split:<13} {row['recall']:>6}  {row['specificity']:>11}  "
                f"{row['severity_exact']:>9}  {row['sentences']}",
                file=out,
            )
    base = result["baseline_no_context"]
    print(f"  no context    {base['recall']:>6}  {base['specificity']:>11}", file=out)
    print(f"  ms per note   {result['team']['all']['ms_per_note']}", file=out)
    public = result["public"]
    if not public["available"]:
        print("public set: not found (set CONFIDE_EVAL_DIR)", file=out)
        return
    print("public set (per user, orientation only)  recall  specificity  indicator", file=out)
    for name in ("all_users", "without_truncated"):
        row = public[name]
        print(
            f"  {name:<38} {row['recall']:>6}  {row['specificity']:>11}  "
            f"{row['indicator_flagged_share']:>9}",
            file=out,
        )


if __name__ == "__main__":
    main()
