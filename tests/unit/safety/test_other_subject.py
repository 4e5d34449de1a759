"""Someone else as the subject: a relative's suicide, a friend's threat."""

from __future__ import annotations

import pytest

from confide.safety import Context
from tests.unit.safety.conftest import flagged, set_aside_as


@pytest.mark.parametrize(
    "text",
    [
        "His uncle died by suicide in March.",
        "Her best friend has been suicidal lately.",
        "The suicide of her nephew is still hard to talk about.",
        "Peer's cousin threatened to stab him.",
        "Family hx of suicide on the father's side.",
        "My sister tried to kill herself.",
    ],
)
def test_someone_elses_risk_is_not_the_peers_flag(text: str) -> None:
    assert flagged(text) == {}
    assert Context.OTHER_SUBJECT in set_aside_as(text)


def test_a_relative_as_the_target_is_a_homicide_flag() -> None:
    assert flagged("He says he will shoot his stepfather.") == {"homicide_risk": 4}


def test_telling_a_relative_does_not_make_the_relative_the_subject() -> None:
    assert flagged("She told her aunt she wants to die.") == {"suicide_risk": 1}


def test_a_new_clause_about_the_peer_ends_the_other_subject_scope() -> None:
    assert flagged("Her father died last year and she wants to die too.") == {"suicide_risk": 1}


def test_child_abuse_by_someone_else_is_still_flagged() -> None:
    assert flagged("Her brother slaps the baby when he is drunk.") == {"child_abuse": 4}
