"""Redaction, Safe Harbor generalization and consistent pseudonyms."""

from __future__ import annotations

import random
from datetime import date

import pytest

from confide.privacy.detect import detect
from confide.privacy.known import KnownIdentifiers, KnownPerson
from confide.privacy.pseudonyms import Pseudonymizer
from confide.privacy.redact import generalize, redact, replace
from confide.privacy.spans import PhiLabel, Span


def test_redaction_uses_typed_placeholders() -> None:
    text = "Marisol called 540-555-0110 on 3/14."
    assert redact(text, detect(text)) == "[NAME] called [PHONE] on [DATE]."


def test_redaction_refuses_overlapping_spans() -> None:
    spans = [Span(0, 5, PhiLabel.NAME), Span(3, 8, PhiLabel.DATE)]
    with pytest.raises(ValueError, match="overlap"):
        redact("abcdefghij", spans)


def test_generalization_keeps_only_the_year_of_a_date() -> None:
    text = "Discharged on March 3, 2024 and seen again the 14th."
    assert generalize(text, detect(text)) == "Discharged on 2024 and seen again [DATE]."


def test_generalization_of_ages_over_89() -> None:
    text = "Her grandfather is 94 years old."
    assert generalize(text, detect(text)) == "Her grandfather is 90 or older."


def test_generalization_truncates_zip_and_zeroes_small_areas() -> None:
    text = "Mail goes to ZIP 24401; his old one was zip 82301."
    assert generalize(text, detect(text)) == "Mail goes to ZIP 244; his old one was zip 000."


def test_pseudonyms_are_consistent_across_a_document_set() -> None:
    pseudonyms = Pseudonymizer.create(random.Random(7))
    first = "Desmond Achterberg called Marisol."
    second = "Marisol drove Desmond to group."
    out = [replace(t, detect(t), pseudonyms.surrogate) for t in (first, second)]
    assert out == ["Peer A called Peer B.", "Peer B drove Peer A to group."]


def test_known_person_gets_one_pseudonym_for_every_name_they_go_by() -> None:
    peer = KnownPerson("p1", names=("William Okonjo",))
    known = KnownIdentifiers(people=(peer,))
    pseudonyms = Pseudonymizer.create(random.Random(1))
    text = "William Okonjo, who goes by Bill, met Teodoro. Bill left early."
    out = replace(text, detect(text, known), pseudonyms.surrogate)
    assert out == "Peer A, who goes by Peer A, met Peer B. Peer A left early."


def test_date_shift_keeps_intervals_and_format() -> None:
    pseudonyms = Pseudonymizer.create(random.Random(3))
    text = "Intake 2024-02-09, review 2024-03-10, court 03/01/2024."
    out = replace(text, detect(text), pseudonyms.surrogate)
    first, second, third = (part.split()[-1].rstrip(",.") for part in out.split(", "))
    assert first != "2024-02-09"
    a, b = date.fromisoformat(first), date.fromisoformat(second)
    assert (b - a).days == 30
    month, day, year = (int(x) for x in third.split("/"))
    assert (date(year, month, day) - a).days == 21


def test_date_offset_comes_from_the_injected_rng() -> None:
    a = Pseudonymizer.create(random.Random(11)).shift
    b = Pseudonymizer.create(random.Random(11)).shift
    c = Pseudonymizer.create(random.Random(12)).shift
    assert a == b
    assert a != c
    assert a.days != 0


def test_unparseable_dates_fall_back_to_a_placeholder() -> None:
    pseudonyms = Pseudonymizer.create(random.Random(5))
    text = "Used again last Tues."
    assert replace(text, detect(text), pseudonyms.surrogate) == "Used again [DATE]."


def test_other_identifiers_get_numbered_consistent_placeholders() -> None:
    pseudonyms = Pseudonymizer.create(random.Random(5))
    text = "Call 540-555-0110, then 540-555-0111, then 540-555-0110 again."
    out = replace(text, detect(text), pseudonyms.surrogate)
    assert out == "Call [PHONE 1], then [PHONE 2], then [PHONE 1] again."
