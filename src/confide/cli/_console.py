"""Output and error handling shared by every subcommand."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from confide.config import Settings, load_settings
from confide.errors import ConfideError, InvalidInput

out = Console()
err = Console(stderr=True)
T = TypeVar("T")

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Data directory (default: $CONFIDE_HOME, else ./.confide)."),
]


def exit_code(exc: ConfideError) -> int:
    return 2 if isinstance(exc, InvalidInput) else 1


def fail(exc: ConfideError) -> NoReturn:
    """One line to stderr naming the problem, then the exit code for its kind."""
    err.print(f"confide: {exc.code}: {exc.message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(exit_code(exc))


@contextmanager
def guarded() -> Iterator[None]:
    """Map confide's errors to one stderr line; never a stack trace for expected failures."""
    try:
        yield
    except ConfideError as exc:
        fail(exc)


def settings_for(home: Path | None) -> Settings:
    return load_settings(home=home) if home else load_settings()


def read_secret_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidInput(f"cannot read {path}", fields={"file": "unreadable"}) from None
    return text.rstrip("\r\n")


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def call(fn: Callable[[], T]) -> T:
    with guarded():
        return fn()
    raise AssertionError("unreachable")  # pragma: no cover
