"""Recompute the chain and the tree from stored event bytes and check every signed head.

Storage-free: callers feed rows in sequence order. The log is cut into spans of whole blocks
(2**BLOCK_LEVEL leaves); `check_span` checks one span on its own, so spans can be checked in
parallel processes, and `join_spans` stitches their results in order:

- chain: each link is checked against its predecessor's *stored* link, so a span needs only
  the stored link just before it (`previous`);
- tree: a span hands back the root of each complete block, the leaves after its last complete
  block (only the log's last span has any), and for each signed head ending inside it the
  perfect subtrees of its open block; `join_spans` builds every head's root from those.

Per event: one SHA-256 of the stored bytes (the leaf), one of the link, about one interior
node, and a check that the lookup columns agree with the bytes. The first failure is reported
as the sequence number a sequential pass would name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from confide.audit import chain, merkle
from confide.audit.heads import SignedTreeHead
from confide.errors import IntegrityError, LogTampered

BLOCK_LEVEL = 14

# (seq, canonical bytes, stored chain link, whether the row's organization_id and peer_id
# lookup columns appear in the bytes as the canonical form spells them: the store asks the
# database, which searches the bytes in C)
Row = tuple[int, bytes, bytes, bool]


@dataclass(frozen=True, slots=True)
class Verified:
    size: int
    heads_checked: int
    root: bytes


@dataclass(slots=True)
class Span:
    """What one checked span of the log hands back (see the module doc)."""

    first: int
    last: int  # the last seq checked (first - 1 if none)
    level: int
    blocks: list[bytes] = field(default_factory=list)
    tail: list[bytes] = field(default_factory=list)
    heads: dict[int, dict[merkle.NodeRef, bytes]] = field(default_factory=dict)
    error: tuple[int, str] | None = None  # (seq, what) of the first failure; pickles plainly


def spans_of(size: int, parts: int, level: int = BLOCK_LEVEL) -> list[tuple[int, int]]:
    """[first, last] seq ranges of whole blocks covering 1..size, about `parts` of them."""
    blocks = -(-size // (1 << level))
    per = max(1, -(-blocks // max(1, parts)))
    edges = range(0, blocks, per)
    return [(b * (1 << level) + 1, min(size, (b + per) * (1 << level))) for b in edges]


def check_span(
    pages: Iterable[Sequence[Row]],
    previous: bytes,
    first: int,
    last: int,
    head_sizes: Sequence[int] = (),
    level: int = BLOCK_LEVEL,
    progress: Callable[[int], None] | None = None,
) -> Span:
    """Check rows first..last, given in pages (first must start a block; last 0 means to the
    end). Never raises for tampering: the first failure is returned in `Span.error`, with
    everything before it checked."""
    span = Span(first, first - 1, level)
    block, heads = 1 << level, sorted(head_sizes)
    leaves: list[bytes] = []
    start = first - 1  # leaf index of leaves[0]: the open block's first leaf
    for page in pages:
        previous, good, what = _check_page(page, previous, span.last + 1, leaves)
        span.last += good
        while heads and heads[0] <= span.last:
            size = heads.pop(0)
            opened = size // block * block
            span.heads[size] = _open_block(leaves[opened - start : size - start], opened)
        while len(leaves) >= block:
            span.blocks.append(_levels(leaves[:block])[-1][0])
            del leaves[:block]
            start += block
        if what:
            span.error = (span.last + 1, what)
            return span
        if progress is not None:
            progress(span.last)
    if span.last < last:
        span.error = (span.last + 1, "event missing or out of order")
    span.tail = leaves
    return span


def _check_page(
    page: Sequence[Row], previous: bytes, expected: int, leaves: list[bytes]
) -> tuple[bytes, int, str]:
    """(last good link, rows that passed, what failed or ""); the page's leaves are appended."""
    if not page:
        return previous, 0, ""
    if page[0][0] != expected or page[-1][0] != expected + len(page) - 1:  # seqs ascend
        good = next(i for i, row in enumerate(page) if row[0] != expected + i)
        previous, passed, what = _check_page(page[:good], previous, expected, leaves)
        return previous, passed, what or "event missing or out of order"
    sha, append = hashlib.sha256, leaves.append
    leaf_prefix, link_prefix = merkle.LEAF_PREFIX, chain.CHAIN_PREFIX
    i = 0
    try:
        for i, (_, data, link, agrees) in enumerate(page):
            leaf = sha(leaf_prefix + data).digest()
            if sha(link_prefix + previous + leaf).digest() != link:
                return previous, i, "stored bytes or link changed"
            if not agrees:
                return previous, i, "index columns disagree with the stored bytes"
            append(leaf)
            previous = link
    except TypeError:  # SQLite keeps whatever type was written: text is not the stored bytes
        return previous, i, "stored bytes or link changed"
    return previous, len(page), ""


def join_spans(
    spans: Iterable[Span],
    heads: Sequence[SignedTreeHead],
    public_key: bytes,
    *,
    progress: Callable[[int], None] | None = None,
) -> Verified:
    """Stitch checked spans in order; raises LogTampered naming the first bad seq."""
    check_signatures(heads, public_key)
    pending = sorted(heads, key=lambda h: h.size)
    blocks: list[bytes] = []
    size, checked, tail, level = 0, 0, [], BLOCK_LEVEL
    for span in spans:
        if span.first != size + 1:
            raise LogTampered(size + 1, "event missing or out of order")
        level = span.level
        blocks.extend(span.blocks)
        while pending and pending[0].size <= span.last:
            head = pending.pop(0)
            _check_root(head, _root(blocks, level, head.size, span.heads.get(head.size, {})))
            checked += 1
        if span.error is not None:
            raise LogTampered(*span.error)
        size, tail = span.last, span.tail
        if progress is not None:
            progress(size)
    if pending:
        raise LogTampered(size + 1, "events a signed tree head covers are missing")
    return Verified(size, checked, _root(blocks, level, size, _open_block(tail, size - len(tail))))


def verify_log(
    rows: Iterable[Row],
    heads: Sequence[SignedTreeHead],
    public_key: bytes,
    *,
    progress: Callable[[int], None] | None = None,
) -> Verified:
    """The whole log in one pass in this process. Raises LogTampered naming the first bad seq."""
    return verify_pages(_paged(rows), heads, public_key, progress=progress)


def verify_pages(
    pages: Iterable[Sequence[Row]],
    heads: Sequence[SignedTreeHead],
    public_key: bytes,
    *,
    progress: Callable[[int], None] | None = None,
) -> Verified:
    """verify_log over rows already in pages (as a driver fetches them)."""
    check_signatures(heads, public_key)
    span = check_span(pages, chain.GENESIS, 1, 0, [h.size for h in heads], progress=progress)
    return join_spans([span], heads, public_key)


def _paged(rows: Iterable[Row], size: int = 4096) -> Iterator[list[Row]]:
    page: list[Row] = []
    for row in rows:
        page.append(row)
        if len(page) == size:
            yield page
            page = []
    yield page


def check_signatures(heads: Sequence[SignedTreeHead], public_key: bytes) -> None:
    for head in heads:
        try:
            head.verify(public_key)
        except IntegrityError:
            raise LogTampered(head.size, "tree head signature does not verify") from None


def _check_root(head: SignedTreeHead, root: bytes) -> None:
    if root != head.root:
        raise LogTampered(head.size, "signed tree head does not match the events")


def _levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    levels, sha, prefix = [list(leaves)], hashlib.sha256, merkle.NODE_PREFIX
    while len(levels[-1]) > 1:
        below = levels[-1]
        pairs = zip(below[0::2], below[1::2], strict=False)
        levels.append([sha(prefix + left + right).digest() for left, right in pairs])
    return levels


def _open_block(leaves: Sequence[bytes], start: int) -> dict[merkle.NodeRef, bytes]:
    """The perfect subtrees covering leaves[start:start + len(leaves)] (a block's open part),
    as the tree of size start + len(leaves) decomposes it."""
    nodes: dict[merkle.NodeRef, bytes] = {}
    offset = 0
    if not leaves:
        return nodes
    for level in reversed(range(len(leaves).bit_length())):
        if len(leaves) >> level & 1:
            part = leaves[offset : offset + (1 << level)]
            nodes[(level, (start + offset) >> level)] = _levels(part)[-1][0]
            offset += 1 << level
    return nodes


def _root(
    blocks: list[bytes], level: int, size: int, open_part: dict[merkle.NodeRef, bytes]
) -> bytes:
    cache: dict[merkle.NodeRef, bytes] = {}

    def node(lv: int, idx: int) -> bytes:
        if lv < level:
            return open_part[(lv, idx)]
        if lv == level:
            return blocks[idx]
        if (lv, idx) not in cache:
            cache[(lv, idx)] = merkle.node_hash(node(lv - 1, 2 * idx), node(lv - 1, 2 * idx + 1))
        return cache[(lv, idx)]

    return merkle.root_from(size, node)
