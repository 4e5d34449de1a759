"""`confide export deid`: an organization's signed notes, de-identified, as JSON lines."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from confide import bootstrap
from confide.cli._console import HomeOption, err, guarded, out, settings_for
from confide.domain.actors import Purpose, RequestContext, Role
from confide.errors import InvalidInput
from confide.services.exports import NoteExport, export_deidentified_notes, line_of
from confide.services.organizations import find_actor

app = typer.Typer(
    name="export",
    help="Export records, de-identified.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _create(path: Path) -> TextIO:
    """A new file only the owner reads; an existing file is never overwritten."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InvalidInput("the output file exists", fields={"out": "exists"}) from None
    except OSError:
        raise InvalidInput("cannot create the output file", fields={"out": "unwritable"}) from None
    return os.fdopen(fd, "w", encoding="utf-8")


def _write(export: NoteExport, stream: TextIO) -> None:
    with Progress(
        TextColumn("exporting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("notes", total=export.total)
        for note in export.lines:
            stream.write(line_of(note) + "\n")
            bar.advance(task)


@app.command("deid")
def deid(
    org: Annotated[str, typer.Option(help="Organization whose notes are exported.")],
    out_file: Annotated[Path, typer.Option("--out", help="New file to write (mode 0600).")],
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as", help="Username to act as (default: the one privacy officer of --org)."
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Write every signed note of an organization, de-identified, one JSON line a note
    (docs/deid.md). Runs as a privacy officer for operations (training); every note read is
    in the audit log under rule export.deid. Drafts and restricted notes stay out."""
    with guarded():
        runtime = bootstrap.build(settings_for(home))
        try:
            actor = find_actor(org, username=as_user, role=Role.PRIVACY_OFFICER, uow=runtime.uow())
            ctx = RequestContext(actor, Purpose.OPERATIONS, datetime.now(UTC))
            export = export_deidentified_notes(ctx, uow=runtime.uow())
            stream = _create(out_file)
            try:
                _write(export, stream)
            except BaseException:
                stream.close()
                out_file.unlink(missing_ok=True)  # no half export left behind
                raise
            stream.close()
        finally:
            runtime.close()
    out.print(f"Exported {export.total} de-identified notes.", highlight=False)
