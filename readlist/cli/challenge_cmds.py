"""The reading-challenge commands (`challenge new/plan/log/rm/list`) and `progress`. Each parses
its arguments, calls one function of readlist.challenges, and renders the result."""

from pathlib import Path
from typing import Annotated

import typer

from readlist.cli.common import confirm, echo, get_store, index_progress

challenge_app = typer.Typer(
    help="Run reading challenges: one paper a day for N days (#30daysofDiffusion).",
    no_args_is_help=True,
)

NameArg = Annotated[
    str, typer.Argument(help="The challenge's name or hashtag (any case, '#' optional).")
]


@challenge_app.command("new")
def new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Its name, such as 30daysofDiffusion.")],
    days: Annotated[int, typer.Option("--days", "-n", help="How many days it lasts.")] = 30,
    start: Annotated[
        str | None,
        typer.Option("--start", help="Its first day (YYYY-MM-DD, today, -3d); default today."),
    ] = None,
    hashtag: Annotated[
        str | None, typer.Option("--hashtag", help="The hashtag you post it under.")
    ] = None,
) -> None:
    """Start a reading challenge: one paper a day for --days days.

    Example: readlist challenge new 30daysofDiffusion --days 30 --start 2023-01-02
    """
    from readlist import challenges
    from readlist.dates import parse_date_option
    from readlist.progress import scheduled_date

    first = parse_date_option(start, "--start") if start else None
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        challenge = challenges.new(txn, name, days=days, start=first, hashtag=hashtag)
    assert challenge.start is not None  # new() always sets it
    last = scheduled_date(challenge.start, challenge.days)
    echo(
        f"Started {challenge.name}: {challenge.days} days, {challenge.start.isoformat()} to "
        f"{last.isoformat()}. Plan it with `readlist challenge plan {challenge.name} REF...`"
    )


@challenge_app.command("plan")
def plan(
    ctx: typer.Context,
    name: NameArg,
    refs: Annotated[
        list[str] | None,
        typer.Argument(help="Papers for the open days, in order (id, arXiv id, title)."),
    ] = None,
    from_day: Annotated[
        int | None,
        typer.Option("--from-day", help="First day to fill (default: after the last planned)."),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Plan the list's papers with this tag.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Plan the list's papers from this file.")
    ] = None,
) -> None:
    """Plan papers for a challenge's open days, in order (given, or by --tag / --source).

    Example: readlist challenge plan 30daysofDiffusion 2210.03142 dreambooth --from-day 16
    """
    from readlist import challenges
    from readlist.errors import UsageError
    from readlist.match import resolve_ref

    if refs and (tag or source):
        raise UsageError("give papers or --tag/--source, not both")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        if refs:
            papers = [resolve_ref(txn, ref) for ref in refs]
        else:
            papers = challenges.papers_for_plan(txn, tag=tag, source=source)
        result = challenges.plan(txn, name, papers, from_day=from_day, fill=not refs)
    name_shown = result.challenge.name
    if not result.planned:
        why = "it has no open day left" if result.left_out else "they are all in it already"
        echo(f"Nothing planned in {name_shown}: {why}.")
        return
    for day, paper in result.planned:
        echo(f"Day {day:>3}: {paper.id}  {paper.display_title}")
    echo(f"Planned {len(result.planned)} day(s) of {name_shown}.")
    if result.left_out:
        echo(f"{result.left_out} more paper(s) did not fit: {name_shown} has no open day left.")


@challenge_app.command("log")
def log(
    ctx: typer.Context,
    name: NameArg,
    ref: Annotated[
        str | None,
        typer.Argument(help="The paper you read (default: the one planned for the day)."),
    ] = None,
    day: Annotated[
        int | None, typer.Option("--day", help="Which day (default: the next open day).")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", help="When you read it (YYYY-MM-DD, yesterday); default today."
        ),
    ] = None,
) -> None:
    """Log a challenge day as read; its paper is marked done on that date.

    Example: readlist challenge log 30daysofDiffusion 2210.03142 --day 16 --date yesterday
    """
    from readlist import challenges
    from readlist.dates import parse_date_option
    from readlist.match import resolve_ref

    when = parse_date_option(date, "--date") if date else None
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        paper = resolve_ref(txn, ref) if ref else None
        result = challenges.log(txn, name, paper, day=day, on=when)
    echo(
        f"{result.challenge.name} day {result.day} of {result.challenge.days} done on "
        f"{result.on.isoformat()}: {result.paper.id}  {result.paper.display_title}"
    )
    if result.replaced:
        echo(f"  ({result.replaced} was planned for that day; it stays in the list)")


@challenge_app.command("rm")
def rm(
    ctx: typer.Context,
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove a challenge (asks first); its papers stay in the list with their status.

    Example: readlist challenge rm 30daysofDiffusion --yes
    """
    from readlist import challenges

    store = get_store(ctx)
    target = challenges.find(store.load(index_progress(store)), name)
    days = len(target.entries)
    if not confirm(f"Remove the challenge {target.name} and its {days} planned day(s)?", yes):
        echo("Nothing removed.")
        raise typer.Exit(1)
    with store.transaction() as txn:
        removed = challenges.remove(txn, target.name)
    echo(f"Removed the challenge {removed.name}; its papers keep their status.")


@challenge_app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the challenges with their progress.

    Example: readlist challenge list
    """
    from readlist import challenges
    from readlist.render.challenges import print_challenges

    store = get_store(ctx)
    print_challenges(challenges.all_progress(store.load(index_progress(store))), as_json=as_json)


def progress(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(help="A challenge (name or hashtag); without it, the whole list."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the facts as JSON.")] = False,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also save the view as an SVG picture.")
    ] = None,
) -> None:
    """Show reading progress: every challenge and the list, or one challenge day by day.

    Example: readlist progress 30daysofDiffusion --svg progress.svg
    """
    from readlist import challenges
    from readlist.render import challenges as views

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    if name is not None:
        view = views.challenge_view(challenges.progress(lib, name))
    else:
        view = views.overview_view(challenges.overview(lib), challenges.all_progress(lib))
    view.print(as_json=as_json)
    if svg is not None:
        _save_svg(svg, view.renderables(), view.title)


def _save_svg(path: Path, renderables: list[object], title: str) -> None:
    from readlist.errors import UsageError
    from readlist.render.terminal import notice, save_svg

    try:
        save_svg(renderables, path, title)
    except OSError as exc:
        raise UsageError(
            f"cannot write --svg {path}: {exc.strerror or exc}; give a writable file path"
        ) from None
    notice(f"Saved the progress view to {path}")
