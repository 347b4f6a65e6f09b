"""arXiv's answers are bounded: a server that drips its answer a byte at a time runs into the
timeout of the whole request (not of each socket read), and a redirect to another host is
refused and named, never followed silently."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from readlist.errors import NetworkError
from tests.arxiv_server import ArxivServer, local_arxiv
from tests.conftest import Cli, write_list
from tests.local_server import LocalServer, Reply, Request


@pytest.fixture
def arxiv_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with local_arxiv(monkeypatch) as server:
        yield server


@pytest.fixture
def listed(cli: Cli) -> Cli:
    write_list(cli.path, [{"id": "2208.12242", "arxiv": "2208.12242", "title": "DreamBooth"}])
    return cli


@pytest.mark.slow
def test_a_dripping_server_times_out_the_whole_fetch(
    arxiv_server: ArxivServer, listed: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A byte every 50 ms: each socket read is quick, the whole answer takes 20 s.
    monkeypatch.setenv("READLIST_ARXIV_TIMEOUT", "0.3")
    arxiv_server.always = "dribble"
    before = listed.path.read_bytes()
    result = listed("fetch")
    assert result.exit_code == NetworkError.exit_code
    assert "did not answer within 0.3 s (4 tries)" in result.stderr
    assert listed.path.read_bytes() == before


@pytest.mark.slow
def test_add_waits_no_longer_than_its_quick_timeout(
    arxiv_server: ArxivServer, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READLIST_ARXIV_TIMEOUT", "0.3")
    arxiv_server.always = "dribble"
    result = cli.ok("add", "2208.12242")
    assert "Added 2208.12242" in result.stdout
    assert "did not answer within 0.3 s" in result.stderr
    assert len(arxiv_server.requests) == 1


def _redirect_to(location: str):  # type: ignore[no-untyped-def]
    def reply(server: LocalServer, request: Request) -> Reply:
        return Reply(302, b"", "text/plain", {"Location": location})

    return reply


def test_a_redirect_to_another_host_is_refused_and_named(
    arxiv_server: ArxivServer, listed: Cli
) -> None:
    arxiv_server.always = _redirect_to("http://mirror.example.invalid/api/query?id_list=x")
    before = listed.path.read_bytes()
    result = listed("fetch")
    assert result.exit_code == NetworkError.exit_code
    assert "a redirect to mirror.example.invalid, which readlist does not follow" in result.stderr
    assert "READLIST_ARXIV_URL" in result.stderr
    assert len(arxiv_server.requests) == 1  # asked once: a redirect is not worth retrying
    assert listed.path.read_bytes() == before
