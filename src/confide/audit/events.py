"""Access events: who touched which record, when, why, and what policy decided.

An event holds ids, codes and times only, never plaintext peer data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from confide.domain.actors import RequestContext
from confide.domain.decisions import Decision


@dataclass(frozen=True, slots=True)
class AccessEvent:
    organization_id: str
    at: datetime
    actor_id: str | None
    action: str
    resource_kind: str
    resource_id: str | None
    peer_id: str | None
    purpose: str
    outcome: str
    rule_id: str
    request_id: str
    seq: int | None = None

    @classmethod
    def of(
        cls,
        ctx: RequestContext,
        action: str,
        decision: Decision,
        *,
        resource_kind: str,
        resource_id: str | None = None,
        peer_id: str | None = None,
    ) -> AccessEvent:
        return cls(
            organization_id=ctx.actor.organization_id,
            at=ctx.now,
            actor_id=ctx.actor.staff_id,
            action=str(action),
            resource_kind=resource_kind,
            resource_id=resource_id,
            peer_id=peer_id,
            purpose=str(ctx.purpose),
            outcome=str(decision.outcome),
            rule_id=decision.rule_id,
            request_id=ctx.request_id,
        )
