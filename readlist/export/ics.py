"""A challenge's plan as an iCalendar file (RFC 5545): one all-day event per day of the plan,
named after its paper (title and link) or saying that nothing is planned yet, with a reminder in
the morning, so the user's own calendar reminds them. Pure text out; no clock but `stamp`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from readlist.models import Paper
from readlist.progress import ChallengeProgress, DayStatus

PRODID = "-//readlist//challenge plan//EN"
REMIND_AT = "PT9H"  # 09:00 on the day (an offset from the all-day event's start)
LINE_OCTETS = 75


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (continuations begin with a space), never inside a
    UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _uid_part(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name) or "challenge"


def render(
    facts: ChallengeProgress, papers: Mapping[str, Paper], stamp: date, *, remind: bool = True
) -> str:
    """The calendar of `facts`' plan: every day (those read marked so, a reminder on those to
    come) and every break."""
    tag = facts.hashtag or f"#{facts.name}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(tag)}",
    ]
    for entry in facts.entries:
        paper = papers.get(entry.paper) if entry.paper else None
        when = entry.date if entry.status is DayStatus.DONE else entry.scheduled
        if paper is not None:
            summary = f"Day {entry.day} {tag}: {paper.display_title}"
            about = [paper.display_title]
            if paper.link:
                about.append(paper.link)
        elif entry.paper is not None:
            summary = f"Day {entry.day} {tag}: {entry.paper}"
            about = [f"{entry.paper} (not in the reading list)"]
        else:
            summary = f"Day {entry.day} {tag}: nothing planned yet"
            about = [f"Plan it: readlist challenge plan {facts.name} REF --from-day {entry.day}"]
        if entry.status is DayStatus.DONE:
            summary += " (read)"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid_part(facts.name)}-day-{entry.day}@readlist",
            f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{when.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(when + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(chr(10).join(about))}",
        ]
        if paper is not None and paper.link:
            lines.append(f"URL:{paper.link}")
        lines.append("TRANSP:TRANSPARENT")
        if remind and entry.status is not DayStatus.DONE and entry.scheduled >= facts.today:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape(summary)}",
                f"TRIGGER;RELATED=START:{REMIND_AT}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    for number, span in enumerate(facts.breaks, start=1):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid_part(facts.name)}-break-{number}@readlist",
            f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{span.paused.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(span.last + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(f'{tag}: {span.row_text()}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
