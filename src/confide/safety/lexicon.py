"""Loading the reviewed lexicons in `data/` into compiled rules.

Two files, both TOML so reviewers read them without Python: `terms.toml` says what to look for
(anchors, modifiers, pseudo-targets), `context.toml` says what sets a match aside (ConText
triggers, pseudo-triggers, terminators). Patterns are regular expressions; `%NAME%` expands a
macro from `[macros]`. A broken file raises ConfigurationError naming the rule, never text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from confide.errors import ConfigurationError
from confide.safety.kinds import MAX_SEVERITY, MIN_SEVERITY, Context, Direction, Kind, Role, Side

_MACRO = re.compile(r"%([A-Z][A-Z0-9_]*)%")
ALL_CONTEXTS = frozenset(Context)
ALL_KINDS = frozenset(Kind)
_E = TypeVar("_E", Kind, Context, Direction, Side)


@dataclass(frozen=True)
class TermRule:
    """An anchor (establishes its kind) or a modifier (raises an anchor's severity)."""

    id: str
    role: Role
    kinds: frozenset[Kind]
    severity: int
    pattern: re.Pattern[str]
    side: Side = Side.EITHER
    window: int = 8
    ignores: frozenset[Context] = frozenset()


@dataclass(frozen=True)
class PseudoRule:
    """Text that looks like a target but is not one: an idiom, a resource's name, a form label."""

    id: str
    context: Context | None
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class TriggerRule:
    """A ConText trigger: sets targets within `scope` tokens in `direction` into `context`."""

    id: str
    context: Context
    direction: Direction
    scope: int
    kinds: frozenset[Kind]
    pattern: re.Pattern[str]
    # A strong trigger applies even to anchors whose phrase would ignore its context (another
    # person's words reported: "her brother texted that he'd be better off dead").
    strong: bool = False


@dataclass(frozen=True)
class TerminatorRule:
    """Ends the scope of triggers of the given contexts."""

    id: str
    contexts: frozenset[Context]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    """Everything the engine needs, compiled once."""

    version: str
    anchors: tuple[TermRule, ...]
    modifiers: tuple[TermRule, ...]
    pseudo_targets: tuple[PseudoRule, ...]
    triggers: tuple[TriggerRule, ...]
    pseudo_triggers: tuple[PseudoRule, ...]
    terminators: tuple[TerminatorRule, ...]


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The packaged lexicon (read and compiled on first use, then cached)."""
    data = resources.files("confide.safety") / "data"
    terms = tomllib.loads((data / "terms.toml").read_text(encoding="utf-8"))
    context = tomllib.loads((data / "context.toml").read_text(encoding="utf-8"))
    return parse(terms, context)


def parse(terms: Mapping[str, Any], context: Mapping[str, Any]) -> Lexicon:
    """Compile lexicon tables (as read from TOML) into rules."""
    macros = {**_macros(terms), **_macros(context)}
    return Lexicon(
        version=str(terms.get("version", "0")),
        anchors=tuple(_anchor(t, macros) for t in terms.get("anchor", [])),
        modifiers=tuple(_modifier(t, macros) for t in terms.get("modifier", [])),
        pseudo_targets=tuple(_pseudo(t, macros) for t in terms.get("pseudo", [])),
        triggers=tuple(_trigger(t, macros) for t in context.get("trigger", [])),
        pseudo_triggers=tuple(_pseudo(t, macros) for t in context.get("pseudo_trigger", [])),
        terminators=tuple(_terminator(t, macros) for t in context.get("terminator", [])),
    )


def _macros(table: Mapping[str, Any]) -> dict[str, str]:
    raw = table.get("macros", {})
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        raise ConfigurationError("safety lexicon: [macros] must map names to strings")
    return {str(k): v for k, v in raw.items()}


def _compile(rule: Mapping[str, Any], macros: Mapping[str, str]) -> re.Pattern[str]:
    rule_id = _rule_id(rule)
    patterns = rule.get("patterns")
    if not isinstance(patterns, Sequence) or isinstance(patterns, str) or not patterns:
        raise ConfigurationError(f"safety lexicon: rule {rule_id} needs a list of patterns")
    flags = 0 if rule.get("case_sensitive", False) else re.IGNORECASE
    try:
        joined = "|".join(f"(?:{_expand(str(p), macros, rule_id)})" for p in patterns)
        return re.compile(joined, flags)
    except re.error:
        raise ConfigurationError(f"safety lexicon: rule {rule_id} has a bad pattern") from None


def _expand(pattern: str, macros: Mapping[str, str], rule_id: str) -> str:
    for _ in range(4):  # macros may use macros, a few levels deep
        if not _MACRO.search(pattern):
            return pattern
        try:
            pattern = _MACRO.sub(lambda m: f"(?:{macros[m.group(1)]})", pattern)
        except KeyError:
            raise ConfigurationError(
                f"safety lexicon: rule {rule_id} uses an unknown macro"
            ) from None
    raise ConfigurationError(f"safety lexicon: rule {rule_id} nests macros too deeply")


def _rule_id(rule: Mapping[str, Any]) -> str:
    rule_id = rule.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise ConfigurationError("safety lexicon: a rule has no id")
    return rule_id


def _enum(kind: type[_E], value: object, rule_id: str) -> _E:
    try:
        return kind(str(value))
    except ValueError:
        raise ConfigurationError(
            f"safety lexicon: rule {rule_id} has an unknown {kind.__name__.lower()}"
        ) from None


def _int(rule: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = rule.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ConfigurationError(f"safety lexicon: rule {_rule_id(rule)} has a bad {key}")
    return value


def _kinds(rule: Mapping[str, Any], rule_id: str) -> frozenset[Kind]:
    values = rule.get("kinds", [k.value for k in Kind])
    return frozenset(_enum(Kind, v, rule_id) for v in values)


def _anchor(rule: Mapping[str, Any], macros: Mapping[str, str]) -> TermRule:
    rule_id = _rule_id(rule)
    return TermRule(
        id=rule_id,
        role=Role.ANCHOR,
        kinds=frozenset({_enum(Kind, rule.get("kind"), rule_id)}),
        severity=_int(rule, "severity", 0, MIN_SEVERITY, MAX_SEVERITY),
        pattern=_compile(rule, macros),
        ignores=frozenset(_enum(Context, v, rule_id) for v in rule.get("ignores", [])),
    )


def _modifier(rule: Mapping[str, Any], macros: Mapping[str, str]) -> TermRule:
    rule_id = _rule_id(rule)
    return TermRule(
        id=rule_id,
        role=Role.MODIFIER,
        kinds=_kinds(rule, rule_id),
        severity=_int(rule, "severity", 0, MIN_SEVERITY, MAX_SEVERITY),
        pattern=_compile(rule, macros),
        side=_enum(Side, rule.get("side", Side.EITHER.value), rule_id),
        window=_int(rule, "window", 8, 0, 50),
    )


def _pseudo(rule: Mapping[str, Any], macros: Mapping[str, str]) -> PseudoRule:
    rule_id = _rule_id(rule)
    raw = rule.get("context")
    return PseudoRule(
        id=rule_id,
        context=None if raw is None else _enum(Context, raw, rule_id),
        pattern=_compile(rule, macros),
    )


def _trigger(rule: Mapping[str, Any], macros: Mapping[str, str]) -> TriggerRule:
    rule_id = _rule_id(rule)
    return TriggerRule(
        id=rule_id,
        context=_enum(Context, rule.get("context"), rule_id),
        direction=_enum(Direction, rule.get("direction"), rule_id),
        scope=_int(rule, "scope", 8, 0, 50),
        kinds=_kinds(rule, rule_id),
        pattern=_compile(rule, macros),
        strong=_bool(rule, "strong", rule_id),
    )


def _bool(rule: Mapping[str, Any], key: str, rule_id: str) -> bool:
    value = rule.get(key, False)
    if not isinstance(value, bool):
        raise ConfigurationError(f"safety lexicon: rule {rule_id} needs true or false for {key}")
    return value


def _terminator(rule: Mapping[str, Any], macros: Mapping[str, str]) -> TerminatorRule:
    rule_id = _rule_id(rule)
    values = rule.get("contexts", ["all"])
    contexts = (
        ALL_CONTEXTS if "all" in values else frozenset(_enum(Context, v, rule_id) for v in values)
    )
    return TerminatorRule(id=rule_id, contexts=contexts, pattern=_compile(rule, macros))
