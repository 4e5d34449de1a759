"""`confide disclosure check FILE`: disclosure decisions in JSON lines (docs/disclosure.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from confide.cli._jsonlines import answer_lines
from confide.services.disclosures import check_disclosures

app = typer.Typer(
    name="disclosure",
    help="Lawful disclosure of peer records: dry-run decisions with reasons and citations.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


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
    answer_lines(file, lambda lines: check_disclosures(lines, today=today, explain=explain))
