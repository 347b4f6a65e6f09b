"""Shapes of plain text, Org, JSON and citation lines first met in the unseen corpus
(tests/fixtures/ingest/unseen/), each written small: what a generic rule reads, and what it
must leave alone."""

from __future__ import annotations

import json

from readlist.ingest import detect, jsonfile, plain


def test_an_arxiv_id_given_as_the_venue_of_a_json_paper() -> None:
    text = json.dumps(
        {
            "papers": [
                {"title": "FuXi: Cascaded Weather Forecasting", "venue": "arXiv:2401.02662"},
                {"title": "GraphCast: Learning Medium-Range Global Weather", "venue": "Nature"},
            ]
        }
    )
    found = jsonfile.parse(text, "papers.json")
    assert [(c.title, c.arxiv) for c in found] == [
        ("FuXi: Cascaded Weather Forecasting", "2401.02662"),
        ("GraphCast: Learning Medium-Range Global Weather", None),
    ]


def test_a_doi_inside_a_link_is_never_left_as_the_title() -> None:
    text = (
        "   Granularity of locks and degrees of consistency in a shared data base\n"
        "   http://doi.acm.org/10.1145/223784.223785\n"
    )
    [found] = plain.parse(text, "list.txt")
    assert found.doi == "10.1145/223784.223785"
    assert found.title == "Granularity of locks and degrees of consistency in a shared data base"


def test_a_comment_block_is_not_markdown_and_its_example_links_are_not_papers() -> None:
    text = (
        "# Reading list: arXiv papers to read.\n"
        "# Any arXiv form works, all normalize to the same id:\n"
        "#   https://arxiv.org/abs/2501.12345\n"
        "#   https://arxiv.org/pdf/2501.12345v2\n"
        "# One link per line.\n"
        "\n"
        "https://arxiv.org/abs/1706.03762\n"
        "https://arxiv.org/abs/1412.6980\n"
    )
    assert detect.detect(text, "papers.txt") == "text"
    assert [c.arxiv for c in plain.parse(text, "papers.txt")] == ["1706.03762", "1412.6980"]
    # A Markdown document whose headings are spaced out is still Markdown.
    assert detect.detect("# Papers\n\n- [A](https://a.org)\n\n# More\n", "x.txt") == "markdown"


def test_a_list_of_titles_in_sentence_case_some_marked_with_a_hash() -> None:
    text = (
        "#Metric All-k-Nearest-Neighbor Search\n"
        "#Modeling image data for effective indexing and retrieval in large image databases\n"
        "#On efficient reverse skyline query processing\n"
        "Supporting multi-dimensional queries in mobile P2P network\n"
        "Watermarking abstract tree-structured data\n"
    )
    titles = [c.title for c in plain.parse(text, "papers.txt")]
    assert titles == [
        "Metric All-k-Nearest-Neighbor Search",
        "Modeling image data for effective indexing and retrieval in large image databases",
        "On efficient reverse skyline query processing",
        "Supporting multi-dimensional queries in mobile P2P network",
        "Watermarking abstract tree-structured data",
    ]


def test_notes_in_sentences_are_not_a_list_of_titles() -> None:
    text = (
        "Things I want to look at this week\n"
        "Read the new optimizer paper before the group meeting.\n"
        "Ask Sam about the cluster quota, it ran out again.\n"
        "The deadline moved to Friday so there is time.\n"
        "Remember to book the room\n"
    )
    assert plain.parse(text, "notes.txt") == []
