"""Dates more specific than a year: full dates, month names, weekdays, ordinals, holidays, and
a month/day with no year when the words around it say it is a date.

A bare "10/30" is as often a score or a share ("scored 10/30", "3/4 of a tab") as a date, so
a month/day without a year is taken only with a word that dates it just before ("on", "next
meeting", "check comes", a weekday), a time or an appointment word after it, or as the head of
a log line ("12/1 - called"); a measure or score word before it, or a count or a dose after it,
keeps it a number. Nothing here keeps or logs what it saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.privacy.spans import PATTERN, PhiLabel, Span
from confide.privacy.tokens import wordset

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)"
_WEEKDAY = (
    r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|"
    r"Sat(?:urday)?|Sun(?:day)?)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# A month (1-12) and a day (1-31) joined by a slash, not part of a longer date or number.
_MONTH_DAY = rf"(?:0?[1-9]|1[0-2])/{_DAY}"
# What an ordinal counts when it is not a day of the month: "the 3rd step", "the 2nd time".
_NOT_A_DAY = (
    r"(?!\s+(?:time|step|tradition|attempt|floor|grade|day|week|month|year|session|meeting|"
    r"visit|round|place|call|try|child|shift|chance|offense|strike|warning|dose|shot|"
    r"relapse|admission|episode|cycle|class|job|person|one|street|st|ave|avenue|amendment|"
    r"century|percentile|period|precinct|district|ward|"
    r"of\s+(?:us|them))s?\b)"
)
DATE = re.compile(
    "|".join(
        (
            rf"\b{_YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.]{_DAY}\b",
            # (not "12/1-12/3": a range of two month/days, see MONTH_DAY)
            rf"\b(?:0?[1-9]|1[0-2])[/.-]{_DAY}[/.-](?:{_YEAR}|\d\d)\b(?![/.]\d)",
            rf"\b{_DAY}[/.-](?:0?[1-9]|1[0-2])[/.-](?:{_YEAR}|\d\d)\b(?![/.]\d)",
            # day, month name and year joined by dashes, slashes or dots: "20-Apr-1973"
            rf"\b{_DAY}[-/.]{_MONTH}\.?[-/.](?:{_YEAR}|\d\d)\b",
            rf"\b{_DAY}{_ORD}?(?:\s+of)?\s+{_MONTH}\b(?:\.?,?\s+{_YEAR})?",
            rf"\b{_MONTH}\.?\s+{_DAY}{_ORD}?\b(?:,?\s+{_YEAR}\b)?",
            rf"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
            rf"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+"
            rf"{_YEAR}\b",
            # full month names alone: an element of a date (not "May", see below)
            r"\b(?:January|February|March|April|June|July|August|September|October|"
            r"November|December)\b",
            # a weekday and a month/day: "Tues 12/9", "Friday, 3/4"
            rf"\b(?i:{_WEEKDAY})\.?,?\s+{_MONTH_DAY}\b(?![/.-]?\d)",
            rf"\b(?:(?:last|next|this|past|coming|on|since|by|until|before|after)\s+)?"
            r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
            rf"|{_WEEKDAY}\b)",
            r"\b(?:last|next|this|past|coming|in|since|by|until|early|late|mid|mid-)\s+May\b",
            # an ordinal day: "the 14th", "The 14th", "on the 3rd", "due 14th"
            rf"\b(?:[Tt]he|on\s+the)\s+{_DAY}{_ORD}\b{_NOT_A_DAY}",
            rf"\b(?i:by|until|till|before|after|since|due|starting|through|thru)\s+"
            rf"{_DAY}{_ORD}\b{_NOT_A_DAY}",
            r"\b(?:Christmas(?:\s+Eve)?|Thanksgiving|Easter|Halloween|"
            r"New\s+Year'?s(?:\s+(?:Eve|Day))?|Valentine'?s\s+Day|Independence\s+Day|"
            r"Fourth\s+of\s+July|July\s+4th|Memorial\s+Day|Labor\s+Day|Mother'?s\s+Day|"
            r"Father'?s\s+Day)\b",
        )
    ),
)
# Weekday abbreviations are also ordinary words: only with a modifier or a capital.
_BARE_ABBREV = re.compile(r"^(?:Mon|Wed|Sat|Sun|Tue|Thu|Fri)\.?$")

# A month/day, or a range of two ("12/1-12/3", "3/4 to 3/6"), standing alone: not inside a
# longer date, a fraction of a fraction or a decimal.
MONTH_DAY = re.compile(
    rf"(?<![\w/.,$-])(?P<value>{_MONTH_DAY}(?P<range>\s*(?:-|–|to|thru|through)\s*{_MONTH_DAY})?)"
    r"(?![\w/%]|[.,]\d)"
)
# Words that date a month/day standing right before it, possibly across a few neutral words:
# "on 3/4", "next meeting 12/1", "check comes 12/5", "court date is 12/5", "Tues 12/9".
DATE_CUES = wordset(
    "on dated dob born date dates seen met visited called discharged admitted released due "
    "intake appt appointment appts appointments starting started start starts ending ended "
    "end ends begins began begin meeting meetings mtg meet court hearing session visit "
    "deadline check-in checkin followup follow-up comes coming came arrives arrived "
    "scheduled rescheduled schedule moved pushed postponed changed set next last this today "
    "tomorrow tonight payday paid pay expires expired effective returns returned back week "
    "weekend eta mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri "
    "friday sat saturday sun sunday"
)
# Prepositions that date what follows unless a measure word stands before them: "since 3/4",
# but "pain went from 7/10 to 3/10".
WEAK_DATE_CUES = wordset("since from until till thru through by before after as")
# Words that make the number a measure when they come first: "scored 10/30", "pain 7/10".
MEASURE_WORDS = wordset(
    "score scored scores scoring rated rate rating ratings pain craving cravings urge urges "
    "mood anxiety stress level levels phq phq-9 gad gad-7 barc barc-10 audit audit-c dast "
    "dast-10 ratio got get gets answered correct total bp took take takes taking ate "
    "drank drinks smoked used uses"
)
# After the number, what makes it a count, a share or a dose: "3/4 of a tab", "2/3 goals".
_COUNT_AFTER = re.compile(
    r"\s*(?:of\s+(?!(?:this|last|next|that)\s+year)|(?:mg|mcg|ml|tabs?|tablets?|pills?|"
    r"doses?|strips?|films?|cups?|bottles?|shots?|drinks?|beers?|cig(?:arette)?s?|units?|"
    r"goals|groups|meetings|sessions|classes|days|weeks|months|hours|times|questions|items|"
    r"answers|points|steps|tasks|chores|attempts|visits|appointments|calls|nights|"
    r"mornings|symptoms|criteria|requirements|correct|wrong)\b)",
    re.IGNORECASE,
)
# After the number, what makes it a date: a time, a weekday, an appointment word.
_DATE_AFTER = re.compile(
    rf"\s*(?:@|at\s+\d|\(\s*(?i:{_WEEKDAY})|(?i:appt|appointment|meeting|mtg|court|hearing|"
    r"session|deadline|visit|intake|discharge|start|due)\b)",
)
# A month/day heading a line of a log: "12/1 - called her", "3/4: no show".
_LOG_HEAD = re.compile(r"\s*[-–:]")
_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9'-]*\.?|[!?;\n]|\.(?=\s)")
_LOOK_BACK = 40
_MAX_WORDS_BACK = 3


def _cued_before(text: str, start: int) -> bool | None:
    """True when a dating word stands within a few words before `start` (a preposition only
    with no measure word before it), False when a measure word comes first, None when neither
    does within the sentence."""
    window = text[max(0, start - _LOOK_BACK) : start]
    words = _WORD_BEFORE.findall(window)[-_MAX_WORDS_BACK:]
    weak = False
    for word in reversed(words):
        if word in ("!", "?", ";", "\n", "."):
            break
        base = word.rstrip(".").casefold()
        if base in MEASURE_WORDS:
            return False
        if base in DATE_CUES and not weak:
            return True
        weak = weak or base in WEAK_DATE_CUES
        if word.endswith("."):
            break  # the sentence before ends here
    return True if weak else None


def _at_line_head(text: str, start: int) -> bool:
    return not text[text.rfind("\n", 0, start) + 1 : start].strip()


def month_day_is_date(text: str, start: int, end: int, *, is_range: bool = False) -> bool:
    """Whether the month/day (or range of two) `text[start:end]` reads as a date in its
    context."""
    if _COUNT_AFTER.match(text, end):
        return False
    cued = _cued_before(text, start)
    if cued is not None:
        return cued
    if is_range or _DATE_AFTER.match(text, end):
        return True
    if _at_line_head(text, start) and _LOG_HEAD.match(text, end) is not None:
        return True
    return not _looks_like_a_share(text[start:end])


# With no word either way, a month/day is a date ("call him 10/22", "sent it 10/15") unless it
# has the shape of a share or a rating: a smaller number over 2, 3, 4, 5, 8 or 10 ("1/2",
# "3/4", "7/10"), which notes write without a measure word as often as with one.
_SHARE_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10})


def _looks_like_a_share(value: str) -> bool:
    top, _, bottom = value.partition("/")
    numerator, denominator = int(top), int(bottom)
    return denominator in _SHARE_DENOMINATORS and numerator < denominator


def find_dates(text: str) -> Iterator[Span]:
    for m in DATE.finditer(text):
        if _BARE_ABBREV.match(m.group()):
            continue  # "Sun", "Wed" alone: a word more often than a day
        start = m.start()
        if text[max(0, start - 1) : start] == "$":
            continue
        yield Span(start, m.end(), PhiLabel.DATE, PATTERN)
    for m in MONTH_DAY.finditer(text):
        start, end = m.span("value")
        if month_day_is_date(text, start, end, is_range=m.group("range") is not None):
            yield Span(start, end, PhiLabel.DATE, PATTERN)
