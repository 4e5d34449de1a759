"""`confide audit verify`, `proof`, `consistency` and `sign`: check the whole log, prove one
event, prove one signed head extends another, sign the current head."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from confide import bootstrap
from confide.cli._console import HomeOption, err, guarded, out, settings_for
from confide.services.audit_log import (
    log_size,
    prove_consistency,
    prove_inclusion,
    sign_tree_head,
    verify_audit_log,
)

DEFAULT_WORKERS = min(4, os.cpu_count() or 1)

app = typer.Typer(
    name="audit",
    help="Verify the tamper-evident audit log and print proofs.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("verify")
def verify(
    home: HomeOption = None,
    workers: Annotated[
        int, typer.Option(help="Processes that check spans of the log side by side.")
    ] = DEFAULT_WORKERS,
) -> None:
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
                    uow=runtime.uow(),
                    progress=lambda seq: bar.update(task, completed=seq),
                    workers=workers,
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


@app.command("sign")
def sign(home: HomeOption = None) -> None:
    """Sign the current tree head if the log grew since the last one (run it from cron, e.g.
    every 5 minutes). Prints the signed size and root."""
    with guarded():
        runtime = bootstrap.build(settings_for(home))
        try:
            head = sign_tree_head(now=datetime.now(UTC), uow=runtime.uow())
        finally:
            runtime.close()
    if head is None:
        out.print("the log is empty: nothing to sign", highlight=False)
        return
    out.print(f"signed: size {head.size}, root {head.root.hex()}", highlight=False)


@app.command("consistency")
def consistency(
    first: Annotated[int, typer.Option("--from", help="Size of the earlier signed tree head.")],
    second: Annotated[int, typer.Option("--to", help="Size of the later signed tree head.")],
    home: HomeOption = None,
) -> None:
    """Print a consistency proof between two signed tree heads as JSON: the tree of size FROM
    is a prefix of the tree of size TO (checked by `python -m confide.audit.verifier`)."""
    with guarded():
        runtime = bootstrap.build(settings_for(home))
        try:
            document = prove_consistency(first, second, uow=runtime.uow())
        finally:
            runtime.close()
    typer.echo(json.dumps(document, indent=2, sort_keys=True))
