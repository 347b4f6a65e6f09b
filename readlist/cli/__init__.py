"""The command line: `readlist` and `python -m readlist`.

COMMANDS declares every command once; `load_commands` registers them on the one Typer app.
`main()` imports only the module of the command being run (all of them for help and unknown
names), so a command does not pay for parsing the others' signatures; `readlist.cli.app` (the
attribute of this package) is the app with every command, as tests and `--help` need it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

# Every top-level command, declared once: (section of `readlist --help`, module, names), in the
# order help shows them. A name is a function of readlist.cli.<module> (`list_` when the name is
# a Python builtin, `merge_driver` for `merge-driver`), or a Typer app `<name>_app` for a group.
COMMANDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Papers", "papers", (
        "add", "list", "search", "show", "start", "done", "skip", "todo", "tag", "note", "rate",
        "rm", "edit", "open",
    )),
    ("Documents", "ingest_cmd", ("ingest",)),
    ("Documents", "export_cmds", ("export",)),
    ("Challenges", "challenge_cmds", ("progress", "challenge")),
    ("arXiv", "arxiv_cmds", ("fetch", "resolve")),
    ("Papers", "sources_cmds", ("next",)),
    ("History", "history_cmds", ("history", "undo")),
    ("Sources", "sources_cmds", ("enrich", "news")),
    ("Sharing", "sharing_cmds", (
        "sync", "conflicts", "resolve-conflict", "read", "git", "merge-driver",
    )),
    ("Setup", "setup_cmds", ("where", "config", "completion")),
)  # fmt: skip
COMMAND_MODULES = tuple(dict.fromkeys(module for _, module, _ in COMMANDS))
# Global options that take a value (everything else before the command is a flag).
_OPTIONS_WITH_VALUE = frozenset({"--file", "-f"})


def load_commands(modules: Sequence[str] = COMMAND_MODULES) -> Any:
    """Register the commands of `modules` (all by default) on the app and return it."""
    from readlist.cli.base import app

    registered = {c.name for c in app.registered_commands}
    registered |= {g.name for g in app.registered_groups}
    for panel, module_name, names in COMMANDS:
        if module_name not in modules:
            continue
        module = importlib.import_module(f"readlist.cli.{module_name}")
        for name in names:
            if name in registered:
                continue
            attribute = name.replace("-", "_")
            group = getattr(module, f"{attribute}_app", None)
            if group is not None:
                app.add_typer(group, name=name, rich_help_panel=panel)
            else:
                function = getattr(module, attribute, None) or getattr(module, f"{attribute}_")
                app.command(name, rich_help_panel=panel)(function)
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
        return next((module for _, module, names in COMMANDS if word in names), None)
    return None


def main() -> None:
    from readlist.completion import answer, is_asked

    if is_asked():  # a shell's completion script: answer before Typer is even imported
        sys.exit(answer(sys.argv[1:]))
    from readlist.errors import ReadlistError
    from readlist.render.terminal import flush_output, print_error

    try:
        _check_utf8(sys.argv[1:])
        module = command_module(sys.argv[1:])
        app = load_commands([module] if module else COMMAND_MODULES)
        try:
            app(prog_name="readlist")
        finally:
            flush_output()
    except ReadlistError as error:  # raised outside a command: argv, or writing the output
        print_error(error)
        sys.exit(error.exit_code)


def _check_utf8(argv: list[str]) -> None:
    """Arguments that are not UTF-8 reach Python as lone surrogates: refuse them here, with
    their position, before any of them is matched, printed or stored."""
    from readlist.errors import UsageError

    for position, arg in enumerate(argv, start=1):
        bad = next((c for c in arg if "\udc80" <= c <= "\udcff"), None)
        if bad is not None:
            raise UsageError(
                f"argument {position} is not UTF-8 text (byte {ord(bad) - 0xDC00:#04x}); "
                "give references, titles and paths as UTF-8"
            )


def __getattr__(name: str) -> Any:
    # `from readlist.cli import app`: the app with every command.
    if name == "app":
        return load_commands()
    raise AttributeError(name)
