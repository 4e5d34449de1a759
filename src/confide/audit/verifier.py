"""The standalone verifier: checks inclusion and consistency proofs and access reports offline.

It needs only the JSON document, SHA-256 and Ed25519; it never touches a database. Usage:

    python -m confide.audit.verifier DOCUMENT.json [--public-key HEX]

Without --public-key it trusts the key the document names; pass the organization's published
key to pin it. Exit status 0 means every proof leads to the signed root. docs/audit.md gives the
byte-level rules so a third party can reimplement this file.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from confide.audit import merkle
from confide.audit.heads import SignedTreeHead
from confide.crypto.signing import key_id_of
from confide.errors import IntegrityError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
REPORT_FORMAT = "confide-access-report/v1"
INCLUSION_FORMAT = "confide-inclusion-proof/v1"
CONSISTENCY_FORMAT = "confide-consistency-proof/v1"
# What a report entry shows, and the event field it must equal
SHOWN = {"at": "at", "action": "action", "purpose": "purpose", "outcome": "outcome",
         "rule_id": "rule_id", "actor_id": "actor_id", "resource_kind": "resource_kind",
         "resource_id": "resource_id"}  # fmt: skip


def verify_head(document: dict[str, Any], public_key: bytes | None = None) -> SignedTreeHead:
    """The signed tree head in `document`, or IntegrityError."""
    key = bytes.fromhex(document["public_key"])
    if public_key is not None and key != public_key:
        raise IntegrityError("tree head is signed with a key other than the trusted one")
    at = EPOCH + timedelta(milliseconds=int(document["timestamp_ms"]))
    head = SignedTreeHead(
        size=int(document["size"]),
        root=bytes.fromhex(document["root"]),
        signed_at=at,
        key_id=key_id_of(key),
        signature=bytes.fromhex(document["signature"]),
    )
    if head.key_id != document["key_id"]:
        raise IntegrityError("tree head key id does not match its public key")
    head.verify(key)
    return head


def verify_inclusion(
    event: str, seq: int, path: list[str], head: SignedTreeHead
) -> dict[str, Any]:
    """The event's fields, once its bytes are proven to be leaf seq-1 of the signed tree."""
    data = event.encode("ascii")
    fields: dict[str, Any] = json.loads(data)
    if fields.get("seq") != seq:
        raise IntegrityError(f"event bytes do not carry seq {seq}")
    proof = [bytes.fromhex(p) for p in path]
    merkle.verify_inclusion(merkle.leaf_hash(data), seq - 1, head.size, proof, head.root)
    return fields


def verify_inclusion_document(
    document: dict[str, Any], public_key: bytes | None = None
) -> dict[str, Any]:
    if document.get("format") != INCLUSION_FORMAT:
        raise IntegrityError("not a confide inclusion proof v1")
    head = verify_head(document["tree_head"], public_key)
    return verify_inclusion(document["event"], int(document["seq"]), document["path"], head)


def verify_consistency_document(
    document: dict[str, Any], public_key: bytes | None = None
) -> tuple[int, int]:
    """(first, second) sizes, once both heads are signed and tree `first` is proven a prefix
    of tree `second` (RFC 9162 section 2.1.4.2)."""
    if document.get("format") != CONSISTENCY_FORMAT:
        raise IntegrityError("not a confide consistency proof v1")
    first = verify_head(document["first"], public_key)
    second = verify_head(document["second"], public_key)
    proof = [bytes.fromhex(p) for p in document["path"]]
    merkle.verify_consistency(first.size, second.size, first.root, second.root, proof)
    return first.size, second.size


def verify_report(document: dict[str, Any], public_key: bytes | None = None) -> int:
    """Every entry of an access report is in the signed tree and says what its event says."""
    if document.get("format") != REPORT_FORMAT:
        raise IntegrityError("not a confide access report v1")
    head = verify_head(document["tree_head"], public_key)
    for entry in document["entries"]:
        seq = int(entry["seq"])
        fields = verify_inclusion(entry["event"], seq, entry["path"], head)
        if fields["peer_id"] != document["peer_id"]:
            raise IntegrityError(f"entry {seq} is about another record")
        for shown, name in SHOWN.items():
            if entry[shown] != fields[name]:
                raise IntegrityError(f"entry {seq} shows {shown} other than its event")
        if entry["break_glass"] != str(fields["rule_id"]).startswith("break_glass."):
            raise IntegrityError(f"entry {seq} hides or invents a break-glass mark")
    return len(document["entries"])


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    key = None
    if "--public-key" in args:
        at = args.index("--public-key")
        key = bytes.fromhex(args[at + 1])
        del args[at : at + 2]
    if len(args) != 1:
        print("usage: python -m confide.audit.verifier DOCUMENT.json [--public-key HEX]")
        return 2
    with open(args[0], encoding="utf-8") as handle:
        document = json.load(handle)
    try:
        if document.get("format") == REPORT_FORMAT:
            count = verify_report(document, key)
            print(
                f"ok: {count} entries proven in the tree of size {document['tree_head']['size']}"
            )
        elif document.get("format") == CONSISTENCY_FORMAT:
            first, second = verify_consistency_document(document, key)
            print(f"ok: the tree of size {first} is a prefix of the tree of size {second}")
        else:
            verify_inclusion_document(document, key)
            print(f"ok: event {document['seq']} is in the tree of size "
                  f"{document['tree_head']['size']}")  # fmt: skip
    except (IntegrityError, KeyError, ValueError, TypeError) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
