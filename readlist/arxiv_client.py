"""Asking arXiv: the only module that imports `arxiv` (and requests), lazily. It owns batching,
pacing, timeouts, retries and the on-disk cache of raw API responses; every failure it meets
becomes a NetworkError with a message that says what to do.
"""

from __future__ import annotations

import contextlib
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from readlist.callbacks import ProgressFn
from readlist.config import BY_KEY
from readlist.errors import NetworkError, NotCached
from readlist.ids import MalformedId, parse_id
from readlist.sources import http
from readlist.sources.http import (
    RETRY_STATUSES,
    BatchReport,
    Pacer,
    ResponseCache,
    Service,
    WaitFn,
    back_off_or_give_up,
    gave_up,
    reason_of,
    retry_after_seconds,
    run_batches,
    seconds_from_env,
    timed_out,
    url_from_env,
)

URL_ENV = "READLIST_ARXIV_URL"
DELAY_ENV = BY_KEY["arxiv.delay"].env or ""
TIMEOUT_ENV = BY_KEY["arxiv.timeout"].env or ""
DEFAULT_URL = "https://export.arxiv.org/api/query"
DEFAULT_DELAY: float = BY_KEY["arxiv.delay"].default
# arXiv's terms of use: no more than one request every three seconds, on one connection.
ARXIV_MIN_DELAY = 3.0
DEFAULT_TIMEOUT: float = BY_KEY["arxiv.timeout"].default
# `readlist add` waits for one quick answer at most; `readlist fetch` does the patient work.
QUICK_TIMEOUT = 10.0
CHUNK_SIZE = 100
# One search request ORs several queries together. arXiv answers 414 to URLs of some thousands
# of characters; 2,000 characters of query stay well below that once encoded.
QUERY_BUDGET = 2000
QUERIES_PER_REQUEST = 20
RESULTS_PER_QUERY = 10
SERVICE = Service(
    name="arXiv",
    key="ARXIV",
    default_url=DEFAULT_URL,
    default_delay=DEFAULT_DELAY,
    min_delay=ARXIV_MIN_DELAY,
    host="arxiv.org",
    default_timeout=DEFAULT_TIMEOUT,
)


_ATOM = "{http://www.w3.org/2005/Atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


@dataclass(frozen=True)
class Settings(http.Settings):
    """Where and how politely to ask arXiv: the shared settings of a polite client (the pace
    never below arXiv's own rule, the quick variant), with arXiv's defaults, so that
    `Settings(url=..., delay=...)` needs no service."""

    service: Service = SERVICE
    url: str = DEFAULT_URL
    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls, service: Service = SERVICE) -> Settings:
        """READLIST_ARXIV_URL, READLIST_ARXIV_DELAY and READLIST_ARXIV_TIMEOUT, checked (the
        delay and timeout default to the config file's); the cache under the cache folder."""
        from readlist import config
        from readlist.paths import cache_dir

        url = url_from_env(URL_ENV, DEFAULT_URL, "query URL")
        delay = seconds_from_env(DELAY_ENV, config.get("arxiv.delay"), allow_zero=True)
        timeout = seconds_from_env(TIMEOUT_ENV, config.get("arxiv.timeout"), allow_zero=False)
        return cls(url=url, delay=delay, timeout=timeout, cache=cache_dir() / "arxiv")


@dataclass(frozen=True)
class ArxivRecord:
    """One paper as arXiv describes it (its latest version unless a version was asked for)."""

    arxiv_id: str  # canonical, without version
    version: int | None
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    published: date | None = None
    updated: date | None = None
    primary_category: str | None = None
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    pdf_url: str | None = None


# What a lookup of ids found (canonical id -> record), and what it could not.
LookupReport = BatchReport[ArxivRecord]


@dataclass
class SearchAnswer:
    """The papers one search request found, and whether they are all it matched (arXiv gives
    one page; `complete` is False when it had more than the page held)."""

    records: list[ArxivRecord]
    complete: bool


def any_of(queries: Sequence[str]) -> str:
    """One arXiv query matching what any of `queries` matches."""
    if len(queries) == 1:
        return queries[0]
    return " OR ".join(f"({q})" if _is_compound(q) else q for q in queries)


def _is_compound(query: str) -> bool:
    outside_quotes = query.split('"')[::2]
    return any(op in part for part in outside_quotes for op in (" AND ", " OR ", " ANDNOT "))


def pack_queries(
    queries: Sequence[str], budget: int = QUERY_BUDGET, most: int = QUERIES_PER_REQUEST
) -> list[list[str]]:
    """`queries` grouped, in order, so that each group ORed together is one request of at most
    `budget` characters and `most` queries (a longer query goes alone)."""
    packs: list[list[str]] = []
    size = 0
    for query in queries:
        cost = len(query) + 6  # " OR " and parentheses
        if packs and len(packs[-1]) < most and size + cost <= budget:
            packs[-1].append(query)
            size += cost
        else:
            packs.append([query])
            size = cost
    return packs


class _BadAnswer(Exception):
    """A 200 answer that is not an Atom feed of results (an HTML page, an error feed...)."""


class _EmptyAnswer(Exception):
    """No entries at all for several ids: arXiv's API sometimes answers so by mistake."""


class _OnePageOnly(Exception):
    """The package asked for a second page: readlist sizes every request to need only one."""


def plan_chunks(
    ids: Iterable[str], size: int = CHUNK_SIZE
) -> tuple[list[list[str]], dict[str, str]]:
    """The ids to send, checked, without duplicates, in chunks of at most `size`, and the
    malformed ones (text -> reason), which are never sent: one bad id makes arXiv refuse the
    whole request. A versioned id is sent with its version; others ask for the latest."""
    wanted: dict[str, str] = {}  # canonical id -> the form sent (the first one given)
    malformed: dict[str, str] = {}
    for text in ids:
        try:
            parsed = parse_id(text)
        except MalformedId as exc:
            malformed[text] = str(exc)
            continue
        except ValueError:
            malformed[text] = "not an arXiv id"
            continue
        wanted.setdefault(parsed.id, parsed.versioned)
    ordered = list(wanted.values())
    return [ordered[i : i + size] for i in range(0, len(ordered), size)], malformed


class ArxivClient:
    name = "arXiv"

    """Asks arXiv's API for papers by id and for searches, one request at a time.

    `offline` answers only from the cache; `refresh` asks arXiv again even when the cache has
    an answer (and stores the new one).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        offline: bool = False,
        refresh: bool = False,
        on_wait: WaitFn | None = None,
    ) -> None:
        self.settings = settings if settings is not None else Settings.from_env()
        self.offline = offline
        self.refresh = refresh
        self.cache = ResponseCache(self.settings.cache) if self.settings.cache else None
        self.requests = 0
        self.cached = 0
        self._session: Any = None
        self.pacer = Pacer("arXiv", self.settings.delay, on_wait)

    # --- public ---------------------------------------------------------------------------

    def lookup(self, ids: Iterable[str], on_progress: ProgressFn | None = None) -> LookupReport:
        """Every paper of `ids` (any id form), in ceil(N/100) requests, matched back by id.

        Never raises for network trouble: the report says what was found, what arXiv does not
        know, what was not fetched and why. Ctrl-C stops it with `interrupted` set.
        """
        chunks, malformed = plan_chunks(ids)
        report = LookupReport(malformed=malformed)
        wanted = [[_canonical(i) for i in chunk] for chunk in chunks]
        sent = {_canonical(i): i for chunk in chunks for i in chunk}
        return run_batches(
            self,
            wanted,
            lambda chunk: self._lookup_chunk([sent[i] for i in chunk]),
            report,
            on_progress,
        )

    def search(self, query: str, max_results: int = 5) -> list[ArxivRecord]:
        """The first `max_results` papers arXiv finds for `query` (its search syntax, e.g.
        `ti:"some title"`), best first. Raises NetworkError (NotCached when offline)."""
        import arxiv

        request = arxiv.Search(query=query, max_results=max_results)
        return [r for r in (_record(x) for x in self._ask(request, max_results)) if r]

    def search_any(
        self, queries: Sequence[str], per_query: int = RESULTS_PER_QUERY
    ) -> SearchAnswer:
        """In one request, the papers matching any of `queries` (ORed), up to `per_query`
        results for each. Raises NetworkError (NotCached when offline)."""
        import arxiv

        wanted = max(1, per_query * len(queries))
        request = arxiv.Search(query=any_of(queries), max_results=wanted)
        results = self._ask(request, wanted)
        records = [r for r in (_record(x) for x in results) if r]
        last = self._session.last if self._session else None
        total = _total_results(last.body) if last else None
        return SearchAnswer(records, complete=total is None or total <= len(results))

    # --- one request ----------------------------------------------------------------------

    def _lookup_chunk(
        self, chunk: list[str]
    ) -> tuple[dict[str, ArxivRecord], list[str], list[str]]:
        import arxiv

        request = arxiv.Search(id_list=chunk, max_results=len(chunk))
        results = self._ask(request, len(chunk), empty_is_suspect=len(chunk) > 1)
        wanted = {_canonical(i) for i in chunk}
        found: dict[str, ArxivRecord] = {}
        for result in results:
            record = _record(result)
            if record is not None and record.arxiv_id in wanted:
                found[record.arxiv_id] = record
        missing = [i for i in dict.fromkeys(_canonical(i) for i in chunk) if i not in found]
        return found, missing, []

    def _client(self, page_size: int) -> Any:
        import arxiv

        # The package's own pacing and retries are off: they sleep without bound, retry at
        # once, and cannot tell a 503 from a 400. This module does both (see `_ask`).
        client = arxiv.Client(page_size=page_size, delay_seconds=0.0, num_retries=0)
        base = self.settings.url.replace("{", "{{").replace("}", "}}")
        client.query_url_format = base + ("&{}" if "?" in base else "?{}")
        if self._session is None:
            self._session = _session_class()(self)
        client._session = self._session
        return client

    def _ask(self, request: Any, page_size: int, *, empty_is_suspect: bool = False) -> list[Any]:
        """The results of one API request, after at most `attempts` tries with growing pauses
        on 429, 5xx, timeouts, connection errors and suspiciously empty answers."""
        import arxiv
        import requests

        client = self._client(page_size)
        attempts = max(1, self.settings.attempts)
        for attempt in range(1, attempts + 1):
            session = self._session
            session.last = None
            session.pages_left = 1
            results: list[Any] = []
            try:
                with contextlib.suppress(_OnePageOnly):
                    results.extend(client.results(request))
                if empty_is_suspect and not results and not session.last_from_cache:
                    raise _EmptyAnswer()
            except NotCached:
                raise
            except _BadAnswer as exc:
                raise NetworkError(
                    f"{self.where()} answered with {exc}; {self.try_again()}"
                ) from None
            except arxiv.HTTPError as exc:
                problem, retry_after = self._http_problem(exc.status)
                if exc.status == 400:
                    # readlist checks ids before sending, so this is readlist's fault.
                    raise NetworkError(
                        f"{self.where()} {problem}; this is a bug in readlist, please report it"
                    ) from None
                if exc.status not in RETRY_STATUSES:
                    raise NetworkError(gave_up(self, problem, attempt)) from None
                back_off_or_give_up(self, attempt, attempts, problem, retry_after=retry_after)
                continue
            except (_EmptyAnswer, arxiv.UnexpectedEmptyPageError):
                if attempt < attempts:
                    self.pacer.back_off(attempt, None, "sent an empty answer")
                    continue
                results = []  # arXiv insists: the ids are reported as unknown
            except requests.exceptions.Timeout:
                problem, hint = timed_out(self.settings.timeout, TIMEOUT_ENV)
                back_off_or_give_up(self, attempt, attempts, problem, hint=hint)
                continue
            except requests.exceptions.RequestException as exc:
                problem = f"could not be reached ({reason_of(exc)})"
                back_off_or_give_up(self, attempt, attempts, problem)
                continue
            except ValueError as exc:  # the package's parser met a bad date or number
                raise NetworkError(
                    f"{self.where()} answered with a feed readlist cannot read ({exc}); "
                    f"{self.try_again()}"
                ) from None
            body = session.last.body if session.last else None
            if body is not None and not session.last_from_cache and self.cache:
                self.cache.put(session.last.url, body)
            return results
        raise AssertionError("unreachable")  # pragma: no cover

    def _http_problem(self, status: int) -> tuple[str, float | None]:
        last = self._session.last if self._session else None
        retry_after = retry_after_seconds(last.headers.get("Retry-After")) if last else None
        if status == 400 and last is not None:
            reason = _error_feed_reason(last.body) or "bad request"
            return f"refused the request (HTTP 400: {reason})", None
        if status == 429:
            return "asked readlist to slow down (HTTP 429)", retry_after
        if status == 503:
            return "is busy or down for maintenance (HTTP 503)", retry_after
        return f"answered HTTP {status}", retry_after

    def where(self) -> str:
        return SERVICE.where(self.settings.url)

    def try_again(self) -> str:
        return SERVICE.try_again(self.settings.url)


@dataclass
class _Answer:
    url: str
    status: int
    body: bytes
    headers: dict[str, str]


def _session_class() -> Any:
    """The requests.Session that every request of an ArxivClient goes through: it answers from
    the cache, paces, applies the timeout, and keeps the raw answer. Built on first use so that
    requests is imported only when arXiv is asked."""
    global _SESSION_CLASS
    if _SESSION_CLASS is not None:
        return _SESSION_CLASS
    import requests

    from readlist import __version__

    class ArxivSession(requests.Session):
        def __init__(self, owner: ArxivClient) -> None:
            super().__init__()
            self.owner = owner
            self.last: _Answer | None = None
            self.last_from_cache = False
            self.pages_left = 1
            self.headers["User-Agent"] = f"readlist/{__version__} (arxiv.py; one request per 3 s)"

        def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
            owner = self.owner
            url_text = url.decode() if isinstance(url, bytes) else url
            if self.pages_left <= 0:
                raise _OnePageOnly()
            self.pages_left -= 1
            self.last_from_cache = False
            if owner.cache is not None and not owner.refresh:
                body = owner.cache.get(url_text)
                if body is not None:
                    owner.cached += 1
                    self.last_from_cache = True
                    self.last = _Answer(url_text, 200, body, {})
                    return _cached_response(url_text, body)
            if owner.offline:
                raise NotCached(f"--offline: no cached arXiv answer for {url_text}")
            from readlist.sources.http import _read_until, _Stalled

            timeout = owner.settings.timeout
            # The timeout bounds the whole request, not each read of the socket (a server
            # sending a byte a second would never time out); redirects are not followed.
            kwargs.update(timeout=timeout, stream=True, allow_redirects=False)
            kwargs.pop("headers", None)  # the package's User-Agent; ours names readlist
            owner.pacer.wait_turn()
            deadline = time.monotonic() + timeout
            try:
                verb = method.decode() if isinstance(method, bytes) else method
                response = super().request(verb, url_text, *args, **kwargs)
                with response:
                    response._content = _read_until(response, deadline)
            except _Stalled:
                raise requests.exceptions.ReadTimeout(
                    f"no whole answer within {timeout:g} s"
                ) from None
            finally:
                owner.pacer.done()
                owner.requests += 1
            if response.is_redirect:
                target = urlsplit(response.headers.get("Location", "")).netloc or "elsewhere"
                raise _BadAnswer(
                    f"a redirect to {target}, which readlist does not follow (set {URL_ENV} "
                    "to the address that answers)"
                )
            self.last = _Answer(
                url_text, response.status_code, response.content, dict(response.headers)
            )
            if response.status_code == 200:
                problem = _feed_problem(response.content)
                if problem:
                    raise _BadAnswer(problem)
            return response

    _SESSION_CLASS = ArxivSession
    return ArxivSession


_SESSION_CLASS: Any = None


def _cached_response(url: str, body: bytes) -> Any:
    import requests

    response = requests.Response()
    response.status_code = 200
    response._content = body
    response.url = url
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response


# --- reading answers ----------------------------------------------------------------------


def _feed_problem(body: bytes) -> str | None:
    """Why a 200 answer is not a feed of results, or None when it is one."""
    head = body.lstrip()[:1024].lower()
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "an HTML page instead of an Atom feed"
    if not head:
        return "an empty answer instead of an Atom feed"
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        return f"a malformed feed ({exc})"
    if root.tag != f"{_ATOM}feed":
        return f"XML that is not an Atom feed (<{root.tag.rsplit('}', 1)[-1]}>)"
    reason = _error_entry(root)
    if reason:
        return f"an error ({reason})"
    return None


def _error_entry(root: ET.Element) -> str | None:
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = entry.findtext(f"{_ATOM}id") or ""
        if "/api/errors" in entry_id:
            return " ".join((entry.findtext(f"{_ATOM}summary") or "unknown error").split())
    return None


def _total_results(body: bytes) -> int | None:
    """How many results the feed says the query matched (None when it does not say)."""
    try:
        text = ET.fromstring(body).findtext(f"{_OPENSEARCH}totalResults")
    except ET.ParseError:
        return None
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _error_feed_reason(body: bytes) -> str | None:
    try:
        return _error_entry(ET.fromstring(body))
    except ET.ParseError:
        return None


def _canonical(text: str) -> str:
    return parse_id(text).id


def _record(result: Any) -> ArxivRecord | None:
    """An ArxivRecord from the package's Result (None for an entry without a usable id)."""
    try:
        parsed = parse_id(result.get_short_id())
    except ValueError:
        return None
    return ArxivRecord(
        arxiv_id=parsed.id,
        version=parsed.version,
        title=_clean(result.title) or "",
        authors=[name for name in (_clean(a.name) for a in result.authors) if name],
        abstract=_clean(result.summary) or "",
        published=_date(result.published),
        updated=_date(result.updated),
        primary_category=_clean(result.primary_category),
        categories=list(dict.fromkeys(c for c in result.categories if c)),
        doi=_clean(result.doi),
        journal_ref=_clean(result.journal_ref),
        comment=_clean(result.comment),
        pdf_url=_clean(result.pdf_url),
    )


def _clean(text: str | None) -> str | None:
    """Whitespace collapsed (arXiv hard-wraps titles and abstracts); None when empty."""
    if not text:
        return None
    return " ".join(text.split()) or None


def _date(value: datetime | None) -> date | None:
    if value is None or value == datetime.min:
        return None
    return value.date()
