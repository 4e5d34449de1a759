"""RFC 6962 / RFC 9162 Merkle tree hashing and proofs. Standard library only.

Leaves and interior nodes are hashed with distinct one-byte prefixes, so a leaf can never be
passed off as a node:

    leaf_hash(d)   = SHA-256(0x00 || d)
    node_hash(l,r) = SHA-256(0x01 || l || r)
    MTH({})        = SHA-256("")

A perfect subtree of 2**level leaves starting at leaf idx * 2**level is named (level, idx).
The log stores every perfect subtree, so any proof needs at most O(log n) of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from confide.errors import IntegrityError

HASH_BYTES = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeRef = tuple[int, int]  # (level, idx)
NodeSource = Callable[[int, int], bytes]


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _perfect(start: int, size: int) -> NodeRef | None:
    if size & (size - 1) == 0 and start % size == 0:
        level = size.bit_length() - 1
        return level, start >> level
    return None


def subtree_hash(start: int, end: int, node: NodeSource) -> bytes:
    """MTH(D[start:end]) from stored perfect subtrees (RFC 9162 section 2.1.1)."""
    perfect = _perfect(start, end - start)
    if perfect is not None:
        return node(*perfect)
    k = _split(end - start)
    return node_hash(subtree_hash(start, start + k, node), subtree_hash(start + k, end, node))


def root_from(size: int, node: NodeSource) -> bytes:
    return EMPTY_ROOT if size == 0 else subtree_hash(0, size, node)


def inclusion_proof(index: int, size: int, node: NodeSource) -> list[bytes]:
    """PATH(index, D[size]) of RFC 9162 section 2.1.3.1."""
    if not 0 <= index < size:
        raise ValueError("leaf index outside the tree")
    return _path(index, 0, size, node)


def _path(m: int, start: int, end: int, node: NodeSource) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(m, start, start + k, node), subtree_hash(start + k, end, node)]
    return [*_path(m - k, start + k, end, node), subtree_hash(start, start + k, node)]


def consistency_proof(first: int, second: int, node: NodeSource) -> list[bytes]:
    """PROOF(first, D[second]) of RFC 9162 section 2.1.4.1."""
    if not 0 < first <= second:
        raise ValueError("consistency needs 0 < first <= second")
    return _subproof(first, 0, second, True, node)


def _subproof(m: int, start: int, end: int, whole: bool, node: NodeSource) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if whole else [subtree_hash(start, end, node)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, start, start + k, whole, node), subtree_hash(start + k, end, node)]
    return [*_subproof(m - k, start + k, end, False, node), subtree_hash(start, start + k, node)]


def needed_nodes(fn: Callable[[NodeSource], object]) -> set[NodeRef]:
    """The perfect subtrees `fn` reads, found by a dry run, so a store can fetch them at once."""
    seen: set[NodeRef] = set()

    def record(level: int, idx: int) -> bytes:
        seen.add((level, idx))
        return EMPTY_ROOT

    fn(record)
    return seen


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Iterable[bytes], root: bytes
) -> None:
    """RFC 9162 section 2.1.3.2. Raises IntegrityError unless `leaf` is leaf `index` of `root`."""
    if not 0 <= index < size:
        raise IntegrityError("inclusion proof: leaf index outside the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise IntegrityError("inclusion proof: path too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0 or r != root:
        raise IntegrityError("inclusion proof does not lead to the signed root")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]
) -> None:
    """RFC 9162 section 2.1.4.2. Raises IntegrityError unless tree `first` prefixes `second`."""
    if first == second:
        if proof or first_root != second_root:
            raise IntegrityError("consistency proof: equal sizes need equal roots")
        return
    if not 0 < first < second or not proof:
        raise IntegrityError("consistency proof: sizes out of order or empty proof")
    path = [first_root, *proof] if first & (first - 1) == 0 else list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise IntegrityError("consistency proof: path too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0 or fr != first_root or sr != second_root:
        raise IntegrityError("consistency proof does not join the two roots")


@dataclass
class Frontier:
    """The perfect subtrees of a growing tree (at most one per level): O(log n) state that
    appends leaves and yields the root. `appended` lists every subtree completed since the
    last `drain()`, as (level, idx, hash), for the store to keep."""

    size: int = 0
    stack: list[tuple[int, bytes]] = field(default_factory=list)
    appended: list[tuple[int, int, bytes]] = field(default_factory=list)
    store_from: int = 0  # subtrees below this level are not listed in `appended`

    @classmethod
    def of(cls, size: int, node: NodeSource, *, store_from: int = 0) -> Frontier:
        """Rebuild from stored perfect subtrees for a tree of `size` leaves."""
        stack: list[tuple[int, bytes]] = []
        start = 0
        for level in reversed(range(size.bit_length())):
            if size >> level & 1:
                stack.append((level, node(level, start >> level)))
                start += 1 << level
        return cls(size=size, stack=stack, store_from=store_from)

    @staticmethod
    def refs(size: int) -> list[NodeRef]:
        refs: list[NodeRef] = []
        start = 0
        for level in reversed(range(size.bit_length())):
            if size >> level & 1:
                refs.append((level, start >> level))
                start += 1 << level
        return refs

    def append(self, leaf: bytes) -> None:
        self.extend((leaf,))

    def extend(self, leaves: Iterable[bytes]) -> None:
        """append() for each leaf, in one loop: the number of subtrees a leaf completes is the
        number of trailing one bits of its index, so no level comparisons are needed
        (node_hash is written inline: this loop runs once per appended event)."""
        stack, keep, out, sha = self.stack, self.store_from, self.appended, hashlib.sha256
        index = self.size
        for leaf in leaves:
            if keep == 0:
                out.append((0, index, leaf))
            h, level, carry = leaf, 0, index
            while carry & 1:
                h = sha(NODE_PREFIX + stack.pop()[1] + h).digest()
                level += 1
                carry >>= 1
                if level >= keep:
                    out.append((level, index >> level, h))
            stack.append((level, h))
            index += 1
        self.size = index

    def root(self) -> bytes:
        if not self.stack:
            return EMPTY_ROOT
        r = self.stack[-1][1]
        for _, h in reversed(self.stack[:-1]):
            r = node_hash(h, r)
        return r

    def drain(self) -> list[tuple[int, int, bytes]]:
        out, self.appended = self.appended, []
        return out


def roots_of(leaves: Iterable[bytes]) -> Iterator[bytes]:
    """The root after each leaf, for tests and vectors."""
    f = Frontier()
    for leaf in leaves:
        f.append(leaf)
        yield f.root()
