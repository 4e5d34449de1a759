"""The peer's access report: every access to one peer's record, provable offline.

Each entry says who (staff id, name and roles), when, what, why and what policy decided, and
carries the event's canonical bytes with an inclusion proof against one signed tree head, so
`python -m confide.audit.verifier` checks the report without the database. Break-glass
accesses (rule ids starting `break_glass.`) are marked. Names and roles come from the staff
table at report time; they annotate the proven staff id and are not themselves proven.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from confide.audit import canonical, proofs
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.ids import OrgId, PeerId, StaffId
from confide.policy import Resource
from confide.services._guard import authorize, existing_peer
from confide.services.audit_log import head_in, signer_of
from confide.store.uow import UnitOfWork

REPORT_FORMAT = "confide-access-report/v1"
BREAK_GLASS_PREFIX = "break_glass."


@dataclass(frozen=True, slots=True)
class AccessReport:
    """The report as a JSON-ready document (see docs/audit.md)."""

    document: dict[str, Any]

    @property
    def entries(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.document["entries"]
        return entries


def peer_access_report(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> AccessReport:
    """Who accessed one peer's record, when, why, and what was decided, with proofs."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.AUDIT_REPORT, Resource("peer", org, peer_id))
        head = head_in(uow, ctx.now)
        stored = uow.audit.stored_for_peer(org, peer_id)
        entries = [_entry(uow, org, seq, data, head.size) for seq, data in stored] if head else []
        key = signer_of(uow).public_key
        uow.commit()
    document = {
        "format": REPORT_FORMAT,
        "peer_id": peer_id,
        "generated_at": canonical.format_at(ctx.now),
        "tree_head": proofs.head_document(head, key) if head else None,
        "entries": entries,
    }
    return AccessReport(document)


def _entry(uow: UnitOfWork, org: OrgId, seq: int, data: bytes, size: int) -> dict[str, Any]:
    event = canonical.decode(data)
    staff = uow.staff.get(org, StaffId(event.actor_id)) if event.actor_id else None
    return {
        "seq": seq,
        "at": canonical.format_at(event.at),
        "actor_id": event.actor_id,
        "actor_name": staff.display_name if staff else None,
        "actor_roles": sorted(str(r) for r in staff.roles) if staff else [],
        "action": event.action,
        "resource_kind": event.resource_kind,
        "resource_id": event.resource_id,
        "purpose": event.purpose,
        "outcome": event.outcome,
        "rule_id": event.rule_id,
        "break_glass": event.rule_id.startswith(BREAK_GLASS_PREFIX),
        "event": data.decode("ascii"),
        "path": [p.hex() for p in uow.audit.inclusion_path(seq, size)],
    }
