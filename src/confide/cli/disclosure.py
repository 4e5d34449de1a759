"""`confide disclosure check FILE`: disclosure decisions in JSON lines (docs/disclosure.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TextIO

import typer

from confide.cli._console import fail
from confide.errors import InvalidInput
from confide.services.disclosures import check_disclosures

app = typer.Typer(
    name="disclosure",
    help="Lawful disclosure of peer records: dry-run decisions with reasons and citations.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _lines(stream: TextIO) -> Iterator[str]:
    yield from stream


@app.command("check")
def check(
    file: Annotated[str, typer.Argument(help='JSON-lines file of requests; "-" for stdin.')],
    explain: Annotated[
        bool, typer.Option(help="Add the ids of the rules that decided each request.")
    ] = False,
) -> None:
    """May this information go to this recipient, for this purpose, on this basis, on this
    date? One decision per request line (allow, deny or needs_review) with obligations,
    citations and a plain reason. Reads and writes no record. A line without "as_of" is
    decided for today (UTC). Exit 2 when any line could not be read; the other lines are
    still decided."""
    today = datetime.now(UTC).date()
    bad = False
    try:
        stream = sys.stdin if file == "-" else Path(file).open(encoding="utf-8")  # noqa: SIM115
    except OSError:
        fail(InvalidInput("cannot read the input file", fields={"file": "unreadable"}))
    try:
        for result in check_disclosures(_lines(stream), today=today, explain=explain):
            bad = bad or "error" in result
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    except UnicodeDecodeError:
        fail(InvalidInput("input is not UTF-8", fields={"file": "not_utf8"}))
    finally:
        if stream is not sys.stdin:
            stream.close()
    if bad:
        raise typer.Exit(2)
