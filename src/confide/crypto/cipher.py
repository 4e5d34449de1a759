"""Field encryption under a peer's data key, bound to where the value lives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NewType

from confide.crypto import _primitives
from confide.errors import IntegrityError

Sealed = NewType("Sealed", bytes)
"""Ciphertext: a version byte, then nonce || ciphertext || tag."""

FORMAT_V1 = b"\x01"


@dataclass(frozen=True, slots=True)
class FieldContext:
    """Where a sealed value lives. Moving ciphertext anywhere else makes it fail to open."""

    table: str
    column: str
    row_id: str
    peer_id: str
    organization_id: str

    def aad(self) -> bytes:
        parts = (self.organization_id, self.peer_id, self.table, self.column, self.row_id)
        if any("\x00" in p for p in parts):
            raise ValueError("field context parts may not contain NUL")
        return b"confide/field/v1\x00" + "\x00".join(parts).encode()


class PeerCipher:
    """Seals and opens one peer's fields with that peer's data key."""

    __slots__ = ("_dek", "organization_id", "peer_id")

    def __init__(self, dek: bytes, *, organization_id: str, peer_id: str) -> None:
        self._dek = dek
        self.organization_id = organization_id
        self.peer_id = peer_id

    def context(self, table: str, column: str, row_id: str) -> FieldContext:
        return FieldContext(table, column, row_id, self.peer_id, self.organization_id)

    def seal(self, context: FieldContext, plaintext: str) -> Sealed:
        self._check(context)
        blob = _primitives.aead_seal(self._dek, plaintext.encode(), context.aad())
        return Sealed(FORMAT_V1 + blob)

    def open(self, sealed: bytes, context: FieldContext) -> str:
        """Plaintext of `sealed`. Raises IntegrityError if it was moved, altered or foreign."""
        self._check(context)
        if sealed[:1] != FORMAT_V1:
            raise IntegrityError("unknown ciphertext format")
        return _primitives.aead_open(self._dek, sealed[1:], context.aad()).decode()

    def _check(self, context: FieldContext) -> None:
        if (context.peer_id, context.organization_id) != (self.peer_id, self.organization_id):
            raise IntegrityError("field context belongs to another peer")

    def __repr__(self) -> str:
        return f"PeerCipher(peer_id={self.peer_id!r})"


def new_data_key() -> bytes:
    return _primitives.random_key()
