"""The RFC 6962 tree: roots, inclusion and consistency proofs against a naive definition."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.audit import merkle
from confide.errors import IntegrityError


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 section 2.1, written as the definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return merkle.node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def _tree(n: int) -> tuple[list[bytes], merkle.NodeSource]:
    leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    frontier = merkle.Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    nodes = {(lv, i): h for lv, i, h in frontier.drain()}
    return leaves, lambda level, idx: nodes[(level, idx)]


def test_known_answers_for_the_empty_tree_and_the_empty_leaf() -> None:
    assert merkle.EMPTY_ROOT.hex().startswith("e3b0c44298fc1c14")
    assert merkle.leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )


def test_leaf_and_node_hashes_are_domain_separated() -> None:
    a, b = bytes(32), bytes(32)
    assert merkle.leaf_hash(a + b) != merkle.node_hash(a, b)


@pytest.mark.parametrize("n", range(1, 34))
def test_frontier_root_and_stored_nodes_agree_with_the_definition(n: int) -> None:
    leaves, node = _tree(n)
    assert list(merkle.roots_of(leaves))[-1] == _mth(leaves)
    assert merkle.root_from(n, node) == _mth(leaves)
    assert merkle.Frontier.of(n, node).root() == _mth(leaves)


@pytest.mark.parametrize("n", range(1, 20))
def test_every_inclusion_proof_verifies(n: int) -> None:
    leaves, node = _tree(n)
    root = _mth(leaves)
    for m in range(n):
        path = merkle.inclusion_proof(m, n, node)
        merkle.verify_inclusion(leaves[m], m, n, path, root)
        with pytest.raises(IntegrityError):
            merkle.verify_inclusion(leaves[(m + 1) % n] if n > 1 else bytes(32), m, n, path, root)


@pytest.mark.parametrize("n", range(1, 20))
def test_every_consistency_proof_verifies(n: int) -> None:
    leaves, node = _tree(n)
    for m in range(1, n + 1):
        proof = merkle.consistency_proof(m, n, node)
        merkle.verify_consistency(m, n, _mth(leaves[:m]), _mth(leaves), proof)
        if m < n:
            with pytest.raises(IntegrityError):
                merkle.verify_consistency(
                    m, n, _mth(leaves[: m - 1] or [bytes(32)]), _mth(leaves), proof
                )


@given(st.integers(1, 300), st.data())
def test_proofs_hold_for_arbitrary_sizes(n: int, data: st.DataObject) -> None:
    leaves, node = _tree(n)
    m = data.draw(st.integers(0, n - 1))
    merkle.verify_inclusion(leaves[m], m, n, merkle.inclusion_proof(m, n, node), _mth(leaves))
    first = data.draw(st.integers(1, n))
    proof = merkle.consistency_proof(first, n, node)
    merkle.verify_consistency(first, n, _mth(leaves[:first]), _mth(leaves), proof)


def test_needed_nodes_are_logarithmic() -> None:
    n = 1_000_003
    needed = merkle.needed_nodes(lambda node: merkle.inclusion_proof(500_000, n, node))
    assert len(needed) <= 2 * n.bit_length()


@given(st.integers(0, 70), st.lists(st.integers(0, 40), max_size=5), st.integers(0, 3))
def test_a_frontier_rebuilt_from_stored_nodes_extends_like_the_definition(
    start: int, chunks: list[int], store_from: int
) -> None:
    total = start + sum(chunks)
    leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(total)]
    full = merkle.Frontier()
    full.extend(leaves[:start])
    stored = {(lv, i): h for lv, i, h in full.drain()}
    frontier = merkle.Frontier.of(start, lambda lv, i: stored[(lv, i)], store_from=store_from)
    at = start
    for size in chunks:
        frontier.extend(leaves[at : at + size])
        at += size
        assert frontier.size == at
        assert frontier.root() == _mth(leaves[:at])
    full.extend(leaves[start:])
    expected = [node for node in full.drain() if node[0] >= store_from]
    assert frontier.drain() == expected
