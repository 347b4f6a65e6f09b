"""`readlist stats` drawn: bar charts and the calendar of the last year as text, the same as an
SVG picture (local fonts only, every text at its own x), or the numbers as JSON."""

from __future__ import annotations

import json
from datetime import timedelta

from readlist.models import Status
from readlist.render.svg import CHAR_WIDTH, Picture
from readlist.stats import CALENDAR_WEEKS, Stats, Tally

BAR = 24  # widest bar, in characters
SHADES = "·░▒▓█"  # no paper read, then four levels up to the busiest day
DAYS = ("Mon", "", "Wed", "", "Fri", "", "")


def _bar(value: int, top: int, width: int = BAR) -> str:
    if value <= 0 or top <= 0:
        return ""
    return "█" * max(1, round(value * width / top))


def _level(count: int, top: int) -> int:
    """0 for nothing read, else 1..4 by share of the busiest day."""
    if count <= 0:
        return 0
    return min(4, 1 + (count * 4 - 1) // max(top, 1))


def _periods(title: str, periods: list[Tally]) -> list[str]:
    top = max((max(p.added, p.read) for p in periods), default=0)
    lines = [title]
    for p in periods:
        added = f"added {p.added:>3} {_bar(p.added, top):<{BAR}}"
        lines.append(f"  {p.label:<10}  {added}  read {p.read:>3} {_bar(p.read, top)}".rstrip())
    return lines


def _counts(title: str, counts: dict[str, int], notes: dict[str, str] | None = None) -> list[str]:
    top = max(counts.values(), default=0)
    width = max((len(k) for k in counts), default=0)
    lines = [title]
    for k, n in counts.items():
        note = (notes or {}).get(k, "")
        lines.append(f"  {k:<{width}}  {n:>4} {_bar(n, top):<{BAR}}  {note}".rstrip())
    return lines


def _tag_label(tag: str) -> str:
    return tag or "(untagged)"


def calendar_rows(stats: Stats) -> list[list[int | None]]:
    """7 rows (Monday first) of CALENDAR_WEEKS columns: papers read that day, None after today."""
    rows: list[list[int | None]] = [[] for _ in range(7)]
    for week in range(CALENDAR_WEEKS):
        for weekday in range(7):
            day = stats.calendar_start + timedelta(weeks=week, days=weekday)
            rows[weekday].append(None if day > stats.today else stats.read_per_day.get(day, 0))
    return rows


def _month_marks(stats: Stats) -> list[tuple[int, str]]:
    """(column, month name) where a month's first Monday falls, skipping one too close to the
    previous mark to be printed apart from it."""
    marks: list[tuple[int, str]] = []
    for week in range(CALENDAR_WEEKS):
        start = stats.calendar_start + timedelta(weeks=week)
        if start.day <= 7 and (not marks or week - marks[-1][0] >= 4):
            marks.append((week, start.strftime("%b")))
    return marks


def _calendar(stats: Stats) -> list[str]:
    top = max(stats.read_per_day.values(), default=0)
    head = [" "] * CALENDAR_WEEKS
    for column, name in _month_marks(stats):
        head[column : column + len(name)] = name
    lines = [
        f"Papers read per day, {stats.calendar_start.isoformat()} to {stats.today.isoformat()}"
        f" ({sum(stats.read_per_day.values())} read)",
        "      " + "".join(head[:CALENDAR_WEEKS]).rstrip(),
    ]
    for label, row in zip(DAYS, calendar_rows(stats), strict=True):
        cells = "".join(" " if c is None else SHADES[_level(c, top)] for c in row)
        lines.append(f"  {label:<3} {cells}".rstrip())
    lines.append(f"      less {SHADES} more")
    return lines


def text(stats: Stats) -> str:
    tags = {_tag_label(t): sum(c.values()) for t, c in stats.tags.items()}
    read = {_tag_label(t): f"{c.get(Status.DONE, 0)} read" for t, c in stats.tags.items()}
    blocks = [
        [f"{stats.total} papers as of {stats.today.isoformat()}"],
        _counts("By status", stats.status),
        _counts("By tag", tags, read),
        _periods("Per week (from Monday)", stats.weeks),
        _periods("Per month", stats.months),
        _calendar(stats),
    ]
    return "\n\n".join("\n".join(block) for block in blocks)


def as_json(stats: Stats) -> str:
    return json.dumps(stats.to_json(), ensure_ascii=False, indent=2)


# SVG: one <text> per label, each at an explicit x with its anchor, so nothing runs together
# whatever font the viewer substitutes; sizes in pixels.

LINE = 18
CELL = 11
LABEL_X = 16
BAR_X = 200
BAR_PX = 300
# Within a bar's slot: its number ends at NUMBER_END (room for six digits from BAR_X on), the
# bar starts at BAR_START; a label is cut where it would reach the widest number.
NUMBER_END = 56
BAR_START = 64
LABEL_CHARS = int((BAR_X + NUMBER_END - 6 * CHAR_WIDTH - LABEL_X) // CHAR_WIDTH) - 1
COLOURS = ("#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39")


class _Svg(Picture):
    def __init__(self) -> None:
        super().__init__()
        self.y = 28

    def heading(self, value: str) -> None:
        self.y += LINE // 2
        self.text(LABEL_X, self.y, value, bold=True)
        self.y += LINE

    def bars(self, rows: list[tuple[str, list[tuple[int, str]]]]) -> None:
        """Rows of (label, [(count, colour)]): one bar and its number per count, side by side."""
        top = max((n for _, values in rows for n, _ in values), default=0)
        slot = BAR_PX + 50
        for label, values in rows:
            short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
            self.text(LABEL_X, self.y, short)
            for i, (n, colour) in enumerate(values):
                x = BAR_X + i * slot
                self.text(x + NUMBER_END, self.y, str(n), anchor="end")
                width = n * (BAR_PX - 40) / top if top else 0
                self.rect(x + BAR_START, self.y - 11, width, 12, colour)
            self.y += LINE


def svg(stats: Stats) -> str:
    out = _Svg()
    out.text(LABEL_X, out.y, f"{stats.total} papers as of {stats.today.isoformat()}", bold=True)
    out.y += LINE
    out.heading("By status")
    out.bars([(s, [(n, COLOURS[3])]) for s, n in stats.status.items()])
    out.heading("By tag")
    out.bars([(_tag_label(t), [(sum(c.values()), COLOURS[3])]) for t, c in stats.tags.items()])
    for title, periods in (("Per week (from Monday)", stats.weeks), ("Per month", stats.months)):
        out.heading(title)
        out.text(BAR_X + BAR_START, out.y, "added")
        out.text(BAR_X + BAR_PX + 50 + BAR_START, out.y, "read")
        out.y += LINE
        out.bars([(p.label, [(p.added, "#54aeff"), (p.read, COLOURS[3])]) for p in periods])
    out.heading(f"Papers read per day, {stats.calendar_start} to {stats.today}")
    top = max(stats.read_per_day.values(), default=0)
    grid_x = LABEL_X + 40
    for column, name in _month_marks(stats):
        out.text(grid_x + column * CELL, out.y, name)
    out.y += 6
    for weekday, (label, row) in enumerate(zip(DAYS, calendar_rows(stats), strict=True)):
        y = out.y + weekday * CELL
        if label:
            out.text(grid_x - 8, y + 9, label, anchor="end")
        for week, count in enumerate(row):
            if count is None:
                continue
            day = stats.calendar_start + timedelta(weeks=week, days=weekday)
            out.rect(
                grid_x + week * CELL,
                y,
                CELL - 2,
                CELL - 2,
                COLOURS[_level(count, top)],
                f"{day.isoformat()}: {count} read",
            )
    out.y += 7 * CELL + LINE
    width = max(grid_x + CALENDAR_WEEKS * CELL, BAR_X + 2 * (BAR_PX + 50)) + LABEL_X
    return out.document(width, out.y + 12, f"readlist stats, {stats.today.isoformat()}")
