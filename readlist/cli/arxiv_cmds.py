"""The arXiv commands: fetch (metadata) and resolve (ids for papers without one). Each calls one
function of readlist.arxiv_metadata and shows what it did (readlist.render.arxiv_report)."""

from typing import Annotated

import typer

from readlist.cli.context import (
    JsonOpt,
    NotSinceOpt,
    OfflineOpt,
    QuietOpt,
    RefreshOpt,
    RefsArg,
    confirm,
    echo,
    fill_from_source,
    get_store,
    show_changed,
)


def fetch(
    ctx: typer.Context,
    refs: RefsArg = None,
    refresh: RefreshOpt = False,
    offline: OfflineOpt = False,
    not_since: NotSinceOpt = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Fill in arXiv metadata (title, authors, abstract, dates, categories, DOI...) for papers.

    Example: readlist fetch --refresh 2208.12242
    """
    from readlist import arxiv_metadata
    from readlist.render.arxiv_report import fetch_outcome

    fill_from_source(
        ctx,
        arxiv_metadata.fetch,
        refs,
        asking="arXiv",
        outcome=lambda report: fetch_outcome(report, refresh=refresh),
        refresh=refresh,
        offline=offline,
        not_since=not_since,
        as_json=as_json,
        quiet=quiet,
    )


def resolve(
    ctx: typer.Context,
    refs: RefsArg = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            help="How close (0-100) a title or abstract must match to be accepted "
            "(default: resolve.threshold in `readlist config`, 90).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")] = False,
    offline: OfflineOpt = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Search arXiv again instead of using cached answers.")
    ] = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Find arXiv ids for papers without one, by title or by phrases of their abstract.

    Example: readlist resolve --threshold 92
    """
    from readlist import arxiv_metadata
    from readlist.render import arxiv_report
    from readlist.render.terminal import Outcome, network_bar

    if threshold is None:
        from readlist import config

        threshold = float(config.get("resolve.threshold"))
    # With --json or --quiet what is found goes to stderr: it is what the question asks about
    # (--quiet --yes: nothing is asked, and nothing said).
    aside = as_json or quiet

    def said(line: str) -> None:
        if not (quiet and yes):
            echo(line, aside=aside)

    store = get_store(ctx)
    with network_bar("Searching arXiv") as bar:
        report = arxiv_metadata.find_ids(
            store,
            refs or [],
            threshold=threshold,
            offline=offline,
            refresh=refresh,
            on_progress=bar,
            on_wait=bar.wait,
            on_plan=lambda plan: said(arxiv_report.plan_line(plan)),
        )
    for line in arxiv_report.resolve_lines(report):
        said(line)
    if report.interrupted:
        raise arxiv_report.resolve_interrupted()
    resolved = []
    if report.accepted:
        if confirm(arxiv_report.resolve_question(report), yes, aside=aside):
            applied = arxiv_metadata.apply_resolutions(store, report.accepted)
            resolved = [done.paper for done in applied.applied]
            outcome = arxiv_report.applied_outcome(applied)
            show_changed(resolved, outcome, as_json=as_json, quiet=quiet)
            as_json = False  # printed
        else:
            said("Nothing changed.")
    if as_json:
        show_changed([], Outcome(), as_json=True, quiet=False)
    if report.error is not None:
        raise report.error
