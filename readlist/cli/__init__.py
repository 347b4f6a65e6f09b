"""The command line: `readlist` and `python -m readlist`.

COMMANDS declares every command once, and SUMMARIES what `readlist --help` says of each;
`load_commands` registers them on the one Typer app. `main()` imports and registers only the
command being run, so a command does not pay for importing or parsing the others; help, unknown
names and usage errors before a command are answered from COMMANDS and SUMMARIES, importing no
command at all. `readlist.cli.app` (the attribute of this package) is the app with every
command, as tests need it.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Collection, Sequence
from typing import Any

# Every top-level command, declared once: (section of `readlist --help`, module, names), in the
# order help shows them (Typer shows a section's commands before its groups, so groups come
# last). A name is a function of readlist.cli.<module> (`list_` when the name is a Python
# builtin, `merge_driver` for `merge-driver`), or a Typer app `<name>_app` for a group.
COMMANDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Papers", "papers", (
        "add", "list", "search", "show", "start", "done", "skip", "todo", "tag", "note", "rate",
        "rm", "edit", "open",
    )),
    ("Documents", "ingest_cmd", ("ingest",)),
    ("Documents", "export_cmds", ("export",)),
    ("Challenges", "challenge_cmds", ("progress",)),
    ("Challenges", "stats_cmds", ("stats",)),
    ("Challenges", "challenge_cmds", ("challenge",)),
    ("arXiv", "arxiv_cmds", ("fetch", "resolve")),
    ("Papers", "sources_cmds", ("next",)),
    ("History", "history_cmds", ("history", "undo")),
    ("Sources", "sources_cmds", ("enrich", "news")),
    ("Sharing", "sharing_cmds", (
        "sync", "conflicts", "resolve-conflict", "read", "merge-driver", "git",
    )),
    ("Setup", "setup_cmds", ("where", "config", "completion")),
)  # fmt: skip
COMMAND_MODULES = tuple(dict.fromkeys(module for _, module, _ in COMMANDS))
# What `readlist --help` says of each command: the first paragraph of its own help, kept here so
# that help lists every command without importing one (tests/test_docs.py checks that the two
# agree; a command missing here is imported for its help).
SUMMARIES = {
    "add": "Add papers by arXiv id or link, DOI, URL or title.",
    "list": "List papers, filtered and sorted; finding none is an error (exit 3).",
    "search": "Search titles, short names, authors and ids, forgiving typos; best matches first.",
    "show": "Show papers' records (the ids they are known by, with --quiet).",
    "start": "Start reading papers (a paper read before is read again; its first reading stays).",
    "done": "Mark papers as read (a paper done already: nothing changes unless --date is given).",
    "skip": "Skip papers (they stay in the list, out of the queue).",
    "todo": "Put papers back in the queue (a reading they had is kept).",
    "tag": "Add tags to papers, or remove them.",
    "note": "Add a note to a paper (one paper: every word after it is the note).",
    "rate": "Rate papers from 1 to 5 (the last word is the rating).",
    "rm": "Remove papers from the list (asks first).",
    "edit": "Edit papers' records in $EDITOR, one after the other; an invalid edit is refused "
    "(the edits before it are saved) and the original kept.",
    "open": "Open papers' pages (or PDFs) in the web browser; prints a link it cannot open.",
    "ingest": "Merge the papers that documents list (Markdown, threads, BibTeX, CSV...) into the "
    "list.",
    "export": "Export the reading list as Markdown, BibTeX, CSV, JSON or HTML.",
    "progress": "Show reading progress: every challenge and the list, or one challenge day by day.",
    "challenge": "Run reading challenges (#30daysofDiffusion): plan, log, pause, replan, post.",
    "stats": "Chart papers added and read per week and month, by status and tag, and the last "
    "year.",
    "fetch": "Fill in arXiv metadata (title, authors, abstract, dates, categories, DOI...) for "
    "papers.",
    "resolve": "Find arXiv ids for papers without one, by title or by phrases of their abstract.",
    "next": "Suggest what to read next, best first, with the reasons.",
    "history": "Show the changes made to the list, newest first, as `readlist undo` can take them "
    "back.",
    "undo": "Take back the last change to the list (again: the one before it, and so on).",
    "enrich": "Fill in citations, venue, TLDR and open-access PDF from Semantic Scholar and "
    "Crossref.",
    "news": "Show what changed since you finished your papers.",
    "sync": "Commit the list's changes, merge the remote's paper by paper, push.",
    "conflicts": "List the conflicts a merge left in the list, with both sides' values.",
    "resolve-conflict": "Resolve one conflict: keep ours, take theirs, or give the value.",
    "read": "Record that a reader read papers: a lab's list keeps each person's reading apart.",
    "merge-driver": "Merge three versions of a reading list paper by paper (git runs this; see "
    "`git init`).",
    "git": "Set up git to merge the list paper by paper.",
    "where": "Say which reading list, index, cache and config file readlist uses, and why.",
    "config": "Show every setting: its value, and whether the default, a config file or an "
    "environment variable chose it.",
    "completion": "Print the completion script for your shell: commands, options, paper ids and "
    "short names, challenge names.",
}
# Global options that take a value (everything else before the command is a flag).
_OPTIONS_WITH_VALUE = frozenset({"--file", "-f"})


def load_commands(
    modules: Sequence[str] = COMMAND_MODULES, only: Collection[str] | None = None
) -> Any:
    """Register the commands of `modules` (all by default; of those, only the names `only`
    when given) on the app and return it."""
    from readlist.cli.base import app

    registered = {c.name for c in app.registered_commands}
    registered |= {g.name for g in app.registered_groups}
    for panel, module_name, names in COMMANDS:
        if module_name not in modules:
            continue
        module = importlib.import_module(f"readlist.cli.{module_name}")
        for name in names:
            if name in registered or (only is not None and name not in only):
                continue
            attribute = name.replace("-", "_")
            group = getattr(module, f"{attribute}_app", None)
            if group is not None:
                app.add_typer(group, name=name, rich_help_panel=panel)
            else:
                function = getattr(module, attribute, None) or getattr(module, f"{attribute}_")
                app.command(name, rich_help_panel=panel)(function)
    return app


def help_app() -> Any:
    """An app that lists every command as `readlist --help` shows it (its section and summary)
    without importing any: what answers help, an unknown command (with its "did you mean")
    and a usage error before the command."""
    from readlist.cli.base import new_app

    app = new_app()
    for panel, module_name, names in COMMANDS:
        for name in names:
            summary = SUMMARIES.get(name)
            if summary is None:  # not declared above: the command's own help, imported
                summary = _own_help(module_name, name)
            app.command(name, help=summary, rich_help_panel=panel)(_listed_only)
    return app


def _listed_only() -> None:
    """What a command of help_app would run: never (main runs the real one)."""
    raise AssertionError("a command of the help listing was run; readlist.cli.main loads it")


def _own_help(module_name: str, name: str) -> str:
    import inspect

    import typer

    group = typer.main.get_command(load_commands([module_name], only=[name]))
    command = group.commands[name]  # type: ignore[attr-defined]
    return inspect.cleandoc(command.help or "").split("\n\n")[0]


def command_name(argv: list[str]) -> str | None:
    """The command `argv` runs, or None (help, an unknown name, no command)."""
    rest = _without_global_options(argv)
    if not rest or rest[0].startswith("-"):
        return None  # --help, --version, or an option readlist does not know
    return rest[0] if any(rest[0] in names for _, _, names in COMMANDS) else None


def _without_global_options(argv: list[str]) -> list[str]:
    """`argv` less the global options that take a value (--file X, --file=X, -fX)."""
    rest: list[str] = []
    position = 0
    while position < len(argv):
        word = argv[position]
        if word in _OPTIONS_WITH_VALUE:
            position += 2
            continue
        if not (word.startswith("--file=") or (word.startswith("-f") and len(word) > 2)):
            rest.append(word)
        position += 1
    return rest


def command_module(argv: list[str]) -> str | None:
    """The module defining the command `argv` runs, or None (help, unknown, none)."""
    name = command_name(argv)
    return next((module for _, module, names in COMMANDS if name in names), None)


def main() -> None:
    # What start-up builds (modules, classes, functions) lives as long as the process and is
    # not garbage: the cyclic GC is off while it is built (its collections would only walk it,
    # some 5 ms), then it is frozen, so that no collection looks at it again, nor the one at
    # exit. That is about a tenth of a short command's CPU time. The command runs with the GC
    # on.
    gc.disable()
    gc.freeze()
    from readlist.completion import answer, is_asked

    if is_asked():  # a shell's completion script: answer before Typer is even imported
        sys.exit(answer(sys.argv[1:]))
    from readlist.errors import ReadlistError
    from readlist.render.terminal import flush_output, print_error

    try:
        _check_utf8(sys.argv[1:])
        name = command_name(sys.argv[1:])
        module = command_module(sys.argv[1:])
        app = load_commands([module], only=[name]) if name and module else help_app()
        gc.freeze()
        gc.enable()
        try:
            if not _asks_for_help_only(sys.argv[1:]) or not _plain_help(app):
                app(prog_name="readlist")
        finally:
            flush_output()
    except ReadlistError as error:  # raised outside a command: argv, or writing the output
        print_error(error)
        sys.exit(error.exit_code)


def _asks_for_help_only(argv: list[str]) -> bool:
    """`readlist --help` (or -h), maybe with --file: readlist's own help and nothing else."""
    return _without_global_options(argv) in (["--help"], ["-h"])


def _plain_help(app: Any) -> bool:
    """Print `readlist --help` without rich when the output is plain text (render.help lays it
    out as Typer's rich help would); False when Typer should print it."""
    import typer

    from readlist.render.help import plain_width, top_level_help
    from readlist.render.terminal import write

    width = plain_width()
    if width is None:
        return False
    group = typer.main.get_command(app)
    text = top_level_help(group, group.make_context("readlist", [], resilient_parsing=True), width)
    if text is None:
        return False
    write(text)
    return True


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
