"""The Semantic Scholar and Crossref clients against local servers speaking each API's JSON
(tests/metadata_servers.py): batching, pacing, Retry-After, stalls, garbage, partial answers,
API keys, the cache and --offline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from readlist.errors import NetworkError, NotCached
from readlist.sources import crossref, semantic_scholar
from readlist.sources.crossref import CrossrefClient
from readlist.sources.http import Settings
from readlist.sources.semantic_scholar import SemanticScholarClient
from tests.local_server import too_many_requests
from tests.metadata_servers import CrossrefServer, S2Server, local_crossref, local_s2

NATURE_MI = "10.1038/s42256-024-00832-8"  # recorded: arXiv 2304.05376, published in 2024


@pytest.fixture
def s2(monkeypatch: pytest.MonkeyPatch) -> Iterator[S2Server]:
    with local_s2(monkeypatch) as server:
        yield server


@pytest.fixture
def xref(monkeypatch: pytest.MonkeyPatch) -> Iterator[CrossrefServer]:
    with local_crossref(monkeypatch) as server:
        yield server


def s2_client(**kwargs: object) -> SemanticScholarClient:
    return SemanticScholarClient(**kwargs)  # type: ignore[arg-type]


# --- Semantic Scholar ----------------------------------------------------------------------


def test_one_batch_request_by_arxiv_id_and_doi(s2: S2Server) -> None:
    refs = ["ARXIV:2304.05376", "DOI:10.1093/MIND/LIX.236.433", "ARXIV:2208.12242"]
    report = s2_client().lookup(refs)
    assert report.error is None and report.requests == 1
    (request,) = s2.requests
    assert request.method == "POST" and request.path == "/graph/v1/paper/batch"
    assert request.json() == {
        "ids": ["ARXIV:2304.05376", "DOI:10.1093/mind/lix.236.433", "ARXIV:2208.12242"]
    }
    assert "citationCount" in request.query["fields"] and "tldr" in request.query["fields"]
    chem = report.found["ARXIV:2304.05376"]  # a recorded answer
    assert (chem.citations, chem.influential_citations) == (500, 20)
    assert chem.venue == "Nat. Mac. Intell." and chem.year == 2023
    assert chem.doi == NATURE_MI and chem.arxiv_id == "2304.05376"
    assert chem.oa_pdf == "https://www.nature.com/articles/s42256-024-00832-8.pdf"
    assert chem.published == date(2023, 4, 11)
    turing = report.found["DOI:10.1093/mind/lix.236.433"]  # recorded, with a real TLDR
    assert turing.tldr is not None and turing.tldr.startswith("If the meaning of the words")
    assert turing.citations == 10059 and turing.arxiv_id is None
    assert report.found["ARXIV:2208.12242"].venue == "Computer Vision and Pattern Recognition"


def test_unknown_ids_are_missing_and_malformed_ones_not_sent(s2: S2Server) -> None:
    report = s2_client().lookup(["ARXIV:2304.05376", "ARXIV:2301.99999", "DOI:nonsense", "x"])
    assert list(report.found) == ["ARXIV:2304.05376"]
    assert report.missing == ["ARXIV:2301.99999"]
    assert set(report.malformed) == {"DOI:nonsense", "x"}
    assert s2.requests[0].json() == {"ids": ["ARXIV:2304.05376", "ARXIV:2301.99999"]}


@pytest.mark.slow
def test_1201_ids_take_three_paced_requests(s2: S2Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READLIST_S2_DELAY", "0.1")
    refs = [f"ARXIV:2301.{n:05d}" for n in range(1, 1202)]
    report = s2_client().lookup(refs)
    assert [len(r.json()["ids"]) for r in s2.requests] == [500, 500, 201]
    times = [r.time for r in s2.requests]
    assert all(b - a >= 0.1 for a, b in zip(times, times[1:], strict=False))
    assert len(report.missing) == 1201 and report.error is None


@pytest.mark.slow  # waits for the server's Retry-After
def test_429_waits_for_retry_after_and_says_so(
    s2: S2Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    s2.script(too_many_requests("1"))
    told: list[tuple[float, str]] = []
    report = s2_client(on_wait=lambda seconds, why: told.append((seconds, why))).lookup(
        ["ARXIV:2304.05376"]
    )
    assert "ARXIV:2304.05376" in report.found and report.requests == 2
    first, second = s2.requests
    assert second.time - first.time >= 1.0
    assert len(told) == 1 and "HTTP 429" in told[0][1] and "Retry-After: 1 s" in told[0][1]


def test_a_retry_after_longer_than_two_minutes_stops_at_once(s2: S2Server) -> None:
    s2.script(too_many_requests("3600"))
    report = s2_client().lookup(["ARXIV:2304.05376"])
    assert isinstance(report.error, NetworkError) and len(s2.requests) == 1
    assert "asked to wait 3600 s; try again in 60 min" in report.error.message
    assert report.not_fetched == ["ARXIV:2304.05376"]


def test_a_retry_after_date_is_understood(s2: S2Server) -> None:
    s2.script(too_many_requests("Wed, 21 Oct 2015 07:28:00 GMT"))  # in the past: no wait
    report = s2_client().lookup(["ARXIV:2304.05376"])
    assert report.error is None and len(s2.requests) == 2


@pytest.mark.slow  # waits for the timeout
@pytest.mark.parametrize("stall", ["hang", "dribble"])
def test_a_stalled_server_times_out_the_whole_request(
    s2: S2Server, monkeypatch: pytest.MonkeyPatch, stall: str
) -> None:
    monkeypatch.setenv("READLIST_S2_TIMEOUT", "0.3")
    s2.always = stall
    report = s2_client().lookup(["ARXIV:2304.05376"])
    assert isinstance(report.error, NetworkError)
    assert "did not answer within 0.3 s (4 tries)" in report.error.message
    assert "READLIST_S2_TIMEOUT=60" in report.error.message
    assert len(s2.requests) == 4 and not report.found


def test_garbage_is_an_error_and_is_not_cached(s2: S2Server) -> None:
    s2.script("garbage")
    report = s2_client().lookup(["ARXIV:2304.05376"])
    assert isinstance(report.error, NetworkError)
    assert "answered with something that is not JSON" in report.error.message
    assert "READLIST_S2_URL" in report.error.message
    again = s2_client().lookup(["ARXIV:2304.05376"])
    assert again.error is None and again.requests == 1 and again.cached == 0


def test_an_html_page_is_an_error(s2: S2Server) -> None:
    s2.always = "html"
    report = s2_client().lookup(["ARXIV:2304.05376"])
    assert report.error is not None and "an HTML page instead of JSON" in report.error.message


def test_a_partial_answer_keeps_what_came_and_names_the_rest(s2: S2Server) -> None:
    s2.partial = True
    refs = ["ARXIV:2304.05376", "ARXIV:2208.12242", "ARXIV:2210.03142", "ARXIV:2211.09800"]
    report = s2_client().lookup(refs)
    assert set(report.found) == {"ARXIV:2304.05376", "ARXIV:2208.12242"}
    assert report.not_fetched == ["ARXIV:2210.03142", "ARXIV:2211.09800"]
    assert report.error is not None and "answered 2 of 4 ids (a partial answer)" in (
        report.error.message
    )


def test_an_api_key_from_the_environment_is_sent(
    s2: S2Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    s2.api_key = "secret-key"
    refused = s2_client().lookup(["ARXIV:2304.05376"])
    assert refused.error is not None
    assert "refused the request (HTTP 403: Forbidden)" in refused.error.message
    assert "READLIST_S2_API_KEY" in refused.error.message and len(s2.requests) == 1
    monkeypatch.setenv("S2_API_KEY", "secret-key")
    report = s2_client().lookup(["ARXIV:2304.05376"])
    assert report.error is None and s2.requests[-1].headers["x-api-key"] == "secret-key"
    monkeypatch.setenv("READLIST_S2_API_KEY", "wrong")
    wrong = s2_client().lookup(["ARXIV:2208.12242"])
    assert wrong.error is not None and "check the API key (READLIST_S2_API_KEY or the" in (
        wrong.error.message
    )


def test_the_cache_answers_and_offline_asks_nothing(s2: S2Server) -> None:
    empty = s2_client(offline=True).lookup(["ARXIV:2304.05376"])
    assert isinstance(empty.error, NotCached) and s2.requests == []
    assert "without --offline" in empty.error.message
    s2_client().lookup(["ARXIV:2304.05376"])
    cached = s2_client(offline=True).lookup(["ARXIV:2304.05376"])
    assert cached.error is None and (cached.requests, cached.cached) == (0, 1)
    assert cached.found["ARXIV:2304.05376"].citations == 500
    refreshed = s2_client(refresh=True).lookup(["ARXIV:2304.05376"])
    assert refreshed.requests == 1 and len(s2.requests) == 2


def test_the_real_service_is_never_asked_faster_than_its_limit() -> None:
    settings = Settings(semantic_scholar.SERVICE, "https://api.semanticscholar.org/graph/v1", 0, 5)
    assert settings.delay == 1.0
    local = Settings(semantic_scholar.SERVICE, "http://127.0.0.1:1/graph/v1", 0, 5)
    assert local.delay == 0


def test_a_bad_address_in_the_environment_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readlist.errors import UsageError

    monkeypatch.setenv("READLIST_S2_URL", "ftp://example.org")
    with pytest.raises(UsageError, match="READLIST_S2_URL='ftp://example.org' is not an http"):
        s2_client()
    monkeypatch.setenv("READLIST_S2_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("READLIST_S2_DELAY", "soon")
    with pytest.raises(UsageError, match="READLIST_S2_DELAY='soon' is not a number of seconds"):
        s2_client()


def test_an_unreachable_service_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    report = s2_client().lookup(["ARXIV:2304.05376"])  # conftest: a closed port
    assert report.error is not None
    assert "could not be reached (connection refused) (4 tries)" in report.error.message


# --- Crossref ------------------------------------------------------------------------------


def test_crossref_asks_for_many_dois_in_one_request(xref: CrossrefServer) -> None:
    dois = [
        NATURE_MI,
        "10.1101/2024.04.01.587366",
        "https://doi.org/10.1063/1.4938384",
        "10.5555/unknown",
    ]
    report = CrossrefClient().lookup(dois)
    assert report.error is None and report.requests == 1
    (request,) = xref.requests
    assert request.query["filter"] == (
        "doi:10.1038/s42256-024-00832-8,doi:10.1101/2024.04.01.587366,doi:10.1063/1.4938384,"
        "doi:10.5555/unknown"
    )
    assert request.query["mailto"] == "reader@example.org"
    assert "mailto:reader@example.org" in request.headers["user-agent"]
    work = report.found[NATURE_MI]
    assert work.title == "Augmenting large language models with chemistry tools"
    assert work.venue == "Nature Machine Intelligence"
    assert work.published == date(2024, 5, 8) and work.kind == "journal-article"
    assert work.authors[:2] == ["Andres M. Bran", "Sam Cox"]
    preprint = report.found["10.1101/2024.04.01.587366"]
    assert preprint.kind == "posted-content"
    assert preprint.published_as == "10.1016/j.xgen.2025.100814"
    assert report.missing == ["10.5555/unknown"]


def test_crossref_reports_a_retraction(xref: CrossrefServer) -> None:
    report = CrossrefClient().lookup(["10.5555/constructed.retracted.1"])
    (notice,) = report.found["10.5555/constructed.retracted.1"].retractions
    assert notice.kind == "retraction" and notice.on == date(2026, 11, 10)
    assert notice.doi == "10.5555/constructed.retraction.1"


@pytest.mark.slow
def test_crossref_batches_twenty_dois_a_request(
    xref: CrossrefServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READLIST_CROSSREF_DELAY", "0.05")
    report = CrossrefClient().lookup([f"10.5555/x{n}" for n in range(45)])
    assert [r.query["filter"].count("doi:") for r in xref.requests] == [20, 20, 5]
    assert len(report.missing) == 45
    times = [r.time for r in xref.requests]
    assert all(b - a >= 0.05 for a, b in zip(times, times[1:], strict=False))


def test_crossref_503_then_answer(xref: CrossrefServer) -> None:
    xref.script("503")
    report = CrossrefClient().lookup([NATURE_MI])
    assert report.error is None and NATURE_MI in report.found and len(xref.requests) == 2


def test_crossref_garbage_and_wrong_shapes_are_errors(xref: CrossrefServer) -> None:
    xref.script("garbage")
    report = CrossrefClient().lookup([NATURE_MI])
    assert report.error is not None and "not JSON" in report.error.message
    from tests.local_server import Reply

    xref.script(lambda server, request: Reply(200, b'{"status": "ok", "message-type": "work"}'))
    wrong = CrossrefClient().lookup([NATURE_MI])
    assert wrong.error is not None and "a Crossref 'work' instead of a work list" in (
        wrong.error.message
    )


def test_crossref_without_a_mailto_sends_none(
    xref: CrossrefServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READLIST_MAILTO")
    CrossrefClient().lookup([NATURE_MI])
    assert "mailto" not in xref.requests[0].query
    assert "mailto" not in xref.requests[0].headers["user-agent"]


def test_dois_are_normalised() -> None:
    assert crossref.normalize_doi(" https://doi.org/10.1038/S42256-024-00832-8 ") == NATURE_MI
    with pytest.raises(ValueError, match="not a DOI"):
        crossref.normalize_doi("10.12/x")


def test_the_settings_file_gives_the_key_and_the_mailto(
    s2: S2Server, xref: CrossrefServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = tmp_path / "xdg-config" / "readlist" / "config.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        '[semantic_scholar]\napi_key = "from-the-file"\n\n[crossref]\nmailto = "me@example.org"\n',
        encoding="utf-8",
    )
    monkeypatch.delenv("READLIST_MAILTO")
    s2.api_key = "from-the-file"
    assert s2_client().lookup(["ARXIV:2304.05376"]).error is None
    CrossrefClient().lookup([NATURE_MI])
    assert xref.requests[-1].query["mailto"] == "me@example.org"
    monkeypatch.setenv("READLIST_S2_API_KEY", "from-the-environment")  # the environment wins
    s2.api_key = "from-the-environment"
    assert s2_client().lookup(["ARXIV:2208.12242"]).error is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[semantic_scholar\n", "not valid TOML (Expected ']' at the end of a table declaration"),
        ("[semantic_scholar]\napi_key = 3\n", "[semantic_scholar] api_key must be text"),
        ("semantic_scholar = 1\n", "[semantic_scholar] must be a table of settings"),
    ],
)
def test_a_bad_settings_file_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, says: str
) -> None:
    from readlist.errors import UsageError

    settings = tmp_path / "settings.toml"
    settings.write_text(text, encoding="utf-8")
    monkeypatch.setenv("READLIST_CONFIG", str(settings))
    with pytest.raises(UsageError) as caught:
        s2_client()
    assert caught.value.message.startswith(f"{settings}: ") and says in caught.value.message
