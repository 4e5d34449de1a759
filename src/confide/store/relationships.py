"""The facts policy needs about one actor and one peer, read in a single statement.

A read of a record asks for care team, supervisees, the actor's latest break-glass grant, whether
a review is open on the peer, and the peer's restrictions against the actor. Six small queries
cost six round trips through the driver on every request; one UNION ALL costs one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Connection,
    bindparam,
    exists,
    func,
    literal,
    null,
    select,
    union_all,
)

from confide.domain.ids import OrgId, PeerId, StaffId
from confide.policy import Relationships
from confide.store.break_glass import PENDING
from confide.store.disclosures import NEEDS_REVIEW
from confide.store.tables import (
    break_glass_grants,
    care_team,
    disclosures,
    peer_restrictions,
    supervision,
)

_GLASS, _TEAM, _SUPERVISEE, _REVIEW, _RESTRICTED = (
    "glass", "team", "supervisee", "review", "restricted",
)  # fmt: skip


class RelationshipRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def facts(self, org_id: OrgId, staff_id: StaffId, peer_id: PeerId) -> Relationships:
        """Care team, supervisees, break-glass expiry, open review and restrictions at once."""
        team: set[StaffId] = set()
        supervisees: set[StaffId] = set()
        restricted: set[str] = set()
        glass_until: datetime | None = None
        under_review = False
        params = {"org": org_id, "me": staff_id, "peer": peer_id}
        for kind, value, at in self._c.execute(_FACTS, params):
            if kind == _GLASS:
                glass_until = at
            elif kind == _TEAM:
                team.add(StaffId(value))
            elif kind == _SUPERVISEE:
                supervisees.add(StaffId(value))
            elif kind == _RESTRICTED:
                restricted.add(value)
            else:
                under_review = True
        return Relationships(
            care_team=frozenset(team),
            supervisees=frozenset(supervisees),
            break_glass_until=glass_until,
            under_review=under_review,
            restricted=frozenset(restricted),
        )


def _query() -> CompoundSelect[Any]:
    """Built once: constructing a statement costs more than running it."""
    org_id: BindParameter[str] = bindparam("org")
    staff_id: BindParameter[str] = bindparam("me")
    peer_id: BindParameter[str] = bindparam("peer")
    grants, requests = break_glass_grants, disclosures
    glass = select(
        literal(_GLASS).label("kind"), null().label("value"),
        func.max(grants.c.expires_at).label("at"),
    ).where(
        grants.c.organization_id == org_id, grants.c.peer_id == peer_id,
        grants.c.staff_id == staff_id,
    )  # fmt: skip
    team = select(literal(_TEAM), care_team.c.staff_id, null()).where(
        care_team.c.organization_id == org_id, care_team.c.peer_id == peer_id
    )
    supervisees = select(literal(_SUPERVISEE), supervision.c.supervisee_id, null()).where(
        supervision.c.organization_id == org_id, supervision.c.supervisor_id == staff_id
    )
    restricted = select(literal(_RESTRICTED), peer_restrictions.c.label, null()).where(
        peer_restrictions.c.organization_id == org_id,
        peer_restrictions.c.peer_id == peer_id,
        peer_restrictions.c.staff_id == staff_id,
    )
    open_grant = exists().where(
        grants.c.organization_id == org_id, grants.c.peer_id == peer_id,
        grants.c.review_state == PENDING,
    )  # fmt: skip
    open_request = exists().where(
        requests.c.organization_id == org_id, requests.c.peer_id == peer_id,
        requests.c.status == NEEDS_REVIEW,
    )  # fmt: skip
    review = select(literal(_REVIEW), null(), null()).where(open_grant | open_request)
    return union_all(glass, team, supervisees, restricted, review)


_FACTS = _query()
