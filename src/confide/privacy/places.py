"""Guesses for places smaller than a state and for employers or facilities, from context."""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.privacy.lexicon import Lexicon, lexicon
from confide.privacy.names import NOT_NAMES
from confide.privacy.spans import GUESS, PATTERN, PhiLabel, Span

_CAP = r"[A-Z][\w'&.-]*"
_PHRASE = rf"{_CAP}(?:\s+(?:of|the|and|&|de|la|du)?\s*{_CAP}){{0,4}}"
ORG_SUFFIX = (
    r"(?:Inc|LLC|L\.L\.C|Ltd|Corp|Corporation|Company|Co|Group|Hospital|Clinic|Center|Centre|"
    r"Church|School|Academy|University|College|Institute|Foundation|Bank|Shelter|House|"
    r"Ministries|Ministry|Restaurant|Cafe|Café|Diner|Motel|Hotel|Inn|Store|Market|Pharmacy|"
    r"Services|Industries|Partners|Associates|Enterprises|Holdings|Solutions|Systems|Factory|"
    r"Farms?|Mill|Plant|Warehouse|Garage|Salon|Bakery|Bar|Grill|Pub|Club|Gym|Library|"
    r"Department|Dept|Agency|Authority|Jail|Prison|Correctional|Mission|Temple|Mosque|"
    r"Synagogue|Chapel|Tabernacle|Recovery|Rehab|Detox|Lodge|Residence|Apartments|Homes?)"
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
    """True when the phrase is made of ordinary words or words that are never places."""
    words = [w.strip(".'").casefold() for w in phrase.split()]
    return all(w in NOT_NAMES or w in lex.common_words for w in words)


def find_places(text: str, lex: Lexicon | None = None) -> Iterator[Span]:
    """Organizations by their suffix or an employment verb; places by a preposition."""
    lex = lex or lexicon()
    for m in ORGANIZATION.finditer(text):
        yield Span(m.start(), m.end(), PhiLabel.ORGANIZATION, PATTERN)
    for m in EMPLOYER.finditer(text):
        if not _plain(m.group("value"), lex):
            yield Span(*m.span("value"), PhiLabel.ORGANIZATION, GUESS)
    for m in COUNTY.finditer(text):
        yield Span(m.start(), m.end(), PhiLabel.LOCATION, GUESS)
    for m in PLACE.finditer(text):
        value = m.group("value")
        first = value.split()[0].casefold()
        if _plain(value, lex) or first in lex.first_names:
            continue
        yield Span(*m.span("value"), PhiLabel.LOCATION, GUESS)
