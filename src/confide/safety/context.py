"""A small ConText engine (after Harkema et al., 2009): triggers, scopes, terminators.

A trigger (e.g. "denies") reaches forward or backward over at most `scope` tokens; a terminator
of its context (e.g. "but", ";") inside that stretch stops it; a pseudo-trigger (e.g. "not
only") masks a trigger it overlaps; a trigger that overlaps the target itself does not apply to
it ("doesn't want to live" is the target, not a negated "want to live"). All rules come from
the packaged lexicon; every pattern runs once over the whole text, then hits are bucketed by
sentence, so no context crosses a sentence boundary.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from confide.safety.kinds import Context, Direction, Kind
from confide.safety.lexicon import Lexicon, PseudoRule, TerminatorRule, TermRule, TriggerRule

_TOKEN = re.compile(r"\w+(?:['/-]\w+)*")


def tokens(text: str, start: int, end: int) -> int:
    """How many word tokens lie in text[start:end]."""
    return len(_TOKEN.findall(text, start, end)) if end > start else 0


@dataclass
class SentenceHits:
    """Every rule match inside one sentence, with the questions the engine asks of them."""

    anchors: list[tuple[TermRule, int, int]] = field(default_factory=list)
    modifiers: list[tuple[TermRule, int, int]] = field(default_factory=list)
    pseudo_targets: list[tuple[PseudoRule, int, int]] = field(default_factory=list)
    triggers: list[tuple[TriggerRule, int, int]] = field(default_factory=list)
    pseudo_triggers: list[tuple[PseudoRule, int, int]] = field(default_factory=list)
    terminators: list[tuple[TerminatorRule, int, int]] = field(default_factory=list)

    def pseudo_context(self, start: int, end: int) -> frozenset[Context] | None:
        """None when [start, end) lies in no pseudo-target; else the contexts those carry."""
        inside = [r for r, s, e in self.pseudo_targets if s <= start and end <= e]
        if not inside:
            return None
        return frozenset(r.context for r in inside if r.context is not None)

    def in_pseudo(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside a pseudo-target."""
        return self.pseudo_context(start, end) is not None

    def contexts(
        self,
        text: str,
        start: int,
        end: int,
        kind: Kind,
        *,
        ignores: frozenset[Context] = frozenset(),
    ) -> frozenset[Context]:
        """The contexts whose triggers reach the target text[start:end] of `kind`; a context
        the target's phrase `ignores` comes only from a strong trigger."""
        applied = set()
        for rule, t_start, t_end in self.triggers:
            if rule.context in applied or kind not in rule.kinds:
                continue
            if rule.context in ignores and not rule.strong:
                continue
            if rule.direction is Direction.FORWARD and t_end <= start:
                gap = (t_end, start)
            elif rule.direction is Direction.BACKWARD and t_start >= end:
                gap = (end, t_start)
            else:
                continue  # wrong side, or the trigger overlaps the target
            if tokens(text, *gap) <= rule.scope and not self.terminated(*gap, rule.context):
                applied.add(rule.context)
        return frozenset(applied)

    def terminated(self, start: int, end: int, ctx: Context | None) -> bool:
        """True when a terminator of `ctx` (None: of every context) lies within [start, end)."""
        for rule, t_start, t_end in self.terminators:
            applies = len(rule.contexts) == len(Context) if ctx is None else ctx in rule.contexts
            if applies and start <= t_start and t_end <= end:
                return True
        return False


@dataclass
class Hits:
    """All matches of all rules in a text, bucketed by sentence."""

    by_sentence: list[SentenceHits]

    @classmethod
    def scan(cls, text: str, lex: Lexicon, starts: Sequence[int], ends: Sequence[int]) -> Hits:
        """Run every rule once over `text` and keep matches that stay inside one sentence."""
        buckets = [SentenceHits() for _ in starts]

        def place(start: int, end: int) -> SentenceHits | None:
            index = bisect_right(starts, start) - 1
            return buckets[index] if index >= 0 and end <= ends[index] else None

        for term in lex.anchors:
            for bucket, s, e in _matches(text, term.pattern, place):
                bucket.anchors.append((term, s, e))
        for term in lex.modifiers:
            for bucket, s, e in _matches(text, term.pattern, place):
                bucket.modifiers.append((term, s, e))
        for pseudo in lex.pseudo_targets:
            for bucket, s, e in _matches(text, pseudo.pattern, place):
                bucket.pseudo_targets.append((pseudo, s, e))
        for pseudo in lex.pseudo_triggers:
            for bucket, s, e in _matches(text, pseudo.pattern, place):
                bucket.pseudo_triggers.append((pseudo, s, e))
        for terminator in lex.terminators:
            for bucket, s, e in _matches(text, terminator.pattern, place):
                bucket.terminators.append((terminator, s, e))
        for trigger in lex.triggers:
            for bucket, s, e in _matches(text, trigger.pattern, place):
                bucket.triggers.append((trigger, s, e))
        for bucket in buckets:
            bucket.triggers = [t for t in bucket.triggers if not _masked(t, bucket)]
        return cls(buckets)

    def sentence(self, index: int) -> SentenceHits:
        """The hits of the sentence at `index`."""
        return self.by_sentence[index]


def _matches(
    text: str, pattern: re.Pattern[str], place: Callable[[int, int], SentenceHits | None]
) -> Iterator[tuple[SentenceHits, int, int]]:
    for match in pattern.finditer(text):
        start, end = match.span()
        bucket = place(start, end) if end > start else None
        if bucket is not None:
            yield bucket, start, end


def _masked(trigger: tuple[TriggerRule, int, int], bucket: SentenceHits) -> bool:
    _, start, end = trigger
    return any(s < end and start < e for _, s, e in bucket.pseudo_triggers)
