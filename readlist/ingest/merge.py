"""Matching candidates against the reading list in bulk, and merging them in.

Matching is staged, cheapest first: the arXiv id; the normalised title; the abstract; for
papers with no title, their derived id; and only then a fuzzy title match (rapidfuzz
`fuzz.ratio` on normalised titles, at least `FUZZY_CUTOFF`) against the titles that share one
of the query's rarest words, so no step compares all pairs. A fuzzy match must also differ only
by typos (one edit per word), spacing or small words: a false merge would silently lose a
paper, a missed one only leaves a visible duplicate. Two different arXiv ids are never the same
paper. Entries of the same run match each other too.

Merging fills empty fields, unions tags and sources, and never overwrites what the user set;
the one exception is a status the document records (a challenge thread, a CSV, an export),
which may move a paper forward (todo -> reading -> done), never back.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from readlist.ingest.candidate import BreakNote, Candidate, ChallengeRef
from readlist.ingest.report import (
    MERGED,
    NEW,
    SKIPPED,
    UNCHANGED,
    ChallengeOutcome,
    EntryOutcome,
)
from readlist.models import Break, Challenge, ChallengeEntry, Paper, Status, slugify, unique_id
from readlist.text import abstract_key, normalize_title
from readlist.views import Transaction

FUZZY_CUTOFF = 93.0
FUZZY_MIN_LENGTH = 20  # shorter titles match exactly or not at all
RARE_WORDS = 4  # a fuzzy match must share one of the query's RARE_WORDS rarest words
_BUCKET = 8  # titles are indexed by length in steps of this many characters
DEFAULT_CHALLENGE_DAYS = 30
_PROGRESS = {Status.TODO: 0, Status.READING: 1, Status.DONE: 2}


def abstract_slug(abstract: str) -> str:
    """The id base of an untitled paper: its abstract's first words."""
    return slugify(" ".join(abstract.replace(":", " ").split()[:5]))


def base_id(candidate: Candidate) -> str:
    if candidate.arxiv:
        return candidate.arxiv
    if candidate.title:
        return slugify(candidate.title)
    if candidate.alias:
        return slugify(candidate.alias)
    if candidate.abstract:
        return abstract_slug(candidate.abstract)
    if candidate.url:
        return slugify(candidate.url.split("://", 1)[-1])
    return "paper"


@dataclass
class Match:
    paper_id: str
    how: str


@dataclass
class Matcher:
    """The keys of every paper (the list's and this run's), and the lookups over them."""

    ids: set[str] = field(default_factory=set)
    arxiv_of: dict[str, str | None] = field(default_factory=dict)
    by_arxiv: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_abstract: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    every: _TitleIndex = field(default_factory=lambda: _TitleIndex())
    unlinked: _TitleIndex = field(default_factory=lambda: _TitleIndex())  # no arXiv id
    frequency: Counter[str] = field(default_factory=Counter)
    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    stored_aliases_read: bool = False
    # find() and then register() ask for the same abstract's key: computed once.
    last_abstract: tuple[str | None, str | None] = (None, None)
    norms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        keys: Iterable[tuple[str, str | None, str, str | None]],
        candidates: Sequence[Candidate],
    ) -> Matcher:
        """From `Library.keys()` rows; word frequencies count the candidates' titles too, so
        that 'rare' means rare in everything this run compares."""
        matcher = cls()
        rows = list(keys)
        for _id, _arxiv, norm, _abstract in rows:
            matcher.frequency.update(set(norm.split()))
        for candidate in candidates:
            if candidate.title:
                matcher.frequency.update(set(matcher.normalized(candidate.title).split()))
        for paper_id, arxiv, norm, abstract in rows:
            matcher._register(paper_id, arxiv, norm, abstract)
        return matcher

    def _register(self, paper_id: str, arxiv: str | None, norm: str, abstract: str | None) -> None:
        self.ids.add(paper_id)
        self.arxiv_of[paper_id] = arxiv
        if arxiv:
            self.by_arxiv.setdefault(arxiv, paper_id)
        if norm and paper_id not in self.by_title[norm]:
            self.by_title[norm].append(paper_id)
            self.every.add(norm, paper_id)
            if not arxiv:
                self.unlinked.add(norm, paper_id)
        if abstract and paper_id not in self.by_abstract[abstract]:
            self.by_abstract[abstract].append(paper_id)

    def register(self, paper: Paper) -> None:
        norm = self.normalized(paper.title) if paper.title else ""
        self._register(paper.id, paper.arxiv, norm, self.abstract_key(paper.abstract))
        if paper.alias and paper.id not in self.aliases[paper.alias.casefold()]:
            self.aliases[paper.alias.casefold()].append(paper.id)

    def normalized(self, title: str) -> str:
        """normalize_title, remembered for this run's titles (each is asked for several times)."""
        norm = self.norms.get(title)
        if norm is None:
            norm = self.norms[title] = normalize_title(title)
        return norm

    def abstract_key(self, abstract: str | None) -> str | None:
        if self.last_abstract[0] != abstract:
            self.last_abstract = (abstract, abstract_key(abstract))
        return self.last_abstract[1]

    def _compatible(self, paper_id: str, arxiv: str | None) -> bool:
        theirs = self.arxiv_of.get(paper_id)
        return not arxiv or not theirs or theirs == arxiv

    def _first(self, ids: list[str], arxiv: str | None) -> str | None:
        return next((i for i in ids if self._compatible(i, arxiv)), None)

    def find(self, candidate: Candidate, txn: Transaction) -> Match | None:
        if candidate.arxiv and candidate.arxiv in self.by_arxiv:
            return Match(self.by_arxiv[candidate.arxiv], f"same arXiv id {candidate.arxiv}")
        if candidate.title:
            norm = self.normalized(candidate.title)
            if norm:
                found = self._first(self.by_title.get(norm, []), candidate.arxiv)
                if found:
                    return Match(found, "same title")
        key = self.abstract_key(candidate.abstract)
        if key:
            found = self._first(self.by_abstract.get(key, []), candidate.arxiv)
            if found:
                return Match(found, "same abstract")
        if candidate.title:
            return self._fuzzy(self.normalized(candidate.title), candidate.arxiv)
        if candidate.alias:
            found = self._first(self._alias_ids(candidate.alias, txn), candidate.arxiv)
            if found:
                return Match(found, "same short name")
        return self._chain(candidate, txn)

    def _alias_ids(self, alias: str, txn: Transaction) -> list[str]:
        """The papers known by this short name. The list's aliases are not in its keys: they
        are read once, the first time an entry comes with nothing but a short name."""
        if not self.stored_aliases_read:
            self.stored_aliases_read = True
            for paper in txn.all():
                if paper.alias and paper.id not in self.aliases[paper.alias.casefold()]:
                    self.aliases[paper.alias.casefold()].append(paper.id)
        return self.aliases.get(alias.casefold(), [])

    def _chain(self, candidate: Candidate, txn: Transaction) -> Match | None:
        """An untitled entry with an abstract too short for a key, or only a link, is found
        through the id it would get: base, base-2... carry the same abstract or link."""
        base = base_id(candidate)
        candidate_id, number = base, 1
        wanted_abstract = normalize_title(candidate.abstract) if candidate.abstract else None
        while candidate_id in self.ids:
            paper = txn.get(candidate_id)
            if paper is not None and self._compatible(paper.id, candidate.arxiv):
                if wanted_abstract and normalize_title(paper.abstract) == wanted_abstract:
                    return Match(paper.id, "same abstract")
                if candidate.url and not candidate.alias and paper.url == candidate.url:
                    return Match(paper.id, "same link")
            number += 1
            candidate_id = f"{base}-{number}"
        return None

    def _fuzzy(self, norm: str, arxiv: str | None) -> Match | None:
        """The closest title (fuzz.ratio, at least FUZZY_CUTOFF) among the titles that share one
        of the query's RARE_WORDS rarest words, whose differing words are typos of each other
        (so 'Vision Learners' never matches 'Audio Learners')."""
        query = norm
        if len(query) < FUZZY_MIN_LENGTH:
            return None
        # A paper with an arXiv id can only be one of the papers that have none.
        index = self.unlinked if arxiv else self.every
        words = sorted(
            {w for w in query.split() if w not in STOPWORDS},
            key=lambda w: (self.frequency[w], w),
        )[:RARE_WORDS]
        # ratio >= cutoff needs lengths within a factor: look only in those length buckets.
        factor = FUZZY_CUTOFF / (200 - FUZZY_CUTOFF)
        buckets = range(
            int(len(query) * factor) // _BUCKET, int(len(query) / factor) // _BUCKET + 1
        )
        from rapidfuzz import fuzz, process

        best: tuple[float, str] | None = None
        cutoff = FUZZY_CUTOFF
        for word in words:
            for bucket in buckets:
                keys = index.keys.get((word, bucket))
                if not keys:
                    continue
                hits = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
                for key, score, position in hits:
                    paper_id = index.ids[(word, bucket)][position]
                    if (best is None or score > best[0]) and (
                        self._compatible(paper_id, arxiv) and same_words(query, key)
                    ):
                        best, cutoff = (score, paper_id), score
        if best is None:
            return None
        return Match(best[1], f"title {best[0]:.0f}% alike")


@dataclass
class _TitleIndex:
    """Normalised titles by word, so a fuzzy lookup compares a few short lists, not all."""

    keys: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    ids: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: str, paper_id: str) -> None:
        bucket = len(key) // _BUCKET
        for word in set(key.split()):
            self.keys[(word, bucket)].append(key)
            self.ids[(word, bucket)].append(paper_id)


STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "via",
        "with",
    }
)


def same_words(first: str, second: str) -> bool:
    """True when the words two normalised titles do not share are the same letters spaced
    differently ('pre training'/'pretraining', 'text to image'/'texttoimage'), or pair up as
    typos (one edit: 'difusion'/'diffusion', 'ad'/'and'), leaving only small words.
    'implicit'/'explicit' and 'supervised'/'unsupervised' are two edits apart: different
    papers, and so are 'PaLI' and 'PaLI 3'."""
    from rapidfuzz.distance import DamerauLevenshtein

    mine, theirs = Counter(first.split()), Counter(second.split())
    only_mine = list((mine - theirs).elements())
    only_theirs = list((theirs - mine).elements())
    if sorted("".join(only_mine)) == sorted("".join(only_theirs)):
        return True
    unpaired: list[str] = []
    for word in only_mine:
        partner = next(
            (
                index
                for index, other in enumerate(only_theirs)
                if DamerauLevenshtein.distance(word, other, score_cutoff=1) <= 1
            ),
            None,
        )
        if partner is None:
            unpaired.append(word)
        else:
            only_theirs.pop(partner)
    left_mine = "".join(w for w in unpaired if w not in STOPWORDS)
    left_theirs = "".join(w for w in only_theirs if w not in STOPWORDS)
    return sorted(left_mine) == sorted(left_theirs)


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
        url=None if candidate.arxiv else candidate.url,
        needs_title=not candidate.title and not candidate.arxiv,
        sources=[candidate.source],
        abstract=candidate.abstract,
    )


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
    for name in ("abstract", "authors", "published", "doi", "journal_ref", "primary_category"):
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
