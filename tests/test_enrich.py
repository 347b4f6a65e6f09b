"""`readlist enrich`, `list --sort citations` and `show`, through CliRunner against the local
Semantic Scholar and Crossref servers: output, exit codes, the YAML on disk, the requests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from readlist.errors import NetworkError, NotCached
from tests.conftest import TODAY, Cli, write_list
from tests.metadata_servers import CrossrefServer, S2Server, local_crossref, local_s2

NATURE_MI = "10.1038/s42256-024-00832-8"  # recorded: S2 knows it as arXiv 2304.05376


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[S2Server, CrossrefServer]]:
    with local_s2(monkeypatch) as s2, local_crossref(monkeypatch) as crossref:
        yield s2, crossref


def paper(paper_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": paper_id, "status": "todo", "added": "2026-11-01", **fields}


def library(cli: Cli, *extra: dict[str, Any]) -> None:
    write_list(
        cli.path,
        [
            paper("2208.12242", arxiv="2208.12242", title="DreamBooth", venue="CVPR 2023 (mine)"),
            paper("2210.03142", arxiv="2210.03142", title="On Distillation of Guided Diffusion"),
            paper("chem", doi=NATURE_MI, title="Augmenting LLMs with chemistry tools"),
            paper("oxide", doi="10.1063/1.4938384", needs_title=True, notes="Ölçüm notları"),
            paper("2301.99999", arxiv="2301.99999", title="Nobody knows me"),
            paper("bare", title="A title and nothing else"),
            *extra,
        ],
    )


@pytest.mark.slow
def test_enrich_asks_once_and_fills_without_touching_the_users_fields(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    s2, crossref = servers
    library(cli)
    result = cli.ok("enrich")
    out = result.stdout
    (asked,) = s2.requests
    assert asked.json() == {
        "ids": ["ARXIV:2208.12242", "ARXIV:2210.03142", f"DOI:{NATURE_MI}",
                "DOI:10.1063/1.4938384", "ARXIV:2301.99999"]
    }  # fmt: skip
    (works,) = crossref.requests  # only the paper known by its DOI alone
    assert works.query["filter"] == "doi:10.1063/1.4938384"
    assert (
        "Saved the Semantic Scholar and Crossref metadata of 4 of 5 papers, 0 unchanged "
        "(1 request to Semantic Scholar, 1 request to Crossref)." in out
    )
    assert "Semantic Scholar does not know: 2301.99999" in result.stderr
    assert "no arXiv id or DOI to ask by: bare" in result.stderr
    papers = cli.papers()
    dream = papers["2208.12242"]
    assert dream["venue"] == "CVPR 2023 (mine)"  # the user's, kept
    assert dream["citations"] == 840 and dream["influential_citations"] == 177
    assert dream["tldr"].startswith("A constructed TLDR of DreamBooth")
    assert dream["oa_pdf"] == "https://arxiv.org/pdf/2208.12242"
    assert dream["doi"] == "10.1109/cvpr52729.2023.02155" and dream["year"] == 2022
    assert dream["enriched"].isoformat() == TODAY and dream["title"] == "DreamBooth"
    chem = papers["chem"]  # recorded: known by DOI, S2 gives its arXiv id
    assert chem["arxiv"] == "2304.05376" and chem["venue"] == "Nat. Mac. Intell."
    assert (chem["citations"], chem["year"]) == (500, 2023)
    assert chem["oa_pdf"] == "https://www.nature.com/articles/s42256-024-00832-8.pdf"
    assert chem["title"] == "Augmenting LLMs with chemistry tools" and "needs_title" not in chem
    oxide = papers["oxide"]  # recorded at both: Crossref gives the title and authors
    assert oxide["title"].startswith("Effect of native oxide layers on copper")
    assert "needs_title" not in oxide
    assert oxide["authors"] == ["Michael D. Skarlinski", "David J. Quesnel"]
    assert oxide["venue"] == "Journal of Applied Physics" and oxide["year"] == 2015
    assert oxide["published"].isoformat() == "2015-12-21" and oxide["citations"] == 9
    assert oxide["notes"] == "Ölçüm notları" and "Ölçüm notları" in cli.path.read_text("utf-8")
    unknown = papers["2301.99999"]  # asked (so not asked again), nothing filled
    assert unknown["enriched"].isoformat() == TODAY and "citations" not in unknown
    assert "enriched" not in papers["bare"]
    assert "Enriched 2208.12242  DreamBooth: 840 citations; CVPR 2023 (mine) 2022; TLDR" in out
    assert cli.ok("enrich").stdout.startswith("Nothing to enrich")  # asked: not again
    assert len(s2.requests) == 1


def test_keys_come_in_the_field_tables_order(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    library(cli)
    cli.ok("enrich", "2210.03142")
    text = cli.path.read_text("utf-8")
    record = text.split("- id: '2210.03142'\n")[1].split("\n- id:")[0]
    keys = [line.split(":")[0].strip() for line in record.splitlines() if line[2:3] != " "]
    assert keys == [
        "title", "arxiv", "status", "added", "venue", "year", "citations",
        "influential_citations", "oa_pdf", "s2_id", "enriched", "tldr",
    ]  # fmt: skip


@pytest.mark.slow
def test_refresh_updates_counts_and_keeps_the_users_values(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    s2, _ = servers
    library(cli)
    cli.ok("enrich", "2208.12242")
    dream = next(p for p in s2.papers if p["externalIds"].get("ArXiv") == "2208.12242")
    dream["citationCount"], dream["tldr"] = 900, {"text": "A newer constructed TLDR."}
    dream["venue"] = "Another venue"
    cli.ok("enrich", "2208.12242")  # named: asked again, from the cache
    assert cli.papers()["2208.12242"]["citations"] == 840 and len(s2.requests) == 1
    cli.ok("enrich", "--refresh", "2208.12242")
    refreshed = cli.papers()["2208.12242"]
    assert refreshed["citations"] == 900 and refreshed["tldr"] == "A newer constructed TLDR."
    assert refreshed["venue"] == "CVPR 2023 (mine)" and len(s2.requests) == 2


@pytest.mark.slow
def test_show_and_list_sort_citations(servers: tuple[S2Server, CrossrefServer], cli: Cli) -> None:
    library(cli)
    cli.ok("enrich")
    shown = cli.ok("show", "2210.03142").stdout
    for label in ("Venue", "Citations", "Influential citations", "Open-access PDF", "TLDR"):
        assert f"\n{label} " in shown, label
    ids = cli.ok("list", "--sort", "citations", "--json").stdout
    import json

    order = [r["id"] for r in json.loads(ids)]
    counts = {r["id"]: r.get("citations") for r in json.loads(ids)}
    known = [i for i in order if counts[i] is not None]
    assert [counts[i] for i in known] == sorted((counts[i] for i in known), reverse=True)
    assert order[len(known) :] == [i for i in order if counts[i] is None]  # unknown last
    assert order[0] == "2208.12242"


@pytest.mark.slow
def test_enrich_offline_and_when_the_service_is_down(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    s2, _ = servers
    library(cli)
    before = cli.path.read_bytes()
    offline = cli("enrich", "--offline")
    assert offline.exit_code == NotCached.exit_code
    assert "--offline: no cached Semantic Scholar answer for 5 papers" in offline.stderr
    assert cli.path.read_bytes() == before and s2.requests == []
    s2.always = "503"
    down = cli("enrich")
    assert down.exit_code == NetworkError.exit_code
    assert "HTTP 503" in down.stderr and "(4 tries)" in down.stderr
    assert "`readlist enrich` continues" in down.stderr
    papers = cli.papers()  # Crossref still answered for the paper known by its DOI alone
    assert not any("enriched" in p for p in papers.values())
    assert papers["oxide"]["title"].startswith("Effect of native oxide")
    assert [i for i, p in papers.items() if "citations" in p or "venue" in p] == [
        "2208.12242",  # the user's own venue
        "chem",
        "oxide",
    ]
    assert papers["chem"]["venue"] == "Nature Machine Intelligence"


def test_a_doi_paper_whose_arxiv_id_is_anothers_is_reported(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    library(cli, paper("2304.05376", arxiv="2304.05376", title="Augmenting (arXiv)"))
    result = cli.ok("enrich")
    assert (
        "chem: Semantic Scholar gives it arXiv id 2304.05376, which is 2304.05376's: the same "
        "paper twice?" in result.stderr
    )
    assert "arxiv" not in cli.papers()["chem"]


@pytest.mark.slow
def test_an_interrupted_refresh_names_the_command_that_continues_it(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    from readlist.errors import Interrupted
    from tests.local_server import interrupt_main_thread

    s2, _ = servers
    s2.synthesize = True
    ids = [f"2301.{n:05d}" for n in range(1, 601)]
    write_list(cli.path, [paper(i, arxiv=i, enriched="2026-11-01") for i in ids])
    s2.script("ok", interrupt_main_thread())
    result = cli("enrich", "--refresh")
    assert result.exit_code == Interrupted.exit_code
    command = f"readlist enrich --refresh --not-since {TODAY}"
    assert f"100 not asked yet (`{command}` continues)" in result.stderr
    cli.ok(*command.split()[1:])
    assert [len(r.json()["ids"]) for r in s2.requests] == [500, 100, 100]
    assert s2.requests[2].json()["ids"][0] == "ARXIV:2301.00501"  # only what was left
    assert all(p["enriched"].isoformat() == TODAY for p in cli.papers().values())
    refused = cli("enrich", "--not-since", TODAY)
    assert refused.exit_code == 2 and "--not-since goes with --refresh" in refused.stderr


def test_an_arxiv_only_paper_gets_no_venue_and_no_arxiv_doi(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    # Recorded: PaperQA, venue "arXiv.org", DOI 10.48550/arXiv.2312.07559 (the arXiv id again).
    write_list(cli.path, [paper("2312.07559", arxiv="2312.07559", title="PaperQA")])
    cli.ok("enrich")
    record = cli.papers()["2312.07559"]
    assert record["citations"] == 111 and record["influential_citations"] == 2
    assert "venue" not in record and "year" not in record and "doi" not in record
