"""Which purpose a record page is opened for: the reader says why, policy decides."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from confide.domain.actors import Purpose
from confide.errors import InvalidInput

RECORD_PURPOSES = frozenset(
    {Purpose.TREATMENT, Purpose.SUPERVISION, Purpose.EMERGENCY, Purpose.PRIVACY_REVIEW}
)


def record_purpose(purpose: Annotated[str, Query(max_length=32)] = "treatment") -> Purpose:
    try:
        chosen = Purpose(purpose)
    except ValueError:
        chosen = None
    if chosen not in RECORD_PURPOSES:
        raise InvalidInput("unknown purpose", fields={"purpose": "invalid"})
    return chosen


RecordPurpose = Annotated[Purpose, Depends(record_purpose)]
