"""The commands built on Semantic Scholar's and Crossref's metadata as well as arXiv's: enrich
(citations, venue, TLDR...), news (what changed since you finished a paper) and next (what to
read next, and why). Each calls one core function and shows what it
did (readlist.render.sources_report)."""

from typing import Annotated

import typer

from readlist.cli.context import (
    DoneRefsArg,
    NotSinceOpt,
    OfflineOpt,
    RefreshOpt,
    RefsArg,
    get_store,
    show_outcome,
)


def enrich(
    ctx: typer.Context,
    refs: RefsArg = None,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    not_since: NotSinceOpt = None,
) -> None:
    """Fill in citations, venue, TLDR and open-access PDF from Semantic Scholar and Crossref.

    Papers known only by a DOI also get their title, authors and date (Crossref) and their
    arXiv id (Semantic Scholar). Up to 500 papers a request.

    Example: readlist enrich 2208.12242
    """
    from readlist.dates import parse_date_option
    from readlist.enrich import enrich as enrich_papers
    from readlist.render.sources_report import enrich_outcome
    from readlist.render.terminal import network_bar

    store = get_store(ctx)
    since = parse_date_option(not_since, "--not-since")
    with network_bar("Asking Semantic Scholar") as bar:
        report = enrich_papers(
            store,
            refs or [],
            refresh=refresh,
            offline=offline,
            on_progress=bar,
            on_wait=bar.wait,
            not_since=since,
        )
    show_outcome(enrich_outcome(report))


def news(
    ctx: typer.Context,
    refs: DoneRefsArg = None,
    tag: Annotated[
        bool, typer.Option("--tag", help="Tag the papers that have news `reread`.")
    ] = False,
    offline: OfflineOpt = False,
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
    show_outcome(news_outcome(report, label))


def next_(
    ctx: typer.Context,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only papers with this tag or one below it.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, help="How many to suggest.")
    ] = 5,
) -> None:
    """Suggest what to read next, best first, with the reasons.

    Planned challenge days come first, then the highest score:
    started 25, citations up to 40, recency up to 20, your tags up to 15.

    Example: readlist next --tag diffusion -n 3
    """
    from readlist.render.sources_report import next_outcome
    from readlist.suggest import next_papers

    library = get_store(ctx).load()
    show_outcome(next_outcome(next_papers(library, tag=tag, limit=limit), tag))
