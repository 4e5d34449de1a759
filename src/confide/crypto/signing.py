"""Ed25519 signing of audit tree heads, with the seed the keyring keeps for it.

The key id is the first 8 bytes of SHA-256 of the raw public key, in hex: short enough to store
beside every head, and enough for a verifier to pick the right published key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from confide.crypto import _primitives
from confide.errors import IntegrityError

PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


def key_id_of(public_key: bytes) -> str:
    return hashlib.sha256(public_key).digest()[:8].hex()


@dataclass(frozen=True, slots=True)
class Signer:
    """Signs messages; holds the seed, shows only the public key."""

    _seed: bytes

    def __post_init__(self) -> None:
        if len(self._seed) != 32:
            raise ValueError("an Ed25519 seed is 32 bytes")

    @property
    def public_key(self) -> bytes:
        return _primitives.ed25519_public_key(self._seed)

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def sign(self, message: bytes) -> bytes:
        return _primitives.ed25519_sign(self._seed, message)

    def __repr__(self) -> str:
        return f"Signer(key_id={self.key_id!r})"


def verify(public_key: bytes, message: bytes, signature: bytes) -> None:
    """Raises IntegrityError unless the signature is valid for `public_key`."""
    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        raise IntegrityError("signature or key has the wrong length")
    _primitives.ed25519_verify(public_key, message, signature)
