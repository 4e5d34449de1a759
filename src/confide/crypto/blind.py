"""Blind indexes: keyed digests of normalized values, for exact-match search."""

from __future__ import annotations

from confide.crypto import _primitives

DIGEST_BYTES = 16  # truncation keeps matches exact in practice and gives nothing to brute-force


class BlindIndex:
    """HMAC-SHA256 under an organization's blind-index key (separate from its KEK)."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        self._key = key

    def digest(self, kind: str, normalized: str) -> bytes:
        """Digest of one normalized value of one kind ("name", "dob", "phone")."""
        message = b"confide/blind/v1\x00" + kind.encode() + b"\x00" + normalized.encode()
        return _primitives.mac(self._key, message)[:DIGEST_BYTES]

    def __repr__(self) -> str:
        return "BlindIndex(<key>)"
