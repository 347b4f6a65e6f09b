"""Shapes of plain text, Org, JSON and citation lines first met in the unseen corpus
(tests/fixtures/ingest/unseen/), each written small: what a generic rule reads, and what it
must leave alone."""

from __future__ import annotations

import json

import pytest

from readlist.ingest import csvfile, detect, jsonfile, markdown, org, plain
from readlist.ingest.entry_text import attributed, citation


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


@pytest.mark.parametrize(
    ("text", "title", "first_author"),
    [
        (  # APA, wrapped, a word broken with a hyphen
            "Linsker, R. (1990). Perceptual neural organization: Some approaches based on "
            "network models and infor-\nmation theory.",
            "Perceptual neural organization: Some approaches based on network models and "
            "information theory",
            "Linsker",
        ),
        (  # ACM: authors. year. title. In venue
            "Hal Berenson, Jim Gray, and Patrick O'Neil. 1995. A critique of ANSI SQL isolation "
            "levels. In Proceedings of the 1995 ACM SIGMOD conference. ACM, 1-10.",
            "A critique of ANSI SQL isolation levels",
            "Hal Berenson",
        ),
        (  # DBLP: authors: title. venue (year)
            "H. T. Kung, John T. Robinson: On Optimistic Methods for Concurrency Control. "
            "TODS 6(2): 213-226(1981)",
            "On Optimistic Methods for Concurrency Control",
            "H. T. Kung",
        ),
        (  # a quoted title after the date
            'Rosenblum, Mendel and Ousterhout, John K. (February 1992) - "The Design and '
            'Implementation of a Log-Structured File System". ACM TOCS, Vol. 10.',
            "The Design and Implementation of a Log-Structured File System",
            "Rosenblum",
        ),
        (  # a short name before the authors; no year, a long author list
            "Spanner -- James C. Corbett, Jeffrey Dean, Michael Epstein, and Dale Woodford. "
            "Spanner: Google's Globally-Distributed Database. Proceedings of OSDI'12, 2012.",
            "Spanner: Google's Globally-Distributed Database",
            "James C. Corbett",
        ),
        (  # initials and surname, the venue on its own line
            "B.R. Donald. A search algorithm for motion planning with six degrees of freedom\n"
            "AI journal, 1987",
            "A search algorithm for motion planning with six degrees of freedom",
            "B.R. Donald",
        ),
    ],
)
def test_the_title_of_a_citation(text: str, title: str, first_author: str) -> None:
    found = citation(text)
    assert found is not None and found[0] == title and found[1][0] == first_author


@pytest.mark.parametrize(
    "text",
    [
        "Read the new optimizer paper before the group meeting. It is long, 2023.",
        "Sam Smith, Jo Bloggs. We met on Friday. Notes follow.",  # no year: not a citation
        "Deep Residual Learning (2016), K. He",  # a title, not an author list, comes first
        "Reading Group: Attention Is All You Need",
        "A History and Evaluation of System R",
    ],
)
def test_what_is_not_a_citation(text: str) -> None:
    assert citation(text) is None


def test_plain_text_entries_of_citations_and_titles_over_links_of_any_site() -> None:
    text = (
        "This is the reading list we decided on May 16 2013.\n\n"
        "Classic Systems\n=================\n\n"
        "   A History and Evaluation of System R\n"
        "   http://www.cs.berkeley.edu/~brewer/cs262/SystemR-comments.pdf\n\n"
        "   Michael Stonebraker, Greg Kemnitz: The Postgres Next Generation Database Management "
        "System. CACM 34(10): 78-92 (1991)\n"
        "   http://dl.acm.org/citation.cfm?id=125262\n\n"
        "   K42: building a complete operating system\n"
        "   http://dl.acm.org/citation.cfm?id=1217949\n"
    )
    found = plain.parse(text, "list.txt")
    assert [(c.title, c.url) for c in found] == [
        (
            "A History and Evaluation of System R",
            "http://www.cs.berkeley.edu/~brewer/cs262/SystemR-comments.pdf",
        ),
        (
            "The Postgres Next Generation Database Management System",
            "http://dl.acm.org/citation.cfm?id=125262",
        ),
        ("K42: building a complete operating system", "http://dl.acm.org/citation.cfm?id=1217949"),
    ]
    assert found[1].authors == ["Michael Stonebraker", "Greg Kemnitz"]


def test_citations_without_links_and_titled_lines_in_a_list_of_links() -> None:
    text = (
        "DONE:\n"
        "Extended critical regimes of deep neural networks (Qu 2022) "
        "https://arxiv.org/abs/2203.12967\n\n"
        "Learning to learn by gradient descent by gradient descent (Andrychowicz 2017) "
        "https://arxiv.org/abs/1606.04474\n\n"
        "Deep learning and the renormalization group (Beny 2013) "
        "https://arxiv.org/abs/1301.3124\n\n"
        "Free Energy Minimization for Decoding and Cryptoanalysis "
        "http://www.inference.org.uk/mackay/fes.pdf\n\n"
        "Friston, K., Parr, T., & de Vries, B. (2017b). The graphical brain: Belief propagation "
        "and active inference.\nNetwork Neuroscience, 1(4), 381–414.\n\n"
        "We should read these before the retreat, says Sam (2024).\n"
    )
    titles = [c.title for c in plain.parse(text, "list.txt")]
    assert titles == [
        "Extended critical regimes of deep neural networks",
        "Learning to learn by gradient descent by gradient descent",
        "Deep learning and the renormalization group",
        "Free Energy Minimization for Decoding and Cryptoanalysis",
        "The graphical brain: Belief propagation and active inference",
    ]


def test_org_headings_wrapped_by_a_converter_and_written_as_citations() -> None:
    text = (
        "* Math\n"
        "** TOREAD Knill, O. (2018): Some fundamental theorems in\n"
        "mathematics\n"
        "   :PROPERTIES:\n"
        "   :CUSTOM_ID: toread-knill\n"
        "   :END:\n\n"
        "** SKIMMED Mueller, P. A., & Oppenheimer, D. M. (2014): The pen is\n"
        "mightier than the keyboard\n"
        "   :PROPERTIES:\n"
        "   :END:\n\n"
        "** TOREAD Grenfell, B. T. (2002): Dynamics of measles epidemics :infectious:modeling\n"
        "   :PROPERTIES:\n"
        "   :END:\n\n"
        "** Slides GPU course\n"
        "   :PROPERTIES:\n"
        "   :END:\n"
        "Notes for the course.\n"
    )
    titles = [c.title for c in org.parse(text, "papers.org")]
    assert titles == [
        "Some fundamental theorems in mathematics",
        "The pen is mightier than the keyboard",
        "Dynamics of measles epidemics",
    ]


def test_org_tasks_beside_linked_papers_are_not_papers() -> None:
    text = (
        "* Simulation\n"
        "** [[https://arxiv.org/abs/1408.1118][Spoke-Darts for High-Dimensional Blue-Noise "
        "Sampling]]\n"
        "   Useful in which applications?\n"
        "** [[http://www.pnas.org/content/110/45/18327][Simulation as an engine of physical "
        "scene understanding]]\n"
        "** [[http://graphics.pixar.com/library/StableElasticity/paper.pdf][Stable Neo-Hookean "
        "Flesh Simulation]]\n"
        "** [[http://proceedings.mlr.press/v22/brubaker12/brubaker12.pdf][Family of MCMC "
        "Methods on Implicitly Defined Manifolds]]\n"
        "** Notes about Metropolis Light Transport\n"
        "   - Relies on having BDPT and regular PT\n"
        "* Things to do\n"
        "** DONE Look at the Picture Paper by Tenenbaum\n"
        "** TODO Download Mitsuba Renderer\n"
    )
    titles = [c.title for c in org.parse(text, "papers.org")]
    assert titles == [
        "Spoke-Darts for High-Dimensional Blue-Noise Sampling",
        "Simulation as an engine of physical scene understanding",
        "Stable Neo-Hookean Flesh Simulation",
        "Family of MCMC Methods on Implicitly Defined Manifolds",
    ]


def test_a_list_of_titles_each_with_its_authors_in_brackets() -> None:
    text = (
        "# Mechanistic Interpretability - Paper List\n\n"
        "## Superposition\n"
        "* **Toy models of superposition** (Nelson Elhage et al, Anthropic)\n"
        "* Finding Neurons In A Haystack (Wes Gurnee et al)\n"
        "* Fact Finding (Neel Nanda & Sen Rajamanoharan et al, Google DeepMind)\n\n"
        "## Activation Patching\n"
        "* How to use and interpret activation patching (Stefan Heimersheim & Neel Nanda)\n"
        "* AtP* (Janos Kramar et al, Google DeepMind)\n"
    )
    found = markdown.parse(text, "reading-list.txt")
    assert [(c.title or c.alias) for c in found] == [
        "Toy models of superposition",
        "Finding Neurons In A Haystack",
        "Fact Finding",
        "How to use and interpret activation patching",
        "AtP*",
    ]
    assert found[4].alias == "AtP*" and found[4].authors == ["Janos Kramar"]
    assert attributed("Generative Adversarial Networks (GANs)") is None
    assert attributed("Deep Learning (2015)") is None


def test_a_spreadsheet_row_shifted_left_keeps_its_title() -> None:
    text = (
        "Authors\tYear\tJournal\tTitle\tComments\n"
        "Lynch\t2010\tTrends in genetics\tEvolution of the mutation rate\t\n"
        "Rubin\t2022\tSocial insect colony size is correlated with rates of molecular evolution\t"
        '"In bees and ants, substitution rates rise with colony size. Weakly intensified '
        'purifying selection on DNA repair genes"\t\n'
    )
    titles = [c.title for c in csvfile.parse(text, "papers.tsv")]
    assert titles == [
        "Evolution of the mutation rate",
        "Social insect colony size is correlated with rates of molecular evolution",
    ]
