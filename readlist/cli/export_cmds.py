"""`readlist export`: the reading list as Markdown, BibTeX, CSV or JSON, on stdout or in a file."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from readlist.cli.base import app
from readlist.cli.common import (
    SourceFilter,
    StatusFilter,
    TagFilter,
    WhereFilter,
    echo,
    get_store,
    index_progress,
)
from readlist.errors import UsageError


@app.command("export", rich_help_panel="Documents")
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(metavar="FORMAT", help="markdown (md), bibtex (bib), csv or json."),
    ],
    query: Annotated[
        str | None, typer.Argument(help="Words to find in titles, authors, tags, notes, ids.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    status: StatusFilter = None,
    tag: TagFilter = None,
    source: SourceFilter = None,
    where: WhereFilter = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            "-g",
            help="Markdown only: group papers by status (default), tag, challenge or none.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export the reading list as Markdown, BibTeX, CSV or JSON.

    Example: readlist export markdown --group-by challenge -o READING.md
    """
    from readlist import export as exporting
    from readlist.dates import today

    name = exporting.format_name(fmt)
    if group_by is not None:
        if name != "markdown":
            raise UsageError(f"--group-by applies to markdown only, not to {name}")
        if group_by not in exporting.GROUPINGS:
            raise UsageError(
                f"--group-by {group_by!r} is not one of: {', '.join(exporting.GROUPINGS)}"
            )
    store = get_store(ctx)
    selection = exporting.select(
        store.load(index_progress(store)),
        statuses=status or [],
        tags=tag or [],
        source=source,
        where=where or [],
        query=query,
    )
    text = exporting.render(name, selection, today=today(), group_by=group_by or "status")
    if output is None or str(output) == "-":
        _write_stdout(text)
        return
    exporting.write_output(output, text, reading_list=store.path)
    count = len(selection.papers)
    echo(f"Exported {count} paper{'' if count == 1 else 's'} as {name} to {output}")


def _write_stdout(text: str) -> None:
    # Bytes, so the output is UTF-8 and keeps CSV's \r\n whatever the locale says.
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
