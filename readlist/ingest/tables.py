"""Tables with a header row (CSV files, Markdown tables, spreadsheet rows pasted in a thread):
which column means what, and one row as a Candidate."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from readlist.dates import parse_date
from readlist.ids import arxiv_in, looks_like_arxiv, urls_in
from readlist.ingest.candidate import Candidate, ChallengeRef
from readlist.ingest.entry_text import (
    clean_abstract,
    clean_title,
    collapse,
    has_sentences,
    looks_like_names,
    parse_status,
    reads_like_title,
    title_or_alias,
    unescape,
    without_numbering,
    without_short_name,
)
from readlist.models import SITE_KEYS, Status

# Header words (normalised: lower case, "_" and "-" as spaces) and the field each one fills.
_ROLES: dict[str, tuple[str, ...]] = {
    "id": ("id", "key", "citation key", "bibtex key"),
    "title": ("title", "paper title", "article title", "article", "paper name", "full title"),
    "name": ("name",),
    "alias": ("alias", "short name", "nickname", "abbreviation", "acronym"),
    "paper": ("paper",),
    "link": (
        "link",
        "url",
        "paper link",
        "paper url",
        "pdf",
        "pdf link",
        "pdf url",
        "href",
        "arxiv link",
        "arxiv url",
        "abs",
    ),
    "arxiv": ("arxiv", "arxiv id", "eprint", "arxiv number", "arxiv no"),
    "status": ("status", "state", "progress", "read status", "reading status", "read?"),
    "added": ("added", "date added", "added on"),
    "started": ("started", "date started", "started on", "start date"),
    "finished": (
        "finished",
        "date finished",
        "finished on",
        "date read",
        "read on",
        "completed",
        "completed on",
        "done on",
    ),
    "date": ("date", "when"),
    "tags": ("tags", "tag", "keywords", "topics", "topic", "labels", "label"),
    "authors": ("authors", "author", "by"),
    "challenge": ("challenge",),
    "day": ("day", "day no", "day number", "day #", "#"),
    "published": ("published", "published on", "publication date"),
    "abstract": ("abstract", "summary"),
    "notes": ("notes", "note", "comment", "comments", "remarks"),
    "doi": ("doi",),
    # The sites' ids (readlist.ids.SITES), by the fields' own names and the usual others.
    "openreview": ("openreview", "openreview id", "openreview link", "openreview url"),
    "acl": ("acl", "acl id", "acl anthology", "anthology id", "acl anthology id"),
    "pmlr": ("pmlr", "pmlr id"),
    "dblp": ("dblp", "dblp key", "dblp id"),
    "pubmed": ("pubmed", "pmid", "pubmed id"),
    # Known columns readlist has no field for: recognised so that a header is read whole.
    "ignored": (
        "tweet",
        "tweet link",
        "tweet url",
        "thread",
        "thread link",
        "code",
        "code link",
        "github",
        "project page",
        "venue",
        "year",
        "conference",
        "journal",
        "rating",
        "score",
        "citations",
    ),
}
_ROLE_OF = {name: role for role, names in _ROLES.items() for name in names}
_IDENTIFYING = frozenset({"title", "name", "alias", "paper", "link", "arxiv", *SITE_KEYS})


def normalise_header(cell: str) -> str:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", unescape(cell).strip())  # PaperURL, arxivId
    text = spaced.strip("*_`").casefold().replace("_", " ").replace("-", " ")
    return collapse(text)


def is_header_name(cell: str) -> bool:
    """True for a column name readlist knows (including ones it has no field for)."""
    return normalise_header(cell) in _ROLE_OF


def header_roles(cells: Sequence[str]) -> dict[int, str] | None:
    """Column index -> role for a header row, or None when it is not one (no column that names
    a paper: title, name, link, arXiv id)."""
    roles: dict[int, str] = {}
    taken: set[str] = set()
    for position, cell in enumerate(cells):
        role = _ROLE_OF.get(normalise_header(cell))
        if role == "ignored":
            continue
        if role and role not in taken:
            roles[position] = role
            taken.add(role)
    if not taken & _IDENTIFYING:
        return None
    return roles


@dataclass
class Cell:
    """A table cell as read: its text (links by their text, emphasis marks gone), its links
    (text, url) and its bold part, if any."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    bold: str | None = None

    @classmethod
    def of(cls, raw: str) -> Cell:
        """A spreadsheet's cell; one holding Markdown or HTML links is read by the Markdown
        reader."""
        if "](" in raw or "<a " in raw.lower():
            from readlist.ingest.markdown import cell

            return cell(raw)
        return cls(raw)


def _is_url_cell(cell: str) -> bool:
    text = cell.strip()
    return text.startswith(("http://", "https://", "www.")) or looks_like_arxiv(text)


def _named_part(cell: Cell) -> str:
    """The part of a cell that names the paper: its bold part when it has one
    ('1) **GLIGEN: ...** - an approach that...'), else the cell without its numbering."""
    return cell.bold if cell.bold else without_numbering(cell.text)


def _shifted_title(read: Sequence[Cell], roles: dict[int, str]) -> str | None:
    """The title of a row whose title cell holds sentences (a remark shifted into it when a
    cell before was left out): the other cell that reads like a title, the longest."""
    others = [
        collapse(cell.text)
        for position, cell in enumerate(read)
        if roles.get(position) not in ("title", "authors", "year", "link", "arxiv", "doi")
        and reads_like_title(cell.text, min_words=4)
        and not has_sentences(cell.text)
    ]
    return max(others, key=len) if others else None


def candidate_from_row(
    cells: Sequence[str] | Sequence[Cell], roles: dict[int, str], source: str
) -> Candidate | None:
    """One table row as a Candidate; None for an empty row. A spreadsheet's cells are text;
    a Markdown table's are Cells, read by the Markdown reader."""
    markdown = any(isinstance(cell, Cell) for cell in cells)
    read = [cell if isinstance(cell, Cell) else Cell.of(cell) for cell in cells]
    if not any(cell.text.strip() for cell in read):
        return None
    cell_of: dict[str, Cell] = {}
    for position, role in roles.items():
        if position < len(read) and read[position].text.strip():
            cell_of[role] = read[position]
    values = {role: cell.text.strip() for role, cell in cell_of.items()}
    candidate = Candidate(source=source)
    links: list[str] = []

    paper_cell = cell_of.pop("paper", None)
    values.pop("paper", None)
    # "Name" beside a paper column is the reader when it holds a person's name.
    beside_paper = paper_cell is not None or "link" in values or "title" in values
    name = values.get("name", "")
    if beside_paper and looks_like_names(name) and len(name.split()) >= 2:
        del values["name"], cell_of["name"]
    if paper_cell is not None:
        # "Paper" holds a link in some sheets and the paper's (short) name in others.
        role = "link" if _is_url_cell(paper_cell.text) else "name"
        if role not in cell_of:
            cell_of[role], values[role] = paper_cell, paper_cell.text.strip()

    for role in ("title", "name", "alias"):
        if role not in cell_of:
            continue
        links.extend(url for _, url in cell_of[role].links)
        text = _named_part(cell_of[role])
        if role == "title":
            # A spreadsheet's title cell is taken as written (spacing tidied, a nickname after
            # it dropped).
            as_written = without_short_name(collapse(text))
            candidate.title = clean_title(text) if markdown else as_written or None
            if candidate.title and has_sentences(candidate.title):
                candidate.title = _shifted_title(read, roles) or candidate.title
        elif role == "alias":
            candidate.alias = clean_title(text)
        else:
            title, alias = title_or_alias(text)
            if "title" in values or candidate.title:
                candidate.alias = candidate.alias or clean_title(text)
            else:
                candidate.title, candidate.alias = title, candidate.alias or alias

    if "link" in cell_of:
        links.extend(url for _, url in cell_of["link"].links)
        text = cell_of["link"].text
        links.extend(urls_in(text) or [text.strip()])
    row = " ".join([cell.text for cell in read] + [url for cell in read for _, url in cell.links])
    _set_ids(candidate, values.get("arxiv"), links, row)
    for kind in SITE_KEYS:
        candidate.take_site_id(kind, values.get(kind))
    candidate.take_site_ids(links)

    status_text = values.get("status")
    status, understood = parse_status(status_text)
    if not understood:
        candidate.warnings.append(
            f"{source}: status {status_text!r} is not one of todo, reading, done, skipped "
            "(or read, to read...); kept as todo"
        )
    candidate.status = status
    candidate.added = _date(values, "added", candidate)
    candidate.started = _date(values, "started", candidate)
    candidate.finished = _date(values, "finished", candidate)
    candidate.published = _date(values, "published", candidate)
    when = _date(values, "date", candidate)
    if when is not None:
        # A sheet's one date is the day the entry was read, or started.
        if status is Status.DONE:
            candidate.finished = candidate.finished or when
        elif status is Status.READING:
            candidate.started = candidate.started or when
    if candidate.finished and candidate.status is None:
        candidate.status = Status.DONE
    if "tags" in values:
        candidate.tags = [t for t in (collapse(x) for x in re.split(r"[;,]", values["tags"])) if t]
    if "authors" in values:
        separator = ";" if ";" in values["authors"] else r",|\band\b"
        candidate.authors = [
            a for a in (collapse(x) for x in re.split(separator, values["authors"])) if a
        ]
    candidate.abstract = clean_abstract(values.get("abstract"))
    candidate.notes = values.get("notes") or None
    if "doi" in values and not candidate.arxiv:
        candidate.doi = values["doi"].strip()
    if not candidate.is_paper():
        named = f" ({values['id']})" if values.get("id") else ""
        candidate.problem = (
            f"a row{named} with no title, name, arXiv id, link or abstract: nothing identifies "
            "the paper"
        )
    if "challenge" in values and "day" in values:
        day = re.search(r"\d+", values["day"])
        name = values["challenge"].strip().lstrip("#")
        if day and name:
            candidate.challenge = ChallengeRef(name=name, day=int(day.group()))
    return candidate


def _set_ids(candidate: Candidate, arxiv_cell: str | None, links: list[str], row: str) -> None:
    if arxiv_cell and candidate.take_arxiv_id(
        arxiv_cell, f"arXiv id {arxiv_cell.strip()} is not valid"
    ):
        return
    for link in links:
        found, _raw, problem = arxiv_in(link)
        if found:
            candidate.arxiv, candidate.version = found.id, found.version
            return
        if problem and not candidate.notes:
            candidate.notes = problem
    if not candidate.arxiv and not candidate.notes:
        found, _raw, problem = arxiv_in(row)
        if found:
            candidate.arxiv, candidate.version = found.id, found.version
        elif problem:
            candidate.notes = problem
    if not candidate.arxiv:
        web = [link for link in links if link.startswith(("http://", "https://"))]
        if web and not looks_like_arxiv(web[0]):
            candidate.url = web[0]


def _date(values: dict[str, str], role: str, candidate: Candidate) -> date | None:
    text = values.get(role)
    if not text:
        return None
    parsed = parse_date(text)
    if parsed is None:
        candidate.warnings.append(
            f"{candidate.source}: {role} {text!r} is not a date (write it as YYYY-MM-DD); ignored"
        )
    return parsed
