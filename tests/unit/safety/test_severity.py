"""Shorthand, indirect phrasing and the C-SSRS-like severity scale."""

from __future__ import annotations

import pytest

from tests.unit.safety.conftest import flagged


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("Wishes she could go to sleep and never wake up.", 1),
        ("He feels his family would be better off without him.", 1),
        ("Says life is not worth living.", 1),
        ("Endorses SI.", 2),
        ("She has been thinking about ending her life.", 2),
        ("Has thought of jumping off the bridge downtown.", 3),
        ("SI with a method in mind.", 3),
        ("Reports SI with intent to act.", 4),
        ("He is going to kill himself.", 4),
        ("SI w/ plan.", 5),
        ("She has been stockpiling her pills.", 5),
        ("He is giving away his belongings.", 5),
        ("Wrote a goodbye letter to her son.", 5),
        ("Attempted to hang himself this morning.", 5),
    ],
)
def test_suicide_severity_follows_the_scale(text: str, severity: int) -> None:
    assert flagged(text) == {"suicide_risk": severity}


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("Endorses HI toward his neighbor.", 2),
        ("Wants to hurt the landlord.", 2),
        ("Has thought about how to poison his ex.", 3),
        ("He is going to stab his roommate.", 4),
        ("HI with a plan to shoot his supervisor.", 5),
    ],
)
def test_homicide_severity_follows_the_scale(text: str, severity: int) -> None:
    assert flagged(text) == {"homicide_risk": severity}


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("She leaves her 3-year-old home alone at night.", 3),
        ("He punches his stepson.", 4),
        ("The boy has welts on his back.", 4),
        ("Her partner has been molesting her daughter.", 4),
    ],
)
def test_child_abuse_severity(text: str, severity: int) -> None:
    assert flagged(text) == {"child_abuse": severity}


def test_a_safety_plan_is_not_a_plan() -> None:
    assert flagged("Endorses passive SI; updated her safety plan.") == {"suicide_risk": 1}


def test_a_flag_span_covers_its_evidence() -> None:
    from confide.safety import flag

    text = "Note. SI w/ plan."
    (found,) = flag(text)
    assert text[found.start : found.end] == "SI w/ plan"


def test_plain_notes_are_not_flagged() -> None:
    note = "Peer attended group, shared about her new job, and set a goal to call her sponsor."
    assert flagged(note) == {}


def test_typographic_apostrophes_are_read_like_plain_ones() -> None:
    assert flagged("She doesn\u2019t want to be alive.") == {"suicide_risk": 1}


@pytest.mark.parametrize(
    "text",
    ["She wants to kill herself tonight.", "He said he wants to end it all this weekend."],
)
def test_a_time_set_for_it_is_intent(text: str) -> None:
    assert flagged(text)["suicide_risk"] >= 4
