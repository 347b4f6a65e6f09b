"""Papers on screen: the list (table, aligned text or JSON), one paper's record (`show`), search
hits, and the one-line summary the commands that change a paper print."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NamedTuple

from readlist.errors import UsageError
from readlist.models import Challenge, Paper, PaperSummary, Section, jsonable, shown_rows
from readlist.render.terminal import console, new_table, rich_wanted, write
from readlist.wording import visible

STATUS_STYLE = {"todo": "white", "reading": "yellow", "done": "green", "skipped": "dim"}


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


class Column(NamedTuple):
    """A column `list --columns` can show: its header and its text for a paper; `summary`
    when the index's summary rows hold it (no record needs loading)."""

    name: str
    header: str
    text: Callable[[Any], str]
    summary: bool = False


COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        Column("id", "ID", lambda p: p.id, summary=True),
        Column("status", "Status", lambda p: str(p.status), summary=True),
        Column("title", "Title", lambda p: p.display_title, summary=True),
        Column("tags", "Tags", lambda p: ", ".join(p.tags), summary=True),
        Column("added", "Added", lambda p: _date(p.added), summary=True),
        Column("started", "Started", lambda p: _date(p.started)),
        Column("finished", "Finished", lambda p: _date(p.finished)),
        Column("published", "Published", lambda p: _date(p.published)),
        Column("authors", "Authors", lambda p: ", ".join(p.authors)),
        Column("rating", "Rating", lambda p: str(p.rating or "")),
        Column("arxiv", "arXiv", lambda p: p.arxiv or ""),
        Column("categories", "Categories", lambda p: ", ".join(p.categories)),
        Column("link", "Link", lambda p: p.link or ""),
    )
}


class Columns(NamedTuple):
    """The columns chosen with --columns; empty: the usual view."""

    chosen: tuple[Column, ...] = ()

    @property
    def summaries(self) -> bool:
        return all(c.summary for c in self.chosen)


USUAL_COLUMNS = Columns()


def choose_columns(text: str | None) -> Columns:
    """`--columns id,title,authors`; UsageError naming a column that does not exist."""
    if text is None:
        return USUAL_COLUMNS
    chosen = []
    for word in (w.strip().lower() for w in text.split(",")):
        if word not in COLUMNS:
            close = difflib.get_close_matches(word, COLUMNS, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise UsageError(
                f"--columns: no column {word!r}{hint} (there are {', '.join(COLUMNS)})"
            )
        chosen.append(COLUMNS[word])
    return Columns(tuple(chosen))


def columns_plain(papers: Sequence[Any], columns: Columns) -> str:
    rows = [[c.text(p) for c in columns.chosen] for p in papers]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns.chosen))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        + "\n"
        for row in rows
    )


def columns_table(papers: Sequence[Any], columns: Columns, title: str) -> Any:

    table = new_table(title=title, title_justify="left")
    for column in columns.chosen:
        table.add_column(column.header, no_wrap=column.name in ("id", "status"))
    for paper in papers:
        table.add_row(*(c.text(paper) for c in columns.chosen))
    return table


def summary(paper: Paper) -> str:
    """'id  title': how a command names the paper it changed."""
    return f"{paper.id}  {paper.display_title}"


def papers_json(papers: Sequence[Paper]) -> str:
    """The one JSON shape of papers (`list --json`, and every command that changes or shows
    papers): an array of their records, each with the YAML's keys in the YAML's order."""
    return json.dumps([jsonable(p.to_dict()) for p in papers], ensure_ascii=False, indent=2) + "\n"


def annotated_json(rows: Sequence[tuple[dict[str, Any], Paper]]) -> str:
    """Papers' records with what a command says about each put first (search's `score`,
    next's `score` and `reasons`, news's `news`): the shape of `papers_json` otherwise."""
    return (
        json.dumps(
            [{**extra, **jsonable(p.to_dict())} for extra, p in rows], ensure_ascii=False, indent=2
        )
        + "\n"
    )


def print_changed(
    papers: Sequence[Paper], lines: Sequence[str], *, as_json: bool, quiet: bool
) -> None:
    """What a command that changes papers prints: `lines` saying what it did, or the papers'
    records as JSON (the shape of `list --json`), or nothing when `quiet`."""
    if as_json:
        write(papers_json(papers))
    elif lines and not quiet:
        write("\n".join(lines))


def did_you_mean(papers: Sequence[Paper], width: int = 40) -> str:
    """'2208.12242 (DreamBooth: Fine Tuning…) or pali (PaLI: …)': papers to suggest."""
    named = []
    for paper in papers:
        title = paper.display_title
        short = title if len(title) <= width else title[: width - 1].rstrip() + "…"
        named.append(f"{paper.id} ({short})")
    return " or ".join(named)


def choice_menu(ref: str, candidates: Sequence[str]) -> str:
    """The numbered candidates of an ambiguous REF."""
    lines = [f"{ref!r} matches several papers:"]
    lines.extend(f"  {number}) {line}" for number, line in enumerate(candidates, 1))
    return "\n".join(lines)


def papers_plain(papers: Sequence[Paper | PaperSummary]) -> str:
    """One line per paper: id, status, title, [tags]. Columns aligned, nothing cut."""
    if not papers:
        return ""
    width = min(max(len(p.id) for p in papers), 40)
    lines = []
    for paper in papers:
        tags = f"  [{', '.join(paper.tags)}]" if paper.tags else ""
        lines.append(f"{paper.id:<{width}}  {paper.status:<7}  {paper.display_title}{tags}")
    return "\n".join(lines) + "\n"


def papers_table(papers: Sequence[Paper | PaperSummary], title: str | None = None) -> Any:
    from rich.text import Text

    table = new_table(title=title, title_justify="left", expand=False, show_lines=False)
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Status", no_wrap=True)
    table.add_column("Tags", style="magenta")
    table.add_column("Added", no_wrap=True, style="dim")
    for paper in papers:
        table.add_row(
            Text(visible(paper.id)),
            Text(visible(paper.display_title), style="italic" if paper.needs_title else ""),
            Text(str(paper.status), style=STATUS_STYLE.get(str(paper.status), "")),
            Text(visible(", ".join(paper.tags))),
            paper.added.isoformat() if paper.added else "",
        )
    return table


def print_papers(
    papers: Sequence[Any], total: int, *, as_json: bool = False, columns: Columns = USUAL_COLUMNS
) -> None:
    """`list`: the papers as JSON, aligned text, or a table (the chosen columns, or the usual
    ones). Nothing at all when there are none: the command says so on stderr."""
    if as_json:
        write(papers_json(papers))
        return
    if not papers:
        return
    if not rich_wanted():
        write(columns_plain(papers, columns) if columns.chosen else papers_plain(papers))
        return
    shown = f"{len(papers)} of {total}" if len(papers) < total else str(total)
    title = f"Reading list ({shown} papers)"
    if columns.chosen:
        console().print(columns_table(papers, columns, title))
    else:
        console().print(papers_table(papers, title=title))


def paper_fields(paper: Paper) -> list[tuple[str, str]]:
    """The fields `show` prints, in order, as (label, text): the field table's sections, with
    the keys readlist does not know before the last."""
    rows: list[tuple[str, str]] = []
    for section in Section:
        if section is Section.LAST:
            rows.extend((key, str(value)) for key, value in paper.extra.items())
        rows.extend(shown_rows(paper, section))
    return rows


def challenge_rows(paper: Paper, challenges: Sequence[Challenge]) -> list[tuple[str, str]]:
    """A 'Challenge' row for each challenge that plans `paper`."""
    rows = []
    for challenge in challenges:
        entry = challenge.entry_for_paper(paper.id)
        if entry:
            rows.append(("Challenge", f"{challenge.name}, day {entry.day} of {challenge.days}"))
    return rows


def print_paper(paper: Paper, challenges: Sequence[Challenge] = ()) -> None:
    """`show`: the record's fields, with the challenges that plan it after the title."""
    rows = paper_fields(paper)
    rows[1:1] = challenge_rows(paper, challenges)
    if not rich_wanted():
        width = max(len(label) for label, _ in rows)
        write("".join(f"{label:<{width}}  {text}\n" for label, text in rows))
        return
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column()
    for label, text in rows:
        grid.add_row(Text(visible(label)), Text(visible(text)))
    console().print(grid)


def print_search(hits: Sequence[tuple[Paper, float]], *, as_json: bool = False) -> None:
    """Search hits, best first, with their scores (nothing at all when there are none: the
    command says so on stderr)."""
    if as_json:
        write(annotated_json([({"score": round(s, 1)}, p) for p, s in hits]))
        return
    if not hits:
        return
    if not rich_wanted():
        write(
            "".join(
                f"{score:5.1f}  {p.id}  {p.status:<7}  {p.display_title}\n" for p, score in hits
            )
        )
        return
    from rich.text import Text

    table = new_table(title="Search results", title_justify="left")
    table.add_column("Score", justify="right")
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Title")
    table.add_column("Status", no_wrap=True)
    for paper, score in hits:
        table.add_row(
            f"{score:.0f}",
            Text(visible(paper.id)),
            Text(visible(paper.display_title)),
            str(paper.status),
        )
    console().print(table)
