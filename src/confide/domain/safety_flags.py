"""Safety flags as records: their handling states, and an organization's crisis protocol.

A flag is what `confide.safety` noticed in a note being written; the record says what people
did about it (shown, supervisor notified, dismissed with a reason, escalated to a disclosure
request). confide never discloses anything by itself: escalation only opens the request form.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

LIFELINE = "988 Suicide & Crisis Lifeline"
LIFELINE_HOW = "call or text 988, or chat at 988lifeline.org (24/7, free)"
MIN_REASON = 5
MAX_REASON = 500
MAX_PROTOCOL_LINE = 300
MAX_PROTOCOL_LINES = 12


class FlagState(StrEnum):
    """Stored values: never change once shipped."""

    SHOWN = "shown"  # noticed and shown to the writer
    NOTIFIED = "notified"  # the writer notified their supervisor
    DISMISSED = "dismissed"  # set aside by a person, with a reason
    ESCALATED = "escalated"  # the writer opened the disclosure request it calls for


OPEN_STATES = frozenset({FlagState.SHOWN, FlagState.NOTIFIED})


@dataclass(frozen=True, slots=True)
class CrisisProtocol:
    """What to do when a crisis is noticed. Organization data, not peer data.
    The 988 Lifeline is always shown; the local line, steps and contacts are the organization's.
    """

    local_line_name: str
    local_line_phone: str
    steps: tuple[str, ...]
    contacts: tuple[str, ...]
    configured: bool = True


DEFAULT_PROTOCOL = CrisisProtocol(
    local_line_name="",
    local_line_phone="",
    steps=(
        "If anyone is in immediate danger, call 911.",
        "Stay with the peer. Ask directly about thoughts of suicide or of harming someone, "
        "a plan, and access to means.",
        "Call or text 988 together, or the local crisis line.",
        'Notify your supervisor now with the "Notify my supervisor" button on the flag.',
        "Write down what was said and what you did; a disclosure, if any, is a separate "
        "request that people decide.",
    ),
    contacts=("Your supervisor", "The on-call clinician", "911 for immediate danger"),
    configured=False,
)
