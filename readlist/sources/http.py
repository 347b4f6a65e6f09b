"""The polite HTTP client that the JSON metadata sources (Semantic Scholar, Crossref) share:
one request at a time, paced per the service's documented limits, a timeout that bounds the
whole request, retries that honour Retry-After, a cache of raw answers, and `--offline`.
Every failure becomes a NetworkError whose message names the service and what to do.

requests is imported when the first request is sent, never before.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Generic, Protocol, Self, TypeVar
from urllib.parse import urlencode, urlsplit

from readlist.callbacks import ProgressFn
from readlist.env import seconds_from_env
from readlist.errors import NetworkError, NotCached, UsageError

ATTEMPTS = 4  # the first try and three retries
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A server asking for a longer pause than this is not waited for: the run stops and says when
# to try again.
MAX_RETRY_AFTER = 120.0
QUICK_TIMEOUT = 10.0
CHUNK_BYTES = 64 * 1024
MAX_ANSWER_BYTES = 64 * 1024 * 1024  # Semantic Scholar caps its answers at 10 MB

# (seconds to wait, why): told before every pause of WAIT_TOLD seconds or more.
WAIT_TOLD = 0.25
WaitFn = Callable[[float, str], None]
R = TypeVar("R")


@dataclass(frozen=True)
class Service:
    """A metadata source: its name in messages, the prefix of its environment variables
    (READLIST_<KEY>_URL, _DELAY, _TIMEOUT), its address, and its pacing."""

    name: str
    key: str
    default_url: str
    default_delay: float  # seconds between requests
    min_delay: float  # the least pause allowed against the real service (its terms)
    host: str  # the real service's domain: the minimum pause applies there
    default_timeout: float = 30.0

    @property
    def url_env(self) -> str:
        return f"READLIST_{self.key}_URL"

    @property
    def delay_env(self) -> str:
        return f"READLIST_{self.key}_DELAY"

    @property
    def timeout_env(self) -> str:
        return f"READLIST_{self.key}_TIMEOUT"

    def is_real(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host == self.host or host.endswith("." + self.host)

    def where(self, url: str) -> str:
        """How messages name the service asked at `url`: by its name, or by the address set."""
        if self.is_real(url):
            return self.name
        return f"the {self.name} API at {url}"

    def try_again(self, url: str) -> str:
        """What to do when the service at `url` fails."""
        if self.is_real(url):
            return "try again later"
        return f"check {self.url_env} or try again later"


@dataclass(frozen=True)
class Settings:
    """Where and how politely to ask one service."""

    service: Service
    url: str
    delay: float
    timeout: float
    attempts: int = ATTEMPTS
    cache: Path | None = None

    def __post_init__(self) -> None:
        if self.service.is_real(self.url) and self.delay < self.service.min_delay:
            object.__setattr__(self, "delay", self.service.min_delay)

    @classmethod
    def from_env(cls, service: Service) -> Settings:
        """The service's address, pause and timeout from the environment (checked), the cache
        under the user cache folder."""
        from readlist.paths import cache_dir

        url = url_from_env(service.url_env, service.default_url, "base URL")
        delay = seconds_from_env(service.delay_env, service.default_delay, allow_zero=True)
        timeout = seconds_from_env(service.timeout_env, service.default_timeout, allow_zero=False)
        return cls(
            service, url.rstrip("/"), delay, timeout, cache=cache_dir() / service.key.lower()
        )

    def quick(self) -> Self:
        """One try with a short timeout: for asking while the user waits."""
        return replace(self, timeout=min(self.timeout, QUICK_TIMEOUT), attempts=1)


def url_from_env(name: str, default: str, noun: str) -> str:
    """An http(s) address from the environment variable `name`, or `default`."""
    url = os.environ.get(name, "").strip() or default
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"{name}={url!r} is not an http(s) address; set it to the API's {noun}, "
            f"such as {default}"
        )
    return url


@dataclass
class Answer:
    status: int
    body: bytes
    from_cache: bool = False

    def json(self) -> Any:
        return json.loads(self.body)


class _Stalled(Exception):
    """The whole request took longer than the timeout."""


class Pacer:
    """One service's pace: at least `delay` seconds from the end of a request to the start of
    the next, longer after a failure (doubling per try) or when the server asks (Retry-After).
    Tells `on_wait` what it waits for before each pause worth telling."""

    def __init__(self, name: str, delay: float, on_wait: WaitFn | None = None) -> None:
        self.name = name
        self.delay = delay
        self.on_wait = on_wait
        self._last_end: float | None = None
        self._not_before = 0.0
        self._why = ""

    def wait_turn(self) -> None:
        if self._last_end is not None:
            self._not_before = max(self._not_before, self._last_end + self.delay)
        pause = self._not_before - time.monotonic()
        if pause > 0:
            if self.on_wait and pause >= WAIT_TOLD:
                self.on_wait(
                    pause, self._why or f"{self.name} allows one request every {self.delay:g} s"
                )
            time.sleep(pause)
        self._why = ""

    def done(self) -> None:
        self._last_end = time.monotonic()

    def back_off(self, attempt: int, retry_after: float | None, why: str) -> None:
        """Make the next request wait: the delay doubled for each try so far, or what the
        server asked for (Retry-After, at most MAX_RETRY_AFTER), whichever is longer."""
        pause = self.delay * (2**attempt)
        if retry_after is not None:
            pause = max(pause, min(retry_after, MAX_RETRY_AFTER))
        self._not_before = max(self._not_before, time.monotonic() + pause)
        asked = f", Retry-After: {retry_after:g} s" if retry_after is not None else ""
        self._why = f"{self.name} {why}{asked}; trying again"


class PoliteClient:
    """Sends one request at a time to one service, politely. `offline` answers only from the
    cache; `refresh` asks again even when the cache has an answer."""

    def __init__(
        self,
        settings: Settings,
        *,
        offline: bool = False,
        refresh: bool = False,
        headers: Mapping[str, str] | None = None,
        on_wait: WaitFn | None = None,
        hint: str | None = None,
    ) -> None:
        self.settings = settings
        self.service = settings.service
        self.name = settings.service.name
        self.offline = offline
        self.refresh = refresh
        self.headers = dict(headers or {})
        self.hint = hint  # what to check when the service refuses us (a key, an address)
        self.cache = ResponseCache(settings.cache, ".json") if settings.cache else None
        self.requests = 0
        self.cached = 0
        self._session: Any = None
        self.pacer = Pacer(self.name, settings.delay, on_wait)

    # --- public ---------------------------------------------------------------------------

    def send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        *,
        accept: frozenset[int] = frozenset({200}),
        check: Callable[[Answer], str | None] | None = None,
    ) -> Answer:
        """The answer to one request (JSON `body` for a POST), after at most `attempts` tries.

        `accept` lists the statuses that are answers (others are errors); `check` says why a
        200 answer is unusable (garbage, the wrong shape), or None. Good 200 answers are cached.
        Raises NetworkError (NotCached when offline and not cached).
        """
        url = self.settings.url + path + (("?" + urlencode(params)) if params else "")
        data = json.dumps(body, sort_keys=True).encode() if body is not None else None
        key = f"{method} {url} {data.decode() if data else ''}"
        if self.cache is not None and not self.refresh:
            cached = self.cache.get(key)
            if cached is not None:
                self.cached += 1
                return Answer(200, cached, from_cache=True)
        if self.offline:
            raise NotCached(f"--offline: no cached {self.service.name} answer for {url}")
        attempts = max(1, self.settings.attempts)
        for attempt in range(1, attempts + 1):
            try:
                answer, retry_after = self._send_once(method, url, data)
            except _Stalled:
                problem, hint = timed_out(self.settings.timeout, self.service.timeout_env)
                back_off_or_give_up(self, attempt, attempts, problem, hint=hint)
                continue
            except OSError as exc:  # requests' ConnectionError and friends derive from it
                problem = f"could not be reached ({reason_of(exc)})"
                back_off_or_give_up(self, attempt, attempts, problem)
                continue
            if answer.status in accept:
                if answer.status == 200:
                    why = _json_problem(answer.body) or (check(answer) if check else None)
                    if why:
                        raise NetworkError(
                            f"{self.where()} answered with {why}; {self.try_again()}"
                        ) from None
                    if self.cache is not None:
                        self.cache.put(key, answer.body)
                return answer
            problem = _status_problem(answer)
            if answer.status not in RETRY_STATUSES:
                raise NetworkError(f"{self.where()} {problem}; {self._refused_hint(answer)}")
            if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                raise NetworkError(
                    f"{self.where()} {problem} and asked to wait {retry_after:.0f} s; "
                    f"try again in {_minutes(retry_after)}"
                )
            back_off_or_give_up(self, attempt, attempts, problem, retry_after=retry_after)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- one request ----------------------------------------------------------------------

    def _send_once(self, method: str, url: str, data: bytes | None) -> tuple[Answer, float | None]:
        import requests

        if self._session is None:
            from readlist import __version__

            self._session = requests.Session()
            self._session.headers["User-Agent"] = f"readlist/{__version__}"
            self._session.headers.update(self.headers)
        self.pacer.wait_turn()
        timeout = self.settings.timeout
        deadline = time.monotonic() + timeout
        headers = {"Content-Type": "application/json"} if data is not None else {}
        try:
            response = self._session.request(
                method, url, data=data, headers=headers, timeout=timeout, stream=True
            )
            with response:
                body = _read_until(response, deadline)
        except requests.exceptions.Timeout:
            raise _Stalled() from None
        except requests.exceptions.RequestException as exc:
            raise ConnectionError(str(exc)) from None
        finally:
            self.pacer.done()
            self.requests += 1
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        return Answer(response.status_code, body), retry_after

    # --- messages -------------------------------------------------------------------------

    def where(self) -> str:
        return self.service.where(self.settings.url)

    def try_again(self) -> str:
        return self.service.try_again(self.settings.url)

    def _refused_hint(self, answer: Answer) -> str:
        if answer.status in (401, 403) and self.hint:
            return self.hint
        if answer.status == 400:
            return "this is a bug in readlist, please report it"
        return self.try_again()


class Retrying(Protocol):
    """What a client that retries has: its pace, and the words for where it asks and what to
    do when that fails."""

    pacer: Pacer

    def where(self) -> str: ...

    def try_again(self) -> str: ...


def back_off_or_give_up(
    client: Retrying,
    attempt: int,
    attempts: int,
    problem: str,
    *,
    retry_after: float | None = None,
    hint: str | None = None,
) -> None:
    """After a failed try: make the next one wait, or after the last, raise the NetworkError."""
    if attempt == attempts:
        raise NetworkError(gave_up(client, problem, attempt, hint)) from None
    client.pacer.back_off(attempt, retry_after, problem)


def gave_up(client: Retrying, problem: str, attempt: int, hint: str | None = None) -> str:
    """Why the client stops: what went wrong, after how many tries, and what to do."""
    tries = f" ({attempt} tries)" if attempt > 1 else ""
    return f"{client.where()} {problem}{tries}; {hint or client.try_again()}"


def timed_out(timeout: float, timeout_env: str) -> tuple[str, str]:
    """A request that outlived its timeout: the problem, and the hint once no try is left."""
    longer = f"{timeout_env}={max(60, 2 * timeout):g}"
    return (
        f"did not answer within {timeout:g} s",
        f"try again later, or give it more time with {longer}",
    )


def _read_until(response: Any, deadline: float) -> bytes:
    """The body, read in chunks; a server still sending at the deadline is stalled."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK_BYTES):
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise _Stalled()
        if size > MAX_ANSWER_BYTES:
            break
    return b"".join(chunks)


def _json_problem(body: bytes) -> str | None:
    head = body.lstrip()[:256].lower()
    if not head:
        return "an empty answer instead of JSON"
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML page instead of JSON"
    try:
        json.loads(body)
    except ValueError as exc:
        return f"something that is not JSON ({exc})"
    return None


def _status_problem(answer: Answer) -> str:
    message = _error_message(answer.body)
    said = f": {message}" if message else ""
    if answer.status == 429:
        return f"asked readlist to slow down (HTTP 429{said})"
    if answer.status == 503:
        return f"is busy or down for maintenance (HTTP 503{said})"
    if answer.status in (401, 403):
        return f"refused the request (HTTP {answer.status}{said})"
    return f"answered HTTP {answer.status}{said}"


def _error_message(body: bytes) -> str | None:
    """What an error answer says, in one short line (JSON `message`/`error`, or plain text)."""
    try:
        data = json.loads(body)
    except ValueError:
        text = body.decode("utf-8", "replace").strip()
        return " ".join(text.split())[:120] if text and "<" not in text[:1] else None
    if isinstance(data, dict):
        for name in ("message", "error"):
            value = data.get(name)
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())[:120]
    return None


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date (None when it is neither)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


_REASONS = (
    ("Connection refused", "connection refused"),
    ("RemoteDisconnected", "the server closed the connection without answering"),
    ("Connection aborted", "the server closed the connection without answering"),
    ("Connection reset", "the connection was reset"),
    ("Name or service not known", "unknown host name"),
    ("Temporary failure in name resolution", "no DNS: are you offline?"),
    ("Network is unreachable", "the network is unreachable: are you offline?"),
    ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate could not be verified"),
)


def reason_of(exc: Exception) -> str:
    """Why a connection failed, in words a user can act on."""
    text = str(exc)
    for marker, reason in _REASONS:
        if marker in text:
            return reason
    return type(exc).__name__


@dataclass
class BatchReport(Generic[R]):
    """What a lookup of many ids found (id -> record), what the service does not know, what
    was not fetched, and what stopped it. Ids are in the form they were asked by."""

    found: dict[str, R] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    malformed: dict[str, str] = field(default_factory=dict)  # text given -> why it is no id
    not_fetched: list[str] = field(default_factory=list)
    error: NetworkError | None = None
    interrupted: bool = False  # Ctrl-C: `found` holds what finished before it
    requests: int = 0
    cached: int = 0


# One request for a chunk of ids: (found, unknown to the service, left out of a cut answer).
AskFn = Callable[[list[str]], tuple[dict[str, R], list[str], list[str]]]


def lookup_in_batches(
    client: PoliteClient,
    texts: Iterable[str],
    normalize: Callable[[str], str],
    batch: int,
    ask: AskFn[R],
    on_progress: ProgressFn | None = None,
) -> BatchReport[R]:
    """Every id of `texts` (normalised; those `normalize` refuses are reported as malformed
    and never sent), asked `batch` at a time."""
    report: BatchReport[R] = BatchReport()
    wanted: dict[str, None] = {}
    for text in texts:
        try:
            wanted[normalize(text)] = None
        except ValueError as exc:
            report.malformed[text] = str(exc)
    ordered = list(wanted)
    chunks = [ordered[i : i + batch] for i in range(0, len(ordered), batch)]
    return run_batches(client, chunks, ask, report, on_progress)


class Asker(Protocol):
    """What run_batches needs of a client: its name, request counts and messages."""

    name: str
    requests: int
    cached: int

    def where(self) -> str: ...

    def try_again(self) -> str: ...


def run_batches(
    client: Asker,
    chunks: Sequence[list[str]],
    ask: AskFn[R],
    report: BatchReport[R],
    on_progress: ProgressFn | None = None,
) -> BatchReport[R]:
    """Ask for every chunk in turn, filling `report`. Never raises for network trouble: a
    failure stops the run (the rest is not fetched), Ctrl-C stops it with `interrupted` set,
    and offline a chunk that is not cached is skipped."""
    name = client.name
    uncached: list[str] = []
    if on_progress:
        on_progress(0, len(chunks))
    for position, chunk in enumerate(chunks):
        try:
            found, missing, cut = ask(chunk)
        except KeyboardInterrupt:
            report.interrupted = True
            report.not_fetched.extend(i for c in chunks[position:] for i in c)
            break
        except NotCached:
            uncached.extend(chunk)
            report.not_fetched.extend(chunk)
            continue
        except NetworkError as exc:
            report.error = exc
            report.not_fetched.extend(i for c in chunks[position:] for i in c)
            break
        finally:
            report.requests, report.cached = client.requests, client.cached
        report.found.update(found)
        report.missing.extend(missing)
        if cut:
            report.not_fetched.extend(cut)
            report.error = report.error or NetworkError(
                f"{client.where()} answered {len(chunk) - len(cut)} of {len(chunk)} ids "
                f"(a partial answer); {client.try_again()}"
            )
        if on_progress:
            on_progress(position + 1, len(chunks))
    if uncached and report.error is None:
        papers = f"{len(uncached)} paper{'s' if len(uncached) != 1 else ''}"
        report.error = NotCached(
            f"--offline: no cached {name} answer for {papers} ({some(uncached)}); "
            f"run the command without --offline to ask {name}"
        )
    return report


def some(items: Sequence[str], limit: int = 5) -> str:
    """The first `limit` items, and how many more there are."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


class ResponseCache:
    """Raw API answers on disk, one file per request. Only good answers are kept; a cache that
    cannot be read or written is simply not used."""

    def __init__(self, folder: Path, suffix: str = ".xml") -> None:
        self.folder = folder
        self.suffix = suffix

    def path_for(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path_for(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, body: bytes) -> None:
        import contextlib

        from readlist.disk import atomic_write

        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path_for(key), body)
