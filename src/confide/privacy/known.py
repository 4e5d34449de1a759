"""Identifiers the record already holds, passed in by the caller (plaintext in memory only),
and where they occur in a text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from confide.privacy.lexicon import Lexicon, lexicon
from confide.privacy.spans import KNOWN, PhiLabel, Span


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """One person the record knows: `key` is an opaque handle (an id, never a name).

    `names` are full names, first or last names, aliases and nicknames; `details` are other
    things that point at them (phone, e-mail, street, employer, a relative's name), each with
    the label it is redacted as."""

    key: str
    names: tuple[str, ...] = ()
    details: tuple[tuple[PhiLabel, str], ...] = ()

    def __repr__(self) -> str:
        return f"KnownPerson(key={self.key!r}, names=<{len(self.names)}>)"


@dataclass(frozen=True, slots=True)
class KnownIdentifiers:
    """Everything the caller knows that must not leak: peers, staff, places, organizations."""

    people: tuple[KnownPerson, ...] = ()
    staff: tuple[KnownPerson, ...] = ()
    places: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    extra: tuple[tuple[PhiLabel, str], ...] = field(default=())

    def __repr__(self) -> str:
        return f"KnownIdentifiers(people=<{len(self.people)}>, staff=<{len(self.staff)}>)"


def _name_forms(name: str, lex: Lexicon) -> set[str]:
    """A name, each of its parts, and the nicknames of each part (lowercase)."""
    parts = [p for p in re.split(r"[\s,]+", name.strip()) if len(p.strip(".")) > 1]
    forms = {" ".join(parts).casefold()} if parts else set()
    for part in parts:
        forms |= lex.variants(part.strip(".").casefold())
    return forms


@lru_cache(maxsize=4096)
def _pattern(form: str, case_sensitive: bool) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(w) for w in form.split())
    if case_sensitive:
        return re.compile(rf"(?<![\w@]){body[0].upper()}(?i:{body[1:]})(?![\w@])")
    return re.compile(rf"(?<![\w@]){body}(?![\w@])", re.IGNORECASE)


def _phone_pattern(phone: str) -> re.Pattern[str] | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) < 7:
        return None
    body = r"[\s().-]*".join(digits)
    return re.compile(rf"(?<![\d(])(?:\+?1[\s().-]*)?\(?{body}(?!\d)")


@lru_cache(maxsize=4096)
def _detail_pattern(label: PhiLabel, value: str) -> re.Pattern[str] | None:
    if label is PhiLabel.PHONE:
        return _phone_pattern(value)
    words = value.split()
    if not words:
        return None
    return _pattern(" ".join(words), case_sensitive=False)


_PIECE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Presence:
    """What a text holds, to skip at once the known forms that cannot occur in it (an export
    knows thousands): its casefolded runs of word characters, and its digits run together."""

    pieces: frozenset[str]
    digits: str

    @classmethod
    def of(cls, text: str) -> Presence:
        return cls(frozenset(_PIECE.findall(text.casefold())), re.sub(r"\D", "", text))

    def could_hold(self, label: PhiLabel, value: str) -> bool:
        if label is PhiLabel.PHONE:
            return re.sub(r"\D", "", value)[-7:] in self.digits
        return all(p in self.pieces for p in _PIECE.findall(value.casefold()))


def person_spans(
    person: KnownPerson,
    text: str,
    lex: Lexicon | None = None,
    presence: Presence | None = None,
) -> Iterator[Span]:
    """Where `person`'s names and details occur in `text`, each span carrying their key.
    `presence`, when given, is `Presence.of(text)` already computed."""
    lex = lex or lexicon()
    presence = presence or Presence.of(text)
    forms: set[str] = set()
    for name in person.names:
        forms |= _name_forms(name, lex)
    for form in forms:
        if not presence.could_hold(PhiLabel.NAME, form):
            continue
        # A name that is also a common word ("Hope") only counts when capitalized.
        common = " " not in form and form in lex.common_words
        for m in _pattern(form, case_sensitive=common).finditer(text):
            yield Span(m.start(), m.end(), PhiLabel.NAME, KNOWN, person.key)
    for label, value in person.details:
        pattern = _detail_pattern(label, value)
        if pattern is not None and presence.could_hold(label, value):
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), label, KNOWN, person.key)


def known_spans(known: KnownIdentifiers, text: str, lex: Lexicon | None = None) -> list[Span]:
    """Every occurrence of anything in `known`."""
    lex = lex or lexicon()
    spans: list[Span] = []
    presence = Presence.of(text)
    for person in (*known.people, *known.staff):
        spans.extend(person_spans(person, text, lex, presence))
    loose: Iterable[tuple[PhiLabel, str]] = (
        *((PhiLabel.LOCATION, p) for p in known.places),
        *((PhiLabel.ORGANIZATION, o) for o in known.organizations),
        *known.extra,
    )
    for label, value in loose:
        pattern = _detail_pattern(label, value)
        if pattern is not None:
            spans.extend(Span(*m.span(), label, KNOWN) for m in pattern.finditer(text))
    return spans
