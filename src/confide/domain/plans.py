"""Recovery plans: goals in the peer's words, with steps."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_GOAL = 2_000
MAX_STEPS = 50


class GoalStatus(StrEnum):
    ACTIVE = "active"
    MET = "met"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class GoalText:
    """The plaintext of one goal."""

    description: str
    steps: tuple[str, ...] = ()


def goal_problems(goal: GoalText) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not goal.description.strip():
        problems["description"] = "required"
    elif len(goal.description) > MAX_GOAL:
        problems["description"] = "too_long"
    if len(goal.steps) > MAX_STEPS or any(len(s) > MAX_GOAL for s in goal.steps):
        problems["steps"] = "too_long"
    return problems
