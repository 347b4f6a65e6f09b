"""Paper, Status and Challenge: the records of the reading list, their validation and their
dict form (the YAML's). No I/O here.

A record's keys are written in one fixed order (`PAPER_KEYS`); keys readlist does not know are
kept as they were, after the known ones and before the abstract.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple


class Status(StrEnum):
    TODO = "todo"
    READING = "reading"
    DONE = "done"
    SKIPPED = "skipped"


STATUSES = tuple(s.value for s in Status)


class SourceFloat(float):
    """A YAML float that remembers how it was written, so `2301.10000` is not read as 2301.1."""

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        number = super().__new__(cls, value)
        number.source = source
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        return (SourceFloat, (float(self), self.source))


class InvalidRecord(ValueError):
    """A record that breaks the schema; `field` names the key at fault."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name
        self.problem = problem


class Kind(StrEnum):
    """What a field holds, which decides how it is read, stored and shown."""

    ID = "id"  # required text, surrounding spaces dropped
    ARXIV = "arxiv"  # an arXiv id, normalised (its version moves to `version`)
    TEXT = "text"  # text; empty text counts as absent
    INT = "int"  # a whole number
    RATING = "rating"  # a whole number from 1 to 5
    DATE = "date"  # YYYY-MM-DD
    LIST = "list"  # a list of texts
    STATUS = "status"  # one of STATUSES
    FLAG = "flag"  # true, or absent
    READINGS = "readings"  # a list of mappings with a `started` date and maybe a `finished` one
    SITE_ID = "site_id"  # a paper's id at the site its field is named after (readlist.ids.SITES)


class Style(StrEnum):
    """How a field is written in the YAML."""

    PLAIN = "plain"  # one line (quoted when needed); a list as a block list
    FLOW = "flow"  # a list on one line: `tags: [a, b]`
    LITERAL = "literal"  # text with line breaks as a literal block (`|-`)
    FOLDED = "folded"  # as LITERAL, and long one-line text folded (`>-`) for reading
    ROWS = "rows"  # a list of mappings, one a line: `- {started: 2024-03-01, finished: ...}`


class Fill(StrEnum):
    """How a source's value for a field meets the user's."""

    EMPTY = "empty"  # filled when empty; replaced on --refresh
    LATEST = "latest"  # it describes the source's latest version, so it always follows it
    KEEP = "keep"  # filled when empty, never replaced: the user may have written it


class Section(StrEnum):
    """Where `show` prints a field: the sections in this order, each in the table's order;
    keys readlist does not know come before LAST."""

    NAME = "name"  # what the paper is called
    IDS = "ids"  # its ids and where to read it
    ABOUT = "about"  # what the paper is
    STATUS = "status"  # where the reading stands
    READING = "reading"  # the user's own
    LAST = "last"  # the long texts


class Shown(NamedTuple):
    """How `show` prints a field: its label, where, and (for lists) what joins the items."""

    label: str
    section: Section
    joiner: str = ", "
    text: Callable[[Any], str] | None = None  # for values shown other than as written
    # For a row made from the whole paper (its value alone does not say it): the row's text,
    # or None for no row.
    row: Callable[[Paper], str | None] | None = None


class InMarkdown(StrEnum):
    """Where the Markdown export writes a field of a paper's item, in this order (each in the
    table's order); docs/export-format.md is the contract ingest reads it back by."""

    PEOPLE = "people"  # a part of the item line: the names, the first two + "et al." past three
    DATE = "date"  # a part of the item line: the date, YYYY-MM-DD
    NAMED = "named"  # a part of the item line: `name: a, b`
    DETAILS = "details"  # a paragraph folded under the item in <details> (`show`'s label)
    QUOTE = "quote"  # paragraphs quoted under the item, `> **Label:** ...` (`show`'s label)


class FieldSpec(NamedTuple):
    """One field of a paper, declared once: everything else about fields is derived from
    PAPER_FIELDS (key order, reading and writing, the index's columns, `show`, the sources'
    fill lists, the CSV columns). A NamedTuple, as Shown: every command imports this table,
    and a frozen dataclass costs half a millisecond to create."""

    name: str
    kind: Kind
    style: Style = Style.PLAIN
    column: bool = False  # the index keeps it as a column: sort and `--where` filter on it
    searched: bool = False  # `list WORDS` finds its words
    arxiv: Fill | None = None  # arXiv's record has it (ArxivRecord's attribute of this name)
    s2: Fill | None = None  # Semantic Scholar's record has it (S2Record's attribute)
    crossref: Fill | None = None  # Crossref's record has it (CrossrefRecord's attribute)
    shown: Shown | None = None  # None: `show` does not print it
    csv: bool = False  # a column of the CSV export (the JSON export carries every field)
    bibtex: str | None = None  # the BibTeX field it is exported as
    markdown: InMarkdown | None = None  # where the Markdown export writes it


def _stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def _arxiv_row(paper: Paper) -> str | None:
    if not paper.arxiv:
        return None
    return paper.arxiv + (f" (v{paper.version})" if paper.version else "")


def _status_row(paper: Paper) -> str:
    text = str(paper.status)
    for label, value in (("started", paper.started), ("finished", paper.finished)):
        if value:
            text += f", {label} {value.isoformat()}"
    return text


def _readings_text(readings: list[dict[str, Any]]) -> str:
    """`2024-03-01 to 2024-03-09; since 2024-05-01`."""
    spans = []
    for reading in readings:
        started, finished = reading.get("started"), reading.get("finished")
        start = started.isoformat() if isinstance(started, date) else str(started)
        if finished is None:
            spans.append(f"since {start}")
        else:
            end = finished.isoformat() if isinstance(finished, date) else str(finished)
            spans.append(f"{start} to {end}")
    return "; ".join(spans)


_NAME, _IDS, _ABOUT, _READING = Section.NAME, Section.IDS, Section.ABOUT, Section.READING
# The fields of the ids readlist.ids.SITES parses, and how `show` labels them (readlist.ids is
# not imported here: every command imports this table); the BibTeX export's field for each.
SITE_LABELS = {
    "openreview": ("OpenReview", "openreview"),
    "acl": ("ACL Anthology", "acl"),
    "pmlr": ("PMLR", "pmlr"),
    "dblp": ("DBLP", "biburl"),  # DBLP's own: https://dblp.org/rec/KEY.bib
    "pubmed": ("PubMed", "pmid"),
}
# The written order. Keys readlist does not know go just before EXTRA_BEFORE.
PAPER_FIELDS = (
    FieldSpec("id", Kind.ID, searched=True, csv=True, shown=Shown("ID", _IDS)),
    FieldSpec(
        "title",
        Kind.TEXT,
        csv=True,
        shown=Shown("Title", _NAME, row=lambda p: p.display_title),
        bibtex="title",
    ),
    FieldSpec(
        "alias",
        Kind.TEXT,
        searched=True,
        shown=Shown("Also known as", _NAME, row=lambda p: p.alias if p.alias and p.title else None),
    ),
    FieldSpec(
        "arxiv",
        Kind.ARXIV,
        column=True,
        searched=True,
        csv=True,
        shown=Shown("arXiv", _IDS, row=_arxiv_row),
        bibtex="eprint",
    ),
    FieldSpec("version", Kind.INT, arxiv=Fill.LATEST),
    FieldSpec(
        "status",
        Kind.STATUS,
        column=True,
        csv=True,
        shown=Shown("Status", Section.STATUS, row=_status_row),
        bibtex="note",
    ),
    FieldSpec("added", Kind.DATE, column=True, shown=Shown("Added", _READING), csv=True),
    FieldSpec("started", Kind.DATE, column=True, csv=True),
    FieldSpec("finished", Kind.DATE, column=True, csv=True),
    # Later readings of a paper read already; the first stays in started and finished.
    FieldSpec(
        "rereads",
        Kind.READINGS,
        Style.ROWS,
        shown=Shown("Read again", Section.STATUS, text=_readings_text),
    ),
    FieldSpec("rating", Kind.RATING, column=True, shown=Shown("Rating", _READING, text=_stars)),
    FieldSpec(
        "tags",
        Kind.LIST,
        Style.FLOW,
        column=True,
        searched=True,
        csv=True,
        shown=Shown("Tags", _READING),
        bibtex="keywords",
        markdown=InMarkdown.NAMED,
    ),
    FieldSpec(
        "notes",
        Kind.TEXT,
        Style.LITERAL,
        searched=True,
        shown=Shown("Notes", _READING),
        markdown=InMarkdown.QUOTE,
    ),
    FieldSpec(
        "authors",
        Kind.LIST,
        searched=True,
        arxiv=Fill.EMPTY,
        crossref=Fill.EMPTY,
        csv=True,
        shown=Shown("Authors", _ABOUT),
        bibtex="author",
        markdown=InMarkdown.PEOPLE,
    ),
    FieldSpec(
        "published",
        Kind.DATE,
        column=True,
        arxiv=Fill.EMPTY,
        crossref=Fill.EMPTY,
        csv=True,
        shown=Shown("Published", _ABOUT),
        bibtex="year",
        markdown=InMarkdown.DATE,
    ),
    FieldSpec("updated", Kind.DATE, arxiv=Fill.LATEST),
    FieldSpec("primary_category", Kind.TEXT, arxiv=Fill.EMPTY, bibtex="primaryClass"),
    FieldSpec("categories", Kind.LIST, arxiv=Fill.EMPTY, shown=Shown("Categories", _ABOUT)),
    FieldSpec(
        "doi",
        Kind.TEXT,
        arxiv=Fill.EMPTY,
        s2=Fill.EMPTY,
        shown=Shown("DOI", _IDS),
        csv=True,
        bibtex="doi",
    ),
    *(
        FieldSpec(
            site,
            Kind.SITE_ID,
            csv=True,
            shown=Shown(label, _IDS),
            bibtex=bibtex,
            markdown=InMarkdown.NAMED,
        )
        for site, (label, bibtex) in SITE_LABELS.items()
    ),
    FieldSpec(
        "journal_ref",
        Kind.TEXT,
        arxiv=Fill.EMPTY,
        shown=Shown("Journal", _ABOUT),
        bibtex="journal",
    ),
    FieldSpec(
        "venue",
        Kind.TEXT,
        column=True,
        searched=True,
        s2=Fill.KEEP,
        crossref=Fill.KEEP,
        shown=Shown("Venue", _ABOUT),
    ),
    FieldSpec("year", Kind.INT, s2=Fill.KEEP, shown=Shown("Year", _ABOUT)),
    FieldSpec("citations", Kind.INT, column=True, s2=Fill.LATEST, shown=Shown("Citations", _ABOUT)),
    FieldSpec(
        "influential_citations",
        Kind.INT,
        s2=Fill.LATEST,
        shown=Shown("Influential citations", _ABOUT),
    ),
    FieldSpec("comment", Kind.TEXT, Style.LITERAL, arxiv=Fill.EMPTY),
    # Where to read it: the arXiv page, else this URL (Paper.link).
    FieldSpec(
        "url", Kind.TEXT, shown=Shown("Link", _IDS, row=lambda p: p.link or None), bibtex="url"
    ),
    FieldSpec("pdf_url", Kind.TEXT, arxiv=Fill.EMPTY),
    FieldSpec("oa_pdf", Kind.TEXT, s2=Fill.EMPTY, shown=Shown("Open-access PDF", _ABOUT)),
    FieldSpec("s2_id", Kind.TEXT, s2=Fill.LATEST),
    FieldSpec(
        "arxiv_title",
        Kind.TEXT,
        shown=Shown(
            "arXiv title",
            _NAME,
            row=lambda p: p.arxiv_title if p.arxiv_title and p.arxiv_title != p.title else None,
        ),
    ),
    FieldSpec(
        "needs_title",
        Kind.FLAG,
        shown=Shown("", _NAME, text=lambda _: "(title unknown: `readlist resolve` can find it)"),
    ),
    FieldSpec("fetched", Kind.DATE, column=True),
    FieldSpec("enriched", Kind.DATE, column=True),
    FieldSpec("tldr", Kind.TEXT, Style.FOLDED, s2=Fill.EMPTY, shown=Shown("TLDR", _ABOUT)),
    FieldSpec("sources", Kind.LIST, column=True, shown=Shown("Sources", _READING, joiner="; ")),
    FieldSpec(
        "abstract",
        Kind.TEXT,
        Style.FOLDED,
        arxiv=Fill.EMPTY,
        shown=Shown("Abstract", Section.LAST),
        bibtex="abstract",
        markdown=InMarkdown.DETAILS,
    ),
)
EXTRA_BEFORE = "abstract"
FIELDS = {spec.name: spec for spec in PAPER_FIELDS}
PAPER_KEYS = tuple(FIELDS)
LIST_KEYS = frozenset(s.name for s in PAPER_FIELDS if s.kind is Kind.LIST)
SITE_KEYS = tuple(s.name for s in PAPER_FIELDS if s.kind is Kind.SITE_ID)
READINGS_KEYS = frozenset(s.name for s in PAPER_FIELDS if s.kind is Kind.READINGS)


_SEARCHED = tuple(s.name for s in PAPER_FIELDS if s.searched)


def searched_text(paper: Paper) -> str:
    """The words `list WORDS` finds a paper by: its title as shown, then its searched fields."""
    words = [paper.display_title]
    for name in _SEARCHED:
        value = getattr(paper, name)
        if value:
            words.append(" ".join(value) if isinstance(value, list) else value)
    return " ".join(words)


def source_fields(source: str) -> tuple[str, ...]:
    """Every field a source (`"arxiv"`, `"s2"`, `"crossref"`) fills, in the written order."""
    return tuple(s.name for s in PAPER_FIELDS if getattr(s, source) is not None)


def fill_from(paper: Paper, record: Any, source: str, *, refresh: bool) -> None:
    """Copy into `paper` the values `source`'s record has for the fields it fills, as the
    field table says: LATEST always, EMPTY when the field is empty (or on `refresh`), KEEP only
    when it is empty. A source with nothing to say (None, "", []) changes nothing."""
    for spec in PAPER_FIELDS:
        fill = getattr(spec, source)
        value = getattr(record, spec.name, None) if fill is not None else None
        if value is None or value == "" or value == []:
            continue
        current = getattr(paper, spec.name)
        empty = current is None or current == "" or current == []
        if fill is Fill.LATEST or empty or (refresh and fill is Fill.EMPTY):
            setattr(paper, spec.name, list(value) if isinstance(value, list) else value)


def shown_rows(paper: Paper, section: Section) -> list[tuple[str, str]]:
    """(label, text) of the fields `show` prints in `section`, in the written order."""
    rows = []
    for spec in PAPER_FIELDS:
        shown = spec.shown
        if shown is None or shown.section is not section:
            continue
        if shown.row is not None:
            row = shown.row(paper)
            if row is not None:
                rows.append((shown.label, row))
            continue
        value = getattr(paper, spec.name)
        if value is None or value == [] or value == "" or value is False:
            continue
        if shown.text is not None:
            text = shown.text(value)
        elif isinstance(value, list):
            text = shown.joiner.join(value)
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
        rows.append((shown.label, text))
    return rows


def _as_text(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (bool, list, dict)):
        raise InvalidRecord(key, f"must be text, got {type(value).__name__}")
    if isinstance(value, float):
        # A SourceFloat keeps what the user typed (2301.10000 stays 2301.10000).
        return str(getattr(value, "source", value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _as_date(value: Any, key: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidRecord(key, f"{value!r} is not a date: write it as YYYY-MM-DD")


def _as_list(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise InvalidRecord(key, f"must be a list, got {type(value).__name__}")
    items = []
    for item in value:
        if isinstance(item, (list, dict)) or item is None:
            raise InvalidRecord(key, f"items must be text, got {item!r}")
        text = _as_text(item, key)
        assert text is not None
        items.append(text)
    return items


def _as_int(value: Any, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRecord(key, f"must be a whole number, got {value!r}")
    return value


def _as_status(value: Any, key: str) -> Status:
    if value is None:
        return Status.TODO
    try:
        return Status(str(value).strip().lower())
    except ValueError:
        raise InvalidRecord(key, f"{value!r} is not one of {', '.join(STATUSES)}") from None


def _as_rating(value: Any, key: str) -> int | None:
    rating = _as_int(value, key)
    if rating is not None and not 1 <= rating <= 5:
        raise InvalidRecord(key, f"must be 1 to 5, got {rating}")
    return rating


def _as_flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool) and value is not None:
        raise InvalidRecord(key, f"must be true or false, got {value!r}")
    return bool(value)


def _as_nonempty_text(value: Any, key: str) -> str | None:
    text = _as_text(value, key)
    return text if text != "" else None


def _as_readings(value: Any, key: str) -> list[dict[str, Any]]:
    """Readings as mappings (other keys kept as written), with their dates read as dates."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidRecord(key, f"must be a list of readings, got {type(value).__name__}")
    readings = []
    for item in value:
        if not isinstance(item, dict):
            raise InvalidRecord(
                key, f"each reading must be a mapping such as {{started: 2024-03-01}}, got {item!r}"
            )
        reading = dict(item)
        started = _as_date(reading.get("started"), f"{key}.started")
        if started is None:
            raise InvalidRecord(f"{key}.started", "is missing: each reading needs the day it began")
        reading["started"] = started
        if "finished" in reading:
            reading["finished"] = _as_date(reading["finished"], f"{key}.finished")
        readings.append(reading)
    return readings


# How a YAML value becomes a field's value, by kind; each raises InvalidRecord.
_READERS: dict[Kind, Callable[[Any, str], Any]] = {
    Kind.ID: _as_text,
    Kind.ARXIV: _as_text,
    Kind.TEXT: _as_nonempty_text,
    Kind.INT: _as_int,
    Kind.RATING: _as_rating,
    Kind.DATE: _as_date,
    Kind.LIST: _as_list,
    Kind.STATUS: _as_status,
    Kind.FLAG: _as_flag,
    Kind.READINGS: _as_readings,
    Kind.SITE_ID: _as_nonempty_text,
}


def _read_site_ids(values: dict[str, Any]) -> None:
    """The site ids of a record, normalised (a link or `kind:` prefix written in the field is
    its id); a record that has none but a `url` on one of the sites has that url's id (lists
    written before these fields existed), which is written only when the paper changes."""
    if not any(values.get(key) for key in SITE_KEYS) and not values.get("url"):
        return
    from readlist.ids import SITES, site_id, site_link

    for key in SITE_KEYS:
        written = values.get(key)
        if written is None:
            continue
        found = site_id(key, written)
        if found is None:
            raise InvalidRecord(
                key,
                f"{written!r} is not valid: write an id such as {SITES[key].example}, or its link",
            )
        values[key] = found
    link = site_link(values["url"]) if values.get("url") else None
    if link is not None and not values.get(link.kind):
        values[link.kind] = link.id


@dataclass
class Paper:
    """One paper of the reading list."""

    id: str
    title: str | None = None
    alias: str | None = None  # the short name people use for it: DreamBooth, ViCo, IJEPA
    arxiv: str | None = None
    version: int | None = None
    status: Status = Status.TODO
    added: date | None = None
    started: date | None = None
    finished: date | None = None
    rereads: list[dict[str, Any]] = field(default_factory=list)
    rating: int | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    updated: date | None = None
    primary_category: str | None = None
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    openreview: str | None = None  # the ids of readlist.ids.SITES, normalised
    acl: str | None = None
    pmlr: str | None = None
    dblp: str | None = None
    pubmed: str | None = None
    journal_ref: str | None = None
    venue: str | None = None  # where it was published: "ICLR 2023"
    year: int | None = None  # the year of the published version
    citations: int | None = None  # Semantic Scholar's counts
    influential_citations: int | None = None
    comment: str | None = None
    url: str | None = None
    pdf_url: str | None = None
    oa_pdf: str | None = None  # an open-access PDF of the published version
    s2_id: str | None = None
    arxiv_title: str | None = None
    needs_title: bool = False
    fetched: date | None = None
    enriched: date | None = None  # when Semantic Scholar was last asked about it
    tldr: str | None = None
    sources: list[str] = field(default_factory=list)
    abstract: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        """The title, else its short name, else the first words of the abstract."""
        return display_name(self.title, self.alias, self.abstract) or self.id

    @property
    def link(self) -> str | None:
        """Where to read it: the arXiv abstract page, else the canonical page of its first site
        id (OpenReview forum, ACL Anthology...), else the URL it came with, else its DOI's."""
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        kind = next((key for key in SITE_KEYS if getattr(self, key)), None)
        if kind is not None or (self.doi and not self.url):
            from readlist.ids import Link

            return Link(kind or "doi", getattr(self, kind or "doi")).url
        return self.url

    @property
    def pdf_link(self) -> str | None:
        """Where its PDF is: the one arXiv named, else arXiv's for its id, else the PDF of its
        OpenReview forum, ACL Anthology or PMLR id, else its URL when that is a PDF."""
        if self.pdf_url:
            return self.pdf_url
        if self.arxiv:
            return f"https://arxiv.org/pdf/{self.arxiv}"
        if any(getattr(self, key) for key in SITE_KEYS):
            from readlist.ids import Link

            for key in SITE_KEYS:
                value = getattr(self, key)
                pdf = Link(key, value).pdf_url if value else None
                if pdf:
                    return pdf
        if self.url and self.url.lower().split("?")[0].endswith(".pdf"):
            return self.url
        return None

    @classmethod
    def from_dict(cls, data: Any) -> Paper:
        """A Paper from a YAML record. Raises InvalidRecord naming the field at fault."""
        if not isinstance(data, dict):
            raise InvalidRecord("record", f"must be a mapping of fields, got {type(data).__name__}")
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if not isinstance(key, str):
                key = str(key)
            spec = FIELDS.get(key)
            if spec is None:
                extra[key] = value
            else:
                values[key] = _READERS[spec.kind](value, key)
        paper_id = values.get("id")
        if not paper_id or not str(paper_id).strip():
            raise InvalidRecord("id", "is missing: every paper needs a unique id")
        values["id"] = str(paper_id).strip()
        if values.get("arxiv"):
            from readlist.ids import MalformedId, parse_id

            try:
                parsed = parse_id(values["arxiv"])
            except MalformedId as exc:
                raise InvalidRecord("arxiv", f"{values['arxiv']!r} is not valid: {exc}") from None
            except ValueError:
                raise InvalidRecord(
                    "arxiv", f"{values['arxiv']!r} is not an arXiv id such as 2208.12242"
                ) from None
            values["arxiv"] = parsed.id
            if parsed.version and not values.get("version"):
                values["version"] = parsed.version
        _read_site_ids(values)
        return cls(**values, extra=extra)

    def to_dict(self) -> dict[str, Any]:
        """The YAML record: known keys in `PAPER_KEYS` order, empty ones left out."""
        out: dict[str, Any] = {}
        for spec in PAPER_FIELDS:
            key = spec.name
            if key == EXTRA_BEFORE:
                out.update(self.extra)
            value = getattr(self, key)
            if spec.kind is Kind.STATUS:
                out[key] = str(value)
            elif spec.kind is Kind.FLAG:
                if value:
                    out[key] = True
            elif value is None or value == [] or value == "":
                continue
            elif spec.kind is Kind.READINGS:
                out[key] = [dict(reading) for reading in value]
            elif isinstance(value, list):
                out[key] = list(value)
            else:
                out[key] = value
        return out

    def copy(self) -> Paper:
        values = {key: getattr(self, key) for key in PAPER_KEYS}
        for key in LIST_KEYS:
            values[key] = list(values[key])
        for key in READINGS_KEYS:
            values[key] = [dict(reading) for reading in values[key]]
        return Paper(**values, extra=dict(self.extra))


class PaperSummary(NamedTuple):
    """What a listing shows of a paper, read from the index without loading the record."""

    id: str
    status: Status
    display_title: str
    tags: list[str]
    added: date | None
    untitled: bool  # shown by its short name or first words, not a title

    @property
    def needs_title(self) -> bool:
        return self.untitled


@dataclass
class ChallengeEntry:
    """One day of a challenge's plan: the paper planned for it."""

    day: int
    paper: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day, "paper": self.paper, **self.extra}


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_PLAN_DAYS = 3660  # ten years of one paper a day: a longer plan is a typo
GOAL_KEYS = ("days", "per_week", "weeks", "papers", "by")


@dataclass
class Break:
    """A pause in a challenge: from `paused` (the first day off) to `resumed` (the first day
    back), or still going on when `resumed` is None. Paused days are neither missed nor due."""

    paused: date
    resumed: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> Break:
        if not isinstance(data, dict):
            raise InvalidRecord("breaks", f"each break must be a mapping, got {data!r}")
        paused = _as_date(data.get("paused"), "breaks.paused")
        if paused is None:
            raise InvalidRecord("breaks.paused", "is missing: a break needs its first day off")
        resumed = _as_date(data.get("resumed"), "breaks.resumed")
        if resumed is not None and resumed <= paused:
            raise InvalidRecord(
                "breaks.resumed",
                f"{resumed.isoformat()} is not after the pause ({paused.isoformat()})",
            )
        if resumed is not None and (resumed - paused).days > MAX_PLAN_DAYS:
            raise InvalidRecord(
                "breaks.resumed", f"{resumed.isoformat()} ends a break of more than ten years"
            )
        extra = {k: v for k, v in data.items() if k not in ("paused", "resumed")}
        return cls(paused, resumed, extra)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"paused": self.paused}
        if self.resumed is not None:
            out["resumed"] = self.resumed
        out.update(self.extra)
        return out


def _weekdays(value: Any) -> list[int]:
    names = _as_list(value, "rest_days")
    days = []
    for name in names:
        key = name.strip().lower()[:3]
        if key not in WEEKDAY_NAMES:
            raise InvalidRecord(
                "rest_days", f"{name!r} is not a weekday: write mon, tue, wed, thu, fri, sat, sun"
            )
        days.append(WEEKDAY_NAMES.index(key))
    if len(set(days)) == len(WEEKDAY_NAMES):
        raise InvalidRecord("rest_days", "every day of the week is a rest day: keep one to read on")
    return sorted(set(days))


def _positive(data: dict[str, Any], key: str) -> int | None:
    value = _as_int(data.get(key), key)
    if value is not None and value < 1:
        raise InvalidRecord(key, f"must be a positive whole number, got {value}")
    return value


@dataclass
class Challenge:
    """A reading challenge: a plan of `days` papers from `start`. The goal is one a day (the
    default), `per_week` papers a week for `days / per_week` weeks, or `days` papers `by` a date.
    Rest days (weekdays) and breaks hold no paper; `freezes` missed days (weeks) keep a streak.

    Whether a planned paper is read, and when, is the paper's own status and finished date, so
    the challenge and the list can never disagree. `entries` number the papers of the plan
    ("day" N is the Nth paper; for a daily goal it is the Nth reading day).
    """

    name: str
    days: int = 30
    start: date | None = None
    hashtag: str | None = None
    entries: list[ChallengeEntry] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    per_week: int | None = None
    by: date | None = None
    rest_days: list[int] = field(default_factory=list)  # weekday numbers, Monday 0
    freezes: int = 0
    breaks: list[Break] = field(default_factory=list)
    abandoned: date | None = None  # the day the reader gave it up: nothing is due after it

    @property
    def goal(self) -> str:
        """ "daily", "weekly" or "by_date"."""
        if self.per_week:
            return "weekly"
        return "by_date" if self.by else "daily"

    @property
    def weeks(self) -> int:
        return -(-self.days // self.per_week) if self.per_week else -(-self.days // 7)

    @property
    def open_break(self) -> Break | None:
        """The break going on (not resumed yet), if any."""
        return next((b for b in self.breaks if b.resumed is None), None)

    def entry_for_day(self, day: int) -> ChallengeEntry | None:
        return next((e for e in self.entries if e.day == day), None)

    def entry_for_paper(self, paper_id: str) -> ChallengeEntry | None:
        return next((e for e in self.entries if e.paper == paper_id), None)

    @classmethod
    def from_dict(cls, data: Any) -> Challenge:
        if not isinstance(data, dict):
            raise InvalidRecord("challenge", "must be a mapping")
        known = {"name", "hashtag", "start", "entries", "rest_days", "freezes", "breaks"}
        known.add("abandoned")
        known.update(GOAL_KEYS)
        name = _as_text(data.get("name"), "name")
        if not name:
            raise InvalidRecord("name", "is missing: every challenge needs a name")
        per_week = _positive(data, "per_week")
        by = _as_date(data.get("by"), "by")
        if per_week is not None:
            weeks = _positive(data, "weeks")
            if weeks is None:
                raise InvalidRecord("weeks", "is missing: a per_week goal needs its weeks")
            days: int | None = per_week * weeks
        elif by is not None:
            days = _positive(data, "papers")
            if days is None:
                raise InvalidRecord("papers", "is missing: a goal 'by' a date needs its papers")
        else:
            days = _as_int(data.get("days", 30), "days")
        if days is None or days < 1:
            raise InvalidRecord("days", f"must be a positive number of days, got {days!r}")
        if days > MAX_PLAN_DAYS:
            raise InvalidRecord("days", f"{days} papers is more than {MAX_PLAN_DAYS}: a typo?")
        start = _as_date(data.get("start"), "start")
        if by is not None and start is not None:
            if by < start:
                raise InvalidRecord("by", f"{by.isoformat()} is before the start ({start})")
            if (by - start).days >= MAX_PLAN_DAYS:
                raise InvalidRecord(
                    "by", f"{by.isoformat()} is more than ten years after the start"
                )
        freezes = _as_int(data.get("freezes", 0), "freezes") or 0
        if freezes < 0:
            raise InvalidRecord("freezes", f"must be 0 or more, got {freezes}")
        breaks = [Break.from_dict(raw) for raw in data.get("breaks") or []]
        for before, after in zip(breaks, breaks[1:], strict=False):
            if before.resumed is None or after.paused < before.resumed:
                raise InvalidRecord(
                    "breaks",
                    f"the break from {after.paused.isoformat()} overlaps the one before it: "
                    "list breaks in date order, each after the previous one's resumed date",
                )
        entries: list[ChallengeEntry] = []
        seen_days: set[int] = set()
        seen_papers: set[str] = set()
        for raw in data.get("entries") or []:
            if not isinstance(raw, dict):
                raise InvalidRecord("entries", f"each entry must be a mapping, got {raw!r}")
            day = _as_int(raw.get("day"), "entries.day")
            paper = _as_text(raw.get("paper"), "entries.paper")
            if day is None or not 1 <= day <= days:
                raise InvalidRecord("entries.day", f"day {day!r} is outside 1..{days}")
            if not paper:
                raise InvalidRecord("entries.paper", f"day {day} names no paper")
            if day in seen_days:
                raise InvalidRecord("entries.day", f"day {day} appears twice")
            if paper in seen_papers:
                raise InvalidRecord("entries.paper", f"paper {paper} is on two days")
            seen_days.add(day)
            seen_papers.add(paper)
            rest = {k: v for k, v in raw.items() if k not in ("day", "paper")}
            entries.append(ChallengeEntry(day, paper, rest))
        entries.sort(key=lambda e: e.day)
        return cls(
            name=name,
            days=days,
            start=start,
            hashtag=_as_text(data.get("hashtag"), "hashtag"),
            entries=entries,
            extra={k: v for k, v in data.items() if k not in known},
            per_week=per_week,
            by=by,
            rest_days=_weekdays(data.get("rest_days")),
            freezes=freezes,
            breaks=breaks,
            abandoned=_as_date(data.get("abandoned"), "abandoned"),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.hashtag:
            out["hashtag"] = self.hashtag
        if self.per_week:
            out["per_week"] = self.per_week
            out["weeks"] = self.weeks
        elif self.by:
            out["papers"] = self.days
            out["by"] = self.by
        else:
            out["days"] = self.days
        if self.start:
            out["start"] = self.start
        if self.rest_days:
            out["rest_days"] = [WEEKDAY_NAMES[d] for d in self.rest_days]
        if self.freezes:
            out["freezes"] = self.freezes
        if self.breaks:
            out["breaks"] = [b.to_dict() for b in self.breaks]
        if self.abandoned:
            out["abandoned"] = self.abandoned
        out.update(self.extra)
        out["entries"] = [e.to_dict() for e in sorted(self.entries, key=lambda e: e.day)]
        return out


def display_name(title: str | None, alias: str | None, abstract: str | None) -> str | None:
    """How a paper is shown: its title, else its short name, else its abstract's first words."""
    if title:
        return title
    if alias:
        return alias
    if abstract:
        return first_words(abstract)
    return None


def first_words(text: str, count: int = 8) -> str:
    """The first `count` words of `text`, with an ellipsis when there is more."""
    words = text.split()
    head = " ".join(words[:count])
    return head + ("…" if len(words) > count else "")


_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SHORT_NAME = re.compile(r"^\s*([^:]{2,30}?)\s*:\s+\S")


def slugify(text: str, max_words: int = 5, max_length: int = 40) -> str:
    """A short, readable id from a title: the name before a colon when there is one
    ('PaLI: A Jointly-Scaled...' -> 'pali'), else the first few words."""
    short = _SHORT_NAME.match(text)
    if short and len(short.group(1).split()) <= 3:
        text = short.group(1)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in _SLUG_DROP.split(ascii_text.lower()) if w]
    slug = ""
    for word in words[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "paper")


def unique_id(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not `taken`."""
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def jsonable(value: Any) -> Any:
    """A record value as JSON data: dates as ISO text, remembered floats as plain numbers."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return float(value)
    if isinstance(value, StrEnum):
        return str(value)
    return value
