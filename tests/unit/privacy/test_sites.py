"""Stores, employers and residences that locate a person, and the generic places that do not.
Every sentence was written by hand for these tests; none comes from an evaluation set."""

from __future__ import annotations

import pytest

from confide.privacy.detect import detect
from confide.privacy.spans import PhiLabel


def values(text: str, label: PhiLabel) -> list[str]:
    return [text[s.start : s.end] for s in detect(text) if s.label is label]


def found(text: str) -> list[str]:
    return [text[s.start : s.end] for s in detect(text)]


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("She works at the Kroger on Williamson Rd now.", "Kroger on Williamson Rd"),
        ("Got a job at a fulfillment center in Hollins.", "fulfillment center in Hollins"),
        ("Meets her sponsor at the coffee shop on 5th.", "coffee shop on 5th"),
        ("They talk at the laundromat on 10th and Melrose.", "laundromat on 10th and Melrose"),
        ("Picks up shifts at Sheetz near Cloverdale.", "Sheetz near Cloverdale"),
        ("Works nights at the plant off Route 460.", "plant off Route 460"),
        ("Her cousin manages the Dollar General in Vinton.", "Dollar General in Vinton"),
        ("Started at the Amazon warehouse in Daleville.", "Amazon warehouse in Daleville"),
    ],
)
def test_a_site_with_its_street_or_place_is_one_address(text: str, site: str) -> None:
    assert values(text, PhiLabel.ADDRESS) == [site]


@pytest.mark.parametrize(
    ("text", "residence"),
    [
        ("Her grandmother lives at Brandon Oaks.", "Brandon Oaks"),
        ("He moved into The Pines over the summer.", "The Pines"),
        (
            "Visits her mom at Brandon Oaks retirement community.",
            "Brandon Oaks retirement community",
        ),
        ("Moved into Valley View apartments last week.", "Valley View apartments"),
        ("Stays at Hunt Club for now.", "Hunt Club"),
        ("Slept at the Rescue Mission shelter twice.", "Rescue Mission shelter"),
    ],
)
def test_a_named_residence_is_an_address(text: str, residence: str) -> None:
    assert values(text, PhiLabel.ADDRESS) == [residence]


def test_a_named_church_or_school_with_its_kind_is_an_organization() -> None:
    text = "They go to Mount Zion church; her son is at Patrick Henry high school."
    assert values(text, PhiLabel.ORGANIZATION) == [
        "Mount Zion church",
        "Patrick Henry high school",
    ]
    assert values(text, PhiLabel.NAME) == []


@pytest.mark.parametrize(
    "text",
    [
        "Picked up meds at the pharmacy.",
        "Picked up meds at the pharmacy in the morning.",
        "Went to the clinic on Tuesday and the gym on Sundays.",
        "The clinic on Medicaid pays for her rides.",
        "Met at the church in Virginia when she was a kid.",
        "Gets her dose at the Suboxone clinic.",
        "Got groceries at Kroger, then coffee at the shop.",
        "The store is closed on Christmas Eve.",
        "Works 2nd shift at the plant; in 3rd grade at the time.",
        "Went to church, then to Sunday school and summer school.",
        "The meeting on Zoom ran long; the office at noon was empty.",
        "Her home group meets at the house on the corner.",
    ],
)
def test_generic_places_and_their_times_are_not_addresses(text: str) -> None:
    places = (PhiLabel.ADDRESS, PhiLabel.LOCATION, PhiLabel.ORGANIZATION)
    assert [text[s.start : s.end] for s in detect(text) if s.label in places] == []


def test_a_possessive_place_leaves_the_person_to_the_name_detector() -> None:
    assert found("Stays at Tasha's place now.") == ["Tasha"]
    assert values("Stays at Tasha's place now.", PhiLabel.NAME) == ["Tasha"]
