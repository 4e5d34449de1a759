"""`confide init` and `confide migrate`: set up a data directory and keep its schema current."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from confide import bootstrap
from confide.cli._console import (
    HomeOption,
    guarded,
    out,
    read_secret_file,
    settings_for,
    stdin_is_terminal,
)
from confide.errors import InvalidInput


def init(
    home: HomeOption = None,
    org: Annotated[str | None, typer.Option(help="Name of the first organization.")] = None,
    admin: Annotated[str | None, typer.Option(help="Username of the first administrator.")] = None,
    admin_password_file: Annotated[
        Path | None, typer.Option(help="File holding the administrator's password.")
    ] = None,
) -> None:
    """Create the data directory, database, key file, an organization and its administrator.

    Refuses, changing nothing, when the home is already initialized.
    """
    with guarded():
        settings = settings_for(home)
        org_name, username, password = _answers(org, admin, admin_password_file)
        view = bootstrap.init_home(
            settings, org_name=org_name, admin_username=username, admin_password=password
        )
    out.print(
        f"Initialized {settings.home}: organization {view.name!r}, administrator {username!r}."
    )
    out.print(
        f"Key file: {settings.resolved_key_file} (mode 0600). Back it up apart from the data."
    )


def _answers(
    org: str | None, admin: str | None, password_file: Path | None
) -> tuple[str, str, str]:
    interactive = stdin_is_terminal()
    if org is None:
        org = _ask("Organization name", interactive, "org")
    if admin is None:
        admin = _ask("Administrator username", interactive, "admin")
    if password_file is not None:
        password = read_secret_file(password_file)
    elif interactive:
        password = typer.prompt(
            "Administrator password", hide_input=True, confirmation_prompt=True
        )
    else:
        raise InvalidInput(
            "give --admin-password-file", fields={"admin_password_file": "required"}
        )
    return org, admin, password


def _ask(label: str, interactive: bool, field: str) -> str:
    if not interactive:
        raise InvalidInput(f"give --{field}", fields={field: "required"})
    return str(typer.prompt(label))


def migrate(home: HomeOption = None) -> None:
    """Bring the database schema up to date (safe to run repeatedly)."""
    with guarded():
        revision = bootstrap.upgrade_schema(settings_for(home))
    out.print(f"Database schema at revision {revision}.")
