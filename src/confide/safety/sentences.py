"""A small sentence splitter for note text: offsets only, so spans map back to the note."""

from __future__ import annotations

import re

# A boundary is end punctuation (optionally closed by a quote or bracket) followed by space,
# or a line break. Common clinical abbreviations do not end a sentence.
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:dr|mr|mrs|ms|pt|pts|st|approx|appt|wk|wks|hr|hrs|min|mins|vs|etc|e\.g|i\.e|"
    r"jr|sr|dept|ext|fig|est|yr|yrs|mo|mos|inc|tx|hx|dx|rx|sx)|\b[a-z])\.\s+$",
    re.IGNORECASE,
)


def spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences in `text`, in order, blanks left out."""
    found: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        if "\n" not in boundary.group() and _ABBREVIATION.search(text, start, boundary.end()):
            continue
        found.append((start, boundary.end()))
        start = boundary.end()
    found.append((start, len(text)))
    return [(s, e) for s, e in found if text[s:e].strip()]
