"""Each document format's parser on hand-written snippets, and format detection."""

from __future__ import annotations

from datetime import date

import pytest

from readlist.errors import InputError, UsageError
from readlist.ingest import abstracts, bibtex, csvfile, detect, listing, markdown, plain, thread
from readlist.ingest.candidate import Candidate, ChallengeRef
from readlist.models import Status
from tests.conftest import SEEDS


def one(candidates: list[Candidate]) -> Candidate:
    assert len(candidates) == 1, candidates
    return candidates[0]


# --- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("30daysofdiffusion-thread.txt", "thread"),
        ("abstracts-only.txt", "abstracts"),
        ("aigc-paper-list.md", "markdown"),
        ("hf-daily-papers.txt", "listing"),
    ],
)
def test_seeds_are_detected(name: str, expected: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert detect.detect(text, name) == expected
    assert detect.detect(text, "renamed.txt") == expected  # by content, not by name


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("@misc{a, title={T}}", "refs.txt", "bibtex"),
        ("anything", "refs.bib", "bibtex"),
        ("title,link\nA,https://x\n", "papers.txt", "csv"),
        ("Title\tLink\nA\thttps://x\n", "papers.tsv", "csv"),
        ("## Heading\n\n- [A Paper](https://arxiv.org/abs/2208.12242)\n", "x.txt", "markdown"),
        ("2208.12242\nhttps://arxiv.org/abs/2210.03629\n", "ids.txt", "text"),
        ("just some words", "notes", "text"),
        (f"{markdown.EXPORT_MARKER}\n- [ ] A · **todo**\n", "export.txt", "markdown"),
        (f"{markdown.EXPORT_MARKER}\n- [ ] A · **todo**\n", "export.csv", "markdown"),
    ],
)
def test_detection(text: str, name: str, expected: str) -> None:
    assert detect.detect(text, name) == expected


def test_format_names_and_aliases() -> None:
    assert detect.canonical("MD") == "markdown"
    assert detect.canonical("bib") == "bibtex"
    assert detect.canonical("ids") == "text"
    with pytest.raises(UsageError, match="--format 'pdf' is not one of: markdown"):
        detect.canonical("pdf")


# --- Markdown lists -------------------------------------------------------------------------

AWESOME = """# Awesome Diffusion Papers

A curated list. **Note:** see [this page](https://example.com/about) for details.

## Contents
- [Survey](#survey)

## Survey

- [Diffusion Models: A Comprehensive Survey of Methods and Applications](https://arxiv.org/abs/2209.00796) - Yang et al.
- **Understanding Diffusion Models: A Unified Perspective** [[Paper](https://arxiv.org/pdf/2208.11970v1.pdf)] [[Code](https://github.com/x/y)]

## Image

### Generation

**Denoising Diffusion Probabilistic Models**
Jonathan Ho, Ajay Jain, Pieter Abbeel
NeurIPS 2020. [[Paper](https://arxiv.org/abs/2006.11239)] [[Github](https://github.com/a/b)]

**Improved Denoising Diffusion Probabilistic Models**
Alex Nichol, Prafulla Dhariwal
ICML 2021. [[Paper](https://arxiv.org/abs/2102.09672)]

| Title | Venue | Link |
|---|---|---|
| Score-Based Generative Modeling through SDEs | ICLR 2021 | [paper](https://arxiv.org/abs/2011.13456) |
| Elucidating the Design Space \\| of Diffusion | NeurIPS | https://arxiv.org/abs/2206.00364 |

1. Latent Diffusion: https://arxiv.org/abs/2112.10752
2. [x] Classifier-Free Diffusion Guidance - https://arxiv.org/abs/2207.12598

- [Stable Diffusion](https://github.com/CompVis/stable-diffusion)
- Contributions welcome

```
- [Not A Paper In A Code Block](https://arxiv.org/abs/1111.11111)
```

Some Paper Only On OpenReview : https://openreview.net/forum?id=abc
"""  # noqa: E501


def test_markdown_entry_styles() -> None:
    found = markdown.parse(AWESOME, "awesome.md")
    by_id = {c.arxiv or c.url: c for c in found}
    assert list(by_id) == [
        "2209.00796",
        "2208.11970",
        "2006.11239",
        "2102.09672",
        "2011.13456",
        "2206.00364",
        "2112.10752",
        "2207.12598",
        "https://openreview.net/forum?id=abc",
    ]
    survey = by_id["2209.00796"]
    assert survey.title == "Diffusion Models: A Comprehensive Survey of Methods and Applications"
    assert survey.tags == ["Survey"]  # the lone H1 names the document, it is not a tag
    assert survey.source == "awesome.md:10"
    assert by_id["2208.11970"].title == "Understanding Diffusion Models: A Unified Perspective"
    assert by_id["2208.11970"].version == 1
    ddpm = by_id["2006.11239"]
    assert ddpm.title == "Denoising Diffusion Probabilistic Models"
    assert ddpm.authors == ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"]
    assert ddpm.tags == ["Image/Generation"]
    assert by_id["2102.09672"].title == "Improved Denoising Diffusion Probabilistic Models"
    assert by_id["2011.13456"].title == "Score-Based Generative Modeling through SDEs"
    assert by_id["2206.00364"].title == "Elucidating the Design Space | of Diffusion"
    assert by_id["2112.10752"].title == "Latent Diffusion"
    assert by_id["2207.12598"].title == "Classifier-Free Diffusion Guidance"
    assert by_id["2207.12598"].status is Status.DONE  # a ticked task-list item
    assert by_id["https://openreview.net/forum?id=abc"].title == "Some Paper Only On OpenReview"


def test_markdown_blockquotes_give_abstracts_and_full_titles() -> None:
    text = """## AIGC

### CV

ViCo : https://arxiv.org/abs/2306.00971

> ViCo : Detail-Preserving Visual Condition for Personalized Text-to-Image Generation
>
> Personalized text-to-image generation using diffusion models has recently been proposed.
> It continues on a second line.

PaLI: A Jointly-Scaled Multilingual Language-Image Model

> **Abstract:** Effective scaling and a flexible task interface enable large language models.

A sentence that is just prose, not a paper at all.
"""
    vico, pali = markdown.parse(text, "list.md")
    assert vico.title == (
        "ViCo: Detail-Preserving Visual Condition for Personalized Text-to-Image Generation"
    )
    assert vico.alias == "ViCo"
    assert vico.abstract == (
        "Personalized text-to-image generation using diffusion models has recently been "
        "proposed. It continues on a second line."
    )
    assert vico.tags == ["AIGC/CV"]
    assert pali.title == "PaLI: A Jointly-Scaled Multilingual Language-Image Model"
    assert pali.arxiv is None and pali.url is None
    assert (
        pali.abstract
        == "Effective scaling and a flexible task interface enable large language models."
    )
    assert pali.source == "list.md:12"


def test_markdown_malformed_arxiv_link_keeps_the_title_with_a_note() -> None:
    entry = one(markdown.parse("- Some Future Paper : https://arxiv.org/abs/2313.99999\n", "x.md"))
    assert entry.title == "Some Future Paper"
    assert entry.arxiv is None
    assert entry.notes == (
        "arXiv link https://arxiv.org/abs/2313.99999 is not a valid id: month 13 does not exist"
    )


def test_markdown_escapes_and_setext_headings() -> None:
    text = (
        "Robots\n======\n\n- [A \\*Starred\\* Title &amp; More](https://arxiv.org/abs/2101.00001)\n"
    )
    entry = one(markdown.parse(text, "x.md"))
    assert entry.title == "A *Starred* Title & More"
    assert entry.tags == []  # a lone top heading is the document's title


STRUCTURE = """# Papers

## Vision

- [Attention Is All You Need][attn] - the transformer
- Generative:
  - [Denoising Diffusion Probabilistic
    Models](https://arxiv.org/abs/2006.11239)
    by Ho et al.
- Maxout Networks [[arXiv]](https://arxiv.org/abs/1302.4389)

<details><summary>More papers</summary>

<ul>
<li><a href="https://arxiv.org/abs/2112.10752">High-Resolution Image Synthesis with Latent Diffusion Models</a></li>
</ul>

</details>

<!-- [Commented Out Paper](https://arxiv.org/abs/1111.11111) -->

|Year|Code|Title|
|-|-|-|
|2022|[Torch](https://github.com/a/b)|[Neural-Sim: Learning to Generate Training Data with NeRF](https://arxiv.org/abs/2207.11368)|
|2021|[Torch](https://github.com/c/d)|[pixelNeRF: Neural Radiance Fields from One or Few Images](https://openaccess.thecvf.com/pixelNeRF.pdf)|

    - [An Indented Code Block, Not A Paper](https://arxiv.org/abs/1212.12121)

**[14]** Hinton, Geoffrey E., et al. "**Improving neural networks by preventing co-adaptation of feature detectors**." arXiv preprint arXiv:1207.0580 (2012). [[pdf]](https://arxiv.org/pdf/1207.0580.pdf) :star::star::star:

**[17]** Ba, Jimmy Lei, et al. "**Layer normalization**." arXiv preprint arXiv:1607.06450 (2016). [[pdf]](https://arxiv.org/pdf/1607.06450.pdf) :star::star:

##### [Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks]
- Convolutional Generative Adversarial Networks [[arXiv]](https://arxiv.org/abs/1511.06434)

[attn]: https://arxiv.org/abs/1706.03762
"""  # noqa: E501


def test_markdown_structure_comes_from_a_commonmark_parser() -> None:
    found = markdown.parse(STRUCTURE, "s.md")
    assert [(c.source, c.title, c.arxiv or c.url) for c in found] == [
        ("s.md:5", "Attention Is All You Need", "1706.03762"),  # a reference-style link
        # a nested item whose link text wraps: the line it starts on, the whole title
        ("s.md:7", "Denoising Diffusion Probabilistic Models", "2006.11239"),
        ("s.md:10", "Maxout Networks", "1302.4389"),  # "[[arXiv]]" labels the link
        # an HTML block, read by the HTML reader, at the line it is on
        ("s.md:15", "High-Resolution Image Synthesis with Latent Diffusion Models", "2112.10752"),
        # the Title column names the paper and gives its link; Code's links are code
        ("s.md:24", "Neural-Sim: Learning to Generate Training Data with NeRF", "2207.11368"),
        (
            "s.md:25",
            "pixelNeRF: Neural Radiance Fields from One or Few Images",
            "https://openaccess.thecvf.com/pixelNeRF.pdf",
        ),
        # a citation: the quoted title, not the authors; emoji shortcodes are no sentence end
        ("s.md:29", "Improving neural networks by preventing co-adaptation of feature detectors",
         "1207.0580"),
        ("s.md:31", "Layer normalization", "1607.06450"),
        # the heading over a single entry is its full title, and not a tag
        (
            "s.md:34",
            "Unsupervised Representation Learning with Deep Convolutional Generative Adversarial "
            "Networks",
            "1511.06434",
        ),
    ]  # fmt: skip
    assert {tuple(c.tags) for c in found} == {("Vision",)}
    assert found[1].authors == []  # "by Ho et al." is no list of names


def test_html_links_whose_targets_hold_parentheses_or_spaces_keep_them() -> None:
    from readlist.ingest import html

    page = (
        "<html><body><ul>\n"
        '<li><a href="https://example.org/wiki/Foo_(bar)">A Study of Foo and Bar Things</a></li>\n'
        '<li><a href="https://example.org/my paper.pdf">Another *Starred* Paper Title</a></li>\n'
        "</ul></body></html>"
    )
    assert [(c.source, c.title, c.url) for c in html.parse(page, "p.html")] == [
        ("p.html:2", "A Study of Foo and Bar Things", "https://example.org/wiki/Foo_(bar)"),
        ("p.html:3", "Another *Starred* Paper Title", "https://example.org/my paper.pdf"),
    ]


def test_markdown_code_holds_no_papers_unless_it_quotes_a_digest() -> None:
    text = """## Found in my mail

```
------------------------------------------------------------------------------
\\\\
arXiv:1801.03894
Date: Thu, 11 Jan 2018 17:41:20 GMT   (26kb)

Title: Stability in the homology of Deligne-Mumford compactifications
Authors: Philip Tosteson
\\\\
  Using the theory of FS^op modules, we study the asymptotic behavior of the homology.
\\\\ ( https://arxiv.org/abs/1801.03894 ,  26kb)
------------------------------------------------------------------------------
```

```bash
curl https://arxiv.org/abs/2101.00001  # a script, not a paper
```
"""
    entry = one(markdown.parse(text, "post.md"))
    assert (entry.arxiv, entry.title) == (
        "1801.03894",
        "Stability in the homology of Deligne-Mumford compactifications",
    )
    assert entry.source == "post.md:6"  # the arXiv: line inside the fence
    assert entry.tags == ["Found in my mail"]


# --- readlist's Markdown export (EXPORT-CONTRACT.md) -----------------------------------------

EXPORT = f"""{markdown.EXPORT_MARKER}
# Reading list

3 papers: 1 done, 1 reading, 2 todo, 1 skipped

## Done

- [x] [DreamBooth: Fine Tuning Text\\-to\\-Image Diffusion Models for Subject\\-Driven Generation](https://arxiv.org/abs/2208.12242) · **done** · Nataniel Ruiz, Yuanzhen Li et al. · 2022-08-25 · tags: diffusion, AIGC/CV
  <details><summary>Abstract</summary>

  Large text\\-to\\-image models achieved a remarkable leap &amp; more &lt;b&gt;bold&lt;/b&gt;.

  </details>

## Todo

- [ ] PaLI: A Jointly\\-Scaled \\[Multilingual\\] Language\\-Image Model \\| \\*star\\* \\#1 · **todo** · tags: AIGC/CV, a\\_b
- [ ] *Untitled:* Text\\-to\\-image diffusion models have demonstrated an unparalleled… · **reading**
  <details><summary>Abstract</summary>

  Text\\-to\\-image diffusion models have demonstrated an unparalleled ability to generate images.

  </details>
- [ ] [A Title With (Parens) and \\[brackets\\]](https://example.org/paper(1)) · **skipped**

## 30daysofDiffusion

| Day | Date | Paper | Status |
|---|---|---|---|
| 1 | 2023-01-02 | [DreamBooth](https://arxiv.org/abs/2208.12242) | done |
"""  # noqa: E501


def test_export_dialect_items() -> None:
    dreambooth, pali, untitled, parens = markdown.parse(EXPORT, "export.md")
    assert dreambooth.title == (
        "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation"
    )
    assert dreambooth.arxiv == "2208.12242"
    assert dreambooth.status is Status.DONE
    assert dreambooth.authors == ["Nataniel Ruiz", "Yuanzhen Li"]
    assert dreambooth.published == date(2022, 8, 25)
    assert dreambooth.tags == ["diffusion", "AIGC/CV"]  # from the item, not from headings
    assert (
        dreambooth.abstract
        == "Large text-to-image models achieved a remarkable leap & more <b>bold</b>."
    )
    assert pali.title == "PaLI: A Jointly-Scaled [Multilingual] Language-Image Model | *star* #1"
    assert pali.status is Status.TODO and pali.arxiv is None and pali.url is None
    assert pali.tags == ["AIGC/CV", "a_b"]
    assert untitled.title is None and untitled.status is Status.READING
    assert untitled.abstract == (
        "Text-to-image diffusion models have demonstrated an unparalleled ability to generate "
        "images."
    )
    assert parens.title == "A Title With (Parens) and [brackets]"
    assert parens.url == "https://example.org/paper(1)"
    assert parens.status is Status.SKIPPED
    assert [c.source for c in (dreambooth, pali, untitled, parens)] == [
        "export.md:8",
        "export.md:17",
        "export.md:18",
        "export.md:24",
    ]


def test_export_dialect_titles_are_taken_exactly() -> None:
    text = f'{markdown.EXPORT_MARKER}\n- [ ] "Quoted" Title Ending With A Dot. · **todo**\n'
    assert one(markdown.parse(text, "x.md")).title == '"Quoted" Title Ending With A Dot.'


# --- listing pages --------------------------------------------------------------------------


def test_listing_skips_page_furniture() -> None:
    text = """new

Get trending papers in your email inbox!

Subscribe

Daily Papers

byAK and the research community

Aug 6

DDS2M: Self-Supervised Denoising Diffusion Spatio-Spectral Model

Diffusion models have recently received a surge of interest due to their impressive performance for image restoration, especially in terms of noise robustness. We propose a new model.

Submitted by akhaliq

Unified Auto-Encoding with Masked Diffusion
At the core of both successful generative and self-supervised representation learning models there is a reconstruction objective that incorporates some form of image corruption today.
"""  # noqa: E501
    first, second = listing.parse(text, "daily.txt")
    assert first.title == "DDS2M: Self-Supervised Denoising Diffusion Spatio-Spectral Model"
    assert first.abstract is not None and first.abstract.startswith("Diffusion models have")
    assert first.source == "daily.txt:13"
    assert second.title == "Unified Auto-Encoding with Masked Diffusion"
    assert second.source == "daily.txt:19"


# --- abstracts, one per line ----------------------------------------------------------------


def test_abstracts_one_per_line() -> None:
    text = (
        "Diffusion models are a class of deep generative models that have shown impressive "
        "results on various tasks.\n\nToo short line here.\n"
    )
    first, second = abstracts.parse(text, "abs.txt")
    assert first.abstract is not None and first.title is None and first.source == "abs.txt:1"
    assert second.problem is not None and "too short" in second.problem


# --- challenge threads ----------------------------------------------------------------------

THREAD = """Starting #50daysofML today! 50 days of ML papers.

Day 1 #50daysofML
Paper: https://arxiv.org/abs/1706.03762v5
Attention Is All You Need
The dominant sequence transduction models are based on complex recurrent or convolutional neural networks in an encoder-decoder configuration. The best performing models also connect the encoder and decoder.

Day 3 #50daysofML
Paper: https://arxiv.org/abs/1810.04805
BERT: Pre-training of Deep Bidirectional Transformers

Name,Date,Paper Link,Status
transformer,2023-03-01,https://arxiv.org/abs/1706.03762,Done
gpt2,2023-03-02,<a href="https://arxiv.org/abs/2005.14165">link</a>,read
Also see https://arxiv.org/abs/2303.08774 for the report.
"""  # noqa: E501


def test_thread_days_sheet_rows_and_other_links() -> None:
    found = thread.parse(THREAD, "t.txt")
    attention, bert, transformer, gpt, report = found
    ref = ChallengeRef("50daysofML", 1, "#50daysofML", 50)
    assert attention.arxiv == "1706.03762" and attention.version == 5
    assert attention.title == "Attention Is All You Need"
    assert attention.abstract is not None and attention.abstract.startswith("The dominant")
    assert attention.status is Status.DONE and attention.finished is None
    assert attention.challenge == ref
    assert attention.source == "t.txt:4"  # the Paper: line
    assert bert.challenge is not None and bert.challenge.day == 3
    assert bert.abstract is None
    assert transformer.alias == "transformer" and transformer.title is None
    assert transformer.finished == date(2023, 3, 1) and transformer.challenge == ref
    assert gpt.arxiv == "2005.14165" and gpt.challenge is not None and gpt.challenge.day == 2
    assert gpt.status is Status.DONE
    assert report.arxiv == "2303.08774" and report.challenge is None and report.status is None


def test_thread_sheet_row_glued_into_one_line() -> None:
    seed = (SEEDS / "30daysofdiffusion-thread.txt").read_text(encoding="utf-8")
    sheet_line = seed.splitlines()[8]
    row = one(thread.parse(sheet_line, "t.txt"))
    assert row.alias == "dreambooth" and row.title is None
    assert row.arxiv == "2208.12242"
    assert row.status is Status.DONE and row.finished == date(2023, 1, 2)


def test_thread_length_defaults() -> None:
    found = thread.parse("Day 2 #readingchallenge\nPaper: arXiv:2208.12242\n", "t.txt")
    assert one(found).challenge == ChallengeRef("readingchallenge", 2, "#readingchallenge", 30)


# --- BibTeX ---------------------------------------------------------------------------------

BIB = r"""
@string{neurips = "Advances in Neural Information Processing Systems"}
% a comment with an @ sign: me@example.org
@misc{ruiz2022dreambooth,
  title = {{DreamBooth}: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation},
  author = {Ruiz, Nataniel and Li, Yuanzhen and M{\"u}ller, J{\'e}r{\^o}me and others},
  year = {2022}, month = aug,
  eprint = {2208.12242v2}, archivePrefix = {arXiv}, primaryClass = {cs.CV},
  keywords = {diffusion, AIGC/CV}, note = {done}
}
@article{ho2020,
  title = "Denoising {Diffusion} Models \& {GANs}: 50\% \_off\_",
  author = "Jonathan Ho and Ajay Jain",
  journal = neurips # " 33",
  doi = {10.48550/arXiv.2006.11239},
}
@inproceedings{broken,
  title = {Missing brace,
  author = {X}
@misc{viaurl, title={Via {URL}}, url={https://arxiv.org/pdf/2301.00001v3.pdf}}
@misc{notitle, author = {Nobody}}
@book{nonarxiv, title = {Pattern Recognition and Machine Learning},
  doi = {10.1007/978-0-387-45528-0}}
"""


def test_bibtex_entries() -> None:
    dreambooth, ho, broken, via_url, notitle, book = bibtex.parse(BIB, "refs.bib")
    assert dreambooth.title == (
        "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation"
    )
    assert dreambooth.authors == ["Nataniel Ruiz", "Yuanzhen Li", "Jérôme Müller"]
    assert (dreambooth.arxiv, dreambooth.version) == ("2208.12242", 2)
    assert dreambooth.primary_category == "cs.CV"
    assert dreambooth.tags == ["diffusion", "AIGC/CV"]
    assert dreambooth.status is Status.DONE
    assert dreambooth.source == "refs.bib:4"
    assert ho.title == "Denoising Diffusion Models & GANs: 50% _off_"
    assert ho.arxiv == "2006.11239" and ho.doi is None
    assert ho.journal_ref == "Advances in Neural Information Processing Systems 33"
    assert broken.problem is not None and "never closed" in broken.problem
    assert broken.source == "refs.bib:17"
    assert via_url.title == "Via URL" and via_url.arxiv == "2301.00001"
    assert notitle.problem == "@misc{notitle} has no title, arXiv id or DOI"
    assert book.doi == "10.1007/978-0-387-45528-0" and book.arxiv is None


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Schr{\"o}dinger", "Schrödinger"),
        (r"\'{E}cole", "École"),
        (r"Fran\c{c}ois", "François"),
        (r"G\"{o}del \& Escher", "Gödel & Escher"),
        (r"{\ss}tra{\ss}e", "ßtraße"),
        (r"na\"{\i}ve", "naïve"),
        (r"\emph{Deep} Learning~Book", "Deep Learning Book"),
        (r"\v{S}ekli \u{a}", "Šekli ă"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert bibtex.latex_to_text(latex) == text


# --- CSV ------------------------------------------------------------------------------------


def test_csv_in_the_export_layout() -> None:
    text = (
        "id,title,arxiv,link,status,added,started,finished,tags,challenge,day,authors,published\r\n"
        '2208.12242,"DreamBooth: Fine, ""quoted""",2208.12242,https://arxiv.org/abs/2208.12242,'
        "done,2026-11-01,,2023-01-02,diffusion; AIGC/CV,30daysofDiffusion,1,"
        "Nataniel Ruiz; Yuanzhen Li,2022-08-25\r\n"
        "pali,PaLI: A Jointly-Scaled Model.,,,reading,2026-11-03,2026-11-04,,AIGC/CV,,,,\r\n"
        "untitled,,,,todo,2026-11-03,,,,,,,\r\n"
    )
    dreambooth, pali, untitled = csvfile.parse(text, "list.csv")
    assert dreambooth.title == 'DreamBooth: Fine, "quoted"'
    assert dreambooth.arxiv == "2208.12242" and dreambooth.status is Status.DONE
    assert dreambooth.added == date(2026, 11, 1) and dreambooth.finished == date(2023, 1, 2)
    assert dreambooth.tags == ["diffusion", "AIGC/CV"]
    assert dreambooth.authors == ["Nataniel Ruiz", "Yuanzhen Li"]
    assert dreambooth.published == date(2022, 8, 25)
    assert dreambooth.challenge == ChallengeRef("30daysofDiffusion", 1)
    assert dreambooth.source == "list.csv:2"
    assert pali.title == "PaLI: A Jointly-Scaled Model."  # a CSV title is taken as written
    assert pali.status is Status.READING and pali.started == date(2026, 11, 4)
    assert untitled.problem is not None and "(untitled)" in untitled.problem


def test_csv_spreadsheet_words() -> None:
    text = (
        "Paper;Date;Status;Topics\n"
        "DreamBooth;2-Jan-23;Done ✨;diffusion, personalization\n"
        "https://arxiv.org/abs/2208.01618;3 Jan 2023;to read;\n"
        "Some Paper Title;yesterday-ish;maybe later;\n"
    )
    dreambooth, inversion, odd = csvfile.parse(text, "sheet.csv")
    assert dreambooth.alias == "DreamBooth" and dreambooth.title is None
    assert dreambooth.status is Status.DONE and dreambooth.finished == date(2023, 1, 2)
    assert dreambooth.tags == ["diffusion", "personalization"]
    assert inversion.arxiv == "2208.01618" and inversion.status is Status.TODO
    assert odd.title == "Some Paper Title" and odd.status is None
    assert odd.warnings == [
        "sheet.csv:4: status 'maybe later' is not one of todo, reading, done, skipped "
        "(or read, to read...); kept as todo",
        "sheet.csv:4: date 'yesterday-ish' is not a date (write it as YYYY-MM-DD); ignored",
    ]


def test_csv_without_a_header_is_refused() -> None:
    with pytest.raises(InputError, match=r"x.csv:1: the first row is not a header"):
        csvfile.parse("a,b,c\n1,2,3\n", "x.csv")


# --- plain text with arXiv ids --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "arxiv", "version"),
    [
        ("https://arxiv.org/abs/2208.12242", "2208.12242", None),
        ("http://arxiv.org/pdf/2208.12242v2", "2208.12242", 2),
        ("https://arxiv.org/pdf/2208.12242v2.pdf", "2208.12242", 2),
        ("https://arxiv.org/html/2208.12242v1", "2208.12242", 1),
        ("ftp://arxiv.org/abs/2208.12242", "2208.12242", None),
        ("https://export.arxiv.org/abs/2208.12242", "2208.12242", None),
        ("https://www.arxiv.org/abs/2208.12242?context=cs", "2208.12242", None),
        ("arXiv:2208.12242v3", "2208.12242", 3),
        ("2208.12242", "2208.12242", None),
        ("cond-mat/9911396", "cond-mat/9911396", None),
        ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001", 2),
        ("doi: 10.48550/arXiv.2208.12242", "2208.12242", None),
    ],
)
def test_plain_every_id_form(line: str, arxiv: str, version: int | None) -> None:
    found = one(plain.parse(f"- {line}\n", "ids.txt"))
    assert (found.arxiv, found.version) == (arxiv, version)


def test_plain_titles_short_names_and_malformed_ids() -> None:
    text = (
        "ReAct: https://arxiv.org/pdf/2210.03629\n"
        "Attention Is All You Need (https://arxiv.org/abs/1706.03762)\n"
        "two on one line: 2208.12242 and 2210.03142\n"
        "A Paper From The Future https://arxiv.org/abs/2313.99999\n"
        "https://arxiv.org/abs/2313.99999\n"
        "nothing here, 1234.5678 is a bare number of the wrong shape\n"
    )
    react, attention, first, second, future, bare = plain.parse(text, "ids.txt")
    assert react.alias == "ReAct" and react.title is None and react.arxiv == "2210.03629"
    assert attention.title == "Attention Is All You Need"
    assert (first.arxiv, first.title, second.arxiv) == ("2208.12242", None, "2210.03142")
    assert future.title == "A Paper From The Future" and future.arxiv is None
    assert future.notes == (
        "arXiv link https://arxiv.org/abs/2313.99999 is not a valid id: month 13 does not exist"
    )
    assert bare.problem is not None and bare.source == "ids.txt:5"  # no title to keep


def test_plain_arxiv_listing_copied_from_the_browser() -> None:
    text = (
        "[1] arXiv:2301.00001 [pdf, other]\n"
        "Title: A Study of Something Important in Vision\n"
        "Authors: Alice Smith, Bob Jones\n"
        "Subjects: Computer Vision and Pattern Recognition (cs.CV)\n"
        "[2] arXiv:2301.00002v2 [pdf, ps, other]\n"
        "Title: Another Paper About Diffusion Models\n"
    )
    first, second = plain.parse(text, "listing.txt")
    assert (first.arxiv, first.title) == ("2301.00001", "A Study of Something Important in Vision")
    assert first.authors == ["Alice Smith", "Bob Jones"]
    assert (second.arxiv, second.version) == ("2301.00002", 2)
    assert second.title == "Another Paper About Diffusion Models"


READING_LOG = """# Papers I read

- [done] **Neural Architectures for Named Entity Recognition** (2016), G. Lample et al. [[pdf]](http://aclweb.org/anthology/N/N16/N16-1030.pdf)
- [todo] **Memory networks** (2014), J. Weston et al. [[pdf]](https://arxiv.org/pdf/1410.3916)
- **05.Generative Adversarial Networks** : [**Paper**](https://arxiv.org/abs/1406.2661) || [**Summary**](https://github.com/someone/notes/tree/main/05)
- **03.3D Convolutional Neural Networks for Human Action Recognition** : [**Paper**](https://example.org/3dcnn.pdf)
- **Paper Summary with Report(in most of them)**

**Today's Progress (achievements and frustrations)**:

**Thoughts and Emotions**

**1. Stratagem: Learning Transferable Reasoning via Game Self-Play** ⭐ 0

**👥 Authors:** Prashant C. Raju

**🔗 Links:** [🤗 HuggingFace](https://huggingface.co/papers/2604.17696) • [📄 arXiv](https://arxiv.org/abs/2604.17696)

**Paper: [Relaxed Lasso](http://stat.example.edu/relaxo.pdf)** by Nicolai Meinshausen

* [ ] Read "Relaxed Lasso"
* [ ] Wasserstein Auto-Encoders
* [Factors associated with convenience store closure (paywall)](https://rss.onlinelibrary.wiley.com/doi/pdf/10.1111/rssa.12330)
"""  # noqa: E501


def test_markdown_reading_logs_status_tags_numbering_labels_and_links_below() -> None:
    found = markdown.parse(READING_LOG, "log.md")
    assert [(c.source, c.title, c.arxiv or c.url, c.status) for c in found] == [
        # a status in brackets before the entry; the bold title, not its year and authors
        ("log.md:3", "Neural Architectures for Named Entity Recognition",
         "http://aclweb.org/anthology/N/N16/N16-1030.pdf", Status.DONE),
        ("log.md:4", "Memory networks", "1410.3916", Status.TODO),
        # the list's numbering inside the bold title is not the title's; "Summary" labels a link
        ("log.md:5", "Generative Adversarial Networks", "1406.2661", None),
        ("log.md:6", "3D Convolutional Neural Networks for Human Action Recognition",
         "https://example.org/3dcnn.pdf", None),
        # a bold line of its own takes the untitled links below it (the authors between)
        ("log.md:13", "Stratagem: Learning Transferable Reasoning via Game Self-Play",
         "2604.17696", None),
        # a PDF named by two words; "Read "X"" on a checklist is X
        ("log.md:19", "Relaxed Lasso", "http://stat.example.edu/relaxo.pdf", None),
        ("log.md:21", "Relaxed Lasso", None, None),
        ("log.md:22", "Wasserstein Auto-Encoders", None, None),  # a two-word title on a checklist
        ("log.md:23", "Factors associated with convenience store closure",
         "https://rss.onlinelibrary.wiley.com/doi/pdf/10.1111/rssa.12330", None),
    ]  # fmt: skip
    # Not papers: a label over a structure, "**Label**:" and a bold line with no link below it.


READING_GROUP = """| Date | Moderator | Topic |
|:--|:--|:--|
| Jun. 19th | Xutan Peng | [*Citation Text Generation*](https://arxiv.org/abs/2002.00317) <br /> [TLDR: Extreme Summarization of Scientific Documents](https://arxiv.org/abs/2004.15011) |
| May 15th | Ruizhe Li | EMNLP Mock Review Session |

<table class="table">
  <thead>
    <tr><th>Date</th><th>Title</th><th>Authors</th></tr>
  </thead>
  <tbody>
    <tr>
      <th scope="row">28/4</th>
      <td><a href="https://arxiv.org/pdf/2004.10151.pdf">Experience Grounds Language</a></br>
        <a href="https://openreview.net/pdf?id=GKTvAcb12b">Climbing towards NLU: On Meaning, Form, and Understanding in the Age of Data</a></td>
      <td></td>
    </tr>

    <tr>
      <th scope="row">15/4</th>
      <td><a href="https://arxiv.org/pdf/2003.12298.pdf">Information-Theoretic Probing with Minimum Description Length</a></td>
      <td>Elena Voita, Ivan Titov</td>
    </tr>
  </tbody>
</table>
"""  # noqa: E501


def test_markdown_tables_with_two_readings_in_a_cell_and_html_tables_with_empty_lines() -> None:
    found = markdown.parse(READING_GROUP, "group.md")
    assert [(c.source, c.title, c.arxiv or c.url) for c in found] == [
        ("group.md:3", "Citation Text Generation", "2002.00317"),
        ("group.md:3", "TLDR: Extreme Summarization of Scientific Documents", "2004.15011"),
        ("group.md:11", "Experience Grounds Language", "2004.10151"),
        ("group.md:11", "Climbing towards NLU: On Meaning, Form, and Understanding in the Age of "
         "Data", "https://openreview.net/pdf?id=GKTvAcb12b"),
        # after an empty line inside the <table>: still the table's row, not indented code
        ("group.md:18", "Information-Theoretic Probing with Minimum Description Length",
         "2003.12298"),
    ]  # fmt: skip


DIGEST_AND_LISTS = """## Networking

*Papers in Networking*

### Scaling Routers with In-Package Optics and High-Bandwidth Memories

**Authors:** Isaac Keslassy, Pedro R. X. do Carmo
[arXiv](http://arxiv.org/abs/2602.10505v1) · [PDF](https://arxiv.org/pdf/2602.10505v1)

## To read

1. Text2Color : Coloring with Words : Guiding Image Colorization Through Text-based Palette Generation. (ECCV 2018)
2. Affective image adjustment with a single word (International Journal of Computer Graphics 2013)
3. Keyword Based Image Color Re-rendering with Semantic Segmentation (ICIP 2017)
4. A Bayesian Model of Grounded Color Semantics
5. Palette-based Photo Recoloring

## Topics

1. Batch Norm
2. Layer Norm

## OOD

1. Arxiv(**MIT**) _Measuring Generalization with Optimal Transport_ (a note)
2. ICCV 2017 [CCSA--Unified Deep Supervised Domain Adaptation and Generalization](https://blog.example.net/85165667)
- *Alec Radford, Luke Metz, Soumith Chintala*
"""  # noqa: E501


def test_markdown_digest_headings_title_lists_and_italic_titles() -> None:
    found = markdown.parse(DIGEST_AND_LISTS, "d.md")
    assert [(c.source, c.title, c.arxiv or c.url, c.authors) for c in found] == [
        # the heading names the paper; "Authors:" names its people, not the paper
        ("d.md:8", "Scaling Routers with In-Package Optics and High-Bandwidth Memories",
         "2602.10505", ["Isaac Keslassy", "Pedro R. X. do Carmo"]),
        # titles without links, one in sentence case, the venue and year in brackets dropped
        ("d.md:12", "Text2Color: Coloring with Words: Guiding Image Colorization Through "
         "Text-based Palette Generation", None, []),
        ("d.md:13", "Affective image adjustment with a single word", None, []),
        ("d.md:14", "Keyword Based Image Color Re-rendering with Semantic Segmentation", None, []),
        ("d.md:15", "A Bayesian Model of Grounded Color Semantics", None, []),
        ("d.md:16", "Palette-based Photo Recoloring", None, []),
        # (a list of topics is none)
        # an italic title after the venue; a short name before "--"
        ("d.md:25", "Measuring Generalization with Optimal Transport", None, []),
        ("d.md:26", "Unified Deep Supervised Domain Adaptation and Generalization",
         "https://blog.example.net/85165667", []),
    ]  # fmt: skip


def test_html_link_labels_keep_their_brackets() -> None:
    from readlist.ingest import html

    page = (
        "<html><body>\n"
        '<h5><b><a href="https://arxiv.org/abs/1909.03012v1">[arXiv] One Explanation Does Not '
        "Fit All: A Toolkit and Taxonomy of AI Explainability Techniques</a></b></h5>\n"
        '<h5><b><a href="https://arxiv.org/abs/1905.02161">[ICML 2019 Workshop] Batch '
        "Normalization is a Cause of Adversarial Vulnerability</a></b></h5>\n"
        "</body></html>"
    )
    assert [(c.title, c.arxiv) for c in html.parse(page, "n.html")] == [
        ("One Explanation Does Not Fit All: A Toolkit and Taxonomy of AI Explainability "
         "Techniques", "1909.03012"),
        ("Batch Normalization is a Cause of Adversarial Vulnerability", "1905.02161"),
    ]  # fmt: skip


def test_markdown_code_exercises_and_listing_pages_are_no_papers() -> None:
    text = (
        "- [2023 oral papers](https://nips.cc/virtual/2023/events/oral)\n"
        "\n"
        "#### Day1:\n"
        "- [x] Logistic Regression [PyTorch Code](https://github.com/someone/x/Logistic.py)\n"
        "- [ ] [CNN for sentence Classification](http://www.aclweb.org/anthology/D14-1181) "
        "[PyTorch](https://github.com/kdrl/CNN-Sentence-Classification-PyTorch)\n"
        "- [ ] A STRUCTURED SELF-ATTENTIVE SENTENCE EMBEDDING "
        "[Github](https://github.com/k/Structured-Self-Attention) | "
        "[Paper](https://arxiv.org/pdf/1703.03130.pdf)\n"
    )
    found = markdown.parse(text, "log.md")
    assert [(c.title, c.arxiv or c.url) for c in found] == [
        ("CNN for sentence Classification", "http://www.aclweb.org/anthology/D14-1181"),
        ("A STRUCTURED SELF-ATTENTIVE SENTENCE EMBEDDING", "1703.03130"),
    ]
