"""`readlist export`: the reading list in one of the export formats, on stdout or in a file."""

from pathlib import Path
from typing import Annotated

import typer

from readlist import export as exporting
from readlist.cli.context import (
    AuthorFilter,
    CategoryFilter,
    DateFieldFilter,
    QueryArg,
    SinceFilter,
    SourceFilter,
    StatusFilter,
    TagFilter,
    UntilFilter,
    WhereFilter,
    YearFilter,
    chosen_filters,
    echo,
    get_store,
    index_progress,
)
from readlist.errors import UsageError
from readlist.wording import or_list

_GROUPINGS_TEXT = (
    f"{or_list(exporting.GROUPINGS)} (default: export.group_by in `readlist config`, "
    f"{exporting.GROUPINGS[0]})"
)


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(metavar="FORMAT", help=f"{exporting.formats_help()}."),
    ],
    query: QueryArg = None,
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
    author: AuthorFilter = None,
    category: CategoryFilter = None,
    year: YearFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    date_field: DateFieldFilter = "added",
    where: WhereFilter = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            "-g",
            help=f"Markdown only: group papers by {_GROUPINGS_TEXT}.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="With -o: do not say what was written.")
    ] = False,
) -> None:
    from readlist.dates import today
    from readlist.render.terminal import write_bytes

    name = exporting.format_name(fmt)
    if group_by is not None:
        if name != "markdown":
            raise UsageError(f"--group-by applies to markdown only, not to {name}")
        if group_by not in exporting.GROUPINGS:
            raise UsageError(
                f"--group-by {group_by!r} is not one of: {', '.join(exporting.GROUPINGS)}"
            )
    store = get_store(ctx)
    chosen = chosen_filters(ctx)
    selection = exporting.select(store.load(index_progress(store)), chosen)
    text = exporting.render(
        name, selection, today=today(), group_by=group_by or _configured_grouping()
    )
    if output is None or str(output) == "-":
        write_bytes(text)
        return
    exporting.write_output(output, text, reading_list=store.path)
    count = len(selection.papers)
    if not quiet:
        echo(f"Exported {count} paper{'' if count == 1 else 's'} as {name} to {output}")


export.__doc__ = f"""Export the reading list as {exporting.titles()}.

    Example: readlist export markdown --group-by challenge -o READING.md
    """


def _configured_grouping() -> str:
    from readlist import config

    return str(config.get("export.group_by"))
