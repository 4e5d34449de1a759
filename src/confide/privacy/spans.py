"""What a detector finds: a labelled span of a text, and how overlapping finds are settled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class PhiLabel(StrEnum):
    """Kinds of identifier. Values are part of the `confide deid` contract: never rename."""

    NAME = "NAME"
    DATE = "DATE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    ADDRESS = "ADDRESS"
    LOCATION = "LOCATION"
    ID = "ID"
    AGE = "AGE"
    URL = "URL"
    ORGANIZATION = "ORGANIZATION"


# Settles ties between overlapping finds of equal strength: earlier wins.
_PRIORITY = {
    label: rank
    for rank, label in enumerate(
        (
            PhiLabel.EMAIL,
            PhiLabel.URL,
            PhiLabel.PHONE,
            PhiLabel.ID,
            PhiLabel.ADDRESS,
            PhiLabel.DATE,
            PhiLabel.AGE,
            PhiLabel.NAME,
            PhiLabel.ORGANIZATION,
            PhiLabel.LOCATION,
        )
    )
}


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """`text[start:end]` is an identifier of kind `label`. `key` names the person or thing it
    refers to when a known identifier matched (used for pseudonyms and group copies)."""

    start: int
    end: int
    label: PhiLabel
    strength: int = 1
    key: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError("a span needs 0 <= start < end")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "label": self.label.value}


# Strengths: a known identifier from the record beats a pattern, which beats a guess.
KNOWN = 3
PATTERN = 2
GUESS = 1


def resolve(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Non-overlapping spans sorted by start: stronger, then longer, then higher-priority win."""
    ranked = sorted(
        spans, key=lambda s: (-s.strength, -(s.end - s.start), _PRIORITY[s.label], s.start)
    )
    kept: list[Span] = []
    for span in ranked:
        if not any(span.overlaps(k) for k in kept):
            kept.append(span)
    return tuple(sorted(kept))
