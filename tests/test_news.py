"""`readlist news`: what changed since a paper was finished, from the local arXiv and Crossref
servers (entries CONSTRUCTED here: versions, comments and DOIs made up for each case)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from readlist.errors import Interrupted, NetworkError
from tests.arxiv_server import ArxivServer, constructed_entry, interrupt_main_thread, local_arxiv
from tests.conftest import Cli, write_list
from tests.metadata_servers import CrossrefServer, local_crossref, local_s2


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ArxivServer, CrossrefServer]]:
    with (
        local_arxiv(monkeypatch) as arxiv,
        local_crossref(monkeypatch) as crossref,
        local_s2(monkeypatch),
    ):
        yield arxiv, crossref


def done(paper_id: str, finished: str, **fields: Any) -> dict[str, Any]:
    return {"id": paper_id, "status": "done", "added": "2022-01-01", "finished": finished,
            **fields}  # fmt: skip


def test_news_lists_versions_publication_withdrawal_and_retraction(
    servers: tuple[ArxivServer, CrossrefServer], cli: Cli
) -> None:
    arxiv, crossref = servers
    arxiv.entries["2301.00001"] = constructed_entry(
        "2301.00001", "Versioned", version=3, updated="2026-11-15"
    )
    arxiv.entries["2301.00002"] = constructed_entry(
        "2301.00002", "Published", updated="2023-01-02", doi="10.1109/x.2023.1",
        journal_ref="CVPR 2023",
    )  # fmt: skip
    arxiv.entries["2301.00003"] = constructed_entry(
        "2301.00003", "Withdrawn", version=2, updated="2026-11-12",
        comment="This paper has been withdrawn by the author due to an error in Lemma 2",
    )  # fmt: skip
    arxiv.entries["2301.00004"] = constructed_entry("2301.00004", "Quiet", updated="2022-05-01")
    write_list(
        cli.path,
        [
            done("2301.00001", "2026-11-02", arxiv="2301.00001", title="Versioned", version=1),
            done("2301.00002", "2026-11-02", arxiv="2301.00002", title="Published"),
            done("2301.00003", "2026-11-02", arxiv="2301.00003", title="Withdrawn", version=1),
            done("2301.00004", "2026-11-02", arxiv="2301.00004", title="Quiet", version=1),
            done("2208.12242", "2026-11-04", arxiv="2208.12242", title="DreamBooth"),
            done(
                "retracted",
                "2026-11-01",
                doi="10.5555/constructed.retracted.1",
                title="A Constructed Paper That Was Retracted",
            ),  # fmt: skip
            {"id": "2301.00005", "arxiv": "2301.00005", "status": "todo", "title": "Unread"},
            done("no-id", "2026-11-03", title="Known by title only"),
        ],
    )
    before = cli.path.read_bytes()
    result = cli("news")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "2301.00001  Versioned, finished 2026-11-02\n" in out
    assert "  version: v3 on arXiv (2026-11-15); the list has v1\n" in out
    assert "  published: DOI 10.1109/x.2023.1\n" in out
    assert "  published: journal reference: CVPR 2023\n" in out
    assert "  withdrawn: arXiv's comment: This paper has been withdrawn by the author" in out
    assert "  version: v2 on arXiv (2026-11-12); the list has v1\n" in out
    assert (
        "  retracted: retraction notice at Crossref (10.5555/constructed.retraction.1) on "
        "2026-11-10\n" in out
    )
    assert "Quiet" not in out and "Unread" not in out
    assert (
        "2208.12242  DreamBooth, finished 2026-11-04\n"
        "  published: venue: Computer Vision and Pattern Recognition 2022 (Semantic Scholar)\n"
        in out
    )
    assert (
        "Checked 6 finished papers: 5 papers have news (1 request to arXiv, 1 request to "
        "Semantic Scholar, 1 request to Crossref)." in out
    )
    assert "no arXiv id or DOI to ask about: no-id" in result.stderr
    assert cli.path.read_bytes() == before  # reading only
    assert [r.ids for r in arxiv.requests] == [
        ["2301.00001", "2301.00002", "2301.00003", "2301.00004", "2208.12242"]
    ]
    (works,) = crossref.requests  # the stored DOI and the one arXiv gave, in one request
    assert works.query["filter"] == "doi:10.5555/constructed.retracted.1,doi:10.1109/x.2023.1"


@pytest.mark.slow
def test_news_tag_marks_reread_and_changes_nothing_else(
    servers: tuple[ArxivServer, CrossrefServer], cli: Cli
) -> None:
    arxiv, _ = servers
    arxiv.entries["2301.00001"] = constructed_entry(
        "2301.00001", "Versioned", version=2, updated="2026-11-15"
    )
    arxiv.entries["2301.00004"] = constructed_entry("2301.00004", "Quiet", updated="2022-05-01")
    write_list(
        cli.path,
        [
            done(
                "2301.00001",
                "2026-11-02",
                arxiv="2301.00001",
                title="Versioned",
                version=1,
                tags=["diffusion"],
                rating=4,
            ),  # fmt: skip
            done("2301.00004", "2026-11-02", arxiv="2301.00004", title="Quiet", version=1),
        ],
    )
    out = cli.ok("news", "--tag").stdout
    assert "Tagged 1 paper reread." in out
    papers = cli.papers()
    assert papers["2301.00001"]["tags"] == ["diffusion", "reread"]
    assert papers["2301.00001"]["version"] == 1 and papers["2301.00001"]["rating"] == 4
    assert papers["2301.00001"]["finished"].isoformat() == "2026-11-02"
    assert "tags" not in papers["2301.00004"]
    again = cli.ok("news", "--tag").stdout  # already tagged: nothing new to tag
    assert "Tagged" not in again and "v2 on arXiv" in again


def test_a_version_older_than_the_finish_date_is_no_news(
    servers: tuple[ArxivServer, CrossrefServer], cli: Cli
) -> None:
    arxiv, _ = servers
    arxiv.entries["2301.00001"] = constructed_entry(
        "2301.00001", "Read v2", version=2, updated="2026-10-01"
    )
    write_list(cli.path, [done("2301.00001", "2026-11-02", arxiv="2301.00001", title="Read v2")])
    out = cli.ok("news").stdout
    assert out.splitlines() == [
        "Checked 1 finished paper: 0 papers have news (1 request to arXiv, 1 request to "
        "Semantic Scholar)."
    ]


def test_news_with_nothing_finished(cli: Cli) -> None:
    write_list(cli.path, [{"id": "x", "title": "Unread", "status": "todo"}])
    out = cli.ok("news").stdout
    assert "No finished papers to check" in out


def test_news_when_arxiv_is_down_says_what_was_not_checked(
    servers: tuple[ArxivServer, CrossrefServer], cli: Cli
) -> None:
    arxiv, _ = servers
    arxiv.always = "503"
    write_list(cli.path, [done("2208.12242", "2026-11-02", arxiv="2208.12242", title="DB")])
    result = cli("news")
    assert result.exit_code == NetworkError.exit_code
    assert "HTTP 503" in result.stderr and "not checked (1): 2208.12242" in result.stderr


def test_ctrl_c_during_news_changes_nothing(
    servers: tuple[ArxivServer, CrossrefServer], cli: Cli
) -> None:
    arxiv, _ = servers
    arxiv.script(interrupt_main_thread())
    write_list(cli.path, [done("2208.12242", "2026-11-02", arxiv="2208.12242", title="DB")])
    before = cli.path.read_bytes()
    result = cli("news", "--tag")
    assert result.exit_code == Interrupted.exit_code
    assert "interrupted; nothing was changed" in result.stderr
    assert cli.path.read_bytes() == before
