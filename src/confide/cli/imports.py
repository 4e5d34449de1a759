"""`confide import`: bulk import from a spreadsheet (CSV). All rows or none."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from confide import bootstrap
from confide.cli._console import HomeOption, err, fail, guarded, out, settings_for
from confide.domain.actors import Actor, Purpose, RequestContext, Role
from confide.errors import InvalidInput
from confide.services.imports import ImportRejected, import_records, parse_file
from confide.services.organizations import find_organization


def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV file; columns in docs/import.md.")],
    org: Annotated[str, typer.Option(help="Organization to import into.")],
    home: HomeOption = None,
    skip_bad_rows: Annotated[
        bool, typer.Option(help="Import the good rows and report the bad ones.")
    ] = False,
) -> None:
    """Import peers and their notes. A file with bad rows imports nothing unless told."""
    with guarded():
        try:
            data = file.read_bytes()
        except OSError:
            raise InvalidInput(f"cannot read {file}", fields={"file": "unreadable"}) from None
        parsed = parse_file(data)
        runtime = bootstrap.build(settings_for(home))
        try:
            view = find_organization(org, uow=runtime.uow())
            actor = Actor(view.admin_id, view.id, frozenset({Role.ADMIN}), "import")
            ctx = RequestContext(actor, Purpose.IMPORT, datetime.now(UTC))
            with Progress(console=err, transient=True) as progress:
                task = progress.add_task("Importing", total=parsed.rows or None)
                try:
                    report = import_records(
                        ctx,
                        parsed,
                        skip_bad_rows=skip_bad_rows,
                        uow=runtime.uow(),
                        progress=lambda n: progress.advance(task, n),
                    )
                except ImportRejected as rejected:
                    progress.stop()
                    for problem in rejected.problems:
                        err.print(f"line {problem.line}: {problem.reason}", markup=False)
                    fail(rejected)
        finally:
            runtime.close()
    for problem in report.skipped:
        err.print(f"skipped line {problem.line}: {problem.reason}", markup=False)
    out.print(f"Imported {report.peers} peers and {report.notes} notes from {report.rows} rows.")
