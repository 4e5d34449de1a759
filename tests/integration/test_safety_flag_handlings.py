"""A flag is handled only when someone handled it: the supervisor's decision recorded (by the
writer or the supervisor), a disclosure request made from the flag and saved, or a dismissal
with a reason. Notifying and opening the request form leave it open. The dashboard lists open
flags first, the most severe and then the oldest, with the words that raised them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Purpose
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosurePurpose,
    Emergency,
    Recipient,
    RecipientKind,
)
from confide.domain.ids import new_id
from confide.domain.safety_flags import FlagState
from confide.errors import Conflict, Denied, InvalidInput, NotFound
from confide.services import UnitOfWorkFactory, disclosure_requests, notes, restrictions
from confide.services import safety_flags as service
from confide.store.tables import disclosures, safety_flags
from tests.factories import NOW, canary, ctx_for, draft, make_peer
from tests.integration.test_safety_flags import PLAN, THOUGHTS, check, events, setting

ABUSE = "Her son has welts on his back and says his stepdad hits him with a belt."
DECISION = "Call 988 together now; I will phone her tomorrow morning"


def emergency_request(flag_id: str | None) -> disclosure_requests.DisclosureDraft:
    return disclosure_requests.DisclosureDraft(
        recipient=Recipient("Dr. Ortiz", RecipientKind.MEDICAL_PERSONNEL),
        purpose=DisclosurePurpose.MEDICAL_EMERGENCY,
        information=frozenset({Category.SUD_TREATMENT}),
        basis=Basis(BasisType.MEDICAL_EMERGENCY),
        emergency=Emergency(consent_obtainable=False, recipient_affiliation="County EMS"),
        flag_id=flag_id,
    )


def stored(connection: Connection, flag_id: str):  # type: ignore[no-untyped-def]
    return connection.execute(select(safety_flags).where(safety_flags.c.id == flag_id)).one()


def test_the_words_that_raised_a_flag_are_quoted_and_sealed(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, *_, peer = setting(uows)
    text = "She says she will kill herself tonight; she has the pills ready."
    flag = check(uows, prs, peer, text, editor=new_id()).flags[0]
    assert flag.words, "the panel quotes the words"
    assert all(word in text for word in flag.words)
    assert any("kill herself" in word for word in flag.words)
    row = stored(connection, flag.id)
    assert row.evidence is not None
    for word in flag.words:
        assert word.encode() not in row.evidence
    opened = service.open_flag(ctx_for(prs), flag.id, uow=uows())
    assert opened.words == flag.words
    assert events(connection, "flag:read") == [flag.id]


def test_notifying_or_opening_the_request_form_leaves_the_flag_open(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    service.notify_supervisor(ctx_for(prs), flag.id, uow=uows())
    service.open_flag(ctx_for(prs), flag.id, uow=uows())  # what the request form does
    assert stored(connection, flag.id).state == FlagState.NOTIFIED
    board = service.list_safety_dashboard(ctx_for(supervisor, Purpose.SUPERVISION), uow=uows())
    assert [f.id for f in board.open] == [flag.id]


@pytest.mark.parametrize("who", ["writer", "supervisor"])
def test_recording_the_supervisors_decision_closes_the_flag(
    uows: UnitOfWorkFactory, connection: Connection, who: str
) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    ctx = ctx_for(prs) if who == "writer" else ctx_for(supervisor, Purpose.SUPERVISION)
    for outcome in ("", "   ", "ok"):
        with pytest.raises(InvalidInput) as caught:
            service.record_supervisor_decision(ctx, flag.id, outcome=outcome, uow=uows())
        assert caught.value.fields == {"outcome": "min_5"}
    decided = service.record_supervisor_decision(ctx, flag.id, outcome=DECISION, uow=uows())
    assert (decided.state, decided.open, decided.outcome) == (FlagState.DECIDED, False, DECISION)
    row = stored(connection, flag.id)
    assert DECISION.encode() not in row.outcome
    assert (row.state, row.handled_by, row.handled_at) == ("decided", ctx.actor.staff_id, NOW)
    with pytest.raises(Conflict):
        service.record_supervisor_decision(ctx, flag.id, outcome=DECISION, uow=uows())
    with pytest.raises(Conflict):
        service.notify_supervisor(ctx_for(prs), flag.id, uow=uows())
    board = service.list_safety_dashboard(ctx_for(supervisor, Purpose.SUPERVISION), uow=uows())
    assert board.open == ()
    (closed,) = board.closed
    assert (closed.state, closed.outcome, closed.handled_by) == (
        FlagState.DECIDED, DECISION, ctx.actor.staff_id,
    )  # fmt: skip
    assert events(connection, "flag:decide") == [flag.id]


def test_only_the_care_team_and_the_writers_supervisor_record_a_decision(
    uows: UnitOfWorkFactory,
) -> None:
    _, prs, outsider, supervisor, other_supervisor, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    for ctx in (
        ctx_for(outsider),
        ctx_for(other_supervisor, Purpose.SUPERVISION),
        ctx_for(supervisor),  # not on the care team, and not acting for supervision
    ):
        with pytest.raises(Denied):
            service.record_supervisor_decision(ctx, flag.id, outcome=DECISION, uow=uows())


def test_a_disclosure_request_made_from_the_flag_closes_it(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    made = disclosure_requests.request_disclosure(
        ctx_for(prs), peer.id, emergency_request(flag.id), uow=uows()
    )
    row = stored(connection, flag.id)
    assert (row.state, row.disclosure_id, row.handled_by) == ("requested", made.id, prs.staff_id)
    assert row.escalated_to == "medical_emergency"
    assert events(connection, "flag:request") == [flag.id]
    board = service.list_safety_dashboard(ctx_for(supervisor, Purpose.SUPERVISION), uow=uows())
    assert [(f.id, f.state, f.disclosure_id) for f in board.closed] == [
        (flag.id, FlagState.REQUESTED, made.id)
    ]
    again = disclosure_requests.request_disclosure(  # the flag is closed: the request is made
        ctx_for(prs), peer.id, emergency_request(flag.id), uow=uows()
    )
    assert stored(connection, flag.id).disclosure_id == made.id != again.id


def test_a_request_that_fails_leaves_the_flag_open_and_saves_nothing(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, *_, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    unknown_consent = disclosure_requests.DisclosureDraft(
        recipient=Recipient("Maple Street Health", RecipientKind.TREATING_PROVIDER),
        purpose=DisclosurePurpose.TREATMENT, information=frozenset({Category.ATTENDANCE}),
        basis=Basis(BasisType.CONSENT, new_id()), flag_id=flag.id,
    )  # fmt: skip
    with pytest.raises(NotFound):
        disclosure_requests.request_disclosure(ctx_for(prs), peer.id, unknown_consent, uow=uows())
    assert stored(connection, flag.id).state == FlagState.SHOWN
    assert connection.execute(select(disclosures.c.id)).all() == []


def test_a_flag_on_another_peer_or_none_at_all_refuses_the_request(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, *_, peer = setting(uows)
    other = make_peer(uows, prs)
    flag = check(uows, prs, other, PLAN, editor=new_id()).flags[0]
    for flag_id in (flag.id, new_id()):
        with pytest.raises(NotFound):
            disclosure_requests.request_disclosure(
                ctx_for(prs), peer.id, emergency_request(flag_id), uow=uows()
            )
    assert connection.execute(select(disclosures.c.id)).all() == []
    assert stored(connection, flag.id).state == FlagState.SHOWN


def test_open_flags_come_first_the_most_severe_then_the_oldest(uows: UnitOfWorkFactory) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)

    def raised(text: str, days: int) -> str:
        when = NOW - timedelta(days=days)
        return check(uows, prs, peer, text, editor=new_id(), now=when).flags[0].id

    old_mild = raised(THOUGHTS, days=5)
    new_severe = raised(PLAN, days=1)
    old_severe = raised(PLAN, days=3)
    mid_abuse = raised(ABUSE, days=2)
    closed = raised(PLAN, days=9)
    service.dismiss_flag(ctx_for(prs), closed, reason="an old song lyric", uow=uows())
    board = service.list_safety_dashboard(ctx_for(supervisor, Purpose.SUPERVISION), uow=uows())
    assert [f.id for f in board.open] == [old_severe, new_severe, mid_abuse, old_mild]
    assert [f.severity for f in board.open] == [5, 5, 4, 2]
    assert [(f.id, f.handled_by_name) for f in board.closed] == [(closed, "Staff Member")]


def test_the_supervisor_sees_the_words_of_a_flag_on_a_draft_they_may_not_read(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)
    secret = canary("draft")
    text = f"{secret}. She wants to kill herself tonight."
    note = notes.write_note(ctx_for(prs), peer.id, draft(text), uow=uows())
    flag = service.check_note(
        ctx_for(prs), peer.id, note_id=note.id, editor_id=new_id(),
        sections={"data": text}, uow=uows(),
    ).flags[0]  # fmt: skip
    reading = ctx_for(supervisor, Purpose.SUPERVISION)
    with pytest.raises(Denied):
        notes.read_note(reading, note.id, uow=uows())
    (seen,) = service.list_safety_dashboard(reading, uow=uows()).open
    assert seen.words == flag.words
    assert seen.encounter_id == note.id
    assert not seen.note_signed
    assert all(secret not in word for word in seen.words)
    assert events(connection, "flag:read") == [flag.id]


def test_a_peer_restriction_withholds_the_words_but_lists_the_flag(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    restrictions.add_restriction(
        ctx_for(prs), peer.id, supervisor.staff_id, label=None, uow=uows()
    )
    (seen,) = service.list_safety_dashboard(
        ctx_for(supervisor, Purpose.SUPERVISION), uow=uows()
    ).open
    assert (seen.id, seen.severity, seen.words, seen.words_missing) == (
        flag.id, 5, (), "withheld",
    )  # fmt: skip
    assert events(connection, "flag:read") == []


def test_a_flag_escalated_before_0010_reads_as_open_until_it_is_handled(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    connection.execute(  # as the old "Start a request" button left it, words not kept
        safety_flags.update()
        .where(safety_flags.c.id == flag.id)
        .values(state="escalated", handled_at=NOW, handled_by=prs.staff_id,
                escalated_to="medical_emergency", evidence=None)
    )  # fmt: skip
    reading = ctx_for(supervisor, Purpose.SUPERVISION)
    (seen,) = service.list_safety_dashboard(reading, uow=uows()).open
    assert (seen.state, seen.open, seen.words_missing) == (FlagState.ESCALATED, True, "not_kept")
    disclosure_requests.request_disclosure(
        ctx_for(prs), peer.id, emergency_request(flag.id), uow=uows()
    )
    board = service.list_safety_dashboard(reading, uow=uows())
    assert board.open == ()
    assert [f.state for f in board.closed] == [FlagState.REQUESTED]
