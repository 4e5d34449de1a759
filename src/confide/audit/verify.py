"""Recompute the chain and the tree from stored event bytes and check every signed head.

Streaming and storage-free: the caller feeds rows in sequence order. Per event: one SHA-256 of
the stored bytes (the leaf), one of the link, and about one interior node. Leaves are kept only
for the current block of 2**BLOCK_LEVEL; completed blocks are kept as their roots.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from confide.audit import chain, merkle
from confide.audit.heads import SignedTreeHead
from confide.errors import IntegrityError, LogTampered

BLOCK_LEVEL = 14
BLOCK = 1 << BLOCK_LEVEL

# (seq, canonical bytes, stored chain link, organization_id column, peer_id column)
Row = tuple[int, bytes, bytes, str, str | None]


@dataclass(frozen=True, slots=True)
class Verified:
    size: int
    heads_checked: int
    root: bytes


class _Tree:
    """Leaves of the current block as levels, and the roots of completed blocks."""

    def __init__(self) -> None:
        self.blocks: list[bytes] = []
        self.leaves: list[bytes] = []
        self.levels: list[list[bytes]] = []

    def close_block(self) -> None:
        self.levels = _levels(self.leaves)
        self.blocks.append(self.levels[-1][0])
        self.leaves = []

    def node(self, level: int, idx: int) -> bytes:
        if level >= BLOCK_LEVEL:
            if level == BLOCK_LEVEL:
                return self.blocks[idx]
            return merkle.node_hash(
                self.node(level - 1, 2 * idx), self.node(level - 1, 2 * idx + 1)
            )
        start = idx << level
        offset = start - len(self.blocks) * BLOCK
        if offset >= 0:  # inside the open block
            levels = _levels(self.leaves[offset : offset + (1 << level)])
            return levels[-1][0]
        return self.levels[level][(start % BLOCK) >> level]  # inside the block just closed

    def root(self, size: int) -> bytes:
        return merkle.root_from(size, self.node)


def _levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    levels = [list(leaves)]
    node = merkle.node_hash
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([node(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
    return levels


def verify_log(
    rows: Iterable[Row],
    heads: Sequence[SignedTreeHead],
    public_key: bytes,
    *,
    progress: Callable[[int], None] | None = None,
) -> Verified:
    """Raises LogTampered naming the first bad seq; returns the size and root otherwise."""
    for head in heads:
        try:
            head.verify(public_key)
        except IntegrityError:
            raise LogTampered(head.size, "tree head signature does not verify") from None
    pending = sorted(heads, key=lambda h: h.size)
    tree, previous, expected, checked = _Tree(), chain.GENESIS, 1, 0
    sha, leaf_prefix, link_prefix = hashlib.sha256, merkle.LEAF_PREFIX, chain.CHAIN_PREFIX
    for seq, data, link, org, peer in rows:
        if seq != expected:
            raise LogTampered(expected, "event missing or out of order")
        leaf = sha(leaf_prefix + data).digest()
        if sha(link_prefix + previous + leaf).digest() != link:
            raise LogTampered(seq, "stored bytes or link changed")
        if not _columns_match(data, org, peer):
            raise LogTampered(seq, "index columns disagree with the stored bytes")
        previous = link
        tree.leaves.append(leaf)
        if len(tree.leaves) == BLOCK:
            tree.close_block()
        while pending and pending[0].size == seq:
            _check_head(tree, pending.pop(0))
            checked += 1
        if progress is not None and seq % BLOCK == 0:
            progress(seq)
        expected += 1
    size = expected - 1
    if pending:
        raise LogTampered(size + 1, "events a signed tree head covers are missing")
    if progress is not None:
        progress(size)
    return Verified(size, checked, tree.root(size))


def _check_head(tree: _Tree, head: SignedTreeHead) -> None:
    if tree.root(head.size) != head.root:
        raise LogTampered(head.size, "signed tree head does not match the events")


def _columns_match(data: bytes, org: str, peer: str | None) -> bool:
    peer_field = b'"peer_id":null' if peer is None else b'"peer_id":"' + peer.encode() + b'"'
    return peer_field in data and b'"organization_id":"' + org.encode() + b'"' in data
