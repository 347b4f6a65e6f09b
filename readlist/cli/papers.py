"""The everyday commands: add, list, search, show, start, done, skip, todo, tag, note, rate, rm,
edit, open. Each parses its arguments, calls one library function, and renders the result."""

import os
from pathlib import Path
from typing import Annotated

import typer

from readlist.cli.common import (
    SourceFilter,
    StatusFilter,
    TagFilter,
    WhereFilter,
    YesOption,
    confirm,
    echo,
    get_store,
    index_progress,
    show_outcome,
)
from readlist.errors import DuplicateError, InputError, UsageError
from readlist.models import Status
from readlist.render.papers import summary

RefArg = Annotated[str, typer.Argument(help="Paper id, arXiv id or URL, or part of its title.")]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", "-d", help="When (YYYY-MM-DD, today, yesterday, -3d); default today."),
]


def add(
    ctx: typer.Context,
    paper: Annotated[
        str, typer.Argument(help="arXiv id or link (any form), a DOI, another link, or a title.")
    ],
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="Tag it (repeatable).")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="A note to keep with it.")
    ] = None,
    status: Annotated[Status, typer.Option("--status", "-s", help="Its status.")] = Status.TODO,
    title: Annotated[
        str | None, typer.Option("--title", help="Its title, when adding by id or URL.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Add it even when a close title is already there.")
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="Do not ask arXiv for its metadata now.")
    ] = False,
) -> None:
    """Add a paper by arXiv id or link, DOI, URL or title.

    Example: readlist add https://arxiv.org/abs/2208.12242 --tag diffusion
    """
    from readlist import library

    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        result = library.add(
            txn, paper, title=title, tags=tag or [], note=note, status=status, force=force
        )
    if result.existing is not None:
        raise DuplicateError(
            f"already in the list as {result.existing.id} ({result.existing.display_title}); "
            "nothing changed (--force adds it anyway)"
        )
    echo(f"Added {summary(result.paper)}")
    if result.notice:
        from readlist.render.terminal import warn

        warn(result.notice)
    if result.paper.arxiv and not offline:
        # One quick try: without an answer the paper stays added, its metadata pending.
        from readlist import metadata
        from readlist.render.arxiv_report import added_outcome

        report = metadata.fetch(store, [result.paper.id], quick=True)
        show_outcome(added_outcome(report, result.paper))


def list_(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Argument(help="Words to find in titles, authors, tags, notes, ids.")
    ] = None,
    status: StatusFilter = None,
    tag: TagFilter = None,
    source: SourceFilter = None,
    where: WhereFilter = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="file, added, title, status, started, finished, published, rating, citations "
            "(most cited first) or id.",
        ),
    ] = "file",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Show at most N.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of records.")] = False,
) -> None:
    """List papers, filtered and sorted.

    Example: readlist list --status todo --tag AIGC --limit 20
    """
    from readlist import library
    from readlist.render.papers import print_papers

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    papers = library.list_papers(
        lib,
        statuses=status or [],
        tags=tag or [],
        source=source,
        where=where or [],
        query=query,
        sort=sort,
        reverse=reverse,
        limit=limit,
        summaries=not as_json,
    )
    print_papers(papers, lib.count(), as_json=as_json)


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What to look for in titles (fuzzy).")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most N.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Search every title, fuzzily, best matches first.

    Example: readlist search "diffusion classifier"
    """
    from readlist import match
    from readlist.render.papers import print_search

    store = get_store(ctx)
    hits = match.search(store.load(index_progress(store)), text, limit=limit)
    print_search(hits, text, as_json=as_json)


def show(
    ctx: typer.Context,
    ref: RefArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Show one paper's record.

    Example: readlist show dreambooth
    """
    from readlist.match import resolve_ref
    from readlist.render.papers import paper_json, print_paper

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    paper = resolve_ref(lib, ref)
    if as_json:
        echo(paper_json(paper).rstrip("\n"))
    else:
        print_paper(paper, lib.challenges)


def _change_status(ctx: typer.Context, ref: str, status: Status, date: str | None) -> None:
    from readlist import library
    from readlist.dates import parse_date_option
    from readlist.match import resolve_ref

    when = parse_date_option(date, "--date") if date else None
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        paper = library.set_status(txn, resolve_ref(txn, ref), status, when)
    stamp = {Status.DONE: paper.finished, Status.READING: paper.started}.get(status)
    suffix = f" on {stamp.isoformat()}" if stamp else ""
    echo(f"{status}: {summary(paper)}{suffix}")


def start(ctx: typer.Context, ref: RefArg, date: DateOpt = None) -> None:
    """Start reading a paper.

    Example: readlist start 2208.12242
    """
    _change_status(ctx, ref, Status.READING, date)


def done(ctx: typer.Context, ref: RefArg, date: DateOpt = None) -> None:
    """Mark a paper as read.

    Example: readlist done dreambooth --date 2023-01-02
    """
    _change_status(ctx, ref, Status.DONE, date)


def skip(ctx: typer.Context, ref: RefArg) -> None:
    """Skip a paper (it stays in the list, out of the queue).

    Example: readlist skip 2303.11717
    """
    _change_status(ctx, ref, Status.SKIPPED, None)


def todo(ctx: typer.Context, ref: RefArg) -> None:
    """Put a paper back in the queue.

    Example: readlist todo 2303.11717
    """
    _change_status(ctx, ref, Status.TODO, None)


def tag(
    ctx: typer.Context,
    ref: RefArg,
    tags: Annotated[list[str], typer.Argument(help="Tags to add (or remove).")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove these tags.")] = False,
) -> None:
    """Add tags to a paper, or remove them.

    Example: readlist tag 2208.12242 diffusion personalization
    """
    from readlist import library
    from readlist.match import resolve_ref

    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        paper = library.tag(txn, resolve_ref(txn, ref), tags, remove=remove)
    echo(f"Tags of {paper.id}: {', '.join(paper.tags) or '(none)'}")


def note(
    ctx: typer.Context,
    ref: RefArg,
    text: Annotated[str, typer.Argument(help="The note.")],
    replace: Annotated[bool, typer.Option("--replace", help="Replace the notes.")] = False,
) -> None:
    """Add a note to a paper.

    Example: readlist note dreambooth "Uses a rare-token identifier"
    """
    from readlist import library
    from readlist.match import resolve_ref

    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        paper = library.note(txn, resolve_ref(txn, ref), text, replace=replace)
    echo(f"Noted on {summary(paper)}")


def rate(
    ctx: typer.Context,
    ref: RefArg,
    rating: Annotated[int, typer.Argument(help="1 to 5 (0 clears the rating).")],
) -> None:
    """Rate a paper from 1 to 5.

    Example: readlist rate dreambooth 5
    """
    from readlist import library
    from readlist.match import resolve_ref

    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        paper = library.rate(txn, resolve_ref(txn, ref), rating or None)
    echo(f"Rated {paper.id}: {paper.rating or 'no rating'}")


def rm(
    ctx: typer.Context,
    ref: RefArg,
    yes: YesOption = False,
) -> None:
    """Remove a paper from the list (asks first).

    Example: readlist rm 2303.11717 --yes
    """
    from readlist import library
    from readlist.match import resolve_ref

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    target = resolve_ref(lib, ref)
    if not confirm(f"Remove {summary(target)}?", yes):
        echo("Nothing removed.")
        raise typer.Exit(1)
    with store.transaction() as txn:
        paper = txn.get(target.id)
        if paper is None:
            raise UsageError(f"{target.id} was removed meanwhile; nothing to do")
        left = library.remove(txn, paper)
    echo(f"Removed {summary(target)}")
    if left:
        echo(f"  (and its day in: {', '.join(left)})")


def edit(ctx: typer.Context, ref: RefArg) -> None:
    """Edit a paper's record in $EDITOR; an invalid edit is refused and the original kept.

    Example: EDITOR=nano readlist edit dreambooth
    """
    import tempfile

    from readlist import library
    from readlist.match import resolve_ref

    store = get_store(ctx)
    target = resolve_ref(store.load(index_progress(store)), ref)
    original = library.record_text(target)
    handle, name = tempfile.mkstemp(prefix=f"readlist-{_safe(target.id)}-", suffix=".yaml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(original)
    _run_editor(name)
    edited_text = Path(name).read_text(encoding="utf-8")
    if edited_text == original:
        os.unlink(name)
        echo("No changes.")
        return
    try:
        with store.transaction() as txn:
            paper = txn.get(target.id)
            if paper is None:
                raise UsageError(f"{target.id} was removed meanwhile; your edit is in {name}")
            result = library.apply_edit(txn, paper, edited_text, name)
    except InputError as exc:
        exc.message += f". The record is unchanged; your edit is kept in {name}"
        raise
    os.unlink(name)
    echo("No changes." if result is None else f"Saved {summary(result)}")


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "-" for c in text)


def _run_editor(path: str) -> None:
    import shlex
    import subprocess

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        finished = subprocess.run([*shlex.split(command), path], check=False)
    except FileNotFoundError:
        raise UsageError(
            f"cannot start the editor {command!r}: set EDITOR to an installed editor"
        ) from None
    if finished.returncode != 0:
        raise UsageError(
            f"the editor {command!r} exited with status {finished.returncode}; nothing was changed"
        )


def open_(ctx: typer.Context, ref: RefArg) -> None:
    """Open a paper's page in the web browser (prints the link when it cannot).

    Example: readlist open dreambooth
    """
    import webbrowser

    from readlist.match import resolve_ref

    store = get_store(ctx)
    paper = resolve_ref(store.load(index_progress(store)), ref)
    url = paper.link
    if not url:
        raise UsageError(
            f"{paper.id} has no link; add one with `readlist edit {paper.id}` (url: ...)"
        )
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    echo(f"Opened {url}" if opened else url)
