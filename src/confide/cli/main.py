"""Entry point of the `confide` command. Each subcommand lives in a module named for its noun."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="confide",
    help="Confidential-by-construction records for peer recovery support.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _register() -> None:
    """Attach every subcommand. Imports stay inside so `--help` stays fast."""
    from confide.cli import audit, deid, disclosure, exports, flag, home, imports, server

    app.command("init")(home.init)
    app.command("migrate")(home.migrate)
    app.command("serve")(server.serve)
    app.command("import")(imports.import_csv)
    app.command("deid")(deid.command)
    app.command("flag")(flag.command)
    app.add_typer(audit.app)
    app.add_typer(disclosure.app)
    app.add_typer(exports.app)


def main() -> None:
    _register()
    app()
