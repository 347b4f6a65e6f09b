"""`readlist resolve` on many papers: several papers to a request, results matched back to each
paper locally, and the count of requests said before the first one (issue 14). Against the
local arXiv server, which here also learns CONSTRUCTED entries (made up in this file, ids
2501.* for the seed papers and 2502.* for decoys with nearly the same titles)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.arxiv_server import ArxivServer, constructed_entry, local_arxiv
from tests.conftest import SEEDS, Cli, write_list

# Seed papers that the tests' constructed seed feed already knows (tests/fixtures/arxiv).
KNOWN = {
    "pali": "2209.06794",
    "text-to-image-diffusion-models": "2306.00966",
    "existing-customization-methods-require": "2307.10711",
    "diffusion-models-have-shown-incredible": "2208.11970",
    "this-paper-surveys-and-organizes": "2107.13586",
}


@pytest.fixture
def arxiv_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with local_arxiv(monkeypatch) as server:
        yield server


def seeded_without_ids(cli: Cli, isolated: Path) -> dict[str, dict[str, str]]:
    shutil.copytree(SEEDS, isolated / "seeds")
    cli.ok("ingest", "seeds/")
    return {i: p for i, p in cli.papers().items() if "arxiv" not in p}


@pytest.mark.slow
def test_the_67_unresolved_seed_papers_take_at_most_15_requests(
    arxiv_server: ArxivServer, cli: Cli, isolated: Path
) -> None:
    unresolved = seeded_without_ids(cli, isolated)
    assert len(unresolved) == 67
    expected = dict(KNOWN)
    for n, (paper_id, record) in enumerate(sorted(unresolved.items()), start=1):
        if paper_id in KNOWN:
            continue
        expected[paper_id] = f"2501.{n:05d}"
        title = record.get("title") or f"Constructed paper {n}"
        abstract = record["abstract"]
        arxiv_server.entries[expected[paper_id]] = constructed_entry(
            expected[paper_id], title, abstract=abstract
        )
        # A decoy that a title search also finds: the same title, extended.
        decoy = f"2502.{n:05d}"
        arxiv_server.entries[decoy] = constructed_entry(
            decoy, f"{title}: Extended Version", abstract=f"Another paper about {title}."
        )
    result = cli.ok("resolve", "--yes")
    out = result.stdout.splitlines()
    assert out[0].startswith("Searching arXiv for 67 papers: ")
    sent = len(arxiv_server.requests)
    assert sent <= 15, sent
    assert f"Searched for 67 papers ({sent} requests to arXiv)." in out
    papers = cli.papers()
    resolved = {p["id"]: p for p in papers.values() if p.get("arxiv")}
    for paper_id, arxiv_id in expected.items():
        assert arxiv_id in resolved, (paper_id, arxiv_id)
    assert not any(i.startswith("2502.") for i in resolved)  # no decoy applied
    assert len(papers) == 87


@pytest.mark.slow
def test_an_answer_cut_short_is_asked_again_in_halves(arxiv_server: ArxivServer, cli: Cli) -> None:
    # 40 entries match the first paper's title: more than a page of 10 per query holds.
    for n in range(40):
        arxiv_server.entries[f"2503.{n:05d}"] = constructed_entry(
            f"2503.{n:05d}", f"Common Words Paper Number {n}"
        )
    write_list(
        cli.path,
        [
            {"id": "common", "title": "Common Words", "status": "todo"},
            {"id": "pali", "title": "PaLI: A Jointly-Scaled Multilingual Language-Image Model"},
            {"id": "ddim", "title": "Denoising Diffusion Implicit Models Done Twice"},
        ],
    )
    out = cli.ok("resolve", "--yes").stdout
    assert "Resolved pali -> 2209.06794" in out
    queries = [r.query["search_query"] for r in arxiv_server.requests]
    assert queries[0].count(" OR ") == 2  # the three papers in one request
    # The answer held 30 of 40 results and two papers were unmatched: one each, then.
    assert queries[1] == 'ti:"common words"'
    assert queries[2] == 'ti:"denoising diffusion implicit models done twice"'
    # Then the second search of the one paper that has one (its title's key words).
    assert queries[3:] == [
        "ti:denoising AND ti:diffusion AND ti:implicit AND ti:models AND ti:twice"
    ]
    assert "No match on arXiv for: common, ddim" in out
