"""What a failed check says: the outcome it forces, a plain reason and the citations."""

from __future__ import annotations

from dataclasses import dataclass

from confide.domain.decisions import Outcome


@dataclass(frozen=True, slots=True)
class Finding:
    outcome: Outcome
    reason: str
    citations: tuple[str, ...] = ()


def deny(reason: str, *citations: str) -> Finding:
    return Finding(Outcome.DENY, reason, citations)
