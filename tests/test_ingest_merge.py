"""Merging ingested entries into an existing list: matching, filling, never overwriting, and
challenge days."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist import identity
from tests.conftest import Cli, write_list

DREAMBOOTH = "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation"


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return path.name


def test_same_arxiv_id_merges_and_fills_only_empty_fields(sample: Cli, isolated: Path) -> None:
    name = write(
        isolated / "list.md",
        "## Personalization\n\n"
        "DreamBooth, A Different Title : https://arxiv.org/abs/2208.12242v3\n\n"
        "> A long abstract about subject-driven generation with diffusion models.\n\n"
        "- [x] Pathways Language and Image : https://arxiv.org/abs/2209.06794\n",
    )
    before = sample.papers()["2208.12242"]
    result = sample.ok("ingest", name)
    paper = sample.papers()["2208.12242"]
    assert paper["title"] == before["title"]  # never overwritten
    assert paper["status"] == "todo" and str(paper["added"]) == str(before["added"])
    assert paper["version"] == 3
    assert paper["abstract"].startswith("A long abstract")
    assert paper["tags"] == ["diffusion", "AIGC/CV", "Personalization"]
    assert paper["sources"] == ["list.md:3"]
    assert (
        "merged    list.md:3: into 2208.12242  DreamBooth: Fine Tuning Text-to-Image Diffusion "
        "Models for Subject-Driven Generation (same arXiv id 2208.12242; added version, abstract, "
        "tags)"
    ) in result.stdout


def test_status_moves_forward_only_and_user_fields_stay(cli: Cli, isolated: Path) -> None:
    write_list(
        cli.path,
        [
            {"id": "a", "title": "Alpha Paper On Things", "status": "todo", "rating": 4},
            {"id": "b", "title": "Beta Paper On Things", "status": "done", "notes": "mine"},
            {"id": "c", "title": "Gamma Paper On Things", "status": "skipped"},
            {"id": "d", "title": "Delta Paper On Things", "status": "reading"},
        ],
    )
    name = write(
        isolated / "sheet.csv",
        "title,status,finished,notes\n"
        "Alpha Paper On Things,done,2023-01-05,from the sheet\n"
        "Beta Paper On Things,to read,,from the sheet\n"
        "Gamma Paper On Things,done,2023-01-06,\n"
        "Delta Paper On Things,todo,,\n",
    )
    cli.ok("ingest", name)
    papers = cli.papers()
    assert papers["a"]["status"] == "done" and papers["a"]["finished"].isoformat() == "2023-01-05"
    assert papers["a"]["rating"] == 4 and papers["a"]["notes"] == "from the sheet"
    assert papers["b"]["status"] == "done" and papers["b"]["notes"] == "mine"  # never back
    assert papers["c"]["status"] == "skipped" and "finished" not in papers["c"]
    assert papers["d"]["status"] == "reading"


def test_close_titles_and_same_abstract_match(cli: Cli, isolated: Path) -> None:
    abstract = " ".join(f"word{i}" for i in range(60))
    write_list(
        cli.path,
        [
            {"id": "ddpm", "title": "Denoising Diffusion Probabilistic Models", "status": "todo"},
            {"id": "bert", "title": "BERT: Pre-training of Deep Bidirectional Transformers"},
            {"id": "untitled", "abstract": abstract, "needs_title": True, "status": "todo"},
        ],
    )
    body = (
        "An abstract that is long enough to be an abstract of a paper with many words in it, "
        "twenty five words at the very least, yes indeed.\n\n"
    )
    name = write(
        isolated / "listing.txt",
        "Denoising Difusion Probabilistic Models\n\n"  # a typo
        + body
        + "BERT - Pretraining of Deep Bidirectional Transformers\n\n"  # spelt another way
        + body.replace("An", "Another")
        + "The Title Of The Untitled One\n\n"
        + abstract
        + "\n",
    )
    result = cli.ok("ingest", name)
    papers = cli.papers()
    assert set(papers) == {"ddpm", "bert", "untitled"}
    assert papers["untitled"]["title"] == "The Title Of The Untitled One"
    assert "needs_title" not in papers["untitled"]
    assert "into ddpm  Denoising Diffusion Probabilistic Models (title 99% alike" in result.stdout
    # The same words spaced differently ('Pretraining'): the same title.
    assert "into bert  BERT: Pre-training of Deep Bidirectional Transformers (same title" in (
        result.stdout
    )
    assert "(same abstract; added title)" in result.stdout


def test_different_papers_with_close_titles_stay_apart(cli: Cli, isolated: Path) -> None:
    """Close in letters, different in meaning: never merged."""
    write_list(
        cli.path,
        [
            {"id": "a", "title": "Masked Autoencoders Are Scalable Vision Learners"},
            {"id": "b", "title": "On the Diffusion of Explicit Layouts in Scenes"},
            {"id": "c", "title": "On the Generation of Neural Networks for Images"},
            {"id": "d", "title": "Supervised Contrastive Learning of Visual Features"},
            {"id": "e", "title": "PaLI: A Jointly-Scaled Multilingual Language-Image Model"},
        ],
    )
    name = write(
        isolated / "titles.md",
        "- **Masked Autoencoders Are Scalable Audio Learners**\n"
        "- **On the Diffusion of Implicit Layouts in Scenes**\n"
        "- **On the Networks of Neural Generation for Images**\n"
        "- **Unsupervised Contrastive Learning of Visual Features**\n"
        "- **PaLI-3: A Jointly-Scaled Multilingual Language-Image Model**\n",
    )
    result = cli.ok("ingest", name)
    assert len(cli.papers()) == 10
    assert result.stdout.splitlines()[-1] == (
        "1 file read, 5 papers found: 5 new, 0 merged, 0 unchanged, 0 skipped."
    )


def test_different_arxiv_ids_are_never_merged(cli: Cli, isolated: Path) -> None:
    write_list(
        cli.path,
        [
            {
                "id": "2101.00001",
                "arxiv": "2101.00001",
                "title": "Same Title For Two Different Papers",
            }
        ],
    )
    name = write(
        isolated / "ids.txt",
        "Same Title For Two Different Papers https://arxiv.org/abs/2101.00002\n"
        "Same Title For Two Different Paper https://arxiv.org/abs/2101.00003\n",
    )
    cli.ok("ingest", name)
    assert set(cli.papers()) == {"2101.00001", "2101.00002", "2101.00003"}


def test_entries_of_one_run_merge_with_each_other(cli: Cli, isolated: Path) -> None:
    first = write(isolated / "a.txt", "Some Paper Title Here: https://arxiv.org/abs/2101.00001\n")
    second = write(
        isolated / "b.md", "- [Some paper title here](https://arxiv.org/abs/2101.00001)\n"
    )
    result = cli.ok("ingest", first, second)
    (paper,) = cli.papers().values()
    assert paper["sources"] == ["a.txt:1", "b.md:1"]
    assert result.stdout.splitlines()[-1] == (
        "2 files read, 2 papers found: 1 new, 1 merged, 0 unchanged, 0 skipped."
    )


@pytest.mark.slow
def test_untitled_entries_are_found_again(cli: Cli, isolated: Path) -> None:
    """Short names and short abstracts have no title key: re-ingesting must still find them."""
    name = write(
        isolated / "sheet.csv",
        "name,status\ndreambooth,done\n",
    )
    short = write(
        isolated / "abstracts.txt", "A short abstract of a paper, twelve words or so long.\n"
    )
    cli.ok("ingest", name)
    cli.ok("ingest", short, "--format", "abstracts")
    before = cli.path.read_bytes()
    result = cli.ok("ingest", short, "--format", "abstracts")
    assert "0 new, 0 merged, 1 unchanged" in result.stdout
    result = cli.ok("ingest", name)
    assert "0 new, 0 merged, 1 unchanged" in result.stdout
    assert cli.path.read_bytes() == before
    assert set(cli.papers()) == {"dreambooth", "a-short-abstract-of-a"}


def test_ids_do_not_collide(cli: Cli, isolated: Path) -> None:
    write_list(cli.path, [{"id": "pali", "title": "PaLI: Something Else Entirely"}])
    name = write(
        isolated / "x.md",
        "- **PaLI: A Jointly-Scaled Multilingual Language-Image Model**\n"
        "- **PaLI-X: On Scaling up a Multilingual Vision and Language Model**\n",
    )
    cli.ok("ingest", name)
    assert list(cli.papers()) == ["pali", "pali-2", "pali-x"]


def test_challenge_days_are_added_never_overwritten(cli: Cli, isolated: Path) -> None:
    write_list(
        cli.path,
        [
            {"id": "x", "title": "Paper X On Day Two", "status": "done"},
            {"id": "2209.12330", "arxiv": "2209.12330", "title": "Aesthetic Gradients Paper"},
        ],
        challenges=[
            {
                "name": "30daysofDiffusion",
                "hashtag": "#30daysofDiffusion",
                "days": 30,
                "start": "2023-01-02",
                "entries": [{"day": 2, "paper": "x"}, {"day": 15, "paper": "x-other"}],
            }
        ],
    )
    name = write(
        isolated / "thread.txt",
        "Day 2 #30daysofDiffusion\nPaper: https://arxiv.org/abs/2212.12249\n\n"
        "Day 7 #30daysofDiffusion\nPaper: https://arxiv.org/abs/2209.12330\n\n"
        "Day 31 #30daysofDiffusion\nPaper: https://arxiv.org/abs/2301.00001\n",
    )
    result = cli.ok("ingest", name)
    (challenge,) = cli.data()["challenges"]
    entries = {e["day"]: e["paper"] for e in challenge["entries"]}
    assert entries == {2: "x", 7: "2209.12330", 15: "x-other"}
    assert challenge["days"] == 30
    out = result.stdout
    assert "Challenge 30daysofDiffusion: day 7 planned" in out
    assert (
        "skipped   thread.txt:2: day 2 of 30daysofDiffusion is already x; left as it is "
        "(2212.12249 not put on it)"
    ) in out
    assert "skipped   thread.txt:8: day 31 is outside 1..30 of 30daysofDiffusion" in out
    assert cli.papers()["2209.12330"]["status"] == "done"


def test_new_challenge_start_from_a_later_day(cli: Cli, isolated: Path) -> None:
    name = write(
        isolated / "sheet.txt",
        "Day 3 #100DaysOfPapers\nPaper: https://arxiv.org/abs/2101.00003\n\n"
        "Name,Date,Paper Link,Status,Day\n"
        "third,2024-05-10,https://arxiv.org/abs/2101.00003,done,3\n",
    )
    cli.ok("ingest", name)
    (challenge,) = cli.data()["challenges"]
    assert challenge["name"] == "100DaysOfPapers" and challenge["days"] == 100
    assert challenge["start"].isoformat() == "2024-05-08"
    paper = cli.papers()["2101.00003"]
    assert paper["alias"] == "third" and paper["finished"].isoformat() == "2024-05-10"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("denoising difusion models", "denoising diffusion models", True),
        ("bert pre training of deep transformers", "bert pretraining of deep transformers", True),
        ("wavecode 2 generative models", "wavecode2 generative models", True),
        ("plug ad play features", "plug and play features", True),
        ("text o image generation", "text to image generation", True),
        ("on the diffusion of layouts", "on diffusion of layouts", True),
        ("on the diffusion of explicit layouts", "on the diffusion of implicit layouts", False),
        ("supervised contrastive learning", "unsupervised contrastive learning", False),
        ("pali a jointly scaled model", "pali 3 a jointly scaled model", False),
        ("scalable vision learners", "scalable audio learners", False),
    ],
)  # fmt: skip
def test_same_words(first: str, second: str, same: bool) -> None:
    assert (identity.title_conflict(first, second) is None) is same
    assert (identity.title_conflict(second, first) is None) is same


def test_short_names_are_found_after_the_paper_got_a_title(cli: Cli, isolated: Path) -> None:
    write_list(
        cli.path,
        [
            {"id": "2208.12242", "arxiv": "2208.12242", "alias": "dreambooth", "title": DREAMBOOTH},
            {"id": "vico", "alias": "ViCo", "title": "ViCo: Detail-Preserving Visual Condition"},
        ],
    )
    name = write(isolated / "sheet.csv", "name,status\nDreamBooth,done\nvico,\n")
    result = cli.ok("ingest", name)
    assert set(cli.papers()) == {"2208.12242", "vico"}
    assert cli.papers()["2208.12242"]["status"] == "done"
    assert "(same short name; added status)" in result.stdout
