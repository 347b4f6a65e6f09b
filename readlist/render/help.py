"""`readlist --help` written as plain text, byte for byte what Typer's rich help prints when the
output is not a terminal, without importing rich (and markdown-it, pygments...: half of what
`--help` costs). Whatever this layout does not cover (a terminal, colours asked for, an unusual
width or encoding, help text that rich would read as markup) returns None, and Typer prints
the help itself. tests/test_help.py compares the two at every width this covers.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

# Environment variables that make rich (or Typer) treat the output as a terminal or size it
# otherwise: with any of them set, Typer prints the help.
_RICH_SETTINGS = (
    "FORCE_COLOR",
    "PY_COLORS",
    "GITHUB_ACTIONS",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "TERMINAL_WIDTH",
    "JUPYTER_COLUMNS",
    "JPY_PARENT_PID",
    "VSCODE_PID",
    "_TYPER_FORCE_DISABLE_TERMINAL",
)
# The widths this layout is known to match (tested at each): narrower, rich's tables shrink
# other columns too.
MIN_WIDTH, MAX_WIDTH = 60, 250
# What rich's markup would change in a help text: tags, emoji codes, escapes, ANSI codes.
_MARKUP = re.compile(r"[\[\]\\\x1b]|:[\w+-]+:")
# rich's word: the spaces before it, the word, the spaces after it (rich._wrap.re_word).
_WORD = re.compile(r"\s*\S+\s*")


def plain_width() -> int | None:
    """The width rich would lay the help out at, when the output is plain text it can be
    written in (not a terminal, UTF-8, nothing forcing colours); else None."""
    if os.name == "nt" or any(os.environ.get(name) is not None for name in _RICH_SETTINGS):
        return None
    stdout = sys.stdout
    try:
        if stdout.isatty() or not (stdout.encoding or "").lower().startswith("utf"):
            return None
    except (AttributeError, ValueError):
        return None
    width = 0
    for descriptor in (0, 1, 2):  # as rich.console.Console.size: the first terminal's width
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    width = width or 80
    return width if MIN_WIDTH <= width <= MAX_WIDTH else None


def top_level_help(group: Any, ctx: Any, width: int) -> str | None:
    """The help of the command group `group` (a Typer group: its usage, help, options and
    command panels) as Typer's rich help lays it out at `width` on plain output, or None when
    this layout does not cover it."""
    from typer.core import TyperOption

    help_text = inspect.cleandoc(group.help or "").partition("\f")[0]
    if "\n\n" in help_text or help_text.startswith("\b"):
        return None
    help_text = help_text.replace("\n", " ").strip()
    rows: list[list[str]] = []
    for param in group.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if not _plain_option(param, ctx):
            return None
        metavar = param.make_metavar(ctx=ctx) if isinstance(param, TyperOption) else ""
        rows.append(
            [
                ",".join(o for o in param.opts if "--" in o),
                ",".join(o for o in param.opts if "--" not in o),
                "",
                "",
                metavar if metavar and "bool" not in metavar.lower() else "",
                " ".join((param.help or "").split("\n")).strip(),
            ]
        )
    panels: dict[str, list[tuple[str, str]]] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if command.deprecated:
            return None
        text = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        text = text.strip()
        panel = getattr(command, "rich_help_panel", None) or "Commands"
        panels.setdefault(panel, []).append((command.name or "", text))
    texts = [help_text, *(r[-1] for r in rows), *(t for p in panels.values() for _, t in p)]
    names = [name for panel in panels.values() for name, _ in panel]
    if group.epilog or "Commands" in panels:
        return None
    if any(not t.isascii() or not t.isprintable() or _MARKUP.search(t) for t in texts):
        return None
    if any(not n.isascii() or not n.isprintable() for n in [*names, *panels]):
        return None
    lines = [" " * width]
    lines += _padded(_wrap(group.get_usage(ctx), width - 2), width)
    lines.append(" " * width)
    if help_text:
        lines += _padded(_wrap(help_text, width - 2), width)
        lines.append(" " * width)
    inner = width - 4  # a panel: its border and one space inside each side
    if rows:
        table = _options_table(rows, inner)
        if table is None:
            return None
        lines += _panel("Options", table, width)
    name_width = max(map(len, names), default=0)
    for panel, commands in panels.items():
        table = _commands_table(commands, name_width, inner)
        if table is None:
            return None
        lines += _panel(panel, table, width)
    # Then an empty line: click echoes the help text Typer left it, nothing, after rich printed.
    return "\n".join(lines) + "\n\n"


def _plain_option(param: Any, ctx: Any) -> bool:
    """Whether `param` is an option whose help cell is its help text alone (no default,
    environment variable, range or requirement shown), as this layout draws it."""
    if param.param_type_name != "option" or param.secondary_opts or param.required:
        return False
    if getattr(param, "rich_help_panel", None):
        return False
    if getattr(param, "envvar", None) is not None or ctx.auto_envvar_prefix is not None:
        return False
    if hasattr(param.type, "_describe_range"):
        return False
    if "\n\n" in (param.help or ""):
        return False
    from typer.core import TyperOption

    if isinstance(param, TyperOption):  # as typer.rich_utils._get_parameter_help
        default = param._extract_default_help_str(ctx=ctx)
        as_text = isinstance(param.show_default, str)
        if as_text or (default is not None and (param.show_default or ctx.show_default)):
            shown = param._get_default_string(
                ctx=ctx, show_default_is_str=as_text, default_value=default
            )
            if shown:
                return False
    return True


def _options_table(rows: Sequence[Sequence[str]], inner: int) -> list[str] | None:
    """The options: every column as wide as its widest cell, plus one space each side (none
    at the table's edges); the help column takes what is left (rich measures it as wide as
    the table, then shrinks it, and only it, to fit)."""
    count = len(rows[0])
    widths = [max(len(row[i]) for row in rows) for i in range(count - 1)]
    padded = [w + (1 if i == 0 else 2) for i, w in enumerate(widths)]
    help_width = inner - sum(padded) - 1
    if help_width < 2 * max(padded):  # rich would shrink other columns too
        return None
    lines = []
    for row in rows:
        wrapped = _wrap(row[-1], help_width)
        if wrapped is None:
            return None
        for number, text in enumerate(wrapped):
            cells = [(row[i] if number == 0 else "").ljust(widths[i]) for i in range(count - 1)]
            lines.append("  ".join(cells) + "  " + text.ljust(help_width))
    return lines


def _commands_table(
    commands: Sequence[tuple[str, str]], name_width: int, inner: int
) -> list[str] | None:
    """A panel's commands: the names as wide as the longest of all, the help in the rest."""
    help_width = inner - (name_width + 1) - 1
    if help_width < name_width:
        return None
    lines = []
    for name, text in commands:
        wrapped = _wrap(text, help_width)
        if wrapped is None or len(name) > name_width:
            return None
        for number, line in enumerate(wrapped):
            first = name if number == 0 else ""
            lines.append(first.ljust(name_width) + "  " + line.ljust(help_width))
    return lines


def _panel(title: str, body: Sequence[str], width: int) -> list[str]:
    top = f" {title} ".ljust(width - 4, "─")
    return [
        f"╭─{top}─╮",
        *(f"│ {line} │" for line in body),
        "╰" + "─" * (width - 2) + "╯",
    ]


def _padded(lines: Sequence[str] | None, width: int) -> list[str]:
    assert lines is not None  # (the usage and help lines: checked by the caller's width)
    return [f" {line.ljust(width - 2)} " for line in lines]


def _wrap(text: str, width: int) -> list[str] | None:
    """`text` in lines of at most `width`, as rich wraps it (rich._wrap.divide_line): a word
    goes to the next line when it does not fit, with the spaces after it; None for a word
    longer than a line (rich would fold it)."""
    lines: list[str] = []
    line = ""
    for word in _WORD.findall(text):
        if len(word.rstrip()) > width:
            return None
        if len(line) + len(word.rstrip()) > width and line:
            lines.append(line.rstrip())
            line = word
        else:
            line += word
    lines.append(line.rstrip())
    return [line[:width] for line in lines]
