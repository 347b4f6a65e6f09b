"""`readlist ingest`: read documents into the reading list, and show what became of each entry.
Warnings go to stderr; stdout ends with one summary line."""

import sys
from typing import Annotated

import typer

from readlist.cli.context import QuietOpt, echo, get_store, index_progress
from readlist.errors import InputError, UsageError
from readlist.ingest import detect


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (every file inside) or - for stdin.", show_default=False
        ),
    ],
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            help=f"Read every input as: {detect.choices()} (default: detected per file).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; write nothing.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every entry, unchanged ones too.")
    ] = False,
    max_size: Annotated[
        float,
        typer.Option(
            "--max-size",
            help="Refuse documents over this many MB (0: no limit).",
            show_default=True,
        ),
    ] = 32,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON instead.")
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Merge the papers that documents list (Markdown, threads, BibTeX, CSV...) into the list.

    Example: readlist ingest seeds/ notes.md --dry-run
    """
    from readlist.ingest.pipeline import ingest_paths
    from readlist.render import ingest_report
    from readlist.render.terminal import warn

    if max_size < 0:
        raise UsageError("--max-size must be 0 (no limit) or a number of MB")
    store = get_store(ctx)
    max_bytes = int(max_size * 1_000_000) if max_size else None
    report = ingest_paths(
        store,
        paths,
        format_name=format_name,
        dry_run=dry_run,
        # One byte more than the limit is enough to know stdin is over it.
        stdin=lambda: sys.stdin.buffer.read(-1 if max_bytes is None else max_bytes + 1),
        max_bytes=max_bytes,
        on_progress=index_progress(store),
    )
    warn(*ingest_report.warnings(report))
    if as_json:
        echo(ingest_report.as_json(report))
    elif not quiet:
        echo(ingest_report.as_text(report, verbose=verbose or dry_run))
    if report.failed_files or report.empty_files:
        raise typer.Exit(InputError.exit_code)
