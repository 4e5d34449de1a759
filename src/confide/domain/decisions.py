"""A policy decision: a value to explain, record and then act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    ALLOW = "allow"
    DENY = "deny"
    NEEDS_REVIEW = "needs_review"


class Obligation(StrEnum):
    AUDIT = "audit"
    MASK = "mask"
    NOTIFY_PRIVACY_OFFICER = "notify_privacy_officer"
    ATTACH_NOTICE = "attach_notice"


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    rule_id: str
    reason: str
    citation: str = ""
    obligations: frozenset[Obligation] = field(
        default_factory=lambda: frozenset({Obligation.AUDIT})
    )

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOW

    @classmethod
    def allow(cls, rule_id: str, reason: str, citation: str = "") -> Decision:
        return cls(Outcome.ALLOW, rule_id, reason, citation)

    @classmethod
    def deny(cls, rule_id: str, reason: str, citation: str = "") -> Decision:
        return cls(Outcome.DENY, rule_id, reason, citation)
