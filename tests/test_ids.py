"""arXiv id parsing: every form from the issue, canonical ids, versions kept apart."""

from __future__ import annotations

import pytest

from readlist.ids import ArxivId, MalformedId, parse_id, scan, try_parse_id


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
