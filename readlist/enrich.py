"""Filling papers from Semantic Scholar (citations, influential citations, venue and year of the
published version, TLDR, open-access PDF, DOI, and the arXiv id of a paper known by its DOI)
and from Crossref (title, authors, venue and date of a paper known only by its DOI). Which
field each source fills, and how it meets the user's value, is the field table's (models).
Asking is sources/'s job; what the user wrote is never replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from readlist.dates import today
from readlist.errors import NetworkError, UsageError
from readlist.ids import arxiv_of_doi
from readlist.models import Paper, fill_from
from readlist.sources.crossref import CrossrefClient, CrossrefRecord
from readlist.sources.http import ProgressFn, WaitFn
from readlist.sources.semantic_scholar import S2Record, SemanticScholarClient, s2_ref
from readlist.store import Store
from readlist.views import Library, Transaction

# Semantic Scholar's "venue" of a paper that is only on arXiv: not a place it was published.
NOT_VENUES = frozenset({"arxiv", "arxiv.org"})


@dataclass
class EnrichReport:
    """What `enrich` did: the papers it changed, and what it could not do."""

    asked: int = 0  # papers asked about
    filled: list[Paper] = field(default_factory=list)  # papers changed (and saved)
    unchanged: int = 0  # answered, but nothing new
    missing: list[tuple[str, str]] = field(default_factory=list)  # (paper id, id asked by)
    not_fetched: list[tuple[str, str]] = field(default_factory=list)
    without_id: list[str] = field(default_factory=list)  # no arXiv id, DOI or S2 id
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (paper id, why)
    named: bool = False  # the papers were named (not all that need it)
    refresh: bool = False
    on: date | None = None  # the day it ran (what `enriched` is stamped with)
    error: NetworkError | None = None
    interrupted: bool = False
    requests: dict[str, int] = field(default_factory=dict)  # per source
    cached: int = 0


def papers_to_enrich(
    library: Library, refs: Sequence[str], *, refresh: bool, not_since: date | None = None
) -> tuple[list[Paper], list[str]]:
    """The papers to ask about (those named, else those never asked about, else all on
    `refresh`, or those not asked about since `not_since`: what an interrupted refresh left)
    and those of them with no id to ask by."""
    if refs:
        from readlist.match import resolve_ref

        chosen = list({p.id: p for p in (resolve_ref(library, r) for r in refs)}.values())
    else:
        chosen = [
            p
            for p in library.all()
            if p.enriched is None or (refresh and (not_since is None or p.enriched < not_since))
        ]
    with_id = [p for p in chosen if p.s2_id or p.arxiv or p.doi]
    return with_id, [p.id for p in chosen if not (p.s2_id or p.arxiv or p.doi)]


def enrich(
    store: Store,
    refs: Sequence[str] = (),
    *,
    refresh: bool = False,
    offline: bool = False,
    on_progress: ProgressFn | None = None,
    on_wait: WaitFn | None = None,
    not_since: date | None = None,
) -> EnrichReport:
    """Ask Semantic Scholar about the chosen papers (all in one request per 500), then Crossref
    about the DOIs of those without an arXiv id, and save what came back. What was found is
    saved even when a later request fails or Ctrl-C stops the run."""
    if not_since is not None and not refresh:
        raise UsageError("--not-since goes with --refresh: it says which papers to ask again")
    targets, without_id = papers_to_enrich(store.load(), refs, refresh=refresh, not_since=not_since)
    report = EnrichReport(
        asked=len(targets), without_id=without_id, named=bool(refs), refresh=refresh, on=today()
    )
    if not targets:
        return report
    s2 = SemanticScholarClient(offline=offline, refresh=refresh, on_wait=on_wait)
    asked_by = {s2_ref(arxiv=p.arxiv, doi=p.doi, s2_id=p.s2_id): p.id for p in targets}
    found = s2.lookup(list(asked_by), on_progress)
    report.requests[s2.http.name] = found.requests
    report.cached += found.cached
    report.error, report.interrupted = found.error, found.interrupted
    report.missing = [(asked_by[r], r) for r in found.missing if r in asked_by]
    report.not_fetched = [(asked_by[r], r) for r in found.not_fetched if r in asked_by]
    records = {asked_by[ref]: record for ref, record in found.found.items() if ref in asked_by}
    works: dict[str, CrossrefRecord] = {}
    if not report.interrupted:
        dois = _dois_for_crossref(targets, records)
        if dois:
            crossref = CrossrefClient(offline=offline, refresh=refresh, on_wait=on_wait)
            answer = crossref.lookup(list(dois))
            report.requests[crossref.http.name] = answer.requests
            report.cached += answer.cached
            report.error = report.error or answer.error
            report.interrupted = answer.interrupted
            works = {dois[doi]: work for doi, work in answer.found.items() if doi in dois}
    unknown = [paper_id for paper_id, _ in report.missing]
    if records or works or unknown:
        _save(store, records, works, unknown, refresh=refresh, report=report)
    return report


def _dois_for_crossref(papers: list[Paper], records: dict[str, S2Record]) -> dict[str, str]:
    """DOI (lower case) -> paper id, for the papers known only by their DOI: Crossref gives
    them what arXiv gives the others."""
    dois: dict[str, str] = {}
    for paper in papers:
        record = records.get(paper.id)
        if paper.arxiv or (record is not None and record.arxiv_id):
            continue
        doi = paper.doi or (record.doi if record else None)
        if doi:
            dois.setdefault(doi.lower(), paper.id)
    return dois


def _save(
    store: Store,
    records: dict[str, S2Record],
    works: dict[str, CrossrefRecord],
    unknown: list[str],
    *,
    refresh: bool,
    report: EnrichReport,
) -> None:
    """Save what came back; papers Semantic Scholar does not know are stamped as asked too, so
    that `enrich` does not ask about them again until --refresh."""
    on = today()
    with store.transaction() as txn:
        # Read afresh under the lock: the user may have changed the list meanwhile.
        for paper_id in unknown:
            paper = txn.get(paper_id)
            if paper is not None and paper.enriched != on:
                stamped = paper.copy()
                stamped.enriched = on
                txn.update(stamped)
        for paper_id in dict.fromkeys([*records, *works]):
            paper = txn.get(paper_id)
            if paper is None:
                continue  # removed meanwhile
            changed = paper.copy()
            record = records.get(paper_id)
            if record is not None:
                merge_s2(changed, record, refresh=refresh, on=on)
                _take_arxiv_id(txn, changed, record, report)
            work = works.get(paper_id)
            if work is not None:
                merge_crossref(changed, work, refresh=refresh)
            if changed != paper:
                txn.update(changed)
            if _metadata(changed) != _metadata(paper):
                report.filled.append(changed)
            else:
                report.unchanged += 1


def _metadata(paper: Paper) -> Paper:
    """The paper without its `enriched` stamp: what counts as news for the report."""
    copy = paper.copy()
    copy.enriched = None
    return copy


def merge_s2(paper: Paper, record: S2Record, *, refresh: bool, on: date) -> None:
    """Semantic Scholar's values into `paper` (the field table's s2 fill rules), `enriched`
    stamped `on`. "arXiv.org" is not a venue."""
    if record.venue and record.venue.casefold() in NOT_VENUES:
        record = replace(record, venue=None, year=None)
    if arxiv_of_doi(record.doi) is not None:
        record = replace(record, doi=None)  # the arXiv id again, not a published version
    fill_from(paper, record, "s2", refresh=refresh)
    paper.enriched = on


def merge_crossref(paper: Paper, work: CrossrefRecord, *, refresh: bool) -> None:
    """Crossref's values into `paper` (the field table's crossref rules); its title only when
    the paper has none, as with arXiv's."""
    if work.title and (not paper.title or paper.needs_title):
        paper.title = work.title
        paper.needs_title = False
    fill_from(paper, work, "crossref", refresh=refresh)


def _take_arxiv_id(txn: Transaction, paper: Paper, record: S2Record, report: EnrichReport) -> None:
    """A paper known by its DOI gets the arXiv id Semantic Scholar knows for it, unless
    another paper of the list has that id (then the two are probably one: say so)."""
    if paper.arxiv or not record.arxiv_id:
        return
    owner = txn.by_arxiv(record.arxiv_id)
    if owner is not None and owner.id != paper.id:
        report.conflicts.append(
            (
                paper.id,
                f"Semantic Scholar gives it arXiv id {record.arxiv_id}, which is "
                f"{owner.id}'s: the same paper twice?",
            )  # fmt: skip
        )
        return
    paper.arxiv = record.arxiv_id
