"""Papers and their arXiv records: filling metadata (`fetch`, and the fetch after `add`) and
finding arXiv ids for papers without one (`find_ids`, `apply_resolutions`). Asking arXiv is
arxiv_client's job; what the user wrote (status, notes, tags, rating, their title) is never
touched here.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from readlist.arxiv_client import ArxivClient, ArxivRecord, Settings
from readlist.callbacks import ProgressFn
from readlist.dates import today
from readlist.errors import NetworkError, NotCached, UsageError
from readlist.identity import title_conflict, title_key
from readlist.models import Paper, fill_from
from readlist.normalize import STOPWORDS, normalize_title
from readlist.sources.http import WaitFn
from readlist.store import Store
from readlist.views import Library

DEFAULT_THRESHOLD = 90.0
# A best result below the threshold is shown as a near miss from this score up; below it, it is
# another paper (a request serves many papers, so each sees the others' results too).
NEAR_MISS_SCORE = 70.0


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def merge_record(paper: Paper, record: ArxivRecord, *, refresh: bool, on: date) -> Paper:
    """A copy of `paper` with arXiv's metadata: empty fields filled (all metadata fields
    replaced on `refresh`), version and updated always the latest, and `fetched` set to `on`.

    The user's title is kept; when arXiv's differs it is stored as `arxiv_title`. A paper
    without a title (or marked as needing one) takes arXiv's.
    """
    changed = paper.copy()
    if record.title:
        if not changed.title or changed.needs_title:
            changed.title = record.title
            changed.needs_title = False
            changed.arxiv_title = None
        elif _same_text(changed.title, record.title):
            changed.arxiv_title = None
        elif refresh or not changed.arxiv_title:
            changed.arxiv_title = record.title
    fill_from(changed, record, "arxiv", refresh=refresh)
    changed.fetched = on
    return changed


# --- fetch ---------------------------------------------------------------------------------


@dataclass
class FetchReport:
    """What `fetch` did: the papers it filled (and saved), and those it could not."""

    asked: int = 0  # papers whose metadata was asked for
    filled: list[Paper] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (paper id, arXiv id)
    not_fetched: list[tuple[str, str]] = field(default_factory=list)  # (paper id, arXiv id)
    malformed: list[tuple[str, str]] = field(default_factory=list)  # (paper id, why): not sent
    error: NetworkError | None = None
    interrupted: bool = False
    requests: int = 0
    cached: int = 0
    refresh: bool = False  # every paper asked again, not only those without metadata
    named: bool = False  # the papers were named (not all that need it)
    on: date | None = None  # the day the fetch ran (what `fetched` is stamped with)


def papers_to_fetch(
    library: Library, refs: Sequence[str], *, refresh: bool, not_since: date | None = None
) -> list[Paper]:
    """The papers `fetch` asks about: those named (which must have arXiv ids), else every paper
    with an arXiv id and no metadata yet (every paper with an arXiv id on `refresh`, or those
    not fetched since `not_since`: what an interrupted refresh has left)."""
    if refs:
        from readlist.match import resolve_ref

        chosen: dict[str, Paper] = {}
        for ref in refs:
            paper = resolve_ref(library, ref)
            chosen.setdefault(paper.id, paper)
        without = [p.id for p in chosen.values() if not p.arxiv]
        if without:
            raise UsageError(
                f"{', '.join(without)}: no arXiv id, so nothing to fetch; "
                f"`readlist resolve {without[0]}` can find it"
            )
        return list(chosen.values())
    if refresh:
        return [
            p
            for p in library.all()
            if p.arxiv and (not_since is None or p.fetched is None or p.fetched < not_since)
        ]
    return library.query(needs_fetch=True)


def fetch(
    store: Store,
    refs: Sequence[str] = (),
    *,
    refresh: bool = False,
    offline: bool = False,
    quick: bool = False,
    settings: Settings | None = None,
    on_progress: ProgressFn | None = None,
    on_wait: WaitFn | None = None,
    not_since: date | None = None,
) -> FetchReport:
    """Ask arXiv for the metadata of the chosen papers and save what came back.

    Whatever was fetched is saved even when a later request fails or Ctrl-C stops the run;
    the report lists what was not. `quick` asks once with a short timeout (for `add`).
    """
    if not_since is not None and not refresh:
        raise UsageError("--not-since goes with --refresh: it says which papers to ask again")
    targets = papers_to_fetch(store.load(), refs, refresh=refresh, not_since=not_since)
    report = FetchReport(asked=len(targets), refresh=refresh, named=bool(refs), on=today())
    if not targets:
        return report
    settings = settings if settings is not None else Settings.from_env()
    client = ArxivClient(
        settings.quick() if quick else settings, offline=offline, refresh=refresh, on_wait=on_wait
    )
    paper_of = {p.arxiv: p.id for p in targets if p.arxiv}
    lookup = client.lookup(list(paper_of), on_progress)
    report.requests, report.cached = lookup.requests, lookup.cached
    report.error, report.interrupted = lookup.error, lookup.interrupted
    report.missing = [(paper_of[a], a) for a in lookup.missing if a in paper_of]
    report.not_fetched = [(paper_of[a], a) for a in lookup.not_fetched if a in paper_of]
    report.malformed = [
        (paper_of[text], f"{text!r} is not a valid arXiv id: {why}")
        for text, why in lookup.malformed.items()
        if text in paper_of
    ]
    if lookup.found:
        report.filled = _save_records(store, lookup.found, refresh=refresh)
    return report


def _save_records(store: Store, found: dict[str, ArxivRecord], *, refresh: bool) -> list[Paper]:
    on = today()
    filled: list[Paper] = []
    with store.transaction() as txn:
        # Read afresh under the lock: the user may have changed the list while arXiv answered.
        for arxiv_id, record in found.items():
            paper = txn.by_arxiv(arxiv_id)
            if paper is None:
                continue  # removed meanwhile
            merged = merge_record(paper, record, refresh=refresh, on=on)
            if merged != paper:
                txn.update(merged)
            filled.append(merged)
    return filled


# --- resolve -------------------------------------------------------------------------------


@dataclass
class Proposal:
    """An arXiv paper proposed for a paper of the list, with how closely it matches."""

    paper_id: str
    label: str  # how the paper shows in the list
    record: ArxivRecord
    score: float  # 0-100, rapidfuzz on normalised text
    basis: str  # "title" or "abstract": what matched
    duplicate_of: str | None = None  # the paper that already has (or was given) this id
    conflict: str | None = None  # why the titles name different papers (readlist.identity)

    def rank(self) -> tuple[bool, float]:
        """Better first: a result whose title names another paper ('Gemma 2' for 'Gemma 3')
        is never preferred to one that does not, however close."""
        return (self.conflict is None, self.score)


@dataclass
class ResolveReport:
    threshold: float
    accepted: list[Proposal] = field(default_factory=list)  # at or above the threshold
    near_misses: list[Proposal] = field(default_factory=list)  # below it: shown, not applied
    duplicates: list[Proposal] = field(default_factory=list)  # the id is already taken
    no_match: list[str] = field(default_factory=list)  # searched, nothing close
    not_searched: list[str] = field(default_factory=list)  # offline without cache, or stopped
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (paper id, why)
    error: NetworkError | None = None
    interrupted: bool = False
    requests: int = 0
    cached: int = 0


def papers_to_resolve(
    library: Library, refs: Sequence[str]
) -> tuple[list[Paper], list[tuple[str, str]]]:
    """The papers to find ids for (named ones, else all without an arXiv id), and those
    skipped with the reason."""
    skipped: list[tuple[str, str]] = []
    if refs:
        from readlist.match import resolve_ref

        chosen: dict[str, Paper] = {}
        for ref in refs:
            paper = resolve_ref(library, ref)
            chosen.setdefault(paper.id, paper)
        candidates = list(chosen.values())
    else:
        candidates = [p for p in library.all() if not p.arxiv]
    targets = []
    for paper in candidates:
        if paper.arxiv:
            skipped.append((paper.id, f"already has arXiv id {paper.arxiv}"))
        elif not _has_title(paper) and not paper.abstract:
            skipped.append((paper.id, "neither a title nor an abstract to search by"))
        else:
            targets.append(paper)
    return targets, skipped


def _has_title(paper: Paper) -> bool:
    return bool(paper.title) and not paper.needs_title


@dataclass(frozen=True)
class SearchPlan:
    """What a resolve will ask before it starts: papers, the requests of its first round, the
    most it can take if every paper needs all its searches, and the pause between requests."""

    papers: int
    first: int
    most: int
    delay: float


def plan_searches(queries: dict[str, list[str]], delay: float) -> SearchPlan:
    """The plan for searching each paper's queries (paper id -> queries, most precise first),
    one round per query rank, each round packed into as few requests as arXiv allows."""
    from readlist.arxiv_client import pack_queries

    rounds = max((len(q) for q in queries.values()), default=0)
    per_round = [
        len(pack_queries([q[rank] for q in queries.values() if len(q) > rank]))
        for rank in range(rounds)
    ]
    return SearchPlan(len(queries), per_round[0] if per_round else 0, sum(per_round), delay)


def find_ids(
    store: Store,
    refs: Sequence[str] = (),
    *,
    threshold: float = DEFAULT_THRESHOLD,
    offline: bool = False,
    refresh: bool = False,
    settings: Settings | None = None,
    on_progress: ProgressFn | None = None,
    on_plan: Callable[[SearchPlan], None] | None = None,
    on_wait: WaitFn | None = None,
) -> ResolveReport:
    """Search arXiv for the papers without an id (by title, or by phrases of their abstract
    when they have no title) and propose the closest result for each. Changes nothing: see
    apply_resolutions.

    Many papers share one request: each round ORs one query of every paper still unmatched,
    and every result of a request is scored against every paper of that request.
    """
    if not 0 < threshold <= 100:
        raise UsageError(f"--threshold {threshold:g} is out of range: give a score from 1 to 100")
    library = store.load()
    targets, skipped = papers_to_resolve(library, refs)
    report = ResolveReport(threshold=threshold, skipped=skipped)
    if not targets:
        return report
    client = ArxivClient(settings, offline=offline, refresh=refresh, on_wait=on_wait)
    search = _BatchSearch(client, targets, threshold)
    if on_plan and search.unfinished:
        on_plan(plan_searches(search.queries, client.settings.delay))
    try:
        search.run(on_progress)
    except KeyboardInterrupt:
        report.interrupted = True
    except NetworkError as exc:
        report.error = exc
    finally:
        report.requests, report.cached = client.requests, client.cached
    report.not_searched = [p.id for p in targets if p.id in search.unfinished]
    _sort_proposals(report, library, targets, search.best)
    if report.not_searched and report.error is None and not report.interrupted:
        report.error = NotCached(
            f"--offline: {len(report.not_searched)} papers were not searched (no cached "
            "answer); run the command without --offline to ask arXiv"
        )
    return report


class _BatchSearch:
    """The searches of one resolve: each paper's queries, tried in order until one finds a
    close match, many papers to a request."""

    def __init__(self, client: ArxivClient, papers: list[Paper], threshold: float) -> None:
        self.client = client
        self.threshold = threshold
        self.papers = {p.id: p for p in papers}
        self.queries = {p.id: search_queries(p) for p in papers}
        self.next = dict.fromkeys(self.papers, 0)  # paper id -> index of its next query
        self.best: dict[str, Proposal] = {}
        self.unfinished = {i for i, q in self.queries.items() if q}
        self.uncached: set[str] = set()

    def run(self, on_progress: ProgressFn | None) -> None:
        from readlist.arxiv_client import pack_queries

        total = len(self.papers)
        if on_progress:
            on_progress(total - len(self.unfinished), total)
        while waiting := [i for i in self.papers if i in self.unfinished - self.uncached]:
            by_query: dict[str, list[str]] = {}
            for paper_id in waiting:
                by_query.setdefault(self.queries[paper_id][self.next[paper_id]], []).append(
                    paper_id
                )
            packs = deque(pack_queries(list(by_query)))
            while packs:
                pack = packs.popleft()
                try:
                    answer = self.client.search_any(pack)
                except NotCached:
                    self.uncached.update(i for q in pack for i in by_query[q])
                    continue
                unmatched = [q for q in pack if not self._score(by_query[q], answer.records)]
                if not answer.complete and len(unmatched) > 1:
                    # arXiv had more than one page: ask again for the unmatched, half at a time.
                    half = len(unmatched) // 2
                    packs.extendleft([unmatched[half:], unmatched[:half]])
                    unmatched = []
                for query in unmatched:
                    for paper_id in by_query[query]:
                        self.next[paper_id] += 1
                        if self.next[paper_id] >= len(self.queries[paper_id]):
                            self.unfinished.discard(paper_id)
                if on_progress:
                    on_progress(total - len(self.unfinished), total)

    def _score(self, paper_ids: list[str], records: list[ArxivRecord]) -> bool:
        """Score `records` against these papers; True when every one has a close match now
        (so it is finished)."""
        for paper_id in paper_ids:
            paper = self.papers[paper_id]
            for record in records:
                score, basis = match_score(paper, record)
                found = Proposal(paper_id, paper.display_title, record, score, basis)
                if paper.title and record.title:
                    mine, theirs = title_key(paper.title), title_key(record.title)
                    found.conflict = title_conflict(mine, theirs, cut_short=True)
                best = self.best.get(paper_id)
                if best is None or found.rank() > best.rank():
                    self.best[paper_id] = found
        matched = all(
            p in self.best and self.best[p].rank() >= (True, self.threshold) for p in paper_ids
        )
        if matched:
            self.unfinished.difference_update(paper_ids)
        return matched


def _sort_proposals(
    report: ResolveReport, library: Library, targets: list[Paper], best: dict[str, Proposal]
) -> None:
    """Each searched paper's best result into accepted, near misses, duplicates or no match.
    When two papers' best results are one arXiv paper, the closer match has it."""
    skip = set(report.not_searched)
    claimed: dict[str, str] = {}  # arXiv id -> paper it is proposed for
    close = sorted(
        (b for i, b in best.items() if i not in skip and b.rank() >= (True, report.threshold)),
        key=lambda b: -b.score,
    )
    for candidate in close:
        arxiv_id = candidate.record.arxiv_id
        owner = library.by_arxiv(arxiv_id) or library.get(arxiv_id)
        if owner is not None:
            candidate.duplicate_of = owner.id
        elif arxiv_id in claimed:
            candidate.duplicate_of = claimed[arxiv_id]
        else:
            claimed[arxiv_id] = candidate.paper_id
    for paper in targets:
        if paper.id in skip:
            continue
        proposal = best.get(paper.id)
        if proposal is None or proposal.score < min(NEAR_MISS_SCORE, report.threshold):
            report.no_match.append(paper.id)
        elif proposal.score < report.threshold or proposal.conflict:
            report.near_misses.append(proposal)
        elif proposal.duplicate_of:
            report.duplicates.append(proposal)
        else:
            report.accepted.append(proposal)


def match_score(paper: Paper, record: ArxivRecord) -> tuple[float, str]:
    """How closely an arXiv record is this paper (0-100): rapidfuzz's ratio of the normalised
    titles, or of the abstracts when that is higher."""
    from rapidfuzz import fuzz

    best = (0.0, "title")
    if _has_title(paper) and record.title:
        assert paper.title is not None
        best = (fuzz.ratio(normalize_title(paper.title), normalize_title(record.title)), "title")
    if paper.abstract and record.abstract:
        score = fuzz.ratio(normalize_title(paper.abstract), normalize_title(record.abstract))
        if score > best[0]:
            best = (score, "abstract")
    return round(best[0], 1), best[1]


_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘’`]+|\s[-–—]+\s|--")
PHRASE_WORDS = 6


def search_queries(paper: Paper) -> list[str]:
    """arXiv searches for a paper, most precise first: its title as a phrase, then its key
    title words; for a paper known by its abstract, two distinctive phrases of it together,
    then each alone."""
    queries: list[str] = []
    if _has_title(paper):
        assert paper.title is not None
        words = normalize_title(paper.title).split()
        if words:
            queries.append(f'ti:"{" ".join(words)}"')
        content = [w for w in dict.fromkeys(words) if w not in STOPWORDS and len(w) > 2]
        longest = set(sorted(content, key=len, reverse=True)[:5])  # rarer words, in title order
        key = [w for w in content if w in longest]
        if len(key) >= 2 and key != words:
            queries.append(" AND ".join(f"ti:{w}" for w in key))
    elif paper.abstract:
        phrases = abstract_phrases(paper.abstract)
        if len(phrases) == 2:
            queries.append(f'abs:"{phrases[0]}" AND abs:"{phrases[1]}"')
        queries.extend(f'abs:"{p}"' for p in phrases)
    return queries


def abstract_phrases(abstract: str, count: int = 2) -> list[str]:
    """Up to `count` distinctive runs of PHRASE_WORDS plain words from an abstract, from
    different parts of it: phrases arXiv's abstract search can find word for word."""
    windows: list[tuple[int, float, str]] = []  # (position, distinctiveness, phrase)
    position = 0
    for clause in _CLAUSE_BREAK.split(abstract):
        run: list[str] = []
        for word in [*clause.split(), ""]:
            if word and word.isascii() and word.isalpha():
                run.append(word.lower())
                continue
            for start in range(0, len(run) - PHRASE_WORDS + 1):
                window = run[start : start + PHRASE_WORDS]
                content = [w for w in window if w not in STOPWORDS and len(w) > 3]
                score = len(content) + sum(len(w) for w in content) / 20
                windows.append((position + start, score, " ".join(window)))
            position += len(run) + 1
            run = []
    if not windows:
        return []
    middle = windows[-1][0] / 2
    halves = [
        [w for w in windows if w[0] <= middle],
        [w for w in windows if w[0] > middle],
    ]
    phrases: list[str] = []
    for half in halves:
        if half and len(phrases) < count:
            best = max(half, key=lambda w: (w[1], -w[0]))
            if best[2] not in phrases:
                phrases.append(best[2])
    return phrases


@dataclass
class Applied:
    old_id: str
    paper: Paper


@dataclass
class ApplyReport:
    applied: list[Applied] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (paper id, why)


def apply_resolutions(store: Store, proposals: Sequence[Proposal]) -> ApplyReport:
    """Give each proposed paper its arXiv id: `arxiv` set, the id changed to the canonical
    arXiv id (in challenges too), the title filled when it had none, the metadata filled.

    Each proposal is checked again under the lock; one that no longer fits (the paper got an
    id, or the arXiv id is now another paper's) is skipped with the reason.
    """
    from readlist.operations import rename_in_challenges

    on = today()
    report = ApplyReport()
    with store.transaction() as txn:
        taken: set[str] = set()
        for proposal in proposals:
            arxiv_id = proposal.record.arxiv_id
            paper = txn.get(proposal.paper_id)
            if paper is None:
                report.skipped.append((proposal.paper_id, "it was removed meanwhile"))
                continue
            if paper.arxiv:
                report.skipped.append((paper.id, f"it has arXiv id {paper.arxiv} now"))
                continue
            owner = txn.by_arxiv(arxiv_id)
            if owner is None and arxiv_id != paper.id and txn.get(arxiv_id) is not None:
                owner = txn.get(arxiv_id)
            if owner is not None or arxiv_id in taken:
                who = owner.id if owner is not None else "another paper of this run"
                report.skipped.append((paper.id, f"arXiv {arxiv_id} is already {who}"))
                continue
            changed = merge_record(paper, proposal.record, refresh=False, on=on)
            changed.arxiv = arxiv_id
            changed.id = arxiv_id
            if paper.id != arxiv_id:
                txn.update(changed, old_id=paper.id)
                rename_in_challenges(txn, paper.id, arxiv_id)
            else:
                txn.update(changed)
            taken.add(arxiv_id)
            report.applied.append(Applied(paper.id, changed))
    return report
