"""What the arXiv commands print: the outcome of `fetch` (and of the fetch after `add`), and the
proposals of `resolve`. Each report becomes lines for stdout, warnings for stderr, and the error
the command ends with, if any; the CLI prints the first two and raises the third."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from readlist.errors import Interrupted, NotFoundError, UsageError
from readlist.render.terminal import Outcome

if TYPE_CHECKING:
    from readlist.arxiv_metadata import (
        ApplyReport,
        FetchReport,
        Proposal,
        ResolveReport,
        SearchPlan,
    )
    from readlist.models import Paper

MAX_LISTED = 20


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _listing(pairs: Sequence[tuple[str, str]]) -> list[str]:
    lines = [
        paper_id if paper_id == arxiv_id else f"{paper_id} (arXiv {arxiv_id})"
        for paper_id, arxiv_id in pairs[:MAX_LISTED]
    ]
    if len(pairs) > MAX_LISTED:
        lines.append(f"... and {len(pairs) - MAX_LISTED} more")
    return lines


def _requests_note(requests: int, cached: int) -> str:
    parts = [f"{_plural(requests, 'request')} to arXiv"]
    if cached:
        parts.append(f"{_plural(cached, 'answer')} from the cache")
    return ", ".join(parts)


def fetch_outcome(report: FetchReport, *, refresh: bool) -> Outcome:
    """`fetch`: the papers filled, the ids that are wrong, and the error if any is left."""
    if report.asked == 0:
        return Outcome(
            [
                "Nothing to fetch: every paper with an arXiv id has its metadata "
                "(--refresh asks again)."
                if not refresh
                else "Nothing to fetch: no paper has an arXiv id."
            ]
        )
    out = Outcome([f"Fetched {paper.id}  {paper.display_title}" for paper in report.filled])
    if report.filled:
        note = _requests_note(report.requests, report.cached)
        out.lines.append(
            f"Saved the arXiv metadata of {len(report.filled)} of {report.asked} papers ({note})."
        )
    out.warnings = [
        f"{paper_id} not fetched: {why}; fix it with `readlist edit {paper_id}`"
        for paper_id, why in report.malformed
    ]
    if report.interrupted:
        out.error = Interrupted(
            f"interrupted: the {len(report.filled)} papers fetched are saved and the list is "
            f"whole; {len(report.not_fetched)} not fetched yet (`{continue_fetch(report)}` "
            "continues)",
            _listing(report.not_fetched),
        )
    elif report.error is not None:
        if report.missing:
            out.warnings.append(f"arXiv does not know: {', '.join(_listing(report.missing))}")
        kept = f"; {len(report.filled)} fetched and saved" if report.filled else ""
        again = f" (`{continue_fetch(report)}` continues)" if report.filled else ""
        out.error = type(report.error)(
            f"{report.error.message}{kept}; not fetched ({len(report.not_fetched)}){again}:",
            _listing(report.not_fetched),
        )
    elif report.malformed and not report.missing:
        out.error = UsageError(
            f"{len(report.malformed)} papers have an invalid arXiv id (see above)"
        )
    elif report.missing:
        first = report.missing[0][0]
        out.error = NotFoundError(
            f"arXiv does not know {len(report.missing)} of these ids; check them "
            f"(`readlist edit {first}`):",
            _listing(report.missing),
        )
    return out


def continue_fetch(report: FetchReport) -> str:
    """The command that asks for what an unfinished fetch left, and nothing it did."""
    left = [paper_id for paper_id, _ in report.not_fetched]
    return continue_command("fetch", left, refresh=report.refresh, named=report.named, on=report.on)


def continue_command(
    command: str, left: Sequence[str], *, refresh: bool, named: bool, on: date | None
) -> str:
    """The command that goes on with what an unfinished `command` (fetch, enrich) left: the
    papers named again, or for a --refresh of all, those not asked about since the day it ran."""
    again = " --refresh" if refresh else ""
    if named:
        return f"readlist {command}{again} {' '.join(left[:MAX_LISTED])}"
    if refresh and on is not None:
        return f"readlist {command} --refresh --not-since {on.isoformat()}"
    return f"readlist {command}"


def added_outcome(report: FetchReport, papers: Sequence[Paper]) -> Outcome:
    """The quick fetch after `add`: what was filled, or how to fill it later."""
    out = Outcome()
    for filled in report.filled:
        authors = f", {len(filled.authors)} authors" if filled.authors else ""
        out.lines.append(f"Fetched {filled.display_title}{authors}")
    done = {p.id for p in report.filled}
    pending = [p for p in papers if p.id not in done]
    if not pending:
        return out
    out.lines.append("metadata pending: run `readlist fetch`")
    if report.interrupted:
        ids = ", ".join(p.id for p in pending)
        whose = "is added, its" if len(pending) == 1 else "are added, their"
        out.error = Interrupted(f"interrupted; {ids} {whose} metadata is pending")
    elif report.missing:
        out.warnings.extend(
            f"arXiv does not know {arxiv} (yet); check the id" for _, arxiv in report.missing
        )
    elif report.error is not None:
        out.warnings.append(f"no metadata now: {report.error.message}")
    return out


def plan_line(plan: SearchPlan) -> str:
    """What a resolve will ask, said before its first request."""
    requests = _plural(plan.first, "request")
    if plan.most > plan.first:
        requests += f", up to {plan.most} if some papers need another search"
    if plan.delay > 0:
        took = f"about {_duration(plan.first * plan.delay)}"
        if plan.most > plan.first:
            took += f", at most {_duration(plan.most * plan.delay)}"
        requests += f"; {took} at one request every {plan.delay:g} s"
    return f"Searching arXiv for {_plural(plan.papers, 'paper')}: {requests}."


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{math.ceil(seconds)} s"
    return f"{math.ceil(seconds / 60)} min"


def _proposal_line(proposal: Proposal) -> str:
    record = proposal.record
    return (
        f"  {proposal.score:5.1f}  {proposal.paper_id} -> {record.arxiv_id}  "
        f"{record.title}  ({proposal.basis})"
    )


def resolve_lines(report: ResolveReport) -> list[str]:
    """`resolve`'s findings: matches, near misses, duplicates, papers with no match."""
    threshold = f"{report.threshold:g}"
    lines = [f"Skipped {paper_id}: {why}." for paper_id, why in report.skipped]
    if report.accepted:
        lines.append(f"Matches (score >= {threshold}):")
        lines.extend(_proposal_line(proposal) for proposal in report.accepted)
    if report.near_misses:
        lowest = min(p.score for p in report.near_misses)
        lines.append(
            f"Close, but below {threshold} (not applied; check them, then --threshold "
            f"{int(lowest)} or `readlist edit` accepts them):"
        )
        lines.extend(_proposal_line(proposal) for proposal in report.near_misses)
    if report.duplicates:
        lines.append("Already in the list (not applied):")
        lines.extend(
            f"{_proposal_line(proposal)}  is {proposal.duplicate_of}"
            for proposal in report.duplicates
        )
    if report.no_match:
        lines.append(f"No match on arXiv for: {', '.join(report.no_match)}")
    searched = (
        len(report.accepted)
        + len(report.near_misses)
        + len(report.duplicates)
        + len(report.no_match)
    )
    if searched:
        note = _requests_note(report.requests, report.cached)
        lines.append(f"Searched for {_plural(searched, 'paper')} ({note}).")
    elif not report.skipped and not report.not_searched:
        lines.append("Nothing to resolve: every paper has an arXiv id.")
    return lines


def resolve_question(report: ResolveReport) -> str:
    count = len(report.accepted)
    whom = "this paper its" if count == 1 else f"these {count} papers their"
    return f"Give {whom} arXiv id?"


def applied_outcome(applied: ApplyReport) -> Outcome:
    """The ids `resolve` gave, and the papers it left alone."""
    return Outcome(
        [
            f"Resolved {done.old_id} -> {done.paper.id}  {done.paper.display_title}"
            for done in applied.applied
        ],
        [f"{paper_id} not changed: {why}" for paper_id, why in applied.skipped],
    )


def resolve_interrupted() -> Interrupted:
    return Interrupted(
        "interrupted; nothing was changed (answers so far are cached: run `readlist resolve` again)"
    )
