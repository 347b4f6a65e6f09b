"""What to read next: the queue (papers to read and papers being read) ordered by one documented
score, each with the reasons that made it. Pure: the list and today in, suggestions out.

The order:
1. Papers a challenge plans and that are not read yet, by the day they are planned for
   (overdue first): a plan is a promise to yourself.
2. Every other paper in the queue, by its score, the sum of
   - started:   25 when you are reading it already;
   - citations: 10 x log10(1 + citations), at most 40 (9 -> 10, 99 -> 20, 999 -> 30);
   - recency:   20 for a paper published today, falling to 0 at three years;
   - your tags: 15 x the largest share of your finished papers that carry one of its tags
     (a tag counts for the tags above it: "diffusion/sampling" is "diffusion" too).
   Ties go to the paper added first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from readlist.models import Challenge, Paper, Status
from readlist.store import Library

STARTED_POINTS = 25.0
CITATION_POINTS = 10.0
MAX_CITATION_POINTS = 40.0
RECENCY_POINTS = 20.0
RECENCY_YEARS = 3.0
TAG_POINTS = 15.0
QUEUE = (Status.READING, Status.TODO)


@dataclass
class Suggestion:
    paper: Paper
    score: float  # the score of rule 2 (also computed for planned papers)
    reasons: list[str] = field(default_factory=list)
    planned: date | None = None  # the day a challenge plans it for (rule 1)


def _with_parents(tags: Iterable[str]) -> list[str]:
    """The tags and every tag above them ("AIGC/CV" is under "AIGC" too), each once."""
    found: dict[str, None] = {}
    for tag in tags:
        parts = tag.split("/")
        for end in range(len(parts), 0, -1):
            found.setdefault("/".join(parts[:end]), None)
    return list(found)


def tag_shares(papers: Iterable[Paper]) -> tuple[dict[str, float], Counter[str], int]:
    """For each tag, the share of the finished papers that carry it or one below it (and the
    counts)."""
    finished = [p for p in papers if p.status is Status.DONE]
    counts: Counter[str] = Counter(t for p in finished for t in _with_parents(p.tags))
    total = len(finished)
    return ({t: n / total for t, n in counts.items()} if total else {}), counts, total


def score(
    paper: Paper, today: date, shares: dict[str, float], counts: Counter[str], finished: int
) -> tuple[float, list[str]]:
    """Rule 2's score of one paper, and its reasons (largest part first)."""
    parts: list[tuple[float, str]] = []
    if paper.status is Status.READING:
        since = f" since {paper.started.isoformat()}" if paper.started else ""
        parts.append((STARTED_POINTS, f"you are reading it{since}"))
    citations = paper.citations
    if citations:
        points = min(MAX_CITATION_POINTS, CITATION_POINTS * math.log10(1 + citations))
        parts.append((points, f"{citations} citations"))
    if paper.published is not None:
        age = max(0, (today - paper.published).days) / 365.25
        points = RECENCY_POINTS * max(0.0, 1 - age / RECENCY_YEARS)
        if points > 0:
            parts.append((points, f"published {paper.published.isoformat()}"))
    liked = [(shares[t], t) for t in _with_parents(paper.tags) if t in shares]
    if liked:
        share, tag = max(liked)
        parts.append(
            (TAG_POINTS * share, f"tagged {tag}, like {counts[tag]} of your {finished} read")
        )
    parts.sort(key=lambda part: -part[0])
    return round(sum(p for p, _ in parts), 1), [text for _, text in parts]


def planned_days(
    challenges: Iterable[Challenge], papers: Mapping[str, Paper], today: date
) -> dict[str, tuple[date, str]]:
    """For each paper a challenge plans and that is not done: its earliest planned day and the
    reason ("day 7 of 30daysofDiffusion, planned for 2023-01-08")."""
    from readlist.progress import is_done, schedule

    planned: dict[str, tuple[date, str]] = {}
    for challenge in challenges:
        slots = schedule(challenge, papers, today)
        for entry in challenge.entries:
            paper = papers.get(entry.paper)
            if paper is None or is_done(paper) or not 1 <= entry.day <= len(slots):
                continue
            day = slots[entry.day - 1]
            late = " (overdue)" if day < today else " (today)" if day == today else ""
            why = f"day {entry.day} of {challenge.name}, planned for {day.isoformat()}{late}"
            if entry.paper not in planned or day < planned[entry.paper][0]:
                planned[entry.paper] = (day, why)
    return planned


def rank(
    queue: list[Paper],
    finished: list[Paper],
    planned: dict[str, tuple[date, str]],
    today: date,
    limit: int,
) -> list[Suggestion]:
    """The first `limit` papers of `queue` in the documented order."""
    shares, counts, total = tag_shares(finished)
    suggestions = []
    for paper in queue:
        points, reasons = score(paper, today, shares, counts, total)
        when = planned.get(paper.id)
        if when is not None:
            reasons.insert(0, when[1])
        suggestions.append(Suggestion(paper, points, reasons, when[0] if when else None))
    suggestions.sort(
        key=lambda s: (
            s.planned is None,
            s.planned or today,
            -s.score,
            s.paper.added or date.max,
            s.paper.id,
        )
    )
    return suggestions[:limit]


def next_papers(
    library: Library, *, tag: str | None = None, limit: int = 5, today: date | None = None
) -> list[Suggestion]:
    """What to read next from `library`'s queue (only papers tagged `tag` or below it, when
    given), at most `limit`, best first."""
    from readlist.dates import today as today_date

    when = today or today_date()
    queue = library.query(statuses=[s.value for s in QUEUE], tags=[tag] if tag else [])
    finished = library.query(statuses=[Status.DONE.value])
    wanted = [e.paper for c in library.challenges for e in c.entries]
    planned = planned_days(library.challenges, library.get_many(wanted), when)
    return rank(queue, finished, planned, when, limit)
