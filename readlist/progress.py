"""Challenge arithmetic: which days are done and when, streaks, pace, schedule, the projected
finish and what is next; and the whole list's counts by status and tag. Pure functions, no I/O.

A day is done exactly when its paper's status is done, on the paper's `finished` date. When that
date is unknown (a document said "done" without a date) it is estimated at the day's scheduled
date, never later than today, and every fact built on it says so (`date_estimated`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from readlist.models import STATUSES, Challenge, Paper, Status


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
    OVER = "over"  # the last day is past, not every day done
    COMPLETE = "complete"  # every day done


@dataclass(frozen=True)
class DayEntry:
    """One day of a challenge as the progress views show it."""

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
class ChallengeProgress:
    """The facts of one challenge on one day."""

    name: str
    hashtag: str | None
    days: int
    start: date
    end: date  # the scheduled last day
    today: date
    phase: Phase
    today_day: int | None  # which day of the challenge today is, while it runs
    done: int
    percent: float
    current_streak: int
    longest_streak: int
    elapsed: int  # days of the challenge period up to and including today
    expected: int  # days that should be done by today
    behind: int  # expected - done: negative when ahead of schedule
    per_day: float | None  # papers done per elapsed day; None before the start
    projected_finish: date | None
    next_day: int | None
    next_paper: str | None
    next_title: str | None
    done_on: dict[date, int]  # papers done per date (estimated dates included)
    estimated_dates: frozenset[date]  # dates that hold at least one estimated day
    entries: list[DayEntry]

    @property
    def planned(self) -> int:
        return sum(1 for e in self.entries if not e.is_gap)

    @property
    def estimated(self) -> int:
        return sum(1 for e in self.entries if e.date_estimated)

    @property
    def ahead(self) -> int:
        return max(0, -self.behind)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "hashtag": self.hashtag,
            "days": self.days,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "today": self.today.isoformat(),
            "phase": str(self.phase),
            "today_day": self.today_day,
            "done": self.done,
            "planned": self.planned,
            "percent": self.percent,
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "elapsed": self.elapsed,
            "expected": self.expected,
            "behind": self.behind,
            "per_day": None if self.per_day is None else round(self.per_day, 2),
            "projected_finish": _iso(self.projected_finish),
            "estimated_dates": self.estimated,
            "next": None
            if self.next_day is None
            else {"day": self.next_day, "paper": self.next_paper, "title": self.next_title},
            "entries": [e.to_json() for e in self.entries],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def scheduled_date(start: date, day: int) -> date:
    return start + timedelta(days=day - 1)


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


def streaks(dates: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive calendar days in `dates`. The current run ends
    today, or yesterday when nothing is done yet today (the day is not over)."""
    days = sorted(set(dates))
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    present = set(days)
    anchor = today if today in present else today - timedelta(days=1)
    current = 0
    while anchor in present:
        current += 1
        anchor -= timedelta(days=1)
    return current, longest


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


def challenge_progress(
    challenge: Challenge, papers: Mapping[str, Paper], today: date
) -> ChallengeProgress:
    """Every fact of `challenge` on `today`; `papers` maps ids to papers (those of the
    challenge at least)."""
    start = challenge_start(challenge, papers, today)
    days = challenge.days
    end = scheduled_date(start, days)
    planned = {e.day: e.paper for e in challenge.entries if 1 <= e.day <= days}
    entries = []
    for day in range(1, days + 1):
        paper_id = planned.get(day)
        paper = papers.get(paper_id) if paper_id else None
        entries.append(_day_entry(day, scheduled_date(start, day), paper_id, paper, today))
    done_entries = [e for e in entries if e.status is DayStatus.DONE]
    done = len(done_entries)
    done_on: dict[date, int] = {}
    for entry in done_entries:
        done_on[entry.date] = done_on.get(entry.date, 0) + 1
    estimated_dates = frozenset(e.date for e in done_entries if e.date_estimated)
    current, longest = streaks(done_on, today)

    elapsed = min(days, max(0, (today - start).days + 1))
    expected = elapsed
    per_day = done / elapsed if elapsed else None
    remaining = days - done
    if remaining == 0:
        phase = Phase.COMPLETE
        projected: date | None = max(done_on)
    elif today < start:
        phase = Phase.UPCOMING
        projected = end  # nothing to extrapolate yet: the plan itself
    else:
        phase = Phase.OVER if today > end else Phase.RUNNING
        # remaining / (done / elapsed) days, in whole numbers so that 20 / (10 / 30) is 60
        projected = today + timedelta(days=-(-remaining * elapsed // done)) if done else None
    today_day = (today - start).days + 1 if start <= today <= end else None

    next_day = next_open_day(challenge, papers)
    next_entry = entries[next_day - 1] if next_day is not None else None
    return ChallengeProgress(
        name=challenge.name,
        hashtag=challenge.hashtag,
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
        elapsed=elapsed,
        expected=expected,
        behind=expected - done,
        per_day=per_day,
        projected_finish=projected,
        next_day=next_day,
        next_paper=next_entry.paper if next_entry else None,
        next_title=next_entry.title if next_entry else None,
        done_on=done_on,
        estimated_dates=estimated_dates,
        entries=entries,
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
