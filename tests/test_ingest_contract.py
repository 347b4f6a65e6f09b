"""EXPORT-CONTRACT.md from the ingest side: hand-written files in the export's Markdown, CSV and
BibTeX layouts, ingested into an empty list, give the papers (ids, titles, statuses) back."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli

DREAMBOOTH = "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation"
PALI = "PaLI: A Jointly-Scaled Multilingual Language-Image Model"
ODD = "Odd | Title * With _ and [Brackets] <b> & `ticks` #1 !"
UNTITLED_ABSTRACT = (
    "Text-to-image diffusion models have demonstrated an unparalleled ability to generate "
    "high-quality, diverse images from a textual concept."
)
EXPECTED = {
    "2208.12242": (DREAMBOOTH, "done"),
    "pali": (PALI, "reading"),
    "text-to-image-diffusion-models": (None, "todo"),
    "odd-title-with-and-brackets": (ODD, "skipped"),
}

MARKDOWN = """<!-- readlist export: markdown v1 -->
# Reading list

4 papers: 1 done, 1 reading, 1 todo, 1 skipped

## Done

- [x] [DreamBooth: Fine Tuning Text\\-to\\-Image Diffusion Models for Subject\\-Driven Generation](https://arxiv.org/abs/2208.12242) · **done** · Nataniel Ruiz, Yuanzhen Li et al. · 2022-08-25 · tags: diffusion, AIGC/CV

## Reading

- [ ] PaLI: A Jointly\\-Scaled Multilingual Language\\-Image Model · **reading** · tags: AIGC/CV

## Todo

- [ ] *Untitled:* Text\\-to\\-image diffusion models have demonstrated an unparalleled… · **todo**
  <details><summary>Abstract</summary>

  Text\\-to\\-image diffusion models have demonstrated an unparalleled ability to generate high\\-quality, diverse images from a textual concept.

  </details>

## Skipped

- [ ] Odd \\| Title \\* With \\_ and \\[Brackets\\] &lt;b&gt; &amp; \\`ticks\\` \\#1 \\! · **skipped**

## 30daysofDiffusion

| Day | Date | Paper | Status |
|---|---|---|---|
| 1 | 2023-01-02 | [DreamBooth](https://arxiv.org/abs/2208.12242) | done |
"""  # noqa: E501

CSV = (
    "id,title,arxiv,link,status,added,started,finished,tags,challenge,day,authors,published\r\n"
    f'2208.12242,"{DREAMBOOTH}",2208.12242,https://arxiv.org/abs/2208.12242,done,2026-11-01,,'
    "2023-01-02,diffusion; AIGC/CV,30daysofDiffusion,1,Nataniel Ruiz; Yuanzhen Li,2022-08-25\r\n"
    f"pali,{PALI},,,reading,2026-11-03,2026-11-04,,AIGC/CV,,,,\r\n"
    "odd-title-with-and-brackets,Odd | Title * With _ and [Brackets] <b> & `ticks` #1 !,,,skipped,"
    "2026-11-05,,,,,,,\r\n"
)

BIBTEX = r"""@misc{ruiz2022dreambooth,
  title = {{DreamBooth}: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation},
  author = {Ruiz, Nataniel and Li, Yuanzhen},
  year = {2022},
  month = aug,
  eprint = {2208.12242},
  archivePrefix = {arXiv},
  primaryClass = {cs.CV},
  doi = {10.48550/arXiv.2208.12242},
  url = {https://arxiv.org/abs/2208.12242},
  note = {done},
  keywords = {diffusion, AIGC/CV}
}

@article{pali,
  title = {{PaLI}: A Jointly-Scaled Multilingual Language-Image Model},
  journal = {ICLR 2023},
  note = {reading}
}

@misc{odd,
  title = {Odd | Title * With \_ and [Brackets] <b> \& `ticks` \#1 !},
  note = {skipped}
}
"""


def check(cli: Cli, expected: dict[str, tuple[str | None, str]]) -> None:
    papers = cli.papers()
    assert set(papers) == set(expected)
    for paper_id, (title, status) in expected.items():
        assert papers[paper_id].get("title") == title, paper_id
        assert papers[paper_id]["status"] == status, paper_id


def test_markdown_export_into_an_empty_list(cli: Cli, isolated: Path) -> None:
    (isolated / "export.md").write_text(MARKDOWN, encoding="utf-8")
    result = cli.ok("ingest", "export.md")
    check(cli, EXPECTED)
    papers = cli.papers()
    assert papers["2208.12242"]["tags"] == ["diffusion", "AIGC/CV"]
    assert papers["text-to-image-diffusion-models"]["abstract"] == UNTITLED_ABSTRACT
    assert papers["text-to-image-diffusion-models"]["needs_title"] is True
    assert result.stdout.splitlines()[-1] == (
        "1 file read, 4 papers found: 4 new, 0 merged, 0 unchanged, 0 skipped."
    )


def test_csv_export_into_an_empty_list(cli: Cli, isolated: Path) -> None:
    (isolated / "export.csv").write_bytes(CSV.encode("utf-8"))
    cli.ok("ingest", "export.csv")
    expected = {k: v for k, v in EXPECTED.items() if k != "text-to-image-diffusion-models"}
    check(cli, expected)
    papers = cli.papers()
    assert papers["2208.12242"]["finished"].isoformat() == "2023-01-02"
    assert papers["2208.12242"]["added"].isoformat() == "2026-11-01"
    assert papers["pali"]["started"].isoformat() == "2026-11-04"
    (challenge,) = cli.data()["challenges"]
    assert challenge["name"] == "30daysofDiffusion" and challenge["days"] == 30
    assert challenge["start"].isoformat() == "2023-01-02"
    assert challenge["entries"] == [{"day": 1, "paper": "2208.12242"}]


def test_bibtex_export_into_an_empty_list(cli: Cli, isolated: Path) -> None:
    (isolated / "export.bib").write_text(BIBTEX, encoding="utf-8")
    cli.ok("ingest", "export.bib")
    expected = {k: v for k, v in EXPECTED.items() if k != "text-to-image-diffusion-models"}
    check(cli, expected)
    papers = cli.papers()
    assert papers["2208.12242"]["authors"] == ["Nataniel Ruiz", "Yuanzhen Li"]
    assert papers["2208.12242"]["primary_category"] == "cs.CV"
    assert papers["pali"]["journal_ref"] == "ICLR 2023"


def test_each_export_ingested_twice_changes_nothing(cli: Cli, isolated: Path) -> None:
    (isolated / "export.md").write_text(MARKDOWN, encoding="utf-8")
    (isolated / "export.csv").write_bytes(CSV.encode("utf-8"))
    (isolated / "export.bib").write_text(BIBTEX, encoding="utf-8")
    cli.ok("ingest", "export.md", "export.csv", "export.bib")
    assert len(cli.papers()) == 4
    before = cli.path.read_bytes()
    result = cli.ok("ingest", "export.md", "export.csv", "export.bib")
    assert cli.path.read_bytes() == before
    assert "0 new, 0 merged, 10 unchanged, 0 skipped" in result.stdout
