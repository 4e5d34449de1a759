"""Consistent surrogates across a document set: the same person is "Peer A" in every note, and
dates move by one secret offset per set so that intervals between them survive."""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from confide.privacy.redact import placeholder
from confide.privacy.spans import PhiLabel, Span
from confide.privacy.tokens import tokenize

MAX_SHIFT_DAYS = 365
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDY = re.compile(
    r"^(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$"
)
_LEAP = 2000  # a leap year stands in for a missing year so that Feb 29 survives the shift


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA ..."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = string.ascii_uppercase[rem] + out
    return out


def _month(word: str) -> int | None:
    word = word.casefold()
    for i, name in enumerate(_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return i
    return None


@dataclass(slots=True)
class Pseudonymizer:
    """Surrogates for one document set. Build one per set with `Pseudonymizer.create(rng)`;
    the offset and the name table live only as long as the object."""

    shift: timedelta
    prefix: str = "Peer"
    _names: dict[str, str] = field(default_factory=dict)
    _others: dict[tuple[PhiLabel, str], str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Pseudonymizer(people=<{len(self._names)}>)"

    @classmethod
    def create(cls, rng: random.Random, *, max_shift_days: int = MAX_SHIFT_DAYS) -> Pseudonymizer:
        days = 0
        while days == 0:
            days = rng.randint(-max_shift_days, max_shift_days)
        return cls(shift=timedelta(days=days))

    def surrogate(self, span: Span, value: str) -> str:
        if span.label is PhiLabel.NAME:
            return self._name(span, value)
        if span.label is PhiLabel.DATE:
            shifted = self.shift_date(value)
            if shifted is not None:
                return shifted
            return placeholder(span, value)
        key = (span.label, " ".join(value.casefold().split()))
        if key not in self._others:
            count = sum(1 for label, _ in self._others if label is span.label) + 1
            self._others[key] = f"[{span.label.value} {count}]"
        return self._others[key]

    def _name(self, span: Span, value: str) -> str:
        if span.key:
            keys = [f"key:{span.key}"]
        else:
            words = [t.base for t in tokenize(value)]
            keys = [" ".join(words), *words]
        found = next((self._names[k] for k in keys if k in self._names), None)
        if found is None:
            found = f"{self.prefix} {_letters(len(set(self._names.values())))}"
        for key in keys:
            self._names.setdefault(key, found)
        return found

    def shift_date(self, value: str) -> str | None:
        """The date moved by the set's offset, in the shape it came in; None if unparsed."""
        text = value.strip()
        if m := _ISO.match(text):
            moved = _move(int(m.group(1)), int(m.group(2)), int(m.group(3)), self.shift)
            return moved.isoformat() if moved else None
        if m := _NUMERIC.match(text):
            year = int(m.group(4))
            year += 2000 if year < 100 else 0
            moved = _move(year, int(m.group(1)), int(m.group(3)), self.shift)
            if moved is None:
                return None
            tail = str(moved.year) if len(m.group(4)) == 4 else f"{moved.year % 100:02d}"
            return f"{moved.month}{m.group(2)}{moved.day}{m.group(2)}{tail}"
        if m := _MONTH_DAY.match(text):
            moved = _move(_LEAP, int(m.group(1)), int(m.group(2)), self.shift)
            return f"{moved.month}/{moved.day}" if moved else None
        if m := _WORDY.match(text):
            month = _month(m.group("month"))
            year = int(m.group("year")) if m.group("year") else _LEAP
            moved = _move(year, month or 0, int(m.group("day")), self.shift)
            if moved is None:
                return None
            name = _MONTHS[moved.month - 1].capitalize()
            return f"{name} {moved.day}" + (f", {moved.year}" if m.group("year") else "")
        return None


def _move(year: int, month: int, day: int, shift: timedelta) -> date | None:
    try:
        return date(year, month, day) + shift
    except ValueError:
        return None
