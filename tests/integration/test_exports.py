"""De-identified export of an organization's notes, on SQLite and PostgreSQL: no identifier the
records hold comes out, every note read is one access event, drafts and restricted notes stay
out, and only the privacy officer runs it."""

from __future__ import annotations

import json
import random

import pytest

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, Role
from confide.domain.encounters import Label, NoteBody, NoteFormat
from confide.domain.ids import OrgId, StaffId
from confide.errors import Denied
from confide.services import UnitOfWorkFactory
from confide.services import notes as notes_service
from confide.services import staff as staff_service
from confide.services.exports import export_deidentified_notes, line_of
from confide.services.peers import PeerView, shred_peer
from confide.services.restrictions import add_restriction
from tests.factories import (
    PASSWORD,
    canary,
    ctx_for,
    draft,
    make_org,
    make_peer,
    make_staff,
)


def author_named(uows: UnitOfWorkFactory, admin: Actor, display_name: str) -> Actor:
    view = staff_service.add_staff(
        ctx_for(admin, Purpose.ADMINISTRATION),
        username=f"prs{canary('u')[-8:].lower()}",
        display_name=display_name,
        password=PASSWORD,
        roles=frozenset({Role.PEER_SPECIALIST}),
        uow=uows(),
    )
    return Actor(StaffId(view.id), OrgId(admin.organization_id), view.roles, view.username)


def signed(
    uows: UnitOfWorkFactory, author: Actor, peer: PeerView, text: str, *labels: Label
) -> notes_service.NoteView:
    body = NoteBody(NoteFormat.DAP, {"data": text, "assessment": "", "plan": "meet Tuesday"})
    made = notes_service.write_note(
        ctx_for(author), peer.id, draft(body=body, labels=frozenset(labels)), uow=uows()
    )
    return notes_service.sign_note(ctx_for(author), made.id, version=made.version, uow=uows())


def mention(peer: PeerView) -> str:
    i = peer.identity
    return (
        f"{i.first_name} {i.last_name} (goes by {i.preferred_name}) said to call "
        f"{i.phone} or write to {i.email}."
    )


def export(uows: UnitOfWorkFactory, officer: Actor) -> list[dict[str, object]]:
    ctx = ctx_for(officer, Purpose.OPERATIONS)
    made = export_deidentified_notes(ctx, uow=uows(), rng=random.Random(7), batch=2)
    return list(made.lines)


@pytest.fixture
def org(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    author = author_named(uows, admin, canary("staff"))
    officer = make_staff(uows, admin, Role.PRIVACY_OFFICER)
    return admin, author, officer


def test_exported_lines_carry_no_name_phone_or_email_the_records_hold(
    uows: UnitOfWorkFactory,
    org,  # type: ignore[no-untyped-def]
) -> None:
    _admin, author, officer = org
    ana, bo = make_peer(uows, author), make_peer(uows, author)
    secrets = [
        s
        for p in (ana, bo)
        for s in (p.identity.first_name, p.identity.last_name, p.identity.preferred_name,
                  p.identity.email, p.identity.phone)
    ] + [author.username]  # fmt: skip
    staff_name = next(s.display_name for s in staff_list(uows, org) if s.id == author.staff_id)
    text = f"{mention(ana)} {mention(bo)} Seen with {staff_name}; Hope said she is 60 days clean."
    signed(uows, author, ana, text)
    signed(uows, author, bo, f"{bo.identity.preferred_name} met {ana.identity.first_name}.")
    lines = [line_of(n) for n in export(uows, officer)]
    assert len(lines) == 2
    dump = "\n".join(lines)
    for secret in [*secrets, staff_name]:
        assert secret not in dump
    assert "CANARY" not in dump
    for placeholder in ("[NAME]", "[PHONE]", "[EMAIL]"):
        assert placeholder in dump
    assert "60 days clean" in dump  # the lesson stays
    assert "555" not in dump


def test_each_note_read_is_one_access_event_under_export_deid(
    uows: UnitOfWorkFactory,
    org,  # type: ignore[no-untyped-def]
) -> None:
    _admin, author, officer = org
    ana = make_peer(uows, author)
    for _ in range(3):
        signed(uows, author, ana, "Talked about work.")
    exported = export(uows, officer)
    assert [n["n"] for n in exported] == [1, 2, 3]
    assert {n["peer"] for n in exported} == {"P1"}
    with uows() as uow:
        events = uow.audit.for_peer(OrgId(officer.organization_id), ana.id)
    mine = [e for e in events if e.actor_id == officer.staff_id]
    assert len(mine) == 3
    assert {(e.action, e.rule_id, e.outcome, e.purpose) for e in mine} == {
        (Action.NOTE_EXPORT_DEID.value, "export.deid", "allow", "operations")
    }
    assert len({e.resource_id for e in mine}) == 3


def test_drafts_restricted_notes_and_shredded_peers_stay_out(
    uows: UnitOfWorkFactory,
    org,  # type: ignore[no-untyped-def]
) -> None:
    admin, author, officer = org
    ana, bo, cy = make_peer(uows, author), make_peer(uows, author), make_peer(uows, author)
    notes_service.write_note(ctx_for(author), ana.id, draft("a draft"), uow=uows())
    signed(uows, author, ana, "restricted one", Label.RESTRICTED)
    signed(uows, author, ana, "kept from the officer", Label.HIV)
    add_restriction(ctx_for(author), ana.id, officer.staff_id, label=Label.HIV, uow=uows())
    signed(uows, author, bo, "shredded later")
    shred_peer(ctx_for(admin, Purpose.ADMINISTRATION), bo.id, uow=uows())
    signed(uows, author, cy, "Talked about work.")
    exported = export(uows, officer)
    assert [n["sections"] for n in exported] == [
        {"data": "Talked about work.", "assessment": "", "plan": "meet [DATE]"}
    ]
    assert exported[0]["year"] == 2026
    assert "occurred_on" not in exported[0]


def test_administrators_and_care_staff_cannot_export_and_the_denial_is_logged(
    uows: UnitOfWorkFactory,
    org,  # type: ignore[no-untyped-def]
) -> None:
    admin, author, _officer = org
    signed(uows, author, make_peer(uows, author), "Talked about work.")
    for actor in (admin, author):
        with uows() as uow:
            before = uow.audit.count()
        with pytest.raises(Denied) as denied:
            export_deidentified_notes(ctx_for(actor, Purpose.OPERATIONS), uow=uows())
        assert denied.value.decision.rule_id == "role.capability"
        with uows() as uow:
            assert uow.audit.count() == before + 1  # the denial, and no note read


def staff_list(uows: UnitOfWorkFactory, org):  # type: ignore[no-untyped-def]
    admin = org[0]
    return staff_service.list_staff(ctx_for(admin, Purpose.ADMINISTRATION), uow=uows())


def test_an_exported_line_is_json_with_the_documented_keys(
    uows: UnitOfWorkFactory,
    org,  # type: ignore[no-untyped-def]
) -> None:
    _admin, author, officer = org
    signed(uows, author, make_peer(uows, author), "Talked about work.", Label.SUD)
    (note,) = export(uows, officer)
    assert list(json.loads(line_of(note))) == [
        "export", "version", "n", "peer", "year", "minutes", "modality", "setting", "format",
        "labels", "sections", "goals", "amendments",
    ]  # fmt: skip
    assert note["labels"] == ["sud"]


# Identifiers the second round of detection finds (docs/deid.md): a state-named person, a
# month/day with no year, a site with its street, a licence number. Hand-written.
ROUND_TWO = (
    "Jordan said the check comes 12/5. Meets her at the coffee shop on 5th; licence T12-345-678."
)
ROUND_TWO_REDACTED = (
    "[NAME] said the check comes [DATE]. Meets her at the [ADDRESS]; licence [ID]."
)


def test_the_export_redacts_what_the_general_detector_finds(
    uows: UnitOfWorkFactory,
    org,  # type: ignore[no-untyped-def]
) -> None:
    _admin, author, officer = org
    signed(uows, author, make_peer(uows, author), ROUND_TWO)
    (note,) = export(uows, officer)
    assert note["sections"] == {
        "data": ROUND_TWO_REDACTED,
        "assessment": "",
        "plan": "meet [DATE]",
    }
