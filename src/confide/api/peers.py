"""Peers: intake, read, correct, caseload, search (in the body, never the URL), shred."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.ids import PeerId, StaffId
from confide.domain.peers import PeerIdentity, SafeContact
from confide.services import peers as service

router = APIRouter(tags=["peers"])
Name = Field(default="", max_length=100)


class IdentityIn(BaseModel):
    preferred_name: str = Name
    first_name: str = Name
    last_name: str = Name
    date_of_birth: date | None = None
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)
    alias_only: bool = False
    safe_contact: list[SafeContact] = Field(default_factory=list, max_length=10)

    def domain(self) -> PeerIdentity:
        return PeerIdentity(
            preferred_name=self.preferred_name,
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
            phone=self.phone,
            email=self.email,
            alias_only=self.alias_only,
            safe_contact=frozenset(self.safe_contact),
        )


class UpdateIn(IdentityIn):
    version: int = Field(ge=1)


class PeerOut(BaseModel):
    id: str
    status: str
    version: int
    display_name: str
    preferred_name: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str
    email: str
    alias_only: bool
    safe_contact: list[str]

    @classmethod
    def of(cls, view: service.PeerView) -> PeerOut:
        i = view.identity
        return cls(
            id=view.id,
            status=view.status,
            version=view.version,
            display_name=i.display_name,
            preferred_name=i.preferred_name,
            first_name=i.first_name,
            last_name=i.last_name,
            date_of_birth=i.date_of_birth,
            phone=i.phone,
            email=i.email,
            alias_only=i.alias_only,
            safe_contact=sorted(i.safe_contact),
        )


class SearchIn(BaseModel):
    name: str = Field(default="", max_length=200)
    date_of_birth: date | None = None
    phone: str = Field(default="", max_length=32)


class CareTeamIn(BaseModel):
    staff_id: str = Field(min_length=36, max_length=36)


@router.get("/peers", response_model=list[PeerOut], **acts(Action.PEER_LIST))
def list_peers(ctx: Ctx, uow: Uow) -> list[PeerOut]:
    """Your caseload: peers whose care team you are on."""
    return [PeerOut.of(v) for v in service.list_my_peers(ctx, uow=uow)]


@router.post("/peers", response_model=PeerOut, status_code=201, **acts(Action.PEER_CREATE))
def create_peer(body: IdentityIn, ctx: Ctx, uow: Uow) -> PeerOut:
    """Intake: you join the new peer's care team."""
    return PeerOut.of(service.add_peer(ctx, body.domain(), uow=uow))


@router.post("/peers/search", response_model=list[PeerOut], **acts(Action.PEER_SEARCH))
def search(body: SearchIn, ctx: Ctx, uow: Uow) -> list[PeerOut]:
    """Exact match on name, date of birth or phone within your caseload."""
    found = service.search_peers(
        ctx, name=body.name, date_of_birth=body.date_of_birth, phone=body.phone, uow=uow
    )
    return [PeerOut.of(v) for v in found]


@router.get("/peers/{peer_id}", response_model=PeerOut, **acts(Action.PEER_READ))
def read_peer(peer_id: str, ctx: Ctx, uow: Uow) -> PeerOut:
    """One peer's identity and contacts."""
    return PeerOut.of(service.read_peer(ctx, PeerId(peer_id), uow=uow))


@router.put("/peers/{peer_id}", response_model=PeerOut, **acts(Action.PEER_UPDATE))
def update_peer(peer_id: str, body: UpdateIn, ctx: Ctx, uow: Uow) -> PeerOut:
    """Correct identity or contacts; 409 when someone saved first."""
    view = service.update_peer(ctx, PeerId(peer_id), body.domain(), version=body.version, uow=uow)
    return PeerOut.of(view)


@router.delete("/peers/{peer_id}", status_code=204, **acts(Action.PEER_SHRED))
def shred_peer(peer_id: str, ctx: Ctx, uow: Uow) -> None:
    """Destroy the peer's data key: the record can never be read again."""
    service.shred_peer(ctx, PeerId(peer_id), uow=uow)


@router.post("/peers/{peer_id}/care-team", status_code=204, **acts(Action.CARE_TEAM_ASSIGN))
def add_to_care_team(peer_id: str, body: CareTeamIn, ctx: Ctx, uow: Uow) -> None:
    """An administrator puts a staff member on the peer's care team."""
    service.assign_care_team(ctx, PeerId(peer_id), StaffId(body.staff_id), uow=uow)
