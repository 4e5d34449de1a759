"""Keyrings hold each organization's key-encryption key (KEK) and wrap peers' data keys.

`LocalKeyring` reads a key file (JSON, mode 0600, optionally passphrase-protected with
scrypt + AES-256-GCM). A PKCS#11 provider implements the same `Keyring` protocol.
Per-organization KEKs and blind-index keys are HKDF subkeys of the file's root keys, so
one file serves many organizations and no two organizations share a key.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from confide.crypto import _primitives
from confide.crypto.blind import BlindIndex
from confide.errors import ConfigurationError, IntegrityError

FORMAT = "confide-keyfile"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}


@dataclass(frozen=True, slots=True)
class WrappedKey:
    kek_id: str
    blob: bytes


class Keyring(Protocol):
    """What the rest of confide needs from key storage."""

    def wrap_data_key(self, organization_id: str, peer_id: str, dek: bytes) -> WrappedKey: ...

    def unwrap_data_key(
        self, organization_id: str, peer_id: str, wrapped: WrappedKey
    ) -> bytes: ...

    def blind_index(self, organization_id: str) -> BlindIndex: ...

    def signing_seed(self) -> bytes: ...


def _wrap_aad(organization_id: str, peer_id: str, kek_id: str) -> bytes:
    return b"confide/dek/v1\x00" + f"{organization_id}\x00{peer_id}\x00{kek_id}".encode()


class LocalKeyring:
    """Keys from a local key file, held in memory for the life of the process."""

    def __init__(self, keks: dict[str, bytes], current_kek: str, blind: bytes, signing: bytes):
        if current_kek not in keks:
            raise ConfigurationError("key file: current_kek names no key")
        self._keks = keks
        self.current_kek = current_kek
        self._blind = blind
        self._signing = signing

    def _org_kek(self, organization_id: str, kek_id: str) -> bytes:
        try:
            root = self._keks[kek_id]
        except KeyError:
            raise IntegrityError(f"data key wrapped by unknown KEK {kek_id}") from None
        return _primitives.derive(root, b"confide/kek/v1\x00" + organization_id.encode())

    def wrap_data_key(self, organization_id: str, peer_id: str, dek: bytes) -> WrappedKey:
        kek = self._org_kek(organization_id, self.current_kek)
        aad = _wrap_aad(organization_id, peer_id, self.current_kek)
        return WrappedKey(self.current_kek, _primitives.aead_seal(kek, dek, aad))

    def unwrap_data_key(self, organization_id: str, peer_id: str, wrapped: WrappedKey) -> bytes:
        kek = self._org_kek(organization_id, wrapped.kek_id)
        aad = _wrap_aad(organization_id, peer_id, wrapped.kek_id)
        return _primitives.aead_open(kek, wrapped.blob, aad)

    def blind_index(self, organization_id: str) -> BlindIndex:
        info = b"confide/blind/v1\x00" + organization_id.encode()
        return BlindIndex(_primitives.derive(self._blind, info))

    def signing_seed(self) -> bytes:
        return self._signing

    def __repr__(self) -> str:
        return f"LocalKeyring(current_kek={self.current_kek!r})"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text, validate=True)


def create_key_file(path: Path, passphrase: bytes | None = None) -> None:
    """Write fresh key material to `path` with mode 0600. Never overwrites a file."""
    keys = {
        "kek": {"k1": _b64(_primitives.random_key())},
        "current_kek": "k1",
        "blind": _b64(_primitives.random_key()),
        "signing": _b64(_primitives.random_key()),
    }
    document: dict[str, Any] = {"format": FORMAT, "version": 1}
    if passphrase:
        salt = os.urandom(16)
        key = _primitives.passphrase_key(passphrase, salt, **SCRYPT)
        sealed = _primitives.aead_seal(key, json.dumps(keys).encode(), FORMAT.encode())
        document |= {"protection": "scrypt", "kdf": {"salt": _b64(salt), **SCRYPT}}
        document["sealed"] = _b64(sealed)
    else:
        document |= {"protection": "none", "keys": keys}
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigurationError(
            f"key file {path} already exists; refusing to overwrite"
        ) from None
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle)
        handle.flush()
        os.fsync(handle.fileno())


def load_key_file(path: Path, passphrase: bytes | None = None) -> LocalKeyring:
    """Read a key file. ConfigurationError names the file and what is wrong with it."""
    try:
        mode = path.stat().st_mode
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigurationError(f"key file {path} is missing") from None
    except OSError:
        raise ConfigurationError(f"key file {path} cannot be read") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(f"key file {path} is readable by others; chmod 600 it")
    try:
        document = json.loads(raw)
        if document.get("format") != FORMAT or document.get("version") != 1:
            raise ValueError("not a confide key file")
        keys = _open_keys(document, passphrase, path)
        keks = {kid: _unb64(val) for kid, val in keys["kek"].items()}
        return LocalKeyring(
            keks, keys["current_kek"], _unb64(keys["blind"]), _unb64(keys["signing"])
        )
    except ConfigurationError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ConfigurationError(f"key file {path} is damaged or not a key file") from None


def _open_keys(document: dict[str, Any], passphrase: bytes | None, path: Path) -> Any:
    if document["protection"] == "none":
        return document["keys"]
    if not passphrase:
        raise ConfigurationError(f"key file {path} needs a passphrase (CONFIDE_KEY_PASSPHRASE)")
    kdf = document["kdf"]
    key = _primitives.passphrase_key(
        passphrase, _unb64(kdf["salt"]), n=kdf["n"], r=kdf["r"], p=kdf["p"]
    )
    try:
        plain = _primitives.aead_open(key, _unb64(document["sealed"]), FORMAT.encode())
    except IntegrityError:
        raise ConfigurationError(f"wrong passphrase for key file {path}") from None
    return json.loads(plain)
