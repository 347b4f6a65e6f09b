"""`readlist ingest seeds/`: the issue's acceptance, checked on the YAML written to disk."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEEDS, Cli, default_list_bytes

THREAD = "seeds/30daysofdiffusion-thread.txt"
AIGC = "seeds/aigc-paper-list.md"
DAILY = "seeds/hf-daily-papers.txt"
ABSTRACTS = "seeds/abstracts-only.txt"

# The 20 arXiv ids of the seeds: the Markdown list's links, the thread's "Paper:" links and the
# DreamBooth sheet row.
ARXIV_IDS = {
    "2305.14671", "2303.11717", "2306.00971", "2301.08243", "2304.10530", "2209.14988",
    "2210.09461", "2301.11325", "2301.09474", "2206.02574",
    "2208.12242", "2212.12249", "2210.03142", "2211.08332", "2210.10578", "2211.01324",
    "2204.11824", "2212.05032", "2211.09800", "2209.12330",
}  # fmt: skip
CHALLENGE_DAYS = {
    1: "2208.12242",
    7: "2209.12330",
    8: "2211.09800",
    9: "2212.05032",
    10: "2204.11824",
    11: "2211.01324",
    12: "2210.10578",
    13: "2211.08332",
    14: "2210.03142",
    15: "2212.12249",
}


@pytest.fixture
def seeded(cli: Cli, isolated: Path) -> tuple[Cli, Any]:
    shutil.copytree(SEEDS, isolated / "seeds")
    result = cli.ok("ingest", "seeds/")
    return cli, result


def test_seeds_give_87_papers_from_89_entries(seeded: tuple[Cli, Any]) -> None:
    cli, result = seeded
    assert result.stdout.splitlines()[-1] == (
        "4 files read, 89 papers found: 87 new, 2 merged, 0 unchanged, 0 skipped."
    )
    assert result.stderr == ""
    papers = cli.papers()
    assert len(papers) == 87
    assert {p["arxiv"] for p in papers.values() if p.get("arxiv")} == ARXIV_IDS
    # Ids are canonical arXiv ids when known.
    assert all(pid == p["arxiv"] for pid, p in papers.items() if p.get("arxiv"))
    assert all(p["added"].isoformat() == "2026-11-21" for p in papers.values())


def test_cross_file_duplicates_keep_both_sources(seeded: tuple[Cli, Any]) -> None:
    cli, result = seeded
    papers = cli.papers()
    assert papers["2303.11717"]["sources"] == [f"{AIGC}:11", f"{DAILY}:93"]
    assert papers["2303.11717"]["tags"] == ["Survey"]
    assert papers["2210.03142"]["sources"] == [f"{THREAD}:30", f"{DAILY}:217"]
    assert papers["2210.03142"]["title"] == "On Distillation of Guided Diffusion Models"
    merged = [ln for ln in result.stdout.splitlines() if ln.strip().startswith("merged")]
    assert len(merged) == 2
    assert all("(same title)" in line for line in merged)
    multi = [pid for pid, p in papers.items() if len(p["sources"]) > 1]
    assert sorted(multi) == ["2210.03142", "2303.11717"]


def test_abstracts_titles_aliases_and_links(seeded: tuple[Cli, Any]) -> None:
    cli, _ = seeded
    papers = cli.papers()
    daily = [p for p in papers.values() if any(s.startswith(DAILY) for s in p["sources"])]
    assert len(daily) == 57
    assert all(p.get("abstract") and p.get("title") for p in daily)
    untitled = [p for p in papers.values() if p["sources"][0].startswith(ABSTRACTS)]
    assert len(untitled) == 11
    assert all(p["needs_title"] and "title" not in p and len(p["abstract"]) > 500 for p in untitled)
    assert papers["text-to-image-diffusion-models"]["abstract"].startswith(
        "Text-to-image diffusion models have demonstrated an unparalleled ability"
    )
    vico = papers["2306.00971"]
    assert vico["title"] == (
        "ViCo: Detail-Preserving Visual Condition for Personalized Text-to-Image Generation"
    )
    assert vico["alias"] == "ViCo"
    assert vico["abstract"].startswith("Personalized text-to-image generation")
    assert papers["2301.08243"]["alias"] == "IJEPA"
    assert papers["2301.08243"]["title"] == (
        "Self-Supervised Learning from Images with a Joint-Embedding Predictive Architecture"
    )
    pali = papers["pali"]
    assert pali["title"] == "PaLI: A Jointly-Scaled Multilingual Language-Image Model"
    assert "arxiv" not in pali and "url" not in pali
    assert pali["abstract"].startswith("Effective scaling and a flexible task interface")
    assert pali["tags"] == ["AIGC/CV"]
    dreambooth = papers["2208.12242"]
    assert dreambooth["alias"] == "dreambooth" and "title" not in dreambooth


def test_headings_become_tags(seeded: tuple[Cli, Any]) -> None:
    cli, _ = seeded
    papers = cli.papers()
    assert papers["2305.14671"]["tags"] == ["Survey"]
    assert papers["2209.14988"]["tags"] == ["AIGC/CV"]
    assert papers["2301.11325"]["tags"] == ["AIGC/AS"]
    assert papers["2206.02574"]["tags"] == ["ELSE"]
    assert not any(p.get("tags") for p in papers.values() if p["sources"][0].startswith(DAILY))


@pytest.mark.slow
def test_challenge_from_the_thread(seeded: tuple[Cli, Any]) -> None:
    cli, result = seeded
    (challenge,) = cli.data()["challenges"]
    assert challenge["name"] == "30daysofDiffusion"
    assert challenge["hashtag"] == "#30daysofDiffusion"
    assert challenge["days"] == 30
    assert challenge["start"].isoformat() == "2023-01-02"
    assert {e["day"]: e["paper"] for e in challenge["entries"]} == CHALLENGE_DAYS
    papers = cli.papers()
    for paper_id in CHALLENGE_DAYS.values():
        assert papers[paper_id]["status"] == "done"
    assert papers["2208.12242"]["finished"].isoformat() == "2023-01-02"
    # The thread does not say when days 7 to 15 were read: no invented dates.
    assert all("finished" not in papers[p] for d, p in CHALLENGE_DAYS.items() if d != 1)
    done = {pid for pid, p in papers.items() if p["status"] == "done"}
    assert done == set(CHALLENGE_DAYS.values())
    assert "Challenge 30daysofDiffusion (new, 30 days from 2023-01-02): days 1, 7-15 planned" in (
        result.stdout
    )


@pytest.mark.slow
def test_ingesting_again_changes_nothing(seeded: tuple[Cli, Any]) -> None:
    cli, _ = seeded
    before = cli.path.read_bytes()
    again = cli.ok("ingest", "seeds/")
    assert cli.path.read_bytes() == before
    assert again.stdout.splitlines()[-1] == (
        "4 files read, 89 papers found: 0 new, 0 merged, 89 unchanged, 0 skipped."
    )
    assert "Challenge 30daysofDiffusion: no new days" in again.stdout


@pytest.mark.slow
def test_files_one_by_one_give_the_same_list(cli: Cli, isolated: Path) -> None:
    shutil.copytree(SEEDS, isolated / "seeds")
    for name in sorted(p.name for p in SEEDS.iterdir()):
        cli.ok("ingest", f"seeds/{name}")
    one_by_one = cli.path.read_bytes()
    cli.path.unlink()
    cli.ok("ingest", "seeds/")
    assert cli.path.read_bytes() == one_by_one


@pytest.mark.slow
def test_dry_run_writes_nothing(cli: Cli, isolated: Path) -> None:
    shutil.copytree(SEEDS, isolated / "seeds")
    result = cli.ok("ingest", "seeds/", "--dry-run")
    assert not cli.path.exists()
    assert not list(isolated.glob("list.yaml*"))  # no lock, no backup either
    out = result.stdout
    assert out.splitlines()[-1] == (
        "Dry run, nothing written: 4 files read, 89 papers found: 87 new, 2 merged, "
        "0 unchanged, 0 skipped."
    )
    assert f"new       {AIGC}:45: pali  PaLI: A Jointly-Scaled" in out
    assert f"merged    {DAILY}:217: into 2210.03142" in out

    cli.ok("ingest", f"seeds/{Path(AIGC).name}")
    before = cli.path.read_bytes()
    again = cli.ok("ingest", "seeds/", "--dry-run")
    assert cli.path.read_bytes() == before
    assert again.stdout.splitlines()[-1].startswith(
        "Dry run, nothing written: 4 files read, 89 papers found: 76 new, 2 merged, 11 unchanged"
    )


def test_embedded_default_list_is_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """data/readlist.yaml is exactly what `make data` makes: regenerate it and compare bytes."""
    monkeypatch.chdir(ROOT)  # sources are named relative to the repository root
    fresh = tmp_path / "regenerated" / "readlist.yaml"
    Cli(fresh).ok("ingest", "seeds/")
    # The working copy (just rebuilt) or the committed one (the working copy may hold a tour).
    made = {(ROOT / "data" / "readlist.yaml").read_bytes(), default_list_bytes()}
    assert fresh.read_bytes() in made, "data/readlist.yaml is stale: run `make data` and commit it"
