"""decide_disclosure(request) -> DisclosureDecision. Pure; the date is part of the request.

Every pack that applies to the program's profile answers: each of its rules whose `when` holds
gives an outcome (a failed requirement or information beyond the rule's limit changes it), and
a federal pack with no matching rule gives its default denial; a state pack with none abstains.
The strictest outcome wins (deny, then needs_review, then allow). An allow carries the union of
the allowing rules' obligations; citations are those of the rules at the winning outcome.
Nothing matched anywhere is a denial: deny by default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from confide.domain.decisions import Outcome
from confide.domain.disclosures import DisclosureDecision, DisclosureRequest, Duty
from confide.policy.disclosure_checks import CHECKS, all_hold, none_hold
from confide.policy.disclosure_packs import Pack, Rule, When, default_packs

STRICTNESS = {Outcome.ALLOW: 0, Outcome.NEEDS_REVIEW: 1, Outcome.DENY: 2}
NO_RULE = (
    "No rule we know of allows this disclosure for this program, so nothing goes out; ask the "
    "privacy officer if you think one should."
)


@dataclass(frozen=True, slots=True)
class _Result:
    rule: str
    outcome: Outcome
    reason: str
    citations: tuple[str, ...]
    obligations: tuple[Duty, ...]


def decide_disclosure(
    request: DisclosureRequest, packs: Sequence[Pack] | None = None
) -> DisclosureDecision:
    """The decision on one disclosure request under the shipped packs (or `packs`)."""
    applicable = [p for p in (default_packs() if packs is None else packs) if _applies(p, request)]
    results = [r for pack in applicable for r in _answers(pack, request)]
    if not results:
        return DisclosureDecision(Outcome.DENY, (), (), NO_RULE, ("default.deny",))
    worst = max(STRICTNESS[r.outcome] for r in results)
    winning = [r for r in results if STRICTNESS[r.outcome] == worst]
    outcome = winning[0].outcome
    reasons = [winning[0].reason]
    citations = [c for r in winning for c in r.citations]
    if outcome is Outcome.DENY:
        for pack in applicable:
            if pack.on_deny and request.recipient.kind not in pack.on_deny.unless_recipient:
                reasons.append(pack.on_deny.reason)
                citations.extend(pack.on_deny.citations)
    duties: set[Duty] = set()
    if outcome is Outcome.ALLOW:
        duties = {d for r in winning for d in r.obligations}
    return DisclosureDecision(
        outcome=outcome,
        obligations=tuple(d for d in Duty if d in duties),
        citations=tuple(dict.fromkeys(citations)),
        reason=" ".join(reasons),
        rules=tuple(dict.fromkeys(r.rule for r in winning)),
    )


def _applies(pack: Pack, request: DisclosureRequest) -> bool:
    return _profile_holds(pack.applies, request)


def _answers(pack: Pack, request: DisclosureRequest) -> list[_Result]:
    matching = [rule for rule in pack.rules if _matches(rule.when, request)]
    answers = [a for a in (_evaluate(rule, request) for rule in matching) if a is not None]
    deciding = [rule for rule in matching if rule.decision is not None]
    if not deciding and pack.default is not None:
        answers.extend(a for a in [_evaluate(pack.default, request)] if a is not None)
    return answers


def _evaluate(rule: Rule, request: DisclosureRequest) -> _Result | None:
    """The rule's answer; `None` from a checking rule (decision "abstain") whose checks pass."""
    for name in rule.require:
        finding = CHECKS[name](request)
        if finding is not None:
            cites = finding.citations or rule.citations
            return _Result(rule.id, finding.outcome, finding.reason, cites, ())
    limit = rule.information_limit
    if limit is not None and request.information - limit:
        reason = rule.beyond_reason or "This exception does not cover all of that information."
        return _Result(rule.id, rule.beyond_limit, reason, rule.citations, ())
    if rule.decision is None:
        return None
    return _Result(rule.id, rule.decision, rule.reason, rule.citations, rule.obligations)


def _matches(when: When, request: DisclosureRequest) -> bool:
    return (
        _within(request.basis.type, when.basis, when.basis_not)
        and _within(request.purpose, when.purpose, when.purpose_not)
        and _within(request.recipient.kind, when.recipient, when.recipient_not)
        and (when.information_any is None or bool(request.information & when.information_any))
        and not request.information & when.information_none
        and _profile_holds(when.profile, request)
        and all_hold(when.facts, request)
        and none_hold(when.not_facts, request)
    )


def _within(value: object, allowed: Iterable[object] | None, excluded: Iterable[object]) -> bool:
    return (allowed is None or value in allowed) and value not in excluded


def _profile_holds(conditions: Iterable[tuple[str, object]], request: DisclosureRequest) -> bool:
    return all(_fact(request, key) == value for key, value in conditions)


def _fact(request: DisclosureRequest, key: str) -> object:
    if key == "part2_records":
        return request.part2_records
    return request.program.fact(key)
