"""Crisis flags on text handed in by the caller: the `confide flag` use case.

It reads no record and writes nothing: text in, flags out. It flags; people decide (DESIGN.md
principle 7). Errors name a code and never quote the input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from confide import safety
from confide.errors import InvalidInput
from confide.services._textlines import parse_text_line

CONTRACT_VERSION = 1
MAX_TEXT = 100_000


def flag_text(text: str) -> tuple[safety.Flag, ...]:
    """The crisis flags of one text, in text order."""
    if len(text) > MAX_TEXT:
        raise InvalidInput("text is too long", fields={"text": "too_long"})
    return safety.flag(text)


def explain_text(text: str) -> safety.Assessment:
    """Flags with their evidence, and the matches that context set aside."""
    if len(text) > MAX_TEXT:
        raise InvalidInput("text is too long", fields={"text": "too_long"})
    return safety.assess(text)


def flag_lines(lines: Iterable[str], *, explain: bool = False) -> Iterator[dict[str, object]]:
    """One output object per non-blank JSON line in: `{"id","flags"}` or, for a line that
    cannot be read, `{"id","error"}`. With `explain`, each flag names its evidence rules and a
    `set_aside` list gives matches that context ruled out, with the contexts that applied."""
    for line in lines:
        if not line.strip():
            continue
        ident, text, error = parse_text_line(line, max_text=MAX_TEXT)
        if error is not None or text is None:
            yield {"id": ident, "error": error or "missing_text"}
            continue
        if not explain:
            yield {"id": ident, "flags": [_flag(f) for f in flag_text(text)]}
            continue
        assessment = explain_text(text)
        yield {
            "id": ident,
            "flags": [_flag(f) | {"evidence": _rules(f)} for f in assessment.flags],
            "set_aside": [_aside(e) for e in assessment.set_aside],
        }


def _flag(found: safety.Flag) -> dict[str, object]:
    return {
        "kind": found.kind.value,
        "severity": found.severity,
        "start": found.start,
        "end": found.end,
    }


def _rules(found: safety.Flag) -> list[str]:
    return [e.rule for e in found.evidence]


def _aside(evidence: safety.Evidence) -> dict[str, object]:
    return {
        "kind": evidence.kind.value,
        "rule": evidence.rule,
        "start": evidence.start,
        "end": evidence.end,
        "contexts": sorted(c.value for c in evidence.contexts),
    }
