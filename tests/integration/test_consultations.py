"""Share for supervision through the one door, on SQLite and PostgreSQL: a de-identified copy
of a signed note for one supervisor, who reads only that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Connection, select

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, RequestContext, Role
from confide.domain.encounters import Label, NoteBody, NoteFormat
from confide.errors import Denied, Destroyed, InvalidInput
from confide.services import UnitOfWorkFactory, notes, peers, staff
from confide.services import consultations as service
from confide.services.access_report import peer_access_report
from confide.services.notes import NoteView
from confide.services.notifications import list_notifications
from confide.services.peers import PeerView
from confide.services.restrictions import add_restriction
from confide.store.tables import consultations
from tests.factories import NOW, ctx_for, draft, make_org, make_peer, make_staff


@dataclass
class Setting:
    admin: Actor
    prs: Actor
    consultant: Actor  # a supervisor off the care team who does not supervise the author
    own_supervisor: Actor
    peer: PeerView
    note: NoteView
    phone: str


def setting(uows: UnitOfWorkFactory) -> Setting:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    consultant = make_staff(uows, admin, Role.SUPERVISOR)
    own = make_staff(uows, admin, Role.SUPERVISOR)
    staff.assign_supervisor(ctx_for(admin), own.staff_id, prs.staff_id, uow=uows())
    peer = make_peer(uows, prs)
    first, phone = peer.identity.first_name, peer.identity.phone
    text = f"{first} said Staff Member helped. Call {first} back at {phone} on March 3."
    body = NoteBody(NoteFormat.DAP, {"data": text, "assessment": "steady", "plan": "meet"})
    written = notes.write_note(ctx_for(prs), peer.id, draft(body=body), uow=uows())
    note = notes.sign_note(ctx_for(prs), written.id, version=written.version, uow=uows())
    return Setting(admin, prs, consultant, own, peer, note, phone)


def share(
    uows: UnitOfWorkFactory, s: Setting, expires_at: datetime | None = None
) -> service.ConsultationView:
    return service.share_note(
        ctx_for(s.prs), s.note.id, recipient_id=s.consultant.staff_id, expires_at=expires_at,
        uow=uows(),
    )  # fmt: skip


def supervising(actor: Actor, later: timedelta = timedelta()) -> RequestContext:
    return ctx_for(actor, Purpose.SUPERVISION, NOW + later)


def test_the_recipient_reads_a_copy_with_every_known_identifier_redacted(
    uows: UnitOfWorkFactory,
) -> None:
    s = setting(uows)
    shared = share(uows, s)
    view = service.read_consultation(supervising(s.consultant), shared.summary.id, uow=uows())
    assert view.copy is not None
    text = view.copy.sections["data"]
    assert text == "[NAME] said [NAME] helped. Call [NAME] back at [PHONE] on [DATE]."
    assert view.copy.year == s.note.occurred_on.year
    assert view.summary.note_id is None  # nothing leads the recipient back to the note
    assert view.summary.state is service.ConsultationState.ACTIVE


def test_the_copy_redacts_what_the_general_detector_finds(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    text = (
        "Jordan said the check comes 12/5. Meets her at the coffee shop on 5th; "
        "licence T12-345-678."
    )
    body = NoteBody(NoteFormat.DAP, {"data": text, "assessment": "", "plan": "meet"})
    written = notes.write_note(ctx_for(s.prs), s.peer.id, draft(body=body), uow=uows())
    note = notes.sign_note(ctx_for(s.prs), written.id, version=written.version, uow=uows())
    shared = service.share_note(
        ctx_for(s.prs), note.id, recipient_id=s.consultant.staff_id, uow=uows()
    )
    view = service.read_consultation(supervising(s.consultant), shared.summary.id, uow=uows())
    assert view.copy is not None
    assert view.copy.sections["data"] == (
        "[NAME] said the check comes [DATE]. Meets her at the [ADDRESS]; licence [ID]."
    )


def test_a_canary_from_the_record_is_neither_in_the_copy_nor_at_rest(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    s = setting(uows)
    shared = share(uows, s)
    assert shared.copy is not None
    everything = repr(shared.copy)
    for secret in (s.peer.identity.first_name, s.phone, "Staff Member"):
        assert secret not in everything
    stored = connection.execute(select(consultations.c.copy)).scalar_one()
    assert s.peer.identity.first_name.encode() not in stored
    assert b"[NAME]" not in stored  # sealed: not even the redacted text is in the clear


def test_the_recipient_cannot_read_the_original_note_or_the_record(
    uows: UnitOfWorkFactory,
) -> None:
    s = setting(uows)
    share(uows, s)
    for purpose in (Purpose.SUPERVISION, Purpose.TREATMENT):
        with pytest.raises(Denied):
            notes.read_note(ctx_for(s.consultant, purpose), s.note.id, uow=uows())
        with pytest.raises(Denied):
            peers.read_peer(ctx_for(s.consultant, purpose), s.peer.id, uow=uows())


def test_no_one_else_reads_the_copy_not_even_the_authors_supervisor(
    uows: UnitOfWorkFactory,
) -> None:
    s = setting(uows)
    shared = share(uows, s)
    other = make_staff(uows, s.admin, Role.SUPERVISOR)
    for outsider in (other, s.own_supervisor):
        with pytest.raises(Denied) as caught:
            service.read_consultation(supervising(outsider), shared.summary.id, uow=uows())
        assert caught.value.decision.rule_id == "consultation.none"
    lists = service.list_consultations(supervising(other), uow=uows())
    assert lists.received == ()
    assert lists.sent == ()


def test_the_recipient_reads_for_supervision_only(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    shared = share(uows, s)
    with pytest.raises(Denied) as caught:
        service.read_consultation(ctx_for(s.consultant), shared.summary.id, uow=uows())
    assert caught.value.decision.rule_id == "consultation.recipient"


def test_the_recipient_lists_it_and_is_notified(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    shared = share(uows, s)
    lists = service.list_consultations(supervising(s.consultant), uow=uows())
    assert [c.id for c in lists.received] == [shared.summary.id]
    kinds = [(n.kind, n.subject_id) for n in list_notifications(ctx_for(s.consultant), uow=uows())]
    assert ("consultation", shared.summary.id) in kinds
    mine = service.list_consultations(ctx_for(s.prs), uow=uows())
    assert [(c.id, c.note_id) for c in mine.sent] == [(shared.summary.id, s.note.id)]


def test_the_sharer_revokes_and_the_copy_is_destroyed(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    s = setting(uows)
    shared = share(uows, s)
    revoked = service.revoke_consultation(ctx_for(s.prs), shared.summary.id, uow=uows())
    assert revoked.state is service.ConsultationState.REVOKED
    again = service.revoke_consultation(ctx_for(s.prs), shared.summary.id, uow=uows())
    assert again.revoked_at == revoked.revoked_at
    with pytest.raises(Denied) as caught:
        service.read_consultation(supervising(s.consultant), shared.summary.id, uow=uows())
    assert caught.value.decision.rule_id == "consultation.ended"
    assert connection.execute(select(consultations.c.copy)).scalar_one() is None
    assert service.list_consultations(supervising(s.consultant), uow=uows()).received == ()


def test_only_the_sharer_revokes(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    shared = share(uows, s)
    with pytest.raises(Denied):
        service.revoke_consultation(supervising(s.consultant), shared.summary.id, uow=uows())


def test_a_share_ends_at_its_expiry(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    shared = share(uows, s, expires_at=NOW + timedelta(days=7))
    cid = shared.summary.id
    assert service.read_consultation(supervising(s.consultant), cid, uow=uows()).copy
    later = supervising(s.consultant, timedelta(days=7))
    with pytest.raises(Denied) as caught:
        service.read_consultation(later, cid, uow=uows())
    assert caught.value.decision.rule_id == "consultation.ended"
    assert service.list_consultations(later, uow=uows()).received == ()
    with pytest.raises(InvalidInput):
        share(uows, s, expires_at=NOW - timedelta(minutes=1))


def test_shredding_the_peer_destroys_their_consultation_copies(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    shared = share(uows, s)
    officer = make_staff(uows, s.admin, Role.PRIVACY_OFFICER)
    peers.shred_peer(ctx_for(officer), s.peer.id, uow=uows())
    with pytest.raises(Destroyed):
        service.read_consultation(supervising(s.consultant), shared.summary.id, uow=uows())
    assert service.list_consultations(supervising(s.consultant), uow=uows()).received == ()


def test_only_the_author_shares_a_signed_note_supervision_may_read(
    uows: UnitOfWorkFactory,
) -> None:
    s = setting(uows)
    colleague = make_staff(uows, s.admin)
    peers.assign_care_team(ctx_for(s.admin), s.peer.id, colleague.staff_id, uow=uows())
    with pytest.raises(Denied) as caught:
        service.share_note(
            ctx_for(colleague), s.note.id, recipient_id=s.consultant.staff_id, uow=uows()
        )
    assert caught.value.decision.rule_id == "consultation.share"
    pending = notes.write_note(ctx_for(s.prs), s.peer.id, draft(), uow=uows())
    hiv = notes.write_note(
        ctx_for(s.prs), s.peer.id, draft(labels=frozenset({Label.HIV})), uow=uows()
    )
    notes.sign_note(ctx_for(s.prs), hiv.id, version=hiv.version, uow=uows())
    for note_id, rule in ((pending.id, "consultation.share"), (hiv.id, "consultation.share")):
        with pytest.raises(Denied) as caught:
            service.share_note(
                ctx_for(s.prs), note_id, recipient_id=s.consultant.staff_id, uow=uows()
            )
        assert caught.value.decision.rule_id == rule


def test_the_recipient_must_be_a_supervisor(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    peer_specialist = make_staff(uows, s.admin)
    for recipient in (peer_specialist.staff_id, s.prs.staff_id):
        with pytest.raises(InvalidInput) as caught:
            service.share_note(ctx_for(s.prs), s.note.id, recipient_id=recipient, uow=uows())
        assert "recipient_id" in caught.value.fields


def test_a_peer_who_keeps_the_record_from_the_recipient_is_not_shared_with_them(
    uows: UnitOfWorkFactory,
) -> None:
    s = setting(uows)
    shared = share(uows, s)
    add_restriction(ctx_for(s.prs), s.peer.id, s.consultant.staff_id, label=None, uow=uows())
    with pytest.raises(Denied) as caught:
        share(uows, s)
    assert caught.value.decision.rule_id == "peer.restriction"
    with pytest.raises(Denied):
        service.read_consultation(supervising(s.consultant), shared.summary.id, uow=uows())
    assert service.list_consultations(supervising(s.consultant), uow=uows()).received == ()


def test_every_consultation_access_is_in_the_peers_access_report(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    shared = share(uows, s)
    service.list_consultations(supervising(s.consultant), uow=uows())
    service.read_consultation(supervising(s.consultant), shared.summary.id, uow=uows())
    service.revoke_consultation(ctx_for(s.prs), shared.summary.id, uow=uows())
    report = peer_access_report(ctx_for(s.prs), s.peer.id, uow=uows())
    seen = {(e["action"], e["actor_id"], e["rule_id"]) for e in report.entries}
    assert (Action.CONSULTATION_SHARE, s.prs.staff_id, "consultation.share") in seen
    assert (Action.CONSULTATION_LIST, s.consultant.staff_id, "consultation.recipient") in seen
    assert (Action.CONSULTATION_READ, s.consultant.staff_id, "consultation.recipient") in seen
    assert (Action.CONSULTATION_REVOKE, s.prs.staff_id, "consultation.sharer") in seen


def test_the_author_previews_the_copy_before_sharing(uows: UnitOfWorkFactory) -> None:
    s = setting(uows)
    preview = service.preview_share(ctx_for(s.prs), s.note.id, uow=uows())
    assert preview.refusal == ""
    assert "[PHONE]" in preview.copy.sections["data"]
    assert s.consultant.staff_id in {c.staff_id for c in preview.consultants}
    assert s.prs.staff_id not in {c.staff_id for c in preview.consultants}
