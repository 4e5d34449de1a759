"""The flagging engine: find anchors and modifiers, apply ConText, group into flags.

Per sentence: pseudo-targets (idioms, resource names) set matching text aside; each anchor and
modifier gets the contexts whose triggers reach it (see context.py); an anchor with no context
is active; each active anchor, raised by the active modifiers near it, makes one flag per kind
per sentence whose span covers all of its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.safety import context, sentences
from confide.safety.kinds import Context, Kind, Role, Side
from confide.safety.lexicon import Lexicon, TermRule, load

# Contexts that set a severity modifier aside. Subject and figurative speech are judged on the
# anchor ("his mother's pills" does not make the method someone else's).
_MODIFIER_CONTEXTS = frozenset({Context.NEGATED, Context.HISTORICAL, Context.HYPOTHETICAL})
# Typographic quotes become ASCII ones, one character for one, so offsets do not move.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class Evidence:
    """One matched rule: where, what it means, and the contexts that applied to it."""

    rule: str
    kind: Kind
    role: Role
    severity: int
    start: int
    end: int
    contexts: frozenset[Context]


@dataclass(frozen=True)
class Flag:
    """A possible crisis disclosure: kind, severity (1-5) and the span of its evidence."""

    kind: Kind
    severity: int
    start: int
    end: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Assessment:
    """The flags, and the anchors that matched but were set aside by context."""

    flags: tuple[Flag, ...]
    set_aside: tuple[Evidence, ...]


def flag(text: str) -> tuple[Flag, ...]:
    """The flags in `text`, in text order."""
    return assess(text).flags


def assess(text: str, *, lexicon: Lexicon | None = None) -> Assessment:
    """Flags and set-aside evidence for `text`, sentence by sentence."""
    lex = lexicon or load()
    clean = text.translate(_QUOTES)
    bounds = sentences.spans(clean)
    hits = context.Hits.scan(clean, lex, [s for s, _ in bounds], [e for _, e in bounds])
    flags: list[Flag] = []
    aside: list[Evidence] = []
    for index in range(len(bounds)):
        found, set_aside = _sentence(clean, hits.sentence(index), lex)
        flags.extend(found)
        aside.extend(set_aside)
    return Assessment(tuple(flags), tuple(aside))


def _sentence(
    text: str, hits: context.SentenceHits, lex: Lexicon
) -> tuple[list[Flag], list[Evidence]]:
    anchors, aside = _anchors(text, hits)
    modifiers = [
        m
        for m in _evidence(text, hits, hits.modifiers, _MODIFIER_CONTEXTS)
        if not m.contexts and not hits.in_pseudo(m.start, m.end)
    ]
    flags: list[Flag] = []
    for kind in Kind:
        active = [a for a in anchors if a.kind is kind]
        if active:
            flags.append(_flag(text, hits, kind, active, modifiers, lex))
    flags.sort(key=lambda f: (f.start, f.kind))
    return flags, aside


def _anchors(text: str, hits: context.SentenceHits) -> tuple[list[Evidence], list[Evidence]]:
    active: list[Evidence] = []
    aside: list[Evidence] = []
    candidates = _outermost(_evidence(text, hits, hits.anchors, frozenset(Context)))
    for anchor in candidates:
        pseudo = hits.pseudo_context(anchor.start, anchor.end)
        if pseudo is not None:
            if pseudo:
                aside.append(_with(anchor, frozenset(pseudo)))
            continue
        (aside if anchor.contexts else active).append(anchor)
    return active, aside


def _evidence(
    text: str,
    hits: context.SentenceHits,
    rules: list[tuple[TermRule, int, int]],
    contexts: frozenset[Context],
) -> list[Evidence]:
    found = []
    for rule, start, end in rules:
        for kind in sorted(rule.kinds):
            applied = (hits.contexts(text, start, end, kind) & contexts) - rule.ignores
            found.append(Evidence(rule.id, kind, rule.role, rule.severity, start, end, applied))
    return found


def _outermost(anchors: list[Evidence]) -> list[Evidence]:
    """Drop an anchor lying inside a longer (or equal and more severe) one of its kind."""

    def covered(a: Evidence, b: Evidence) -> bool:
        inside = b.start <= a.start and a.end <= b.end
        same = (a.start, a.end) == (b.start, b.end)
        return inside and (not same or (b.severity, b.rule) > (a.severity, a.rule))

    return [a for a in anchors if not any(a.kind is b.kind and covered(a, b) for b in anchors)]


def _flag(
    text: str,
    hits: context.SentenceHits,
    kind: Kind,
    anchors: list[Evidence],
    modifiers: list[Evidence],
    lex: Lexicon,
) -> Flag:
    windows = {m.id: m for m in lex.modifiers}
    raised = [
        m
        for m in modifiers
        if m.kind is kind and any(_near(text, hits, m, a, windows[m.rule]) for a in anchors)
    ]
    evidence = sorted(anchors + raised, key=lambda e: (e.start, e.end))
    return Flag(
        kind=kind,
        severity=max(e.severity for e in evidence),
        start=min(e.start for e in evidence),
        end=max(e.end for e in evidence),
        evidence=tuple(evidence),
    )


def _near(
    text: str, hits: context.SentenceHits, mod: Evidence, anchor: Evidence, rule: TermRule
) -> bool:
    before = mod.end <= anchor.start
    after = mod.start >= anchor.end
    if not (before or after):
        return True  # overlapping: the modifier is part of the anchor's phrase
    if (rule.side is Side.BEFORE and not before) or (rule.side is Side.AFTER and not after):
        return False
    gap = (mod.end, anchor.start) if before else (anchor.end, mod.start)
    return context.tokens(text, *gap) <= rule.window and not hits.terminated(*gap, None)


def _with(evidence: Evidence, contexts: frozenset[Context]) -> Evidence:
    return Evidence(
        evidence.rule,
        evidence.kind,
        evidence.role,
        evidence.severity,
        evidence.start,
        evidence.end,
        evidence.contexts | contexts,
    )
