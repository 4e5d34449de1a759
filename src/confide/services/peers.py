"""Peers: intake, reading, correcting, searching, listing and shredding a peer's identity."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from confide.crypto.blind import BlindIndex
from confide.crypto.cipher import PeerCipher
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.ids import OrgId, PeerId, StaffId, new_id
from confide.domain.peers import (
    PeerIdentity,
    PeerStatus,
    SafeContact,
    identity_problems,
    normalize_name,
    normalize_phone,
)
from confide.errors import Destroyed, InvalidInput, NotFound
from confide.policy import Resource
from confide.services._guard import authorize, existing_peer
from confide.store.peers import PeerRow
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class PeerView:
    id: PeerId
    identity: PeerIdentity
    status: PeerStatus
    version: int


def _org(ctx: RequestContext) -> OrgId:
    return OrgId(ctx.actor.organization_id)


def _identity_json(identity: PeerIdentity) -> str:
    return json.dumps(
        {
            "preferred_name": identity.preferred_name,
            "first_name": identity.first_name,
            "last_name": identity.last_name,
            "date_of_birth": identity.date_of_birth.isoformat()
            if identity.date_of_birth
            else None,
            "phone": identity.phone,
            "email": identity.email,
            "alias_only": identity.alias_only,
            "safe_contact": sorted(identity.safe_contact),
        }
    )


def _identity_from(text: str) -> PeerIdentity:
    d = json.loads(text)
    dob = date.fromisoformat(d["date_of_birth"]) if d["date_of_birth"] else None
    return PeerIdentity(
        preferred_name=d["preferred_name"],
        first_name=d["first_name"],
        last_name=d["last_name"],
        date_of_birth=dob,
        phone=d["phone"],
        email=d["email"],
        alias_only=d["alias_only"],
        safe_contact=frozenset(SafeContact(x) for x in d["safe_contact"]),
    )


def search_digests(index: BlindIndex, identity: PeerIdentity) -> list[tuple[str, bytes]]:
    """Blind-index digests for every way staff may look a peer up."""
    names = {identity.preferred_name, identity.first_name, identity.last_name}
    names.add(f"{identity.first_name} {identity.last_name}")
    digests = [("name", index.digest("name", n)) for n in map(normalize_name, names) if n]
    if identity.date_of_birth:
        digests.append(("dob", index.digest("dob", identity.date_of_birth.isoformat())))
    phone = normalize_phone(identity.phone) if identity.phone else None
    if phone:
        digests.append(("phone", index.digest("phone", phone)))
    return digests


def _seal_identity(cipher: PeerCipher, peer_id: str, identity: PeerIdentity) -> bytes:
    return cipher.seal(cipher.context("peers", "identity", peer_id), _identity_json(identity))


def open_identity(cipher: PeerCipher, row: PeerRow) -> PeerIdentity:
    if row.identity is None:
        raise Destroyed("peer", row.id)
    return _identity_from(cipher.open(row.identity, cipher.context("peers", "identity", row.id)))


def _check(identity: PeerIdentity) -> None:
    problems = identity_problems(identity)
    if problems:
        raise InvalidInput("peer identity is not valid", fields=problems)


def add_peer(
    ctx: RequestContext, identity: PeerIdentity, *, uow: UnitOfWork, care_team: bool = True
) -> PeerView:
    """Intake: create a peer with a fresh data key, sealed identity and search digests."""
    _check(identity)
    with uow:
        view = add_peer_in(ctx, identity, uow=uow, care_team=care_team)
        uow.commit()
    return view


def add_peer_in(
    ctx: RequestContext, identity: PeerIdentity, *, uow: UnitOfWork, care_team: bool
) -> PeerView:
    """add_peer inside a caller's unit of work (bulk import shares one transaction)."""
    org, peer_id = _org(ctx), PeerId(new_id())
    authorize(ctx, uow, Action.PEER_CREATE, Resource("peer", org, peer_id), resource_id=peer_id)
    row = PeerRow(
        peer_id, org, None, identity.alias_only, PeerStatus.ACTIVE, None, 1, ctx.now, ctx.now
    )
    uow.peers.add(row)
    cipher = uow.keys.create(org, peer_id)
    uow.peers.update_identity(org, peer_id, _seal_identity(cipher, peer_id, identity), 1, ctx.now)
    uow.peers.set_search_digests(org, peer_id, search_digests(uow.keys.blind_index(org), identity))
    if care_team:
        uow.care.assign(org, peer_id, ctx.actor.staff_id, ctx.now)
    return PeerView(peer_id, identity, PeerStatus.ACTIVE, 2)


def read_peer(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> PeerView:
    """A staff member opens a peer's identity and contacts."""
    with uow:
        try:
            view = read_peer_in(ctx, peer_id, uow=uow)
        except Destroyed:
            uow.commit()  # the allowed access stands in the log
            raise
        uow.commit()
    return view


def read_peer_in(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> PeerView:
    """read_peer inside a caller's unit of work (the caller commits)."""
    row = existing_peer(ctx, uow, peer_id)
    authorize(ctx, uow, Action.PEER_READ, Resource("peer", row.organization_id, peer_id))
    if row.status is PeerStatus.DESTROYED:
        raise Destroyed("peer", peer_id)
    identity = open_identity(uow.keys.cipher_for(row.organization_id, peer_id), row)
    return PeerView(peer_id, identity, row.status, row.version)


def update_peer(
    ctx: RequestContext,
    peer_id: PeerId,
    identity: PeerIdentity,
    *,
    version: int,
    uow: UnitOfWork,
) -> PeerView:
    """Correct a peer's identity or contacts; Conflict when the version is stale."""
    _check(identity)
    with uow:
        row = existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.PEER_UPDATE, Resource("peer", row.organization_id, peer_id))
        if row.status is PeerStatus.DESTROYED:
            uow.commit()
            raise Destroyed("peer", peer_id)
        cipher = uow.keys.cipher_for(row.organization_id, peer_id)
        sealed = _seal_identity(cipher, peer_id, identity)
        uow.peers.update_identity(row.organization_id, peer_id, sealed, version, ctx.now)
        index = uow.keys.blind_index(row.organization_id)
        uow.peers.set_search_digests(row.organization_id, peer_id, search_digests(index, identity))
        uow.commit()
    return PeerView(peer_id, identity, row.status, version + 1)


def list_my_peers(ctx: RequestContext, *, uow: UnitOfWork) -> list[PeerView]:
    """The actor's caseload: peers whose care team they are on."""
    with uow:
        org = _org(ctx)
        authorize(ctx, uow, Action.PEER_LIST, Resource("caseload", org))
        rows = uow.peers.on_care_team_of(org, ctx.actor.staff_id)
        uow.keys.preload(org, [row.id for row in rows])
        views = [peer_view(uow, row) for row in rows]
        uow.commit()
    return views


def peer_view(uow: UnitOfWork, row: PeerRow) -> PeerView:
    """The peer's identity, opened; call it only after a decision covering this peer."""
    if row.status is PeerStatus.DESTROYED:
        return PeerView(row.id, PeerIdentity(preferred_name=""), row.status, row.version)
    identity = open_identity(uow.keys.cipher_for(row.organization_id, row.id), row)
    return PeerView(row.id, identity, row.status, row.version)


def search_peers(
    ctx: RequestContext,
    *,
    name: str = "",
    date_of_birth: date | None = None,
    phone: str = "",
    uow: UnitOfWork,
) -> list[PeerView]:
    """Exact-match search within the actor's caseload, through the blind index only."""
    keys = _search_keys(name, date_of_birth, phone)
    with uow:
        org = _org(ctx)
        authorize(ctx, uow, Action.PEER_SEARCH, Resource("caseload", org))
        index = uow.keys.blind_index(org)
        found: set[PeerId] | None = None
        for kind, value in keys:
            ids = set(uow.peers.search(org, kind, index.digest(kind, value)))
            found = ids if found is None else found & ids
        mine = {row.id: row for row in uow.peers.on_care_team_of(org, ctx.actor.staff_id)}
        hits = [mine[i] for i in sorted(found or set()) if i in mine]
        uow.keys.preload(org, [row.id for row in hits])
        views = [peer_view(uow, row) for row in hits]
        uow.commit()
    return views


def _search_keys(name: str, date_of_birth: date | None, phone: str) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if name.strip():
        keys.append(("name", normalize_name(name)))
    if date_of_birth:
        keys.append(("dob", date_of_birth.isoformat()))
    if phone.strip():
        normalized = normalize_phone(phone)
        if normalized is None:
            raise InvalidInput("phone is not valid", fields={"phone": "invalid_phone"})
        keys.append(("phone", normalized))
    if not keys:
        raise InvalidInput("give a name, date of birth or phone", fields={"query": "required"})
    return keys


def shred_peer(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> None:
    """Destroy the peer's data key: nothing of theirs decrypts afterwards, backups included."""
    with uow:
        row = existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.PEER_SHRED, Resource("peer", row.organization_id, peer_id))
        uow.keys.shred(row.organization_id, peer_id)
        uow.peers.mark_destroyed(row.organization_id, peer_id, ctx.now)
        uow.commit()


def assign_care_team(
    ctx: RequestContext, peer_id: PeerId, staff_id: StaffId, *, uow: UnitOfWork
) -> None:
    """An administrator puts a staff member on a peer's care team."""
    with uow:
        row = existing_peer(ctx, uow, peer_id)
        resource = Resource("care_team", row.organization_id, peer_id)
        authorize(ctx, uow, Action.CARE_TEAM_ASSIGN, resource, resource_id=staff_id)
        if uow.staff.get(row.organization_id, staff_id) is None:
            raise NotFound("staff", staff_id)
        if staff_id not in uow.care.team_of(row.organization_id, peer_id):
            uow.care.assign(row.organization_id, peer_id, staff_id, ctx.now)
        uow.commit()
