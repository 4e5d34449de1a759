"""An organization's crisis protocol: the local crisis line, the steps and who to call, shown
beside every safety flag (docs/flag.md). Organization data, not peer data; an administrator
sets it, and until then staff see the built-in steps."""

from __future__ import annotations

from dataclasses import replace

from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.ids import OrgId
from confide.domain.safety_flags import (
    DEFAULT_PROTOCOL,
    MAX_PROTOCOL_LINE,
    MAX_PROTOCOL_LINES,
    CrisisProtocol,
)
from confide.errors import InvalidInput
from confide.policy import Resource
from confide.services._guard import authorize
from confide.store.uow import UnitOfWork


def read_protocol(ctx: RequestContext, *, uow: UnitOfWork) -> CrisisProtocol:
    """The organization's crisis protocol, to edit (the built-in default until one is set)."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        authorize(ctx, uow, Action.PROTOCOL_UPDATE, Resource("crisis_protocol", org))
        protocol = uow.safety_flags.protocol(org) or DEFAULT_PROTOCOL
        uow.commit()
    return protocol


def set_protocol(
    ctx: RequestContext, protocol: CrisisProtocol, *, uow: UnitOfWork
) -> CrisisProtocol:
    """An administrator sets the organization's local crisis line, steps and contacts."""
    _check_protocol(protocol)
    org = OrgId(ctx.actor.organization_id)
    with uow:
        authorize(ctx, uow, Action.PROTOCOL_UPDATE, Resource("crisis_protocol", org))
        uow.safety_flags.set_protocol(org, protocol, ctx.actor.staff_id, ctx.now)
        uow.commit()
    return replace(protocol, configured=True)


def _check_protocol(protocol: CrisisProtocol) -> None:
    problems = {}
    if not protocol.local_line_name.strip() or len(protocol.local_line_name) > 200:
        problems["local_line_name"] = "required"
    phone = protocol.local_line_phone
    if not phone.strip() or len(phone) > 40:
        problems["local_line_phone"] = "required"
    for field, lines in (("steps", protocol.steps), ("contacts", protocol.contacts)):
        if not lines or len(lines) > MAX_PROTOCOL_LINES:
            problems[field] = f"1_to_{MAX_PROTOCOL_LINES}_lines"
        elif any(len(line) > MAX_PROTOCOL_LINE for line in lines):
            problems[field] = "line_too_long"
    if problems:
        raise InvalidInput("the protocol is not complete", fields=problems)
