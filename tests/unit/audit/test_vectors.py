"""Known answers for audit format v1: canonical bytes, leaves, links, roots, a signed head and
every proof of a five-event log. A format change adds a new file; this one keeps passing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from confide.audit import canonical, merkle
from confide.audit.verifier import verify_head
from confide.crypto.signing import Signer
from confide.errors import IntegrityError
from tests.unit.audit.make_vectors import build, events

VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "audit_v1.json"


@pytest.fixture(scope="module")
def vectors() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(VECTORS.read_text())
    return loaded


def test_the_code_reproduces_the_stored_vectors(vectors: dict[str, Any]) -> None:
    assert build() == vectors


def test_canonical_bytes_decode_to_their_events(vectors: dict[str, Any]) -> None:
    for row, event in zip(vectors["events"], events(), strict=True):
        data = row["canonical"].encode()
        assert canonical.decode(data).action == event.action
        assert canonical.encode(canonical.decode(data), row["seq"]) == data


def test_the_signed_head_verifies_with_the_published_key(vectors: dict[str, Any]) -> None:
    head = vectors["tree_head"] | {
        "key_id": vectors["key_id"],
        "public_key": vectors["public_key"],
    }
    assert Signer(bytes.fromhex(vectors["signing_seed"])).public_key.hex() == head["public_key"]
    verify_head(head, bytes.fromhex(vectors["public_key"]))
    with pytest.raises(IntegrityError):
        verify_head(head | {"size": head["size"] + 1})


def test_every_stored_proof_verifies(vectors: dict[str, Any]) -> None:
    root = bytes.fromhex(vectors["tree_head"]["root"])
    leaves = [bytes.fromhex(r["leaf"]) for r in vectors["events"]]
    for proof in vectors["inclusion"]:
        path = [bytes.fromhex(p) for p in proof["path"]]
        merkle.verify_inclusion(
            leaves[proof["seq"] - 1], proof["seq"] - 1, proof["size"], path, root
        )
    for proof in vectors["consistency"]:
        first_root = bytes.fromhex(vectors["events"][proof["first"] - 1]["root"])
        path = [bytes.fromhex(p) for p in proof["path"]]
        merkle.verify_consistency(proof["first"], proof["second"], first_root, root, path)
