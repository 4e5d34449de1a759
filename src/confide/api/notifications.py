"""Notifications for the roles you hold."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.services import notifications as service

router = APIRouter(tags=["notifications"])


class NotificationOut(BaseModel):
    id: str
    kind: str
    subject_id: str
    recipient_role: str
    created_at: datetime


@router.get(
    "/notifications", response_model=list[NotificationOut], **acts(Action.NOTIFICATION_LIST)
)
def list_all(ctx: Ctx, uow: Uow) -> list[NotificationOut]:
    """The newest notifications addressed to any of your roles."""
    return [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            subject_id=n.subject_id,
            recipient_role=n.recipient_role,
            created_at=n.created_at,
        )
        for n in service.list_notifications(ctx, uow=uow)
    ]
