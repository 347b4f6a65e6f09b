"""The everyday operations on a reading list: add, change status, tag, note, rate, remove, edit,
list. Each takes a Library (or a Transaction to change it) and returns what it did; nothing here
prints, prompts or exits."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from readlist.dates import today
from readlist.errors import DuplicateError, InputError, UsageError
from readlist.filters import SORTS, Filters, select
from readlist.ids import MalformedId, parse_link
from readlist.models import InvalidRecord, Paper, Status, slugify, unique_id
from readlist.views import Library, Transaction


@dataclass
class AddResult:
    paper: Paper
    existing: Paper | None = None  # set when the paper was already there (and not forced)
    notice: str | None = None  # something the user should know about what was added


_SITE_NAMES = {
    "openreview": "OpenReview forum",
    "acl": "ACL Anthology paper",
    "pmlr": "PMLR paper",
    "dblp": "DBLP record",
    "pubmed": "PubMed paper",
}


def paper_from_text(text: str, *, title: str | None = None) -> tuple[Paper, str | None]:
    """A new Paper (not yet stored) from an arXiv id or link (any form), a DOI, another link or
    a title; and a notice for a link readlist keeps as it is (no arXiv id or DOI in it)."""
    value = text.strip()
    if not value:
        raise UsageError("nothing to add: give an arXiv id or URL, a DOI, or a title")
    try:
        link = parse_link(value)
    except MalformedId as exc:
        raise UsageError(f"{value!r} is not a valid arXiv id: {exc}") from None
    if link is not None and link.arxiv is not None:
        arxiv = link.arxiv
        paper = Paper(
            id=arxiv.id, arxiv=arxiv.id, version=arxiv.version, title=title, url=arxiv.abs_url
        )
        return paper, None
    if link is not None and link.kind == "doi":
        return Paper(id=slugify(title or link.id), title=title, doi=link.id, url=link.url), None
    if link is not None or value.startswith(("http://", "https://", "www.")):
        url = value if "://" in value else f"https://{value}"
        what = f"a {_SITE_NAMES[link.kind]} ({link.id})" if link is not None else "a web page"
        notice = None
        if not title:
            notice = (
                f"{url} is {what} without an arXiv id or DOI: kept as its link; "
                "give its title with --title so that it can be found and matched"
            )
        return Paper(id=slugify(title or url.split("://", 1)[1]), title=title, url=url), notice
    return Paper(id=slugify(title or value), title=title or value), None


def add(
    txn: Transaction,
    text: str,
    *,
    title: str | None = None,
    tags: Sequence[str] = (),
    note: str | None = None,
    status: Status = Status.TODO,
    force: bool = False,
    source: str = "cli",
) -> AddResult:
    """Add a paper by arXiv id/URL, DOI, link or title. An existing match (readlist.identity)
    is returned, unchanged, unless `force`."""
    from readlist.identity import find_same

    paper, notice = paper_from_text(text, title=title)
    match = find_same(txn, paper)
    existing = txn.get(match.paper_id) if match is not None else None
    if existing is not None and not force:
        return AddResult(existing, existing)
    if existing is not None and match is not None and match.by_id:
        what = f"arXiv {paper.arxiv}" if paper.arxiv else f"DOI {paper.doi}"
        raise DuplicateError(
            f"{what} is already in the list as {existing.id!r}: one record per "
            "paper id (use `readlist tag`/`note` to change it)"
        )
    paper.id = unique_id(paper.id, lambda candidate: txn.get(candidate) is not None)
    paper.added = today()
    paper.tags = _dedupe(tags)
    paper.notes = note or None
    paper.sources = [source]
    _apply_status(paper, status, today())
    txn.add(paper)
    return AddResult(paper, notice=notice)


def _dedupe(items: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        cleaned = item.strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def _apply_status(paper: Paper, status: Status, on: date) -> None:
    paper.status = status
    if status is Status.READING:
        paper.started = paper.started or on
        paper.finished = None
    elif status is Status.DONE:
        paper.finished = on
        if paper.started and paper.started > on:
            paper.started = on
    elif status is Status.TODO:
        paper.finished = None


def set_status(txn: Transaction, paper: Paper, status: Status, on: date | None = None) -> Paper:
    """Move a paper to `status`, stamping started/finished with `on` (default today)."""
    changed = paper.copy()
    _apply_status(changed, status, on or today())
    txn.update(changed)
    return changed


def tag(txn: Transaction, paper: Paper, tags: Sequence[str], remove: bool = False) -> Paper:
    changed = paper.copy()
    if remove:
        drop = {t.strip() for t in tags}
        changed.tags = [t for t in changed.tags if t not in drop]
    else:
        changed.tags = _dedupe([*changed.tags, *tags])
    txn.update(changed)
    return changed


def note(txn: Transaction, paper: Paper, text: str, replace: bool = False) -> Paper:
    """Append `text` to the paper's notes (a new paragraph), or replace them."""
    changed = paper.copy()
    text = text.strip()
    if replace or not changed.notes:
        changed.notes = text or None
    elif text:
        changed.notes = f"{changed.notes}\n\n{text}"
    txn.update(changed)
    return changed


def rate(txn: Transaction, paper: Paper, rating: int | None) -> Paper:
    if rating is not None and not 1 <= rating <= 5:
        raise UsageError(f"rating {rating} is out of range: give 1 to 5 (or 0 to clear it)")
    changed = paper.copy()
    changed.rating = rating
    txn.update(changed)
    return changed


def remove(txn: Transaction, paper: Paper) -> list[str]:
    """Remove a paper, and its days in any challenge. Returns the challenges it left."""
    txn.remove(paper.id)
    left = [c.name for c in txn.challenges if c.entry_for_paper(paper.id)]
    if left:
        challenges = []
        for challenge in txn.challenges:
            challenge.entries = [e for e in challenge.entries if e.paper != paper.id]
            challenges.append(challenge)
        txn.set_challenges(challenges)
    return left


def rename_in_challenges(txn: Transaction, old_id: str, new_id: str) -> None:
    if any(c.entry_for_paper(old_id) for c in txn.challenges):
        for challenge in txn.challenges:
            for entry in challenge.entries:
                if entry.paper == old_id:
                    entry.paper = new_id
        txn.set_challenges(list(txn.challenges))


EDIT_HEADER = (
    "# Edit this paper's record, then save and close the editor.\n"
    "# Fields: see README.md. Delete everything to cancel.\n"
)


def record_text(paper: Paper) -> str:
    """The record as an editable YAML mapping."""
    from readlist.yamlio import dump_record

    item = dump_record(paper.to_dict())
    body = "".join(
        line[2:] if line.startswith(("- ", "  ")) else line for line in item.splitlines(True)
    )
    return EDIT_HEADER + body


def apply_edit(txn: Transaction, paper: Paper, text: str, name: str) -> Paper | None:
    """Validate an edited record and store it. None when the edit was cancelled or changed
    nothing; InputError (with the reason) when it is invalid."""
    from readlist.yamlio import load_text

    stripped = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    if not stripped.strip():
        return None
    try:
        data: Any = load_text(text, name)
    except Exception as exc:  # DataError from the YAML parser
        raise InputError(f"{exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{name}: the record must be a mapping of fields (key: value)")
    try:
        edited = Paper.from_dict(data)
    except InvalidRecord as exc:
        raise InputError(f"{name}: {exc.field}: {exc.problem}") from None
    if edited == paper:
        return None
    if edited.id != paper.id:
        if txn.get(edited.id) is not None:
            raise InputError(f"{name}: id: {edited.id!r} is already another paper's id")
        txn.update(edited, old_id=paper.id)
        rename_in_challenges(txn, paper.id, edited.id)
    else:
        txn.update(edited)
    return edited


def list_papers(
    library: Library,
    filters: Filters | None = None,
    *,
    sort: str = "file",
    reverse: bool = False,
    limit: int | None = None,
    summaries: bool = False,
) -> list[Any]:
    """The papers `list` shows: records, or (`summaries`) PaperSummary rows, cheaper to read."""
    if sort not in SORTS:
        close = difflib.get_close_matches(sort, SORTS, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise UsageError(f"--sort {sort!r} is not one of: {', '.join(SORTS)}{hint}")
    if limit is not None and limit < 0:
        raise UsageError("--limit must be 0 or more")
    return select(
        library, filters or Filters(), sort=sort, reverse=reverse, limit=limit, summaries=summaries
    )
