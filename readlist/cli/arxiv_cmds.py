"""The arXiv commands: fetch (metadata), resolve (ids for papers without one), and the fetch
that follows `add`. Each calls one function of readlist.metadata and reports what it did."""

import contextlib
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readlist.cli.base import app
from readlist.cli.common import confirm, echo, get_store
from readlist.errors import Interrupted, NotFoundError, UsageError

if TYPE_CHECKING:
    from readlist.metadata import FetchReport, Proposal, ResolveReport, SearchPlan
    from readlist.models import Paper

RefsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Papers (id, arXiv id or part of a title); default: all that need it."),
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Use only arXiv answers cached earlier; ask nothing.")
]
MAX_LISTED = 20


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback drawing a bar on stderr, on a terminal, when there is more than one
    step to wait for."""
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total <= 1 or not sys.stderr.isatty():
            return
        if not state:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(file=sys.stderr), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if state:
            state["bar"].stop()


def _warn(text: str) -> None:
    sys.stderr.write(f"readlist: {text}\n")
    sys.stderr.flush()


def _listing(pairs: Sequence[tuple[str, str]]) -> list[str]:
    lines = [
        paper_id if paper_id == arxiv_id else f"{paper_id} (arXiv {arxiv_id})"
        for paper_id, arxiv_id in pairs[:MAX_LISTED]
    ]
    if len(pairs) > MAX_LISTED:
        lines.append(f"... and {len(pairs) - MAX_LISTED} more")
    return lines


def _requests_note(requests: int, cached: int) -> str:
    parts = [f"{requests} request{'s' if requests != 1 else ''} to arXiv"]
    if cached:
        parts.append(f"{cached} answer{'s' if cached != 1 else ''} from the cache")
    return ", ".join(parts)


@app.command(rich_help_panel="arXiv")
def fetch(
    ctx: typer.Context,
    refs: RefsArg = None,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Ask again for papers fetched before and update their arXiv metadata "
            "(never your title, status, notes, tags or rating).",
        ),
    ] = False,
    offline: OfflineOpt = False,
) -> None:
    """Fill in arXiv metadata (title, authors, abstract, dates, categories, DOI...) for papers.

    Example: readlist fetch --refresh 2208.12242
    """
    from readlist import metadata

    store = get_store(ctx)
    with _progress("Asking arXiv") as on_progress:
        report = metadata.fetch(
            store, refs or [], refresh=refresh, offline=offline, on_progress=on_progress
        )
    _report_fetch(report, refresh=refresh)


def _report_fetch(report: "FetchReport", *, refresh: bool) -> None:
    if report.asked == 0:
        echo(
            "Nothing to fetch: every paper with an arXiv id has its metadata "
            "(--refresh asks again)."
            if not refresh
            else "Nothing to fetch: no paper has an arXiv id."
        )
        return
    for paper in report.filled:
        echo(f"Fetched {paper.id}  {paper.display_title}")
    if report.filled:
        note = _requests_note(report.requests, report.cached)
        echo(f"Saved the arXiv metadata of {len(report.filled)} of {report.asked} papers ({note}).")
    for paper_id, why in report.malformed:
        _warn(f"{paper_id} not fetched: {why}; fix it with `readlist edit {paper_id}`")
    if report.interrupted:
        raise Interrupted(
            f"interrupted: the {len(report.filled)} papers fetched are saved and the list is "
            f"whole; {len(report.not_fetched)} not fetched yet (run `readlist fetch` again)",
            _listing(report.not_fetched),
        )
    if report.error is not None:
        if report.missing:
            _warn(f"arXiv does not know: {', '.join(_listing(report.missing))}")
        kept = f"; {len(report.filled)} fetched and saved" if report.filled else ""
        raise type(report.error)(
            f"{report.error.message}{kept}; not fetched ({len(report.not_fetched)}):",
            _listing(report.not_fetched),
        )
    if report.malformed and not report.missing:
        raise UsageError(f"{len(report.malformed)} papers have an invalid arXiv id (see above)")
    if report.missing:
        first = report.missing[0][0]
        raise NotFoundError(
            f"arXiv does not know {len(report.missing)} of these ids; check them "
            f"(`readlist edit {first}`):",
            _listing(report.missing),
        )


def fetch_after_add(ctx: typer.Context, paper: "Paper") -> None:
    """Fill a just-added paper's metadata at once: one quick try. Without an answer the paper
    stays added and the user is told how to fill it later."""
    from readlist import metadata

    store = get_store(ctx)
    report = metadata.fetch(store, [paper.id], quick=True)
    if report.filled:
        filled = report.filled[0]
        authors = f", {len(filled.authors)} authors" if filled.authors else ""
        echo(f"Fetched {filled.display_title}{authors}")
        return
    echo("metadata pending: run `readlist fetch`")
    if report.interrupted:
        raise Interrupted(f"interrupted; {paper.id} is added, its metadata is pending")
    if report.missing:
        _warn(f"arXiv does not know {paper.arxiv} (yet); check the id")
    elif report.error is not None:
        _warn(f"no metadata now: {report.error.message}")


@app.command(rich_help_panel="arXiv")
def resolve(
    ctx: typer.Context,
    refs: RefsArg = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            help="How close (0-100) a title or abstract must match to be accepted.",
        ),
    ] = 90.0,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")] = False,
    offline: OfflineOpt = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Search arXiv again instead of using cached answers.")
    ] = False,
) -> None:
    """Find arXiv ids for papers without one, by title or by phrases of their abstract.

    Example: readlist resolve --threshold 92
    """
    from readlist import metadata

    store = get_store(ctx)
    with _progress("Searching arXiv") as on_progress:
        report = metadata.find_ids(
            store,
            refs or [],
            threshold=threshold,
            offline=offline,
            refresh=refresh,
            on_progress=on_progress,
            on_plan=_announce,
        )
    _show_resolve(report)
    if report.interrupted:
        raise Interrupted(
            "interrupted; nothing was changed (answers so far are cached: run "
            "`readlist resolve` again)"
        )
    if report.accepted:
        count = len(report.accepted)
        whom = "this paper its" if count == 1 else f"these {count} papers their"
        question = f"Give {whom} arXiv id?"
        if confirm(question, yes):
            applied = metadata.apply_resolutions(store, report.accepted)
            for done in applied.applied:
                echo(f"Resolved {done.old_id} -> {done.paper.id}  {done.paper.display_title}")
            for paper_id, why in applied.skipped:
                _warn(f"{paper_id} not changed: {why}")
        else:
            echo("Nothing changed.")
    if report.error is not None:
        raise report.error


def _announce(plan: "SearchPlan") -> None:
    """Say, before the first request, how much asking a resolve will take."""
    if plan.first == 0:
        return
    requests = f"{plan.first} request{'s' if plan.first != 1 else ''}"
    if plan.most > plan.first:
        requests += f", up to {plan.most} if some papers need another search"
    if plan.delay > 0:
        pace = f"one request every {plan.delay:g} s"
        took = f"about {_duration(plan.first * plan.delay)}"
        if plan.most > plan.first:
            took += f", at most {_duration(plan.most * plan.delay)}"
        requests += f"; {took} at {pace}"
    papers = f"{plan.papers} paper{'s' if plan.papers != 1 else ''}"
    echo(f"Searching arXiv for {papers}: {requests}.")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{math.ceil(seconds)} s"
    return f"{math.ceil(seconds / 60)} min"


def _proposal_line(proposal: "Proposal") -> str:
    record = proposal.record
    return (
        f"  {proposal.score:5.1f}  {proposal.paper_id} -> {record.arxiv_id}  "
        f"{record.title}  ({proposal.basis})"
    )


def _show_resolve(report: "ResolveReport") -> None:
    threshold = f"{report.threshold:g}"
    for paper_id, why in report.skipped:
        echo(f"Skipped {paper_id}: {why}.")
    if report.accepted:
        echo(f"Matches (score >= {threshold}):")
        for proposal in report.accepted:
            echo(_proposal_line(proposal))
    if report.near_misses:
        lowest = min(p.score for p in report.near_misses)
        echo(
            f"Close, but below {threshold} (not applied; check them, then --threshold "
            f"{int(lowest)} or `readlist edit` accepts them):"
        )
        for proposal in report.near_misses:
            echo(_proposal_line(proposal))
    if report.duplicates:
        echo("Already in the list (not applied):")
        for proposal in report.duplicates:
            echo(f"{_proposal_line(proposal)}  is {proposal.duplicate_of}")
    if report.no_match:
        echo(f"No match on arXiv for: {', '.join(report.no_match)}")
    searched = (
        len(report.accepted)
        + len(report.near_misses)
        + len(report.duplicates)
        + len(report.no_match)
    )
    if searched:
        papers = f"{searched} paper{'s' if searched != 1 else ''}"
        echo(f"Searched for {papers} ({_requests_note(report.requests, report.cached)}).")
    elif not report.skipped and not report.not_searched:
        echo("Nothing to resolve: every paper has an arXiv id.")
