"""A local stand-in for arXiv's query API, for tests: an HTTP server on 127.0.0.1 (a thread,
ephemeral port) that parses id_list / search_query / start / max_results and answers Atom.

It answers from the recorded real responses (tests/fixtures/arxiv/recorded/, served verbatim
when the same request is asked) and from the entries of every recorded and constructed feed
(assembled into a feed shaped like arXiv's). Tests can script it per request ("503", "hang",
"html"...) and read back every request it got (path, query, arrival time).
"""

from __future__ import annotations

import contextlib
import copy
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.local_server import (
    NO_REPLY,
    Action,
    LocalServer,
    Reply,
    Request,
    interrupt_main_thread,
    serving,
)

__all__ = ["NO_REPLY", "ArxivServer", "Reply", "Request", "interrupt_main_thread", "local_arxiv"]
ATOM_TYPE = "application/atom+xml; charset=utf-8"

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "arxiv"
RECORDED = FIXTURES / "recorded"
CONSTRUCTED = FIXTURES / "constructed"

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ET.register_namespace("", ATOM)
ET.register_namespace("arxiv", ARXIV)
ET.register_namespace("opensearch", OPENSEARCH)

# Recorded answers, served byte for byte to the same question: file -> (id_list, search_query).
RECORDED_REQUESTS = {
    "arxiv2bib_id_1205.1001v1_1001.1001v1_2012.xml": ("1205.1001v1,1001.1001v1", ""),
    "arxivpy_id_0000.0000_s0_m100_8b51d9633a68.xml": ("0000.0000", ""),
    "arxivpy_id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml": ("0808.05394,1707.08567", ""),
    "arxivpy_id_1605.08386_s0_m100_199195aa31ad.xml": ("1605.08386", ""),
    "arxivpy_id_2104.12255v1_s0_m100_6ae69987ffe1.xml": ("2104.12255v1", ""),
    "arxivpy_id_abc_s0_m100_b79c8dcf6bc3.xml": ("abc", ""),
    "arxivpy_id_astro-ph_0601001_s0_m100_3150dca9dc76.xml": ("astro-ph/0601001", ""),
    "arxivpy_id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml": ("quant-ph/0201082v1", ""),
    "arxivpy_q_testing_s0_m10_bc5a6c384fe9.xml": ("", "all:testing"),
}

# What arXiv accepts in id_list (it answers 400 to anything else).
_ID_FORM = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_VERSION = re.compile(r"v\d+$")
_TERM = re.compile(r'(ti|abs|au|all):("[^"]*"|[^\s()]+)')
_TOKEN = re.compile(r'(?:ti|abs|au|all):(?:"[^"]*"|[^\s()]+)|\bANDNOT\b|\bAND\b|\bOR\b|[()]')
_NON_WORD = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    return " " + _NON_WORD.sub(" ", text.casefold()).strip() + " "


def _entry_id(entry: ET.Element) -> str:
    text = entry.findtext(f"{{{ATOM}}}id") or ""
    return text.split("/abs/", 1)[-1]


class ArxivServer(LocalServer):
    """The server and what it knows. `script(...)` queues actions for the next requests;
    `always` answers every request (after the script) with one action."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, ET.Element] = {}  # canonical id -> entry
        self.recorded: dict[tuple[str, str], Path] = {}
        self.synthesize = False  # invent an entry for any well-formed unknown id
        self.reverse = False  # answer id_list entries in reverse order
        for name, key in RECORDED_REQUESTS.items():
            self.recorded[key] = RECORDED / name
        for path in [*sorted(CONSTRUCTED.glob("*.xml")), *sorted(RECORDED.glob("*.xml"))]:
            self.load_entries(path.read_bytes())

    # --- set-up ---------------------------------------------------------------------------

    def load_entries(self, feed: bytes) -> None:
        """Learn every paper entry of an Atom feed (error entries are skipped)."""
        for entry in ET.fromstring(feed).iter(f"{{{ATOM}}}entry"):
            short = _entry_id(entry)
            if "/api/errors" in (entry.findtext(f"{{{ATOM}}}id") or ""):
                continue
            self.entries.setdefault(_VERSION.sub("", short), entry)

    @property
    def url(self) -> str:
        return f"{self.root}/api/query"

    # --- requests -------------------------------------------------------------------------

    def act(
        self, action: Action, request: Request, handler: BaseHTTPRequestHandler
    ) -> Reply | None:
        if action == "empty":
            return Reply(200, self.feed(request, [], 0), ATOM_TYPE)
        if action == "400":
            return self.error_feed(request.ids[0] if request.ids else "request")
        return super().act(action, request, handler)

    def answer(self, request: Request) -> Reply:
        """What arXiv would answer."""
        id_list = request.query.get("id_list", "")
        search = request.query.get("search_query", "")
        start = int(request.query.get("start", "0") or 0)
        max_results = int(request.query.get("max_results", "10") or 10)
        ids = [i for i in id_list.split(",") if i]
        for raw in ids:
            if not _ID_FORM.match(raw):
                return self.error_feed(raw)
        recorded = self.recorded.get((id_list, search))
        if recorded is not None and start == 0:
            body = recorded.read_bytes()
            if body.count(b"<entry>") <= max_results:
                status = 400 if b"/api/errors#" in body else 200
                return Reply(status, body, ATOM_TYPE)
        if ids:
            found = [e for e in (self.entry_for(i) for i in ids) if e is not None]
            if self.reverse:
                found.reverse()
        else:
            found = self.search(search)
        page = found[start : start + max_results]
        return Reply(200, self.feed(request, page, len(found)), ATOM_TYPE)

    def entry_for(self, raw_id: str) -> ET.Element | None:
        canonical = _VERSION.sub("", raw_id)
        entry = self.entries.get(canonical)
        if entry is None and self.synthesize:
            entry = constructed_entry(canonical, f"Constructed paper {canonical}")
        return entry

    def search(self, query: str) -> list[ET.Element]:
        """Entries matching arXiv-style terms (ti:, abs:, au:, all:, quoted phrases) joined by
        AND / OR / ANDNOT, left to right, grouped by parentheses; words match whole words,
        case and punctuation aside."""
        tokens = [t for t in _TOKEN.findall(query) if t.strip()]
        matched = self._group(tokens)
        return [e for key, e in self.entries.items() if key in matched]

    def _group(self, tokens: list[str]) -> set[str]:
        """Consume tokens up to the closing parenthesis of this group (or the end)."""
        matched: set[str] | None = None
        operator = "AND"
        while tokens:
            token = tokens.pop(0)
            if token == ")":
                break
            if token in ("AND", "OR", "ANDNOT"):
                operator = token
                continue
            if token == "(":
                hits = self._group(tokens)
            else:
                term = _TERM.fullmatch(token)
                if term is None:
                    continue
                hits = {key for key, entry in self.entries.items() if _matches(entry, term)}
            if matched is None:
                matched = hits
            elif operator == "AND":
                matched &= hits
            elif operator == "OR":
                matched |= hits
            else:
                matched -= hits
            operator = "AND"
        return matched or set()

    # --- feeds ----------------------------------------------------------------------------

    def feed(self, request: Request, entries: list[ET.Element], total: int) -> bytes:
        q = request.query
        root = ET.Element(f"{{{ATOM}}}feed")
        ET.SubElement(root, f"{{{ATOM}}}id").text = "https://arxiv.org/api/local-test-server"
        ET.SubElement(root, f"{{{ATOM}}}title").text = (
            f"arXiv Query: search_query={q.get('search_query', '')}&id_list="
            f"{q.get('id_list', '')}&start={q.get('start', '0')}&max_results="
            f"{q.get('max_results', '10')}"
        )
        ET.SubElement(root, f"{{{ATOM}}}updated").text = "2026-11-21T00:00:00Z"
        ET.SubElement(root, f"{{{OPENSEARCH}}}itemsPerPage").text = q.get("max_results", "10")
        ET.SubElement(root, f"{{{OPENSEARCH}}}totalResults").text = str(total)
        ET.SubElement(root, f"{{{OPENSEARCH}}}startIndex").text = q.get("start", "0")
        root.extend(copy.deepcopy(e) for e in entries)
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

    def error_feed(self, raw_id: str) -> Reply:
        """arXiv's answer to a malformed id: HTTP 400 and a one-entry error feed (the shape of
        the recorded arxivpy_id_abc answer)."""
        template = (RECORDED / "arxivpy_id_abc_s0_m100_b79c8dcf6bc3.xml").read_text("utf-8")
        body = template.replace("incorrect_id_format_for_abc", f"incorrect_id_format_for_{raw_id}")
        body = body.replace("incorrect id format for abc", f"incorrect id format for {raw_id}")
        return Reply(400, body.encode("utf-8"), ATOM_TYPE)


def _matches(entry: ET.Element, term: re.Match[str]) -> bool:
    field_name, value = term.group(1), term.group(2).strip('"')
    wanted = _norm(value)
    if not wanted.strip():
        return False
    texts = {
        "ti": [entry.findtext(f"{{{ATOM}}}title") or ""],
        "abs": [entry.findtext(f"{{{ATOM}}}summary") or ""],
        "au": [a.findtext(f"{{{ATOM}}}name") or "" for a in entry.iter(f"{{{ATOM}}}author")],
    }
    texts["all"] = texts["ti"] + texts["abs"] + texts["au"]
    return any(wanted in _norm(text) for text in texts[field_name])


def constructed_entry(
    arxiv_id: str,
    title: str,
    *,
    abstract: str = "",
    version: int = 1,
    authors: tuple[str, ...] = ("Ada Lovelace",),
    updated: str = "2023-01-02",
    comment: str | None = None,
    doi: str | None = None,
    journal_ref: str | None = None,
) -> ET.Element:
    """An entry in arXiv's shape for a made-up paper (CONSTRUCTED, for scale tests)."""
    entry = ET.Element(f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}id").text = f"http://arxiv.org/abs/{arxiv_id}v{version}"
    ET.SubElement(entry, f"{{{ATOM}}}title").text = title
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{updated}T00:00:00Z"
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = abstract or f"The abstract of {title}."
    ET.SubElement(entry, f"{{{ATOM}}}published").text = "2023-01-01T00:00:00Z"
    ET.SubElement(
        entry,
        f"{{{ATOM}}}link",
        href=f"https://arxiv.org/pdf/{arxiv_id}v{version}",
        rel="related",
        type="application/pdf",
        title="pdf",
    )
    ET.SubElement(
        entry, f"{{{ATOM}}}category", term="cs.LG", scheme="http://arxiv.org/schemas/atom"
    )
    ET.SubElement(entry, f"{{{ARXIV}}}primary_category", term="cs.LG")
    for name in authors:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = name
    for tag, text in (("comment", comment), ("doi", doi), ("journal_ref", journal_ref)):
        if text:
            ET.SubElement(entry, f"{{{ARXIV}}}{tag}").text = text
    return entry


@contextlib.contextmanager
def local_arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    """A running local arXiv API that readlist is pointed at (no pause between requests, a
    5 s timeout); tests change READLIST_ARXIV_DELAY / _TIMEOUT when they need to. Test modules
    make it their `arxiv_server` fixture."""
    with serving(ArxivServer(), monkeypatch, "ARXIV", "{root}/api/query") as server:
        yield server
