"""Who is asking, why, and when: the context every service call receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from confide.domain.ids import OrgId, RequestId, StaffId, new_id


class Role(StrEnum):
    PEER_SPECIALIST = "peer_specialist"
    SUPERVISOR = "supervisor"
    PRIVACY_OFFICER = "privacy_officer"
    ADMIN = "admin"
    AUDITOR = "auditor"


class Purpose(StrEnum):
    """Why an actor touches a record. Stored in the audit log: values never change."""

    TREATMENT = "treatment"
    SUPERVISION = "supervision"
    OPERATIONS = "operations"
    PAYMENT = "payment"
    PEER_ACCESS = "peer_access"
    EMERGENCY = "emergency"
    PRIVACY_REVIEW = "privacy_review"
    ADMINISTRATION = "administration"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class Actor:
    """An authenticated staff member (or the system acting for an administrator)."""

    staff_id: StaffId
    organization_id: OrgId
    roles: frozenset[Role]
    username: str = ""

    def has(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True, slots=True)
class RequestContext:
    """Actor, purpose, time and request id: the first argument of every service call."""

    actor: Actor
    purpose: Purpose
    now: datetime
    request_id: RequestId = field(default_factory=lambda: RequestId(new_id()))

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("RequestContext.now must be timezone-aware")
