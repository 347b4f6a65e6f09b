"""What `ingest` prints: per file what it was read as, per entry what became of it, per challenge
the days planned, one summary line; the files' warnings (for stderr); or all of it as JSON."""

from __future__ import annotations

import json

from readlist.ingest import detect
from readlist.ingest.report import MERGED, NEW, SKIPPED, UNCHANGED, IngestReport

# Beyond this many entries, new ones are counted rather than listed (unless verbose).
LIST_NEW_UP_TO = 200
VERBS = {NEW: "new", MERGED: "merged", UNCHANGED: "unchanged", SKIPPED: "skipped"}


def warnings(report: IngestReport) -> list[str]:
    """Every file's error and warnings, in file order."""
    found: list[str] = []
    for file in report.files:
        if file.error:
            found.append(file.error)
        found.extend(file.warnings)
    return found


def as_json(report: IngestReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2)


def as_text(report: IngestReport, *, verbose: bool) -> str:
    lines: list[str] = []
    for file in report.files:
        if file.error is None:
            kind = detect.describe(file.format) if file.format else "?"
            lines.append(
                f"{file.name}: {kind}, {file.found} entr{'y' if file.found == 1 else 'ies'}"
            )
    list_new = verbose or report.count(NEW) <= LIST_NEW_UP_TO
    for entry in report.entries:
        if entry.action == NEW and not list_new:
            continue
        if entry.action == UNCHANGED and not verbose:
            continue
        where = f"  {VERBS[entry.action]:<9} {entry.source}"
        if entry.action == SKIPPED:
            lines.append(f"{where}: {entry.reason}")
        elif entry.action == NEW:
            lines.append(f"{where}: {entry.paper_id}  {entry.label}")
        else:
            detail = entry.reason
            if entry.filled:
                detail += f"; added {', '.join(entry.filled)}"
            lines.append(f"{where}: into {entry.paper_id}  {entry.label} ({detail})")
    if report.count(NEW) and not list_new:
        lines.append(f"  ({report.count(NEW)} new papers not listed; --verbose lists them)")
    for challenge in report.challenges:
        start = f" from {challenge.start}" if challenge.start else ""
        head = f"Challenge {challenge.name}"
        if challenge.created:
            head += f" (new, {challenge.days} days{start})"
        if challenge.days_added:
            plural = "s" if len(challenge.days_added) > 1 else ""
            head += f": day{plural} {day_ranges(challenge.days_added)} planned"
        else:
            head += ": no new days"
        lines.append(head)
        lines.extend(f"  skipped   {source}: {reason}" for source, reason in challenge.skipped)
        for pause in challenge.breaks:
            until = f"back on {pause['resumed']}" if pause["resumed"] else "not resumed yet"
            lines.append(
                f"  break     {pause['source']}: a break from {pause['paused']}, {until}, "
                f'as it says: "{pause["said"]}"'
            )
    lines.append(report.summary())
    return "\n".join(lines)


def day_ranges(days: list[int]) -> str:
    """[1, 7, 8, 9] -> '1, 7-9'."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + 1 == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
