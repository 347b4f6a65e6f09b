"""Merging a run's candidates into the reading list. Which paper an entry is, is
readlist.identity's rule (`Matcher`); entries of the same run match each other too.

Merging fills empty fields, unions tags and sources, and never overwrites what the user set;
the one exception is a status the document records (a challenge thread, a CSV, an export),
which may move a paper forward (todo -> reading -> done), never back.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from readlist.identity import Matcher, base_id
from readlist.ids import Link, arxiv_of_doi, try_parse_link
from readlist.ingest.candidate import BreakNote, Candidate, ChallengeRef
from readlist.ingest.report import (
    MERGED,
    NEW,
    SKIPPED,
    UNCHANGED,
    ChallengeOutcome,
    EntryOutcome,
)
from readlist.models import (
    SITE_KEYS,
    Break,
    Challenge,
    ChallengeEntry,
    Paper,
    Status,
    unique_id,
)
from readlist.normalize import normalize_title
from readlist.views import Transaction

DEFAULT_CHALLENGE_DAYS = 30
_PROGRESS = {Status.TODO: 0, Status.READING: 1, Status.DONE: 2}


def new_paper(candidate: Candidate, paper_id: str, today: date) -> Paper:
    status = candidate.status or Status.TODO
    return Paper(
        id=paper_id,
        title=candidate.title,
        alias=candidate.alias,
        arxiv=candidate.arxiv,
        version=candidate.version,
        status=status,
        added=candidate.added or today,
        started=candidate.started if status in (Status.READING, Status.DONE) else None,
        finished=candidate.finished if status is Status.DONE else None,
        tags=_union([], candidate.tags),
        notes=candidate.notes,
        authors=list(candidate.authors),
        published=candidate.published,
        doi=candidate.doi,
        journal_ref=candidate.journal_ref,
        primary_category=candidate.primary_category,
        **{key: getattr(candidate, key) for key in SITE_KEYS},
        url=None if candidate.arxiv else candidate.url or _doi_link(candidate.doi),
        needs_title=not candidate.title and not candidate.arxiv,
        sources=[candidate.source],
        abstract=candidate.abstract,
    )


def _doi_link(doi: str | None) -> str | None:
    return Link("doi", doi).url if doi else None


def _union(first: list[str], second: list[str]) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(first)
    for item in second:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def merge_into(paper: Paper, candidate: Candidate) -> tuple[Paper, list[str]]:
    """The paper with what the candidate adds (a copy), and the names of the fields it filled."""
    merged = paper.copy()
    filled: list[str] = []

    def fill(name: str, value: object) -> None:
        if value not in (None, "", []) and getattr(merged, name) in (None, "", []):
            setattr(merged, name, copy.copy(value))
            filled.append(name)

    fill("title", candidate.title)
    if candidate.alias and (merged.title or "").casefold() != candidate.alias.casefold():
        fill("alias", candidate.alias)
    if candidate.arxiv and not merged.arxiv:
        merged.arxiv, merged.version = candidate.arxiv, candidate.version
        filled.append("arxiv")
    elif candidate.arxiv == merged.arxiv:
        fill("version", candidate.version)
    if merged.needs_title and ("title" in filled or "arxiv" in filled):
        merged.needs_title = False  # known now, or the arXiv fetch will know it
    if not merged.arxiv:
        fill("url", candidate.url)
    for name in (
        "abstract",
        "authors",
        "published",
        "doi",
        *SITE_KEYS,
        "journal_ref",
        "primary_category",
    ):
        fill(name, getattr(candidate, name))
    fill("notes", candidate.notes)
    tags = _union(merged.tags, candidate.tags)
    if tags != merged.tags:
        merged.tags = tags
        filled.append("tags")
    wanted = candidate.status
    if (
        wanted in _PROGRESS
        and merged.status in _PROGRESS
        and _PROGRESS[wanted] > _PROGRESS[merged.status]
    ):
        merged.status = wanted
        filled.append("status")
    if merged.status in (Status.READING, Status.DONE):
        fill("started", candidate.started)
    if merged.status is Status.DONE:
        fill("finished", candidate.finished)
    sources = _union(merged.sources, [candidate.source])
    if sources != merged.sources:
        merged.sources = sources  # not reported as a filled field: every merge adds its source
    return merged, filled


@dataclass
class _Mark:
    ref: ChallengeRef
    paper_id: str
    source: str
    finished: date | None


class Merger:
    """Merges one run's candidates into a transaction and records what it did."""

    def __init__(self, txn: Transaction, candidates: Sequence[Candidate], today: date) -> None:
        self.txn = txn
        self.today = today
        self.matcher = Matcher.build(txn.keys(), candidates)
        # keys() describes the file; changes already pending in this transaction count too.
        for paper in [*txn.changed.values(), *txn.added.values()]:
            self.matcher.register(paper)
        self.entries: list[EntryOutcome] = []
        self.marks: list[_Mark] = []

    def add(self, candidate: Candidate) -> EntryOutcome:
        outcome = self._merge(candidate)
        self.entries.append(outcome)
        if candidate.challenge is not None and outcome.paper_id is not None:
            self.marks.append(
                _Mark(candidate.challenge, outcome.paper_id, candidate.source, candidate.finished)
            )
        return outcome

    def _merge(self, candidate: Candidate) -> EntryOutcome:
        # A "title" of punctuation only ("##", "---") names nothing and would match nothing.
        if candidate.title and not normalize_title(candidate.title):
            candidate.title = None
        if candidate.alias and not normalize_title(candidate.alias):
            candidate.alias = None
        if candidate.abstract and not normalize_title(candidate.abstract):
            candidate.abstract = None
        if candidate.url and not candidate.doi and not candidate.arxiv:
            link = try_parse_link(candidate.url)  # a doi.org link is the paper DOI
            candidate.doi = link.id if link is not None and link.kind == "doi" else None
        candidate.take_site_ids([candidate.url])  # an OpenReview... link is the paper's id
        arxiv_doi = arxiv_of_doi(candidate.doi)
        if arxiv_doi is not None:  # arXiv's own DOI is the arXiv id, not a journal's DOI
            candidate.doi = None
            candidate.arxiv = candidate.arxiv or arxiv_doi.id
        if not candidate.is_paper():
            reason = candidate.problem or "nothing identifies it (no title, arXiv id or abstract)"
            return EntryOutcome(SKIPPED, candidate.source, candidate.label, reason=reason)
        match = self.matcher.find(candidate, self.txn)
        if match is None:
            paper_id = unique_id(base_id(candidate), self.matcher.ids.__contains__)
            paper = new_paper(candidate, paper_id, self.today)
            self.txn.add(paper)
            self.matcher.register(paper)
            return EntryOutcome(NEW, candidate.source, paper.display_title, paper.id)
        existing = self.txn.get(match.paper_id)
        if existing is None:  # pragma: no cover - the matcher only knows stored papers
            raise LookupError(match.paper_id)
        merged, filled = merge_into(existing, candidate)
        if merged == existing:
            return EntryOutcome(
                UNCHANGED, candidate.source, existing.display_title, existing.id, match.how
            )
        self.txn.update(merged)
        self.matcher.register(merged)
        return EntryOutcome(
            MERGED, candidate.source, merged.display_title, merged.id, match.how, filled
        )

    def finish_challenges(self) -> list[ChallengeOutcome]:
        """Put the marked papers on their challenge days: new challenges are created, existing
        ones only gain days that are free; a conflict is reported, never overwritten."""
        if not self.marks:
            return []
        groups: dict[str, list[_Mark]] = defaultdict(list)
        for mark in self.marks:
            groups[mark.ref.name.casefold()].append(mark)
        challenges = [copy.deepcopy(c) for c in self.txn.challenges]
        outcomes: list[ChallengeOutcome] = []
        changed = False
        for marks in groups.values():
            ref = marks[0].ref
            existing = _find_challenge(challenges, ref)
            created = existing is None
            if existing is None:
                most = max(m.ref.day for m in marks)
                length = ref.days or _days_in_name(ref.name) or DEFAULT_CHALLENGE_DAYS
                existing = Challenge(name=ref.name, days=max(length, most), hashtag=ref.hashtag)
                challenges.append(existing)
                changed = True
            outcome = ChallengeOutcome(existing.name, created, existing.days, None)
            if existing.start is None:
                start = ref.start or _start_from(marks)
                if start is not None:
                    existing.start = start
                    changed = True
            if existing.hashtag is None and ref.hashtag:
                existing.hashtag = ref.hashtag
                changed = True
            for mark in sorted(marks, key=lambda m: m.ref.day):
                reason = _day_conflict(existing, mark)
                if reason == "":
                    continue
                if reason:
                    outcome.skipped.append((mark.source, reason))
                    continue
                existing.entries.append(ChallengeEntry(mark.ref.day, mark.paper_id))
                existing.entries.sort(key=lambda e: e.day)
                outcome.days_added.append(mark.ref.day)
                changed = True
            pause = next((m.ref.pause for m in marks if m.ref.pause is not None), None)
            if pause is not None and _record_break(existing, pause, self.today, outcome):
                changed = True
            outcome.start = existing.start.isoformat() if existing.start else None
            outcomes.append(outcome)
        if changed:
            self.txn.set_challenges(challenges)
        return outcomes


def _record_break(
    challenge: Challenge, note: BreakNote, today: date, outcome: ChallengeOutcome
) -> bool:
    """Record the break a document announces, from the day after its last day, unless a break
    from the same document is there already (the user may have moved it) or it would overlap
    one."""
    from readlist.progress import schedule

    if challenge.start is None or not 1 <= note.after_day <= challenge.days:
        return False
    if any(b.extra.get("source") == note.source for b in challenge.breaks):
        return False
    paused = schedule(challenge, {}, today)[note.after_day - 1] + timedelta(days=1)
    resumed = paused + timedelta(days=note.days) if note.days else None
    for other in challenge.breaks:
        if other.resumed is None or (
            paused < other.resumed and (resumed is None or other.paused < resumed)
        ):
            return False
    challenge.breaks.append(Break(paused, resumed, {"source": note.source}))
    challenge.breaks.sort(key=lambda b: b.paused)
    outcome.breaks.append(
        {
            "paused": paused.isoformat(),
            "resumed": resumed.isoformat() if resumed else None,
            "said": note.said,
            "source": note.source,
        }
    )
    return True


def _find_challenge(challenges: list[Challenge], ref: ChallengeRef) -> Challenge | None:
    wanted = {ref.name.casefold(), (ref.hashtag or "").lstrip("#").casefold()} - {""}
    for challenge in challenges:
        names = {challenge.name.casefold(), (challenge.hashtag or "").lstrip("#").casefold()}
        if wanted & names:
            return challenge
    return None


def _days_in_name(name: str) -> int | None:
    found = re.match(r"#?(\d{1,3})\s*days?", name, re.IGNORECASE)
    return int(found.group(1)) if found else None


def _start_from(marks: list[_Mark]) -> date | None:
    """Day 1's date, else the earliest known day's date minus the days before it."""
    dated = sorted((m.ref.day, m.finished) for m in marks if m.finished is not None)
    if not dated:
        return None
    day, when = dated[0]
    assert when is not None
    return when - timedelta(days=day - 1)


def _day_conflict(challenge: Challenge, mark: _Mark) -> str | None:
    """None: the day can be set; "": it is already set to this paper; else why not."""
    day, paper_id = mark.ref.day, mark.paper_id
    if not 1 <= day <= challenge.days:
        return f"day {day} is outside 1..{challenge.days} of {challenge.name}; not planned"
    entry = challenge.entry_for_day(day)
    if entry is not None:
        if entry.paper == paper_id:
            return ""
        return (
            f"day {day} of {challenge.name} is already {entry.paper}; left as it is "
            f"({paper_id} not put on it)"
        )
    other = challenge.entry_for_paper(paper_id)
    if other is not None:
        return f"{paper_id} is already day {other.day} of {challenge.name}; not put on day {day}"
    return None
