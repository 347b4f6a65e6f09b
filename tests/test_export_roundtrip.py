"""Round trips (docs/export-format.md): `readlist ingest` of an exported Markdown, BibTeX or CSV
file into an EMPTY list gives the same papers (ids and titles) and, for Markdown and CSV, the same
statuses."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from readlist.models import Paper
from readlist.store import Store
from tests.conftest import ROOT, Cli
from tests.test_export_golden import LISTS

FORMATS = [("markdown", "export.md"), ("bibtex", "export.bib"), ("csv", "export.csv")]


def same_text(text: str | None) -> str:
    """Titles compare with whitespace collapsed: a Markdown item is one line."""
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def identifiable(paper: Paper, fmt: str) -> bool:
    """Whether the format carries what ingest derives the paper's id from: the arXiv id or the
    title everywhere, and for Markdown also the abstract of an untitled paper. (CSV has no
    abstract column; ingest reads no abstract from BibTeX.)"""
    if paper.arxiv or paper.title:
        return True
    return fmt == "markdown" and bool(paper.abstract)


def offline_options(cli: Cli) -> list[str]:
    help_text = cli.ok("ingest", "--help").stdout
    return [flag for flag in ("--offline", "--no-fetch") if flag in help_text][:1]


@pytest.mark.slow
@pytest.mark.parametrize("fmt,name", FORMATS, ids=[f for f, _ in FORMATS])
@pytest.mark.parametrize("source", LISTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_ingest_of_an_export_gives_the_same_papers(
    isolated: Path, source: Path, fmt: str, name: str
) -> None:
    original = Cli(isolated / "original.yaml")
    shutil.copyfile(source, original.path)
    exported = isolated / name
    original.ok("export", fmt, "-o", str(exported))

    fresh = Cli(isolated / "fresh.yaml")
    fresh.ok("ingest", str(exported), *offline_options(fresh))

    before = {p.id: p for p in Store(original.path).load().all()}
    after = {p.id: p for p in Store(fresh.path).load().all()}
    expected = {i: p for i, p in before.items() if identifiable(p, fmt)}
    assert sorted(set(expected) - set(after)) == [], "papers lost or renamed"
    assert len(after) <= len(before), sorted(set(after) - set(before))
    for paper_id, paper in expected.items():
        back = after[paper_id]
        assert same_text(back.title) == same_text(paper.title), paper_id
        if fmt in ("markdown", "csv"):
            assert back.status == paper.status, paper_id
