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
from confide.services.organizations import ProgramFacts


def init(
    home: HomeOption = None,
    org: Annotated[str | None, typer.Option(help="Name of the first organization.")] = None,
    admin: Annotated[str | None, typer.Option(help="Username of the first administrator.")] = None,
    admin_password_file: Annotated[
        Path | None, typer.Option(help="File holding the administrator's password.")
    ] = None,
    fundraises: Annotated[
        bool,
        typer.Option(
            help="The program fundraises on its own behalf, so its Part 2 consents carry the "
            "fundraising opt-out (42 CFR 2.31(a)(5)(iii))."
        ),
    ] = False,
    publicly_identified_sud: Annotated[
        bool,
        typer.Option(
            help="The program is publicly identified as a place that provides only substance "
            "use disorder services (42 CFR 2.13(c)(1))."
        ),
    ] = False,
) -> None:
    """Create the data directory, database, key file, an organization and its administrator.

    Refuses, changing nothing, when the home is already initialized.
    """
    with guarded():
        settings = settings_for(home)
        org_name, username, password = _answers(org, admin, admin_password_file)
        facts = ProgramFacts(fundraises, publicly_identified_sud)
        view = bootstrap.init_home(
            settings, org_name=org_name, admin_username=username, admin_password=password,
            facts=facts,
        )  # fmt: skip
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
