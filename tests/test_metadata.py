"""readlist.arxiv_metadata's pure parts: merging an arXiv record into a paper, match scores, and the
searches built for a paper."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readlist.arxiv_client import ArxivRecord
from readlist.arxiv_metadata import abstract_phrases, match_score, merge_record, search_queries
from readlist.models import Paper, Status
from tests.conftest import ROOT

ON = date(2026, 11, 21)
RECORD = ArxivRecord(
    arxiv_id="2208.12242",
    version=2,
    title="DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation",
    authors=["Nataniel Ruiz", "Yuanzhen Li"],
    abstract="Large text-to-image models achieved a remarkable leap in the evolution of AI.",
    published=date(2022, 8, 25),
    updated=date(2023, 3, 15),
    primary_category="cs.CV",
    categories=["cs.CV", "cs.GR", "cs.LG"],
    doi="10.48550/arXiv.2208.12242",
    journal_ref=None,
    comment="CVPR 2023",
    pdf_url="https://arxiv.org/pdf/2208.12242v2",
)


def test_merge_fills_empty_fields_and_follows_the_latest_version() -> None:
    paper = Paper(id="2208.12242", arxiv="2208.12242", version=1, authors=["N. Ruiz"])
    merged = merge_record(paper, RECORD, refresh=False, on=ON)
    assert merged.title == RECORD.title and merged.arxiv_title is None
    assert merged.authors == ["N. Ruiz"]  # not empty: kept
    assert (merged.version, merged.updated, merged.fetched) == (2, date(2023, 3, 15), ON)
    assert merged.categories == ["cs.CV", "cs.GR", "cs.LG"] and merged.comment == "CVPR 2023"
    assert paper.authors == ["N. Ruiz"] and paper.title is None  # the original is not changed
    refreshed = merge_record(paper, RECORD, refresh=True, on=ON)
    assert refreshed.authors == ["Nataniel Ruiz", "Yuanzhen Li"]


def test_merge_keeps_the_users_title_and_stores_arxivs_beside_it() -> None:
    paper = Paper(id="db", title="DreamBooth")
    merged = merge_record(paper, RECORD, refresh=False, on=ON)
    assert merged.title == "DreamBooth" and merged.arxiv_title == RECORD.title
    same = merge_record(Paper(id="db", title=RECORD.title + " "), RECORD, refresh=False, on=ON)
    assert same.arxiv_title is None


def test_merge_gives_a_paper_needing_a_title_arxivs() -> None:
    paper = Paper(id="x", title="Large text-to-image models…", needs_title=True)
    merged = merge_record(paper, RECORD, refresh=False, on=ON)
    assert merged.title == RECORD.title and not merged.needs_title


def test_merge_never_erases_with_arxivs_empty_values() -> None:
    paper = Paper(id="x", journal_ref="CVPR 2023")
    assert merge_record(paper, RECORD, refresh=True, on=ON).journal_ref == "CVPR 2023"


text = st.text(min_size=1, max_size=30)


@pytest.mark.slow
@given(
    title=st.one_of(st.none(), text),
    status=st.sampled_from(list(Status)),
    rating=st.one_of(st.none(), st.integers(1, 5)),
    tags=st.lists(text, max_size=3),
    notes=st.one_of(st.none(), text),
    refresh=st.booleans(),
)
def test_merge_never_touches_what_the_user_wrote(
    title: str | None,
    status: Status,
    rating: int | None,
    tags: list[str],
    notes: str | None,
    refresh: bool,
) -> None:
    paper = Paper(
        id="p",
        title=title,
        status=status,
        rating=rating,
        tags=tags,
        notes=notes,
        started=date(2026, 1, 1),
        finished=date(2026, 2, 1),
        added=date(2025, 12, 1),
        extra={"venue": "ICLR"},
    )
    merged = merge_record(paper, RECORD, refresh=refresh, on=ON)
    for name in ("status", "rating", "tags", "notes", "started", "finished", "added", "extra"):
        assert getattr(merged, name) == getattr(paper, name), name
    assert merged.title == (title or RECORD.title)


def test_match_score_compares_normalised_titles_or_abstracts() -> None:
    same = Paper(
        id="a",
        title="dreambooth - fine tuning text to image diffusion models for "
        "subject driven generation",
    )
    assert match_score(same, RECORD) == (100.0, "title")
    shorter = Paper(id="b", title="DreamBooth")
    score, basis = match_score(shorter, RECORD)
    assert basis == "title" and score < 40
    by_abstract = Paper(id="c", needs_title=True, abstract=RECORD.abstract)
    assert match_score(by_abstract, RECORD) == (100.0, "abstract")


def test_search_queries_for_a_title_and_for_an_abstract() -> None:
    titled = search_queries(Paper(id="a", title="PaLI: A Jointly-Scaled Multilingual Model"))
    assert titled[0] == 'ti:"pali a jointly scaled multilingual model"'
    assert titled[1] == "ti:pali AND ti:jointly AND ti:scaled AND ti:multilingual AND ti:model"
    line = (ROOT / "seeds" / "abstracts-only.txt").read_text(encoding="utf-8").splitlines()[5]
    queries = search_queries(Paper(id="b", needs_title=True, abstract=line))
    first, second = abstract_phrases(line)
    assert queries == [f'abs:"{first}" AND abs:"{second}"', f'abs:"{first}"', f'abs:"{second}"']
    for phrase in (first, second):
        assert len(phrase.split()) == 6 and phrase in line.lower()
    assert search_queries(Paper(id="c")) == []


def test_abstract_phrases_of_text_without_plain_runs() -> None:
    assert abstract_phrases("x = 3.5, y = 2; 4-5 (7).") == []
