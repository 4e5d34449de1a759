"""Field encryption refuses tampering, moved ciphertext and the wrong key."""

from __future__ import annotations

import pytest

from confide.crypto.cipher import PeerCipher, Sealed, new_data_key
from confide.errors import IntegrityError

ORG = "00000000-0000-4000-8000-000000000001"
PEER_A = "00000000-0000-4000-8000-00000000000a"
PEER_B = "00000000-0000-4000-8000-00000000000b"


def cipher(peer: str = PEER_A, key: bytes | None = None) -> PeerCipher:
    return PeerCipher(key or new_data_key(), organization_id=ORG, peer_id=peer)


def test_sealed_value_opens_in_its_own_place() -> None:
    c = cipher()
    ctx = c.context("encounters", "body", "row-1")
    assert c.open(c.seal(ctx, "I relapsed on Friday"), ctx) == "I relapsed on Friday"


def test_sealed_value_carries_version_byte_and_no_plaintext() -> None:
    c = cipher()
    sealed = c.seal(c.context("peers", "identity", "p"), "Harriet Canary")
    assert sealed[:1] == b"\x01"
    assert b"Harriet" not in sealed


def test_two_seals_of_the_same_text_differ() -> None:
    c = cipher()
    ctx = c.context("peers", "identity", "p")
    assert c.seal(ctx, "same") != c.seal(ctx, "same")


@pytest.mark.parametrize("position", [0, 1, 13, -1])
def test_tampered_ciphertext_is_refused(position: int) -> None:
    c = cipher()
    ctx = c.context("encounters", "body", "row-1")
    sealed = bytearray(c.seal(ctx, "note text"))
    sealed[position] ^= 0x01
    with pytest.raises(IntegrityError):
        c.open(Sealed(bytes(sealed)), ctx)


def test_truncated_ciphertext_is_refused() -> None:
    c = cipher()
    ctx = c.context("encounters", "body", "row-1")
    with pytest.raises(IntegrityError):
        c.open(c.seal(ctx, "note text")[:20], ctx)


def test_ciphertext_swapped_between_rows_is_refused() -> None:
    c = cipher()
    sealed = c.seal(c.context("encounters", "body", "row-1"), "note one")
    with pytest.raises(IntegrityError):
        c.open(sealed, c.context("encounters", "body", "row-2"))


def test_ciphertext_swapped_between_columns_is_refused() -> None:
    c = cipher()
    sealed = c.seal(c.context("encounters", "body", "row-1"), "note one")
    with pytest.raises(IntegrityError):
        c.open(sealed, c.context("plan_goals", "body", "row-1"))


def test_ciphertext_swapped_between_peers_is_refused_even_with_the_same_key() -> None:
    key = new_data_key()
    a, b = cipher(PEER_A, key), cipher(PEER_B, key)
    sealed = a.seal(a.context("encounters", "body", "row-1"), "note one")
    with pytest.raises(IntegrityError):
        b.open(sealed, b.context("encounters", "body", "row-1"))


def test_wrong_key_is_refused() -> None:
    a, other = cipher(), cipher()
    ctx = a.context("encounters", "body", "row-1")
    with pytest.raises(IntegrityError):
        other.open(a.seal(ctx, "note"), ctx)


def test_a_cipher_refuses_another_peers_context() -> None:
    a, b = cipher(PEER_A), cipher(PEER_B)
    with pytest.raises(IntegrityError):
        a.seal(b.context("peers", "identity", "x"), "text")


def test_repr_shows_no_key() -> None:
    key = new_data_key()
    assert key.hex() not in repr(cipher(key=key))
