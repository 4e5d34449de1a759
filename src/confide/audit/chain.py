"""The hash chain beside the tree: each event's link commits to every event before it.

    chain_0 = 32 zero bytes
    chain_n = SHA-256(0x02 || chain_{n-1} || leaf_hash(canonical_n))

Stored per event, so `verify` can name the first sequence number whose bytes or link changed
without rebuilding anything: each link is checked against its predecessor's stored link.
"""

from __future__ import annotations

import hashlib

CHAIN_PREFIX = b"\x02"
GENESIS = bytes(32)


def link(previous: bytes, leaf: bytes) -> bytes:
    return hashlib.sha256(CHAIN_PREFIX + previous + leaf).digest()
