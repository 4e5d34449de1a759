"""Dates without a year on hand-written notes, and the numbers of notes that only look like them.

A month/day is taken when a word dates it (before it, or a time or an appointment word after
it); a score, a share or a dose stays a number. Every sentence was written by hand for these
tests; none comes from an evaluation set."""

from __future__ import annotations

import random

import pytest

from confide.privacy.detect import detect
from confide.privacy.pseudonyms import Pseudonymizer
from confide.privacy.spans import PhiLabel


def dates(text: str) -> list[str]:
    return [text[s.start : s.end] for s in detect(text) if s.label is PhiLabel.DATE]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Next meeting 12/1 at the library.", "12/1"),
        ("Her disability check comes 12/5 most months.", "12/5"),
        ("PHQ-9 on 10/30 came back lower.", "10/30"),
        ("We planned to talk again on 3/4.", "3/4"),
        ("Her court date is 12/5, she is scared.", "12/5"),
        ("Appt. 2/11 with the dentist.", "2/11"),
        ("Sober since 3/4 and proud of it.", "3/4"),
        ("Rent is due by 11/3 this time.", "11/3"),
        ("Intake rescheduled to 1/9.", "1/9"),
        ("She starts the job 6/2 at 7.", "6/2"),
        ("Call her back 9/30 @ noon.", "9/30"),
        ("Group is closed 12/24-12/26.", "12/24-12/26"),
        ("Will call him 10/22 and see how the move went.", "10/22"),
        ("Mailed the form; she sent it 11/14.", "11/14"),
    ],
)
def test_month_and_day_with_a_word_that_dates_them_is_a_date(text: str, date: str) -> None:
    assert dates(text) == [date]


def test_weekday_and_month_day_are_one_date() -> None:
    assert dates("Tues 12/9 she has court.") == ["Tues 12/9"]
    assert dates("See you fri 3/6, same time.") == ["fri 3/6"]


def test_month_day_heading_a_log_line_is_a_date() -> None:
    text = "12/1 - left a voicemail.\n12/3: no show, texted."
    assert dates(text) == ["12/1", "12/3"]


def test_an_ordinal_day_is_a_date_at_a_sentence_start_too() -> None:
    assert dates("The 14th is her hearing. Paperwork due 21st.") == ["The 14th", "due 21st"]


@pytest.mark.parametrize(
    "text",
    [
        "She scored 10/30 on the BARC-10 check.",
        "PHQ-9 14/27, GAD-7 9/21, pain 7/10, BP 120/80.",
        "Takes 1/2 tab at night and 3/4 of a strip in the morning.",
        "Met 3/4 goals and made 2/3 meetings this week.",
        "Pain went from 8/10 to 4/10 since the shot.",
        "Cravings 6/10, mood 3/5, sleep 5/7 nights.",
        "Doses 2/day, 12 step meetings 3/week.",
        "Group ran 930-1030; she is on call 24/7.",
        "Got 9/10 correct on the quiz.",
        "Her score was 10/30.",
        "He is 45, sober 90 days, and 6 months on Suboxone.",
        "Working the 3rd step for the 2nd time, now on 2nd shift.",
        "Rated it 1/5 and left.",
        "Said she feels about 3/4 of the way back to herself.",
        "Honestly a 7/10 week.",
    ],
)
def test_scores_shares_doses_times_and_counts_are_not_dates(text: str) -> None:
    assert dates(text) == []


def test_pseudonyms_move_a_month_day_by_the_set_offset() -> None:
    pseudonyms = Pseudonymizer.create(random.Random(3))
    moved = pseudonyms.shift_date("12/1")
    assert moved is not None
    assert moved != "12/1"
    assert moved.count("/") == 1
    assert pseudonyms.shift_date("2/30") is None
