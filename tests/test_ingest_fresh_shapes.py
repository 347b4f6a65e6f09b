"""Shapes of Org, Markdown and HTML reading lists first met in the fresh corpus
(tests/fixtures/ingest/fresh/), each written small: what a generic rule reads, and what it must
leave alone."""

from __future__ import annotations

from readlist.ingest import markdown, org


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


def test_a_newsletter_section_titled_by_its_heading_with_keywords_and_a_link_at_its_end() -> None:
    text = (
        "# 【2023-09-12】Daily Papers\n\n"
        "- [Daily Papers 2023-09-12](https://huggingface.co/papers?date=2023-09-12) 共 2 篇。\n\n"
        "> 说明：本文对论文进行速览。\n\n"
        "## When Less is More: Investigating Data Pruning for Pretraining LLMs\n\n"
        "### 论文总结\n\n这篇文章探讨了数据质量。\n\n"
        "#### 3. 核心关键词\n\n"
        "- `Large Language Models` (大语言模型)\n- `Data Pruning` (数据修剪)\n\n"
        "#### 4. 打分\n\n- 实用性：4分。\n\n"
        "[到 Huggingface 论文主页查看详情](https://huggingface.co/papers/2309.04564)\n\n"
        "## NExT-GPT: Any-to-Any Multimodal LLM\n\n"
        "**3. 核心关键词**\n\n"
        "- Multimodal Adaptors (多模态适配器)\n- Diffusion Decoders (扩散解码器)\n\n"
        "[到 Huggingface 论文主页查看详情](https://huggingface.co/papers/2309.05519)\n"
    )
    found = markdown.parse(text, "daily.md")
    assert [(c.title, c.arxiv) for c in found] == [
        ("When Less is More: Investigating Data Pruning for Pretraining LLMs", "2309.04564"),
        ("NExT-GPT: Any-to-Any Multimodal LLM", "2309.05519"),
    ]


def test_sub_headings_that_are_titles_keep_their_own_links_under_a_titled_heading() -> None:
    text = (
        "## Awesome Vision Transformer Papers\n\n"
        "### An Image is Worth 16x16 Words\n\n[paper](https://arxiv.org/abs/2010.11929)\n\n"
        "### Swin Transformer: Hierarchical Vision Transformer\n\n"
        "[paper](https://arxiv.org/abs/2103.14030)\n\n"
        "## Reading Notes on Graph Neural Networks\n\n"
        "- Message Passing Neural Networks\n- Graph Attention Networks Revisited\n"
    )
    found = markdown.parse(text, "vit.md")
    assert [(c.title, c.arxiv) for c in found] == [
        ("An Image is Worth 16x16 Words", "2010.11929"),
        ("Swin Transformer: Hierarchical Vision Transformer", "2103.14030"),
        ("Message Passing Neural Networks", None),
        ("Graph Attention Networks Revisited", None),
    ]


def test_org_co_author_links_are_not_the_title() -> None:
    text = (
        "* Selected\n\n"
        "  - Scalar curvature rigidity of domains in a warped product"
        " (with /[[https://gaomw.com/][Gaoming Wang]]/). [[https://arxiv.org/abs/2503.04025][arXiv]].\n"
        "  - Spectral constant rigidity of warped product metrics (with /[[https://a.kr/][Juncheol"
        " Pyo]]/, /[[https://b.cn/][Xueyuan Wan]]/). [[https://arxiv.org/abs/2403.00001][arXiv]].\n"
    )
    found = org.parse(text, "papers.org")
    assert [(c.title, c.arxiv) for c in found] == [
        ("Scalar curvature rigidity of domains in a warped product", "2503.04025"),
        ("Spectral constant rigidity of warped product metrics", "2403.00001"),
    ]


def test_a_linked_title_after_its_authors_stays_the_title() -> None:
    text = (
        "- Christopher Monsanto et al.: [Composing Software Defined Networks]"
        "(https://www.usenix.org/nsdi13-final232.pdf), *USENIX NSDI*, 2013.\n"
        "- Read with Anna: [Invariant Risk Minimization](https://openreview.net/forum?id=abc)\n"
    )
    found = markdown.parse(text, "list.md")
    assert [c.title for c in found] == [
        "Composing Software Defined Networks",
        "Invariant Risk Minimization",
    ]
