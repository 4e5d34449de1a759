"""`confide flag FILE`: crisis-language flags, JSON lines in and out (docs/flag.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from confide.cli._jsonlines import answer_lines
from confide.services.flags import flag_lines


def command(
    file: Annotated[str, typer.Argument(help='JSON-lines file of {"id","text"}; "-" for stdin.')],
    explain: Annotated[
        bool,
        typer.Option(help="Add each flag's evidence rules and the matches context set aside."),
    ] = False,
) -> None:
    """Flag possible suicide risk, homicide risk and child abuse in notes: each line in gets
    its flags out (kind, severity 1-5, span). Exit 2 when any line could not be read; the
    other lines are still processed. It flags; people decide."""
    answer_lines(file, lambda lines: flag_lines(lines, explain=explain))
