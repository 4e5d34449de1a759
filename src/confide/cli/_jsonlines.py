"""The JSON-lines contract shared by `confide deid`, `confide flag` and
`confide disclosure check`: read a file (or `-` for stdin), write one JSON object per line in,
exit 2 when any line could not be read while the other lines are still answered."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

import typer

from confide.cli._console import fail
from confide.errors import InvalidInput

Answer = dict[str, object]


def _lines(stream: TextIO) -> Iterator[str]:
    yield from stream


def answer_lines(file: str, answer: Callable[[Iterable[str]], Iterable[Answer]]) -> None:
    """Stream `file`'s lines through `answer` to stdout; a line answered with "error" -> exit 2."""
    bad = False
    try:
        stream = sys.stdin if file == "-" else Path(file).open(encoding="utf-8")  # noqa: SIM115
    except OSError:
        fail(InvalidInput("cannot read the input file", fields={"file": "unreadable"}))
    try:
        for result in answer(_lines(stream)):
            bad = bad or "error" in result
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    except UnicodeDecodeError:
        fail(InvalidInput("input is not UTF-8", fields={"file": "not_utf8"}))
    finally:
        if stream is not sys.stdin:
            stream.close()
    if bad:
        raise typer.Exit(2)
