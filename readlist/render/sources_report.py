"""What the commands that ask several sources print: `news` (what changed since you finished
a paper), `enrich` (the Semantic Scholar and Crossref fields filled) and `next` (what to read,
with why). Each report becomes an Outcome; the CLI prints it and raises its error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from readlist.errors import Interrupted, NotFoundError
from readlist.render.terminal import Outcome

if TYPE_CHECKING:
    from readlist.news import NewsReport
    from readlist.suggest import Suggestion


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _requests(requests: int, cached: int) -> str:
    note = _plural(requests, "request")
    return note + (f", {_plural(cached, 'answer')} from the cache" if cached else "")


def news_outcome(report: NewsReport, tag: str | None) -> Outcome:
    """`news`: each paper with news and what changed, then a summary line."""
    if report.checked == 0:
        return Outcome(["No finished papers to check: `readlist done REF` marks one as read."])
    out = Outcome()
    for item in report.news:
        paper = item.paper
        when = f", finished {paper.finished.isoformat()}" if paper.finished else ""
        out.lines.append(f"{paper.id}  {paper.display_title}{when}")
        out.lines.extend(f"  {change.kind}: {change.text}" for change in item.changes)
    checked = report.checked - len(report.not_checked) - len(report.without_id)
    has = _plural(len(report.news), "paper") + (" has" if len(report.news) == 1 else " have")
    summary = f"Checked {_plural(checked, 'finished paper')}: {has} news"
    out.lines.append(f"{summary} ({_requests(report.requests, report.cached)}).")
    if report.news and not tag:
        out.lines.append(
            "`readlist news --tag` tags them reread; `readlist fetch --refresh REF` takes "
            "the new metadata."
        )
    if report.tagged:
        out.lines.append(f"Tagged {_plural(len(report.tagged), 'paper')} {tag}.")
    if report.without_id:
        out.warnings.append(
            f"no arXiv id or DOI to ask about: {', '.join(report.without_id[:10])}"
            + (f" and {len(report.without_id) - 10} more" if len(report.without_id) > 10 else "")
            + " (`readlist resolve` finds arXiv ids)"
        )
    if report.interrupted:
        out.error = Interrupted("interrupted; nothing was changed (`readlist news` asks again)")
    elif report.error is not None:
        out.error = type(report.error)(
            f"{report.error.message}; not checked ({len(report.not_checked)}): "
            + ", ".join(report.not_checked[:10])
        )
    return out


def next_outcome(suggestions: list[Suggestion], tag: str | None) -> Outcome:
    """`next`: the papers to read, best first, each with its score and why."""
    if not suggestions:
        if tag:
            return Outcome(
                error=NotFoundError(
                    f"no paper to read is tagged {tag!r}; `readlist list --tag {tag}` shows what is"
                )
            )
        return Outcome(["Nothing to read: every paper is done or skipped (`readlist add`)."])
    out = Outcome()
    width = len(str(len(suggestions)))
    for rank, item in enumerate(suggestions, start=1):
        paper = item.paper
        out.lines.append(f"{rank:>{width}}. {paper.id}  {paper.display_title}")
        points = "plan" if item.planned else f"{item.score:g}"
        why = "; ".join(item.reasons) or "in the queue (no citations, date or tags to go by)"
        out.lines.append(f"{' ' * (width + 2)}{points}: {why}")
    return out
