"""Reading over time: papers added and read (finished) per week and per month, counts by status
and by tag, and the papers read each day of the last year. Pure counting over the read view;
no printing.

The JSON shape (`Stats.to_json`), stable:
    {"today": "YYYY-MM-DD", "total": N,
     "status": {status: N},                      every status, in the model's order
     "tags": {tag: {status: N}},                 by count, most first; untagged under ""
     "weeks": [{"start": "YYYY-MM-DD", "added": N, "read": N}],   last WEEKS, Mondays, oldest first
     "months": [{"month": "YYYY-MM", "added": N, "read": N}],     last MONTHS, oldest first
     "calendar": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD",     a Monday 52 weeks back .. today
                  "read": {"YYYY-MM-DD": N}}}                      days with papers read only
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from readlist.models import STATUSES

if TYPE_CHECKING:
    from readlist.views import Library

WEEKS = 12
MONTHS = 12
CALENDAR_WEEKS = 53  # GitHub's year: this week and the 52 before it


@dataclass(frozen=True)
class Tally:
    """One week (label: its Monday) or month (label: YYYY-MM) and what happened in it."""

    label: str
    added: int
    read: int


@dataclass(frozen=True)
class Stats:
    today: date
    total: int
    status: dict[str, int]
    tags: dict[str, dict[str, int]]
    weeks: list[Tally]
    months: list[Tally]
    calendar_start: date
    read_per_day: dict[date, int]

    @property
    def empty(self) -> bool:
        return self.total == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "total": self.total,
            "status": self.status,
            "tags": self.tags,
            "weeks": [{"start": w.label, "added": w.added, "read": w.read} for w in self.weeks],
            "months": [{"month": m.label, "added": m.added, "read": m.read} for m in self.months],
            "calendar": {
                "start": self.calendar_start.isoformat(),
                "end": self.today.isoformat(),
                "read": {d.isoformat(): n for d, n in sorted(self.read_per_day.items())},
            },
        }


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_back(day: date, months: int) -> date:
    """The first of the month `months` before `day`'s."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def compute(lib: Library, today: date) -> Stats:
    """The statistics of the list in `lib`, as of `today`."""
    added: Counter[date] = Counter()
    read: Counter[date] = Counter()
    for paper in lib.all():
        if paper.added is not None:
            added[paper.added] += 1
        if paper.finished is not None:
            read[paper.finished] += 1

    week_starts = [monday(today) - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    weeks = [
        Tally(
            start.isoformat(),
            sum(n for d, n in added.items() if monday(d) == start),
            sum(n for d, n in read.items() if monday(d) == start),
        )
        for start in week_starts
    ]
    month_starts = [_month_back(today, n) for n in range(MONTHS - 1, -1, -1)]
    months = [
        Tally(
            start.strftime("%Y-%m"),
            sum(n for d, n in added.items() if (d.year, d.month) == (start.year, start.month)),
            sum(n for d, n in read.items() if (d.year, d.month) == (start.year, start.month)),
        )
        for start in month_starts
    ]
    calendar_start = monday(today) - timedelta(weeks=CALENDAR_WEEKS - 1)
    counts = lib.status_counts()
    by_tag = lib.tag_status_counts()
    tags = {
        tag: {s: by_tag[tag][s] for s in STATUSES if by_tag[tag].get(s)}
        for tag in sorted(by_tag, key=lambda t: (-sum(by_tag[t].values()), t.casefold()))
    }
    return Stats(
        today=today,
        total=lib.count(),
        status={s: counts.get(s, 0) for s in STATUSES},
        tags=tags,
        weeks=weeks,
        months=months,
        calendar_start=calendar_start,
        read_per_day={d: n for d, n in read.items() if calendar_start <= d <= today},
    )
