"""`readlist ingest`: read documents into the reading list, and show what became of each entry.
Warnings go to stderr; stdout ends with one summary line."""

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli.base import app
from readlist.cli.common import echo, get_store, index_progress
from readlist.errors import InputError, UsageError

if TYPE_CHECKING:
    from readlist.ingest.report import IngestReport

# Beyond this many entries, new ones are counted rather than listed (unless --verbose).
LIST_NEW_UP_TO = 200


@app.command(rich_help_panel="Documents")
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
            help="Read every input as: markdown, listing, thread, abstracts, bibtex, csv or "
            "text (default: detected per file).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would happen; write nothing.")
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
) -> None:
    """Merge the papers that documents list (Markdown, threads, BibTeX, CSV...) into the list.

    Example: readlist ingest seeds/ notes.md --dry-run
    """
    from readlist.ingest.pipeline import ingest_paths

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
    _warn(report)
    if as_json:
        echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        echo(_render(report, verbose=verbose or dry_run))
    if report.failed_files:
        raise typer.Exit(InputError.exit_code)


def _warn(report: "IngestReport") -> None:
    lines = []
    for file in report.files:
        if file.error:
            lines.append(f"readlist: warning: {file.error}")
        lines.extend(f"readlist: warning: {warning}" for warning in file.warnings)
    if lines:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()


def _render(report: "IngestReport", *, verbose: bool) -> str:
    from readlist.ingest import detect
    from readlist.ingest.report import MERGED, NEW, SKIPPED, UNCHANGED

    lines: list[str] = []
    for file in report.files:
        if file.error is None:
            kind = detect.describe(file.format) if file.format else "?"
            lines.append(
                f"{file.name}: {kind}, {file.found} entr{'y' if file.found == 1 else 'ies'}"
            )
    verb = {NEW: "new", MERGED: "merged", UNCHANGED: "unchanged", SKIPPED: "skipped"}
    list_new = verbose or report.count(NEW) <= LIST_NEW_UP_TO
    for entry in report.entries:
        if entry.action == NEW and not list_new:
            continue
        if entry.action == UNCHANGED and not verbose:
            continue
        where = f"  {verb[entry.action]:<9} {entry.source}"
        if entry.action == SKIPPED:
            lines.append(f"{where}: {entry.reason}")
        elif entry.action == NEW:
            lines.append(f"{where}: {entry.paper_id}  {entry.label}")
        else:
            detail = entry.reason
            if entry.filled:
                detail += f"; added {', '.join(entry.filled)}"
            lines.append(f"{where}: into {entry.paper_id}  {entry.label} ({detail})")
    if report.count(NEW) and not list_new:
        lines.append(f"  ({report.count(NEW)} new papers not listed; --verbose lists them)")
    for challenge in report.challenges:
        start = f" from {challenge.start}" if challenge.start else ""
        head = f"Challenge {challenge.name}"
        if challenge.created:
            head += f" (new, {challenge.days} days{start})"
        if challenge.days_added:
            plural = "s" if len(challenge.days_added) > 1 else ""
            head += f": day{plural} {_ranges(challenge.days_added)} planned"
        else:
            head += ": no new days"
        lines.append(head)
        lines.extend(f"  skipped   {source}: {reason}" for source, reason in challenge.skipped)
        for pause in challenge.breaks:
            until = f"back on {pause['resumed']}" if pause["resumed"] else "not resumed yet"
            lines.append(
                f"  break     {pause['source']}: a break from {pause['paused']}, {until}, "
                f'as it says: "{pause["said"]}"'
            )
    lines.append(report.summary())
    return "\n".join(lines)


def _ranges(days: list[int]) -> str:
    """[1, 7, 8, 9] -> '1, 7-9'."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + 1 == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
