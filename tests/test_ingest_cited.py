"""Titles and ids found elsewhere in the same document: a README's ```bibtex blocks after its
paper list complete the entries they cite, and org-mode heading tags become readlist tags."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, Cli

DOCUMENTS = FIXTURES / "ingest" / "in-document"

# Shaped like the READMEs of paper collections: a list of short names and links, then the
# BibTeX of the papers "if you find them useful".
README = (DOCUMENTS / "README.md").read_text(encoding="utf-8")


def test_a_readme_bibtex_block_titles_the_entries_it_cites(cli: Cli, isolated: Path) -> None:
    (isolated / "README.md").write_text(README, encoding="utf-8")
    report = json.loads(cli.ok("ingest", "README.md", "--json").stdout)
    assert [e["action"] for e in report["entries"]] == ["new"] * 5
    papers = cli.papers()
    # Found in the block by its arXiv id: the block's title; the list's name is the alias.
    dreambooth = papers["2208.12242"]
    assert dreambooth["title"] == (
        "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation"
    )
    assert dreambooth["alias"] == "DreamBooth"
    assert dreambooth["authors"][0] == "Nataniel Ruiz"
    inversion = papers["2208.01618"]
    assert inversion["title"].startswith("An Image is Worth One Word")
    assert inversion["alias"] == "Textual Inversion"
    # Found in the block by its title: the block's ids (an arXiv id, a DOI).
    assert papers["2212.04488"]["title"] == "Multi-Concept Customization of Text-to-Image Diffusion"
    keylocked = papers["key-locked-rank-one-editing"]
    assert keylocked["doi"] == "10.1145/3588432.3591506"
    # The block's ELITE has another arXiv id than the list's link: not the same paper.
    assert papers["2302.13848"].get("title") in (None, "ELITE")
    assert "2302.13849" not in papers
    # The block's entries the list does not name are not papers of the list.
    assert "2301.00001" not in papers and len(papers) == 5


def test_without_a_bibtex_block_the_list_reads_as_before(cli: Cli, isolated: Path) -> None:
    (isolated / "README.md").write_text(README.split("## Citation")[0], encoding="utf-8")
    cli.ok("ingest", "README.md")
    papers = cli.papers()
    assert papers["2208.12242"].get("title") in (None, "DreamBooth")
    assert "doi" not in papers.get("key-locked-rank-one-editing", {})


# Shaped like an Emacs user's org reading list: sections with tags, papers with their own.
ORG = (DOCUMENTS / "reading-list.org").read_text(encoding="utf-8")


def test_org_heading_tags_become_tags(cli: Cli, isolated: Path) -> None:
    (isolated / "papers.org").write_text(ORG, encoding="utf-8")
    cli.ok("ingest", "papers.org")
    papers = cli.papers()
    assert papers["2204.03458"]["tags"] == ["Video generation", "video", "diffusion"]
    assert papers["2204.03458"]["status"] == "done"
    assert papers["2209.14792"]["tags"] == ["Video generation", "video", "diffusion", "meta"]
    flan = papers["finetuned-language-models-are-zero"]
    assert flan["tags"] == ["Language models", "nlp"] and flan["openreview"] == "gEZrGCozdqR"
    assert papers["2201.11903"]["tags"] == ["Language models/Papers I was told about", "nlp"]
    assert "nlp" not in papers["1706.03762"].get("tags", [])  # a heading of its own, untagged


def test_bibtex_fences_are_found_as_commonmark_finds_them() -> None:
    from readlist.ingest.cited import bibtex_blocks

    text = (
        "- [ViCo](https://arxiv.org/abs/2306.00971)\n"
        "  ```bibtex\n"
        "  @article{hao2023vico, title={ViCo: Detail-Preserving Visual Condition}}\n"
        "  ```\n"
        "\n"
        "~~~{.bib}\n"
        "@misc{a, title={A}}\n"
        "~~~\n"
        "\n"
        "```python\n"
        "bib = '@misc{b, title={B}}'\n"
        "```\n"
        "\n"
        "````BibTeX\n"
        "@misc{c, title={C}}\n"
        "```\n"
        "still the same fence\n"
        "````\n"
    )
    assert bibtex_blocks(text) == [
        "@article{hao2023vico, title={ViCo: Detail-Preserving Visual Condition}}\n",  # in an item
        "@misc{a, title={A}}\n",
        "@misc{c, title={C}}\n```\nstill the same fence\n",  # a longer fence holds a shorter one
    ]
