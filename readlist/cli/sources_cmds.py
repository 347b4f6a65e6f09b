"""The commands built on Semantic Scholar's and Crossref's metadata as well as arXiv's: enrich
(citations, venue, TLDR...), news (what changed since you finished a paper) and next (what to
read next, and why). Each calls one core function and shows what it
did (readlist.render.sources_report)."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from readlist.cli.context import (
    DoneRefsArg,
    IdsOpt,
    JsonOpt,
    NotSinceOpt,
    OfflineOpt,
    QuietOpt,
    RefreshOpt,
    RefsArg,
    fill_from_source,
    get_store,
    show_outcome,
)

if TYPE_CHECKING:
    from readlist.models import Paper
    from readlist.news import Change


def enrich(
    ctx: typer.Context,
    refs: RefsArg = None,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    not_since: NotSinceOpt = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Fill in citations, venue, TLDR and open-access PDF from Semantic Scholar and Crossref.

    Papers known only by a DOI also get their title, authors and date (Crossref) and their
    arXiv id (Semantic Scholar). Up to 500 papers a request.

    Example: readlist enrich 2208.12242
    """
    from readlist.enrich import enrich as enrich_papers
    from readlist.render.sources_report import enrich_outcome

    fill_from_source(
        ctx,
        enrich_papers,
        refs,
        asking="Semantic Scholar",
        outcome=enrich_outcome,
        refresh=refresh,
        offline=offline,
        not_since=not_since,
        as_json=as_json,
        quiet=quiet,
    )


def news(
    ctx: typer.Context,
    refs: DoneRefsArg = None,
    tag: Annotated[
        bool, typer.Option("--tag", help="Tag the papers that have news `reread`.")
    ] = False,
    offline: OfflineOpt = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the records of the papers with news, each with its `news`."
        ),
    ] = False,
    quiet: IdsOpt = False,
) -> None:
    """Show what changed since you finished your papers.

    New arXiv versions, a published version, withdrawal or retraction notices.
    Nothing is changed unless --tag asks to tag those papers `reread`.

    Example: readlist news --tag
    """
    from readlist import news as news_core
    from readlist.render.sources_report import news_outcome
    from readlist.render.terminal import network_bar

    store = get_store(ctx)
    label = news_core.REREAD_TAG if tag else None
    with network_bar("Asking arXiv") as bar:
        report = news_core.news(
            store, refs or [], tag=label, offline=offline, on_progress=bar, on_wait=bar.wait
        )
    outcome = news_outcome(report, label)
    if as_json or quiet:
        _print_annotated(
            [({"news": [_change(c) for c in item.changes]}, item.paper) for item in report.news],
            as_json=as_json,
        )
        outcome.lines = []
    show_outcome(outcome)


def next_(
    ctx: typer.Context,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only papers with this tag or one below it.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, help="How many to suggest.")
    ] = 5,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the records, each with its `score`, `planned` and `reasons`."
        ),
    ] = False,
    quiet: IdsOpt = False,
) -> None:
    """Suggest what to read next, best first, with the reasons.

    Planned challenge days come first, then the highest score:
    started 25, citations up to 40, recency up to 20, your tags up to 15.

    Example: readlist next --tag diffusion -n 3
    """
    from readlist.render.sources_report import next_outcome
    from readlist.suggest import next_papers

    library = get_store(ctx).load()
    suggestions = next_papers(library, tag=tag, limit=limit)
    outcome = next_outcome(suggestions, tag)
    if as_json or quiet:
        rows = [
            (
                {
                    "score": round(s.score, 1),
                    "planned": s.planned.isoformat() if s.planned else None,
                    "reasons": s.reasons,
                },
                s.paper,
            )
            for s in suggestions
        ]
        _print_annotated(rows, as_json=as_json)
        outcome.lines = []
    show_outcome(outcome)


def _change(change: "Change") -> dict[str, Any]:
    return {
        "kind": change.kind,
        "text": change.text,
        "on": change.on.isoformat() if change.on else None,
    }


def _print_annotated(rows: "list[tuple[dict[str, Any], Paper]]", *, as_json: bool) -> None:
    """--json: the papers' records with what the command says of each first; --quiet: ids."""
    from readlist.render.papers import annotated_json
    from readlist.render.terminal import write

    if as_json:
        write(annotated_json(rows))
    else:
        for _, paper in rows:
            write(paper.id)
