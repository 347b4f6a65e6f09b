"""Several readers, one list: who read which paper when, kept in the paper's record

    read_by:
      alice: 2023-01-02
      bob: 2023-01-03

so that a lab shares one catalogue while each person's reading stays theirs (the shared `status`
is untouched). The merge unions readers like any mapping. A challenge's progress per reader is
the challenge's own arithmetic (calendar, breaks, streaks) run on that reader's dates. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from readlist.errors import DataError, UsageError
from readlist.models import Challenge, Paper, Status
from readlist.progress import ChallengeProgress, challenge_progress

READ_BY = "read_by"
READER_ENV = "READLIST_READER"


def readings(paper: Paper) -> dict[str, date]:
    """Reader -> the day they read `paper`. DataError when the field is malformed."""
    raw: Any = paper.extra.get(READ_BY)
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(d, date) for d in raw.values()):
        raise DataError(
            f"paper {paper.id}: {READ_BY}: must map each reader to a date (alice: 2023-01-02); "
            "fix it with `readlist edit`"
        )
    return {str(reader): day for reader, day in raw.items()}


def record_reading(paper: Paper, reader: str, on: date) -> Paper:
    """A copy of `paper` with `reader` having read it `on` that day."""
    name = reader.strip()
    if not name:
        raise UsageError("a reader needs a name: --reader NAME (or READLIST_READER)")
    changed = paper.copy()
    read = dict(readings(paper))
    read[name] = on
    extra = {k: v for k, v in changed.extra.items() if k != READ_BY}
    changed.extra = {**extra, READ_BY: dict(sorted(read.items()))}
    return changed


def as_read_by(papers: Mapping[str, Paper], reader: str) -> dict[str, Paper]:
    """The papers as `reader` read them: done on their day, else not done."""
    mine = {}
    for paper_id, paper in papers.items():
        copy = paper.copy()
        when = readings(paper).get(reader)
        copy.status = Status.DONE if when else Status.TODO
        copy.finished = when
        mine[paper_id] = copy
    return mine


@dataclass
class ReadersProgress:
    """A challenge's days with who read each paper when, and each reader's progress."""

    challenge: str
    days: list[tuple[int, str, str, dict[str, date]]]  # day, paper id, title, reader -> date
    readers: dict[str, ChallengeProgress]

    def to_json(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "days": [
                {
                    "day": day,
                    "paper": paper,
                    "read_by": {r: d.isoformat() for r, d in who.items()},
                }
                for day, paper, _, who in self.days
            ],
            "readers": {
                name: {
                    "done": p.done,
                    "current_streak": p.current_streak,
                    "longest_streak": p.longest_streak,
                }
                for name, p in self.readers.items()
            },
        }


def challenge_readers(
    challenge: Challenge, papers: Mapping[str, Paper], today: date
) -> ReadersProgress | None:
    """Who read the challenge's papers, day by day, and each reader's facts; None when nobody
    is recorded as a reader of any of them."""
    days = []
    names: set[str] = set()
    for entry in sorted(challenge.entries, key=lambda e: e.day):
        paper = papers.get(entry.paper)
        who = readings(paper) if paper is not None else {}
        names.update(who)
        title = paper.display_title if paper is not None else entry.paper
        days.append((entry.day, entry.paper, title, who))
    if not names:
        return None
    readers = {
        name: challenge_progress(challenge, as_read_by(papers, name), today)
        for name in sorted(names, key=str.casefold)
    }
    return ReadersProgress(challenge.name, days, readers)
