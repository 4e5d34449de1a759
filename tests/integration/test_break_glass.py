"""Break-glass, restrictions and privacy review through the one door."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Purpose, Role
from confide.domain.encounters import Label
from confide.errors import Conflict, Denied, InvalidInput
from confide.services import UnitOfWorkFactory, notes, peers
from confide.services import break_glass as service
from confide.services.notifications import list_notifications
from confide.services.restrictions import add_restriction, list_restrictions
from confide.store.tables import break_glass_grants
from tests.factories import NOW, ctx_for, draft, logged, make_org, make_peer, make_staff

REASON = "Peer collapsed at the drop-in; EMS asking about medications"


def setting(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    prs, outsider = make_staff(uows, admin), make_staff(uows, admin)
    officer = make_staff(uows, admin, Role.PRIVACY_OFFICER)
    peer = make_peer(uows, prs)
    note = notes.write_note(ctx_for(prs), peer.id, draft(), uow=uows())
    notes.sign_note(ctx_for(prs), note.id, version=note.version, uow=uows())
    return admin, prs, outsider, officer, peer, note


def test_break_glass_opens_reads_for_an_hour_then_closes(uows: UnitOfWorkFactory) -> None:
    _, _, outsider, _, peer, note = setting(uows)
    emergency = ctx_for(outsider, Purpose.EMERGENCY)
    with pytest.raises(Denied):
        notes.read_note(emergency, note.id, uow=uows())
    grant = service.start_break_glass(emergency, peer.id, reason=REASON, uow=uows())
    assert grant.expires_at == NOW + timedelta(minutes=60)
    assert notes.read_note(emergency, note.id, uow=uows()).id == note.id
    with pytest.raises(Denied):
        notes.write_note(emergency, peer.id, draft(), uow=uows())
    later = ctx_for(outsider, Purpose.EMERGENCY, NOW + timedelta(minutes=61))
    with pytest.raises(Denied) as caught:
        notes.read_note(later, note.id, uow=uows())
    assert caught.value.decision.rule_id == "break_glass.expired"


def test_break_glass_needs_a_reason(uows: UnitOfWorkFactory) -> None:
    _, _, outsider, _, peer, _ = setting(uows)
    with pytest.raises(InvalidInput) as caught:
        service.start_break_glass(
            ctx_for(outsider, Purpose.EMERGENCY), peer.id, reason="x", uow=uows()
        )
    assert "reason" in caught.value.fields


def test_break_glass_notifies_reviews_and_is_marked_in_the_log(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, _, outsider, officer, peer, note = setting(uows)
    emergency = ctx_for(outsider, Purpose.EMERGENCY)
    grant = service.start_break_glass(emergency, peer.id, reason=REASON, uow=uows())
    notes.read_note(emergency, note.id, uow=uows())
    kinds = [(n.kind, n.subject_id) for n in list_notifications(ctx_for(officer), uow=uows())]
    assert ("break_glass", grant.id) in kinds
    queue = service.list_break_glass(ctx_for(officer), uow=uows())
    assert [(g.id, g.reason) for g in queue] == [(grant.id, REASON)]
    reviewed = service.review_break_glass(
        ctx_for(officer),
        grant.id,
        justified=True,
        note="EMS needed the medication list",
        uow=uows(),
    )
    assert reviewed.review_state is service.ReviewState.JUSTIFIED
    with pytest.raises(Conflict):
        service.review_break_glass(
            ctx_for(officer), grant.id, justified=False, note="changed my mind", uow=uows()
        )
    assert service.list_break_glass(ctx_for(officer), uow=uows()) == []
    rules = [
        e.rule_id
        for e in logged(connection)
        if e.peer_id == peer.id and e.actor_id == outsider.staff_id
    ]
    assert "break_glass.start" in rules
    assert "break_glass.active" in rules
    stored = connection.execute(select(break_glass_grants.c.reason)).scalar_one()
    assert REASON.encode() not in stored


def test_only_the_privacy_officer_works_the_queue(uows: UnitOfWorkFactory) -> None:
    _, prs, outsider, _, peer, _ = setting(uows)
    grant = service.start_break_glass(
        ctx_for(outsider, Purpose.EMERGENCY), peer.id, reason=REASON, uow=uows()
    )
    with pytest.raises(Denied):
        service.list_break_glass(ctx_for(prs), uow=uows())
    with pytest.raises(Denied):
        service.review_break_glass(
            ctx_for(prs), grant.id, justified=True, note="looks fine to me", uow=uows()
        )


def test_privacy_officer_reads_a_record_while_its_review_is_open(uows: UnitOfWorkFactory) -> None:
    _, _, outsider, officer, peer, note = setting(uows)
    review = ctx_for(officer, Purpose.PRIVACY_REVIEW)
    with pytest.raises(Denied):
        notes.read_note(review, note.id, uow=uows())
    grant = service.start_break_glass(
        ctx_for(outsider, Purpose.EMERGENCY), peer.id, reason=REASON, uow=uows()
    )
    assert notes.read_note(review, note.id, uow=uows()).id == note.id
    service.review_break_glass(
        ctx_for(officer), grant.id, justified=True, note="EMS request confirmed", uow=uows()
    )
    with pytest.raises(Denied):
        notes.read_note(review, note.id, uow=uows())


def test_peer_restriction_keeps_a_colleague_out(uows: UnitOfWorkFactory) -> None:
    admin, prs, colleague, _, peer, note = setting(uows)
    peers.assign_care_team(ctx_for(admin), peer.id, colleague.staff_id, uow=uows())
    assert notes.read_note(ctx_for(colleague), note.id, uow=uows()).id == note.id
    add_restriction(ctx_for(prs), peer.id, colleague.staff_id, label=None, uow=uows())
    with pytest.raises(Denied) as caught:
        notes.read_note(ctx_for(colleague), note.id, uow=uows())
    assert caught.value.decision.rule_id == "peer.restriction"
    assert [r.label for r in list_restrictions(ctx_for(prs), peer.id, uow=uows())] == ["*"]


def test_label_restriction_keeps_only_those_notes_out(uows: UnitOfWorkFactory) -> None:
    admin, prs, colleague, _, peer, note = setting(uows)
    peers.assign_care_team(ctx_for(admin), peer.id, colleague.staff_id, uow=uows())
    dv = notes.write_note(ctx_for(prs), peer.id, draft(labels=frozenset({Label.DV})), uow=uows())
    notes.sign_note(ctx_for(prs), dv.id, version=dv.version, uow=uows())
    add_restriction(ctx_for(prs), peer.id, colleague.staff_id, label=Label.DV, uow=uows())
    with pytest.raises(Denied):
        notes.read_note(ctx_for(colleague), dv.id, uow=uows())
    assert notes.read_note(ctx_for(colleague), note.id, uow=uows()).id == note.id
