"""Hypotheticals and education: trainings, resources, screening questions, conditionals."""

from __future__ import annotations

import pytest

from confide.safety import Context
from tests.unit.safety.conftest import flagged, set_aside_as


@pytest.mark.parametrize(
    "text",
    [
        "Staff attended a workshop on suicide risk in older adults.",
        "Peer was handed the number of the suicide hotline.",
        "We went over the warning signs of suicide.",
        "If he ever has suicidal thoughts he will go to the ER.",
        "Asked about HI.",
        "She is reading a book about suicide in rural towns.",
        "Psychoeducation on child abuse reporting was given.",
    ],
)
def test_hypothetical_or_educational_mentions_are_not_flagged(text: str) -> None:
    assert flagged(text) == {}
    assert Context.HYPOTHETICAL in set_aside_as(text) or not set_aside_as(text)


def test_a_screening_question_followed_by_an_answer_is_flagged() -> None:
    assert flagged("Asked about SI; endorses passive SI.") == {"suicide_risk": 1}


def test_a_conditional_threat_is_not_a_hypothetical() -> None:
    assert flagged("He will kill Dorian if he shows up again.") == {"homicide_risk": 4}
