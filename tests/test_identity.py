"""The one "same paper?" rule (readlist.identity), on a table of real papers: different papers
with confusable titles are never merged, one paper written two ways always is, and `add` and
`ingest` agree on every pair."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readlist.errors import DuplicateError
from readlist.identity import find_same, same_title, title_conflict, title_key
from readlist.operations import paper_from_text
from readlist.store import Store
from tests.conftest import Cli, write_list

# Pairs of different real papers whose titles are easy to confuse.
DIFFERENT = [
    ("Nemotron-4 15B Technical Report", "Nemotron-4 340B Technical Report"),
    ("Gemma 2 Technical Report", "Gemma 3 Technical Report"),
    ("Qwen2 Technical Report", "Qwen2.5 Technical Report"),
    ("PaLM: Scaling Language Modeling with Pathways", "PaLM 2 Technical Report"),
    ("Phi-3 Technical Report: A Highly Capable Language Model Locally on Your Phone",
     "Phi-4 Technical Report"),
    ("Denoising Diffusion Probabilistic Models",
     "Improved Denoising Diffusion Probabilistic Models"),
    ("Denoising Diffusion Probabilistic Models", "Denoising Diffusion Implicit Models"),
    ("Language Models are Few-Shot Learners",
     "Language Models are Unsupervised Multitask Learners"),
    ("Large Language Models are Zero-Shot Reasoners",
     "Finetuned Language Models Are Zero-Shot Learners"),
    ("LLaMA: Open and Efficient Foundation Language Models",
     "Llama 2: Open Foundation and Fine-Tuned Chat Models"),
    ("YOLOv3: An Incremental Improvement",
     "YOLOv4: Optimal Speed and Accuracy of Object Detection"),
    ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
     "RoBERTa: A Robustly Optimized BERT Pretraining Approach"),
    ("Swin Transformer: Hierarchical Vision Transformer using Shifted Windows",
     "Swin Transformer V2: Scaling Up Capacity and Resolution"),
    ("EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
     "EfficientNetV2: Smaller Models and Faster Training"),
    ("Fast R-CNN",
     "Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks"),
    ("Mask R-CNN", "Mesh R-CNN"),
    ("Wasserstein GAN", "Improved Training of Wasserstein GANs"),
    ("Improved Techniques for Training GANs",
     "Improved Techniques for Training Score-Based Generative Models"),
    ("Mastering the game of Go with deep neural networks and tree search",
     "Mastering the game of Go without human knowledge"),
    ("Attention Is All You Need",
     "Attention Is Not All You Need: Pure Attention Loses Rank Doubly Exponentially with Depth"),
    ("An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
     "An Image is Worth One Word: Personalizing Text-to-Image Generation using Textual Inversion"),
    ("Visual Instruction Tuning", "Improved Baselines with Visual Instruction Tuning"),
    ("Momentum Contrast for Unsupervised Visual Representation Learning",
     "Improved Baselines with Momentum Contrastive Learning"),
    ("High-Resolution Image Synthesis with Latent Diffusion Models",
     "SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis"),
    ("Scaling Laws for Neural Language Models",
     "Scaling Laws for Autoregressive Generative Modeling"),
    ("PaLI: A Jointly-Scaled Multilingual Language-Image Model",
     "PaLI-3 Vision Language Models: Smaller, Faster, Stronger"),
    ("Segment Anything", "SAM 2: Segment Anything in Images and Videos"),
    ("U-Net: Convolutional Networks for Biomedical Image Segmentation",
     "V-Net: Fully Convolutional Neural Networks for Volumetric Medical Image Segmentation"),
    ("Sequence to Sequence Learning with Neural Networks",
     "Convolutional Sequence to Sequence Learning"),
    ("Layer Normalization", "Group Normalization"),
    ("MobileNetV2: Inverted Residuals and Linear Bottlenecks", "Searching for MobileNetV3"),
    ("Gemini: A Family of Highly Capable Multimodal Models",
     "Gemini 1.5: Unlocking multimodal understanding across millions of tokens of context"),
    ("NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis",
     "Mip-NeRF: A Multiscale Representation for Anti-Aliasing Neural Radiance Fields"),
    ("Score-Based Generative Modeling through Stochastic Differential Equations",
     "Generative Modeling by Estimating Gradients of the Data Distribution"),
    ("Deep Residual Learning for Image Recognition",
     "Identity Mappings in Deep Residual Networks"),
    ("Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
     "Self-Consistency Improves Chain of Thought Reasoning in Language Models"),
]  # fmt: skip

# One real paper written two ways: the list's record, then what the user types or a document
# says (a title, or an id in another form).
SAME: list[tuple[dict[str, Any], str]] = [
    ({"title": "Attention Is All You Need"}, "attention is all you need"),
    ({"title": "Attention Is All You Need"}, "  Attention   Is All You Need. "),
    (
        {"title": "BERT: Pre-training of Deep Bidirectional Transformers for Language "
         "Understanding"},
        "{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    ),
    ({"title": "Hierarchical Text-Conditional Image Generation with CLIP Latents"},
     "Hierarchical Text-Conditonal Image Generation with CLIP Latents"),
    (
        {"title": "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven "
         "Generation"},
        "DreamBooth: Fine Tuning Text–to–Image Diffusion Models for Subject—Driven Generation",
    ),
    (
        {"title": "Improving Language Understanding by Generative Pre-Training"},
        "Improving Language Understanding by Generative Pretraining",
    ),
    ({"title": "Layer Normalization"}, "Layer Normalisation"),
    (
        {"title": "Instance Normalization: The Missing Ingredient for Fast Stylization"},
        "Instance Normalisation: The Missing Ingredient for Fast Stylisation",
    ),
    ({"title": "Exploring the Limits of Language Modeling"},
     "Exploring the Limits of Language Modelling"),
    ({"title": "The Llama 3 Herd of Models"}, "Llama 3 Herd of Models"),
    ({"title": "Self-attention Does Not Need O(n^2) Memory"},
     "Self-Attention Does Not Need O(n²) Memory"),
    (
        {"title": "Plug-and-Play Diffusion Features for Text-Driven Image-to-Image Translation"},
        "Plug & Play Diffusion Features for Text-Driven Image-to-Image Translation",
    ),
    ({"title": "Mask R-CNN"}, "Mask RCNN"),
    ({"title": "Proximal Policy Optimization Algorithms", "arxiv": "1707.06347"},
     "10.48550/arXiv.1707.06347"),
    ({"title": "Adam: A Method for Stochastic Optimization", "arxiv": "1412.6980"},
     "https://doi.org/10.48550/arXiv.1412.6980"),
    ({"title": "Retentive Network", "arxiv": "2307.08621"},
     "https://huggingface.co/papers/2307.08621"),
    ({"title": "DreamBooth", "arxiv": "2208.12242"}, "https://arxiv.org/pdf/2208.12242v2.pdf"),
    ({"title": "Going Deeper with Convolutions", "doi": "10.1109/CVPR.2015.7298594"},
     "https://doi.org/10.1109/cvpr.2015.7298594"),
    ({"title": "Human-level control through deep reinforcement learning",
      "doi": "10.1038/nature14236"}, "doi:10.1038/NATURE14236"),
]  # fmt: skip


def _lists() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every record of both tables as one reading list, and each record's id by title."""
    records: dict[str, dict[str, Any]] = {}
    for first, _second in DIFFERENT:
        records.setdefault(first, {"title": first})
    for record, _typed in SAME:
        records.setdefault(record["title"], record)
    assert len(records) == len({*(f for f, _s in DIFFERENT), *(r["title"] for r, _t in SAME)})
    papers, ids = [], {}
    for number, (title, record) in enumerate(records.items()):
        paper = {"id": f"p{number}", **record}
        papers.append(paper)
        ids[title] = paper["id"]
    return papers, ids


def test_the_tables_are_big_enough() -> None:
    assert len(DIFFERENT) >= 30 and len(SAME) >= 15


@pytest.fixture
def library(isolated: Path) -> Store:
    path = isolated / "list.yaml"
    write_list(path, _lists()[0])
    return Store(path)


@pytest.mark.slow
@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_different_papers_are_never_one(library: Store, first: str, second: str) -> None:
    paper, _notice = paper_from_text(second)
    assert find_same(library.load(), paper) is None
    assert not same_title(title_key(first), title_key(second))


@pytest.mark.parametrize(("record", "typed"), SAME)
def test_one_paper_written_two_ways_is_one(
    library: Store, record: dict[str, Any], typed: str
) -> None:
    paper, _notice = paper_from_text(typed)
    match = find_same(library.load(), paper)
    assert match is not None and match.paper_id == _lists()[1][record["title"]], match


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ("Gemma 2 Technical Report", "Gemma 3 Technical Report", "different numbers (2 vs 3)"),
        ("YOLOv3: An Incremental Improvement", "YOLOv4: An Incremental Improvement",
         "different numbers (3 vs 4)"),
        ("Learning Explicit Neural Representations of Shapes",
         "Learning Implicit Neural Representations of Shapes",
         "different words (explicit vs implicit)"),
        ("Denoising Diffusion Probabilistic Models",
         "Improved Denoising Diffusion Probabilistic Models", "different words (- vs improved)"),
        ("Learning with Noisy Labels", "Learning without Noisy Labels",
         "different words (- vs without)"),
        ("Vision Transformers: Part II", "Vision Transformers: Part III",
         "different numbers (ii vs iii)"),
    ],
)  # fmt: skip
def test_the_conflict_says_why(first: str, second: str, reason: str) -> None:
    assert title_conflict(title_key(first), title_key(second)) == reason


def _typed_forms() -> list[tuple[str, str | None]]:
    """What is added or ingested, and the id of the paper it is (None: a new paper)."""
    ids = _lists()[1]
    forms: list[tuple[str, str | None]] = [(second, None) for _first, second in DIFFERENT]
    forms += [(typed, ids[record["title"]]) for record, typed in SAME]
    return forms


def _bibtex(forms: list[tuple[str, str | None]]) -> str:
    """The same entries as a BibTeX file: ids in the field BibTeX keeps them in."""
    entries = []
    for number, (typed, _paper) in enumerate(forms):
        paper, _notice = paper_from_text(typed)
        if paper.arxiv:
            field = f"url = {{{typed}}}" if "://" in typed else f"doi = {{{typed}}}"
        elif paper.doi:
            field = f"doi = {{{typed.removeprefix('doi:')}}}"
        else:
            field = f"title = {{{typed}}}"
        entries.append(f"@article{{e{number},\n  {field},\n}}\n")
    return "\n".join(entries)


@pytest.mark.slow
def test_add_and_ingest_agree_on_every_pair(cli: Cli, isolated: Path) -> None:
    forms = _typed_forms()
    write_list(cli.path, _lists()[0])
    added: dict[str, str | None] = {}
    for typed, _paper in forms:
        result = cli("add", typed, "--offline")
        if result.exit_code == DuplicateError.exit_code:
            added[typed] = result.stderr.split("already in the list as ")[1].split()[0]
        else:
            assert result.exit_code == 0, (typed, result.stderr)
            added[typed] = None
    assert added == dict(forms)

    write_list(cli.path, _lists()[0])
    (isolated / "refs.bib").write_text(_bibtex(forms), encoding="utf-8")
    report = json.loads(cli.ok("ingest", "refs.bib", "--json").stdout)
    ingested = {
        typed: (entry["paper_id"] if entry["action"] != "new" else None)
        for (typed, _paper), entry in zip(forms, report["entries"], strict=True)
    }
    assert ingested == added
