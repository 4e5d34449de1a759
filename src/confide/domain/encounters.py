"""Encounters (service notes): draft -> signed -> amended. A signed note is never edited."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_SECTION = 20_000
MAX_MINUTES = 24 * 60


class NoteFormat(StrEnum):
    DAP = "dap"
    GIRP = "girp"


SECTIONS: dict[NoteFormat, tuple[str, ...]] = {
    NoteFormat.DAP: ("data", "assessment", "plan"),
    NoteFormat.GIRP: ("goals", "intervention", "response", "plan"),
}


class Modality(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    TEXT = "text"


class Setting(StrEnum):
    OFFICE = "office"
    COMMUNITY = "community"
    HOME = "home"
    HOSPITAL = "hospital"
    JAIL = "jail"
    OTHER = "other"


class Label(StrEnum):
    """Sensitivity labels: policy metadata that narrows who may read a note."""

    SUD = "sud"
    MENTAL_HEALTH = "mental_health"
    HIV = "hiv"
    DV = "dv"
    LEGAL = "legal"
    RESTRICTED = "restricted"


class EncounterStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    AMENDED = "amended"


class EncounterKind(StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class NoteBody:
    """The plaintext of a note: its sections by name and the goals it addressed."""

    format: NoteFormat
    sections: dict[str, str]
    goals_addressed: tuple[str, ...] = ()


def note_problems(body: NoteBody) -> dict[str, str]:
    """Field -> problem code for a note body that cannot be saved."""
    expected = SECTIONS[body.format]
    problems = {f"sections.{k}": "unknown_section" for k in body.sections if k not in expected}
    for key, text in body.sections.items():
        if len(text) > MAX_SECTION:
            problems[f"sections.{key}"] = "too_long"
    if not any(text.strip() for text in body.sections.values()):
        problems["sections"] = "empty_note"
    return problems


def minutes_problem(minutes: int) -> str | None:
    if not 0 < minutes <= MAX_MINUTES:
        return "out_of_range"
    return None


def can_edit(status: EncounterStatus) -> bool:
    """Only drafts change in place; signed notes take amendments."""
    return status is EncounterStatus.DRAFT


def can_amend(status: EncounterStatus) -> bool:
    return status in (EncounterStatus.SIGNED, EncounterStatus.AMENDED)
