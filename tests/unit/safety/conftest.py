"""Helpers for the safety tests: what a sentence is flagged as, kind by kind."""

from __future__ import annotations

from confide.safety import Context, assess, flag


def flagged(text: str) -> dict[str, int]:
    """Kind -> highest severity among the flags of `text`."""
    found: dict[str, int] = {}
    for f in flag(text):
        found[f.kind.value] = max(found.get(f.kind.value, 0), f.severity)
    return found


def set_aside_as(text: str) -> set[Context]:
    """The contexts that set matches in `text` aside."""
    return {c for e in assess(text).set_aside for c in e.contexts}
