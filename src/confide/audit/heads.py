"""Signed tree heads: (size, root, signed_at) of the log, signed with Ed25519.

The signed message (v1) is 63 bytes:

    b"confide-sth-v1\\x00"        15 bytes, a domain label
    size                          8 bytes, unsigned big-endian
    signed_at                     8 bytes, milliseconds since the Unix epoch, big-endian
    root                          32 bytes
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from confide.crypto.signing import Signer, verify

LABEL = b"confide-sth-v1\x00"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def millis(at: datetime) -> int:
    return (at - EPOCH) // timedelta(milliseconds=1)


def message(size: int, root: bytes, signed_at: datetime) -> bytes:
    return LABEL + struct.pack(">QQ", size, millis(signed_at)) + root


@dataclass(frozen=True, slots=True)
class SignedTreeHead:
    size: int
    root: bytes
    signed_at: datetime
    key_id: str
    signature: bytes

    @classmethod
    def sign(cls, signer: Signer, size: int, root: bytes, now: datetime) -> SignedTreeHead:
        """A head signed at `now`, truncated to the millisecond the message carries."""
        at = now.astimezone(UTC).replace(microsecond=now.microsecond // 1000 * 1000)
        return cls(size, root, at, signer.key_id, signer.sign(message(size, root, at)))

    def verify(self, public_key: bytes) -> None:
        """Raises IntegrityError unless the signature is valid."""
        verify(public_key, message(self.size, self.root, self.signed_at), self.signature)
