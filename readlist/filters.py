"""Which papers a listing or an export selects: the filter options as people type them
(`--status done,reading`, `--tag 'a,b'`, `--tag '!survey'`, `--year 2023`, `--author`,
`--category`), checked and parsed once, then applied by the index (status, tags, source, words,
dates) and on the records (authors, categories)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from readlist.errors import UsageError
from readlist.models import PAPER_FIELDS, STATUSES, Kind, Paper
from readlist.wording import or_list

if TYPE_CHECKING:
    from readlist.store import Library

DATE_FIELDS = ("added", "started", "finished", "published")
# What `list --sort` can order by: the file's order, or a field the index holds one value of.
SORTS = (
    "file",
    "title",
    "id",
    *(s.name for s in PAPER_FIELDS if s.column and s.kind is not Kind.LIST),
)
# What `--where FIELD=TEXT` can look in: every field the index holds.
FILTERABLE = tuple(spec.name for spec in PAPER_FIELDS if spec.column)
# In one --tag value: alternatives separated by these; a leading NOT_MARK negates the whole value.
TAG_OR = (",", "|")
NOT_MARKS = ("!", "-")


class TagTerm(NamedTuple):
    """One --tag: papers with any of `alternatives` (or below one), or, `negated`, with none."""

    alternatives: tuple[str, ...]
    negated: bool = False


class Filters(NamedTuple):
    statuses: tuple[str, ...] = ()
    tags: tuple[TagTerm, ...] = ()
    source: str | None = None
    words: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    date_field: str = "added"
    since: date | None = None
    until: date | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return bool(
            self.statuses
            or self.tags
            or self.source
            or self.words
            or self.where
            or self.since
            or self.until
            or self.authors
            or self.categories
        )

    @property
    def on_records(self) -> bool:
        """Whether some filter needs whole records (the index does not hold it)."""
        return bool(self.authors or self.categories)

    def index_query(self) -> dict[str, Any]:
        """The part the index applies, as Library.query arguments."""
        dates = None
        if self.since or self.until:
            dates = (
                self.date_field,
                self.since.isoformat() if self.since else None,
                self.until.isoformat() if self.until else None,
            )
        return {
            "statuses": list(self.statuses),
            "tag_terms": [(t.alternatives, t.negated) for t in self.tags],
            "source": self.source,
            "words": list(self.words),
            "where": list(self.where),
            "dates": dates,
        }

    def keeps(self, paper: Paper) -> bool:
        """The part applied to records: every --author and every --category."""
        authors = " ; ".join(paper.authors).casefold()
        if not all(name.casefold() in authors for name in self.authors):
            return False
        categories = [c.casefold() for c in [paper.primary_category or "", *paper.categories]]
        return all(
            any(c == wanted or c.startswith(wanted + ".") for c in categories)
            for wanted in (w.casefold() for w in self.categories)
        )


def parse_statuses(values: Sequence[str]) -> tuple[str, ...]:
    """`--status done,reading --status todo` -> ('done', 'reading', 'todo'), each checked."""
    found: dict[str, None] = {}
    for value in values:
        for word in value.split(","):
            status = word.strip().lower()
            if not status:
                continue
            if status not in STATUSES:
                close = difflib.get_close_matches(status, STATUSES, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                raise UsageError(
                    f"--status {word.strip()!r} is not one of {or_list(list(STATUSES))}{hint}"
                )
            found.setdefault(status, None)
    return tuple(found)


def parse_where(text: str) -> tuple[str, str]:
    """`--where FIELD=TEXT` as (field, text): papers whose FIELD contains TEXT."""
    name, equals, wanted = text.partition("=")
    name = name.strip()
    if not equals or name not in FILTERABLE or not wanted.strip():
        raise UsageError(
            f"--where {text!r}: give FIELD=TEXT, such as --where {FILTERABLE[0]}=2208, with "
            f"FIELD one of {', '.join(FILTERABLE)}"
        )
    return name, wanted.strip()


def parse_tag(value: str) -> TagTerm:
    """'a,b' or 'a|b': a or b; '!a' (or '-a'): not a."""
    text = value.strip()
    negated = text.startswith(NOT_MARKS)
    if negated:
        text = text[1:].strip()
    for separator in TAG_OR[1:]:
        text = text.replace(separator, TAG_OR[0])
    alternatives = tuple(t.strip() for t in text.split(TAG_OR[0]) if t.strip())
    if not alternatives:
        raise UsageError(f"--tag {value!r} names no tag: give TAG, 'A,B' (either) or '!TAG' (not)")
    return TagTerm(alternatives, negated)


def date_range(
    *, year: int | None, since: str | None, until: str | None
) -> tuple[date | None, date | None]:
    """--year, --since and --until as one range (both ends included)."""
    from readlist.dates import parse_date_option

    first = parse_date_option(since, "--since")
    last = parse_date_option(until, "--until")
    if year is not None:
        if not 1 <= year <= 9999:
            raise UsageError(f"--year {year} is not a year: give one such as 2023")
        first = max(first or date(year, 1, 1), date(year, 1, 1))
        last = min(last or date(year, 12, 31), date(year, 12, 31))
    if first and last and first > last:
        raise UsageError(f"--since {first} is after --until {last}: nothing can match")
    return first, last


def build(
    *,
    statuses: Sequence[str] = (),
    tags: Sequence[str] = (),
    source: str | None = None,
    query: str | Sequence[str] | None = None,
    where: Sequence[str] = (),
    date_field: str = "added",
    year: int | None = None,
    since: str | None = None,
    until: str | None = None,
    authors: Sequence[str] = (),
    categories: Sequence[str] = (),
) -> Filters:
    """The filters from the options as typed; UsageError (with a close match) for a bad one."""
    if date_field not in DATE_FIELDS:
        raise UsageError(f"--date-field {date_field!r} is not one of {or_list(DATE_FIELDS)}")
    first, last = date_range(year=year, since=since, until=until)
    words = query.split() if isinstance(query, str) else [w for q in query or () for w in q.split()]
    return Filters(
        statuses=parse_statuses(statuses),
        tags=tuple(parse_tag(t) for t in tags),
        source=source,
        words=tuple(words),
        where=tuple(parse_where(text) for text in where),
        date_field=date_field,
        since=first,
        until=last,
        authors=tuple(a.strip() for a in authors if a.strip()),
        categories=tuple(c.strip() for c in categories if c.strip()),
    )


def select(
    library: Library,
    filters: Filters,
    *,
    sort: str = "file",
    reverse: bool = False,
    limit: int | None = None,
    summaries: bool = False,
) -> list[Any]:
    """The papers that pass `filters`, sorted, at most `limit`: records, or (`summaries`, when
    no filter needs records) the cheaper PaperSummary rows."""
    if not filters.on_records:
        return library.query(
            **filters.index_query(), sort=sort, reverse=reverse, limit=limit, summaries=summaries
        )
    papers = [
        p
        for p in library.query(**filters.index_query(), sort=sort, reverse=reverse)
        if filters.keeps(p)
    ]
    return papers if limit is None else papers[:limit]
