"""`confide flag FILE`: crisis-language flags, JSON lines in and out (docs/flag.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from confide.cli._console import fail
from confide.errors import InvalidInput
from confide.services.flags import flag_lines


def _lines(stream: TextIO) -> Iterator[str]:
    yield from stream


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
    bad = False
    try:
        stream = sys.stdin if file == "-" else Path(file).open(encoding="utf-8")  # noqa: SIM115
    except OSError:
        fail(InvalidInput("cannot read the input file", fields={"file": "unreadable"}))
    try:
        for result in flag_lines(_lines(stream), explain=explain):
            bad = bad or "error" in result
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    except UnicodeDecodeError:
        fail(InvalidInput("input is not UTF-8", fields={"file": "not_utf8"}))
    finally:
        if stream is not sys.stdin:
            stream.close()
    if bad:
        raise typer.Exit(2)
