"""Typed identifiers. Ids are UUID strings made by the application, so a row's id is
known before it is written and can be bound into its ciphertext's associated data."""

from __future__ import annotations

import uuid
from typing import NewType

OrgId = NewType("OrgId", str)
ProgramId = NewType("ProgramId", str)
StaffId = NewType("StaffId", str)
PeerId = NewType("PeerId", str)
EncounterId = NewType("EncounterId", str)
AmendmentId = NewType("AmendmentId", str)
GroupSessionId = NewType("GroupSessionId", str)
PlanId = NewType("PlanId", str)
GoalId = NewType("GoalId", str)
RequestId = NewType("RequestId", str)


def new_id() -> str:
    """A fresh random identifier (UUID4, canonical text form)."""
    return str(uuid.uuid4())


def is_id(text: str) -> bool:
    """True when `text` is a canonical UUID string, the only shape of id confide issues."""
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False
