"""Find protected health information in free text: the one entry point of detection."""

from __future__ import annotations

from confide.privacy.addresses import with_address_parts
from confide.privacy.known import KnownIdentifiers, known_spans
from confide.privacy.lexicon import lexicon
from confide.privacy.names import find_names
from confide.privacy.patterns import find_patterns
from confide.privacy.places import find_places
from confide.privacy.sites import find_sites
from confide.privacy.spans import Span, resolve
from confide.privacy.tokens import tokenize

MAX_TEXT = 200_000


def detect(text: str, known: KnownIdentifiers | None = None) -> tuple[Span, ...]:
    """Non-overlapping identifier spans of `text`, sorted by start.

    Signals, strongest first: what the record already knows (`known`), shaped identifiers
    (phones, e-mails, dates, addresses, ID numbers), then guesses from a name lexicon and from
    context. Pure: no I/O beyond the packaged word lists, nothing logged."""
    if len(text) > MAX_TEXT:
        raise ValueError("text too long to de-identify in one call")
    lex = lexicon()
    tokens = tokenize(text)
    found = find_patterns(text)
    found.extend(find_names(text, lex, tokens))
    found.extend(find_places(text, lex, tokens))
    found.extend(find_sites(text, lex))
    if known is not None:
        found.extend(known_spans(known, text, lex))
    return with_address_parts(text, resolve(found))
