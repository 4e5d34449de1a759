"""Round 2: risk said without crisis words is found by meaning (frames of concepts), and the
contexts added with it set aside what only looks like risk. Sentences written for these tests."""

from __future__ import annotations

import pytest

from confide.safety import Context
from tests.unit.safety.conftest import flagged, set_aside_as


@pytest.mark.parametrize(
    ("text", "kind", "severity"),
    [
        (
            "She said she already picked the spot and bought the rope last night.",
            "suicide_risk",
            5,
        ),
        ("He keeps thinking about the pills in the bathroom cabinet.", "suicide_risk", 3),
        ("im gonna check out for good tonight", "suicide_risk", 4),
        ("Told me the letters in his truck are for after he's gone.", "suicide_risk", 5),
        ("He bought a pistol for his stepfather and knows where he parks.", "homicide_risk", 5),
        ("She prays every night that her landlord drops dead.", "homicide_risk", 1),
        ("He said he is going to kill Mr. Dorsey when he gets out.", "homicide_risk", 4),
        ("Her 12-year-old is being sold to men for rent money.", "child_abuse", 4),
        (
            "Per mom, her 7 yr old said the neighbor showed him his private parts.",
            "child_abuse",
            4,
        ),
        ("She gives the baby Benadryl so he stays asleep while she goes out.", "child_abuse", 3),
    ],
)
def test_risk_without_crisis_words_is_found_by_meaning(
    text: str, kind: str, severity: int
) -> None:
    found = flagged(text)
    assert kind in found
    assert found[kind] >= severity


@pytest.mark.parametrize(
    "text",
    [
        "Her brother texted her that he would be better off dead; she drove him to intake.",
        "I used to wish I was dead every morning, not anymore.",
        "He listens to Suicide Silence on the drive to work.",
        "My mom is going to kill me if I'm late again.",
        "Reviewed the agency policy on reporting of child abuse with the new volunteer.",
        "If thoughts of suicide return, he will call 988 and his sponsor.",
        "He gave his dog to his sister while he is in residential treatment.",
    ],
)
def test_what_only_looks_like_risk_is_not_flagged(text: str) -> None:
    assert flagged(text) == {}


def test_another_persons_reported_words_are_theirs_even_in_words_about_oneself() -> None:
    assert Context.OTHER_SUBJECT in set_aside_as(
        "Her cousin told her he wants to die; she called his mother."
    )


def test_saying_it_is_not_a_joke_does_not_make_it_one() -> None:
    assert flagged("He said it is not a joke, he wants to kill himself.") == {"suicide_risk": 2}
