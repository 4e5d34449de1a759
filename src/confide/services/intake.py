"""Intake: a new peer, after the confidentiality talk, with the peer's acknowledgement kept."""

from __future__ import annotations

from confide.domain.actors import RequestContext
from confide.domain.ids import OrgId, new_id
from confide.domain.peers import PeerIdentity, identity_problems
from confide.errors import InvalidInput
from confide.services.peers import PeerView, add_peer_in
from confide.store.acknowledgements import AcknowledgementRow
from confide.store.uow import UnitOfWork

# The version of the talk the web page walks through (web/templates/intake.html); stored with
# each acknowledgement so a changed talk can be told apart from the one a peer heard.
TALK_VERSION = "2026.1"


def take_in_peer(
    ctx: RequestContext, identity: PeerIdentity, *, acknowledged: bool, uow: UnitOfWork
) -> PeerView:
    """Intake with the talk: the peer joins the caseload only once they acknowledged it."""
    problems = identity_problems(identity)
    if not acknowledged:
        problems["acknowledged"] = "required"
    if problems:
        raise InvalidInput("intake is not complete", fields=problems)
    with uow:
        view = add_peer_in(ctx, identity, uow=uow, care_team=True)
        row = AcknowledgementRow(new_id(), view.id, ctx.actor.staff_id, TALK_VERSION, ctx.now)
        uow.acknowledgements.add(OrgId(ctx.actor.organization_id), row)
        uow.commit()
    return view
