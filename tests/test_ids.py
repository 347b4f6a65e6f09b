"""arXiv id parsing: every form from the issue, canonical ids, versions kept apart."""

from __future__ import annotations

import pytest

from readlist.ids import (
    ArxivId,
    Link,
    MalformedId,
    arxiv_in,
    arxiv_of_doi,
    doi_in,
    parse_id,
    parse_link,
    scan,
    try_parse_id,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2208.12242", ArxivId("2208.12242")),
        ("2208.12242v2", ArxivId("2208.12242", 2)),
        ("arXiv:2208.12242", ArxivId("2208.12242")),
        ("arxiv:2208.12242v3", ArxivId("2208.12242", 3)),
        ("https://arxiv.org/abs/2208.12242", ArxivId("2208.12242")),
        ("http://arxiv.org/abs/2208.12242v1", ArxivId("2208.12242", 1)),
        ("https://arxiv.org/pdf/2208.12242", ArxivId("2208.12242")),
        ("https://arxiv.org/pdf/2208.12242v2.pdf", ArxivId("2208.12242", 2)),
        ("https://arxiv.org/html/2208.12242v1", ArxivId("2208.12242", 1)),
        ("https://www.arxiv.org/abs/2208.12242", ArxivId("2208.12242")),
        ("http://export.arxiv.org/abs/2208.12242", ArxivId("2208.12242")),
        ("https://arxiv.org/abs/2208.12242?context=cs.CV", ArxivId("2208.12242")),
        ("https://arxiv.org/abs/2208.12242/", ArxivId("2208.12242")),
        ("https://arxiv.org/ftp/arxiv/papers/2208/2208.12242.pdf", ArxivId("2208.12242")),
        ("10.48550/arXiv.2208.12242", ArxivId("2208.12242")),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("cond-mat/9911396v2", ArxivId("cond-mat/9911396", 2)),
        ("https://arxiv.org/abs/quant-ph/0201082v1", ArxivId("quant-ph/0201082", 1)),
        ("math.GT/0309136", ArxivId("math/0309136")),
        ("0704.0001", ArxivId("0704.0001")),
        ("1412.6980", ArxivId("1412.6980")),
    ],
)
def test_parse_id_accepts_every_form(text: str, expected: ArxivId) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2313.12345", "month 13"),
        ("0808.05394", "4 digits"),
        ("1501.1234", "5 digits"),
        ("0612.0001", "April 2007"),
        ("https://arxiv.org/abs/2301.0824", "5 digits"),
        ("foo-bar/9901001", "not an arXiv archive"),
        ("2208.12242v0", "v1"),
    ],
)
def test_malformed_ids_say_why(text: str, reason: str) -> None:
    with pytest.raises(MalformedId, match=reason):
        parse_id(text)


@pytest.mark.parametrize("text", ["abc", "hello world", "", "https://example.com/2208.12242x"])
def test_non_ids_are_not_ids(text: str) -> None:
    assert try_parse_id(text) is None


def test_scan_finds_ids_in_free_text_and_flags_bad_links() -> None:
    text = (
        "ReAct: https://arxiv.org/pdf/2210.03629 and arXiv:1706.03762v5, hep-th/9901001; "
        "pi is 3.14159, 1234.5678 is no id, https://arxiv.org/abs/2313.99999 is broken."
    )
    found = scan(text)
    assert [(m.arxiv.id if m.arxiv else None, m.error is not None) for m in found] == [
        ("2210.03629", False),
        ("1706.03762", False),
        ("hep-th/9901001", False),
        (None, True),
    ]
    assert found[1].arxiv is not None and found[1].arxiv.version == 5
    assert text[found[0].start : found[0].end] == "https://arxiv.org/pdf/2210.03629"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://huggingface.co/papers/2307.10711", ArxivId("2307.10711")),
        ("https://hf.co/papers/2307.10711#community", ArxivId("2307.10711")),
        ("https://www.alphaxiv.org/abs/2306.00966", ArxivId("2306.00966")),
        ("https://www.alphaxiv.org/overview/2306.00966v2", ArxivId("2306.00966", 2)),
        ("https://www.semanticscholar.org/arxiv/2302.03287", ArxivId("2302.03287")),
        ("https://doi.org/10.48550/arXiv.2107.13586", ArxivId("2107.13586")),
        ("https://dx.doi.org/10.48550/ARXIV.2107.13586", ArxivId("2107.13586")),
        ("doi:10.48550/arXiv.2107.13586", ArxivId("2107.13586")),
        ("https://ar5iv.labs.arxiv.org/html/2208.12242", ArxivId("2208.12242")),
        ("https://ar5iv.org/abs/2208.12242", ArxivId("2208.12242")),
        ("https://browse.arxiv.org/abs/2208.12242v1", ArxivId("2208.12242", 1)),
        ("https://arxiv.org/format/2208.12242", ArxivId("2208.12242")),
        ("arXiv:2208.12242 [cs.CV]", ArxivId("2208.12242")),
        ("2208.12242v2 [cs.CV]", ArxivId("2208.12242", 2)),
    ],
)
def test_every_pasted_arxiv_form_is_its_id(text: str, expected: ArxivId) -> None:
    assert parse_id(text) == expected
    link = parse_link(text)
    assert link is not None and link.kind == "arxiv" and link.arxiv == expected


def test_an_arxiv_id_in_a_bibtex_journal_field_is_found() -> None:
    found, raw, problem = arxiv_in("arXiv preprint arXiv:2208.12242")
    assert (found, raw, problem) == (ArxivId("2208.12242"), "arXiv:2208.12242", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Han et al. CoRR, abs/1510.00149 2 (2015).", ArxivId("1510.00149")),
        ("ArXiv, abs/1610.01644", ArxivId("1610.01644")),
        ("CoRR abs/1706.03762v2", ArxivId("1706.03762", 2)),
        ("CoRR, vol. abs/1412.6980", ArxivId("1412.6980")),
    ],
)
def test_the_journal_style_arxiv_citation_is_the_id(text: str, expected: ArxivId) -> None:
    """DBLP and Semantic Scholar cite an arXiv paper as journal CoRR/ArXiv, volume abs/ID."""
    found, _raw, problem = arxiv_in(text)
    assert (found, problem) == (expected, None)


@pytest.mark.parametrize("text", ["the correct abs/1706.03762 path", "CoRR is a journal"])
def test_abs_paths_and_the_word_corr_alone_are_not_ids(text: str) -> None:
    assert arxiv_in(text) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("10.1109/CVPR.2016.90", "doi", "10.1109/cvpr.2016.90"),
        ("doi:10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("DOI: 10.1038/Nature14539", "doi", "10.1038/nature14539"),
        ("https://doi.org/10.1145/3292500.3330701", "doi", "10.1145/3292500.3330701"),
        ("http://dx.doi.org/10.1016/S0140-6736(20)30183-5", "doi", "10.1016/s0140-6736(20)30183-5"),
        ("https://doi.org/10.1007%2F978-3-319-24574-4_28", "doi", "10.1007/978-3-319-24574-4_28"),
        ("https://openreview.net/forum?id=YicbFdNTTy", "openreview", "YicbFdNTTy"),
        ("https://openreview.net/pdf?id=YicbFdNTTy", "openreview", "YicbFdNTTy"),
        ("https://openreview.net/forum?noteId=x&id=B1xsqj09Fm", "openreview", "B1xsqj09Fm"),
        ("https://aclanthology.org/2020.acl-main.463.pdf", "acl", "2020.acl-main.463"),
        ("https://aclanthology.org/N19-1423/", "acl", "N19-1423"),
        ("https://www.aclweb.org/anthology/P19-1001", "acl", "P19-1001"),
        ("https://proceedings.mlr.press/v139/radford21a.html", "pmlr", "v139/radford21a"),
        ("http://proceedings.mlr.press/v37/ioffe15.pdf", "pmlr", "v37/ioffe15"),
        (
            "https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17.html",
            "dblp",
            "conf/nips/VaswaniSPUJGKP17",
        ),
        ("https://pubmed.ncbi.nlm.nih.gov/26017442/", "pubmed", "26017442"),
        ("PMID: 26017442", "pubmed", "26017442"),
    ],
)
def test_other_ids_are_parsed_and_normalised(text: str, kind: str, value: str) -> None:
    assert parse_link(text) == Link(kind, value)


@pytest.mark.parametrize(
    "text",
    ["https://github.com/google/dreambooth", "Attention Is All You Need", "10.48550", "doi:", ""],
)
def test_links_without_a_paper_id_carry_none(text: str) -> None:
    assert parse_link(text) is None


def test_dois_are_found_in_text_without_their_trailing_punctuation() -> None:
    assert doi_in("(see https://doi.org/10.1016/S0140-6736(20)30183-5).") == (
        "10.1016/s0140-6736(20)30183-5"
    )
    assert doi_in("published as doi:10.1145/3292500.3330701, in KDD") == "10.1145/3292500.3330701"
    assert arxiv_of_doi("10.48550/arxiv.2107.13586") == ArxivId("2107.13586")
    assert arxiv_of_doi("10.1109/cvpr.2016.90") is None


def test_text_read_in_bulk_never_raises_on_a_malformed_arxiv_link() -> None:
    from readlist.ids import try_parse_link

    with pytest.raises(MalformedId):
        parse_link("https://arxiv.org/abs/2313.99999")
    assert try_parse_link("https://arxiv.org/abs/2313.99999") is None
    assert try_parse_link("https://aclanthology.org/N19-1423/") == Link("acl", "N19-1423")
