"""Sharing a list through git: `merge-driver` (what git runs), `conflicts`, `resolve-conflict`,
`git init` and `sync`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from readlist.cli.context import JsonOpt, PapersArg, QuietOpt, echo, get_store, index_progress

git_app = typer.Typer(help="Set up git to merge the list paper by paper.", no_args_is_help=True)


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def merge_driver(
    base: Annotated[Path, typer.Argument(help="The common ancestor (git's %O).")],
    ours: Annotated[Path, typer.Argument(help="Ours (%A); the result is written here.")],
    theirs: Annotated[Path, typer.Argument(help="Theirs (%B).")],
    name: Annotated[
        str | None, typer.Argument(help="The list's path in the repository (%P).")
    ] = None,
) -> None:
    """Merge three versions of a reading list paper by paper (git runs this; see `git init`).

    Exits 1 when clashes remain: they are written into their records, listed by
    `readlist conflicts`.

    Example: readlist merge-driver %O %A %B %P
    """
    from readlist import disk
    from readlist.errors import ConflictError, StorageError
    from readlist.sharing.merge import merge

    label = name or str(ours)
    try:
        base_text, ours_text, theirs_text = (p.read_bytes() for p in (base, ours, theirs))
    except OSError as exc:
        raise StorageError(f"cannot read {exc.filename}: {exc.strerror}") from None
    result = merge(base_text, ours_text, theirs_text, name=label)
    try:
        # git reads the merged list back from this file; written whole or not at all.
        disk.atomic_write(ours, result.data)
    except OSError as exc:
        raise StorageError(f"cannot write {ours}: {exc.strerror}") from None
    if result.clashes:
        count = len(result.clashes)
        raise ConflictError(
            f"{label}: {count} conflict{'' if count == 1 else 's'} left in the merged list "
            "(written in the records, valid YAML): `readlist conflicts` lists them, "
            "`readlist resolve-conflict` resolves them",
            [
                f"{c.where}: {c.field}: ours {_show(c.ours)}, theirs {_show(c.theirs)}"
                for c in result.clashes
            ],
        )


def conflicts(
    ctx: typer.Context,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print them as JSON: [{kind, name, field, ours, theirs}]."),
    ] = False,
) -> None:
    """List the conflicts a merge left in the list, with both sides' values.

    Example: readlist conflicts
    """
    from readlist.sharing.conflicts import find

    store = get_store(ctx)
    found = find(store.load(index_progress(store)))
    if as_json:
        import json

        from readlist.models import jsonable

        rows = [
            {"kind": c.kind, "name": c.name, "field": c.field, "ours": c.ours, "theirs": c.theirs}
            for c in found
        ]
        echo(json.dumps(jsonable(rows), ensure_ascii=False, indent=2))
        return
    if not found:
        echo("No conflicts.")
        return
    width = max(len(c.where) for c in found)
    for conflict in found:
        echo(
            f"{conflict.where:<{width}}  {conflict.field}: ours {_show(conflict.ours)}, "
            f"theirs {_show(conflict.theirs)}"
        )
    count = len(found)
    echo(
        f"{count} conflict{'' if count == 1 else 's'}; keep one side with "
        "`readlist resolve-conflict REF FIELD --ours` (or --theirs, or --value VALUE)"
    )


def resolve_conflict(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(help="The paper (id, arXiv id, title), or the challenge's name.")
    ],
    field: Annotated[
        str | None, typer.Argument(help="The field in conflict (needed when there are several).")
    ] = None,
    ours: Annotated[bool, typer.Option("--ours", help="Keep our value.")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="Take their value.")] = False,
    value: Annotated[
        str | None,
        typer.Option(
            "--value",
            help="Set this value instead (YAML: 4, 2023-01-02, text).",
            show_default=False,
        ),
    ] = None,
    challenge: Annotated[
        bool, typer.Option("--challenge", help="REF is a challenge's name.")
    ] = False,
    header: Annotated[
        bool, typer.Option("--list", help="The conflict is in the list's header (REF is ignored).")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the paper's record as a JSON array (empty for a challenge)."
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Resolve one conflict: keep ours, take theirs, or give the value.

    Example: readlist resolve-conflict dreambooth rating --theirs
    """
    from readlist.errors import UsageError
    from readlist.sharing import conflicts as clashes

    chosen = [flag for flag, on in (("--ours", ours), ("--theirs", theirs)) if on]
    if len(chosen) + (value is not None) != 1:
        raise UsageError("give exactly one of --ours, --theirs or --value VALUE")
    side = clashes.OURS if ours else clashes.THEIRS if theirs else None
    choice = clashes.Choice(
        field, side, _parse_value(value) if value is not None else None, value is not None
    )
    store = get_store(ctx)
    resolved = []
    with store.transaction(index_progress(store)) as txn:
        if header:
            done = clashes.resolve_list(txn, choice)
        elif challenge:
            done = clashes.resolve_challenge(txn, ref, choice)
        else:
            from readlist.match import resolve_ref

            paper = resolve_ref(txn, ref)
            done = clashes.resolve_paper(txn, paper, choice)
            resolved = [txn.get(paper.id) or paper]
    left = len(clashes.find(store.load()))
    what = "removed" if done.removed else f"{done.field} = {_show(done.value)}"
    lines = [f"Resolved {done.where}: {what}"]
    if left:
        lines.append(f"{left} conflict{'' if left == 1 else 's'} left (`readlist conflicts`)")
    else:
        lines.append(
            "No conflicts left: `readlist sync` commits the merge (or git add + git commit)"
        )
    from readlist.render.papers import print_changed

    print_changed(resolved, lines, as_json=as_json, quiet=quiet)


def _parse_value(text: str) -> Any:
    from readlist.errors import UsageError
    from readlist.yamlio import load_text

    try:
        return load_text(text, "--value")
    except Exception as exc:  # DataError: say which option
        raise UsageError(str(exc)) from None


@git_app.command("init")
def git_init(ctx: typer.Context) -> None:
    """Make git merge the list paper by paper, here and in every clone (run once per clone).

    Writes .gitattributes, .gitignore and .readlist.gitconfig (commit them) and includes the last in
    this clone's .git/config.

    Example: readlist git init
    """
    from readlist.sharing.git import CONFIG_FILE, setup

    store = get_store(ctx)
    result = setup(store.path)
    if result.written:
        names = ", ".join(result.written[:-1]) + " and " * (len(result.written) > 1)
        echo(f"Wrote {names}{result.written[-1]} in {result.root}: commit them")
    if result.included:
        echo(f"This clone now merges {result.path} with readlist (include of {CONFIG_FILE})")
    if not result.written and not result.included:
        echo(f"Already set up: git merges {result.path} with readlist")
    if not result.on_path:
        sys.stderr.write(
            "readlist: warning: `readlist` is not on PATH, so a plain `git merge` cannot run the "
            "merge driver; `readlist sync` still can. Put readlist's folder on PATH\n"
        )


def sync(
    ctx: typer.Context,
    message: Annotated[
        str | None,
        typer.Option(
            "--message",
            "-m",
            help="The commit message (default: what changed).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print what was done as JSON: remote, branch, committed, concluded, merged, "
            "pushed, up_to_date.",
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Commit the list's changes, merge the remote's paper by paper, push.

    Example: readlist sync
    """
    from readlist.sharing import conflicts as clashes
    from readlist.sharing.git import sync as run_sync

    store = get_store(ctx)
    store.load(index_progress(store))  # a broken list is reported before git is touched

    def count() -> int:
        return len(clashes.find(store.load()))

    result = run_sync(store.path, count, message=message)
    if as_json:
        import dataclasses
        import json

        echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2))
        return
    if quiet:
        return
    if result.concluded:
        echo("Committed the merge of the resolved conflicts")
    if result.committed:
        echo(f"Committed: {result.committed}")
    if result.merged:
        echo(f"Merged {result.remote}/{result.branch}")
    if result.pushed:
        echo(f"Pushed to {result.remote}/{result.branch}")
    if result.up_to_date:
        echo(f"Up to date with {result.remote}/{result.branch}")


def read(
    ctx: typer.Context,
    refs: PapersArg,
    reader: Annotated[
        str | None,
        typer.Option(
            "--reader",
            help="Who read them (default: $READLIST_READER, else git's user.name).",
            show_default=False,
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", help="When (YYYY-MM-DD, today, yesterday, -3d); default today."
        ),
    ] = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Record that a reader read papers: a lab's list keeps each person's reading apart.

    The shared status is left alone; `readlist progress CHALLENGE` shows who read which day.

    Example: readlist read dreambooth --reader alice --date 2023-01-02
    """
    from readlist.cli.context import find_papers
    from readlist.dates import parse_date_option, today
    from readlist.sharing.readers import record_reading

    store = get_store(ctx)
    name = reader or _default_reader(store.path)
    on = parse_date_option(when, "--date") or today()
    with store.transaction(index_progress(store)) as txn:
        papers = [record_reading(paper, name, on) for paper in find_papers(txn, refs)]
        for paper in papers:
            txn.update(paper)
    lines = [f"{name} read {p.id} on {on.isoformat()}  {p.display_title}" for p in papers]
    from readlist.render.papers import print_changed

    print_changed(papers, lines, as_json=as_json, quiet=quiet)


def _default_reader(list_path: Path) -> str:
    import os

    from readlist.errors import UsageError
    from readlist.sharing.readers import READER_ENV

    name = os.environ.get(READER_ENV, "").strip()
    if not name:
        from readlist.sharing.git import user_name

        name = user_name(list_path) or ""
    if not name:
        raise UsageError(f"who read it? give --reader NAME (or set {READER_ENV})")
    return name
