"""The everyday commands: add, list, search, show, start, done, skip, todo, tag, note, rate, rm,
edit, open. Each parses its arguments, calls one library function, and renders the result."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readlist import filters
from readlist.cli.context import (
    AuthorFilter,
    CategoryFilter,
    DateFieldFilter,
    IdsOpt,
    JsonOpt,
    PapersArg,
    QueryArg,
    QuietOpt,
    SinceFilter,
    SourceFilter,
    StatusFilter,
    TagFilter,
    UntilFilter,
    WhereFilter,
    YearFilter,
    YesOption,
    chosen_filters,
    confirm,
    echo,
    find_papers,
    get_store,
    index_progress,
    nothing_listed,
    show_changed,
)
from readlist.errors import Declined, DuplicateError, InputError, NotFoundError, UsageError
from readlist.models import Paper, Status
from readlist.render.papers import COLUMNS, print_changed, summary
from readlist.render.terminal import Outcome
from readlist.wording import or_list

if TYPE_CHECKING:
    from readlist.store import Library, Store

RefArg = Annotated[str, typer.Argument(help="Paper id, arXiv id or URL, or part of its title.")]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", "-d", help="When (YYYY-MM-DD, today, yesterday, -3d); default today."),
]


def add(
    ctx: typer.Context,
    papers: Annotated[
        list[str],
        typer.Argument(
            metavar="PAPER",
            help="arXiv ids or links (any form), DOIs, other links, or titles (several).",
            show_default=False,
        ),
    ],
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="Tag it (repeatable).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note to keep with it.")] = None,
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
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Add papers by arXiv id or link, DOI, URL or title.

    Example: readlist add https://arxiv.org/abs/2208.12242 --tag diffusion
    """
    from readlist import operations

    if title is not None and len(papers) > 1:
        raise UsageError("--title names one paper: add the others in another command")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        results = [
            operations.add(
                txn, text, title=title, tags=tag or [], note=note, status=status, force=force
            )
            for text in papers
        ]
    added = [r.paper for r in results if r.existing is None]
    outcome = Outcome([f"Added {summary(p)}" for p in added])
    outcome.warnings.extend(r.notice for r in results if r.existing is None and r.notice)
    fetchable = [] if offline else [p for p in added if p.arxiv]
    if fetchable:
        # One quick try: without an answer the papers stay added, their metadata pending.
        from readlist import arxiv_metadata
        from readlist.render.arxiv_report import added_outcome

        report = arxiv_metadata.fetch(store, [p.id for p in fetchable], quick=True)
        fetched = added_outcome(report, fetchable)
        outcome = Outcome(
            outcome.lines + fetched.lines, outcome.warnings + fetched.warnings, fetched.error
        )
        saved = store.load().get_many([p.id for p in added])
        added = [saved.get(p.id, p) for p in added]
    show_changed(added, outcome, as_json=as_json, quiet=quiet)
    there = [r.existing for r in results if r.existing is not None]
    listed = "; ".join(f"{p.id} ({p.display_title})" for p in there)
    if len(there) == 1:
        # With other papers added beside it, "nothing changed" is only true of this one.
        for_it = " for it" if added else ""
        raise DuplicateError(
            f"already in the list as {listed}; nothing changed{for_it} (--force adds it anyway)"
        )
    if there:
        raise DuplicateError(
            f"{len(there)} papers are already in the list, as {listed}; nothing changed for "
            "them (--force adds them anyway)"
        )


def list_(
    ctx: typer.Context,
    query: QueryArg = None,
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
    sort: Annotated[
        str,
        typer.Option("--sort", metavar="FIELD", help=f"Sort by {or_list(filters.SORTS)}."),
    ] = "file",
    reverse: Annotated[
        bool, typer.Option("--reverse", "-r", help="Reverse the order (ties too).")
    ] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Show at most N.")] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="COLUMNS",
            help=f"What to show, comma-separated: {', '.join(COLUMNS)}.",
            show_default=False,
        ),
    ] = None,
    count: Annotated[bool, typer.Option("--count", help="Print only how many match.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of records.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the ids, one a line.")
    ] = False,
) -> None:
    """List papers, filtered and sorted; finding none is an error (exit 3).

    Example: readlist list --status todo,reading --tag AIGC --year 2023 --limit 20
    """
    from readlist import operations
    from readlist.render.papers import choose_columns, print_papers

    shown = choose_columns(columns)
    store = get_store(ctx)
    lib = store.load(index_progress(store))
    chosen = chosen_filters(ctx)
    papers = operations.list_papers(
        lib,
        chosen,
        sort=sort,
        reverse=reverse,
        limit=limit,
        summaries=not as_json and shown.summaries,
    )
    total = lib.count()
    if count:
        echo(str(len(papers)))
    elif quiet:
        for paper in papers:
            echo(paper.id)
    else:
        print_papers(papers, total, as_json=as_json, columns=shown)
    if not papers:
        raise NotFoundError(nothing_listed(store, chosen.any, total))


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="WORDS",
            help="What you remember: title words (typos forgiven), a short name, an author, an id.",
            show_default=False,
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most N.")] = 10,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the records, each with its score, as JSON.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the ids, best first.")
    ] = False,
) -> None:
    """Search titles, short names, authors and ids, forgiving typos; best matches first.

    Example: readlist search difusion clasifier
    """
    from readlist.render.papers import print_search
    from readlist.search import search as find

    text = " ".join(words)
    store = get_store(ctx)
    hits = find(store.load(index_progress(store)), text, limit=limit)
    if quiet:
        for paper, _ in hits:
            echo(paper.id)
    else:
        print_search(hits, as_json=as_json)
    if not hits:
        raise NotFoundError(f"nothing matches {text!r}; `readlist list` shows every paper")


def show(
    ctx: typer.Context,
    refs: PapersArg,
    as_json: JsonOpt = False,
    quiet: IdsOpt = False,
) -> None:
    """Show papers' records (the ids they are known by, with --quiet).

    Example: readlist show dreambooth pali
    """
    from readlist.render.papers import papers_json, print_paper

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    papers = find_papers(lib, refs)
    if as_json:
        echo(papers_json(papers).rstrip("\n"))
        return
    for number, paper in enumerate(papers):
        if quiet:
            echo(paper.id)
            continue
        if number:
            echo("")
        print_paper(paper, lib.challenges)


MoveDayOpt = Annotated[
    bool,
    typer.Option("--move-day", help="Allow a change that moves a paper's challenge day."),
]


def _change_status(
    ctx: typer.Context,
    refs: list[str],
    status: Status,
    date: str | None,
    *,
    as_json: bool,
    quiet: bool,
    move_day: bool = False,
) -> None:
    from readlist import operations
    from readlist.dates import parse_date_option

    when = parse_date_option(date, "--date")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        results = [
            operations.set_status(txn, p, status, when, move_day=move_day)
            for p in find_papers(txn, refs)
        ]
    lines = []
    for result in results:
        paper = result.paper
        if not result.changed:
            lines.append(f"{paper.id}: {result.message}")
            continue
        stamp = {Status.DONE: paper.finished, Status.READING: paper.started}.get(status)
        suffix = f" on {stamp.isoformat()}" if stamp and not result.message else ""
        lines.append(f"{status}: {summary(paper)}{suffix}")
        if result.message:
            lines.append(f"  ({result.message})")
    print_changed([r.paper for r in results], lines, as_json=as_json, quiet=quiet)


def start(
    ctx: typer.Context,
    refs: PapersArg,
    date: DateOpt = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Start reading papers (a paper read before is read again; its first reading stays).

    Example: readlist start 2208.12242
    """
    _change_status(ctx, refs, Status.READING, date, as_json=as_json, quiet=quiet)


def done(
    ctx: typer.Context,
    refs: PapersArg,
    date: DateOpt = None,
    move_day: MoveDayOpt = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Mark papers as read (a paper done already: nothing changes unless --date is given).

    Example: readlist done dreambooth --date 2023-01-02
    """
    _change_status(ctx, refs, Status.DONE, date, as_json=as_json, quiet=quiet, move_day=move_day)


def skip(
    ctx: typer.Context,
    refs: PapersArg,
    move_day: MoveDayOpt = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Skip papers (they stay in the list, out of the queue).

    Example: readlist skip 2303.11717
    """
    _change_status(ctx, refs, Status.SKIPPED, None, as_json=as_json, quiet=quiet, move_day=move_day)


def todo(
    ctx: typer.Context,
    refs: PapersArg,
    move_day: MoveDayOpt = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Put papers back in the queue (a reading they had is kept).

    Example: readlist todo 2303.11717
    """
    _change_status(ctx, refs, Status.TODO, None, as_json=as_json, quiet=quiet, move_day=move_day)


def tag(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="REF TAG...",
            help="A paper and the tags to add (or remove); with --tag, every word is a paper.",
            show_default=False,
        ),
    ],
    tags: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="A tag (repeatable); then give several papers."),
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Remove these tags.")] = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Add tags to papers, or remove them.

    Example: readlist tag 2208.12242 diffusion personalization
    """
    from readlist import operations

    refs, given = (words, tags) if tags else (words[:1], words[1:])
    if not given:
        raise UsageError("no tag given: `readlist tag REF TAG...` or `readlist tag REF... -t TAG`")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        papers = [operations.tag(txn, p, given, remove=remove) for p in find_papers(txn, refs)]
    lines = [f"Tags of {p.id}: {', '.join(p.tags) or '(none)'}" for p in papers]
    print_changed(papers, lines, as_json=as_json, quiet=quiet)


def note(
    ctx: typer.Context,
    ref: RefArg,
    text: Annotated[str, typer.Argument(help="The note.")],
    replace: Annotated[bool, typer.Option("--replace", help="Replace the notes.")] = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Add a note to a paper (one paper: every word after it is the note).

    Example: readlist note dreambooth "Uses a rare-token identifier"
    """
    from readlist import operations

    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        paper = operations.note(txn, _one(txn, ref), text, replace=replace)
    print_changed([paper], [f"Noted on {summary(paper)}"], as_json=as_json, quiet=quiet)


def rate(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="REF... RATING",
            help="Papers, then the rating: 1 to 5 (0 clears it).",
            show_default=False,
        ),
    ],
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Rate papers from 1 to 5 (the last word is the rating).

    Example: readlist rate dreambooth pali 5
    """
    from readlist import operations

    *refs, given = words
    if not refs:
        raise UsageError(
            f"missing REF before the rating {given!r}: `readlist rate REF... 5` (see `readlist "
            "rate --help`)"
        )
    if not given.strip().isdigit():
        raise UsageError(
            f"invalid value for RATING: {given!r} is not a whole number from 0 to 5; give the "
            "papers, then the rating: `readlist rate REF... 5`"
        )
    rating = int(given)
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        papers = [operations.rate(txn, p, rating or None) for p in find_papers(txn, refs)]
    lines = [f"Rated {p.id}: {p.rating or 'no rating'}" for p in papers]
    print_changed(papers, lines, as_json=as_json, quiet=quiet)


def rm(
    ctx: typer.Context,
    refs: PapersArg,
    yes: YesOption = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Remove papers from the list (asks first).

    Example: readlist rm 2303.11717 --yes
    """
    from readlist import operations

    store = get_store(ctx)
    targets = find_papers(store.load(index_progress(store)), refs)
    question = (
        f"Remove {summary(targets[0])}?"
        if len(targets) == 1
        else f"Remove these {len(targets)} papers?\n"
        + "\n".join(f"  {summary(p)}" for p in targets)
        + "\n"
    )
    aside = as_json or quiet
    if not confirm(question, yes, aside=aside):
        echo("Nothing removed.", aside=aside)
        raise typer.Exit(Declined.exit_code)
    lines = []
    with store.transaction() as txn:
        for target in targets:
            paper = txn.get(target.id)
            if paper is None:
                raise UsageError(f"{target.id} was removed meanwhile; nothing was removed")
            left = operations.remove(txn, paper)
            lines.append(f"Removed {summary(target)}")
            if left:
                lines.append(f"  (and its day in: {', '.join(left)})")
    print_changed(targets, lines, as_json=as_json, quiet=quiet)


def edit(
    ctx: typer.Context,
    refs: PapersArg,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Edit papers' records in $EDITOR, one after the other; an invalid edit is refused (the
    edits before it are saved) and the original kept.

    Example: EDITOR=nano readlist edit dreambooth pali
    """
    store = get_store(ctx)
    targets = find_papers(store.load(index_progress(store)), refs)
    papers, lines = [], []
    for target in targets:
        result = _edit_one(store, target)
        papers.append(result or target)
        lines.append("No changes." if result is None else f"Saved {summary(result)}")
        if not as_json and not quiet:
            echo(lines[-1])  # at once: the next paper's editor may take a while
    print_changed(papers, [], as_json=as_json, quiet=True)


def _edit_one(store: "Store", target: Paper) -> Paper | None:
    """One record edited in $EDITOR and saved; None when nothing changed."""
    import tempfile

    from readlist import operations

    original = operations.record_text(target)
    # A new private scratch file for the editor, not a replacement of anything: mkstemp
    # creates it exclusively, so disk.atomic_write has nothing to add.
    handle, name = tempfile.mkstemp(prefix=f"readlist-{_safe(target.id)}-", suffix=".yaml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(original)
    _run_editor(name)
    edited_text = _read_edit(name)
    if edited_text == original:
        os.unlink(name)
        return None
    try:
        with store.transaction() as txn:
            paper = txn.get(target.id)
            if paper is None:
                raise UsageError(f"{target.id} was removed meanwhile; your edit is in {name}")
            result = operations.apply_edit(txn, paper, edited_text, name, base=target)
    except InputError as exc:
        exc.message += f". The record is unchanged; your edit is kept in {name}"
        raise
    os.unlink(name)
    return result


def _read_edit(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"the editor removed {name}; nothing was changed") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not UTF-8 text after editing (byte {exc.object[exc.start]:#04x} at "
            f"offset {exc.start}); nothing was changed, the file is kept"
        ) from None


def _one(library: "Library", ref: str) -> Paper:
    return find_papers(library, [ref])[0]


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


def open_(
    ctx: typer.Context,
    refs: PapersArg,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Open their PDFs instead of their pages.")
    ] = False,
    as_json: JsonOpt = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the links it could not open.")
    ] = False,
) -> None:
    """Open papers' pages (or PDFs) in the web browser; prints a link it cannot open.

    Example: readlist open dreambooth --pdf
    """
    import webbrowser

    store = get_store(ctx)
    papers = find_papers(store.load(index_progress(store)), refs)
    for paper in papers:
        if not (paper.pdf_link if pdf else paper.link):
            what = "no PDF link" if pdf else "no link"
            raise UsageError(
                f"{paper.id} has {what}; add one with `readlist edit {paper.id}` "
                f"({'pdf_url' if pdf else 'url'}: ...)"
            )
    lines = []
    for paper in papers:
        url = (paper.pdf_link if pdf else paper.link) or ""
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        if not opened or not quiet:
            lines.append(f"Opened {url}" if opened else url)
    print_changed(papers, lines, as_json=as_json, quiet=False)
