"""Sites that locate a person: a store, an employer or a residence named with where it is.

"The pharmacy" or "Kroger" alone locates no one; "the Kroger on Williamson Rd", "a fulfillment
center in Hollins" or "the coffee shop on 5th" does, and so does a named residence ("lives at
Brandon Oaks", "Valley View apartments"). Each is an ADDRESS (Safe Harbor: a geographic
subdivision smaller than a state), the site and its street or place together; a named church,
school or employer with its kind after it ("Mount Zion church") is an ORGANIZATION, as a
facility named by its suffix already is. Nothing here keeps or logs what it saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from confide.privacy.lexicon import Lexicon, lexicon
from confide.privacy.names import NOT_NAMES
from confide.privacy.spans import PATTERN, PhiLabel, Span
from confide.privacy.tokens import wordset

_CAP = r"(?:[A-Z][\w'&-]*|(?:St|Mt|Ft)\.)"
# Nouns of places where a person works, shops, eats, is treated or stays.
PLACE_NOUNS = (
    r"(?:store|stores|shop|station|pharmacy|clinic|hospital|shelter|church|school|library|gym|"
    r"restaurant|diner|cafe|café|bar|pub|motel|hotel|inn|hostel|apartment|apartments|complex|"
    r"warehouse|center|centre|plant|factory|office|laundromat|laundry|grocery|supermarket|"
    r"market|bank|daycare|salon|barbershop|pantry|kitchen|stop|park|house|home|duplex|"
    r"townhouse|trailer|building|dealership|wash|mall|plaza|jail|courthouse|facility|branch|"
    r"outlet|dispensary|bodega|deli|bakery|garage|yard|mill|farm|campground|lodge|mission)\b"
)
_DETERMINER = r"(?:[Tt]he|[Aa]n?|[Hh]er|[Hh]is|[Tt]heir|[Tt]hat|[Tt]his|[Mm]y|[Oo]ur|[Yy]our|same)"
_PREPOSITION = r"(?P<prep>on|off|at|in|near|by|across\s+from|next\s+to|behind)"
_STREET_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Pike|Parkway|Pkwy|"
    r"Highway|Hwy|Way|Court|Ct|Circle|Cir|Place|Pl|Plaza|Square|Sq|Terrace|Trail|Turnpike|"
    r"Tpke|Crossing|Ridge|Run|Mall|Center)\b\.?"
)
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)\b"
# Where the site is: a street with or without its type, an ordinal street, a route, a place;
# two streets at a corner ("5th and Main").
_ONE_PLACE = (
    rf"(?:[NSEW]\.?\s+|(?:North|South|East|West|Old|New)\s+)?"
    rf"(?:(?:Route|Rte|Rt|Hwy|Highway|US|I-)\s*\d{{1,4}}\b|{_ORDINAL}(?:\s+{_STREET_TYPE})?"
    rf"|{_CAP}(?:\s+{_CAP}){{0,2}})"
)
_WHERE = rf"(?P<where>{_ONE_PLACE}(?:\s+(?:and|&)\s+{_ONE_PLACE})?)"
# "the coffee shop on 5th", "a fulfillment center in Hollins": a place noun after a determiner
SITE = re.compile(
    rf"\b{_DETERMINER}\s+(?P<site>(?:[\w'-]+\s+){{0,2}}?{PLACE_NOUNS})\s+{_PREPOSITION}\s+"
    rf"{_WHERE}"
)
# What an ordinal counts when it is no street: "on 2nd shift", "in 3rd grade".
_NOT_A_STREET = re.compile(
    r"\d+(?:st|nd|rd|th)\s+(?:shift|grade|floor|step|time|place|period|round|try|attempt|"
    r"offense|week|day|month|year)s?\b",
    re.IGNORECASE,
)
_DATE_WORD = re.compile(
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|"
    r"thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\.?"
)
# A residence named by the kind of place it is, after "at", "in", "into", "to" or "from":
# "lives at Brandon Oaks", "moved into The Pines", "visits her at Lake Pointe".
COMMUNITY = re.compile(
    rf"\b(?:at|in|into|to|from)\s+(?:the\s+)?(?P<value>(?:The\s+)?(?:{_CAP}\s+){{0,3}}"
    r"(?:Oaks|Pines|Towers|Commons|Manor|Village|Gardens|Estates|Heights|Terrace|Pointe|"
    r"Landing|Crossing|Meadows|Apartments|Apts|Lofts|Villas|Residences|Knolls|Woods)\b)"
)
# A named place followed by the kind of place it is, in lowercase or capitalized: a residence
# ("Brandon Oaks retirement community", "Hunt Club apartments") is an ADDRESS, a church,
# school or workplace ("Mount Zion church") an ORGANIZATION.
_RESIDENCE_KINDS = (
    r"(?:retirement\s+(?:community|home|village)|senior\s+(?:living|apartments|center)|"
    r"assisted\s+living|nursing\s+(?:home|center|facility)|rehab(?:ilitation)?\s+center|"
    r"apartment\s+complex|apartments|apts|townhomes|trailer\s+park|mobile\s+home\s+park|"
    r"group\s+home|recovery\s+house|halfway\s+house|sober\s+living|shelter|motel)"
)
_FACILITY_KINDS = (
    r"(?:church|high\s+school|middle\s+school|elementary(?:\s+school)?|school|"
    r"community\s+college|college|plant|warehouse|distribution\s+center|"
    r"fulfillment\s+center|call\s+center|hospital|clinic|jail|mall)"
)
NAMED_KIND = re.compile(
    rf"\b(?P<value>{_CAP}(?:\s+{_CAP}){{0,3}})\s+"
    rf"(?:(?P<residence>(?i:{_RESIDENCE_KINDS}))|(?P<facility>(?i:{_FACILITY_KINDS})))\b"
)
# After a verb of living there, any named place: "stays at Hunt Club", "moved into Tanglewood".
RESIDENCE = re.compile(
    r"\b(?=[LlSsRrMmPpHh])(?i:lives|living|lived|stays|staying|stayed|resides|residing|moved|moving|moves|"
    rf"placed|housed)\s+(?:at|into)\s+(?P<value>{_CAP}(?:\s+{_CAP}){{0,3}})"
)


@cache
def _chain_pattern(chains: frozenset[str]) -> re.Pattern[str]:
    """Chain names as written in running text: capitalized, or in capitals."""
    names = sorted(chains, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in name.split()) for name in names)
    # The lookahead lets the scan skip every position but a capital or a digit at once.
    return re.compile(
        rf"(?<![\w'-])(?=[A-Z0-9])(?P<site>(?i:{body}))(?![\w'-])\s+{_PREPOSITION}\s+{_WHERE}"
    )


def _words(phrase: str) -> list[str]:
    return [w.strip(".,'").casefold() for w in phrase.split() if w.strip(".,'")]


def _place_word_ok(word: str, lex: Lexicon, *, streets: bool) -> bool:
    """A word that can name a street (`streets`) or a place: no weekday, month, holiday, term
    of notes, state or country; a place after "in" or "at" also no common word alone."""
    if word in NOT_NAMES or word in lex.terms or word in lex.regions:
        return False
    return streets or word not in lex.common_words


def _locates(where: str, prep: str, lex: Lexicon) -> bool:
    """Whether `where` names a street or a place that locates a site."""
    if where.endswith(("'s", "’s")) or _DATE_WORD.fullmatch(where.split()[0]):
        return False
    if re.match(r"\d", where) or re.match(r"(?:Route|Rte|Rt|Hwy|Highway|US|I-)\b", where):
        return _NOT_A_STREET.match(where) is None
    words = _words(where)
    key = " ".join(words)
    if key in lex.regions or key in lex.chains:
        return False
    if key in lex.places:
        return True
    streets = prep in ("on", "off") or re.search(rf"\s{_STREET_TYPE}$", where) is not None
    parts = [w for w in words if w not in ("and", "&")]
    return all(_place_word_ok(w, lex, streets=streets) for w in parts[:1]) and any(
        _place_word_ok(w, lex, streets=streets) for w in parts
    )


# Words that say what kind of place it is rather than which: "Junior High School", "State
# Hospital" name no place.
_GENERIC = wordset(
    "high middle junior senior elementary primary public private charter summer night trade "
    "state community county city federal regional general mental health day group nursing "
    "assisted living retirement rehab recovery behavioral medical memorial main new old"
)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in ".!?:\n"


def _name_start(text: str, start: int, value: str, lex: Lexicon) -> int | None:
    """Where the capitalized `value` at `start` begins to name a place, past the words before
    it that do not ("Called", "Her"), or None: it names one with a word that is no ordinary
    word, term or state ("Brandon Oaks"), or, mid-sentence, with two capitalized words that
    say which place rather than what kind ("Valley View"). A possessive ("Tasha's") names a
    person's place: the name detector takes the person."""
    offsets = [start + m.start() for m in re.finditer(r"\S+", value)]
    words = _words(value)
    while words and (
        words[0] in NOT_NAMES
        or words[0] in lex.terms
        or (words[0] in lex.common_words and _at_sentence_start(text, offsets[0]))
    ):
        words, offsets = words[1:], offsets[1:]
    if not words or text[offsets[0] :].split()[0].endswith(("'s", "’s")):
        return None
    if " ".join(words) in lex.regions:
        return None
    if any(w not in NOT_NAMES and w not in lex.common_words and w not in lex.terms for w in words):
        return offsets[0]
    generic = any(w in _GENERIC or w in NOT_NAMES or w in lex.terms for w in words)
    return offsets[0] if len(words) >= 2 and not generic else None


def _site_spans(text: str, lex: Lexicon) -> Iterator[Span]:
    for pattern in (SITE, _chain_pattern(lex.chains)):
        for m in pattern.finditer(text):
            if pattern is not SITE and not m.group("site")[0].isupper():
                continue  # "target", "giant": words unless capitalized
            if _locates(m.group("where"), m.group("prep"), lex):
                end = m.end("where") - (1 if m.group("where").endswith(".") else 0)
                yield Span(m.start("site"), end, PhiLabel.ADDRESS, PATTERN)


def find_sites(text: str, lex: Lexicon | None = None) -> Iterator[Span]:
    """Sites with where they are, named residences, and named facilities with their kind."""
    lex = lex or lexicon()
    yield from _site_spans(text, lex)
    for m in COMMUNITY.finditer(text):
        yield Span(*m.span("value"), PhiLabel.ADDRESS, PATTERN)
    for m in RESIDENCE.finditer(text):
        start = _name_start(text, m.start("value"), m.group("value"), lex)
        if start is not None:
            yield Span(start, m.end("value"), PhiLabel.ADDRESS, PATTERN)
    for m in NAMED_KIND.finditer(text):
        start = _name_start(text, m.start("value"), m.group("value"), lex)
        if start is not None:
            label = PhiLabel.ADDRESS if m.group("residence") else PhiLabel.ORGANIZATION
            yield Span(start, m.end(), label, PATTERN)
