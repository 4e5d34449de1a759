"""Peers through the one door, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Role
from confide.domain.ids import PeerId
from confide.domain.peers import PeerIdentity, PeerStatus
from confide.errors import Conflict, Denied, Destroyed, InvalidInput, NotFound
from confide.services import UnitOfWorkFactory
from confide.services import peers as service
from confide.store.tables import peer_search, peers
from tests.factories import ctx_for, identity, logged, make_org, make_peer, make_staff


def test_intake_stores_only_ciphertext_and_reads_back(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    who = identity()
    view = service.add_peer(ctx_for(prs), who, uow=uows())
    stored = connection.execute(select(peers.c.identity).where(peers.c.id == view.id)).scalar_one()
    assert who.first_name.encode() not in stored
    assert service.read_peer(ctx_for(prs), view.id, uow=uows()).identity == who


def test_every_read_leaves_an_access_event(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    view = make_peer(uows, prs)
    service.read_peer(ctx_for(prs), view.id, uow=uows())
    actions = [(e.action, e.outcome) for e in logged(connection) if e.peer_id == view.id]
    assert ("peer:read", "allow") in actions


def test_off_team_specialist_is_denied_and_the_denial_is_recorded(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    admin = make_org(uows)
    prs, other = make_staff(uows, admin), make_staff(uows, admin)
    view = make_peer(uows, prs)
    with pytest.raises(Denied):
        service.read_peer(ctx_for(other), view.id, uow=uows())
    outcomes = [
        e.outcome
        for e in logged(connection)
        if e.peer_id == view.id and e.actor_id == other.staff_id
    ]
    assert outcomes == ["deny"]


def test_other_organization_sees_nothing(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    stranger = make_staff(uows, make_org(uows), Role.PEER_SPECIALIST, Role.SUPERVISOR)
    view = make_peer(uows, prs)
    with pytest.raises(NotFound):
        service.read_peer(ctx_for(stranger), view.id, uow=uows())


def test_search_by_name_dob_and_phone_finds_only_my_caseload(uows: UnitOfWorkFactory) -> None:
    admin = make_org(uows)
    prs, other = make_staff(uows, admin), make_staff(uows, admin)
    mine = make_peer(uows, prs, first_name="María", last_name="Núñez", phone="(555) 010-4455")
    make_peer(uows, other, first_name="Maria", last_name="Nunez")
    ctx = ctx_for(prs)
    assert [v.id for v in service.search_peers(ctx, name="maria nunez", uow=uows())] == [mine.id]
    assert [v.id for v in service.search_peers(ctx, phone="555.010.4455", uow=uows())] == [mine.id]
    found = service.search_peers(ctx, name="NUÑEZ", date_of_birth=date(1985, 4, 12), uow=uows())
    assert [v.id for v in found] == [mine.id]
    assert (
        service.search_peers(ctx, name="maria", date_of_birth=date(2000, 1, 1), uow=uows()) == []
    )


def test_search_digests_are_not_the_plain_values(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    prs = make_staff(uows, make_org(uows))
    view = make_peer(uows, prs, first_name="Quentin")
    digests = connection.execute(
        select(peer_search.c.digest).where(peer_search.c.peer_id == view.id)
    ).scalars()
    assert all(b"quentin" not in d for d in digests)


def test_stale_update_is_a_conflict_and_changes_nothing(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    view = make_peer(uows, prs)
    changed = service.update_peer(
        ctx_for(prs), view.id, identity(first_name="Newname"), version=view.version, uow=uows()
    )
    with pytest.raises(Conflict):
        service.update_peer(
            ctx_for(prs), view.id, identity(first_name="Lost"), version=view.version, uow=uows()
        )
    assert service.read_peer(ctx_for(prs), view.id, uow=uows()).identity.first_name == "Newname"
    assert changed.version == view.version + 1


def test_invalid_identity_names_fields_and_writes_nothing(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    with pytest.raises(InvalidInput) as caught:
        service.add_peer(ctx_for(prs), PeerIdentity(preferred_name="x", phone="bad"), uow=uows())
    assert set(caught.value.fields) == {"first_name", "last_name", "phone"}
    assert service.list_my_peers(ctx_for(prs), uow=uows()) == []


def test_shredded_peer_reads_as_destroyed(uows: UnitOfWorkFactory, connection: Connection) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    officer = make_staff(uows, admin, Role.PRIVACY_OFFICER)
    view = make_peer(uows, prs)
    service.shred_peer(ctx_for(officer), view.id, uow=uows())
    with pytest.raises(Destroyed):
        service.read_peer(ctx_for(prs), view.id, uow=uows())
    row = connection.execute(
        select(peers.c.identity, peers.c.status).where(peers.c.id == view.id)
    ).one()
    assert row.identity is None
    assert row.status == PeerStatus.DESTROYED
    listed = service.list_my_peers(ctx_for(prs), uow=uows())
    assert [(v.id, v.status) for v in listed] == [(view.id, PeerStatus.DESTROYED)]


def test_specialist_cannot_shred(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    view = make_peer(uows, prs)
    with pytest.raises(Denied):
        service.shred_peer(ctx_for(prs), view.id, uow=uows())


def test_unknown_peer_is_not_found(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    with pytest.raises(NotFound):
        service.read_peer(ctx_for(prs), PeerId("00000000-0000-4000-8000-000000000000"), uow=uows())


def test_admin_assigns_care_team(uows: UnitOfWorkFactory) -> None:
    admin = make_org(uows)
    prs, second = make_staff(uows, admin), make_staff(uows, admin)
    view = make_peer(uows, prs)
    service.assign_care_team(ctx_for(admin), view.id, second.staff_id, uow=uows())
    assert service.read_peer(ctx_for(second), view.id, uow=uows()).id == view.id


def test_listing_a_caseload_costs_the_same_queries_for_3_or_12_peers(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    from sqlalchemy import event

    prs = make_staff(uows, make_org(uows))
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append("q")

    def queries_for_listing() -> int:
        statements.clear()
        event.listen(connection, "before_cursor_execute", count)
        try:
            service.list_my_peers(ctx_for(prs), uow=uows())
        finally:
            event.remove(connection, "before_cursor_execute", count)
        return len(statements)

    for _ in range(3):
        make_peer(uows, prs)
    few = queries_for_listing()
    for _ in range(9):
        make_peer(uows, prs)
    assert queries_for_listing() == few
