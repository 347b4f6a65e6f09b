"""The reading list as GitHub-flavoured Markdown in the "readlist dialect" (see
docs/export-format.md): a summary, papers as task-list items grouped by status, tag or
challenge, and each challenge as a Day | Date | Paper | Status table. Pure text out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from readlist.export import GROUPINGS
from readlist.models import PAPER_FIELDS, Challenge, FieldSpec, InMarkdown, Paper, Status
from readlist.progress import BreakSpan, ChallengeProgress, DayEntry, Phase, challenge_progress

MAGIC_LINE = "<!-- readlist export: markdown v1 -->"
SEPARATOR = " · "
GAP = "—"
UNTITLED = "*Untitled:* "
UNTITLED_WORDS = 8
# Up to this many authors are named in full; longer lists become "first two et al.".
AUTHORS_IN_FULL = 3

# The headings of --group-by status, in reading order: what is on the desk first.
STATUS_GROUPS = (
    (Status.READING, "Reading"),
    (Status.TODO, "To read"),
    (Status.DONE, "Done"),
    (Status.SKIPPED, "Skipped"),
)


# str.translate tables: the escaping runs over every abstract of a long list.
_INLINE_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~!"} | {"&": "&amp;"})
_BLOCK_ESCAPES = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]|#~!"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_WEB_LINK = re.compile(r"^https?://\S", re.IGNORECASE)
# What would turn the start of a paragraph into a list item or a rule.
_BLOCK_START = re.compile(r"^(?:[-+]|\d{1,9}(?=[.)]))")


def escape_inline(text: str) -> str:
    """Text made safe for a list item, link text or table cell: whitespace collapsed to single
    spaces, Markdown specials backslash-escaped (so `|` cannot end a table cell and `<` cannot
    open HTML), `&` written as `&amp;`."""
    return " ".join(text.split()).translate(_INLINE_ESCAPES)


def escape_block(text: str) -> str:
    """One paragraph of text for inside <details>: whitespace collapsed, `& < >` as HTML
    entities, the other specials backslash-escaped, and a leading list or heading marker
    escaped so the paragraph stays a paragraph."""
    escaped = " ".join(text.split()).translate(_BLOCK_ESCAPES)
    marker = _BLOCK_START.match(escaped)
    if marker:
        # A leading "-", "+" or "1." could open a list or draw a rule ("---"): escape it.
        end = marker.end()
        if escaped[:end].isdigit():
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped


def link_target(paper: Paper) -> str | None:
    """Where the paper's title links to: its arXiv page, else its URL when that is a web
    address (a `javascript:` or `data:` URL is never made a link), made safe as a link
    destination (no spaces, angle brackets or parentheses)."""
    link = (paper.link or "").strip()
    if not _WEB_LINK.match(link):
        return None
    safe = []
    for char in link:
        if char.isspace() or char in "<>()" or ord(char) < 0x20:
            safe.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
        else:
            safe.append(char)
    return "".join(safe)


def title_label(paper: Paper) -> str:
    """The escaped title, or for an untitled paper `*Untitled:* ` and the first words of its
    abstract (else its short name, else its id)."""
    if paper.title:
        return escape_inline(paper.title)
    if paper.abstract:
        words = paper.abstract.split()[:UNTITLED_WORDS]
        return UNTITLED + escape_inline(" ".join(words)) + "…"
    return UNTITLED + escape_inline(paper.alias or paper.arxiv or paper.id)


def authors_text(authors: Sequence[str]) -> str:
    if len(authors) <= AUTHORS_IN_FULL:
        return ", ".join(escape_inline(a) for a in authors)
    return ", ".join(escape_inline(a) for a in authors[:2]) + " et al."


def _part(spec: FieldSpec, value: Any) -> str:
    """A field as a part of the item line (an InMarkdown of the line)."""
    if spec.markdown is InMarkdown.PEOPLE:
        return authors_text(value)
    if isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, list):
        text = ", ".join(escape_inline(item) for item in value)
    else:
        text = escape_inline(str(value))
    return f"{spec.name}: {text}" if spec.markdown is InMarkdown.NAMED else text


def _details(label: str, text: str) -> list[str]:
    """A paragraph folded in <details> under the item."""
    return [
        f"  <details><summary>{label}</summary>",
        "",
        f"  {escape_block(text)}",
        "",
        "  </details>",
    ]


def _quote(label: str, text: str) -> list[str]:
    """The text as a quote inside the item: visible without a click, and not a <details>
    block, which readers of the format take for the abstract."""
    paragraphs = [escape_block(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    lines = ["", f"  > **{label}:** {paragraphs[0]}"]
    for paragraph in paragraphs[1:]:
        lines.extend(["  >", f"  > {paragraph}"])
    return lines


_LINE_PARTS = (InMarkdown.PEOPLE, InMarkdown.DATE, InMarkdown.NAMED)
# The field table's Markdown fields, in the order the item writes them.
ITEM_FIELDS = tuple(spec for place in InMarkdown for spec in PAPER_FIELDS if spec.markdown is place)


def paper_item(paper: Paper) -> list[str]:
    """A paper as one task-list item line (its linked title, status, then the table's line
    parts), then the paragraphs under it (its abstract folded in <details>, its notes as a
    quote)."""
    box = "[x]" if paper.status is Status.DONE else "[ ]"
    label = title_label(paper)
    target = link_target(paper)
    title = f"[{label}]({target})" if target else label
    parts = [title, f"**{paper.status}**"]
    below: list[str] = []
    for spec in ITEM_FIELDS:
        value = getattr(paper, spec.name)
        if not value or (isinstance(value, str) and not value.strip()):
            continue
        if spec.markdown in _LINE_PARTS:
            parts.append(_part(spec, value))
        else:
            heading = spec.shown.label if spec.shown else spec.name
            block = _details if spec.markdown is InMarkdown.DETAILS else _quote
            below.extend(block(heading, value))
    return [f"- {box} " + SEPARATOR.join(parts), *below]


def day_date(entry: DayEntry) -> str:
    """The day's date: when it was done, else when it is scheduled; "~" marks a done day whose
    date is unknown (estimated on its schedule)."""
    return ("~" if entry.date_estimated else "") + entry.date.isoformat()


def challenge_table(progress: ChallengeProgress, known: Mapping[str, Paper]) -> list[str]:
    """Day | Date | Paper | Status for every day 1..N; a day with no paper is a gap ("—")."""
    lines = ["| Day | Date | Paper | Status |", "| ---: | --- | --- | --- |"]
    for row in progress.rows():
        if isinstance(row, BreakSpan):
            lines.append(f"|  | {row.paused.isoformat()} | *{row.row_text()}* | break |")
            continue
        entry = row
        paper = known.get(entry.paper) if entry.paper else None
        if paper is not None:
            # Its display title, as `readlist progress` shows it (the table is for readers;
            # ingest reads the items).
            paper_text = escape_inline(paper.display_title)
        elif entry.paper is not None:
            paper_text = escape_inline(entry.paper) + " (not in the list)"
        else:
            paper_text = GAP
        cells = [str(entry.day), day_date(entry), paper_text, str(entry.status)]
        # Cells are padded with spaces so an escaped trailing backslash never touches the pipe.
        lines.append("|" + "|".join(f" {cell} " for cell in cells) + "|")
    return lines


def challenge_title(challenge: Challenge) -> str:
    name = escape_inline(challenge.name)
    tag = (challenge.hashtag or "").lstrip("#")
    if tag and tag.casefold() != challenge.name.lstrip("#").casefold():
        return f"{name} ({escape_inline('#' + tag)})"
    return name


def progress_line(progress: ChallengeProgress) -> str:
    """`10 of 30 days done (33.3%) · 2023-01-02 to 2023-02-15 · finished · 1 break`."""
    parts = [
        f"{progress.done} of {progress.days} {'days' if progress.goal == 'daily' else 'papers'} "
        f"done ({progress.percent:g}%)",
        f"{progress.start.isoformat()} to {progress.end.isoformat()}",
    ]
    if progress.today_day is not None and progress.phase is Phase.RUNNING:
        parts.append(f"day {progress.today_day} today")
    elif progress.phase is Phase.UPCOMING:
        parts.append("not started")
    else:
        parts.append(str(progress.phase))  # paused, finished or complete
    if progress.breaks:
        count = len(progress.breaks)
        parts.append(f"{count} break" + ("" if count == 1 else "s"))
    return SEPARATOR.join(parts)


def _summary(
    papers: Sequence[Paper], challenges: Sequence[Challenge], facts: Sequence[ChallengeProgress]
) -> list[str]:
    counts = dict.fromkeys(Status, 0)
    for paper in papers:
        counts[paper.status] += 1
    noun = "paper" if len(papers) == 1 else "papers"
    by_status = [f"{counts[s]} {s}" for s, _ in STATUS_GROUPS if counts[s]]
    lines = [SEPARATOR.join([f"**{len(papers)} {noun}**", *by_status]), ""]
    for challenge, progress in zip(challenges, facts, strict=True):
        lines.extend([f"**{challenge_title(challenge)}**: {progress_line(progress)}", ""])
    return lines


def _section(heading: str, papers: Sequence[Paper]) -> list[str]:
    lines = [f"## {heading} ({len(papers)})", ""]
    for paper in papers:
        lines.extend(paper_item(paper))
    lines.append("")
    return lines


def _by_status(papers: Sequence[Paper]) -> list[str]:
    lines: list[str] = []
    for status, heading in STATUS_GROUPS:
        group = [p for p in papers if p.status is status]
        if group:
            lines.extend(_section(heading, group))
    return lines


def _by_tag(papers: Sequence[Paper]) -> list[str]:
    """Each paper once, under its first tag (so it appears exactly once as a link, and an
    ingest of the file sees each paper once); untagged papers last."""
    groups: dict[str, list[Paper]] = {}
    untagged: list[Paper] = []
    for paper in papers:
        if paper.tags:
            groups.setdefault(paper.tags[0], []).append(paper)
        else:
            untagged.append(paper)
    lines: list[str] = []
    for tag in sorted(groups, key=lambda t: (t.casefold(), t)):
        lines.extend(_section(escape_inline(tag), groups[tag]))
    if untagged:
        lines.extend(_section("Untagged", untagged))
    return lines


def _challenge_section(progress: ChallengeProgress, known: Mapping[str, Paper]) -> list[str]:
    return [progress_line(progress), "", *challenge_table(progress, known), ""]


def _by_challenge(
    papers: Sequence[Paper],
    challenges: Sequence[Challenge],
    facts: Sequence[ChallengeProgress],
    known: Mapping[str, Paper],
) -> list[str]:
    """A section per challenge (progress, table, then its papers day by day), then the papers
    on no challenge. A paper on several challenges is listed under the first."""
    exported = {p.id: p for p in papers}
    placed: set[str] = set()
    lines: list[str] = []
    for challenge, progress in zip(challenges, facts, strict=True):
        lines.extend([f"## {challenge_title(challenge)}", ""])
        lines.extend(_challenge_section(progress, known))
        for entry in progress.entries:
            paper = exported.get(entry.paper or "")
            if paper is None or paper.id in placed:
                continue
            placed.add(paper.id)
            lines.extend([f"### Day {entry.day}{SEPARATOR}{day_date(entry)}", ""])
            lines.extend(paper_item(paper))
            lines.append("")
    rest = [p for p in papers if p.id not in placed]
    if rest:
        lines.extend(_section("Not in a challenge", rest))
    return lines


def render(
    papers: Sequence[Paper],
    challenges: Sequence[Challenge],
    today: date,
    *,
    group_by: str = "status",
    known: Mapping[str, Paper] | None = None,
) -> str:
    """The Markdown document. `papers` are listed as items, in the order given; `known` holds
    every paper the challenges name (default: `papers`), so a challenge table stays whole
    when the papers are filtered."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {GROUPINGS}, got {group_by!r}")
    lookup = known if known is not None else {p.id: p for p in papers}
    facts = [challenge_progress(c, lookup, today) for c in challenges]
    lines = [MAGIC_LINE, "", "# Reading list", ""]
    lines.extend(_summary(papers, challenges, facts))
    if group_by == "challenge":
        lines.extend(_by_challenge(papers, challenges, facts, lookup))
    else:
        if group_by == "status":
            lines.extend(_by_status(papers))
        elif group_by == "tag":
            lines.extend(_by_tag(papers))
        elif papers:
            lines.extend(_section("Papers", papers))
        if challenges:
            lines.extend(["## Challenges", ""])
            for challenge, progress in zip(challenges, facts, strict=True):
                lines.extend([f"### {challenge_title(challenge)}", ""])
                lines.extend(_challenge_section(progress, lookup))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
