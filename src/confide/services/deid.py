"""De-identification of free text handed in by the caller: the `confide deid` use case.

It reads no record and writes nothing: text in, spans and a transformed text out. Errors name a
code and never quote the input."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from confide.privacy.detect import MAX_TEXT, detect
from confide.privacy.known import KnownIdentifiers
from confide.privacy.pseudonyms import Pseudonymizer
from confide.privacy.redact import generalize, redact, replace
from confide.privacy.spans import Span
from confide.services._textlines import parse_text_line

CONTRACT_VERSION = 1


class Mode(StrEnum):
    REDACT = "redact"  # typed placeholders: [NAME], [DATE] ...
    GENERALIZE = "generalize"  # Safe Harbor: year only, "90 or older", 3-digit ZIP
    PSEUDONYMIZE = "pseudonymize"  # "Peer A" throughout the set, dates shifted by one offset


@dataclass(frozen=True, slots=True)
class Deidentified:
    spans: tuple[Span, ...]
    text: str

    def __repr__(self) -> str:
        return f"Deidentified(spans=<{len(self.spans)}>, text=<{len(self.text)} chars>)"


def deidentify_text(
    text: str,
    *,
    known: KnownIdentifiers | None = None,
    mode: Mode = Mode.REDACT,
    pseudonyms: Pseudonymizer | None = None,
) -> Deidentified:
    """Find the identifiers of one text and transform them as `mode` says."""
    spans = detect(text, known)
    if mode is Mode.GENERALIZE:
        return Deidentified(spans, generalize(text, spans))
    if mode is Mode.PSEUDONYMIZE:
        if pseudonyms is None:
            raise ValueError("pseudonymize needs a Pseudonymizer for the document set")
        return Deidentified(spans, replace(text, spans, pseudonyms.surrogate))
    return Deidentified(spans, redact(text, spans))


def deidentify_lines(
    lines: Iterable[str], *, mode: Mode = Mode.REDACT, rng: random.Random | None = None
) -> Iterator[dict[str, object]]:
    """One output object per non-blank JSON line in: `{"id","spans","text"}` or, for a line
    that cannot be read, `{"id","error"}`. All lines form one document set."""
    pseudonyms = Pseudonymizer.create(rng or random.SystemRandom())
    for line in lines:
        if not line.strip():
            continue
        ident, text, error = parse_text_line(line, max_text=MAX_TEXT)
        if error is not None or text is None:
            yield {"id": ident, "error": error or "missing_text"}
            continue
        result = deidentify_text(text, mode=mode, pseudonyms=pseudonyms)
        yield {"id": ident, "spans": [s.as_dict() for s in result.spans], "text": result.text}
