"""Key files: created 0600, never overwritten, passphrase-protected, loud when wrong."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from confide.crypto.keyring import WrappedKey, create_key_file, load_key_file
from confide.errors import ConfigurationError, IntegrityError

ORG = "org-1"
OTHER_ORG = "org-2"
PEER = "peer-1"


def test_key_file_is_created_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path)
    before = path.read_bytes()
    with pytest.raises(ConfigurationError, match="refusing to overwrite"):
        create_key_file(path)
    assert path.read_bytes() == before


def test_data_key_round_trips_through_the_keyring(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path)
    ring = load_key_file(path)
    wrapped = ring.wrap_data_key(ORG, PEER, b"k" * 32)
    assert load_key_file(path).unwrap_data_key(ORG, PEER, wrapped) == b"k" * 32


def test_wrapped_key_of_one_organization_does_not_open_in_another(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path)
    ring = load_key_file(path)
    wrapped = ring.wrap_data_key(ORG, PEER, b"k" * 32)
    with pytest.raises(IntegrityError):
        ring.unwrap_data_key(OTHER_ORG, PEER, wrapped)
    with pytest.raises(IntegrityError):
        ring.unwrap_data_key(ORG, "peer-2", wrapped)


def test_unknown_kek_id_is_an_integrity_error(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path)
    ring = load_key_file(path)
    wrapped = ring.wrap_data_key(ORG, PEER, b"k" * 32)
    with pytest.raises(IntegrityError):
        ring.unwrap_data_key(ORG, PEER, WrappedKey("k9", wrapped.blob))


def test_passphrase_protected_file_holds_no_key_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path, b"a long passphrase here")
    document = json.loads(path.read_text())
    assert document["protection"] == "scrypt"
    assert "keys" not in document
    ring = load_key_file(path, b"a long passphrase here")
    wrapped = ring.wrap_data_key(ORG, PEER, b"k" * 32)
    assert ring.unwrap_data_key(ORG, PEER, wrapped) == b"k" * 32


def test_wrong_passphrase_is_named(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path, b"a long passphrase here")
    with pytest.raises(ConfigurationError, match="wrong passphrase"):
        load_key_file(path, b"not the passphrase")


def test_missing_passphrase_is_named(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path, b"a long passphrase here")
    with pytest.raises(ConfigurationError, match="needs a passphrase"):
        load_key_file(path)


def test_missing_key_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="missing"):
        load_key_file(tmp_path / "nope.json")


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path)
    path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="readable by others"):
        load_key_file(path)


@pytest.mark.parametrize("content", [b"", b"not json", b'{"format": "other"}', b"[1, 2]"])
def test_damaged_key_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "keys.json"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(ConfigurationError, match="damaged"):
        load_key_file(path)


def test_blind_indexes_differ_between_organizations(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    create_key_file(path)
    ring = load_key_file(path)
    a = ring.blind_index(ORG).digest("name", "maria")
    assert a == ring.blind_index(ORG).digest("name", "maria")
    assert a != ring.blind_index(OTHER_ORG).digest("name", "maria")
    assert a != ring.blind_index(ORG).digest("phone", "maria")
