"""Figures of speech and jokes are not crisis language."""

from __future__ import annotations

import pytest

from tests.unit.safety.conftest import flagged


@pytest.mark.parametrize(
    "text",
    [
        "These night shifts are killing me.",
        "She was dying to tell her sponsor about the job.",
        "He said he would die of embarrassment if his kids saw him like that.",
        "Peer joked that his wife will kill him for buying another truck.",
        "She is dead set on getting her license back.",
        "He wants to shoot his cousin a message about the reunion.",
        "They beat the kids at basketball.",
        "She hurt her son's feelings.",
        "He could kill for a cigarette.",
    ],
)
def test_figures_of_speech_are_not_flagged(text: str) -> None:
    assert flagged(text) == {}


def test_a_literal_threat_is_still_flagged() -> None:
    assert flagged("He wants to kill his boss.") == {"homicide_risk": 2}
