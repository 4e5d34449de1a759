"""Identifiers the record already holds, passed in by the caller (plaintext in memory only),
and where they occur in a text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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


def _detail_pattern(label: PhiLabel, value: str) -> re.Pattern[str] | None:
    if label is PhiLabel.PHONE:
        return _phone_pattern(value)
    words = value.split()
    if not words:
        return None
    return _pattern(" ".join(words), case_sensitive=False)


def person_spans(person: KnownPerson, text: str, lex: Lexicon | None = None) -> Iterator[Span]:
    """Where `person`'s names and details occur in `text`, each span carrying their key."""
    lex = lex or lexicon()
    forms: set[str] = set()
    for name in person.names:
        forms |= _name_forms(name, lex)
    for form in forms:
        # A name that is also a common word ("Hope") only counts when capitalized.
        common = " " not in form and form in lex.common_words
        for m in _pattern(form, case_sensitive=common).finditer(text):
            yield Span(m.start(), m.end(), PhiLabel.NAME, KNOWN, person.key)
    for label, value in person.details:
        pattern = _detail_pattern(label, value)
        if pattern is not None:
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), label, KNOWN, person.key)


def known_spans(known: KnownIdentifiers, text: str, lex: Lexicon | None = None) -> list[Span]:
    """Every occurrence of anything in `known`."""
    lex = lex or lexicon()
    spans: list[Span] = []
    for person in (*known.people, *known.staff):
        spans.extend(person_spans(person, text, lex))
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
