"""Rule packs: versioned TOML files in `policy/packs/`, one per source of law.

A pack says when it applies (profile facts such as `part2_program = true` or a jurisdiction),
what it decides when none of its rules matches (`deny`, or `abstain` for a state pack that only
adds to federal law), and its rules. Each rule has an id, citations, a `when` table and an
outcome. Adding a state is adding a file. The schema is in docs/disclosure.md.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from confide.domain.decisions import Outcome
from confide.domain.disclosures import BasisType, Category, DisclosurePurpose, Duty, RecipientKind
from confide.errors import ConfigurationError
from confide.policy.disclosure_checks import CHECKS, FACTS

E = TypeVar("E", BasisType, Category, DisclosurePurpose, RecipientKind, Duty, Outcome)
PROFILE_FACTS = frozenset(
    {
        "jurisdiction",
        "hipaa_covered_entity",
        "part2_program",
        "mandated_reporter",
        "duty_to_protect_applies",
        "fundraises",
        "publicly_identified_sud",
        # of the request, not the program: Part 2 governs these records (a Part 2 program's
        # own, or received from one, 2.12(d)(2))
        "part2_records",
    }
)
WHEN_KEYS = frozenset(
    {
        "basis",
        "basis_not",
        "purpose",
        "purpose_not",
        "recipient",
        "recipient_not",
        "information_any",
        "information_none",
        "profile",
        "facts",
        "not_facts",
    }
)
RULE_KEYS = frozenset(
    {
        "id",
        "title",
        "citations",
        "decision",
        "obligations",
        "reason",
        "when",
        "require",
        "information_limit",
        "beyond_limit",
        "beyond_reason",
        "uncertain",
        "note",
        "certainty",
    }
)
# How sure the reading is, in the marks of the outside legal review (docs/disclosure.md):
# V checked against quoted official text, V2 against a secondary copy, J a judgement on checked
# text, M resting on memory (and then the rule decides needs_review).
CERTAINTY = frozenset({"V", "V2", "J", "M"})


@dataclass(frozen=True, slots=True)
class When:
    """Conditions on a request; every one given must hold. Absent lists mean "any"."""

    basis: frozenset[BasisType] | None = None
    basis_not: frozenset[BasisType] = frozenset()
    purpose: frozenset[DisclosurePurpose] | None = None
    purpose_not: frozenset[DisclosurePurpose] = frozenset()
    recipient: frozenset[RecipientKind] | None = None
    recipient_not: frozenset[RecipientKind] = frozenset()
    information_any: frozenset[Category] | None = None
    information_none: frozenset[Category] = frozenset()
    profile: tuple[tuple[str, object], ...] = ()
    facts: tuple[str, ...] = ()
    not_facts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    citations: tuple[str, ...]
    decision: Outcome | None  # None: the rule only checks; when its checks pass it says nothing
    reason: str
    when: When = When()
    obligations: tuple[Duty, ...] = ()
    require: tuple[str, ...] = ()
    information_limit: frozenset[Category] | None = None
    beyond_limit: Outcome = Outcome.DENY
    beyond_reason: str = ""
    uncertain: str = ""
    note: str = ""
    certainty: str = "V"


@dataclass(frozen=True, slots=True)
class Addendum:
    """What a pack adds to a denial it took part in (Part 2: neither confirm nor deny)."""

    reason: str
    citations: tuple[str, ...]
    unless_recipient: frozenset[RecipientKind] = frozenset()


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    version: str
    title: str
    rank: int
    applies: tuple[tuple[str, object], ...]
    rules: tuple[Rule, ...]
    default: Rule | None = None
    on_deny: Addendum | None = None


def default_packs() -> tuple[Pack, ...]:
    """The packs shipped with confide, loaded once."""
    return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> tuple[Pack, ...]:
    return load_packs(resources.files("confide.policy") / "packs")


def load_packs(directory: Traversable | Path) -> tuple[Pack, ...]:
    """Every `*.toml` disclosure pack in `directory` (a file with a `[pack]` table; other
    policy data shares the folder), by rank. A malformed pack refuses to load, naming the file
    and the rule."""
    files = sorted((f for f in directory.iterdir() if f.name.endswith(".toml")), key=_name)
    read = [(f.name, _read(f)) for f in files]
    packs = [_pack(name, data) for name, data in read if "pack" in data]
    ids = [r.id for p in packs for r in p.rules]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ConfigurationError(f"rule packs: duplicate rule id {dupes[0]}")
    return tuple(sorted(packs, key=lambda p: (p.rank, p.id)))


def _name(f: Traversable) -> str:
    return f.name


def _read(f: Traversable) -> dict[str, Any]:
    try:
        return tomllib.loads(f.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"rule pack {f.name}: not valid TOML ({exc})") from None


def _pack(filename: str, data: Mapping[str, Any]) -> Pack:
    head = _table(data, "pack", filename)
    pack_id = _str(head, "id", filename)
    where = f"{filename} ({pack_id})"
    rules = tuple(_rule(pack_id, r, where) for r in data.get("rule", ()))
    default = None
    if head.get("default", "deny") != "abstain":
        default = _rule(pack_id, _table(head, "default_rule", where), where)
    on_deny = None
    if "on_deny" in head:
        raw = _table(head, "on_deny", where)
        on_deny = Addendum(
            _str(raw, "reason", where),
            tuple(raw.get("citations", ())),
            _enums(RecipientKind, raw.get("unless_recipient", ()), where),
        )
    applies = _table(head, "applies", where)
    _known(applies, PROFILE_FACTS, where)
    return Pack(
        id=pack_id,
        version=_str(head, "version", where),
        title=_str(head, "title", where),
        rank=int(head.get("rank", 100)),
        applies=tuple(sorted(applies.items())),
        rules=rules,
        default=default,
        on_deny=on_deny,
    )


def _rule(pack_id: str, raw: Mapping[str, Any], where: str) -> Rule:
    _known(raw, RULE_KEYS, where)
    rule_id = _str(raw, "id", where)
    here = f"{where} rule {rule_id}"
    citations = tuple(raw.get("citations", ()))
    if not citations or not all(isinstance(c, str) and c for c in citations):
        raise ConfigurationError(f"{here}: every rule cites its source")
    require = tuple(raw.get("require", ()))
    _names(require, CHECKS, here)
    limit = raw.get("information_limit")
    decision = (
        None if raw.get("decision") == "abstain" else _enum(Outcome, raw.get("decision"), here)
    )
    uncertain = str(raw.get("uncertain", ""))
    if uncertain and decision is not Outcome.NEEDS_REVIEW:
        raise ConfigurationError(f"{here}: an uncertain reading decides needs_review")
    certainty = str(raw.get("certainty", "V2" if pack_id.startswith("us-") else "V"))
    if certainty not in CERTAINTY:
        raise ConfigurationError(f"{here}: unknown certainty {certainty!r}")
    if certainty == "M" and decision is not Outcome.NEEDS_REVIEW:
        raise ConfigurationError(f"{here}: a reading resting on memory decides needs_review")
    return Rule(
        id=rule_id,
        pack=pack_id,
        citations=citations,
        decision=decision,
        reason=_str(raw, "reason", here),
        when=_when(raw.get("when", {}), here),
        obligations=tuple(sorted(_enums(Duty, raw.get("obligations", ()), here), key=_order)),
        require=require,
        information_limit=None if limit is None else _enums(Category, limit, here),
        beyond_limit=_enum(Outcome, raw.get("beyond_limit", "deny"), here),
        beyond_reason=str(raw.get("beyond_reason", "")),
        uncertain=uncertain,
        note=str(raw.get("note", "")),
        certainty=certainty,
    )


def _when(raw: Mapping[str, Any], here: str) -> When:
    _known(raw, WHEN_KEYS, here)
    profile = dict(raw.get("profile", {}))
    _known(profile, PROFILE_FACTS, here)
    facts = tuple(raw.get("facts", ()))
    not_facts = tuple(raw.get("not_facts", ()))
    _names(facts + not_facts, FACTS, here)
    return When(
        basis=_maybe(BasisType, raw.get("basis"), here),
        basis_not=_enums(BasisType, raw.get("basis_not", ()), here),
        purpose=_maybe(DisclosurePurpose, raw.get("purpose"), here),
        purpose_not=_enums(DisclosurePurpose, raw.get("purpose_not", ()), here),
        recipient=_maybe(RecipientKind, raw.get("recipient"), here),
        recipient_not=_enums(RecipientKind, raw.get("recipient_not", ()), here),
        information_any=_maybe(Category, raw.get("information_any"), here),
        information_none=_enums(Category, raw.get("information_none", ()), here),
        profile=tuple(sorted(profile.items())),
        facts=facts,
        not_facts=not_facts,
    )


def _order(duty: Duty) -> int:
    return list(Duty).index(duty)


def _maybe(kind: type[E], values: Iterable[str] | None, here: str) -> frozenset[E] | None:
    return None if values is None else _enums(kind, values, here)


def _enums(kind: type[E], values: Iterable[str], here: str) -> frozenset[E]:
    return frozenset(_enum(kind, v, here) for v in values)


def _enum(kind: type[E], value: object, here: str) -> E:
    try:
        return kind(str(value))
    except ValueError:
        raise ConfigurationError(f"{here}: unknown {kind.__name__} {value!r}") from None


def _names(names: Iterable[str], known: Mapping[str, object], here: str) -> None:
    for name in names:
        if name not in known:
            raise ConfigurationError(f"{here}: unknown check or fact {name!r}")


def _known(raw: Mapping[str, Any], keys: frozenset[str], here: str) -> None:
    extra = sorted(set(raw) - keys)
    if extra:
        raise ConfigurationError(f"{here}: unknown key {extra[0]!r}")


def _table(raw: Mapping[str, Any], key: str, here: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise ConfigurationError(f"{here}: missing table [{key}]")
    return value


def _str(raw: Mapping[str, Any], key: str, here: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{here}: missing {key}")
    return value
