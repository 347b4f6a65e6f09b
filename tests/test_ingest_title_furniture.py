"""Furniture around titles seen in documents nobody here had written (fresh/): venue tags with
a two-digit year, submission dates, nicknames in brackets, and HTML markup in structured title
fields; each with the near-miss that must stay as written."""

from __future__ import annotations

import pytest

from readlist.ingest import plain, ris
from readlist.ingest.entry_text import clean_title, looks_like_names


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("DreamFusion: Text-to-3D using 2D Diffusion [ICLR 23]",
         "DreamFusion: Text-to-3D using 2D Diffusion"),
        ("DreamEditor: Text-Driven 3D Scene Editing [SIGGRAPH 23]",
         "DreamEditor: Text-Driven 3D Scene Editing"),
        ("FlowMap: High-Quality Camera Poses [Submitted 23 Apr 2024 arxiv]",
         "FlowMap: High-Quality Camera Poses"),
        ("Masked Autoencoders Are Scalable [CVPR 2023 Workshop]",
         "Masked Autoencoders Are Scalable"),
        ("Language Models are Few-Shot Learners (GPT-3)", "Language Models are Few-Shot Learners"),
        ("Learning Transferable Visual Models From Natural Language Supervision (CLIP)",
         "Learning Transferable Visual Models From Natural Language Supervision"),
        ("Resurrecting Recurrent Neural Networks for Long Sequences (LRU)",
         "Resurrecting Recurrent Neural Networks for Long Sequences"),
        ("Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks (RAG)",
         "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks"),
        # near-misses, kept as written
        ("Gaussian Error Linear Units (GELUs)", "Gaussian Error Linear Units (GELUs)"),
        ("In-band Network Telemetry (INT)", "In-band Network Telemetry (INT)"),
        ("Direct Preference Optimization (DPO): Your Language Model is Secretly a Reward Model",
         "Direct Preference Optimization (DPO): Your Language Model is Secretly a Reward Model"),
        ("Natural Language Processing (Almost) from Scratch",
         "Natural Language Processing (Almost) from Scratch"),
        ("Deep Learning for Proteins (II)", "Deep Learning for Proteins (II)"),
        ("A Complete Survey on Generative AI (AIGC): Is ChatGPT from GPT-4 to GPT-5 All You Need?",
         "A Complete Survey on Generative AI (AIGC): Is ChatGPT from GPT-4 to GPT-5 All You Need?"),
        ("Graph Transformers Revisited (Graphormer)", "Graph Transformers Revisited (Graphormer)"),
        ("Transformers (BERT)", "Transformers (BERT)"),  # too short to be a title without it
        ("The Effect of Dose [mg 50]", "The Effect of Dose [mg 50]"),
        ("Results of Phase [Phase 23]", "Results of Phase [Phase 23]"),  # one capital: a word
    ],
)  # fmt: skip
def test_venue_tags_and_nicknames_are_furniture(raw: str, title: str) -> None:
    assert clean_title(raw) == title


def test_html_markup_is_dropped_from_a_structured_title() -> None:
    text = (
        "TY  - JOUR\nTI  - Trends of lake chlorophyll <i>a</i> and PM<sub>2.5</sub> from space\n"
        "DO  - 10.1000/xyz123\nER  - \n"
        "TY  - JOUR\nTI  - Why a < b and c > d in ranking\nER  - \n"
    )
    first, second = ris.parse(text, "refs.ris")
    assert first.title == "Trends of lake chlorophyll a and PM2.5 from space"
    assert second.title == "Why a < b and c > d in ranking"


def test_a_numbered_list_of_ieee_citations_gives_one_paper_per_item() -> None:
    text = (
        '1) S. Hochreiter and J. Schmidhuber, "Long short-term memory", Neural Comput. 9, 1997\n'
        '2) L. van der Maaten and G. Hinton, "Visualizing Data using t-SNE", JMLR 9, 2008.\n'
        '3) T. Mikolov, K. Chen and J. Dean, "Efficient Estimation of Word Representations in\n'
        'Vector Space", CoRR, vol. abs/1301.3781, 2013.\n'
        '4) R. Pascanu, Ç. Gülçehre and Y. Bengio, "How to Construct Deep Recurrent Neural\n'
        "Networks\", in proceedings of ICLR (ICLR'14), Banff, 2014. DOI: https://doi.org/10.1000/x1\n"
    )
    found = plain.parse(text, "papers.txt")
    assert [(c.title, c.arxiv, c.doi, c.source) for c in found] == [
        ("Long short-term memory", None, None, "papers.txt:1"),
        ("Visualizing Data using t-SNE", None, None, "papers.txt:2"),
        ("Efficient Estimation of Word Representations in Vector Space", "1301.3781", None,
         "papers.txt:3"),
        ("How to Construct Deep Recurrent Neural Networks", None, "10.1000/x1", "papers.txt:5"),
    ]  # fmt: skip
    assert found[3].authors == ["R. Pascanu", "Ç. Gülçehre", "Y. Bengio"]


def test_a_numbered_list_that_is_not_citations_is_read_as_before() -> None:
    text = (
        "1) Attention Is All You Need https://arxiv.org/abs/1706.03762\n"
        "2) We met on Tuesday, 2019, and read it twice.\n"
        '3) The "quoted words" here, by the group, 2020\n'
    )
    assert [c.arxiv for c in plain.parse(text, "notes.txt")] == ["1706.03762"]


@pytest.mark.parametrize(
    "names", ["Ç. Gülçehre, K. Cho", "L. van der Maaten and G. Hinton", "Øyvind Ryan, Émile Zola"]
)
def test_names_with_accented_capitals_and_particles_read_as_names(names: str) -> None:
    assert looks_like_names(names)


@pytest.mark.parametrize("text", ["the first, the second", "deep learning and more"])
def test_lower_case_words_are_not_names(text: str) -> None:
    assert not looks_like_names(text)


def test_a_reference_block_of_title_authors_and_journal_over_its_link() -> None:
    text = (
        "Suggestions for Journal Club Papers\n"
        "===================================\n\n"
        "RSEM: accurate transcript quantification from RNA-Seq data.\n"
        "Li B, Dewey CN\n"
        "BMC Bioinformatics. 2011 Aug 4;12:323.\n"
        "http://www.ncbi.nlm.nih.gov/pubmed/21816040\n\n"
        "Summarizing and correcting the GC content bias in sequencing\n"
        "Yuval Benjamini and Terence P. Speed\n"
        "http://www.ncbi.nlm.nih.gov/pubmed/22323520\n\n"
        "Empirical Bayes Analysis of a Microarray Experiment\n"
        "Bradley Efron, Robert Tibshirani & Virginia Tusher\n"
        "https://doi.org/10.1198/016214501753382129\n"
    )
    found = plain.parse(text, "list.txt")
    assert [(c.title, c.authors) for c in found] == [
        ("RSEM: accurate transcript quantification from RNA-Seq data",
         ["Li B", "Dewey CN"]),
        ("Summarizing and correcting the GC content bias in sequencing",
         ["Yuval Benjamini", "Terence P. Speed"]),
        ("Empirical Bayes Analysis of a Microarray Experiment",
         ["Bradley Efron", "Robert Tibshirani", "Virginia Tusher"]),
    ]  # fmt: skip


def test_a_title_in_capitals_wrapped_over_two_lines_is_one_title() -> None:
    text = (
        "4. REVERSIBLE INSTANCE NORMALIZATION FOR\n"
        "ACCURATE TIME-SERIES FORECASTING AGAINST DISTRIBUTION SHIFT\n"
        "https://openreview.net/forum?id=cGDAkQo1C0p\n"
    )
    (found,) = plain.parse(text, "list.txt")
    assert found.title == (
        "REVERSIBLE INSTANCE NORMALIZATION FOR ACCURATE TIME-SERIES FORECASTING AGAINST"
        " DISTRIBUTION SHIFT"
    )
