"""Challenge arithmetic: the plan's calendar (reading days, rest days, breaks), which papers
are read and when, streaks (with freezes), pace, what is left to catch up, the projected finish
and what is next; and the whole list's counts by status and tag. Pure functions, no I/O.

A planned paper is read exactly when its status is done, on its `finished` date. When that date
is unknown (a document said "done" without a date) it is estimated at the paper's scheduled
date, never later than today, and every fact built on it says so (`date_estimated`).

The calendar: paused days (a break) hold no paper and are neither missed nor counted against
the pace; the plan's papers move past them. Rest days (weekdays) hold no paper either. A streak
counts periods (days for a daily goal, weeks for the others) whose papers were all read; a
period with nothing due (rest, break) neither counts nor breaks it, and so does a missed period
while freezes last. Once the last planned day is past a challenge is finished: it projects
nothing, and there is nothing left to catch up.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from itertools import accumulate, takewhile
from typing import Any

from readlist.models import STATUSES, Challenge, Paper, Status

ONE_DAY = timedelta(days=1)
MAX_PROJECTION_DAYS = 36_600  # a pace that needs more than a century projects nothing


class DayStatus(StrEnum):
    DONE = "done"
    READING = "reading"  # planned paper started, not finished
    SKIPPED = "skipped"  # planned paper skipped in the list
    TODAY = "today"  # today's day, not done yet
    MISSED = "missed"  # a past day whose planned paper is not done
    PLANNED = "planned"  # a future day with a paper planned
    UNRECORDED = "unrecorded"  # a past day with no paper: a gap, never counted as read
    OPEN = "open"  # a future day with no paper planned yet
    MISSING = "missing"  # the planned paper is no longer in the list


class Phase(StrEnum):
    UPCOMING = "upcoming"  # starts after today
    RUNNING = "running"
    PAUSED = "paused"  # today is a day of a break
    FINISHED = "finished"  # the last planned day is past, not every paper read
    ABANDONED = "abandoned"  # given up (the challenge's `abandoned` date is past)
    COMPLETE = "complete"  # every planned paper read


@dataclass(frozen=True)
class DayEntry:
    """One planned paper (one day of a daily challenge) as the progress views show it."""

    day: int
    scheduled: date
    date: date  # when it was done (possibly estimated) for done days, else the scheduled date
    date_estimated: bool
    paper: str | None
    title: str | None
    status: DayStatus

    @property
    def is_gap(self) -> bool:
        return self.paper is None

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "date": self.date.isoformat(),
            "date_estimated": self.date_estimated,
            "scheduled": self.scheduled.isoformat(),
            "paper": self.paper,
            "title": self.title,
            "status": str(self.status),
        }


@dataclass(frozen=True)
class BreakSpan:
    """A break as the views show it: its days (an open break runs to today) and where it falls
    in the plan (after how many planned papers)."""

    paused: date
    resumed: date | None  # None: not resumed yet
    last: date  # the last day off (today for an open break that has begun)
    after_day: int

    @property
    def days(self) -> int:
        return (self.last - self.paused).days + 1

    def row_text(self) -> str:
        """The break as the day-by-day tables show it, between the days around it."""
        back = f"back on {self.resumed.isoformat()}" if self.resumed else "not resumed yet"
        return f"break: {self.days} day{'s' if self.days != 1 else ''} off, {back}"

    def to_json(self) -> dict[str, Any]:
        return {
            "paused": self.paused.isoformat(),
            "resumed": _iso(self.resumed),
            "last_day_off": self.last.isoformat(),
            "days": self.days,
            "after_day": self.after_day,
        }


@dataclass(frozen=True)
class Calendar:
    """Which dates hold planned papers: not a rest weekday and not in a break. Breaks are
    [paused, resumed) spans, an open break closed the day after today (or after its first day,
    when it has not begun)."""

    start: date
    rest: frozenset[int]
    breaks: tuple[tuple[date, date], ...]

    @classmethod
    def of(cls, challenge: Challenge, start: date, today: date, *, rest: bool = True) -> Calendar:
        spans = []
        for item in challenge.breaks:
            end = item.resumed or max(item.paused, today) + ONE_DAY
            spans.append((item.paused, end))
        weekdays = frozenset(challenge.rest_days) if rest else frozenset()
        return cls(start, weekdays, tuple(sorted(spans)))

    def paused(self, day: date) -> bool:
        return any(first <= day < end for first, end in self.breaks)

    def rest_day(self, day: date) -> bool:
        return day.weekday() in self.rest

    def active(self, day: date) -> bool:
        return day.weekday() not in self.rest and not self.paused(day)

    def dates(self, first: date, *, rest: bool = True) -> Iterator[date]:
        """Active dates from `first` on (with `rest=False`, every date not in a break)."""
        day = first
        while True:
            if not self.paused(day) and (not rest or day.weekday() not in self.rest):
                yield day
            day += ONE_DAY

    def count(self, first: date, last: date, *, rest: bool = True) -> int:
        return sum(1 for _ in takewhile(lambda d: d <= last, self.dates(first, rest=rest)))


@dataclass(frozen=True)
class Period:
    """A stretch of calendar (a day, or a week of a weekly goal) and how many papers are due."""

    first: date
    last: date
    due: int


@dataclass(frozen=True)
class Plan:
    """Where each planned paper falls, when the plan ends, and the periods streaks count."""

    slots: list[date]  # slots[n - 1]: the date of paper n
    end: date
    periods: list[Period]  # weeks (weekly and by-date goals); empty for a daily goal
    rate: Fraction  # papers due per pace day
    pace_rest: bool  # whether rest days are left out of pace days


def _take(dates: Iterator[date], count: int) -> list[date]:
    return [next(dates) for _ in range(count)]


def _weeks(calendar: Calendar, start: date, count: int) -> list[list[date]]:
    """`count` weeks of seven days each, breaks left out (a week split by a break goes on
    after it)."""
    days = calendar.dates(start, rest=False)
    return [_take(days, 7) for _ in range(count)]


def _spread(dates: list[date], count: int) -> list[date]:
    """`count` papers spread evenly over `dates` (several on a date when they are fewer)."""
    return [dates[i * len(dates) // count] for i in range(count)]


def _week_periods(weeks: list[list[date]], slots: list[date]) -> list[Period]:
    periods = []
    for number, week in enumerate(weeks):
        following = weeks[number + 1][0] - ONE_DAY if number + 1 < len(weeks) else week[-1]
        due = sum(1 for s in slots if week[0] <= s <= following)
        periods.append(Period(week[0], following, due))
    return periods


def plan_of(challenge: Challenge, start: date, calendar: Calendar) -> Plan:
    """The plan's dates for the challenge's goal."""
    total = challenge.days
    if challenge.per_week:
        per_week = challenge.per_week
        weeks = _weeks(calendar, start, challenge.weeks)
        slots: list[date] = []
        for week in weeks:
            count = min(per_week, total - len(slots))
            reading = [d for d in week if not calendar.rest_day(d)] or week
            slots.extend(_spread(reading, count))
        return Plan(slots, weeks[-1][-1], _week_periods(weeks, slots), Fraction(per_week, 7), False)
    if challenge.by:
        reading_days = max(1, Calendar(start, calendar.rest, ()).count(start, challenge.by))
        active = _take(calendar.dates(start), reading_days)
        slots = [active[-(-n * reading_days // total) - 1] for n in range(1, total + 1)]
        weeks = _weeks(calendar, start, -(-((active[-1] - start).days + 1) // 7))
        while weeks[-1][-1] < active[-1]:
            weeks.append(_take(calendar.dates(weeks[-1][-1] + ONE_DAY, rest=False), 7))
        periods = _week_periods(weeks, slots)
        return Plan(slots, active[-1], periods, Fraction(total, reading_days), True)
    slots = _take(calendar.dates(start), total)
    return Plan(slots, slots[-1], [], Fraction(1), True)


@dataclass(frozen=True)
class ChallengeProgress:
    """The facts of one challenge on one day."""

    name: str
    hashtag: str | None
    goal: str  # "daily", "weekly" or "by_date"
    per_week: int | None
    days: int  # papers in the plan (days of a daily goal)
    start: date
    end: date  # the last planned day, breaks included
    today: date
    phase: Phase
    today_day: int | None  # which day of a daily challenge today is, while it runs
    done: int
    percent: float
    current_streak: int  # in days for a daily goal, else in weeks
    longest_streak: int
    frozen: tuple[date, ...]  # the periods (their first days) a freeze kept the streak over
    freezes_left: int
    elapsed: int  # pace days (reading days; not breaks) from the start up to today
    expected: int  # papers due by today
    to_catch_up: int  # papers due before today not read yet (0 once finished)
    catch_up_days: int | None  # days to be back on track at `catch_up_rate` a day
    catch_up_rate: int | None
    ahead: int  # papers read beyond those due
    per_day: float | None  # papers read per pace day; None before the start
    projected_finish: date | None  # only while running (or upcoming: the plan's end)
    completed_on: date | None  # when the last paper was read, once every one is
    next_day: int | None
    next_paper: str | None
    next_title: str | None
    done_on: dict[date, int]  # papers done per date (estimated dates included)
    estimated_dates: frozenset[date]  # dates that hold at least one estimated day
    entries: list[DayEntry]
    breaks: list[BreakSpan] = field(default_factory=list)
    rest_days: tuple[int, ...] = ()
    calendar: Calendar | None = None
    abandoned: date | None = None

    @property
    def planned(self) -> int:
        return sum(1 for e in self.entries if not e.is_gap)

    @property
    def estimated(self) -> int:
        return sum(1 for e in self.entries if e.date_estimated)

    @property
    def finished(self) -> bool:
        """Over: its last day is past, every paper is read, or it was given up."""
        return self.phase in (Phase.FINISHED, Phase.COMPLETE, Phase.ABANDONED)

    @property
    def unit(self) -> str:
        """What a streak counts: "day" or "week"."""
        return "day" if self.goal == "daily" else "week"

    def rows(self) -> list[DayEntry | BreakSpan]:
        """The days in order, with each break where it falls."""
        rows: list[DayEntry | BreakSpan] = []
        spans = list(self.breaks)
        for entry in self.entries:
            while spans and spans[0].after_day < entry.day:
                rows.append(spans.pop(0))
            rows.append(entry)
        rows.extend(spans)
        return rows

    def paused_on(self, day: date) -> bool:
        return self.calendar is not None and self.calendar.paused(day)

    def rest_on(self, day: date) -> bool:
        return day.weekday() in self.rest_days and not self.paused_on(day)

    def to_json(self) -> dict[str, Any]:
        from readlist.models import WEEKDAY_NAMES

        return {
            "name": self.name,
            "hashtag": self.hashtag,
            "goal": self.goal,
            "per_week": self.per_week,
            "days": self.days,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "today": self.today.isoformat(),
            "phase": str(self.phase),
            "today_day": self.today_day,
            "done": self.done,
            "planned": self.planned,
            "percent": self.percent,
            "streak_unit": self.unit,
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "frozen": [d.isoformat() for d in self.frozen],
            "freezes_left": self.freezes_left,
            "elapsed": self.elapsed,
            "expected": self.expected,
            "to_catch_up": self.to_catch_up,
            "catch_up": None
            if self.catch_up_days is None
            else {"days": self.catch_up_days, "per_day": self.catch_up_rate},
            "ahead": self.ahead,
            "per_day": None if self.per_day is None else round(self.per_day, 2),
            "projected_finish": _iso(self.projected_finish),
            "completed_on": _iso(self.completed_on),
            "estimated_dates": self.estimated,
            "rest_days": [WEEKDAY_NAMES[d] for d in self.rest_days],
            "breaks": [b.to_json() for b in self.breaks],
            "abandoned": _iso(self.abandoned),
            "next": None
            if self.next_day is None
            else {"day": self.next_day, "paper": self.next_paper, "title": self.next_title},
            "entries": [e.to_json() for e in self.entries],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def challenge_start(challenge: Challenge, papers: Mapping[str, Paper], today: date) -> date:
    """The start date; for a hand-written challenge without one, its first known done date,
    else today."""
    if challenge.start:
        return challenge.start
    known = [
        p.finished
        for e in challenge.entries
        if (p := papers.get(e.paper)) is not None and p.status is Status.DONE and p.finished
    ]
    return min(known, default=today)


def schedule(challenge: Challenge, papers: Mapping[str, Paper], today: date) -> list[date]:
    """The date each planned paper falls on (index n - 1 for paper n), breaks and rest days
    skipped."""
    start = challenge_start(challenge, papers, today)
    return plan_of(challenge, start, Calendar.of(challenge, start, today)).slots


def scheduled_end(challenge: Challenge, today: date) -> date:
    """The last planned day of a challenge with a start date."""
    start = challenge.start or today
    return plan_of(challenge, start, Calendar.of(challenge, start, today)).end


def is_done(paper: Paper | None) -> bool:
    return paper is not None and paper.status is Status.DONE


def next_open_day(challenge: Challenge, papers: Mapping[str, Paper]) -> int | None:
    """Where the challenge continues: the day after the last done day; once the last day is
    done, the first day still open. None when every day is done."""
    done_days = {e.day for e in challenge.entries if is_done(papers.get(e.paper))}
    last_done = max(done_days, default=0)
    if last_done < challenge.days:
        return last_done + 1
    return next((d for d in range(1, challenge.days + 1) if d not in done_days), None)


def _day_entry(
    day: int, scheduled: date, paper_id: str | None, paper: Paper | None, today: date
) -> DayEntry:
    title = paper.display_title if paper is not None else None
    if paper_id is None:
        if scheduled < today:
            status = DayStatus.UNRECORDED
        else:
            status = DayStatus.TODAY if scheduled == today else DayStatus.OPEN
        return DayEntry(day, scheduled, scheduled, False, None, None, status)
    if paper is None:
        return DayEntry(day, scheduled, scheduled, False, paper_id, None, DayStatus.MISSING)
    if paper.status is Status.DONE:
        if paper.finished is not None:
            return DayEntry(day, scheduled, paper.finished, False, paper_id, title, DayStatus.DONE)
        # Done without a date: estimate it on schedule, but it cannot have been after today.
        estimate = min(scheduled, today)
        return DayEntry(day, scheduled, estimate, True, paper_id, title, DayStatus.DONE)
    if paper.status is Status.READING:
        status = DayStatus.READING
    elif paper.status is Status.SKIPPED:
        status = DayStatus.SKIPPED
    elif scheduled < today:
        status = DayStatus.MISSED
    elif scheduled == today:
        status = DayStatus.TODAY
    else:
        status = DayStatus.PLANNED
    return DayEntry(day, scheduled, scheduled, False, paper_id, title, status)


def _daily_periods(slots: list[date], first: date, last: date) -> list[Period]:
    due: dict[date, int] = {}
    for slot in slots:
        due[slot] = due.get(slot, 0) + 1
    periods, day = [], first
    while day <= last:
        periods.append(Period(day, day, due.get(day, 0)))
        day += ONE_DAY
    return periods


def streaks(
    periods: Iterable[Period], done_on: Mapping[date, int], today: date, freezes: int = 0
) -> tuple[int, int, list[date]]:
    """(current, longest, frozen) runs of periods whose due papers were all read (at least
    one). A period with nothing due and nothing read, the period today is in while it is not
    met, and a missed one while freezes last neither count nor break a run; `frozen` lists the
    first days of the periods a freeze covered."""
    current = longest = 0
    frozen: list[date] = []
    read_dates = sorted(done_on)
    running_total = [0, *accumulate(done_on[d] for d in read_dates)]
    for period in periods:
        if period.first > today:
            break
        first = bisect_left(read_dates, period.first)
        read = running_total[bisect_right(read_dates, period.last)] - running_total[first]
        if read and read >= period.due:
            current += 1
            longest = max(longest, current)
        elif period.last >= today or period.due == 0:
            continue
        elif len(frozen) < freezes:
            frozen.append(period.first)
        else:
            current = 0
    return current, longest, frozen


def _project(calendar: Calendar, today: date, pace_days: int, rest: bool) -> date | None:
    if pace_days > MAX_PROJECTION_DAYS:
        return None
    days = calendar.dates(today + ONE_DAY, rest=rest)
    return _take(days, pace_days)[-1] if pace_days else today


def _breaks(
    challenge: Challenge, slots: list[date], start: date, end: date, today: date
) -> list[BreakSpan]:
    """The breaks that touch the plan's period, in date order."""
    spans = []
    for item in challenge.breaks:
        last = item.resumed - ONE_DAY if item.resumed else max(item.paused, today)
        if last < start or item.paused > end:
            continue
        after = sum(1 for s in slots if s < item.paused)
        spans.append(BreakSpan(item.paused, item.resumed, last, after))
    return spans


def challenge_progress(
    challenge: Challenge, papers: Mapping[str, Paper], today: date
) -> ChallengeProgress:
    """Every fact of `challenge` on `today`; `papers` maps ids to papers (those of the
    challenge at least)."""
    start = challenge_start(challenge, papers, today)
    calendar = Calendar.of(challenge, start, today)
    plan = plan_of(challenge, start, calendar)
    days, end, slots = challenge.days, plan.end, plan.slots
    # an abandoned challenge's facts are those of the day it was given up: nothing is due or
    # missed after it
    stopped = challenge.abandoned is not None and challenge.abandoned <= today
    as_of = challenge.abandoned if stopped and challenge.abandoned else today
    planned = {e.day: e.paper for e in challenge.entries if 1 <= e.day <= days}
    entries = []
    for day in range(1, days + 1):
        paper_id = planned.get(day)
        paper = papers.get(paper_id) if paper_id else None
        entries.append(_day_entry(day, slots[day - 1], paper_id, paper, as_of))
    done_entries = [e for e in entries if e.status is DayStatus.DONE]
    done = len(done_entries)
    done_on: dict[date, int] = {}
    for entry in done_entries:
        done_on[entry.date] = done_on.get(entry.date, 0) + 1
    estimated_dates = frozenset(e.date for e in done_entries if e.date_estimated)

    if challenge.goal == "daily":
        first = min([start, *done_on])
        periods = _daily_periods(slots, first, max(as_of, end))
    else:
        periods = plan.periods
        if done_on and min(done_on) < periods[0].first:
            head = periods[0]
            periods = [Period(min(done_on), head.last, head.due), *periods[1:]]
        while periods[-1].last < as_of:
            week = _take(calendar.dates(periods[-1].last + ONE_DAY, rest=False), 7)
            periods.append(Period(periods[-1].last + ONE_DAY, week[-1], 0))
    current, longest, frozen = streaks(periods, done_on, as_of, challenge.freezes)

    elapsed = calendar.count(start, min(as_of, end), rest=plan.pace_rest)
    expected = sum(1 for s in slots if s <= as_of)
    due_before = sum(1 for s in slots if s < as_of)
    per_day = done / elapsed if elapsed else None
    remaining = days - done
    completed_on = None
    projected: date | None = None
    if remaining == 0:
        phase = Phase.COMPLETE
        completed_on = max(done_on)
    elif stopped:
        phase = Phase.ABANDONED
    elif today < start:
        phase = Phase.UPCOMING
        projected = end  # nothing to extrapolate yet: the plan itself
    elif today > end:
        phase = Phase.FINISHED
    elif calendar.paused(today):
        phase = Phase.PAUSED
    else:
        phase = Phase.RUNNING
        if done and elapsed:
            # remaining / (done / elapsed) pace days, in whole days so 20 / (10 / 30) is 60
            projected = _project(calendar, today, -(-remaining * elapsed // done), plan.pace_rest)
    # while on a break nothing is due, and once the plan's last day is past there is no
    # schedule left to catch up with
    to_catch_up = max(0, due_before - done) if phase is Phase.RUNNING else 0
    catch_up_days = catch_up_rate = None
    if to_catch_up:
        catch_up_rate = int(plan.rate) + 1
        catch_up_days = int(-(-to_catch_up // (catch_up_rate - plan.rate)))
    today_day = None
    if challenge.goal == "daily" and not stopped and start <= today <= end and today in slots:
        today_day = slots.index(today) + 1

    next_day = next_open_day(challenge, papers)
    next_entry = entries[next_day - 1] if next_day is not None else None
    return ChallengeProgress(
        name=challenge.name,
        hashtag=challenge.hashtag,
        goal=challenge.goal,
        per_week=challenge.per_week,
        days=days,
        start=start,
        end=end,
        today=today,
        phase=phase,
        today_day=today_day,
        done=done,
        percent=round(100.0 * done / days, 1),
        current_streak=current,
        longest_streak=longest,
        frozen=tuple(frozen),
        freezes_left=challenge.freezes - len(frozen),
        elapsed=elapsed,
        expected=expected,
        to_catch_up=to_catch_up,
        catch_up_days=catch_up_days,
        catch_up_rate=catch_up_rate,
        ahead=max(0, done - expected),
        per_day=per_day,
        projected_finish=projected,
        completed_on=completed_on,
        next_day=next_day,
        next_paper=next_entry.paper if next_entry else None,
        next_title=next_entry.title if next_entry else None,
        done_on=done_on,
        estimated_dates=estimated_dates,
        entries=entries,
        breaks=_breaks(challenge, slots, start, end, today),
        rest_days=tuple(challenge.rest_days),
        calendar=calendar,
        abandoned=challenge.abandoned,
    )


# --- the whole list ------------------------------------------------------------------------


@dataclass(frozen=True)
class TagCount:
    tag: str
    total: int
    done: int


@dataclass(frozen=True)
class Overview:
    """The reading list at a glance: papers by status and by tag."""

    total: int
    by_status: dict[str, int]  # every status, in Status order, zeros included
    by_tag: list[TagCount] = field(default_factory=list)  # most papers first
    untagged: int = 0

    @property
    def done(self) -> int:
        return self.by_status.get(str(Status.DONE), 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "papers": self.total,
            "by_status": dict(self.by_status),
            "by_tag": [{"tag": t.tag, "papers": t.total, "done": t.done} for t in self.by_tag],
            "untagged": self.untagged,
        }


def list_overview(
    status_counts: Mapping[str, int],
    tag_status_counts: Mapping[str, Mapping[str, int]],
    untagged: int = 0,
) -> Overview:
    """The overview from counts: papers per status, and per tag the papers per status."""
    by_status = {status: int(status_counts.get(status, 0)) for status in STATUSES}
    by_tag = [
        TagCount(tag, sum(counts.values()), int(counts.get(str(Status.DONE), 0)))
        for tag, counts in tag_status_counts.items()
    ]
    by_tag.sort(key=lambda t: (-t.total, t.tag.casefold(), t.tag))
    return Overview(sum(status_counts.values()), by_status, by_tag, untagged)


def overview_of(papers: Iterable[Paper]) -> Overview:
    """The overview of papers in memory (a Transaction's view, or tests)."""
    status_counts: dict[str, int] = {}
    tag_counts: dict[str, dict[str, int]] = {}
    untagged = 0
    for paper in papers:
        status = str(paper.status)
        status_counts[status] = status_counts.get(status, 0) + 1
        if not paper.tags:
            untagged += 1
        for tag in dict.fromkeys(paper.tags):
            per_tag = tag_counts.setdefault(tag, {})
            per_tag[status] = per_tag.get(status, 0) + 1
    return list_overview(status_counts, tag_counts, untagged)
