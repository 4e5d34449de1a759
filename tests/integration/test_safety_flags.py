"""Safety flags as records through the one door: recorded while a note is typed with the words
that raised them, notified, dismissed with a reason, reviewed on the supervisor's dashboard.
The other handlings (the supervisor's decision, a disclosure request made from the flag) are in
test_safety_flag_handlings.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Purpose, Role
from confide.domain.ids import new_id
from confide.domain.safety_flags import DEFAULT_PROTOCOL, CrisisProtocol, FlagState
from confide.errors import Conflict, Denied, InvalidInput
from confide.services import UnitOfWorkFactory, crisis_protocols, notes, staff
from confide.services import safety_flags as service
from confide.services.notifications import list_notifications
from confide.store.tables import notifications, safety_flags
from tests.factories import NOW, ctx_for, draft, logged, make_org, make_peer, make_staff

THOUGHTS = "Peer said she has been thinking about killing herself."
PLAN = "Peer said she wants to kill herself and has been saving up pills."
DENIES = "Peer denies SI/HI. Talked about her new job."


def setting(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    prs, outsider = make_staff(uows, admin), make_staff(uows, admin)
    supervisor = make_staff(uows, admin, Role.SUPERVISOR)
    other_supervisor = make_staff(uows, admin, Role.SUPERVISOR)
    staff.assign_supervisor(
        ctx_for(admin, Purpose.ADMINISTRATION), supervisor.staff_id, prs.staff_id, uow=uows()
    )
    peer = make_peer(uows, prs)
    return admin, prs, outsider, supervisor, other_supervisor, peer


def check(uows, actor, peer, text, *, editor, note_id=None, now=NOW):  # type: ignore[no-untyped-def]
    return service.check_note(
        ctx_for(actor, now=now), peer.id, note_id=note_id, editor_id=editor,
        sections={"data": "Met at the library.", "assessment": text}, uow=uows(),
    )  # fmt: skip


def events(connection: Connection, action: str) -> list[str | None]:
    return [e.resource_id for e in logged(connection) if e.action == action]


def test_a_flag_is_recorded_once_per_kind_while_the_note_is_typed(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, *_, peer = setting(uows)
    editor = new_id()
    first = check(uows, prs, peer, THOUGHTS, editor=editor)
    again = check(uows, prs, peer, THOUGHTS + " She agreed to call.", editor=editor)
    assert [(f.kind, f.severity, f.state) for f in first.flags] == [
        ("suicide_risk", 2, FlagState.SHOWN)
    ]
    assert [f.id for f in again.flags] == [first.flags[0].id]
    assert first.flags[0].section == "assessment"
    assert 0 <= first.flags[0].start < first.flags[0].end <= len(THOUGHTS)
    raised = check(uows, prs, peer, PLAN, editor=editor)
    assert raised.flags[0].id == first.flags[0].id
    assert raised.flags[0].severity == 5
    assert connection.execute(select(safety_flags.c.id)).all() == [(first.flags[0].id,)]
    assert events(connection, "flag:record").count(first.flags[0].id) == 2  # noticed, raised


def test_negated_text_records_nothing_and_leaves_no_event(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, *_, peer = setting(uows)
    panel = check(uows, prs, peer, DENIES, editor=new_id())
    assert panel.flags == ()
    assert connection.execute(select(safety_flags.c.id)).all() == []
    assert events(connection, "flag:record") == []


def test_flags_follow_the_note_once_it_is_saved(uows: UnitOfWorkFactory) -> None:
    _, prs, *_, peer = setting(uows)
    editor = new_id()
    before = check(uows, prs, peer, THOUGHTS, editor=editor)
    note = notes.write_note(ctx_for(prs), peer.id, draft(THOUGHTS), uow=uows())
    after = check(uows, prs, peer, THOUGHTS, editor=editor, note_id=note.id)
    assert after.flags[0].id == before.flags[0].id
    assert after.flags[0].encounter_id == note.id
    reopened = check(uows, prs, peer, THOUGHTS, editor=new_id(), note_id=note.id)
    assert [f.id for f in reopened.flags] == [before.flags[0].id]


def test_the_supervisor_is_notified_with_a_kind_and_an_id_only(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, _, supervisor, other_supervisor, peer = setting(uows)
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    notified = service.notify_supervisor(ctx_for(prs), flag.id, uow=uows())
    assert notified.state is FlagState.NOTIFIED
    assert notified.open, "notifying is a step, not a handling"
    assert notified.handled_at is None
    service.notify_supervisor(ctx_for(prs), flag.id, uow=uows())  # a second click
    mine = list_notifications(ctx_for(supervisor), uow=uows())
    assert [(n.kind, n.subject_id) for n in mine] == [("safety_flag", flag.id)]
    assert list_notifications(ctx_for(other_supervisor), uow=uows()) == []
    row = connection.execute(select(notifications)).one()
    assert row.recipient_staff_id == supervisor.staff_id
    assert events(connection, "flag:notify") == [flag.id, flag.id]
    board = service.list_safety_dashboard(ctx_for(supervisor, Purpose.SUPERVISION), uow=uows())
    assert [(f.id, f.state) for f in board.open] == [(flag.id, FlagState.NOTIFIED)]
    assert board.closed == ()


def test_notifying_without_a_supervisor_says_so(uows: UnitOfWorkFactory) -> None:
    _, _, outsider, *_, peer = setting(uows)
    own_peer = make_peer(uows, outsider)
    flag = check(uows, outsider, own_peer, PLAN, editor=new_id()).flags[0]
    with pytest.raises(InvalidInput) as caught:
        service.notify_supervisor(ctx_for(outsider), flag.id, uow=uows())
    assert caught.value.fields == {"supervisor": "none_assigned"}
    del peer


def test_dismissing_needs_a_reason_sealed_and_shown_to_the_supervisor(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    _, prs, _, supervisor, _, peer = setting(uows)
    flag = check(uows, prs, peer, THOUGHTS, editor=new_id()).flags[0]
    for reason in ("", "   ", "no"):
        with pytest.raises(InvalidInput):
            service.dismiss_flag(ctx_for(prs), flag.id, reason=reason, uow=uows())
    reason = "Quoting a song lyric she likes"
    dismissed = service.dismiss_flag(ctx_for(prs), flag.id, reason=reason, uow=uows())
    assert dismissed.state is FlagState.DISMISSED
    stored = connection.execute(select(safety_flags.c.dismissal_reason)).scalar_one()
    assert reason.encode() not in stored
    with pytest.raises(Conflict):
        service.dismiss_flag(ctx_for(prs), flag.id, reason=reason, uow=uows())
    board = service.list_safety_dashboard(ctx_for(supervisor, Purpose.SUPERVISION), uow=uows())
    assert board.open == ()
    assert [(f.id, f.reason, f.handled_by) for f in board.closed] == [
        (flag.id, reason, prs.staff_id)
    ]
    assert board.closed[0].handled_by_name == "Staff Member"
    assert events(connection, "flag:dismiss") == [flag.id]
    # one when the dismissal answered with the flag's words, one when the dashboard opened it
    assert events(connection, "flag:read") == [flag.id, flag.id]


def test_a_dismissed_kind_comes_back_only_when_more_severe(uows: UnitOfWorkFactory) -> None:
    _, prs, *_, peer = setting(uows)
    editor = new_id()
    flag = check(uows, prs, peer, THOUGHTS, editor=editor).flags[0]
    service.dismiss_flag(ctx_for(prs), flag.id, reason="talking about a film", uow=uows())
    same = check(uows, prs, peer, THOUGHTS, editor=editor)
    assert [(f.id, f.state) for f in same.flags] == [(flag.id, FlagState.DISMISSED)]
    worse = check(uows, prs, peer, PLAN, editor=editor)
    assert [(f.severity, f.state) for f in worse.flags] == [(5, FlagState.SHOWN)]
    assert worse.flags[0].id != flag.id


def test_the_dashboard_lists_open_flags_of_supervisees_oldest_first_on_a_tie(
    uows: UnitOfWorkFactory,
) -> None:
    admin, prs, outsider, supervisor, other_supervisor, peer = setting(uows)
    older = check(uows, prs, peer, THOUGHTS, editor=new_id(), now=NOW - timedelta(days=2))
    newer = check(uows, prs, peer, "He said he is thinking of killing his landlord.",
                  editor=new_id())  # fmt: skip
    assert [f.severity for f in (*older.flags, *newer.flags)] == [2, 2]
    check(uows, outsider, make_peer(uows, outsider), PLAN, editor=new_id())  # not supervised
    board = service.list_safety_dashboard(ctx_for(supervisor, Purpose.SUPERVISION), uow=uows())
    assert [f.id for f in board.open] == [older.flags[0].id, newer.flags[0].id]
    assert {f.author_name for f in board.open} == {"Staff Member"}
    others = ctx_for(other_supervisor, Purpose.SUPERVISION)
    assert service.list_safety_dashboard(others, uow=uows()).open == ()
    with pytest.raises(Denied):
        service.list_safety_dashboard(ctx_for(prs), uow=uows())
    del admin


def test_staff_off_the_care_team_cannot_record_or_handle_flags(uows: UnitOfWorkFactory) -> None:
    _, prs, outsider, supervisor, _, peer = setting(uows)
    with pytest.raises(Denied):
        check(uows, outsider, peer, PLAN, editor=new_id())
    flag = check(uows, prs, peer, PLAN, editor=new_id()).flags[0]
    for actor in (outsider, supervisor):
        with pytest.raises(Denied):
            service.dismiss_flag(ctx_for(actor), flag.id, reason="not a crisis", uow=uows())
        with pytest.raises(Denied):
            service.notify_supervisor(ctx_for(actor), flag.id, uow=uows())
    with pytest.raises(Denied):
        service.open_flag(ctx_for(outsider), flag.id, uow=uows())
    seen = service.open_flag(ctx_for(supervisor, Purpose.SUPERVISION), flag.id, uow=uows())
    assert seen.id == flag.id


def test_the_crisis_protocol_is_the_default_until_an_administrator_sets_it(
    uows: UnitOfWorkFactory,
) -> None:
    admin, prs, *_, peer = setting(uows)
    assert check(uows, prs, peer, PLAN, editor=new_id()).protocol == DEFAULT_PROTOCOL
    mine = CrisisProtocol("County Crisis Line", "555-0100", ("Stay with the peer",), ("Ana",))
    with pytest.raises(Denied):
        crisis_protocols.set_protocol(ctx_for(prs), mine, uow=uows())
    with pytest.raises(InvalidInput) as caught:
        crisis_protocols.set_protocol(
            ctx_for(admin, Purpose.ADMINISTRATION), CrisisProtocol("", "", (), ()), uow=uows()
        )
    assert set(caught.value.fields) == {"local_line_name", "local_line_phone", "steps", "contacts"}
    crisis_protocols.set_protocol(ctx_for(admin, Purpose.ADMINISTRATION), mine, uow=uows())
    shown = check(uows, prs, peer, PLAN, editor=new_id()).protocol
    assert shown == mine
    admin_ctx = ctx_for(admin, Purpose.ADMINISTRATION)
    assert crisis_protocols.read_protocol(admin_ctx, uow=uows()) == mine
