"""The reading list as CSV for spreadsheets: a header row and one row per paper, RFC 4180
quoting, `\r\n` line ends (UTF-8 without a BOM when written to a file). Pure text out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from readlist.models import PAPER_FIELDS, Challenge, Paper

# The field table's CSV fields, with the columns made from a paper's place rather than one
# field (its link, its challenge day) after the field they follow.
_DERIVED_AFTER = {"arxiv": ("link",), "tags": ("challenge", "day")}
CSV_FIELDS = tuple(spec for spec in PAPER_FIELDS if spec.csv)
COLUMNS = tuple(
    column for spec in CSV_FIELDS for column in (spec.name, *_DERIVED_AFTER.get(spec.name, ()))
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
        derived = {
            "link": paper.link or "",
            "challenge": challenge,
            "day": "" if day is None else str(day),
        }
        row = []
        for spec in CSV_FIELDS:
            row.append(_cell(getattr(paper, spec.name)))
            row.extend(derived[name] for name in _DERIVED_AFTER.get(spec.name, ()))
        writer.writerow(row)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_JOINER.join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
