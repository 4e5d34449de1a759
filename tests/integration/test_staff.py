"""Staff members' mandated-reporter status, set by an administrator, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from confide.audit import canonical
from confide.domain.actors import Purpose, Role
from confide.domain.ids import StaffId
from confide.errors import Denied, NotFound
from confide.services import UnitOfWorkFactory
from confide.services import staff as service
from tests.factories import PASSWORD, ctx_for, make_org, make_staff


def test_an_administrator_records_who_must_report_abuse_of_children_and_of_adults(
    uows: UnitOfWorkFactory,
) -> None:
    admin = make_org(uows)
    ctx = ctx_for(admin, Purpose.ADMINISTRATION)
    nurse = service.add_staff(
        ctx, username="nurse", display_name="N", password=PASSWORD,
        roles=frozenset({Role.PEER_SPECIALIST}), uow=uows(), mandated_child=True,
    )  # fmt: skip
    assert (nurse.mandated_child, nurse.mandated_adult) == (True, False)
    other = make_staff(uows, admin)
    changed = service.set_mandated_reporter(ctx, other.staff_id, child=False, adult=True,
                                            uow=uows())  # fmt: skip
    assert (changed.mandated_child, changed.mandated_adult) == (False, True)
    listed = {v.username: (v.mandated_child, v.mandated_adult)
              for v in service.list_staff(ctx, uow=uows())}  # fmt: skip
    assert listed["nurse"] == (True, False)
    assert listed[other.username] == (False, True)
    assert listed[admin.username] == (False, False)
    with uows() as uow:
        events = [canonical.decode(s.canonical) for s in uow.audit.stream()]
    mine = [(e.action, e.actor_id) for e in events if e.resource_id == other.staff_id]
    assert mine[-1] == ("staff:update", admin.staff_id)  # the change is an audited event


def test_only_an_administrator_sets_it_and_only_for_their_own_staff(
    uows: UnitOfWorkFactory,
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    with pytest.raises(Denied):
        service.set_mandated_reporter(ctx_for(prs), prs.staff_id, child=True, adult=True,
                                      uow=uows())  # fmt: skip
    stranger = make_staff(uows, make_org(uows))
    with pytest.raises(NotFound):
        service.set_mandated_reporter(
            ctx_for(admin, Purpose.ADMINISTRATION), StaffId(stranger.staff_id), child=True,
            adult=True, uow=uows(),
        )  # fmt: skip
    ctx = ctx_for(admin, Purpose.ADMINISTRATION)
    assert all(not v.mandated_child for v in service.list_staff(ctx, uow=uows()))
