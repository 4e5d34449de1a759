"""The flagging engine: find anchors and modifiers, apply ConText, group into flags.

Per sentence: pseudo-targets (idioms, resource names) set matching text aside; each anchor and
modifier gets the contexts whose triggers reach it (see context.py); an anchor with no context
is active; each active anchor, raised by the active modifiers near it, makes one flag per kind
per sentence whose span covers all of its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.safety import context, learned, sentences
from confide.safety.kinds import Context, Kind, Role, Side
from confide.safety.lexicon import Lexicon, TermRule, load

# Contexts that set a severity modifier aside. Subject and figurative speech are judged on the
# anchor ("his mother's pills" does not make the method someone else's).
_MODIFIER_CONTEXTS = frozenset({Context.NEGATED, Context.HISTORICAL, Context.HYPOTHETICAL})
# A learned flag starts at these severities (active thoughts; neglect) and the lexicon's
# modifiers near its evidence raise it, as they raise an anchor's.
_LEARNED_SEVERITY = {Kind.SUICIDE_RISK: 2, Kind.HOMICIDE_RISK: 2, Kind.CHILD_ABUSE: 3}
LEARNED_RULE = "learned"
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


def assess(text: str, *, lexicon: Lexicon | None = None, use_learned: bool = True) -> Assessment:
    """Flags and set-aside evidence for `text`, sentence by sentence: the lexicon's rules,
    then the learned signal for the kinds the rules did not raise in a sentence."""
    lex = lexicon or load()
    model = learned.load() if use_learned else None
    clean = text.translate(_QUOTES)
    bounds = sentences.spans(clean)
    hits = context.Hits.scan(clean, lex, [s for s, _ in bounds], [e for _, e in bounds])
    flags: list[Flag] = []
    aside: list[Evidence] = []
    for index, (start, end) in enumerate(bounds):
        sentence_hits = hits.sentence(index)
        modifiers = _active_modifiers(clean, sentence_hits)
        found, set_aside = _sentence(clean, sentence_hits, modifiers, lex)
        if model is not None:
            more, more_aside = _learned(clean, (start, end), sentence_hits, modifiers, lex, model,
                                        found, set_aside)  # fmt: skip
            found = sorted(found + more, key=lambda f: (f.start, f.kind))
            set_aside = set_aside + more_aside
        flags.extend(found)
        aside.extend(set_aside)
    return Assessment(tuple(flags), tuple(aside))


def _learned(
    text: str,
    sentence: tuple[int, int],
    hits: context.SentenceHits,
    modifiers: list[Evidence],
    lex: Lexicon,
    model: learned.Model,
    found: list[Flag],
    aside: list[Evidence],
) -> tuple[list[Flag], list[Evidence]]:
    """Flags the learned signal raises where the rules raised none of that kind. Its evidence
    words go through the same contexts: a negated, past, hypothetical or someone else's
    statement, or an idiom, is set aside; so is a kind whose rule anchor was set aside here."""
    done = {f.kind for f in found} | {a.kind for a in aside}
    flags: list[Flag] = []
    set_aside: list[Evidence] = []
    for score in model.scores(text, *sentence):
        if score.kind in done or not score.raised:
            continue
        words = score.evidence()
        if not words:
            continue
        evidence = []
        for word in words:
            contexts = set(hits.contexts(text, word.start, word.end, score.kind))
            # A word is not a rule's phrase: a trigger that contains it ("as a child") applies.
            contexts |= {
                rule.context
                for rule, t_start, t_end in hits.triggers
                if score.kind in rule.kinds and t_start < word.end and word.start < t_end
            }
            pseudo = hits.pseudo_context(word.start, word.end)
            if pseudo is not None:
                contexts |= pseudo or {Context.FIGURATIVE}
            evidence.append(
                Evidence(
                    LEARNED_RULE,
                    score.kind,
                    Role.ANCHOR,
                    _LEARNED_SEVERITY[score.kind],
                    word.start,
                    word.end,
                    frozenset(contexts),
                )
            )
        if evidence[0].contexts:
            set_aside.append(evidence[0])
            continue
        anchors = [e for e in evidence if not e.contexts]
        flags.append(_flag(text, hits, score.kind, anchors, modifiers, lex))
    return flags, set_aside


def _sentence(
    text: str, hits: context.SentenceHits, modifiers: list[Evidence], lex: Lexicon
) -> tuple[list[Flag], list[Evidence]]:
    anchors, aside = _anchors(text, hits)
    flags: list[Flag] = []
    for kind in Kind:
        active = [a for a in anchors if a.kind is kind]
        if active:
            flags.append(_flag(text, hits, kind, active, modifiers, lex))
    flags.sort(key=lambda f: (f.start, f.kind))
    return flags, aside


def _active_modifiers(text: str, hits: context.SentenceHits) -> list[Evidence]:
    """The modifiers no context or pseudo-target sets aside."""
    return [
        m
        for m in _evidence(text, hits, hits.modifiers, _MODIFIER_CONTEXTS)
        if not m.contexts and not hits.in_pseudo(m.start, m.end)
    ]


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
            applied = hits.contexts(text, start, end, kind, ignores=rule.ignores) & contexts
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
