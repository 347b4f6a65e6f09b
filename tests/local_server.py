"""A local HTTP server for tests (a thread on 127.0.0.1, ephemeral port) that records every
request and can be scripted per request ("503", "429", "hang", "garbage"...). Each API's
stand-in subclasses it and says what the real API would answer (`answer`)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>We are down for maintenance</title></head>"
    b"<body><h1>We are down for maintenance</h1><p>Please try again later.</p></body></html>\n"
)


@dataclass
class Request:
    """One request the server got."""

    path: str
    query: dict[str, str]
    time: float  # time.monotonic() on arrival
    method: str = "GET"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        """arXiv's id_list, split."""
        raw = self.query.get("id_list", "")
        return raw.split(",") if raw else []

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


NO_REPLY = Reply(0, b"")  # hang up without answering
GARBAGE = b'{"data": [{"paperId": '  # JSON cut off mid-way


def interrupt_main_thread() -> Action:
    """An action that answers nothing and sends Ctrl-C (SIGINT) to the test's main thread,
    as a user pressing Ctrl-C while readlist waits for the server."""
    import signal

    main = threading.main_thread().ident
    assert main is not None

    def interrupt(server: LocalServer, request: Request) -> Reply | None:
        signal.pthread_kill(main, signal.SIGINT)
        return None

    return interrupt


# A scripted action: a word understood by `act`, or a callable(server, request) returning a
# Reply (or None to answer normally after doing something, such as sending Ctrl-C).
Action = str | Callable[["LocalServer", Request], Reply | None]


class LocalServer:
    """The server, its script and what it got. `script(...)` queues actions for the next
    requests; `always` answers every request (after the script) with one action."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.actions: deque[Action] = deque()
        self.always: Action | None = None
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    def script(self, *actions: Action) -> None:
        self.actions.extend(actions)

    @property
    def root(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                server.handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                server.handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def queries(self) -> list[dict[str, str]]:
        return [r.query for r in self.requests]

    def handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in handler.headers.items()}
        request = Request(parts.path, query, time.monotonic(), method, body, headers)
        with self._lock:
            self.requests.append(request)
            action = self.actions.popleft() if self.actions else self.always
        reply = self.act(action, request, handler) if action is not None else None
        if reply is None:
            reply = self.answer(request)
        if reply is NO_REPLY or self.stopping.is_set():
            handler.close_connection = True
            return
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", reply.content_type)
            if reply.headers.get("Transfer-Encoding") != "chunked":
                handler.send_header("Content-Length", str(len(reply.body)))
            for key, value in reply.headers.items():
                handler.send_header(key, value)
            handler.send_header("Connection", "close")
            handler.end_headers()
            if reply.headers.get("Transfer-Encoding") == "chunked":
                self.dribble(handler, reply.body)
            else:
                handler.wfile.write(reply.body)
        except OSError:
            pass  # the client gave up (a timeout test): nothing to tell it
        handler.close_connection = True

    def dribble(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        """Send `body` a byte every 50 ms (chunked): a server that answers but never finishes
        in time, until the test stops it."""
        for byte in body:
            if self.stopping.is_set():
                return
            handler.wfile.write(b"1\r\n" + bytes([byte]) + b"\r\n")
            handler.wfile.flush()
            time.sleep(0.05)
        handler.wfile.write(b"0\r\n\r\n")

    def act(
        self, action: Action, request: Request, handler: BaseHTTPRequestHandler
    ) -> Reply | None:
        """The reply a scripted action gives (None: answer as the real API would)."""
        if callable(action):
            return action(self, request)
        if action in ("503", "429", "500", "502"):
            headers = {"Retry-After": "0"} if action == "429" else {}
            return Reply(int(action), b"Service Unavailable\n", "text/plain", headers)
        if action == "html":
            return Reply(200, HTML_PAGE, "text/html; charset=utf-8")
        if action == "garbage":
            return Reply(200, GARBAGE)
        if action == "dribble":
            return Reply(200, b"[" + b" " * 400 + b"]", headers={"Transfer-Encoding": "chunked"})
        if action == "hang":
            self.stopping.wait(30)
            return NO_REPLY
        if action == "close":
            return NO_REPLY
        if action == "ok":
            return self.answer(request)
        raise ValueError(f"unknown action {action!r}")

    def answer(self, request: Request) -> Reply:
        raise NotImplementedError


def too_many_requests(retry_after: str, body: bytes = b"") -> Action:
    """An action answering HTTP 429 with this Retry-After header."""

    def reply(server: LocalServer, request: Request) -> Reply:
        return Reply(
            429,
            body or b'{"message": "Too Many Requests"}',
            "application/json",
            {"Retry-After": retry_after},
        )

    return reply


S = TypeVar("S", bound=LocalServer)


@contextlib.contextmanager
def serving(server: S, monkeypatch: pytest.MonkeyPatch, service: str, url: str) -> Iterator[S]:
    """`server` running, with readlist pointed at it as READLIST_<service>_URL = `url` (no
    pause between requests, a 5 s timeout); stopped afterwards."""
    server.start()
    monkeypatch.setenv(f"READLIST_{service}_URL", url.format(root=server.root))
    monkeypatch.setenv(f"READLIST_{service}_DELAY", "0")
    monkeypatch.setenv(f"READLIST_{service}_TIMEOUT", "5")
    try:
        yield server
    finally:
        server.stop()
