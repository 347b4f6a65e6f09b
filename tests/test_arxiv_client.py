"""readlist.arxiv_client against the local arXiv API server: chunks, validation, matching by id,
retries, timeouts, bad answers, the cache. No network beyond 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from readlist.arxiv_client import ArxivClient, Settings, plan_chunks
from readlist.errors import NetworkError, NotCached, UsageError
from tests.arxiv_server import ArxivServer, Reply, interrupt_main_thread, local_arxiv


@pytest.fixture
def arxiv_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with local_arxiv(monkeypatch) as server:
        yield server


def client_for(
    server: ArxivServer, tmp_path: Path, *, delay: float = 0.0, timeout: float = 5.0, **kw: bool
) -> ArxivClient:
    settings = Settings(url=server.url, delay=delay, timeout=timeout, cache=tmp_path / "cache")
    return ArxivClient(settings, **kw)


def gaps(server: ArxivServer) -> list[float]:
    times = [r.time for r in server.requests]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


def test_plan_chunks_validates_dedupes_and_cuts_at_100() -> None:
    ids = [f"2301.{n:05d}" for n in range(1, 251)] + ["2301.00001v2", "abc", "0808.05394"]
    chunks, malformed = plan_chunks(ids)
    assert [len(c) for c in chunks] == [100, 100, 50]
    assert [i for c in chunks for i in c] == [f"2301.{n:05d}" for n in range(1, 251)]
    assert set(malformed) == {"abc", "0808.05394"}
    assert "4 digits" in malformed["0808.05394"]


@pytest.mark.slow
def test_250_ids_take_three_requests_sized_to_their_chunk_and_paced(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.synthesize = True
    client = client_for(arxiv_server, tmp_path, delay=0.2)
    progress: list[tuple[int, int]] = []
    ids = [f"2301.{n:05d}" for n in range(1, 251)]
    report = client.lookup(ids, lambda done, total: progress.append((done, total)))
    assert report.error is None and sorted(report.found) == ids
    assert [len(r.ids) for r in arxiv_server.requests] == [100, 100, 50]
    assert [r.query["max_results"] for r in arxiv_server.requests] == ["100", "100", "50"]
    assert all(gap >= 0.2 for gap in gaps(arxiv_server)), gaps(arxiv_server)
    assert progress == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert report.requests == 3


def test_a_malformed_id_is_reported_and_never_sent(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    report = client_for(arxiv_server, tmp_path).lookup(
        ["1707.08567", "0808.05394", "arXiv:abc", "1605.08386"]
    )
    assert [r.ids for r in arxiv_server.requests] == [["1707.08567", "1605.08386"]]
    assert set(report.malformed) == {"0808.05394", "arXiv:abc"}
    assert sorted(report.found) == ["1605.08386", "1707.08567"]
    assert report.error is None


def test_an_unknown_id_is_reported_by_name(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    report = client_for(arxiv_server, tmp_path).lookup(["2208.12242", "2301.99999"])
    assert sorted(report.found) == ["2208.12242"]
    assert report.missing == ["2301.99999"]
    assert report.error is None and len(arxiv_server.requests) == 1


def test_results_are_matched_by_id_not_by_order(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.reverse = True
    report = client_for(arxiv_server, tmp_path).lookup(["2208.12242", "2210.03142", "1605.08386"])
    assert report.found["2208.12242"].title.startswith("DreamBooth")
    assert report.found["2210.03142"].title == "On Distillation of Guided Diffusion Models"
    assert report.found["1605.08386"].title == "Heat-bath random walks with Markov bases"


def test_old_style_and_versioned_ids(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    client = client_for(arxiv_server, tmp_path)
    report = client.lookup(["quant-ph/0201082v1", "2104.12255v1", "astro-ph/0601001"])
    # Sent as given (the version kept), answered by the recorded responses, keyed canonically.
    assert [r.ids for r in arxiv_server.requests] == [
        ["quant-ph/0201082v1", "2104.12255v1", "astro-ph/0601001"]
    ]
    assert sorted(report.found) == ["2104.12255", "astro-ph/0601001", "quant-ph/0201082"]
    zero = report.found["2104.12255"]
    assert (zero.title, zero.version) == ("0", 1)
    astro = report.found["astro-ph/0601001"]
    assert astro.journal_ref == "ActaAstron.56:1-50,2006"
    assert astro.authors[0] == "Andrew Gould" and astro.published == date(2006, 1, 2)


def test_a_recorded_legacy_feed_is_read_whole(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    report = client_for(arxiv_server, tmp_path).lookup(["1205.1001v1", "1001.1001v1"])
    membrane = report.found["1205.1001"]
    # arXiv hard-wraps titles and abstracts; readlist keeps them as single lines.
    assert membrane.title == (
        "Membrane lateral structure: The influence of immobilized particles on domain size"
    )
    assert "\n" not in membrane.abstract and membrane.abstract.startswith("In experiments")
    assert membrane.comment == "submitted to PCCP"
    assert membrane.categories == ["cond-mat.soft", "physics.bio-ph"]
    assert membrane.primary_category == "cond-mat.soft"
    assert membrane.pdf_url == "http://arxiv.org/pdf/1205.1001v1"


def test_unicode_author_names_survive(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    record = client_for(arxiv_server, tmp_path).lookup(["1707.08567"]).found["1707.08567"]
    assert len(record.authors) == 34
    assert "Dirk Wübben" in record.authors


@pytest.mark.slow
def test_503_then_200_succeeds_after_a_longer_pause(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.script("503")
    report = client_for(arxiv_server, tmp_path, delay=0.1).lookup(["1605.08386"])
    assert report.error is None and list(report.found) == ["1605.08386"]
    assert len(arxiv_server.requests) == 2
    assert gaps(arxiv_server)[0] >= 0.2  # the delay, doubled


@pytest.mark.slow
def test_retry_pauses_grow(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.script("429", "503", "500")
    report = client_for(arxiv_server, tmp_path, delay=0.1).lookup(["1605.08386"])
    assert report.error is None and len(arxiv_server.requests) == 4
    first, second, third = gaps(arxiv_server)
    assert first >= 0.2 and second >= 0.4 and third >= 0.8


def test_retries_are_bounded_and_end_in_a_clear_error(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.always = "503"
    report = client_for(arxiv_server, tmp_path).lookup(["1605.08386"])
    assert len(arxiv_server.requests) == 4
    assert isinstance(report.error, NetworkError)
    assert "HTTP 503" in report.error.message and "4 tries" in report.error.message
    assert report.not_fetched == ["1605.08386"] and not report.found


def test_a_dropped_connection_is_retried(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.script("close")
    report = client_for(arxiv_server, tmp_path).lookup(["1605.08386"])
    assert report.error is None and len(arxiv_server.requests) == 2


@pytest.mark.slow
def test_a_server_that_never_answers_times_out(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.always = "hang"
    report = client_for(arxiv_server, tmp_path, timeout=0.2).lookup(["1605.08386"])
    assert isinstance(report.error, NetworkError)
    assert "did not answer within 0.2 s" in report.error.message
    assert "READLIST_ARXIV_TIMEOUT" in report.error.message
    assert len(arxiv_server.requests) == 4


def test_an_html_page_with_status_200_is_an_error(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.script("html")
    report = client_for(arxiv_server, tmp_path).lookup(["1605.08386"])
    assert isinstance(report.error, NetworkError)
    assert "HTML page" in report.error.message
    assert report.not_fetched == ["1605.08386"] and not report.missing
    assert len(arxiv_server.requests) == 1  # not retried: asking again would not help


def test_an_error_feed_says_what_arxiv_refused(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.script("400")
    report = client_for(arxiv_server, tmp_path).lookup(["1605.08386"])
    assert report.error is not None
    assert "HTTP 400: incorrect id format for 1605.08386" in report.error.message
    assert len(arxiv_server.requests) == 1


def test_suspiciously_empty_answers_are_asked_again(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.script("empty")
    report = client_for(arxiv_server, tmp_path).lookup(["1605.08386", "2208.12242"])
    assert sorted(report.found) == ["1605.08386", "2208.12242"]
    assert len(arxiv_server.requests) == 2


@pytest.mark.slow
def test_a_later_chunk_failing_keeps_what_came_before(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.synthesize = True
    arxiv_server.script("ok", "503", "503", "503", "503")
    ids = [f"2301.{n:05d}" for n in range(1, 151)]
    report = client_for(arxiv_server, tmp_path).lookup(ids)
    assert sorted(report.found) == ids[:100]
    assert report.not_fetched == ids[100:]
    assert report.error is not None and "503" in report.error.message


def test_ctrl_c_stops_with_what_finished(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.synthesize = True
    arxiv_server.script("ok", interrupt_main_thread())
    ids = [f"2301.{n:05d}" for n in range(1, 301)]
    report = client_for(arxiv_server, tmp_path).lookup(ids)
    assert report.interrupted
    assert sorted(report.found) == ids[:100]
    assert report.not_fetched == ids[100:]


def test_the_cache_answers_a_second_lookup(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    first = client_for(arxiv_server, tmp_path).lookup(["1605.08386", "2208.12242"])
    second = client_for(arxiv_server, tmp_path).lookup(["1605.08386", "2208.12242"])
    assert len(arxiv_server.requests) == 1
    assert second.found == first.found and (second.requests, second.cached) == (0, 1)
    offline = client_for(arxiv_server, tmp_path, offline=True).lookup(["1605.08386", "2208.12242"])
    assert offline.found == first.found and len(arxiv_server.requests) == 1
    refreshed = client_for(arxiv_server, tmp_path, refresh=True).lookup(
        ["1605.08386", "2208.12242"]
    )
    assert refreshed.found == first.found and len(arxiv_server.requests) == 2


def test_bad_answers_are_not_cached(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    arxiv_server.script("html")
    client_for(arxiv_server, tmp_path).lookup(["1605.08386"])
    report = client_for(arxiv_server, tmp_path).lookup(["1605.08386"])
    assert report.error is None and len(arxiv_server.requests) == 2


def test_offline_with_an_empty_cache_fails_clearly(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    report = client_for(arxiv_server, tmp_path, offline=True).lookup(["1605.08386"])
    assert isinstance(report.error, NotCached)
    assert report.error.message.startswith("--offline: no cached arXiv answer for 1 paper")
    assert arxiv_server.requests == []


def test_search_reads_a_recorded_result_page(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    records = client_for(arxiv_server, tmp_path).search("all:testing", max_results=10)
    assert len(records) == 10
    assert arxiv_server.requests[0].query["max_results"] == "10"
    assert any(r.doi for r in records) and any(r.journal_ref for r in records)


def test_search_asks_for_one_page_only(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    # The recorded page says 214881 results; readlist never asks for a second page.
    records = client_for(arxiv_server, tmp_path).search("all:testing", max_results=10)
    assert len(records) == 10 and len(arxiv_server.requests) == 1


def test_settings_never_go_below_three_seconds_against_arxiv() -> None:
    assert Settings(url="https://export.arxiv.org/api/query", delay=0).delay == 3.0
    assert Settings(url="http://arxiv.org/api/query", delay=1).delay == 3.0
    assert Settings(url="http://127.0.0.1:8000/api/query", delay=0).delay == 0.0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("READLIST_ARXIV_URL", "ftp://example.org/api", "is not an http(s) address"),
        ("READLIST_ARXIV_DELAY", "soon", "READLIST_ARXIV_DELAY='soon' is not a number"),
        ("READLIST_ARXIV_DELAY", "-1", "is not a number of seconds"),
        ("READLIST_ARXIV_TIMEOUT", "0", "give more than 0 up to 3600"),
    ],
)
def test_settings_from_env_reject_nonsense(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env()


@pytest.mark.slow
def test_importing_readlist_does_not_import_arxiv_or_requests() -> None:
    code = (
        "import sys\n"
        "from readlist.cli import app\n"
        "import readlist.arxiv_metadata, readlist.arxiv_client\n"
        "print(sorted(m for m in ('arxiv', 'requests', 'lxml') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert out.stdout.strip() == "[]"


def test_a_feed_with_a_bad_date_is_a_clear_error(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    body = (arxiv_server.recorded[("1605.08386", "")]).read_bytes()
    broken = body.replace(b"<published>2016-05-26T17:59:46Z", b"<published>last Thursday")
    arxiv_server.script(lambda server, request: Reply(200, broken))
    report = client_for(arxiv_server, tmp_path).lookup(["1605.08386"])
    assert isinstance(report.error, NetworkError)
    assert "answered with a feed readlist cannot read" in report.error.message
