"""Local stand-ins for Semantic Scholar's Graph API (POST /graph/v1/paper/batch) and Crossref's
REST API (GET /works?filter=doi:..., GET /works/{doi}), for tests. They answer in each API's
real JSON, from recorded real answers (tests/fixtures/*/recorded/, the paper and work objects
served as recorded) and from constructed ones (tests/fixtures/*/constructed/); see each
folder's SOURCES.md. Scripting and request logs come from tests.local_server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.local_server import LocalServer, Reply, Request, serving

FIXTURES = Path(__file__).resolve().parent / "fixtures"
S2_FIXTURES = FIXTURES / "semanticscholar"
CROSSREF_FIXTURES = FIXTURES / "crossref"


class S2Server(LocalServer):
    """Semantic Scholar's Graph API: POST /graph/v1/paper/batch with {"ids": [...]} answers
    one paper object (the requested fields) or null per id, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.papers: list[dict[str, Any]] = []
        self.api_key: str | None = None  # when set, requests without it get HTTP 403
        self.partial = False  # answer only the first half of the ids
        self.synthesize = False  # invent a paper (CONSTRUCTED) for any unknown ARXIV: id
        self.forbidden = (S2_FIXTURES / "recorded" / "semanticscholar_batch_403.json").read_bytes()
        for path in sorted((S2_FIXTURES / "recorded").glob("paperqa_paper_*.json")):
            if not path.name.endswith("_404.json"):
                self.papers.append(json.loads(path.read_bytes()))
        match = json.loads(
            (
                S2_FIXTURES / "recorded" / "paperqa_search_match_attention_is_all_you_need.json"
            ).read_bytes()
        )
        self.papers.extend(match["data"])
        batch = S2_FIXTURES / "recorded" / "semanticscholar_batch_return_not_found.json"
        self.papers.extend(p for p in json.loads(batch.read_bytes()) if p)
        extract = S2_FIXTURES / "recorded" / "semanticscholar_Paper_extract.json"
        self.papers.append(json.loads(extract.read_bytes()))
        constructed = S2_FIXTURES / "constructed" / "seed-papers.json"
        self.papers.extend(json.loads(constructed.read_bytes()))

    @property
    def url(self) -> str:
        return f"{self.root}/graph/v1"

    def find(self, ref: str) -> dict[str, Any] | None:
        kind, _, value = ref.partition(":")
        for paper in self.papers:
            external = paper.get("externalIds") or {}
            if not value and paper["paperId"] == ref.lower():
                return paper
            if not value and str(external.get("DOI", "")).lower() == ref.lower():
                return paper  # a bare DOI, as the recorded batch asks
            if kind.upper() == "ARXIV" and external.get("ArXiv") == value:
                return paper
            if kind.upper() == "DOI" and str(external.get("DOI", "")).lower() == value.lower():
                return paper
            if kind.lower() == "corpusid" and str(external.get("CorpusId")) == value:
                return paper
        if self.synthesize and kind.upper() == "ARXIV":
            return {
                "paperId": hashlib.sha1(value.encode()).hexdigest(),
                "externalIds": {"ArXiv": value},
                "title": f"Constructed paper {value}",
                "citationCount": 1,
            }
        return None

    def answer(self, request: Request) -> Reply:
        if request.method != "POST" or request.path != "/graph/v1/paper/batch":
            return Reply(404, b'{"message":"Not Found"}')
        if self.api_key is not None and request.headers.get("x-api-key") != self.api_key:
            return Reply(403, self.forbidden)
        try:
            ids = request.json()["ids"]
            assert isinstance(ids, list) and all(isinstance(i, str) for i in ids)
        except (ValueError, KeyError, TypeError, AssertionError):
            return Reply(400, b'{"error":"Unacceptable body: expected {\\"ids\\": [...]}"}')
        if len(ids) > 500:
            return Reply(400, b'{"error":"Cannot process more than 500 ids"}')  # CONSTRUCTED
        fields = [f for f in request.query.get("fields", "").split(",") if f]
        answers = [self._fields(self.find(i), fields) for i in ids]
        if self.partial:
            answers = answers[: len(answers) // 2]
        return Reply(200, json.dumps(answers).encode())

    @staticmethod
    def _fields(paper: dict[str, Any] | None, fields: list[str]) -> dict[str, Any] | None:
        """The paper with only the requested fields (and paperId); a field the paper lacks is
        null, as the API gives it."""
        if paper is None:
            return None
        chosen = {"paperId": paper["paperId"]}
        for name in fields or ["title"]:
            chosen[name] = paper.get(name)
        return chosen


class CrossrefServer(LocalServer):
    """Crossref's REST API: GET /works?filter=doi:A,doi:B&rows=N answers a work list of the
    works it knows; GET /works/{doi} one work (or the recorded 404)."""

    def __init__(self) -> None:
        super().__init__()
        self.works: dict[str, bytes] = {}  # lower-case DOI -> the recorded /works/{doi} answer
        self.items: dict[str, dict[str, Any]] = {}  # lower-case DOI -> work
        self.not_found = (
            CROSSREF_FIXTURES / "recorded" / "paperqa_works_10.48550_arxiv.2312.07559_404.txt"
        ).read_bytes()
        for path in sorted((CROSSREF_FIXTURES / "recorded").glob("paperqa_works_*.json")):
            body = path.read_bytes()
            work = json.loads(body)["message"]
            self.works[work["DOI"].lower()] = body
            self.items[work["DOI"].lower()] = work
        for work in json.loads((CROSSREF_FIXTURES / "constructed" / "works.json").read_bytes()):
            self.items[work["DOI"].lower()] = work

    @property
    def url(self) -> str:
        return self.root

    def answer(self, request: Request) -> Reply:
        if request.path.startswith("/works/"):
            doi = unquote(request.path[len("/works/") :]).lower()
            if doi in self.works:
                return Reply(200, self.works[doi])
            return Reply(404, self.not_found, "text/plain")
        if request.path != "/works":
            return Reply(404, self.not_found, "text/plain")
        wanted: list[str] = []
        for part in request.query.get("filter", "").split(","):
            name, _, value = part.partition(":")
            if name != "doi" or not value:
                return _validation_failure(part)
            wanted.append(value.lower())
        rows = int(request.query.get("rows", "20") or 20)
        items = [self.items[d] for d in dict.fromkeys(wanted) if d in self.items]
        message = {
            "facets": {},
            "total-results": len(items),
            "items": items[:rows],
            "items-per-page": rows,
            "query": {"start-index": 0, "search-terms": None},
        }
        envelope = {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": message,
        }
        return Reply(200, json.dumps(envelope).encode())


def _validation_failure(part: str) -> Reply:
    """Crossref's answer to a filter it does not know (CONSTRUCTED in its documented shape)."""
    body = {
        "status": "failed",
        "message-type": "validation-failure",
        "message": [
            {
                "type": "filter-not-available",
                "value": part,
                "message": f"Filter {part.partition(':')[0]} specified but there is no such filter",
            }
        ],
    }
    return Reply(400, json.dumps(body).encode())


@contextlib.contextmanager
def local_s2(monkeypatch: pytest.MonkeyPatch) -> Iterator[S2Server]:
    """A running local Semantic Scholar that readlist is pointed at (no pacing, a 5 s timeout,
    no API key from the caller's environment)."""
    monkeypatch.delenv("READLIST_S2_API_KEY", raising=False)
    monkeypatch.delenv("S2_API_KEY", raising=False)
    with serving(S2Server(), monkeypatch, "S2", "{root}/graph/v1") as server:
        yield server


@contextlib.contextmanager
def local_crossref(monkeypatch: pytest.MonkeyPatch) -> Iterator[CrossrefServer]:
    """A running local Crossref that readlist is pointed at (no pacing, a 5 s timeout, a
    mailto for the polite pool)."""
    monkeypatch.setenv("READLIST_MAILTO", "reader@example.org")
    with serving(CrossrefServer(), monkeypatch, "CROSSREF", "{root}") as server:
        yield server
