"""The command line: `readlist` and `python -m readlist`.

Each module of this package registers its commands on the one Typer app when imported. `main()`
imports only the module of the command being run (all of them for help and unknown names), so
a command does not pay for parsing the others' signatures; `readlist.cli.app` (the attribute
of this package) is the app with every command, as tests and `--help` need it.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

# Module -> the top-level commands it defines, in the order of `readlist --help`'s sections.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "papers": (
        "add", "list", "search", "show", "start", "done", "skip", "todo", "tag", "note", "rate",
        "rm", "edit", "open",
    ),
    "ingest_cmd": ("ingest",),
    "export_cmds": ("export",),
    "challenge_cmds": ("progress", "challenge"),
    "arxiv_cmds": ("fetch", "resolve"),
    "sharing_cmds": ("sync", "conflicts", "resolve-conflict", "git", "merge-driver"),
}  # fmt: skip
# Global options that take a value (everything else before the command is a flag).
_OPTIONS_WITH_VALUE = frozenset({"--file", "-f"})


def load_commands(modules: tuple[str, ...] | list[str] = tuple(COMMAND_MODULES)) -> Any:
    """Register the commands of `modules` (all by default) and return the app."""
    for module in COMMAND_MODULES:
        if module in modules:
            importlib.import_module(f"readlist.cli.{module}")
    from readlist.cli.base import app

    return app


def command_module(argv: list[str]) -> str | None:
    """The module defining the command `argv` runs, or None (help, unknown, none)."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if word in _OPTIONS_WITH_VALUE:
            position += 2
            continue
        if word.startswith("-"):
            if word.startswith("--file=") or (word.startswith("-f") and len(word) > 2):
                position += 1
                continue
            return None  # --help, --version, or an option readlist does not know
        return next((m for m, names in COMMAND_MODULES.items() if word in names), None)
    return None


def main() -> None:
    module = command_module(sys.argv[1:])
    app = load_commands([module] if module else list(COMMAND_MODULES))
    app(prog_name="readlist")


def __getattr__(name: str) -> Any:
    # `from readlist.cli import app`: the app with every command.
    if name == "app":
        return load_commands()
    raise AttributeError(name)
