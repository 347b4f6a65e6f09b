"""The commands that ask Semantic Scholar and Crossref as well as arXiv: news (what changed
since you finished a paper). Each calls one core function and shows what it did
(readlist.render.sources_report)."""

from typing import Annotated

import typer

from readlist.cli.context import DoneRefsArg, OfflineOpt, get_store, show_outcome


def news(
    ctx: typer.Context,
    refs: DoneRefsArg = None,
    tag: Annotated[
        bool, typer.Option("--tag", help="Tag the papers that have news `reread`.")
    ] = False,
    offline: OfflineOpt = False,
) -> None:
    """Show what changed since you finished your papers: new arXiv versions, a published
    version, withdrawal or retraction notices.

    Example: readlist news --tag
    """
    from readlist import news as news_core
    from readlist.render.sources_report import news_outcome
    from readlist.render.terminal import ProgressBar

    store = get_store(ctx)
    label = news_core.REREAD_TAG if tag else None
    with ProgressBar("Asking arXiv") as bar:
        report = news_core.news(
            store, refs or [], tag=label, offline=offline, on_progress=bar, on_wait=bar.wait
        )
    show_outcome(news_outcome(report, label))
