"""The reading list as CSV for spreadsheets: a header row and one row per paper, RFC 4180
quoting, `\r\n` line ends (UTF-8 without a BOM when written to a file). Pure text out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from readlist.models import Challenge, Paper

COLUMNS = (
    "id",
    "title",
    "arxiv",
    "link",
    "status",
    "added",
    "started",
    "finished",
    "tags",
    "challenge",
    "day",
    "authors",
    "published",
)
LIST_JOINER = "; "


def challenge_days(challenges: Sequence[Challenge]) -> dict[str, tuple[str, int]]:
    """Paper id -> (challenge name, day); a paper on several challenges gets the first by
    name."""
    found: dict[str, tuple[str, int]] = {}
    for challenge in sorted(challenges, key=lambda c: (c.name.casefold(), c.name)):
        for entry in challenge.entries:
            found.setdefault(entry.paper, (challenge.name, entry.day))
    return found


def render(papers: Sequence[Paper], challenges: Sequence[Challenge]) -> str:
    """The CSV text: `COLUMNS`, then a row per paper in the order given. An untitled paper's
    title cell is empty."""
    on_days = challenge_days(challenges)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for paper in papers:
        challenge, day = on_days.get(paper.id, ("", None))
        writer.writerow(
            [
                paper.id,
                paper.title or "",
                paper.arxiv or "",
                paper.link or "",
                str(paper.status),
                _date(paper.added),
                _date(paper.started),
                _date(paper.finished),
                LIST_JOINER.join(paper.tags),
                challenge,
                "" if day is None else str(day),
                LIST_JOINER.join(paper.authors),
                _date(paper.published),
            ]
        )
    return out.getvalue()


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""
