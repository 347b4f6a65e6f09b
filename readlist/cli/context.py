"""What every command needs: the store for the chosen file, progress for long index builds,
confirmation prompts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readlist.cli.base import State
from readlist.filters import DATE_FIELDS
from readlist.models import PAPER_FIELDS, STATUSES
from readlist.wording import or_list

if TYPE_CHECKING:
    from readlist.errors import AmbiguousError, NotFoundError
    from readlist.filters import Filters
    from readlist.models import Paper
    from readlist.render.terminal import Outcome
    from readlist.store import Library, Store

# The filters `list` and `export` share (readlist.filters parses and applies them).
QueryArg = Annotated[
    list[str] | None,
    typer.Argument(help="Words to find in titles, authors, tags, notes, ids.", show_default=False),
]
StatusFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        metavar="STATUS",
        help=f"Only these: {or_list(list(STATUSES))}; several as done,reading.",
        show_default=False,
    ),
]
TagFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Only papers with this tag or one below it; 'A,B' either, '!A' not; "
        "repeat for all of them.",
        show_default=False,
    ),
]
SourceFilter = Annotated[
    str | None, typer.Option("--source", help="Only papers that came from this file.")
]
AuthorFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--author",
        metavar="NAME",
        help="Only papers with an author named so (part of the name; repeatable).",
        show_default=False,
    ),
]
CategoryFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--category",
        metavar="CATEGORY",
        help="Only papers in this arXiv category (cs.CV) or group (cs); repeatable.",
        show_default=False,
    ),
]
YearFilter = Annotated[
    int | None,
    typer.Option("--year", metavar="YEAR", help="Only papers whose date (--date-field) is in it."),
]
SinceFilter = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="Only papers whose date is on or after DATE."),
]
UntilFilter = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Only papers whose date is on or before DATE."),
]
DateFieldFilter = Annotated[
    str,
    typer.Option(
        "--date-field",
        metavar="|".join(DATE_FIELDS),
        help="The date --year, --since and --until look at.",
    ),
]

PapersArg = Annotated[
    list[str],
    typer.Argument(
        metavar="REF",
        help="Papers: ids, arXiv ids or URLs, or parts of titles (several allowed).",
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print the papers' records as a JSON array instead.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
IdsOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the ids, one a line.")]
ChallengeJsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Print the challenge as `challenge list --json` does, instead."),
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
NotSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--not-since",
        metavar="YYYY-MM-DD",
        help="With --refresh: only papers not asked about since this day (what an interrupted "
        "refresh left).",
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


def chosen_filters(ctx: typer.Context) -> Filters:
    """The filters of a command that takes the shared filter options (QueryArg, StatusFilter...),
    read from its parameters by name."""
    from readlist.filters import build

    given = ctx.params
    return build(
        statuses=given["status"] or [],
        tags=given["tag"] or [],
        source=given["source"],
        query=given["query"],
        date_field=given["date_field"],
        year=given["year"],
        since=given["since"],
        until=given["until"],
        where=given["where"] or [],
        authors=given["author"] or [],
        categories=given["category"] or [],
    )


def get_store(ctx: typer.Context) -> Store:
    import sys

    from readlist.paths import list_path
    from readlist.store import Store

    state = ctx.find_root().obj
    file = state.file if isinstance(state, State) else None
    store = Store(list_path(file))
    store.command = command_line(ctx.find_root().meta.get("readlist.args", sys.argv[1:]))
    return store


def command_line(argv: Sequence[str]) -> str:
    """How the journal's step names the command that made it (Store.command)."""
    import shlex

    return " ".join(["readlist", *(shlex.quote(a) for a in argv)])


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


def find_papers(library: Library, refs: Sequence[str]) -> list[Paper]:
    """The papers `refs` name, each once, in order. An ambiguous REF on a terminal is a
    numbered choice; elsewhere it is the error it was (exit 4, the candidates listed)."""
    from readlist.errors import AmbiguousError, NotFoundError
    from readlist.match import resolve_ref

    found: dict[str, Paper] = {}
    for ref in refs:
        try:
            paper = resolve_ref(library, ref)
        except AmbiguousError as error:
            paper = _choose(library, ref, error)
        except NotFoundError as error:
            raise _with_suggestions(library, ref, error) from None
        found.setdefault(paper.id, paper)
    return list(found.values())


def _with_suggestions(library: Library, ref: str, error: NotFoundError) -> NotFoundError:
    """A REF that matches nothing: the error, with the closest papers as a "did you mean"."""
    from readlist.ids import looks_like_arxiv, try_parse_link
    from readlist.render.papers import did_you_mean
    from readlist.search import suggestions

    if "did you mean" in error.message or looks_like_arxiv(ref.strip()) or try_parse_link(ref):
        return error  # an id names one paper: a paper with a similar title is not it
    close = suggestions(library, ref)
    if not close:
        return error
    error.message = f"no paper matches {ref!r}; did you mean {did_you_mean(close)}?"
    return error


def _choose(library: Library, ref: str, error: AmbiguousError) -> Paper:
    import sys

    if not (error.ids and sys.stdin.isatty() and sys.stdout.isatty()):
        raise error
    from readlist.render.papers import choice_menu

    typer.echo(choice_menu(ref, error.details), err=True)
    answer = typer.prompt(
        f"Which one (1-{len(error.ids)}, Enter for none)", default="", show_default=False, err=True
    )
    if answer.strip().isdigit() and 1 <= int(answer) <= len(error.ids):
        chosen = library.get(error.ids[int(answer) - 1])
        if chosen is not None:
            return chosen
    raise error


def show_outcome(outcome: Outcome, *, quiet: bool = False) -> None:
    """Print what a command did (its lines unless `quiet`, its warnings always); then end with
    its error, if it has one."""
    from readlist.render.terminal import print_outcome

    print_outcome(outcome, quiet=quiet)
    if outcome.error is not None:
        raise outcome.error


def show_changed(papers: Sequence[Paper], outcome: Outcome, *, as_json: bool, quiet: bool) -> None:
    """What a command that changes papers prints: its lines; or (--json) the changed papers'
    records, the shape of `list --json`; or nothing (--quiet). Its warnings go to stderr in
    any case; then its error, if it has one, ends the command."""
    from readlist.render.papers import print_changed
    from readlist.render.terminal import Outcome

    print_changed(papers, outcome.lines, as_json=as_json, quiet=quiet)
    show_outcome(Outcome(warnings=outcome.warnings, error=outcome.error))


def fill_from_source(
    ctx: typer.Context,
    fill: Callable[..., Any],
    refs: list[str] | None,
    *,
    asking: str,
    outcome: Callable[[Any], Outcome],
    refresh: bool,
    offline: bool,
    not_since: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """What `fetch` and `enrich` do around their source: read --not-since, call `fill` under a
    network bar saying whom it is asking, then show the papers it filled (`outcome` words the
    report)."""
    from readlist.dates import parse_date_option
    from readlist.render.terminal import network_bar

    store = get_store(ctx)
    since = parse_date_option(not_since, "--not-since")
    with network_bar(f"Asking {asking}") as bar:
        report = fill(
            store,
            refs or [],
            refresh=refresh,
            offline=offline,
            on_progress=bar,
            on_wait=bar.wait,
            not_since=since,
        )
    show_changed(report.filled, outcome(report), as_json=as_json, quiet=quiet)


def confirm(question: str, assume_yes: bool, *, aside: bool = False) -> bool:
    """Yes when `assume_yes`; otherwise the user's answer (no one to ask, e.g. stdin not a
    terminal and empty, counts as no). `aside`: asked on stderr, as when stdout is --json or
    --quiet (and the answer is read without echoing anything to stdout)."""
    if assume_yes:
        return True
    if not aside:
        return typer.confirm(question, default=False)
    import sys

    sys.stderr.write(f"{question} [y/N]: ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def echo(text: str, *, aside: bool = False) -> None:
    """A line on stdout; `aside`: on stderr, as what --json or --quiet keep off stdout."""
    from readlist.wording import visible

    typer.echo(visible(text), err=aside)


def save_svg(store: Store, path: Path, svg: str, what: str) -> None:
    """`--svg PATH`: the picture written as exports are (atomically; never over the reading
    list or a file readlist keeps beside it), then a notice saying where `what` went."""
    from readlist.export import write_output
    from readlist.render.terminal import notice

    write_output(path, svg, reading_list=store.path, option="--svg")
    notice(f"Saved {what} to {path}")


def nothing_listed(store: Store, filtered: bool, total: int) -> str:
    """Why a command that shows papers found none: the filters, a missing or an empty list."""
    if filtered and total:
        return f"no paper matches these filters ({total} in {store.name})"
    if not store.path.exists():
        return (
            f"{store.name} does not exist yet: `readlist add REF` starts it "
            "(`readlist where` says which list is used and why)"
        )
    return f"{store.name} has no papers yet: add some with `readlist add` or `readlist ingest`"
