"""`confide deid FILE`: de-identify free text, JSON lines in and out (docs/deid.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from confide.cli._jsonlines import answer_lines
from confide.services.deid import Mode, deidentify_lines


def command(
    file: Annotated[str, typer.Argument(help='JSON-lines file of {"id","text"}; "-" for stdin.')],
    mode: Annotated[
        Mode, typer.Option(help="redact, generalize (Safe Harbor) or pseudonymize.")
    ] = Mode.REDACT,
) -> None:
    """De-identify notes: each line in gets its spans and transformed text out. Exit 2 when
    any line could not be read; the other lines are still processed."""
    answer_lines(file, lambda lines: deidentify_lines(lines, mode=mode))
