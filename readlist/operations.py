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
from readlist.errors import ChallengeError, DuplicateError, InputError, UsageError
from readlist.filters import SORTS, Filters, select
from readlist.models import InvalidRecord, Paper, Status, slugify, unique_id
from readlist.views import Library, Transaction


@dataclass
class AddResult:
    paper: Paper
    existing: Paper | None = None  # set when the paper was already there (and not forced)
    notice: str | None = None  # something the user should know about what was added


def paper_from_text(text: str, *, title: str | None = None) -> tuple[Paper, str | None]:
    """A new Paper (not yet stored) from an arXiv id or link (any form), a DOI, a site's id or
    link (OpenReview, ACL Anthology, PMLR, DBLP, PubMed), another link or a title; and a notice
    for a link readlist keeps without a title to find it by."""
    from readlist.ids import MalformedId, parse_link

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
    if link is not None:
        url = value if "://" in value else link.url
        paper = Paper(id=slugify(title or f"{link.kind} {link.id}"), title=title, url=url)
        setattr(paper, link.kind, link.id)
        notice = None
        if not title:
            notice = (
                f"{url} names {link.site_name} {link.id} but no arXiv id or DOI: kept by that "
                "id; give its title with --title so that it can be found by title too"
            )
        return paper, notice
    if value.startswith(("http://", "https://", "www.")):
        url = value if "://" in value else f"https://{value}"
        notice = None
        if not title:
            notice = (
                f"{url} is a web page without an arXiv id or DOI: kept as its link; "
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
        what = match.how.removeprefix("same ")
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
    """A new paper's status and its first date."""
    paper.status = status
    if status is Status.READING:
        paper.started = on
    elif status is Status.DONE:
        paper.finished = on


@dataclass
class StatusChange:
    """What a status command did: the paper as it is now, whether anything changed, and what
    to tell the user when it is more than the plain change."""

    paper: Paper
    changed: bool = True
    message: str | None = None


def check_not_future(on: date, what: str = "--date") -> None:
    """Reading dates are never in the future."""
    now = today()
    if on > now:
        raise UsageError(
            f"{what} {on.isoformat()} is in the future (today is {now.isoformat()}); "
            "a paper is marked once it is read"
        )


def challenge_days(library: Library, paper_id: str) -> list[str]:
    """`day N of NAME` for each challenge day the paper holds."""
    return [
        f"day {entry.day} of {c.name}"
        for c in library.challenges
        if (entry := c.entry_for_paper(paper_id)) is not None
    ]


def _check_day_move(library: Library, paper: Paper, to: date | None, move_day: bool) -> None:
    """A change of a done paper's reading that would move (or un-do) its challenge days needs
    `move_day`."""
    days = challenge_days(library, paper.id)
    if not days or move_day:
        return
    was = paper.finished.isoformat() if paper.finished else "an unknown date"
    change = f"from {was} to {to.isoformat()}" if to else f"(read on {was}) back to not done"
    raise ChallengeError(
        f"this moves {' and '.join(days)} {change}; nothing changed. Add --move-day to do it"
    )


def set_status(
    txn: Transaction,
    paper: Paper,
    status: Status,
    on: date | None = None,
    *,
    move_day: bool = False,
) -> StatusChange:
    """Move a paper to `status`. Its reading history is kept: a done paper marked done again
    changes nothing unless `on` is given; starting a done paper records a re-read (the first
    reading stays); a change that moves a challenge day needs `move_day`. `on` (default
    today) is never in the future."""
    if on is not None:
        check_not_future(on)
    when = on or today()
    # Later readings go to `rereads`; the first stays in `started`/`finished`, which challenge
    # days are read from.
    changed = paper.copy()
    rereads = changed.rereads
    open_reread = (
        paper.status is Status.READING and bool(rereads) and rereads[-1].get("finished") is None
    )
    if status is Status.DONE:
        if paper.status is Status.DONE:
            if on is None or on == paper.finished:
                was = paper.finished.isoformat() if paper.finished else "an unknown date"
                return StatusChange(
                    paper, False, f"already done on {was}; nothing changed (--date changes it)"
                )
            _check_day_move(txn, paper, on, move_day)
            changed.finished = on
        elif open_reread:
            rereads[-1]["finished"] = when
        else:
            changed.finished = when
            if changed.started and changed.started > when:
                changed.started = when
    elif status is Status.READING:
        if paper.status is Status.READING:
            since = rereads[-1]["started"] if open_reread else paper.started
            if on is None or on == since:
                was = since.isoformat() if isinstance(since, date) else "an unknown date"
                return StatusChange(paper, False, f"already reading since {was}; nothing changed")
            if open_reread:
                rereads[-1]["started"] = on
            else:
                changed.started = on
        elif paper.finished is not None:
            rereads.append({"started": when})
        else:
            changed.started = when
    elif paper.status is status:
        return StatusChange(paper, False, f"already {status}; nothing changed")
    elif paper.status is Status.DONE:
        _check_day_move(txn, paper, None, move_day)
    changed.status = status
    txn.update(changed)
    message = None
    if status is Status.READING and paper.finished is not None and changed.rereads:
        message = f"reading it again (first read on {paper.finished.isoformat()})"
    return StatusChange(changed, True, message)


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


def merge_edit(base: Paper, current: Paper, edited: Paper, name: str) -> Paper:
    """`edited` (made from `base`) applied field by field onto `current`, the record as
    another command left it meanwhile. A field both changed, differently, is a conflict:
    InputError naming it, and nothing is merged."""
    before, now, wanted = base.to_dict(), current.to_dict(), edited.to_dict()
    merged = dict(now)
    conflicts = []
    for key in [*wanted, *(k for k in before if k not in wanted)]:
        mine = wanted.get(key)
        if mine == before.get(key):
            continue  # the user did not touch it: the other command's value stays
        if now.get(key) != before.get(key) and now.get(key) != mine:
            conflicts.append(key)
        elif key in wanted:
            merged[key] = mine
        else:
            merged.pop(key, None)
    if conflicts:
        raise InputError(
            f"{current.id} was changed while the editor was open ({', '.join(conflicts)}) and "
            "your edit changes the same field(s) differently; nothing saved. Edit it again"
        )
    return Paper.from_dict(merged)


def apply_edit(
    txn: Transaction, paper: Paper, text: str, name: str, base: Paper | None = None
) -> Paper | None:
    """Validate an edited record and store it. None when the edit was cancelled or changed
    nothing; InputError (with the reason) when it is invalid. `base` is the record the edit
    started from: when `paper` (the record now) differs, the edit is merged field by field."""
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
    for field_name in ("started", "finished"):
        value = getattr(edited, field_name)
        if value is not None and value != getattr(paper, field_name):
            check_not_future(value, f"{name}: {field_name}:")
    if base is not None and base != paper:
        if edited == base:
            return None
        edited = merge_edit(base, paper, edited, name)
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
    filters = filters or Filters()
    if filters.words:
        from readlist.match import check_ref_length

        check_ref_length(" ".join(filters.words), "query")
    if limit is not None and limit >= library.count():
        limit = None  # more than there is: all of them (and no number too big for SQLite)
    return select(library, filters, sort=sort, reverse=reverse, limit=limit, summaries=summaries)
