"""Identifiers with a shape: e-mail, URL and handle, phone, ID numbers, ages, the dates of
`dates.py` and the addresses of `addresses.py`.

Each finder takes the text and yields spans; none of them keeps or logs what it saw.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from confide.privacy.addresses import find_addresses
from confide.privacy.dates import find_dates
from confide.privacy.spans import PATTERN, PhiLabel, Span

Finder = Callable[[str], Iterator[Span]]

_TLD = (
    r"(?:com|org|net|edu|gov|mil|info|biz|io|co|us|uk|ca|de|fr|es|it|nl|au|in|me|ly|tv|app|"
    r"health|care|ai|dev|xyz|online|site)"
)
EMAIL = re.compile(r"[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]"
    rf"|\b(?:[A-Za-z0-9-]+\.)+{_TLD}\b(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b")
IP = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")

_SEP = r"[ .\-\u2013]"
PHONE = re.compile(
    # an optional North American trunk "1" ("1-800-...", "1 (540) ...")
    rf"(?<![\w+/])(?:1{_SEP}?(?=\(|\d{{3}}{_SEP}))?(?:"
    # +CC groups, or (area) groups, or NNN-NNN-NNNN; 9 to 15 digits in all (checked below)
    rf"(?:\+|00)\d{{1,3}}(?:{_SEP}?\(\d{{1,4}}\))?(?:{_SEP}?\d{{1,5}}){{2,5}}"
    rf"|\(\d{{2,5}}\){_SEP}?\d{{2,5}}(?:{_SEP}\d{{2,5}}){{1,3}}"
    # a trunk "0" and area code, then the subscriber number (European national forms)
    rf"|\(\d{{1,5}}\){_SEP}?\d{{4,8}}|0\d{{2,4}}[ /-]\d{{4,8}}"
    rf"|0\d{{0,4}}[ /-]\d{{2,4}}(?:{_SEP}\d{{2,4}}){{1,3}}"
    rf"|\d{{2,5}}{_SEP}\d{{2,5}}{_SEP}\d{{3,5}}(?:{_SEP}\d{{2,5}})?"
    rf"|\d{{2,4}}(?:{_SEP}\d{{2,4}}){{3,6}}"
    # an area code of two to five digits, then the subscriber number in one group (E.123's
    # national notation): "21 5551234", "0351 4459876"
    rf"|\d{{2,5}}{_SEP}\d{{6,8}}"
    # an area code closed by a slash, as Central European numbers write it: "06-30/123 4567",
    # "(06)1/234-5678", "089/123 4567", "03/ 499 85 58"
    rf"|(?:\(\d{{1,4}}\)\d{{0,2}}|\d{{1,4}}(?:-\d{{1,3}})?)/\s?\d{{2,4}}(?:{_SEP}?\d{{2,4}}){{1,3}}"
    rf"|\d{{3,4}}{_SEP}\d{{4}}"
    r"|\d{10}"
    # never stop short of a further digit group: the next branch may take it all
    rf")(?P<ext>\s*(?:x|ext\.?|extension)\s*\d{{1,5}})?(?![\w/]|{_SEP}\d)",
    re.IGNORECASE,
)
_PHONE_CONTEXT = re.compile(
    r"(?:phone|call|cell|mobile|text|number|tel|fax|reach|contact|dial|voicemail|vm|landline|"
    r"whatsapp|sms|ph|ring|message)\W{0,3}(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
# The same words just after a number: "498-2954 (cell)", "2741 0089 - mobile", "40 12 77 09
# (office)".
_PHONE_AFTER = re.compile(
    r"\W{0,3}(?:cell|mobile|home|work|office|landline|phone|tel|fax|text|voicemail|whatsapp)\b",
    re.IGNORECASE,
)

SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
CARD = re.compile(r"\b\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ ]?(?:[A-Z0-9]{4}[ ]?){2,7}[A-Z0-9]{1,4}\b")
_ID_WORDS = (
    r"(?:MRN|medical\s+record|record|chart|Medicaid|Medicare|case|client|member|patient|"
    r"policy|account|acct|licen[cs]e|licen[cs]e\s+plate|plate|DL|(?:driver|operator)'?s\s+"
    r"licen[cs]e|permit|DMV(?:\s+customer)?|passport|"
    r"ID|identification|badge|booking|inmate|docket|claim|subscriber|group|serial|SSN|"
    r"social\s+security|certificate|voucher|file)"
)
KEYED_ID = re.compile(
    rf"\b{_ID_WORDS}(?:\s+(?:number|num|no|nbr|#))?\.?\s*(?:is|was|:|#|=)?\s*#?\s*"
    r"(?P<value>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,24}[A-Z0-9])\b",
    re.IGNORECASE,
)
# A driver's licence number of the Virginia shape: one letter and eight digits, printed with
# or without dashes ("T12345678", "T12-345-678", "T12-34-5678"), with no word needed before it.
LICENSE = re.compile(r"\b[A-Z]\d(?:-?\d){7}\b(?!-\d)")
# A bare token mixing letters and at least four digits, or a long run of digits.
CODE = re.compile(r"\b(?=[A-Z0-9-]*\d{4})(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)*\b|\b\d{7,}\b")

AGE = re.compile(r"\b(?:9\d|1[0-2]\d)(?:\s*|-)(?:years?|yrs?|y/?o)\b(?:[\s-]*old)?", re.IGNORECASE)
AGE_WORD = re.compile(
    r"\b(?:aged?|age\s+of|is|turned|turning)\s+(?P<value>9\d|1[0-2]\d)\b(?!\s*(?:%|days?|"
    r"minutes?|mins?|dollars|percent|pounds|lbs|points?|hours?|times?))",
    re.IGNORECASE,
)


def _each(pattern: re.Pattern[str], label: PhiLabel, group: str | None = None) -> Finder:
    def find(text: str) -> Iterator[Span]:
        for m in pattern.finditer(text):
            start, end = m.span(group) if group else m.span()
            if start < end:
                yield Span(start, end, label, PATTERN)

    return find


# Shapes that are phone numbers only when the words before them say so: a bare digit run, or
# a local number of 7 or 8 digits however grouped ("555-0143", "7511 6372", "26 91 80 96").
_LOCAL = re.compile(r"\d+|\d{3,4}[ .\-\u2013]\d{4}")


# A seven-digit local number in the North American shape ("555-0143") needs no words around
# it, unless both halves read as clock times: "930-1030" is a time range.
_NANP_LOCAL = re.compile(r"(\d{3})[.\-\u2013](\d{4})")


def _clock(digits: str) -> bool:
    return int(digits[:-2] or "0") <= 23 and int(digits[-2:]) < 60


def _plain_local(value: str) -> bool:
    m = _NANP_LOCAL.fullmatch(value)
    return m is not None and not (_clock(m.group(1)) and _clock(m.group(2)))


def find_phones(text: str) -> Iterator[Span]:
    for m in PHONE.finditer(text):
        value = m.group()[: m.start("ext") - m.start()] if m.group("ext") else m.group()
        digits = sum(c.isdigit() for c in value)
        if SSN.fullmatch(value):
            continue
        local = _LOCAL.fullmatch(value) is not None or 7 <= digits <= 8
        if local:
            before = _PHONE_CONTEXT.search(text, max(0, m.start() - 60), m.start())
            if text[max(0, m.start() - 1) : m.start()] == "$":
                continue  # "$100-2000": money
            if not (before or _PHONE_AFTER.match(text, m.end()) or _plain_local(value)):
                continue
        elif not 9 <= digits <= 15:
            continue
        yield Span(m.start(), m.end(), PhiLabel.PHONE, PATTERN)


def find_codes(text: str) -> Iterator[Span]:
    for m in CODE.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] == "$":
            continue  # an amount of money
        yield Span(m.start(), m.end(), PhiLabel.ID, PATTERN)


FINDERS: tuple[Finder, ...] = (
    _each(EMAIL, PhiLabel.EMAIL),
    _each(URL, PhiLabel.URL),
    _each(HANDLE, PhiLabel.URL),
    _each(IP, PhiLabel.ID),
    find_phones,
    _each(SSN, PhiLabel.ID),
    _each(CARD, PhiLabel.ID),
    _each(IBAN, PhiLabel.ID),
    _each(KEYED_ID, PhiLabel.ID, "value"),
    _each(LICENSE, PhiLabel.ID),
    find_codes,
    find_dates,
    _each(AGE, PhiLabel.AGE),
    _each(AGE_WORD, PhiLabel.AGE, "value"),
    find_addresses,
)


def find_patterns(text: str) -> list[Span]:
    """Every shaped identifier in `text` (may overlap; `spans.resolve` settles them)."""
    return [span for finder in FINDERS for span in finder(text)]
