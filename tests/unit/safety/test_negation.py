"""Negation: denials, "no", "not", "without", and values after a form label."""

from __future__ import annotations

import pytest

from confide.safety import Context
from tests.unit.safety.conftest import flagged, set_aside_as


@pytest.mark.parametrize(
    "text",
    [
        "Pt denied SI and HI at today's visit.",
        "Denies SI/HI/AVH.",
        "No SI, no HI.",
        "Client is not suicidal at this time.",
        "SI/HI were negative.",
        "She never had thoughts of killing herself.",
        "He has not expressed any homicidal ideation.",
        "Without any thoughts of suicide, peer focused on the job search.",
        "Peer doesn't want to die; she is hopeful.",
        "Negative for suicidal ideation.",
    ],
)
def test_negated_statements_are_not_flagged(text: str) -> None:
    assert flagged(text) == {}
    assert Context.NEGATED in set_aside_as(text)


def test_a_denial_does_not_reach_past_a_new_clause_that_reports() -> None:
    assert flagged("Denies HI, reports SI since Friday.") == {"suicide_risk": 2}


def test_but_ends_a_negation() -> None:
    assert flagged("No HI but he endorses SI.") == {"suicide_risk": 2}


def test_a_negated_plan_does_not_raise_severity() -> None:
    assert flagged("Endorses SI without a plan.") == {"suicide_risk": 2}


def test_no_longer_wanting_to_live_is_a_wish_to_be_dead_not_a_negation() -> None:
    assert flagged("He no longer wants to live.") == {"suicide_risk": 1}


def test_not_feeling_safe_is_not_a_negation() -> None:
    assert flagged("She is not safe tonight and is thinking about suicide.") == {"suicide_risk": 2}


def test_a_yes_after_a_form_label_is_a_positive() -> None:
    assert flagged("SI: yes. HI: denied.") == {"suicide_risk": 2}


@pytest.mark.parametrize("text", ["SI: denied.", "SI/HI: none", "HI: no"])
def test_a_form_label_with_a_negative_value_is_not_flagged(text: str) -> None:
    assert flagged(text) == {}
