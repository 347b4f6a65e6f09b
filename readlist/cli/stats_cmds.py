"""`readlist stats`: papers added and read over time, by status and by tag."""

from pathlib import Path
from typing import Annotated

import typer

from readlist.cli.context import get_store, index_progress, nothing_listed, save_svg


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also save the charts as an SVG picture.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing (with --svg: only save it).")
    ] = False,
) -> None:
    """Chart papers added and read per week and month, by status and tag, and the last year.

    Example: readlist stats --svg stats.svg
    """
    from readlist import dates
    from readlist.errors import NotFoundError
    from readlist.render import stats as draw
    from readlist.render.terminal import write
    from readlist.stats import compute

    store = get_store(ctx)
    figures = compute(store.load(index_progress(store)), dates.today())
    if figures.empty:
        raise NotFoundError(nothing_listed(store, False, 0))
    if as_json or not quiet:
        write(draw.as_json(figures) if as_json else draw.text(figures))
    if svg is not None:
        save_svg(store, svg, draw.svg(figures), "the statistics")
