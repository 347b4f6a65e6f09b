"""Asking Semantic Scholar's Graph API for papers by arXiv id, DOI or S2 id: citation counts,
venue and year of the published version, TLDR, external ids, open-access PDF. Up to 500 ids a
request (POST /paper/batch), matched back to what was asked by identity, not by position.

Works without an API key; with one (READLIST_S2_API_KEY or S2_API_KEY) requests go to the
key's own rate limit. Pacing: one request a second, the limit S2 documents for a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from readlist.callbacks import ProgressFn
from readlist.config import BY_KEY
from readlist.ids import MalformedId, parse_doi, parse_id
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
    name="Semantic Scholar",
    key="S2",
    default_url="https://api.semanticscholar.org/graph/v1",
    default_delay=1.0,
    min_delay=1.0,
    host="semanticscholar.org",
)
KEY_ENV = BY_KEY["semantic_scholar.api_key"].env or ""
BATCH_SIZE = 500  # the batch endpoint's documented limit
FIELDS = (
    "externalIds,title,venue,year,publicationDate,citationCount,influentialCitationCount,"
    "tldr,openAccessPdf"
)

_S2_ID = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class S2Record:
    """One paper as Semantic Scholar describes it."""

    s2_id: str
    title: str | None = None
    venue: str | None = None
    year: int | None = None
    published: date | None = None
    citations: int | None = None
    influential_citations: int | None = None
    tldr: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    oa_pdf: str | None = None
    external_ids: dict[str, str] = field(default_factory=dict)


S2Report = BatchReport[S2Record]


def s2_ref(*, arxiv: str | None = None, doi: str | None = None, s2_id: str | None = None) -> str:
    """The id Semantic Scholar is asked by: the arXiv id, else the DOI, else its own id (the
    same paper is asked the same way each time, so the cache can answer)."""
    if arxiv:
        return f"ARXIV:{parse_id(arxiv).id}"
    if doi:
        return f"DOI:{parse_doi(doi) or doi.strip().lower()}"
    if s2_id:
        return s2_id.lower()
    raise ValueError("no id to ask Semantic Scholar by")


def _check_ref(ref: str) -> str:
    """The canonical form of a ref, or ValueError saying why it is none."""
    kind, _, value = ref.partition(":")
    if not value:
        if _S2_ID.match(ref.lower()):
            return ref.lower()
        raise ValueError("not a Semantic Scholar id (40 hex digits), ARXIV:<id> or DOI:<doi>")
    if kind.upper() == "ARXIV":
        try:
            return f"ARXIV:{parse_id(value).id}"
        except (MalformedId, ValueError) as exc:
            raise ValueError(f"not an arXiv id ({exc})") from None
    if kind.upper() == "DOI":
        doi = parse_doi(value)
        if doi is None:
            raise ValueError("not a DOI (10.<digits>/<suffix>)")
        return f"DOI:{doi}"
    raise ValueError(f"unknown id kind {kind!r}: use ARXIV:, DOI: or a Semantic Scholar id")


class SemanticScholarClient:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        offline: bool = False,
        refresh: bool = False,
        api_key: str | None = None,
        on_wait: WaitFn | None = None,
    ) -> None:
        settings = settings if settings is not None else Settings.from_env(SERVICE)
        key = api_key if api_key is not None else api_key_from_env()
        headers = {"x-api-key": key} if key else {}
        hint = (
            f"check the API key ({KEY_ENV} or the settings file)"
            if key
            else f"try again later, or ask Semantic Scholar for an API key and set {KEY_ENV}"
        )
        self.http = PoliteClient(
            settings, offline=offline, refresh=refresh, headers=headers, on_wait=on_wait, hint=hint
        )

    def lookup(
        self, refs: Iterable[str], on_progress: ProgressFn | None = None, batch: int = BATCH_SIZE
    ) -> S2Report:
        """Every paper of `refs` (ARXIV:<id>, DOI:<doi> or S2 ids) in ceil(N/batch) requests;
        the report says what was found, what S2 does not know and what was not fetched."""
        return lookup_in_batches(
            self.http, refs, _check_ref, batch, self._lookup_chunk, on_progress
        )

    def _lookup_chunk(self, chunk: list[str]) -> tuple[dict[str, S2Record], list[str], list[str]]:
        """(found, missing, cut short) for one batch request."""
        answer = self.http.send(
            "POST",
            "/paper/batch",
            {"fields": FIELDS},
            {"ids": chunk},
            check=lambda a: _batch_problem(a, len(chunk)),
        )
        items = answer.json()
        records = [r for r in (_record(x) for x in items) if r is not None]
        found: dict[str, S2Record] = {}
        for record in records:
            for key in _keys(record):
                found.setdefault(key, record)
        matched = {ref: found[ref] for ref in chunk if ref in found}
        unmatched = [ref for ref in chunk if ref not in matched]
        if len(items) == len(chunk):
            # A whole answer: null in a slot is S2's "unknown id".
            return matched, unmatched, []
        return matched, [], unmatched


def api_key_from_env() -> str | None:
    """The API key: READLIST_S2_API_KEY or S2_API_KEY, else the settings file's."""
    from readlist.config import setting

    return setting("semantic_scholar", "api_key")


def _batch_problem(answer: Answer, asked: int) -> str | None:
    data = answer.json()
    if not isinstance(data, list):
        return f"JSON that is not a list of papers ({type(data).__name__})"
    if len(data) > asked:
        return f"{len(data)} papers for {asked} ids"
    if not all(x is None or (isinstance(x, dict) and x.get("paperId")) for x in data):
        return "a list with entries that are not papers"
    return None


def _keys(record: S2Record) -> list[str]:
    keys = [record.s2_id]
    if record.arxiv_id:
        keys.append(f"ARXIV:{record.arxiv_id}")
    if record.doi:
        keys.append(f"DOI:{record.doi.lower()}")
    return keys


def _record(item: Any) -> S2Record | None:
    """An S2Record from one paper object of the Graph API (None for a null slot)."""
    if not isinstance(item, dict) or not isinstance(item.get("paperId"), str):
        return None
    external = item.get("externalIds") or {}
    external = {str(k): str(v) for k, v in external.items() if v not in (None, "")}
    arxiv = None
    if external.get("ArXiv"):
        try:
            arxiv = parse_id(external["ArXiv"]).id
        except (MalformedId, ValueError):
            arxiv = None
    tldr = item.get("tldr")
    pdf = item.get("openAccessPdf")
    return S2Record(
        s2_id=item["paperId"].lower(),
        title=_text(item.get("title")),
        venue=_text(item.get("venue")),
        year=_int(item.get("year")),
        published=_date(item.get("publicationDate")),
        citations=_int(item.get("citationCount")),
        influential_citations=_int(item.get("influentialCitationCount")),
        tldr=_text(tldr.get("text")) if isinstance(tldr, dict) else None,
        arxiv_id=arxiv,
        doi=_text(external.get("DOI")),
        oa_pdf=_text(pdf.get("url")) if isinstance(pdf, dict) else None,
        external_ids=external,
    )


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
