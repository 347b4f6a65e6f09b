"""What every command needs: the store for the chosen file, progress for long index builds,
confirmation prompts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli.base import State
from readlist.models import PAPER_FIELDS, Status

if TYPE_CHECKING:
    from readlist.render.terminal import Outcome
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
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")]

RefreshOpt = Annotated[
    bool,
    typer.Option(
        "--refresh",
        help="Ask again about papers asked about before and update what the source gave "
        "(never your title, status, notes, tags, rating or venue).",
    ),
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Use only answers cached earlier; ask nothing.")
]


_REFS = "Papers (id, arXiv id or part of a title); default: "
# The papers a network command works on, and which it takes when none is named.
RefsArg = Annotated[list[str] | None, typer.Argument(help=_REFS + "all that need it.")]
DoneRefsArg = Annotated[list[str] | None, typer.Argument(help=_REFS + "every done paper.")]


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
    from readlist.render.terminal import ProgressBar

    return ProgressBar(
        f"Reading {store.name}",
        min_total=PROGRESS_MIN_RECORDS,
        plain_start=lambda total: (
            f"readlist: {store.name} changed since it was last read; indexing {total} papers..."
        ),
        plain_end=lambda total: f"readlist: indexed {total} papers.",
    )


def show_outcome(outcome: Outcome) -> None:
    """Print what a command did; then end with its error, if it has one."""
    from readlist.render.terminal import print_outcome

    print_outcome(outcome)
    if outcome.error is not None:
        raise outcome.error


def confirm(question: str, assume_yes: bool) -> bool:
    """Yes when `assume_yes`; otherwise the user's answer (no one to ask, e.g. stdin not a
    terminal and empty, counts as no)."""
    return assume_yes or typer.confirm(question, default=False)


def echo(text: str) -> None:
    typer.echo(text)
