"""Group sessions: written once; each attendee's copy names no other attendee."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, select

from confide.domain.encounters import NoteBody, NoteFormat
from confide.errors import Denied, InvalidInput
from confide.services import UnitOfWorkFactory
from confide.services import notes as notes_service
from confide.services.groups import GroupSessionDraft, write_group_session
from confide.store.tables import encounters
from tests.factories import ctx_for, make_org, make_peer, make_staff

GROUP_TEXT = (
    "Sam shared that the new job is going well. Maria said Sam Ortiz helped her move on "
    "Saturday and she can be reached at 555-010-3344 now. Dee Quill talked about her sponsor. "
    "Sam Lee asked Maria how the court date went."
)


def session(*attendees: str, text: str = GROUP_TEXT) -> GroupSessionDraft:
    body = NoteBody(NoteFormat.DAP, {"data": text, "assessment": "", "plan": "meet Tuesday"})
    return GroupSessionDraft(tuple(attendees), date(2026, 11, 20), 90, body)  # type: ignore[arg-type]


def people(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    facilitator = make_staff(uows, make_org(uows))
    sam_lee = make_peer(uows, facilitator, first_name="Sam", last_name="Lee", preferred_name="Sam")
    sam_ortiz = make_peer(
        uows, facilitator, first_name="Samuel", last_name="Ortiz", preferred_name="Sam"
    )
    maria = make_peer(
        uows, facilitator, first_name="Maria", last_name="Gomez", preferred_name="Maria",
        phone="(555) 010-3344",
    )  # fmt: skip
    dee = make_peer(uows, facilitator, first_name="Dee", last_name="Quill", preferred_name="Dee")
    return facilitator, sam_lee, sam_ortiz, maria, dee


def text_of(view: notes_service.NoteView) -> str:
    return view.body.sections["data"]


def test_each_copy_hides_every_other_attendee(uows: UnitOfWorkFactory) -> None:
    facilitator, sam_lee, sam_ortiz, maria, dee = people(uows)
    ids = (sam_lee.id, sam_ortiz.id, maria.id, dee.id)
    views = {
        v.peer_id: v for v in write_group_session(ctx_for(facilitator), session(*ids), uow=uows())
    }
    for_maria = text_of(views[maria.id])
    assert "Maria" in for_maria  # her own name stays in her copy
    assert "Sam" not in for_maria
    assert "Ortiz" not in for_maria
    assert "Lee" not in for_maria
    assert "Dee" not in for_maria
    assert "Quill" not in for_maria
    for_dee = text_of(views[dee.id])
    assert "Dee" in for_dee or "Quill" in for_dee
    assert "Maria" not in for_dee
    assert "555-010-3344" not in for_dee  # Maria's phone, known from her record
    for_sam_lee = text_of(views[sam_lee.id])
    assert "Ortiz" not in for_sam_lee
    assert "Maria" not in for_sam_lee


def test_a_shared_first_name_is_hidden_from_both_who_share_it(uows: UnitOfWorkFactory) -> None:
    facilitator, sam_lee, sam_ortiz, maria, _ = people(uows)
    ids = (sam_lee.id, sam_ortiz.id, maria.id)
    views = {
        v.peer_id: v for v in write_group_session(ctx_for(facilitator), session(*ids), uow=uows())
    }
    assert text_of(views[sam_lee.id]).startswith("[NAME] shared")
    assert text_of(views[sam_ortiz.id]).startswith("[NAME] shared")


def test_copies_are_sealed_under_each_attendees_own_key(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    facilitator, sam_lee, _, maria, _ = people(uows)
    views = write_group_session(ctx_for(facilitator), session(sam_lee.id, maria.id), uow=uows())
    rows = connection.execute(
        select(encounters.c.peer_id, encounters.c.group_session_id, encounters.c.body).where(
            encounters.c.id.in_([v.id for v in views])
        )
    ).all()
    assert {r.peer_id for r in rows} == {sam_lee.id, maria.id}
    assert len({r.group_session_id for r in rows}) == 1
    assert all(b"Maria" not in r.body for r in rows)


def test_group_session_is_all_or_nothing(uows: UnitOfWorkFactory) -> None:
    admin = make_org(uows)
    facilitator, other = make_staff(uows, admin), make_staff(uows, admin)
    mine, not_mine = make_peer(uows, facilitator), make_peer(uows, other)
    with pytest.raises(Denied):
        write_group_session(ctx_for(facilitator), session(mine.id, not_mine.id), uow=uows())
    assert notes_service.list_notes(ctx_for(facilitator), mine.id, uow=uows()) == []


def test_a_group_needs_two_distinct_attendees(uows: UnitOfWorkFactory) -> None:
    facilitator = make_staff(uows, make_org(uows))
    peer = make_peer(uows, facilitator)
    with pytest.raises(InvalidInput):
        write_group_session(ctx_for(facilitator), session(peer.id, peer.id), uow=uows())
