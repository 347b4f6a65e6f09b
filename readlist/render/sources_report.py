"""What the commands that ask several sources print: `news` (what changed since you finished
a paper), `enrich` (the Semantic Scholar and Crossref fields filled) and `next` (what to read,
with why). Each report becomes an Outcome; the CLI prints it and raises its error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from readlist.errors import Interrupted, NotFoundError
from readlist.render.arxiv_report import continue_command
from readlist.render.terminal import Outcome

if TYPE_CHECKING:
    from readlist.enrich import EnrichReport
    from readlist.models import Paper
    from readlist.news import NewsReport
    from readlist.suggest import Suggestion


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


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
    out.lines.append(f"{summary} ({_asked(report.requests, report.cached)}).")
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


def _asked(requests: dict[str, int], cached: int) -> str:
    parts = [f"{_plural(n, 'request')} to {name}" for name, n in requests.items()]
    if cached:
        parts.append(f"{_plural(cached, 'answer')} from the cache")
    return ", ".join(parts) or "nothing asked"


def _what(paper: Paper) -> str:
    """What a paper has from Semantic Scholar and Crossref, in a few words."""
    bits = []
    if paper.citations is not None:
        bits.append(_plural(paper.citations, "citation"))
    if paper.venue:
        bits.append(paper.venue + (f" {paper.year}" if paper.year else ""))
    if paper.tldr:
        bits.append("TLDR")
    if paper.oa_pdf:
        bits.append("open-access PDF")
    return "; ".join(bits)


def enrich_outcome(report: EnrichReport) -> Outcome:
    """`enrich`: the papers filled, then a summary; what was not found or not asked, and the
    error, if any is left."""
    from readlist.errors import NotFoundError

    if report.asked == 0:
        if report.named and report.without_id:
            return Outcome(
                error=NotFoundError(
                    f"nothing to ask about: {', '.join(report.without_id[:10])} "
                    "has no arXiv id or DOI (`readlist resolve` finds arXiv ids)"
                )
            )
        return Outcome(
            [
                "Nothing to enrich: every paper with an id has been asked about (--refresh asks "
                "again)."
            ]  # fmt: skip
        )
    out = Outcome([f"Enriched {p.id}  {p.display_title}: {_what(p)}" for p in report.filled])
    answered = len(report.filled) + report.unchanged
    out.lines.append(
        f"Saved the Semantic Scholar and Crossref metadata of {len(report.filled)} of "
        f"{report.asked} papers, {report.unchanged} unchanged "
        f"({_asked(report.requests, report.cached)})."
    )
    if report.missing:
        shown = ", ".join(paper_id for paper_id, _ in report.missing[:10])
        more = f" and {len(report.missing) - 10} more" if len(report.missing) > 10 else ""
        out.warnings.append(f"Semantic Scholar does not know: {shown}{more}")
    out.warnings.extend(f"{paper_id}: {why}" for paper_id, why in report.conflicts)
    if report.without_id:
        out.warnings.append(
            f"no arXiv id or DOI to ask by: {', '.join(report.without_id[:10])}"
            + (f" and {len(report.without_id) - 10} more" if len(report.without_id) > 10 else "")
        )
    left = [paper_id for paper_id, _ in report.not_fetched]
    again = continue_command(
        "enrich", left, refresh=report.refresh, named=report.named, on=report.on
    )
    if report.interrupted:
        out.error = Interrupted(
            f"interrupted: the {answered} papers answered are saved and the list is whole; "
            f"{len(left)} not asked yet (`{again}` continues)"
        )
    elif report.error is not None:
        out.error = type(report.error)(
            f"{report.error.message}; {answered} papers saved, "
            f"{len(left)} not asked yet (`{again}` continues)"
        )
    elif answered == 0 and report.missing:
        out.error = NotFoundError("Semantic Scholar knows none of these papers")
    return out
