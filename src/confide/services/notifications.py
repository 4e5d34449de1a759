"""Notifications addressed to the actor's roles (kinds and ids only, never content)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.ids import OrgId
from confide.policy import Resource
from confide.services._guard import authorize
from confide.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class NotificationView:
    id: str
    kind: str
    subject_id: str
    recipient_role: str
    created_at: datetime


def list_notifications(ctx: RequestContext, *, uow: UnitOfWork) -> list[NotificationView]:
    """The newest notifications for any of the actor's roles."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        authorize(ctx, uow, Action.NOTIFICATION_LIST, Resource("notification", org))
        roles = frozenset(str(r) for r in ctx.actor.roles)
        rows = uow.break_glass.notifications_for(org, roles, ctx.actor.staff_id)
        uow.commit()
    return [
        NotificationView(r.id, r.kind, r.subject_id, r.recipient_role, r.created_at) for r in rows
    ]
