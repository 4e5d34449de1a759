"""Safety flags as records: their handling states, and an organization's crisis protocol.

A flag is what `confide.safety` noticed in a note being written; the record says what people
did about it. A flag stays open until a handling is recorded: the supervisor was reached and
their decision written down, a disclosure request made from the flag was saved, or a person
dismissed it with a reason. Notifying the supervisor is a step, not a handling. confide never
discloses anything by itself: a disclosure request is made and decided like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

LIFELINE = "988 Suicide & Crisis Lifeline"
LIFELINE_HOW = "call or text 988, or chat at 988lifeline.org (24/7, free)"
MIN_REASON = 5  # a dismissal reason or a supervisor's decision: a few words at least
MAX_REASON = 500
MAX_QUOTE = 80  # one evidence quote, in characters; longer ones are cut with an ellipsis
MAX_QUOTES = 6  # evidence quotes kept per flag
MAX_PROTOCOL_LINE = 300
MAX_PROTOCOL_LINES = 12


class FlagState(StrEnum):
    """Stored values: never change meaning once shipped; a new meaning is a new value."""

    SHOWN = "shown"  # noticed and shown to the writer (open)
    NOTIFIED = "notified"  # the writer notified their supervisor (open: nothing decided yet)
    DISMISSED = "dismissed"  # set aside by a person, with a reason (closed)
    # Written before migration 0010 only: the writer went to the page of the disclosure
    # request the flag calls for. Nothing was requested by that, so the flag is open.
    ESCALATED = "escalated"
    DECIDED = "decided"  # the supervisor was reached; their decision is recorded (closed)
    REQUESTED = "requested"  # a disclosure request made from the flag was saved (closed)


OPEN_STATES = frozenset({FlagState.SHOWN, FlagState.NOTIFIED, FlagState.ESCALATED})
CLOSED_STATES = frozenset({FlagState.DISMISSED, FlagState.DECIDED, FlagState.REQUESTED})


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
