"""Group notes: one text, one copy per attendee, in which no OTHER attendee is named or
identifiable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from confide.privacy.detect import detect
from confide.privacy.known import KnownIdentifiers, KnownPerson, person_spans
from confide.privacy.lexicon import lexicon
from confide.privacy.redact import redact
from confide.privacy.spans import KNOWN, PhiLabel, Span, resolve


@dataclass(frozen=True, slots=True)
class AttendeeCopy:
    key: str
    text: str

    def __repr__(self) -> str:
        return f"AttendeeCopy(key={self.key!r}, text=<{len(self.text)} chars>)"


Mentions = dict[tuple[int, int, PhiLabel], set[str]]


def _mentions(text: str, attendees: Sequence[KnownPerson]) -> Mentions:
    """(start, end, label) of every attendee mention -> keys of every attendee it could be."""
    lex = lexicon()
    spans = [s for person in attendees for s in person_spans(person, text, lex)]
    # Keep the longest mentions: "Sam Lee" beats the "Sam" inside it.
    longest = resolve(Span(s.start, s.end, s.label, s.strength) for s in spans)
    owners: Mentions = {(s.start, s.end, s.label): set() for s in longest}
    for span in spans:
        place = (span.start, span.end, span.label)
        if place in owners:
            owners[place].add(span.key)
    return owners


def _copy_spans(
    text: str,
    reader: str,
    mentions: Mentions,
    known: KnownIdentifiers | None,
) -> list[Span]:
    """What to hide in `reader`'s copy: mentions that may be someone else, and any other
    person or identifier the detector finds that is not the reader's own."""
    mine = [(a, b) for (a, b, _), keys in mentions.items() if keys == {reader}]
    hidden = [
        Span(a, b, label, KNOWN) for (a, b, label), keys in mentions.items() if keys != {reader}
    ]
    staff = KnownIdentifiers(staff=known.staff) if known is not None else None
    staff_spans = {(s.start, s.end) for s in detect(text, staff) if s.key} if staff else set()
    for span in detect(text, known):
        inside_mine = any(a <= span.start and span.end <= b for a, b in mine)
        if inside_mine or (span.start, span.end) in staff_spans:
            continue
        if not any(span.overlaps(h) for h in hidden):
            hidden.append(span)
    return hidden


def attendee_copies(
    text: str,
    attendees: Sequence[KnownPerson],
    known: KnownIdentifiers | None = None,
) -> tuple[AttendeeCopy, ...]:
    """One copy of a group note per attendee. In each, every mention that could be another
    attendee (a shared first name counts: "Sam" when two Sams attended) and every other
    identifier the detector finds becomes a typed placeholder; the reader's own unambiguous
    mentions and the staff named in `known.staff` stay."""
    if len({a.key for a in attendees}) != len(attendees):
        raise ValueError("attendee keys must be distinct")
    mentions = _mentions(text, attendees)
    return tuple(
        AttendeeCopy(a.key, redact(text, resolve(_copy_spans(text, a.key, mentions, known))))
        for a in attendees
    )
