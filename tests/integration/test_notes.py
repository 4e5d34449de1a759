"""Service notes through the one door: drafts, signing, amendments, supervision, groups."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Purpose, Role
from confide.domain.encounters import EncounterStatus
from confide.errors import Conflict, Denied, Destroyed, InvalidInput
from confide.services import UnitOfWorkFactory
from confide.services import notes as service
from confide.services import staff as staff_service
from confide.services.peers import assign_care_team, shred_peer
from confide.store.tables import encounters
from tests.factories import ctx_for, draft, make_org, make_peer, make_staff


def test_note_body_is_ciphertext_at_rest(uows: UnitOfWorkFactory, connection: Connection) -> None:
    prs = make_staff(uows, make_org(uows))
    peer = make_peer(uows, prs)
    note = service.write_note(ctx_for(prs), peer.id, draft("CANARYBODYxyz"), uow=uows())
    body = connection.execute(
        select(encounters.c.body).where(encounters.c.id == note.id)
    ).scalar_one()
    assert b"CANARYBODYxyz" not in body
    assert (
        service.read_note(ctx_for(prs), note.id, uow=uows()).body.sections["data"]
        == "CANARYBODYxyz"
    )


def test_signed_note_is_never_edited_in_place(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    peer = make_peer(uows, prs)
    note = service.write_note(ctx_for(prs), peer.id, draft("first words"), uow=uows())
    signed = service.sign_note(ctx_for(prs), note.id, version=note.version, uow=uows())
    assert signed.status is EncounterStatus.SIGNED
    with pytest.raises(Conflict):
        service.update_draft(
            ctx_for(prs), note.id, draft("rewritten"), version=signed.version, uow=uows()
        )
    amended = service.amend_note(
        ctx_for(prs), note.id, reason="date was wrong", text="met on Tuesday", uow=uows()
    )
    assert amended.status is EncounterStatus.AMENDED
    assert amended.body.sections["data"] == "first words"
    assert [(a.reason, a.text) for a in amended.amendments] == [
        ("date was wrong", "met on Tuesday")
    ]


def test_draft_edits_need_the_current_version(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    peer = make_peer(uows, prs)
    note = service.write_note(ctx_for(prs), peer.id, draft("v1"), uow=uows())
    service.update_draft(ctx_for(prs), note.id, draft("v2"), version=note.version, uow=uows())
    with pytest.raises(Conflict):
        service.update_draft(ctx_for(prs), note.id, draft("v3"), version=note.version, uow=uows())
    assert service.read_note(ctx_for(prs), note.id, uow=uows()).body.sections["data"] == "v2"


def test_colleagues_on_the_team_do_not_see_my_drafts(uows: UnitOfWorkFactory) -> None:
    admin = make_org(uows)
    prs, colleague = make_staff(uows, admin), make_staff(uows, admin)
    peer = make_peer(uows, prs)
    assign_care_team(ctx_for(admin), peer.id, colleague.staff_id, uow=uows())
    note = service.write_note(ctx_for(prs), peer.id, draft(), uow=uows())
    with pytest.raises(Denied):
        service.read_note(ctx_for(colleague), note.id, uow=uows())
    assert service.list_notes(ctx_for(colleague), peer.id, uow=uows()) == []
    assert [s.id for s in service.list_notes(ctx_for(prs), peer.id, uow=uows())] == [note.id]


def test_supervisor_reads_signed_notes_of_supervisee_for_supervision(
    uows: UnitOfWorkFactory,
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    supervisor = make_staff(uows, admin, Role.SUPERVISOR)
    staff_service.assign_supervisor(ctx_for(admin), supervisor.staff_id, prs.staff_id, uow=uows())
    peer = make_peer(uows, prs)
    note = service.write_note(ctx_for(prs), peer.id, draft(), uow=uows())
    service.sign_note(ctx_for(prs), note.id, version=note.version, uow=uows())
    seen = service.read_note(ctx_for(supervisor, Purpose.SUPERVISION), note.id, uow=uows())
    assert seen.id == note.id
    with pytest.raises(Denied):
        service.read_note(ctx_for(supervisor, Purpose.TREATMENT), note.id, uow=uows())


def test_invalid_note_names_fields(uows: UnitOfWorkFactory) -> None:
    prs = make_staff(uows, make_org(uows))
    peer = make_peer(uows, prs)
    bad = draft(minutes=0)
    with pytest.raises(InvalidInput) as caught:
        service.write_note(ctx_for(prs), peer.id, bad, uow=uows())
    assert caught.value.fields == {"minutes": "out_of_range"}


def test_notes_of_a_shredded_peer_are_destroyed(uows: UnitOfWorkFactory) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    note = service.write_note(ctx_for(prs), peer.id, draft(), uow=uows())
    shred_peer(ctx_for(admin), peer.id, uow=uows())
    with pytest.raises(Destroyed):
        service.read_note(ctx_for(prs), note.id, uow=uows())
