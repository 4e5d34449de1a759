"""Generate docs/cli.md from the CLI's own --help, or check that it is current.

python -m confide.cli.docs docs/cli.md          # write
python -m confide.cli.docs --check docs/cli.md  # exit 1 when stale
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from confide.cli.main import _register, app

HEADER = (
    "# `confide` command reference\n\n"
    "Generated from `confide --help` by `make docs`; do not edit by hand.\n"
    "`make lint` fails when this page and the CLI disagree.\n"
)


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    lines = [line.rstrip() for line in result.output.strip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def render() -> str:
    _register()
    group = typer.main.get_group(app)
    parts = [HEADER, "\n## confide\n\n```text\n", _help([]), "```\n"]
    for name in sorted(group.commands):
        parts += [f"\n## confide {name}\n\n```text\n", _help([name]), "```\n"]
    return "".join(parts)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    target = Path(paths[0] if paths else "docs/cli.md")
    text = render()
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            sys.stderr.write(f"{target} is stale: run `make docs`\n")
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
