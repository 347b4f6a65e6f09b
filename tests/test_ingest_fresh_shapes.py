"""Shapes of Org, Markdown and HTML reading lists first met in the fresh corpus
(tests/fixtures/ingest/fresh/), each written small: what a generic rule reads, and what it must
leave alone."""

from __future__ import annotations

from readlist.ingest import org


def test_org_bold_titles_by_their_authors_under_week_headings() -> None:
    text = (
        "* Reading Material\n"
        "** Week 9: Mining Mobile Apps\n"
        "- *A Measurement Study of Google Play* by Nicolas Viennot, Jason Nieh"
        " [[http://example.org/papers/play.pdf][Link]]\n"
        "- *API Change and Fault Proneness: a Threat to the Success of Android Apps* by Mario"
        " Linares Vasquez, Denys Poshyvanyk [[http://example.org/papers/api.pdf][Link]]"
        " @@html:<br>@@\n"
        "  *Analysis Techniques:* Decision Tree\n"
    )
    found = org.parse(text, "papers.org")
    assert [(c.title, c.url) for c in found] == [
        ("A Measurement Study of Google Play", "http://example.org/papers/play.pdf"),
        (
            "API Change and Fault Proneness: a Threat to the Success of Android Apps",
            "http://example.org/papers/api.pdf",
        ),
    ]


def test_org_emphasis_markers_inside_words_and_links_are_left_as_they_are() -> None:
    text = (
        "* Papers\n"
        "- [[https://example.org/a/b/c.pdf][Tracking Objects in 2*3 Grids with a/b Testing]]\n"
    )
    [found] = org.parse(text, "papers.org")
    assert found.title == "Tracking Objects in 2*3 Grids with a/b Testing"
    assert found.url == "https://example.org/a/b/c.pdf"


def test_an_org_heading_over_notes_with_a_link_stays_a_paper() -> None:
    text = (
        "* Attention Is All You Need\n"
        "The transformer; see [[https://arxiv.org/abs/1706.03762][the paper]].\n"
        "* Deep Residual Learning for Image Recognition\n"
        "Skip connections.\n"
    )
    titles = [c.title for c in org.parse(text, "notes.org")]
    assert "Deep Residual Learning for Image Recognition" in titles
    assert "Attention Is All You Need" in titles
