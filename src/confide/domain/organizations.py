"""Organizations and their programs, each program with a regulatory profile."""

from __future__ import annotations

import re
from dataclasses import dataclass

_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z]{2})?$")


@dataclass(frozen=True, slots=True)
class RegulatoryProfile:
    jurisdiction: str = "US-VA"
    hipaa_covered_entity: bool = True
    part2_program: bool = True

    def __post_init__(self) -> None:
        if not _JURISDICTION.match(self.jurisdiction):
            raise ValueError("jurisdiction must look like US or US-VA")
