"""Papers on screen: the list (table, aligned text or JSON), one paper's record (`show`), search
hits, and the one-line summary the commands that change a paper print."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from readlist.models import Challenge, Paper, PaperSummary, Section, jsonable, shown_rows
from readlist.render.terminal import console, rich_wanted, write

STATUS_STYLE = {"todo": "white", "reading": "yellow", "done": "green", "skipped": "dim"}


def summary(paper: Paper) -> str:
    """'id  title': how a command names the paper it changed."""
    return f"{paper.id}  {paper.display_title}"


def papers_json(papers: Sequence[Paper]) -> str:
    return json.dumps([jsonable(p.to_dict()) for p in papers], ensure_ascii=False, indent=2) + "\n"


def paper_json(paper: Paper) -> str:
    """One record as `show --json` prints it: the object as it stands in `papers_json`."""
    return papers_json([paper]).strip()[1:-1].strip() + "\n"


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
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Status", no_wrap=True)
    table.add_column("Tags", style="magenta")
    table.add_column("Added", no_wrap=True, style="dim")
    for paper in papers:
        table.add_row(
            paper.id,
            Text(paper.display_title, style="italic" if paper.needs_title else ""),
            Text(str(paper.status), style=STATUS_STYLE.get(str(paper.status), "")),
            ", ".join(paper.tags),
            paper.added.isoformat() if paper.added else "",
        )
    return table


def print_papers(papers: Sequence[Any], total: int, *, as_json: bool = False) -> None:
    if as_json:
        write(papers_json(papers))
        return
    if not rich_wanted():
        write(papers_plain(papers))
        return
    out = console()
    if not papers:
        out.print("[dim]No papers match.[/dim]")
        return
    shown = f"{len(papers)} of {total}" if len(papers) < total else str(total)
    out.print(papers_table(papers, title=f"Reading list ({shown} papers)"))


def paper_fields(paper: Paper) -> list[tuple[str, str]]:
    """The fields `show` prints, in order, as (label, text)."""
    rows: list[tuple[str, str]] = [("Title", paper.display_title)]
    if paper.alias and paper.title:
        rows.append(("Also known as", paper.alias))
    if paper.needs_title:
        rows.append(("", "(title unknown: `readlist resolve` can find it)"))
    if paper.arxiv_title and paper.arxiv_title != paper.title:
        rows.append(("arXiv title", paper.arxiv_title))
    rows.append(("ID", paper.id))
    if paper.arxiv:
        version = f" (v{paper.version})" if paper.version else ""
        rows.append(("arXiv", paper.arxiv + version))
    if paper.link:
        rows.append(("Link", paper.link))
    rows.extend(shown_rows(paper, Section.ABOUT))
    status = str(paper.status)
    for label, value in (("started", paper.started), ("finished", paper.finished)):
        if value:
            status += f", {label} {value.isoformat()}"
    rows.append(("Status", status))
    rows.extend(shown_rows(paper, Section.READING))
    for key, value in paper.extra.items():
        rows.append((key, str(value)))
    rows.extend(shown_rows(paper, Section.LAST))
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

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column()
    for label, text in rows:
        grid.add_row(label, text)
    console().print(grid)


def print_search(hits: Sequence[tuple[Paper, float]], text: str, *, as_json: bool = False) -> None:
    """Search hits, best first, with their scores; says so when nothing matches."""
    if as_json:
        rows = [{"score": round(s, 1), **jsonable(p.to_dict())} for p, s in hits]
        write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        write(f"Nothing matches {text!r}.")
        return
    if not rich_wanted():
        write(
            "".join(
                f"{score:5.1f}  {p.id}  {p.status:<7}  {p.display_title}\n" for p, score in hits
            )
        )
        return
    from rich.table import Table

    table = Table(title="Search results", title_justify="left")
    table.add_column("Score", justify="right")
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Title")
    table.add_column("Status", no_wrap=True)
    for paper, score in hits:
        table.add_row(f"{score:.0f}", paper.id, paper.display_title, str(paper.status))
    console().print(table)
