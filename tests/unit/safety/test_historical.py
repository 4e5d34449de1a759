"""History: past events stated as past are set aside; a return to the present is not."""

from __future__ import annotations

import pytest

from confide.safety import Context
from tests.unit.safety.conftest import flagged, set_aside_as


@pytest.mark.parametrize(
    "text",
    [
        "Hx of suicide attempt by hanging, 2009.",
        "She attempted suicide in 2011; none since.",
        "Remote history of SI while drinking.",
        "Peer overdosed on purpose twenty years ago.",
        "As a teenager he made a suicide attempt.",
        "He had homicidal thoughts toward his stepdad growing up.",
        "He hit his son years ago, before treatment.",
        "Prior SI, resolved.",
    ],
)
def test_historical_statements_are_not_flagged(text: str) -> None:
    assert flagged(text) == {}
    assert Context.HISTORICAL in set_aside_as(text)


def test_a_recent_window_is_not_history() -> None:
    assert flagged("SI in the past two weeks.") == {"suicide_risk": 2}


def test_now_ends_the_historical_scope() -> None:
    assert flagged("History of depression and now endorses SI.") == {"suicide_risk": 2}


def test_last_night_is_not_history() -> None:
    assert flagged("She tried to kill herself last night.") == {"suicide_risk": 5}


def test_an_adult_recalling_childhood_abuse_is_not_a_child_abuse_flag() -> None:
    assert flagged("She was sexually abused as a child by an uncle.") == {}
