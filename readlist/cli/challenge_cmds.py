"""The reading-challenge commands (`challenge new/plan/log/rm/list`) and `progress`. Each parses
its arguments, calls one function of readlist.challenges, and renders the result."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli.base import ReadlistGroup
from readlist.cli.context import (
    ChallengeJsonOpt,
    QuietOpt,
    YesOption,
    confirm,
    echo,
    find_papers,
    get_store,
    index_progress,
    save_svg,
)
from readlist.errors import Declined

if TYPE_CHECKING:
    from readlist.progress import ChallengeProgress
    from readlist.render.challenges import ProgressView
    from readlist.views import Library

challenge_app = typer.Typer(
    cls=ReadlistGroup,
    help="Run reading challenges (#30daysofDiffusion): plan, log, pause, replan, post.",
    no_args_is_help=True,
)

NameArg = Annotated[
    str, typer.Argument(help="The challenge's name or hashtag (any case, '#' optional).")
]


def _said(
    lines: list[str], facts: "ChallengeProgress | None", *, as_json: bool, quiet: bool
) -> None:
    """What a command that changes a challenge prints: its lines; or (--json) the challenge as
    `challenge list --json` shows it, in an array; or nothing (--quiet)."""
    if as_json:
        from readlist.render.challenges import challenges_json
        from readlist.render.terminal import write

        write(challenges_json([facts] if facts is not None else []))
    elif not quiet:
        for line in lines:
            echo(line)


@challenge_app.command("new")
def new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Its name, such as 30daysofDiffusion.")],
    days: Annotated[int, typer.Option("--days", help="How many days it lasts.")] = 30,
    start: Annotated[
        str | None,
        typer.Option("--start", help="Its first day (YYYY-MM-DD, today, -3d); default today."),
    ] = None,
    hashtag: Annotated[
        str | None, typer.Option("--hashtag", help="The hashtag you post it under.")
    ] = None,
    per_week: Annotated[
        int | None,
        typer.Option("--per-week", help="A weekly goal: this many papers a week (with --weeks)."),
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", help="How many weeks a --per-week goal lasts.")
    ] = None,
    papers: Annotated[
        int | None, typer.Option("--papers", help="A goal by a date: this many papers (--by).")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="The date to read --papers papers by.")
    ] = None,
    rest: Annotated[
        str | None,
        typer.Option("--rest", help="Rest days with no paper, such as sat,sun (or weekends)."),
    ] = None,
    freezes: Annotated[
        int, typer.Option("--freezes", help="Missed days (weeks) that keep the streak.")
    ] = 0,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Start a reading challenge: one paper a day, N a week (--per-week), or N by a date.

    Example: readlist challenge new 30daysofDiffusion --days 30 --start 2023-01-02
    """
    from readlist import challenges
    from readlist.dates import parse_date_option
    from readlist.errors import UsageError
    from readlist.progress import scheduled_end

    first = parse_date_option(start, "--start")
    if (per_week is None) != (weeks is None):
        raise UsageError("give --per-week and --weeks together, e.g. --per-week 3 --weeks 8")
    if (papers is None) != (by is None):
        raise UsageError("give --papers and --by together, e.g. --papers 12 --by 2023-03-31")
    if per_week is not None and papers is not None:
        raise UsageError("choose one goal: --per-week/--weeks or --papers/--by, not both")
    count = days
    if per_week is not None and weeks is not None:
        if weeks < 1:
            raise UsageError(f"--weeks {weeks} is out of range: give 1 or more weeks")
        count = per_week * weeks
    elif papers is not None:
        count = papers
    deadline = parse_date_option(by, "--by")
    rest_days = challenges.parse_rest_days(rest) if rest else []
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        challenge = challenges.new(
            txn,
            name,
            days=count,
            start=first,
            hashtag=hashtag,
            per_week=per_week,
            by=deadline,
            rest_days=rest_days,
            freezes=freezes,
        )
        facts = challenges.progress(txn, challenge.name)
    assert challenge.start is not None  # new() always sets it
    last = scheduled_end(challenge, challenge.start)
    goal = {
        "daily": f"{challenge.days} days",
        "weekly": f"{challenge.per_week} papers a week for {challenge.weeks} weeks",
        "by_date": f"{challenge.days} papers",
    }[challenge.goal]
    line = (
        f"Started {challenge.name}: {goal}, {challenge.start.isoformat()} to "
        f"{last.isoformat()}. Plan it with `readlist challenge plan {challenge.name} REF...`"
    )
    _said([line], facts, as_json=as_json, quiet=quiet)


@challenge_app.command("set")
def set_(
    ctx: typer.Context,
    name: NameArg,
    rest: Annotated[
        str | None,
        typer.Option("--rest", help="Rest days with no paper: sat,sun, weekends, or none."),
    ] = None,
    freezes: Annotated[
        int | None, typer.Option("--freezes", help="Missed days (weeks) that keep the streak.")
    ] = None,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Change a challenge's rest days or freezes; the days not read yet move accordingly.

    Example: readlist challenge set 30daysofDiffusion --rest weekends --freezes 2
    """
    from readlist import challenges
    from readlist.models import WEEKDAY_NAMES

    rest_days = challenges.parse_rest_days(rest) if rest is not None else None
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        changed = challenges.configure(txn, name, rest_days=rest_days, freezes=freezes)
        facts = challenges.progress(txn, name)
    resting = ", ".join(WEEKDAY_NAMES[d] for d in changed.rest_days) or "none"
    line = (
        f"{changed.name}: rest days {resting}, {changed.freezes} freeze(s); "
        f"{facts.start.isoformat()} to {facts.end.isoformat()}."
    )
    _said([line], facts, as_json=as_json, quiet=quiet)


@challenge_app.command("pause")
def pause(
    ctx: typer.Context,
    name: NameArg,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="The first day off (YYYY-MM-DD, yesterday); default today."),
    ] = None,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Take a break: paused days are neither missed nor due, and the plan moves past them.

    Example: readlist challenge pause 30daysofDiffusion --from 2023-01-16
    """
    from readlist import challenges
    from readlist.dates import parse_date_option

    when = parse_date_option(from_, "--from")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        result = challenges.pause(txn, name, when)
        facts = challenges.progress(txn, name)
    shown = result.challenge.name
    lines = []
    if result.extended is not None:
        old = result.extended
        back = f", back on {old.resumed.isoformat()}" if old.resumed else ""
        lines.append(
            f"The break of {shown} recorded from {old.paused.isoformat()}{back} now runs "
            "until you resume."
        )
    lines.append(
        f"Paused {shown} from {result.pause.paused.isoformat()}. Welcome back any time: "
        f"`readlist challenge resume {shown}`"
    )
    _said(lines, facts, as_json=as_json, quiet=quiet)


@challenge_app.command("resume")
def resume(
    ctx: typer.Context,
    name: NameArg,
    on: Annotated[
        str | None,
        typer.Option("--on", help="The first day back (YYYY-MM-DD, today); default today."),
    ] = None,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """End a break: the plan goes on from the day you are back.

    Example: readlist challenge resume 30daysofDiffusion --on 2023-02-01
    """
    from datetime import timedelta

    from readlist import challenges
    from readlist.dates import parse_date_option

    when = parse_date_option(on, "--on")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        ended = challenges.resume(txn, name, when)
        facts = challenges.progress(txn, name)
    if ended is None:
        _said(
            [f"Cancelled the break of {facts.name}: it had not begun."],
            facts,
            as_json=as_json,
            quiet=quiet,
        )
        return
    assert ended.resumed is not None
    last_off = ended.resumed - timedelta(days=1)
    text = (
        f"Resumed {facts.name} on {ended.resumed.isoformat()} after "
        f"{(ended.resumed - ended.paused).days} day(s) off ({ended.paused.isoformat()} to "
        f"{last_off.isoformat()})"
    )
    if facts.next_day is not None:
        text += f"; next: day {facts.next_day}"
        if facts.next_title:
            text += f", {facts.next_title}"
    _said([text + "."], facts, as_json=as_json, quiet=quiet)


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
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Plan papers for a challenge's open days, in order (given, or by --tag / --source).

    Example: readlist challenge plan 30daysofDiffusion 2210.03142 dreambooth --from-day 16
    """
    from readlist import challenges
    from readlist.errors import UsageError

    if refs and (tag or source):
        raise UsageError("give papers or --tag/--source, not both")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        if refs:
            papers = [find_papers(txn, [ref])[0] for ref in refs]
        else:
            papers = challenges.papers_for_plan(txn, tag=tag, source=source)
        result = challenges.plan(txn, name, papers, from_day=from_day, fill=not refs)
        facts = challenges.progress(txn, name)
    name_shown = result.challenge.name
    if not result.planned:
        why = "it has no open day left" if result.left_out else "they are all in it already"
        _said([f"Nothing planned in {name_shown}: {why}."], facts, as_json=as_json, quiet=quiet)
        return
    lines = [f"Day {day:>3}: {paper.id}  {paper.display_title}" for day, paper in result.planned]
    lines.append(f"Planned {len(result.planned)} day(s) of {name_shown}.")
    if result.left_out:
        lines.append(
            f"{result.left_out} more paper(s) did not fit: {name_shown} has no open day left."
        )
    _said(lines, facts, as_json=as_json, quiet=quiet)


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
    move_day: Annotated[
        bool,
        typer.Option("--move-day", help="Allow moving the date of another challenge's day."),
    ] = False,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Log a challenge day as read; its paper is marked done on that date (a paper read
    before keeps its date).

    Example: readlist challenge log 30daysofDiffusion 2210.03142 --day 16 --date yesterday
    """
    from readlist import challenges
    from readlist.dates import parse_date_option

    when = parse_date_option(date, "--date")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        paper = find_papers(txn, [ref])[0] if ref else None
        result = challenges.log(txn, name, paper, day=day, on=when, move_day=move_day)
        facts = challenges.progress(txn, name)
    lines = [
        f"{result.challenge.name} day {result.day} of {result.challenge.days} done on "
        f"{result.on.isoformat()}: {result.paper.id}  {result.paper.display_title}"
    ]
    if result.replaced:
        lines.append(f"  ({result.replaced} was planned for that day; it stays in the list)")
    _said(lines, facts, as_json=as_json, quiet=quiet)


@challenge_app.command("abandon")
def abandon(
    ctx: typer.Context,
    name: NameArg,
    on: Annotated[
        str | None,
        typer.Option("--on", help="The day you gave it up (YYYY-MM-DD); default today."),
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Take it up again.")] = False,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Give a challenge up: nothing is due after that day and no finish is projected.

    Example: readlist challenge abandon 30daysofDiffusion --on 2023-01-20
    """
    from readlist import challenges
    from readlist.dates import parse_date_option

    when = parse_date_option(on, "--on")
    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        changed = challenges.abandon(txn, name, when, undo=undo)
        facts = challenges.progress(txn, name)
    if undo:
        line = f"Took {changed.name} up again: {facts.done} of {facts.days} read so far."
    else:
        assert changed.abandoned is not None
        line = (
            f"Abandoned {changed.name} on {changed.abandoned.isoformat()}, with {facts.done} of "
            f"{facts.days} read ({facts.percent:g}%). `--undo` takes it up again."
        )
    _said([line], facts, as_json=as_json, quiet=quiet)


@challenge_app.command("replan")
def replan(
    ctx: typer.Context,
    name: NameArg,
    yes: YesOption = False,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Move the papers left unread on past days onto the next open days (after a break).

    Example: readlist challenge replan 30daysofDiffusion --yes
    """
    from readlist import challenges
    from readlist.errors import ChallengeError

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    preview = challenges.replan(lib, name)
    shown = preview.challenge.name
    if preview.first_day is None or not preview.moves:
        why = (
            "its last day is past"
            if preview.first_day is None
            else "no planned paper is left unread on a past day"
        )
        lines = [f"Nothing to replan in {shown}: {why}."]
        _said(lines, challenges.progress(lib, name), as_json=as_json, quiet=quiet)
        return
    # The moves are what the question asks about: on stderr when stdout is --json or --quiet
    # (--quiet --yes: nothing is asked, and nothing said).
    aside = as_json or quiet
    moves = [f"Before -> after ({len(preview.moves)} paper(s) of {shown}):"]
    moves.extend(
        f"  day {move.old_day:>3} ({move.old_date.isoformat()}) -> day {move.new_day:>3} "
        f"({move.new_date.isoformat()})  {move.title} ({move.paper})"
        for move in preview.moves
    )
    if preview.left_behind:
        moves.append(f"  {preview.left_behind} more found no open day: plan them with --from-day.")
    if not (quiet and yes):
        for line in moves:
            echo(line, aside=aside)
    if not confirm(f"Move {len(preview.moves)} paper(s)?", yes, aside=aside):
        echo("Nothing moved.", aside=aside)
        raise typer.Exit(Declined.exit_code)
    with store.transaction() as txn:
        done = challenges.replan(txn, name, apply=True)
        if done.moves != preview.moves:
            raise ChallengeError(
                f"{shown} changed while you were asked; run `readlist challenge replan {shown}` "
                "again"
            )
        facts = challenges.progress(txn, name)
    line = f"Moved {len(done.moves)} paper(s) of {shown} to the next open days."
    _said([line], facts, as_json=as_json, quiet=quiet)


@challenge_app.command("export")
def export_plan(
    ctx: typer.Context,
    name: NameArg,
    ics: Annotated[
        Path,
        typer.Option("--ics", help="Write the plan as an iCalendar file ('-': stdout)."),
    ],
    no_alarm: Annotated[
        bool, typer.Option("--no-alarm", help="Leave out the 09:00 reminder of each day.")
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Export a challenge's plan as a calendar: one event a day, with its paper and link.

    Example: readlist challenge export 30daysofDiffusion --ics 30days.ics
    """
    from readlist import challenges
    from readlist import export as exporting
    from readlist.dates import today
    from readlist.export import ics as ics_format
    from readlist.render.terminal import write_bytes

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    facts = challenges.progress(lib, name)
    papers = lib.get_many([e.paper for e in facts.entries if e.paper])
    text = ics_format.render(facts, papers, today(), remind=not no_alarm)
    if str(ics) == "-":
        write_bytes(text)
        return
    exporting.write_output(ics, text, reading_list=store.path, option="--ics")
    if not quiet:
        echo(f"Wrote {facts.days} day(s) of {facts.name} to {ics}: add it to your calendar.")


@challenge_app.command("post")
def post(
    ctx: typer.Context,
    name: NameArg,
    day: Annotated[
        int | None, typer.Option("--day", help="Which day (default: the day read last).")
    ] = None,
    length: Annotated[
        int, typer.Option("--length", help="At most this many characters (links in full).")
    ] = 280,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also save the progress card as an SVG picture.")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the post as JSON: challenge, day, paper, text, length."),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Draft the day's post: "Day N #hashtag", the paper and your note, "Paper: <link>".

    Example: readlist challenge post 30daysofDiffusion --day 15 --svg day15.svg
    """
    from readlist import challenges
    from readlist.export import post as posts
    from readlist.render import challenges as views
    from readlist.render.terminal import notice, svg_picture

    store = get_store(ctx)
    facts, number, paper = challenges.post_subject(store.load(index_progress(store)), name, day)
    text = posts.draft(number, facts.hashtag or f"#{facts.name}", paper, length)
    if as_json:
        import json

        data = {
            "challenge": facts.name,
            "day": number,
            "paper": paper.id,
            "text": text,
            "length": len(text),
        }
        echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif not quiet:
        echo(text)
        notice(f"({len(text)} of {length} characters)")
    if svg is not None:
        view = views.challenge_view(facts)
        save_svg(store, svg, svg_picture(view.renderables(), view.title), "the progress view")


@challenge_app.command("rm")
def rm(
    ctx: typer.Context,
    name: NameArg,
    yes: YesOption = False,
    as_json: ChallengeJsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Remove a challenge (asks first); its papers stay in the list with their status.

    Example: readlist challenge rm 30daysofDiffusion --yes
    """
    from readlist import challenges

    store = get_store(ctx)
    lib = store.load(index_progress(store))
    target = challenges.find(lib, name)
    facts = challenges.progress(lib, name)  # as it was: --json shows what was removed
    days = len(target.entries)
    aside = as_json or quiet
    question = f"Remove the challenge {target.name} and its {days} planned day(s)?"
    if not confirm(question, yes, aside=aside):
        echo("Nothing removed.", aside=aside)
        raise typer.Exit(Declined.exit_code)
    with store.transaction() as txn:
        removed = challenges.remove(txn, target.name)
    line = f"Removed the challenge {removed.name}; its papers keep their status."
    _said([line], facts, as_json=as_json, quiet=quiet)


@challenge_app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the names, one a line.")
    ] = False,
) -> None:
    """List the challenges with their progress.

    Example: readlist challenge list
    """
    from readlist import challenges
    from readlist.render.challenges import print_challenges

    store = get_store(ctx)
    found = challenges.all_progress(store.load(index_progress(store)))
    if quiet and not as_json:
        for facts in found:
            echo(facts.name)
        return
    print_challenges(found, as_json=as_json)


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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing (with --svg: only save it).")
    ] = False,
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
        _add_readers(view, lib, name)
    else:
        view = views.overview_view(challenges.overview(lib), challenges.all_progress(lib))
    if as_json or not quiet:
        view.print(as_json=as_json)
    if svg is not None:
        from readlist.render.terminal import svg_picture

        save_svg(store, svg, svg_picture(view.renderables(), view.title), "the progress view")


def _add_readers(view: "ProgressView", lib: "Library", name: str) -> None:
    """Several readers of one list: who read which day, each reader's streak (when recorded)."""
    from readlist import challenges
    from readlist.dates import today
    from readlist.render.readers import add_readers
    from readlist.sharing.readers import challenge_readers

    challenge = challenges.find(lib, name)
    papers = lib.get_many([e.paper for e in challenge.entries])
    readers = challenge_readers(challenge, papers, today())
    if readers is not None:
        add_readers(view, readers)
