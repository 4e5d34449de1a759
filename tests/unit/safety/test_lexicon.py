"""The packaged lexicon loads; a broken one is refused by rule id; the engine logs nothing."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from confide.errors import ConfigurationError
from confide.safety import flag, sentences
from confide.safety.lexicon import load, parse


def _anchor(**overrides: Any) -> dict[str, Any]:
    rule = {"id": "x.test", "kind": "suicide_risk", "severity": 2, "patterns": [r"\bzz\b"]}
    return rule | overrides


def test_the_packaged_lexicon_loads_every_kind() -> None:
    lex = load()
    assert {k for a in lex.anchors for k in a.kinds} == {
        "suicide_risk",
        "homicide_risk",
        "child_abuse",
    }
    assert lex.triggers
    assert lex.terminators
    assert lex.pseudo_targets


@pytest.mark.parametrize(
    "rule",
    [
        _anchor(kind="self_harm"),
        _anchor(severity=9),
        _anchor(patterns=["(unclosed"]),
        _anchor(patterns=["%NOPE%"]),
        _anchor(patterns=[]),
    ],
)
def test_a_broken_rule_is_refused_naming_its_id(rule: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError, match=r"x\.test"):
        parse({"anchor": [rule]}, {})


def test_macros_expand_inside_patterns() -> None:
    lex = parse({"macros": {"W": "zz|yy"}, "anchor": [_anchor(patterns=[r"\b(?:%W%)\b"])]}, {})
    assert lex.anchors[0].pattern.search("a yy b")


def test_sentences_split_on_end_punctuation_and_lines_but_not_abbreviations() -> None:
    text = "Met with Dr. Ames. Pt stable.\nNext visit Friday"
    assert [text[s:e].strip() for s, e in sentences.spans(text)] == [
        "Met with Dr. Ames.",
        "Pt stable.",
        "Next visit Friday",
    ]


def test_context_does_not_cross_a_sentence_boundary() -> None:
    assert [f.kind.value for f in flag("Denies HI. Endorses SI.")] == ["suicide_risk"]


def test_flagging_writes_nothing_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    flag("Canary-Quillon says he wants to kill himself.")
    assert caplog.records == []
