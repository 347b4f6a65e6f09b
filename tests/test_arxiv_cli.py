"""`readlist fetch`, `resolve` and the fetch after `add`, through CliRunner against the local
arXiv API server: output, exit codes, the YAML on disk, and the requests the server got."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readlist.errors import Interrupted, NetworkError, NotFoundError, UsageError
from tests.arxiv_server import ArxivServer, interrupt_main_thread, local_arxiv
from tests.conftest import ROOT, TODAY, Cli, write_list
from tests.local_server import too_many_requests

ABSTRACTS_ONLY = (ROOT / "seeds" / "abstracts-only.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture
def arxiv_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with local_arxiv(monkeypatch) as server:
        yield server


def paper(arxiv_id: str | None, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": fields.pop("id", arxiv_id), "status": "todo"}
    if arxiv_id:
        record["arxiv"] = arxiv_id
    record["added"] = "2026-11-01"
    record.update(fields)
    return record


def synthetic_ids(count: int) -> list[str]:
    return [f"2301.{n:05d}" for n in range(1, count + 1)]


# --- fetch -------------------------------------------------------------------------------


def test_fetch_fills_every_field_and_keeps_unicode(arxiv_server: ArxivServer, cli: Cli) -> None:
    write_list(cli.path, [paper("1707.08567"), paper("astro-ph/0601001"), paper("1605.08386")])
    result = cli.ok("fetch")
    assert "Saved the arXiv metadata of 3 of 3 papers (1 request to arXiv)." in result.stdout
    papers = cli.papers()
    aew = papers["1707.08567"]
    assert aew["title"].startswith("Proceedings of Workshop AEW10")
    assert len(aew["authors"]) == 34 and "Dirk Wübben" in aew["authors"]
    assert "Dirk Wübben" in cli.path.read_text(encoding="utf-8")  # Unicode, not escapes
    assert aew["comment"].startswith("44 pages")
    assert aew["fetched"].isoformat() == TODAY
    astro = papers["astro-ph/0601001"]
    assert astro["journal_ref"] == "ActaAstron.56:1-50,2006"
    assert astro["published"].isoformat() == "2006-01-02"
    heat = papers["1605.08386"]
    assert heat["version"] == 1 and heat["updated"].isoformat() == "2016-05-26"
    assert heat["categories"] == ["math.CO", "math.ST"] and heat["primary_category"] == "math.CO"
    assert heat["pdf_url"] == "https://arxiv.org/pdf/1605.08386v1"
    assert heat["abstract"].startswith("Graphs on lattice points")
    assert heat["status"] == "todo" and heat["added"].isoformat() == "2026-11-01"


@pytest.mark.slow
def test_fetch_250_papers_in_three_paced_requests(
    arxiv_server: ArxivServer, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "0.2")
    arxiv_server.synthesize = True
    write_list(cli.path, [paper(i) for i in synthetic_ids(250)])
    result = cli.ok("fetch")
    assert "Saved the arXiv metadata of 250 of 250 papers (3 requests to arXiv)." in result.stdout
    assert [r.query["max_results"] for r in arxiv_server.requests] == ["100", "100", "50"]
    assert [len(r.ids) for r in arxiv_server.requests] == [100, 100, 50]
    times = [r.time for r in arxiv_server.requests]
    assert all(b - a >= 0.2 for a, b in zip(times, times[1:], strict=False))
    papers = cli.papers()
    assert all(p["title"] == f"Constructed paper {p['id']}" for p in papers.values())
    assert all(p["fetched"].isoformat() == TODAY for p in papers.values())


def test_a_missing_id_is_reported_by_name_and_the_rest_saved(
    arxiv_server: ArxivServer, cli: Cli
) -> None:
    write_list(cli.path, [paper("2208.12242"), paper("2301.99999", id="typo")])
    result = cli("fetch")
    assert result.exit_code == NotFoundError.exit_code
    assert "arXiv does not know 1 of these ids" in result.stderr
    assert "typo (arXiv 2301.99999)" in result.stderr
    papers = cli.papers()
    assert papers["2208.12242"]["title"].startswith("DreamBooth")
    assert "fetched" not in papers["typo"]


def test_a_malformed_ref_is_refused_before_asking(arxiv_server: ArxivServer, cli: Cli) -> None:
    write_list(cli.path, [paper("2208.12242")])
    before = cli.path.read_bytes()
    result = cli("fetch", "0808.05394")
    assert result.exit_code == UsageError.exit_code
    assert "'0808.05394' is not a valid arXiv id" in result.stderr
    assert arxiv_server.requests == [] and cli.path.read_bytes() == before


@pytest.mark.slow
def test_fetch_named_papers_only(arxiv_server: ArxivServer, cli: Cli) -> None:
    write_list(
        cli.path, [paper("2208.12242"), paper("2210.03142"), paper(None, id="pali", title="PaLI")]
    )
    cli.ok("fetch", "2210.03142")
    assert arxiv_server.requests[0].ids == ["2210.03142"]
    assert "fetched" not in cli.papers()["2208.12242"]
    refused = cli("fetch", "pali")
    assert refused.exit_code == UsageError.exit_code
    assert "pali: no arXiv id" in refused.stderr and "readlist resolve pali" in refused.stderr


@pytest.mark.slow
def test_old_style_and_versioned_ids_fetch(arxiv_server: ArxivServer, cli: Cli) -> None:
    cli.ok("add", "quant-ph/0201082v1", "--offline")
    cli.ok("add", "https://arxiv.org/abs/2104.12255v1", "--offline")
    cli.ok("fetch")
    # The latest version is asked for: the canonical id, without a version.
    assert arxiv_server.requests[0].ids == ["quant-ph/0201082", "2104.12255"]
    papers = cli.papers()
    assert papers["quant-ph/0201082"]["title"].startswith("Quantum Computers")
    assert papers["2104.12255"]["title"] == "0"  # a title that YAML must keep as text
    assert "title: '0'" in cli.path.read_text(encoding="utf-8")


def test_results_in_another_order_land_on_the_right_papers(
    arxiv_server: ArxivServer, cli: Cli
) -> None:
    arxiv_server.reverse = True
    write_list(cli.path, [paper("2208.12242"), paper("2210.03142"), paper("2211.09800")])
    cli.ok("fetch")
    papers = cli.papers()
    assert papers["2208.12242"]["title"].startswith("DreamBooth")
    assert papers["2210.03142"]["title"] == "On Distillation of Guided Diffusion Models"
    assert papers["2211.09800"]["title"].startswith("InstructPix2Pix")


@pytest.mark.slow
def test_503_then_200_succeeds(
    arxiv_server: ArxivServer, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "0.1")
    arxiv_server.script("503")
    write_list(cli.path, [paper("2208.12242")])
    result = cli.ok("fetch")
    assert "(2 requests to arXiv)" in result.stdout
    assert cli.papers()["2208.12242"]["title"].startswith("DreamBooth")
    first, second = arxiv_server.requests
    assert second.time - first.time >= 0.2


@pytest.mark.slow
def test_a_server_that_never_answers_times_out_and_changes_nothing(
    arxiv_server: ArxivServer, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READLIST_ARXIV_TIMEOUT", "0.2")
    arxiv_server.always = "hang"
    write_list(cli.path, [paper("2208.12242"), paper("2210.03142")])
    before = cli.path.read_bytes()
    result = cli("fetch")
    assert result.exit_code == NetworkError.exit_code
    assert result.stderr.startswith("readlist: error: the arXiv API at http://127.0.0.1:")
    assert "did not answer within 0.2 s (4 tries)" in result.stderr
    assert "not fetched (2)" in result.stderr and "Traceback" not in result.stderr
    assert cli.path.read_bytes() == before
    assert not cli.path.with_name("list.yaml.bak").exists()


def test_an_html_page_with_status_200_is_an_error(arxiv_server: ArxivServer, cli: Cli) -> None:
    arxiv_server.always = "html"
    write_list(cli.path, [paper("2208.12242")])
    before = cli.path.read_bytes()
    result = cli("fetch")
    assert result.exit_code == NetworkError.exit_code
    assert "answered with an HTML page instead of an Atom feed" in result.stderr
    assert "READLIST_ARXIV_URL" in result.stderr
    assert cli.path.read_bytes() == before


@pytest.mark.slow
def test_what_was_fetched_before_a_failure_is_saved(arxiv_server: ArxivServer, cli: Cli) -> None:
    arxiv_server.synthesize = True
    arxiv_server.script("ok", "503", "503", "503", "503")
    ids = synthetic_ids(130)
    write_list(cli.path, [paper(i) for i in ids])
    result = cli("fetch")
    assert result.exit_code == NetworkError.exit_code
    assert "HTTP 503" in result.stderr and "100 fetched and saved" in result.stderr
    assert "not fetched (30) (`readlist fetch` continues):" in result.stderr
    assert "  2301.00101" in result.stderr
    papers = cli.papers()
    assert all("fetched" in papers[i] for i in ids[:100])
    assert not any("fetched" in papers[i] for i in ids[100:])
    # Running again asks only for the rest.
    cli.ok("fetch")
    assert arxiv_server.requests[-1].ids == ids[100:]


@pytest.mark.slow
def test_ctrl_c_saves_what_finished_and_leaves_the_list_whole(
    arxiv_server: ArxivServer, cli: Cli
) -> None:
    arxiv_server.synthesize = True
    arxiv_server.script("ok", interrupt_main_thread())
    ids = synthetic_ids(250)
    write_list(cli.path, [paper(i) for i in ids])
    result = cli("fetch")
    assert result.exit_code == Interrupted.exit_code
    assert "interrupted: the 100 papers fetched are saved" in result.stderr
    assert "150 not fetched yet" in result.stderr
    papers = cli.papers()  # loads: the file is whole
    assert len(papers) == 250
    assert sum("fetched" in p for p in papers.values()) == 100


@pytest.mark.slow
def test_a_second_fetch_asks_nothing_new(arxiv_server: ArxivServer, cli: Cli) -> None:
    write_list(cli.path, [paper("2208.12242"), paper("1707.08567")])
    original = cli.path.read_bytes()
    cli.ok("fetch")
    fetched = cli.path.read_bytes()
    assert len(arxiv_server.requests) == 1
    # Everything fetched: nothing to ask.
    assert "Nothing to fetch" in cli.ok("fetch").stdout
    # The same question again (the list as it was): answered by the cache.
    cli.path.write_bytes(original)
    result = cli.ok("fetch")
    assert "(0 requests to arXiv, 1 answer from the cache)" in result.stdout
    assert len(arxiv_server.requests) == 1
    assert cli.path.read_bytes() == fetched


@pytest.mark.slow
def test_offline_uses_only_the_cache(arxiv_server: ArxivServer, cli: Cli) -> None:
    write_list(cli.path, [paper("2208.12242")])
    original = cli.path.read_bytes()
    empty = cli("fetch", "--offline")
    assert empty.exit_code == NetworkError.exit_code
    assert "--offline: no cached arXiv answer for 1 paper (2208.12242)" in empty.stderr
    assert "without --offline" in empty.stderr
    assert arxiv_server.requests == [] and cli.path.read_bytes() == original
    cli.ok("fetch")
    cli.path.write_bytes(original)
    cli.ok("fetch", "--offline")
    assert len(arxiv_server.requests) == 1
    assert cli.papers()["2208.12242"]["title"].startswith("DreamBooth")


def test_fetch_never_touches_what_the_user_wrote(arxiv_server: ArxivServer, cli: Cli) -> None:
    user = {
        "title": "DreamBooth (my title)",
        "status": "done",
        "finished": "2026-11-05",
        "rating": 5,
        "tags": ["diffusion", "personalization"],
        "notes": "Rare-token identifier.",
        "authors": ["N. Ruiz"],
        "venue": "CVPR 2023",
    }
    write_list(cli.path, [paper("2208.12242", **user)])
    cli.ok("fetch")
    first = cli.papers()["2208.12242"]
    assert first["title"] == "DreamBooth (my title)"
    assert first["arxiv_title"].startswith("DreamBooth: Fine Tuning")
    assert first["authors"] == ["N. Ruiz"]  # filled only when empty
    assert first["primary_category"] == "cs.CV"  # empty before: filled
    cli.ok("fetch", "--refresh")
    refreshed = cli.papers()["2208.12242"]
    assert refreshed["authors"][0] == "Nataniel Ruiz"  # --refresh updates arXiv's fields
    for key, value in user.items():
        if key not in ("authors", "finished"):
            assert refreshed[key] == value, key
    assert refreshed["finished"].isoformat() == "2026-11-05"


def test_a_paper_needing_a_title_takes_arxivs(arxiv_server: ArxivServer, cli: Cli) -> None:
    write_list(cli.path, [paper("2208.11970", needs_title=True, abstract=ABSTRACTS_ONLY[5])])
    cli.ok("fetch")
    record = cli.papers()["2208.11970"]
    assert record["title"] == "Understanding Diffusion Models: A Unified Perspective"
    assert "needs_title" not in record and "arxiv_title" not in record
    assert record["abstract"] == ABSTRACTS_ONLY[5]


# --- add -----------------------------------------------------------------------------------


def test_add_fetches_the_metadata_at_once(arxiv_server: ArxivServer, cli: Cli) -> None:
    result = cli.ok("add", "https://arxiv.org/abs/2208.12242", "--tag", "diffusion")
    assert "Added 2208.12242" in result.stdout
    assert "Fetched DreamBooth: Fine Tuning" in result.stdout and "6 authors" in result.stdout
    record = cli.papers()["2208.12242"]
    assert record["authors"][0] == "Nataniel Ruiz" and record["tags"] == ["diffusion"]
    assert [r.ids for r in arxiv_server.requests] == [["2208.12242"]]


def test_add_without_network_keeps_the_paper_and_says_so(cli: Cli) -> None:
    # conftest points READLIST_ARXIV_URL at a closed port.
    result = cli.ok("add", "2208.12242")
    assert result.stdout.splitlines()[-1] == "metadata pending: run `readlist fetch`"
    assert "connection refused" in result.stderr and "Traceback" not in result.stderr
    record = cli.papers()["2208.12242"]
    assert record["arxiv"] == "2208.12242" and "fetched" not in record


def test_add_tries_once_with_no_retry_pauses(
    arxiv_server: ArxivServer, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "5")  # a retry would wait at least 10 s
    arxiv_server.always = "503"
    result = cli.ok("add", "2208.12242")
    assert "metadata pending: run `readlist fetch`" in result.stdout
    assert len(arxiv_server.requests) == 1
    arxiv_server.always = None
    cli.ok("fetch")
    assert cli.papers()["2208.12242"]["title"].startswith("DreamBooth")


@pytest.mark.slow
def test_add_of_an_id_arxiv_does_not_know(arxiv_server: ArxivServer, cli: Cli) -> None:
    result = cli.ok("add", "2301.99999")
    assert "metadata pending" in result.stdout
    assert "arXiv does not know 2301.99999" in result.stderr
    assert "2301.99999" in cli.papers()


def test_add_offline_asks_nothing(arxiv_server: ArxivServer, cli: Cli) -> None:
    result = cli.ok("add", "2208.12242", "--offline")
    assert "metadata pending" not in result.stdout and arxiv_server.requests == []


# --- resolve -------------------------------------------------------------------------------


def seed_list(cli: Cli, *extra: dict[str, Any]) -> None:
    write_list(
        cli.path,
        [
            paper("2208.12242", title="DreamBooth", status="done", finished="2026-11-02"),
            paper(
                None,
                id="pali",
                title="PaLI: A Jointly-Scaled Multilingual Language-Image Model",
                status="reading",
                started="2026-11-10",
                tags=["AIGC/CV"],
                notes="Read section 3 again.",
                rating=4,
            ),
            paper(None, id="collab", title="Collaborative Diffusion for Multi-Modal Face"),
            paper(None, id="understanding", needs_title=True, abstract=ABSTRACTS_ONLY[5]),
            paper(None, id="prompting", needs_title=True, abstract=ABSTRACTS_ONLY[7]),
            paper(None, id="unknown", title="A Paper Nobody Has Written Yet"),
            *extra,
        ],
        challenges=[
            {
                "name": "30daysofDiffusion",
                "days": 30,
                "start": "2026-11-01",
                "entries": [{"day": 1, "paper": "2208.12242"}, {"day": 2, "paper": "pali"}],
            }
        ],
    )


def test_resolve_applies_close_matches_and_only_them(arxiv_server: ArxivServer, cli: Cli) -> None:
    seed_list(cli)
    result = cli.ok("resolve", "--yes")
    out = result.stdout
    assert "Matches (score >= 90):" in out
    assert "100.0  pali -> 2209.06794  PaLI: A Jointly-Scaled" in out
    assert "understanding -> 2208.11970  Understanding Diffusion Models" in out
    assert "prompting -> 2107.13586  Pre-train, Prompt, and Predict" in out
    assert "(abstract)" in out
    assert "Close, but below 90" in out and "collab -> 2304.10530" in out
    assert "No match on arXiv for: unknown" in out
    assert "Resolved pali -> 2209.06794" in out
    papers = cli.papers()
    assert set(papers) == {
        "2208.12242",
        "2209.06794",
        "collab",
        "2208.11970",
        "2107.13586",
        "unknown",
    }
    pali = papers["2209.06794"]
    assert pali["arxiv"] == "2209.06794" and pali["fetched"].isoformat() == TODAY
    # What the user wrote is untouched.
    assert (pali["status"], pali["tags"], pali["notes"], pali["rating"]) == (
        "reading",
        ["AIGC/CV"],
        "Read section 3 again.",
        4,
    )
    assert pali["title"] == "PaLI: A Jointly-Scaled Multilingual Language-Image Model"
    understanding = papers["2208.11970"]
    assert understanding["title"] == "Understanding Diffusion Models: A Unified Perspective"
    assert "needs_title" not in understanding and understanding["authors"] == ["Calvin Luo"]
    # The near miss is not applied; the challenge follows the renamed paper.
    assert "arxiv" not in papers["collab"]
    entries = cli.data()["challenges"][0]["entries"]
    assert entries == [{"day": 1, "paper": "2208.12242"}, {"day": 2, "paper": "2209.06794"}]


def test_the_threshold_decides_what_is_applied(arxiv_server: ArxivServer, cli: Cli) -> None:
    seed_list(cli)
    out = cli.ok("resolve", "collab", "--yes").stdout
    assert "Close, but below 90" in out and "Resolved" not in out
    score = float(out.split("collab -> 2304.10530")[0].split()[-1])
    assert 70 < score < 90
    assert "arxiv" not in cli.papers()["collab"]
    applied = cli.ok("resolve", "collab", "--yes", "--threshold", str(int(score) - 1))
    assert "Resolved collab -> 2304.10530" in applied.stdout
    record = cli.papers()["2304.10530"]
    # The user's (shorter) title is kept; arXiv's is beside it.
    assert record["title"] == "Collaborative Diffusion for Multi-Modal Face"
    assert (
        record["arxiv_title"]
        == "Collaborative Diffusion for Multi-Modal Face Generation and Editing"
    )


def test_resolve_asks_before_changing_anything(arxiv_server: ArxivServer, cli: Cli) -> None:
    seed_list(cli)
    before = cli.path.read_bytes()
    declined = cli.ok("resolve", "pali", input="n\n")
    assert "Give this paper its arXiv id? [y/N]" in declined.stdout
    assert "Nothing changed." in declined.stdout and cli.path.read_bytes() == before
    accepted = cli.ok("resolve", "pali", input="y\n")
    assert "Resolved pali -> 2209.06794" in accepted.stdout
    assert len(arxiv_server.requests) == 1  # the second run was answered by the cache


def test_an_id_already_in_the_list_is_a_duplicate_not_applied(
    arxiv_server: ArxivServer, cli: Cli
) -> None:
    seed_list(
        cli,
        paper(
            None,
            id="dreambooth-again",
            title="DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven "
            "Generation",
        ),
    )
    out = cli.ok("resolve", "dreambooth-again", "--yes").stdout
    assert "Already in the list (not applied):" in out
    assert "dreambooth-again -> 2208.12242" in out and "is 2208.12242" in out
    assert "arxiv" not in cli.papers()["dreambooth-again"]


def test_resolve_skips_papers_that_have_an_id(arxiv_server: ArxivServer, cli: Cli) -> None:
    seed_list(cli)
    out = cli.ok("resolve", "2208.12242").stdout
    assert "Skipped 2208.12242: already has arXiv id 2208.12242." in out
    assert arxiv_server.requests == []


def test_resolve_offline_with_an_empty_cache(arxiv_server: ArxivServer, cli: Cli) -> None:
    seed_list(cli)
    before = cli.path.read_bytes()
    result = cli("resolve", "--offline", "--yes")
    assert result.exit_code == NetworkError.exit_code
    assert "--offline: 5 papers were not searched" in result.stderr
    assert arxiv_server.requests == [] and cli.path.read_bytes() == before


def test_resolve_searches_titles_and_abstract_phrases_in_one_request(
    arxiv_server: ArxivServer, cli: Cli
) -> None:
    seed_list(cli)
    out = cli.ok("resolve", "pali", "understanding", "--yes").stdout
    assert "Searching arXiv for 2 papers: 1 request, up to 3 if some papers need another" in out
    assert "Resolved pali -> 2209.06794" in out and "Resolved understanding -> 2208.11970" in out
    (request,) = arxiv_server.requests
    title, abstract = request.query["search_query"].split(" OR ")
    assert title == 'ti:"pali a jointly scaled multilingual language image model"'
    assert abstract.startswith('(abs:"') and ' AND abs:"' in abstract and abstract.endswith(")")
    assert request.query["max_results"] == "20"  # ten results for each query


def test_resolve_rejects_a_threshold_out_of_range(cli: Cli) -> None:
    write_list(cli.path, [])
    result = cli("resolve", "--threshold", "150")
    assert result.exit_code == UsageError.exit_code
    assert "--threshold 150 is out of range" in result.stderr


def test_resolve_stops_on_a_network_failure_and_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    seed_list(cli)  # conftest's closed port: arXiv unreachable
    before = cli.path.read_bytes()
    result = cli("resolve", "--yes")
    assert result.exit_code == NetworkError.exit_code
    assert "could not be reached (connection refused) (4 tries)" in result.stderr
    assert cli.path.read_bytes() == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_is_drawn_on_a_terminal_only_for_several_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readlist.render.terminal import ProgressBar, network_bar

    for make, total, drawn in (
        (ProgressBar, 1, False),
        (ProgressBar, 3, True),
        (network_bar, 1, True),  # the network commands: a spinner from the first request
    ):
        screen = _Terminal()
        monkeypatch.setattr("sys.stderr", screen)
        with make("Asking arXiv") as update:
            for done in range(total + 1):
                update(done, total)
        assert ("Asking arXiv" in screen.getvalue()) is drawn, (make, total)


def test_a_wait_shows_a_spinner_saying_why_even_for_one_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from readlist.render.terminal import ProgressBar

    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with ProgressBar("Asking arXiv") as bar:
        bar(0, 1)
        bar.wait(3, "arXiv allows one request every 3 s")
        bar(1, 1)
    assert "Asking arXiv: waiting 3 s (arXiv allows one request every 3 s)" in screen.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with ProgressBar("Asking arXiv") as bar:
        bar.wait(3, "pacing")
    assert piped.getvalue() == ""  # not a terminal: nothing drawn


@pytest.mark.slow
def test_fetch_tells_the_bar_what_it_waits_for(
    arxiv_server: ArxivServer, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readlist import arxiv_metadata
    from readlist.store import Store

    monkeypatch.setenv("READLIST_ARXIV_DELAY", "1")
    arxiv_server.synthesize = True
    arxiv_server.script("ok", too_many_requests("2"))
    write_list(cli.path, [paper(i) for i in synthetic_ids(150)])
    told: list[tuple[float, str]] = []
    report = arxiv_metadata.fetch(Store(cli.path), on_wait=lambda s, why: told.append((s, why)))
    assert len(report.filled) == 150
    whys = [why for _, why in told]
    assert whys[0] == "arXiv allows one request every 1 s"
    assert whys[1].startswith("arXiv asked readlist to slow down (HTTP 429)")
    assert "Retry-After: 2 s; trying again" in whys[1]


@pytest.mark.slow
def test_an_interrupted_refresh_names_the_command_that_continues_it(
    arxiv_server: ArxivServer, cli: Cli
) -> None:
    arxiv_server.synthesize = True
    ids = synthetic_ids(250)
    write_list(cli.path, [paper(i, fetched="2026-11-01") for i in ids])
    arxiv_server.script("ok", interrupt_main_thread())
    result = cli("fetch", "--refresh")
    assert result.exit_code == Interrupted.exit_code
    command = f"readlist fetch --refresh --not-since {TODAY}"
    assert f"150 not fetched yet (`{command}` continues)" in result.stderr
    cli.ok(*command.split()[1:])
    assert [len(r.ids) for r in arxiv_server.requests] == [100, 100, 100, 50]
    assert arxiv_server.requests[2].ids[0] == ids[100]  # only what was left
    assert all(p["fetched"].isoformat() == TODAY for p in cli.papers().values())
    refused = cli("fetch", "--not-since", TODAY)
    assert refused.exit_code == UsageError.exit_code
    assert "--not-since goes with --refresh" in refused.stderr
