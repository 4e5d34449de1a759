"""Guesses for places smaller than a state and for employers or facilities, from context."""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.privacy.lexicon import Lexicon, lexicon
from confide.privacy.names import NOT_NAMES
from confide.privacy.spans import GUESS, PATTERN, PhiLabel, Span
from confide.privacy.tokens import Token, tokenize

_CAP = r"[A-Z][\w'&.-]*"
_PHRASE = rf"{_CAP}(?:\s+(?:of|the|and|&|de|la|du)?\s*{_CAP}){{0,4}}"
ORG_SUFFIX = (
    r"(?:Inc|LLC|L\.L\.C|Ltd|Corp|Corporation|Company|Co|Group|Hospital|Clinic|Center|Centre|"
    r"Church|School|Academy|University|College|Institute|Foundation|Bank|Shelter|House|"
    r"Ministries|Ministry|Restaurant|Cafe|Café|Diner|Motel|Hotel|Inn|Store|Market|Pharmacy|"
    r"Services|Industries|Partners|Associates|Enterprises|Holdings|Solutions|Systems|Factory|"
    r"Farms?|Mill|Plant|Warehouse|Garage|Salon|Bakery|Bar|Grill|Pub|Club|Gym|Library|"
    r"Department|Dept|Agency|Authority|Jail|Prison|Correctional|Mission|Temple|Mosque|"
    r"Synagogue|Chapel|Tabernacle|Recovery|Rehab|Detox|Lodge|Residence|Apartments|Homes?|"
    r"Elementary|Preschool|Daycare|Courthouse|Precinct)"
)
ORGANIZATION = re.compile(rf"\b{_PHRASE}\s+{ORG_SUFFIX}\b\.?")
EMPLOYER = re.compile(
    rf"\b(?i:works?|worked|working|employed|job|hired|shift|interview(?:ed)?|applied|fired)"
    rf"\s+(?i:at|for|with|from)\s+(?P<value>{_PHRASE})"
)
PLACE = re.compile(
    rf"\b(?:in|near|outside(?:\s+of)?|around|from|to|moved\s+to|lives\s+in|grew\s+up\s+in|"
    rf"town\s+of|city\s+of|county\s+of)\s+(?P<value>{_PHRASE})"
)
COUNTY = re.compile(rf"\b{_CAP}(?:\s+{_CAP}){{0,2}}\s+(?:County|Parish|Borough|Township)\b")


def _plain(phrase: str, lex: Lexicon) -> bool:
    """True when the phrase is made of ordinary words or words that are never places, or is
    a country or state."""
    words = [w.strip(".'").casefold() for w in phrase.split()]
    if place_key(words) in lex.regions:
        return True
    return all(w in NOT_NAMES or w in lex.common_words or w in lex.terms for w in words)


def _trimmed(m: re.Match[str]) -> tuple[int, int]:
    """The value's span without a sentence's closing dot."""
    start, end = m.span("value")
    return start, end - 1 if m.group("value").endswith(".") else end


MAX_PLACE_WORDS = 4


def place_key(words: list[str]) -> str:
    """How `data/places.txt` spells a place: lowercase words, no dots, one space between."""
    return " ".join(" ".join(words).replace(".", " ").split()).casefold()


def _adjacent(tokens: list[Token], a: int, text: str) -> bool:
    gap = text[tokens[a].end : tokens[a + 1].start]
    return gap.strip(" .") == "" and len(gap) <= 2 and not tokens[a + 1].sentence_start


def find_towns(
    text: str, lex: Lexicon | None = None, tokens: list[Token] | None = None
) -> Iterator[Span]:
    """Towns and cities of the shipped gazetteer, written capitalized ("Lynchburg", "St. Louis",
    "Grand Rapids"); the longest name wins. States and countries are not in it."""
    lex = lex or lexicon()
    tokens = tokenize(text) if tokens is None else tokens
    i = 0
    while i < len(tokens):
        end = _town_at(tokens, i, text, lex)
        if end is None:
            i += 1
            continue
        # A name of several words is a town for sure; one word may be a person ("Austin").
        strength = PATTERN if end > i else GUESS
        yield Span(tokens[i].start, tokens[end].name_end, PhiLabel.LOCATION, strength)
        i = end + 1


def _town_at(tokens: list[Token], i: int, text: str, lex: Lexicon) -> int | None:
    first = tokens[i]
    if not first.capitalized or first.base in NOT_NAMES:
        return None
    words = [first.base]
    best = i if first.base in lex.places else None
    j = i
    while len(words) < MAX_PLACE_WORDS and j + 1 < len(tokens) and _adjacent(tokens, j, text):
        if tokens[j].name_end != tokens[j].end:
            break  # a possessive ends the name
        j += 1
        words.append(tokens[j].base)
        if tokens[j].capitalized and place_key(words) in lex.places:
            best = j
    return best


# "Mlýnská 906", "Lierøa 39B": a street named, house number after, with no street type, as
# Central European and Nordic addresses write it. Taken only when the word is in no list.
# A letter, or a letter and a second number, may follow: "Splavnica 9b", "Orlovac 7b/7" (a
# reading "7/10" or "128/84" is not a house number).
_BARE_STREET = re.compile(
    rf"\b(?P<street>{_CAP})\s+\d{{1,4}}(?:[A-Z]|[a-z](?:/\d{{1,4}}[a-z]?)?\b)?\b"
    r"(?![.,:/]?\d|\s*%)"
)


def _unknown_word(word: str, lex: Lexicon) -> bool:
    base = word.casefold()
    return not (
        lex.is_word(base) or lex.is_name(base) or base in lex.places or base in lex.regions
        or base in NOT_NAMES or not word.isalpha()
    )  # fmt: skip


def find_bare_streets(text: str, lex: Lexicon | None = None) -> Iterator[Span]:
    lex = lex or lexicon()
    for m in _BARE_STREET.finditer(text):
        if _unknown_word(m.group("street"), lex):
            yield Span(m.start(), m.end(), PhiLabel.ADDRESS, GUESS)


def find_places(
    text: str, lex: Lexicon | None = None, tokens: list[Token] | None = None
) -> Iterator[Span]:
    """Organizations by their suffix or an employment verb; places by a preposition or the
    gazetteer."""
    lex = lex or lexicon()
    yield from find_towns(text, lex, tokens)
    yield from find_bare_streets(text, lex)
    for m in ORGANIZATION.finditer(text):
        yield Span(m.start(), m.end(), PhiLabel.ORGANIZATION, PATTERN)
    for m in EMPLOYER.finditer(text):
        if not _plain(m.group("value"), lex):
            yield Span(*_trimmed(m), PhiLabel.ORGANIZATION, GUESS)
    for m in COUNTY.finditer(text):
        yield Span(m.start(), m.end(), PhiLabel.LOCATION, GUESS)
    for m in PLACE.finditer(text):
        value = m.group("value")
        first = value.split()[0].casefold()
        if _plain(value, lex) or first in lex.first_names:
            continue
        yield Span(*_trimmed(m), PhiLabel.LOCATION, GUESS)
