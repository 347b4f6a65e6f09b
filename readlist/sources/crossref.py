"""Asking Crossref's REST API about DOIs: title, authors, container (journal or proceedings),
published date, and the notices that update a work (retractions, withdrawals, corrections) or
the published version of a preprint. Many DOIs a request (/works?filter=doi:A,doi:B: the same
filter given twice is ORed), matched back by DOI.

Crossref's polite pool wants a contact address: READLIST_MAILTO or the settings file's
[crossref] mailto (sent as `mailto`).
Pacing: five requests a second at most, below both pools' documented limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from readlist.callbacks import ProgressFn
from readlist.ids import parse_doi
from readlist.sources.http import (
    Answer,
    BatchReport,
    PoliteClient,
    Service,
    Settings,
    WaitFn,
    lookup_in_batches,
)

SERVICE = Service(
    name="Crossref",
    key="CROSSREF",
    default_url="https://api.crossref.org",
    default_delay=0.2,
    min_delay=0.2,
    host="crossref.org",
)
BATCH_SIZE = 20  # DOIs per request: keeps the URL short
# Crossref's update types that mean "do not rely on this work any more".
RETRACTION_TYPES = frozenset({"retraction", "withdrawal", "removal", "partial_retraction"})


@dataclass(frozen=True)
class Update:
    """A notice that updates a work: its type (retraction, correction...), DOI and date."""

    kind: str
    doi: str | None
    on: date | None


@dataclass(frozen=True)
class CrossrefRecord:
    doi: str  # lower case
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    venue: str | None = None  # the container: journal or proceedings
    published: date | None = None
    kind: str | None = None  # journal-article, proceedings-article, posted-content...
    updated_by: list[Update] = field(default_factory=list)
    published_as: str | None = None  # for a preprint: the DOI of its published version

    @property
    def retractions(self) -> list[Update]:
        return [u for u in self.updated_by if u.kind in RETRACTION_TYPES]


CrossrefReport = BatchReport[CrossrefRecord]


def normalize_doi(text: str) -> str:
    """A DOI in lower case without a resolver prefix; ValueError when it is none."""
    doi = parse_doi(text)
    if doi is None:
        raise ValueError("not a DOI (10.<digits>/<suffix>)")
    if "," in doi:
        raise ValueError("a DOI with a comma cannot be asked in a batch")
    return doi


class CrossrefClient:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        offline: bool = False,
        refresh: bool = False,
        mailto: str | None = None,
        on_wait: WaitFn | None = None,
    ) -> None:
        settings = settings if settings is not None else Settings.from_env(SERVICE)
        if mailto is None:
            from readlist.config import setting

            mailto = setting("crossref", "mailto") or ""
        self.mailto = mailto
        headers = {}
        if self.mailto:
            from readlist import __version__

            headers["User-Agent"] = f"readlist/{__version__} (mailto:{self.mailto})"
        self.http = PoliteClient(
            settings, offline=offline, refresh=refresh, headers=headers, on_wait=on_wait
        )

    def lookup(
        self, dois: Iterable[str], on_progress: ProgressFn | None = None, batch: int = BATCH_SIZE
    ) -> CrossrefReport:
        """Every work of `dois` in ceil(N/batch) requests, keyed by the DOI in lower case."""
        return lookup_in_batches(
            self.http, dois, normalize_doi, batch, self._lookup_chunk, on_progress
        )

    def _lookup_chunk(
        self, chunk: list[str]
    ) -> tuple[dict[str, CrossrefRecord], list[str], list[str]]:
        params = {"filter": ",".join(f"doi:{d}" for d in chunk), "rows": str(len(chunk))}
        if self.mailto:
            params["mailto"] = self.mailto
        answer = self.http.send("GET", "/works", params, check=_list_problem)
        message = answer.json()["message"]
        found: dict[str, CrossrefRecord] = {}
        for item in message["items"]:
            record = _record(item)
            if record is not None and record.doi in chunk:
                found[record.doi] = record
        unmatched = [d for d in chunk if d not in found]
        total = message.get("total-results")
        if isinstance(total, int) and total > len(message["items"]):
            return found, [], unmatched  # more than one page: what is left was not seen
        return found, unmatched, []


def _list_problem(answer: Answer) -> str | None:
    data = answer.json()
    if not isinstance(data, dict) or data.get("status") != "ok":
        return "JSON that is not a Crossref answer"
    message = data.get("message")
    if data.get("message-type") != "work-list" or not isinstance(message, dict):
        return f"a Crossref {data.get('message-type')!r} instead of a work list"
    if not isinstance(message.get("items"), list):
        return "a work list without items"
    return None


def _record(item: Any) -> CrossrefRecord | None:
    """A CrossrefRecord from one work of the API (None when it has no DOI)."""
    if not isinstance(item, dict) or not isinstance(item.get("DOI"), str):
        return None
    authors = []
    for person in item.get("author") or []:
        if isinstance(person, dict):
            name = (
                " ".join(str(person[k]).strip() for k in ("given", "family") if person.get(k))
                or str(person.get("name") or "").strip()
            )
            if name:
                authors.append(" ".join(name.split()))
    updates = [
        Update(str(u.get("type") or "update"), _lower(u.get("DOI")), _date(u.get("updated")))
        for u in item.get("updated-by") or []
        if isinstance(u, dict)
    ]
    relation = item.get("relation")
    if not isinstance(relation, dict):
        relation = {}
    published_as = None
    for target in relation.get("is-preprint-of") or []:
        if isinstance(target, dict) and target.get("id-type") == "doi":
            published_as = _lower(target.get("id"))
            break
    return CrossrefRecord(
        doi=item["DOI"].lower(),
        title=_first(item.get("title")),
        authors=authors,
        venue=_first(item.get("container-title")),
        published=_date(item.get("published")) or _date(item.get("issued")),
        kind=item.get("type") if isinstance(item.get("type"), str) else None,
        updated_by=updates,
        published_as=published_as,
    )


def _first(values: Any) -> str | None:
    if isinstance(values, list) and values and isinstance(values[0], str):
        return " ".join(values[0].split()) or None
    return None


def _lower(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> date | None:
    """A Crossref date ({"date-parts": [[2024, 5, 8]]}); a missing month or day is the 1st."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None
    numbers = [p for p in parts[0] if isinstance(p, int)]
    if not numbers:
        return None
    try:
        return date(numbers[0], *(numbers[1:3] + [1, 1])[:2])
    except ValueError:
        return None
