"""The words that raised a flag, quoted from the note: what the panel and the dashboard show
instead of character offsets."""

from __future__ import annotations

from dataclasses import dataclass

from confide import safety
from confide.domain.safety_flags import MAX_QUOTE, MAX_QUOTES
from confide.services._flag_records import evidence_words


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    rule: str = "r"


@dataclass(frozen=True)
class Found:
    """Only what evidence_words reads of a safety.Flag: its span and its evidence spans."""

    start: int
    end: int
    evidence: tuple[Span, ...]


def test_a_flag_is_quoted_by_the_words_of_its_evidence() -> None:
    text = "Met at the library. She says she will kill herself tonight."
    (found,) = safety.flag(text)
    words = evidence_words(text, found)
    assert any("kill herself" in w for w in words)
    assert all(w in text for w in words)
    assert "library" not in " ".join(words)


def test_overlapping_spans_join_and_each_quote_appears_once() -> None:
    text = "one two three four five"
    found = Found(0, 23, (Span(4, 13), Span(0, 7), Span(19, 23), Span(19, 23)))
    assert evidence_words(text, found) == ("one two three", "five")  # type: ignore[arg-type]


def test_quotes_fold_white_space_and_are_capped() -> None:
    text = "kill\n  myself " + "x" * 200
    words = evidence_words(text, Found(0, 214, (Span(0, 13), Span(14, 214))))  # type: ignore[arg-type]
    assert words[0] == "kill myself"
    assert len(words[1]) == MAX_QUOTE
    assert words[1].endswith("\u2026")
    letters = "a b c d e f g h i j"
    many = Found(0, 19, tuple(Span(i, i + 1) for i in range(0, 19, 2)))
    assert evidence_words(letters, many) == tuple("abcdef")[:MAX_QUOTES]  # type: ignore[arg-type]


def test_a_flag_without_evidence_is_quoted_by_its_span() -> None:
    text = "she has a plan"
    assert evidence_words(text, Found(4, 14, ())) == ("has a plan",)  # type: ignore[arg-type]
