"""Writes tests/vectors/audit_v1.json, once per format version; never rewrite a shipped one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from confide.audit import canonical, chain, merkle
from confide.audit.events import AccessEvent
from confide.audit.heads import SignedTreeHead
from confide.crypto.signing import Signer

SEED = bytes(range(32))
START = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def events() -> list[AccessEvent]:
    rules = [
        "rel.care_team",
        "default.deny",
        "break_glass.active",
        "rel.supervision",
        "rel.care_team",
    ]
    return [
        AccessEvent(
            organization_id="0a0a0a0a-0000-4000-8000-000000000001",
            at=START + timedelta(seconds=i),
            actor_id=None if i == 4 else f"0b0b0b0b-0000-4000-8000-00000000000{i}",
            action="note:read",
            resource_kind="encounter",
            resource_id=f"0c0c0c0c-0000-4000-8000-00000000000{i}",
            peer_id="0d0d0d0d-0000-4000-8000-000000000001",
            purpose="treatment",
            outcome="deny" if rule == "default.deny" else "allow",
            rule_id=rule,
            request_id=f"0e0e0e0e-0000-4000-8000-00000000000{i}",
        )
        for i, rule in enumerate(rules)
    ]


def build() -> dict[str, object]:
    signer = Signer(SEED)
    frontier, link, rows = merkle.Frontier(), chain.GENESIS, []
    for seq, event in enumerate(events(), start=1):
        data = canonical.encode(event, seq)
        leaf = merkle.leaf_hash(data)
        link = chain.link(link, leaf)
        frontier.append(leaf)
        rows.append({"seq": seq, "canonical": data.decode(), "leaf": leaf.hex(),
                     "chain": link.hex(), "root": frontier.root().hex()})  # fmt: skip
    nodes = {(lv, i): h for lv, i, h in frontier.drain()}
    size = len(rows)
    head = SignedTreeHead.sign(signer, size, frontier.root(), START)
    return {
        "format": "confide-audit-vectors/v1",
        "signing_seed": SEED.hex(),
        "public_key": signer.public_key.hex(),
        "key_id": signer.key_id,
        "events": rows,
        "tree_head": {
            "size": size,
            "root": head.root.hex(),
            "timestamp_ms": 1767323045678,
            "signature": head.signature.hex(),
        },
        "inclusion": [
            {
                "seq": m + 1,
                "size": size,
                "path": [
                    p.hex() for p in merkle.inclusion_proof(m, size, lambda a, b: nodes[(a, b)])
                ],
            }
            for m in range(size)
        ],
        "consistency": [
            {
                "first": m,
                "second": size,
                "path": [
                    p.hex() for p in merkle.consistency_proof(m, size, lambda a, b: nodes[(a, b)])
                ],
            }
            for m in range(1, size + 1)
        ],
    }


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[2] / "vectors" / "audit_v1.json"
    target.write_text(json.dumps(build(), indent=2) + "\n")
