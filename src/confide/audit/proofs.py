"""JSON documents for tree heads and inclusion proofs (format v1), as `confide audit proof`
prints them and the access report embeds them. Hashes and signatures are lowercase hex; an
event is its canonical bytes as a string (they are ASCII JSON)."""

from __future__ import annotations

from typing import Any

from confide.audit.heads import SignedTreeHead, millis

INCLUSION_FORMAT = "confide-inclusion-proof/v1"
CONSISTENCY_FORMAT = "confide-consistency-proof/v1"


def head_document(head: SignedTreeHead, public_key: bytes) -> dict[str, Any]:
    return {
        "size": head.size,
        "root": head.root.hex(),
        "timestamp_ms": millis(head.signed_at),
        "signed_at": head.signed_at.isoformat().replace("+00:00", "Z"),
        "key_id": head.key_id,
        "public_key": public_key.hex(),
        "signature": head.signature.hex(),
    }


def inclusion_document(
    seq: int, event: bytes, path: list[bytes], head: SignedTreeHead, public_key: bytes
) -> dict[str, Any]:
    return {
        "format": INCLUSION_FORMAT,
        "seq": seq,
        "leaf_index": seq - 1,
        "event": event.decode("ascii"),
        "path": [p.hex() for p in path],
        "tree_head": head_document(head, public_key),
    }
