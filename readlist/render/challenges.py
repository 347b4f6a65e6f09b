"""Challenges and progress on screen: one challenge day by day (table, facts, calendar
heatmap), the overview of every challenge and the list, `challenge list`, and their JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from readlist.render.papers import STATUS_STYLE
from readlist.render.terminal import new_table, print_view, write

if TYPE_CHECKING:
    from readlist.progress import BreakSpan, ChallengeProgress, DayEntry, Overview

NO_CHALLENGES = "No challenges yet: start one with `readlist challenge new NAME --days 30`."
DAY_STYLE = {
    "done": "green",
    "reading": "yellow",
    "today": "bold cyan",
    "missed": "red",
    "planned": "white",
    "skipped": "dim",
    "unrecorded": "dim italic",
    "open": "dim",
    "missing": "red italic",
    "break": "blue",
}
# GitHub's contribution greens, from "nothing" to "busy".
BREAK_COLOR = "#539bf5"
HEAT_COLORS = ("#2d333b", "#0e4429", "#006d32", "#26a641", "#39d353")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PAPER_WIDTH = 60
BAR_WIDTH = 20
MAX_TAGS_SHOWN = 15
MAX_HEATMAP_DAYS = 371  # 53 weeks: a heatmap wider than a year helps nobody


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _units(p: ChallengeProgress, count: int) -> str:
    """Days of a daily challenge, papers of the others."""
    return _days(count) if p.goal == "daily" else _papers(count)


def streak_units(p: ChallengeProgress, count: int) -> str:
    return _days(count) if p.unit == "day" else (f"{count} week" + ("" if count == 1 else "s"))


def _papers(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def challenge_label(p: ChallengeProgress) -> str:
    """'#30daysofDiffusion', or the name and its hashtag when they differ."""
    if p.hashtag and p.hashtag.lstrip("#").casefold() == p.name.casefold():
        return p.hashtag
    return f"{p.name} ({p.hashtag})" if p.hashtag else p.name


def entry_date(entry: DayEntry) -> str:
    """The day's date; an estimated one is marked '~'."""
    return ("~" if entry.date_estimated else "") + entry.date.isoformat()


def entry_paper(entry: DayEntry, width: int | None = PAPER_WIDTH) -> str:
    if entry.paper is None:
        return "—"
    title = entry.title or entry.paper
    if title == entry.paper:
        return title
    suffix = f" ({entry.paper})"
    if width is not None and len(title) + len(suffix) > width:
        # Cut the title, never the id: the id is what the user types next.
        title = title[: max(8, width - len(suffix) - 1)].rstrip() + "…"
    return title + suffix


def _phase_text(p: ChallengeProgress) -> str:
    span = f"{p.start.isoformat()} to {p.end.isoformat()}"
    if p.phase == "upcoming":
        return f"{span}; starts in {_days((p.start - p.today).days)}"
    if p.phase == "paused":
        return f"{span}; on a break today"
    if p.today_day is not None:
        return f"{span}; today is day {p.today_day} of {p.days}"
    return f"{span}; {p.phase}"  # running (a rest day), finished or complete


def _schedule_text(p: ChallengeProgress) -> str:
    """Where the reader stands against the plan, in words that help: what is left to catch
    up and how soon, never how far behind."""
    if p.phase == "upcoming":
        return "not started"
    if p.phase == "complete":
        return "complete"
    if p.phase == "finished":
        return "finished: nothing to catch up"
    if p.phase == "abandoned":
        return "abandoned: nothing is due"
    if p.phase == "paused":
        back = _back_on(p)
        return f"on a break: nothing is due until {back.isoformat() if back else 'you resume'}"
    if p.to_catch_up and p.catch_up_days is not None:
        return (
            f"{_units(p, p.to_catch_up)} to catch up: back on track in "
            f"{_days(p.catch_up_days)} at {p.catch_up_rate} a day"
        )
    if p.ahead:
        return f"{_units(p, p.ahead)} ahead"
    return "on track"


def _schedule_brief(p: ChallengeProgress) -> str:
    return _schedule_text(p).split(":")[0]


def _back_on(p: ChallengeProgress) -> date | None:
    """The day the break going on today ends, when it is known."""
    return next((b.resumed for b in p.breaks if b.paused <= p.today <= b.last), None)


def _finish_text(p: ChallengeProgress) -> str:
    if p.phase == "complete":
        return f"completed on {p.completed_on.isoformat() if p.completed_on else '?'}"
    if p.phase == "finished":
        return (
            f"finished on {p.end.isoformat()} with {p.done} of {_units(p, p.days)} read "
            f"({p.percent:g}%)"
        )
    if p.phase == "abandoned" and p.abandoned is not None:
        return (
            f"abandoned on {p.abandoned.isoformat()} with {p.done} of {_units(p, p.days)} "
            f"read ({p.percent:g}%)"
        )
    if p.phase == "upcoming":
        return f"{p.end.isoformat()} as planned"
    if p.phase == "paused":
        back = _back_on(p)
        if back is not None:
            return f"{p.end.isoformat()} as planned, back from the break on {back.isoformat()}"
        return f"after the break: `readlist challenge resume {p.name}`"
    if p.projected_finish is None:
        return "unknown until a day is done"
    return f"about {p.projected_finish.isoformat()} at the current pace"


def _next_brief(p: ChallengeProgress) -> str:
    """`challenge list`'s last column: the next day, or why there is none."""
    if p.next_day is None:
        return "all done"
    return "over" if p.finished else f"day {p.next_day}"


def _next_text(p: ChallengeProgress) -> str:
    if p.next_day is None:
        return "nothing: every day is done"
    if p.finished:
        return f"nothing: it is {p.phase}; `readlist challenge new` starts another"
    when = p.entries[p.next_day - 1].scheduled.isoformat()
    if p.next_paper is None:
        return f"day {p.next_day} ({when}), nothing planned: `readlist challenge plan {p.name} REF`"
    if p.next_title is None:
        return f"day {p.next_day} ({when}): {p.next_paper}, which is not in the list"
    return f"day {p.next_day} ({when}): {p.next_title} ({p.next_paper})"


def break_text(span: BreakSpan) -> str:
    """'2023-01-16 to 2023-01-31 (16 days), back on 2023-02-01' (or 'not resumed yet')."""
    back = f"back on {span.resumed.isoformat()}" if span.resumed else "not resumed yet"
    return f"{span.paused.isoformat()} to {span.last.isoformat()} ({_days(span.days)}), {back}"


def _pace_text(p: ChallengeProgress) -> str:
    if p.per_day is None:
        return "not started"
    reading_days = _days(p.elapsed).replace("day", "reading day")
    if p.unit == "week":
        return f"{p.per_day * 7:.2f} papers a week ({p.done} in {reading_days})"
    return f"{p.per_day:.2f} papers a day ({p.done} in {reading_days})"


def progress_facts(p: ChallengeProgress) -> list[tuple[str, str]]:
    """The summary of a challenge as (label, text) lines."""
    goal = {
        "daily": f"{p.done} of {p.days} days",
        "weekly": f"{p.done} of {p.days} papers, {p.per_week} a week",
        "by_date": f"{p.done} of {p.days} papers by {p.end.isoformat()}",
    }[p.goal]
    streak = f"{streak_units(p, p.current_streak)} now, longest {streak_units(p, p.longest_streak)}"
    if p.frozen:
        streak += f"; {len(p.frozen)} freeze(s) used, {p.freezes_left} left"
    elif p.freezes_left:
        streak += f"; {p.freezes_left} freeze(s) left"
    facts = [
        ("Done", f"{goal} ({p.percent:g}%), {p.planned} planned"),
        ("Period", _phase_text(p)),
    ]
    facts.extend(("Break", break_text(span)) for span in p.breaks)
    if p.rest_days:
        facts.append(("Rest days", ", ".join(WEEKDAYS[d] for d in p.rest_days)))
    facts += [
        ("Streak", streak),
        ("Pace", _pace_text(p)),
        ("Schedule", _schedule_text(p)),
        ("Finish", _finish_text(p)),
        ("Next", _next_text(p)),
    ]
    if p.estimated:
        facts.append(
            (
                "Estimated",
                f"{_days(p.estimated)} done without a recorded date: counted on the "
                "scheduled date, marked ~",
            )
        )
    return facts


def _heatmap_range(p: ChallengeProgress) -> tuple[date, date]:
    """The period to draw: the challenge, stretched to late catch-up days (up to today)."""
    last = max([p.end, *(d for d in p.done_on if p.end < d <= p.today)])
    return p.start, min(last, p.start + timedelta(days=MAX_HEATMAP_DAYS - 1))


def heatmap_weeks(p: ChallengeProgress) -> list[list[date | None]]:
    """The calendar as columns of weeks (Monday first); None outside the period."""
    first, last = _heatmap_range(p)
    monday = first - timedelta(days=first.weekday())
    weeks: list[list[date | None]] = []
    while monday <= last:
        week = [monday + timedelta(days=i) for i in range(7)]
        weeks.append([d if first <= d <= last else None for d in week])
        monday += timedelta(days=7)
    return weeks


def _month_row(weeks: list[list[date | None]], cell: int) -> str:
    """Month names above the week where each month starts."""
    row = ""
    for column, week in enumerate(weeks):
        days = [d for d in week if d is not None]
        starts = [d for d in days if d.day == 1] or (days if column == 0 else [])
        if not starts:
            continue
        label = starts[0].strftime("%b %Y" if column == 0 or starts[0].month == 1 else "%b")
        position = column * cell
        if position < len(row) + (1 if row else 0):
            continue
        row = row.ljust(position) + label
    return row


def _heat_char(p: ChallengeProgress, day: date) -> str:
    if day in p.estimated_dates:
        return "~"
    if p.done_on.get(day):
        return str(min(p.done_on[day], 9))
    if p.paused_on(day):
        return "-"
    if day in p.frozen and p.unit == "day":
        return "*"
    if p.rest_on(day):
        return "r"
    return "."


def heatmap_plain(p: ChallengeProgress) -> str:
    """The calendar heatmap in text: '.' nothing done, a digit the papers done that day,
    '~' done on an estimated date."""
    weeks = heatmap_weeks(p)
    lines = ["    " + _month_row(weeks, 2)]
    for weekday, name in enumerate(WEEKDAYS):
        cells = []
        for week in weeks:
            day = week[weekday]
            if day is None:
                cells.append(" ")
            else:
                cells.append(_heat_char(p, day))
        lines.append(f"{name} " + " ".join(cells).rstrip())
    legend = ". nothing done   1-9 papers done that day"
    if p.estimated_dates:
        legend += "   ~ done, date estimated"
    if p.breaks:
        legend += "   - break"
    if p.rest_days:
        legend += "   r rest day"
    if p.frozen and p.unit == "day":
        legend += "   * freeze"
    lines.append(legend)
    return "\n".join(lines) + "\n"


def _table_plain(p: ChallengeProgress) -> str:
    from readlist.progress import BreakSpan

    width = max(
        len("Paper"),
        *(len(entry_paper(e)) for e in p.entries),
        *(len(b.row_text()) for b in p.breaks),
    )
    lines = [f"Day  {'Date':<11}  {'Paper':<{width}}  Status"]
    for row in p.rows():
        if isinstance(row, BreakSpan):
            lines.append(f"{'':>3}  {row.paused.isoformat():<11}  {row.row_text():<{width}}  break")
            continue
        lines.append(
            f"{row.day:>3}  {entry_date(row):<11}  {entry_paper(row):<{width}}  {row.status}"
        )
    return "\n".join(lines) + "\n"


def challenge_plain(p: ChallengeProgress) -> str:
    """The whole progress view of one challenge, as text."""
    facts = progress_facts(p)
    label_width = max(len("Estimated"), *(len(label) for label, _ in facts))
    parts = [
        f"{challenge_label(p)}: {p.done} of {_units(p, p.days)} done\n",
        _table_plain(p),
        "".join(f"{label + ':':<{label_width + 1}}  {text}\n" for label, text in facts),
        heatmap_plain(p),
    ]
    return "\n".join(parts)


def _bar_plain(part: int, whole: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * part / whole) if whole else 0
    return "#" * filled + "." * (width - filled)


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}%" if whole else "    -"


def _challenge_brief(p: ChallengeProgress) -> str:
    streak = f"streak {p.current_streak} (longest {p.longest_streak})"
    if p.phase in ("running", "paused"):
        return f"{streak}, {_schedule_brief(p)}, {p.phase}"
    return f"{streak}, {p.phase}"


def overview_plain(overview: Overview, challenges: Sequence[ChallengeProgress]) -> str:
    """Every challenge in brief, the list by status (counts and bars) and by tag, as text."""
    lines: list[str] = []
    if challenges:
        lines.append("Challenges")
        width = max(len(challenge_label(p)) for p in challenges)
        for p in challenges:
            lines.append(
                f"  {challenge_label(p):<{width}}  {p.done:>3}/{p.days:<3} days  "
                f"{_bar_plain(p.done, p.days)} {p.percent:5.1f}%  {_challenge_brief(p)}"
            )
    else:
        lines.append(NO_CHALLENGES)
    lines.append("")
    lines.append(f"Reading list: {_papers(overview.total)}")
    for status, count in overview.by_status.items():
        lines.append(
            f"  {status:<8} {count:>6}  {_bar_plain(count, overview.total)} "
            f"{_percent(count, overview.total)}"
        )
    if overview.by_tag:
        lines.append("")
        lines.append("By tag")
        shown = overview.by_tag[:MAX_TAGS_SHOWN]
        width = max(len(t.tag) for t in shown)
        for tag in shown:
            lines.append(
                f"  {tag.tag:<{width}} {tag.total:>6}  {_bar_plain(tag.done, tag.total)} "
                f"{tag.done} done"
            )
        hidden = len(overview.by_tag) - len(shown)
        if hidden:
            lines.append(f"  (and {hidden} more tags: `readlist progress --json` lists them all)")
        if overview.untagged:
            lines.append(f"  {'(no tag)':<{width}} {overview.untagged:>6}")
    return "\n".join(lines) + "\n"


def _heat_style(p: ChallengeProgress, day: date) -> tuple[str, str]:
    """(glyph, style) of one calendar cell."""
    count = p.done_on.get(day, 0)
    color = HEAT_COLORS[min(count, len(HEAT_COLORS) - 1)]
    glyph = "□" if day in p.estimated_dates else "■"
    if not count:
        char = _heat_char(p, day)
        if char == "-":
            glyph, color = "─", BREAK_COLOR
        elif char == "*":
            glyph, color = "*", "cyan"
        elif char == "r":
            glyph = "·"
    if day == p.today:
        return glyph, f"{color} underline"
    return glyph, color


def heatmap_rich(p: ChallengeProgress) -> Any:
    from rich.text import Text

    weeks = heatmap_weeks(p)
    text = Text("    " + _month_row(weeks, 2) + "\n", style="dim")
    for weekday, name in enumerate(WEEKDAYS):
        text.append(f"{name} ", style="dim")
        for week in weeks:
            day = week[weekday]
            if day is None:
                text.append("  ")
            else:
                glyph, style = _heat_style(p, day)
                text.append(glyph, style=style)
                text.append(" ")
        text.append("\n")
    text.append("Less ", style="dim")
    for color in HEAT_COLORS:
        text.append("■ ", style=color)
    text.append("More", style="dim")
    if p.estimated_dates:
        text.append("   □ date estimated", style="dim")
    if p.breaks:
        text.append("   ", style="dim")
        text.append("─", style=BREAK_COLOR)
        text.append(" break", style="dim")
    if p.rest_days:
        text.append("   · rest day", style="dim")
    if p.frozen and p.unit == "day":
        text.append("   * freeze", style="dim")
    return text


def challenge_renderables(p: ChallengeProgress) -> list[Any]:
    """The progress view of one challenge for rich: table, facts, heatmap."""
    from rich.table import Table
    from rich.text import Text

    table = new_table(
        title=f"{challenge_label(p)}: {p.done} of {_units(p, p.days)} done",
        title_justify="left",
        title_style="bold",
    )
    table.add_column("Day", justify="right", style="cyan", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Paper", ratio=1)
    table.add_column("Status", no_wrap=True)
    from readlist.progress import BreakSpan

    for row in p.rows():
        if isinstance(row, BreakSpan):
            table.add_row(
                "",
                row.paused.isoformat(),
                Text(row.row_text(), style=BREAK_COLOR),
                Text("break", style=BREAK_COLOR),
            )
            continue
        entry = row
        style = DAY_STYLE.get(str(entry.status), "")
        date_text = Text(entry_date(entry), style="italic yellow" if entry.date_estimated else "")
        if entry.paper is None:
            paper = Text("—", style="dim")
        else:
            paper = Text(entry.title or entry.paper)
            if entry.title and entry.title != entry.paper:
                paper.append(f"  {entry.paper}", style="dim")
        table.add_row(str(entry.day), date_text, paper, Text(str(entry.status), style=style))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold cyan", no_wrap=True)
    facts.add_column()
    for label, value in progress_facts(p):
        facts.add_row(label, value)
    return [table, Text(""), facts, Text(""), heatmap_rich(p)]


def _bar_rich(part: int, whole: int, color: str = "green") -> Any:
    from rich.progress_bar import ProgressBar

    return ProgressBar(total=max(whole, 1), completed=part, width=BAR_WIDTH, complete_style=color)


def overview_renderables(overview: Overview, challenges: Sequence[ChallengeProgress]) -> list[Any]:
    from rich.text import Text

    out: list[Any] = []
    if challenges:
        table = new_table(title="Challenges", title_justify="left", title_style="bold")
        for column in ("Challenge", "Done", "", "%", "Streak", "Schedule", "State"):
            table.add_column(column, no_wrap=True, justify="right" if column == "%" else "left")
        for p in challenges:
            table.add_row(
                challenge_label(p),
                f"{p.done}/{p.days}",
                _bar_rich(p.done, p.days),
                f"{p.percent:.1f}",
                f"{p.current_streak} (longest {p.longest_streak})",
                _schedule_brief(p),
                str(p.phase),
            )
        out.append(table)
    else:
        out.append(Text(NO_CHALLENGES, style="dim"))
    out.append(Text(""))
    statuses = new_table(
        title=f"Reading list: {_papers(overview.total)}", title_justify="left", title_style="bold"
    )
    statuses.add_column("Status")
    statuses.add_column("Papers", justify="right")
    statuses.add_column("")
    statuses.add_column("%", justify="right")
    for status, count in overview.by_status.items():
        statuses.add_row(
            Text(status, style=STATUS_STYLE.get(status, "")),
            str(count),
            _bar_rich(count, overview.total, STATUS_STYLE.get(status, "green")),
            _percent(count, overview.total).strip(),
        )
    out.append(statuses)
    if overview.by_tag:
        out.append(Text(""))
        tags = new_table(title="By tag", title_justify="left", title_style="bold")
        tags.add_column("Tag", style="magenta")
        tags.add_column("Papers", justify="right")
        tags.add_column("Done", justify="right")
        tags.add_column("")
        for tag in overview.by_tag[:MAX_TAGS_SHOWN]:
            tags.add_row(tag.tag, str(tag.total), str(tag.done), _bar_rich(tag.done, tag.total))
        hidden = len(overview.by_tag) - MAX_TAGS_SHOWN
        if hidden > 0:
            tags.add_row(Text(f"(and {hidden} more)", style="dim"), "", "", "")
        if overview.untagged:
            tags.add_row(Text("(no tag)", style="dim"), str(overview.untagged), "", "")
        out.append(tags)
    return out


def challenges_plain(challenges: Sequence[ChallengeProgress]) -> str:
    """`challenge list` as text: one line per challenge."""
    if not challenges:
        return NO_CHALLENGES + "\n"
    width = max(len(challenge_label(p)) for p in challenges)
    lines = []
    for p in challenges:
        nxt = _next_brief(p).replace("day", "next day")
        lines.append(
            f"{challenge_label(p):<{width}}  {p.done:>3}/{p.days:<3} days  "
            f"{p.start.isoformat()} to {p.end.isoformat()}  {p.phase:<8}  {nxt}"
        )
    return "\n".join(lines) + "\n"


def challenges_table(challenges: Sequence[ChallengeProgress]) -> list[Any]:
    from rich.text import Text

    if not challenges:
        return [Text(NO_CHALLENGES, style="dim")]
    table = new_table(title="Challenges", title_justify="left", title_style="bold")
    for column in ("Challenge", "Done", "Start", "End", "State", "Next"):
        table.add_column(column, no_wrap=True)
    for p in challenges:
        table.add_row(
            challenge_label(p),
            f"{p.done}/{p.days}",
            p.start.isoformat(),
            p.end.isoformat(),
            str(p.phase),
            _next_brief(p),
        )
    return [table]


def _brief_json(p: ChallengeProgress) -> dict[str, Any]:
    """A challenge's facts without its day-by-day entries."""
    row = p.to_json()
    del row["entries"]
    return row


def challenges_json(challenges: Sequence[ChallengeProgress]) -> str:
    """`challenge list --json`."""
    return json.dumps([_brief_json(p) for p in challenges], ensure_ascii=False, indent=2)


def print_challenges(challenges: Sequence[ChallengeProgress], *, as_json: bool = False) -> None:
    """`challenge list`."""
    if as_json:
        write(challenges_json(challenges))
        return
    print_view(challenges_plain(challenges), lambda: challenges_table(challenges))


@dataclass
class ProgressView:
    """What `progress` shows, in its three forms, and the title of its SVG picture."""

    title: str
    data: dict[str, Any]
    plain: str
    renderables: Callable[[], list[Any]]

    def print(self, *, as_json: bool = False) -> None:
        if as_json:
            write(json.dumps(self.data, ensure_ascii=False, indent=2))
        else:
            print_view(self.plain, self.renderables)


def challenge_view(p: ChallengeProgress) -> ProgressView:
    """`progress NAME`: one challenge day by day."""
    return ProgressView(
        f"readlist progress {p.name}",
        p.to_json(),
        challenge_plain(p),
        lambda: challenge_renderables(p),
    )


def overview_view(overview: Overview, challenges: Sequence[ChallengeProgress]) -> ProgressView:
    """`progress`: every challenge in brief, and the list by status and by tag."""
    return ProgressView(
        "readlist progress",
        {"challenges": [_brief_json(p) for p in challenges], **overview.to_json()},
        overview_plain(overview, challenges),
        lambda: overview_renderables(overview, challenges),
    )
