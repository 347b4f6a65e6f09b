"""What every command needs: the store for the chosen file, progress for long index builds,
confirmation prompts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readlist.cli.base import State
from readlist.models import PAPER_FIELDS, Status

if TYPE_CHECKING:
    from readlist.store import Store

# The filters `list` and `export` share.
StatusFilter = Annotated[
    list[Status] | None, typer.Option("--status", "-s", help="Only this status (repeatable).")
]
TagFilter = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Only papers with this tag or one below it (repeatable)."),
]
SourceFilter = Annotated[
    str | None, typer.Option("--source", help="Only papers that came from this file.")
]
WhereFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        "-w",
        metavar="FIELD=TEXT",
        help="Only papers whose FIELD contains TEXT, e.g. --where published=2023 (repeatable; "
        f"FIELD: {', '.join(s.name for s in PAPER_FIELDS if s.column)}).",
    ),
]

# Index builds smaller than this finish before a progress bar would be worth drawing.
PROGRESS_MIN_RECORDS = 2000


def get_store(ctx: typer.Context) -> Store:
    from readlist.paths import list_path
    from readlist.store import Store

    state = ctx.find_root().obj
    file = state.file if isinstance(state, State) else None
    return Store(list_path(file))


def index_progress(store: Store) -> Callable[[int, int], None]:
    """A callback that shows the (re)indexing of a large list: a bar on a terminal, two lines
    on stderr otherwise."""
    started: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN_RECORDS:
            return
        if not started:
            if sys.stderr.isatty():
                from rich.progress import Progress

                progress = Progress(transient=True, console=_stderr_console())
                progress.start()
                started["bar"] = progress
                started["task"] = progress.add_task(f"Reading {store.name}", total=total)
            else:
                sys.stderr.write(
                    f"readlist: {store.name} changed since it was last read; indexing "
                    f"{total} papers...\n"
                )
                started["plain"] = True
        if "bar" in started:
            started["bar"].update(started["task"], completed=done)
            if done >= total:
                started["bar"].stop()
        elif done >= total:
            sys.stderr.write(f"readlist: indexed {total} papers.\n")

    return update


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


def confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        # No one to ask: refuse rather than guess.
        return typer.confirm(question, default=False)
    return typer.confirm(question, default=False)


def echo(text: str) -> None:
    typer.echo(text)
