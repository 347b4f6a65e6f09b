"""What changed about the papers you finished since you finished them: a new arXiv version, a
published version (a DOI or journal reference from arXiv, a venue from Semantic Scholar, a
preprint's published DOI from Crossref), a withdrawal noted in arXiv's comment, a retraction
notice at Crossref. Reading only: the list changes only when asked to tag the
papers (`reread`); `readlist fetch --refresh` takes the new metadata.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from readlist.arxiv_client import ArxivClient, ArxivRecord, Settings
from readlist.callbacks import ProgressFn
from readlist.errors import NetworkError
from readlist.models import Paper, Status
from readlist.sources.crossref import CrossrefRecord
from readlist.sources.http import BatchReport, WaitFn
from readlist.sources.semantic_scholar import S2Record
from readlist.store import Library, Store

REREAD_TAG = "reread"
# arXiv's comment says so when a paper is withdrawn ("This paper has been withdrawn by the
# author"); authors write "retracted" too.
_WITHDRAWN = re.compile(r"\b(withdrawn|withdraw(?:al)?|retract(?:ed|ion)?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    """One thing that changed: its kind (version, published, withdrawn, retracted), a line
    saying what, and the day it happened when known."""

    kind: str
    text: str
    on: date | None = None


@dataclass
class PaperNews:
    paper: Paper
    changes: list[Change]


@dataclass
class NewsReport:
    checked: int = 0  # finished papers looked at
    news: list[PaperNews] = field(default_factory=list)
    without_id: list[str] = field(default_factory=list)  # finished papers no source can ask about
    not_checked: list[str] = field(default_factory=list)
    tagged: list[str] = field(default_factory=list)
    error: NetworkError | None = None
    interrupted: bool = False
    requests: dict[str, int] = field(default_factory=dict)  # per source
    cached: int = 0


def finished_papers(library: Library, refs: Sequence[str]) -> list[Paper]:
    """The papers to look at: those named, else every paper that is done."""
    if refs:
        from readlist.match import resolve_ref

        return list({p.id: p for p in (resolve_ref(library, r) for r in refs)}.values())
    return [p for p in library.all() if p.status == Status.DONE]


def arxiv_changes(paper: Paper, record: ArxivRecord) -> list[Change]:
    """What arXiv says changed since the paper was finished (since it was fetched, for a
    paper without a finished date), compared with what the list holds."""
    since = paper.finished or paper.fetched
    changes: list[Change] = []
    newer = record.updated is not None and (since is None or record.updated > since)
    if newer and record.version and record.version > (paper.version or 1):
        assert record.updated is not None
        had = f"; the list has v{paper.version}" if paper.version else ""
        changes.append(
            Change(
                "version",
                f"v{record.version} on arXiv ({record.updated.isoformat()}){had}",
                record.updated,
            )
        )
    if record.doi and (paper.doi or "").lower() != record.doi.lower():
        changes.append(Change("published", f"DOI {record.doi}"))
    if record.journal_ref and record.journal_ref != paper.journal_ref:
        changes.append(Change("published", f"journal reference: {record.journal_ref}"))
    if record.comment and record.comment != paper.comment and _WITHDRAWN.search(record.comment):
        changes.append(Change("withdrawn", f"arXiv's comment: {record.comment}", record.updated))
    return changes


def crossref_changes(paper: Paper, work: CrossrefRecord) -> list[Change]:
    """Retraction and withdrawal notices Crossref has for the paper's DOI since it was
    finished, and the published version of a preprint."""
    since = paper.finished or paper.fetched
    changes = [
        Change(
            "retracted",
            f"{u.kind} notice at Crossref"
            + (f" ({u.doi})" if u.doi else "")
            + (f" on {u.on.isoformat()}" if u.on else ""),
            u.on,
        )
        for u in work.retractions
        if u.on is None or since is None or u.on > since
    ]
    if work.published_as:
        changes.append(Change("published", f"published as DOI {work.published_as}"))
    return changes


def s2_changes(paper: Paper, record: S2Record) -> list[Change]:
    """A venue Semantic Scholar knows for a paper the list has none for."""
    from readlist.enrich import NOT_VENUES

    venue = record.venue
    if not venue or venue.casefold() in NOT_VENUES or paper.venue:
        return []
    year = f" {record.year}" if record.year else ""
    return [Change("published", f"venue: {venue}{year} (Semantic Scholar)")]


def _s2_news(
    papers: list[Paper],
    found: dict[str, list[Change]],
    report: NewsReport,
    *,
    offline: bool,
    on_wait: WaitFn | None,
) -> None:
    from readlist.sources.semantic_scholar import SemanticScholarClient, s2_ref

    asked_by = {
        s2_ref(arxiv=p.arxiv, doi=p.doi, s2_id=p.s2_id): p
        for p in papers
        if p.arxiv or p.doi or p.s2_id
    }
    if not asked_by:
        return
    client = SemanticScholarClient(offline=offline, refresh=not offline, on_wait=on_wait)
    answer = client.lookup(list(asked_by))
    _count_in(report, "Semantic Scholar", answer)
    for ref, record in answer.found.items():
        if ref in asked_by:
            found[asked_by[ref].id] += s2_changes(asked_by[ref], record)


def _count_in(report: NewsReport, name: str, lookup: BatchReport[Any]) -> None:
    report.requests[name] = lookup.requests
    report.cached += lookup.cached
    report.error = report.error or lookup.error
    report.interrupted = report.interrupted or lookup.interrupted


def news(
    store: Store,
    refs: Sequence[str] = (),
    *,
    tag: str | None = None,
    offline: bool = False,
    settings: Settings | None = None,
    on_progress: ProgressFn | None = None,
    on_wait: WaitFn | None = None,
) -> NewsReport:
    """Ask arXiv (afresh, unless offline) about the finished papers and report what changed;
    with `tag`, tag the papers that have news (their other fields are not touched)."""
    library = store.load()
    papers = finished_papers(library, refs)
    report = NewsReport(checked=len(papers))
    found: dict[str, list[Change]] = {p.id: [] for p in papers}
    dois: dict[str, Paper] = {p.doi.lower(): p for p in papers if p.doi}
    with_arxiv = {p.arxiv: p for p in papers if p.arxiv}
    report.without_id = [p.id for p in papers if not p.arxiv and not p.doi]
    if with_arxiv:
        client = ArxivClient(settings, offline=offline, refresh=not offline, on_wait=on_wait)
        lookup = client.lookup(list(with_arxiv), on_progress)
        _count_in(report, "arXiv", lookup)
        report.not_checked += [with_arxiv[a].id for a in lookup.not_fetched if a in with_arxiv]
        for arxiv_id, paper in with_arxiv.items():
            record = lookup.found.get(arxiv_id)
            if record is not None:
                found[paper.id] += arxiv_changes(paper, record)
                if record.doi:
                    dois.setdefault(record.doi.lower(), paper)
    if not report.interrupted:
        _s2_news(papers, found, report, offline=offline, on_wait=on_wait)
    if dois and not report.interrupted:
        from readlist.sources.crossref import CrossrefClient

        works = CrossrefClient(offline=offline, refresh=not offline, on_wait=on_wait).lookup(
            list(dois)
        )
        _count_in(report, "Crossref", works)
        for doi, work in works.found.items():
            found[dois[doi].id] += crossref_changes(dois[doi], work)
    report.news = [PaperNews(p, found[p.id]) for p in papers if found[p.id]]
    if tag and report.news:
        report.tagged = _tag(store, [n.paper.id for n in report.news], tag)
    return report


def _tag(store: Store, paper_ids: list[str], tag: str) -> list[str]:
    from readlist.operations import tag as add_tags

    tagged = []
    with store.transaction() as txn:
        for paper_id in paper_ids:
            paper = txn.get(paper_id)
            if paper is not None and tag not in paper.tags:
                add_tags(txn, paper, [tag])
                tagged.append(paper_id)
    return tagged
