"""Per-peer data keys, stored wrapped by the organization's KEK. Deleting one shreds the peer."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, delete, insert, select

from confide.crypto.blind import BlindIndex
from confide.crypto.cipher import PeerCipher, new_data_key
from confide.crypto.keyring import Keyring, WrappedKey
from confide.domain.ids import OrgId, PeerId
from confide.errors import Destroyed
from confide.store.tables import peer_keys


class KeyRepository:
    """Makes, loads (once per unit of work) and destroys peers' data keys."""

    def __init__(self, connection: Connection, keyring: Keyring) -> None:
        self._c = connection
        self._keyring = keyring
        self._ciphers: dict[tuple[str, str], PeerCipher] = {}
        self._held: dict[tuple[str, str], WrappedKey] = {}

    def create(self, org_id: OrgId, peer_id: PeerId) -> PeerCipher:
        dek = new_data_key()
        wrapped = self._keyring.wrap_data_key(org_id, peer_id, dek)
        self._c.execute(
            insert(peer_keys).values(
                organization_id=org_id,
                peer_id=peer_id,
                kek_id=wrapped.kek_id,
                wrapped=wrapped.blob,
            )
        )
        cipher = PeerCipher(dek, organization_id=org_id, peer_id=peer_id)
        self._ciphers[(org_id, peer_id)] = cipher
        return cipher

    def cipher_for(self, org_id: OrgId, peer_id: PeerId) -> PeerCipher:
        """The peer's cipher. Destroyed when the key was shredded."""
        cached = self._ciphers.get((org_id, peer_id))
        if cached is not None:
            return cached
        wrapped = self._held.pop((org_id, peer_id), None)
        if wrapped is None:
            row = self._c.execute(_KEY, {"org": org_id, "peer": peer_id}).first()
            if row is None:
                raise Destroyed("peer", peer_id)
            wrapped = WrappedKey(row.kek_id, row.wrapped)
        dek = self._keyring.unwrap_data_key(org_id, peer_id, wrapped)
        cipher = PeerCipher(dek, organization_id=org_id, peer_id=peer_id)
        self._ciphers[(org_id, peer_id)] = cipher
        return cipher

    def hold(self, org_id: OrgId, peer_id: PeerId, wrapped: WrappedKey) -> None:
        """Keep a wrapped key read with another row (still wrapped: it is unwrapped only when
        `cipher_for` asks, after the decision)."""
        self._held[(org_id, peer_id)] = wrapped

    def preload(self, org_id: OrgId, peer_ids: list[PeerId]) -> None:
        """Unwrap many peers' keys with one query (lists must not query once per peer)."""
        wanted = [p for p in peer_ids if (org_id, p) not in self._ciphers]
        if not wanted:
            return
        rows = self._c.execute(
            select(peer_keys).where(
                peer_keys.c.organization_id == org_id, peer_keys.c.peer_id.in_(wanted)
            )
        )
        for row in rows:
            wrapped = WrappedKey(row.kek_id, row.wrapped)
            dek = self._keyring.unwrap_data_key(org_id, row.peer_id, wrapped)
            self._ciphers[(org_id, row.peer_id)] = PeerCipher(
                dek, organization_id=org_id, peer_id=row.peer_id
            )

    def shred(self, org_id: OrgId, peer_id: PeerId) -> None:
        """Destroy the data key: every ciphertext of this peer becomes unreadable."""
        self._c.execute(
            delete(peer_keys).where(
                peer_keys.c.organization_id == org_id, peer_keys.c.peer_id == peer_id
            )
        )
        self._ciphers.pop((org_id, peer_id), None)
        self._held.pop((org_id, peer_id), None)

    def blind_index(self, org_id: OrgId) -> BlindIndex:
        return self._keyring.blind_index(org_id)


# Built once (the read path runs it on every request).
_KEY = select(peer_keys).where(
    peer_keys.c.organization_id == bindparam("org"), peer_keys.c.peer_id == bindparam("peer")
)
