"""Transformations of a text whose identifiers were found: typed placeholders, and Safe Harbor
generalization (year only, ages 90 and over, ZIP codes to three digits)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from confide.privacy.spans import PhiLabel, Span
from confide.privacy.tokens import wordset

Replacer = Callable[[Span, str], str]

# Three-digit ZIP prefixes covering 20,000 people or fewer (HHS guidance, 2000 Census):
# Safe Harbor replaces them with 000.
RESTRICTED_ZIP3 = wordset("036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ZIP = re.compile(r"^(\d{3})\d{2}(?:-\d{4})?$")


def placeholder(span: Span, _value: str) -> str:
    return f"[{span.label.value}]"


def replace(text: str, spans: Sequence[Span], replacer: Replacer = placeholder) -> str:
    """`text` with each span (non-overlapping, as `detect` returns them) replaced."""
    out: list[str] = []
    cursor = 0
    for span in sorted(spans):
        if span.start < cursor:
            raise ValueError("spans overlap")
        out.append(text[cursor : span.start])
        out.append(replacer(span, text[span.start : span.end]))
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)


def redact(text: str, spans: Sequence[Span]) -> str:
    """Every identifier becomes its typed placeholder: "[NAME]", "[DATE]", ..."""
    return replace(text, spans, placeholder)


def generalize_value(span: Span, value: str) -> str:
    """Safe Harbor generalization of one identifier; a placeholder when none is allowed."""
    if span.label is PhiLabel.DATE:
        year = _YEAR.search(value)
        return year.group(1) if year else placeholder(span, value)
    if span.label is PhiLabel.AGE:
        return "90 or older"
    if span.label is PhiLabel.ADDRESS:
        zip_code = _ZIP.match(value.strip())
        if zip_code:
            prefix = zip_code.group(1)
            return "000" if prefix in RESTRICTED_ZIP3 else prefix
    return placeholder(span, value)


def generalize(text: str, spans: Sequence[Span]) -> str:
    """Safe Harbor: dates to their year, ages over 89 to "90 or older", ZIP codes to three
    digits where the area is large enough, everything else to a typed placeholder."""
    return replace(text, spans, generalize_value)
