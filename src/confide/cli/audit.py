"""`confide audit verify` and `confide audit proof`: check the whole log, prove one event."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from confide import bootstrap
from confide.cli._console import HomeOption, err, guarded, out, settings_for
from confide.services.audit_log import log_size, prove_inclusion, verify_audit_log

app = typer.Typer(
    name="audit",
    help="Verify the tamper-evident audit log and print proofs.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("verify")
def verify(home: HomeOption = None) -> None:
    """Recompute the hash chain and Merkle tree from the stored events and check every signed
    tree head. Exits 1 naming the first bad sequence number on any edit, deletion, insertion,
    reordering or truncation."""
    with guarded():
        runtime = bootstrap.build(settings_for(home))
        try:
            total = log_size(uow=runtime.uow())
            with Progress(
                TextColumn("verifying"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("events", total=total)
                result = verify_audit_log(
                    uow=runtime.uow(), progress=lambda seq: bar.update(task, completed=seq)
                )
        finally:
            runtime.close()
    out.print(
        f"ok: {result.size} events, chain and tree recomputed, "
        f"{result.heads_checked} signed tree heads verified, root {result.root.hex()}",
        highlight=False,
    )


@app.command("proof")
def proof(
    event: Annotated[int, typer.Option("--event", help="Sequence number of the event.")],
    home: HomeOption = None,
) -> None:
    """Print an inclusion proof of one event as JSON (checked by
    `python -m confide.audit.verifier`), signing a fresh tree head if none covers it."""
    with guarded():
        runtime = bootstrap.build(settings_for(home))
        try:
            document = prove_inclusion(event, now=datetime.now(UTC), uow=runtime.uow())
        finally:
            runtime.close()
    typer.echo(json.dumps(document, indent=2, sort_keys=True))
