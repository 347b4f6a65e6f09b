"""Realistic generated reading lists for benchmarks: titles, authors, 150-word abstracts,
statuses, tags, arXiv ids, and a 30-day challenge. Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NAMES = [
    "Diff",
    "Flow",
    "Gen",
    "Vision",
    "Token",
    "Latent",
    "Score",
    "Prompt",
    "Dream",
    "Fusion",
    "Style",
    "Motion",
    "Audio",
    "Graph",
    "Point",
    "Mask",
    "Neural",
    "Sparse",
    "Dense",
    "Cross",
    "Multi",
    "Meta",
    "Hyper",
    "Quant",
]
SUFFIXES = [
    "Net",
    "Former",
    "GAN",
    "Diff",
    "Fusion",
    "LM",
    "Booth",
    "Edit",
    "Gen",
    "Mix",
    "Align",
    "Seg",
    "Sync",
]
ADJECTIVES = [
    "Efficient",
    "Scalable",
    "Robust",
    "Controllable",
    "Unified",
    "Zero-Shot",
    "Few-Shot",
    "Self-Supervised",
    "Hierarchical",
    "Conditional",
    "Contrastive",
    "Latent",
    "Implicit",
    "Adaptive",
    "Personalized",
    "Consistent",
]
NOUNS = [
    "Diffusion Models",
    "Text-to-Image Generation",
    "Video Synthesis",
    "Image Editing",
    "Representation Learning",
    "Language Models",
    "Score Matching",
    "Guidance",
    "Super-Resolution",
    "Inpainting",
    "3D Generation",
    "Speech Synthesis",
    "Segmentation",
    "Object Detection",
    "Classifier Guidance",
    "Distillation",
    "Sampling",
    "Denoising",
    "Inverse Problems",
    "Style Transfer",
]
TASKS = [
    "High-Resolution Images",
    "Personalized Generation",
    "Medical Imaging",
    "Remote Sensing",
    "Compositional Reasoning",
    "Fast Inference",
    "Open-Vocabulary Recognition",
    "Multimodal Understanding",
    "Long Videos",
    "Molecule Design",
    "Time Series Forecasting",
    "Robotics",
]
WORDS = [
    "we",
    "propose",
    "a",
    "novel",
    "method",
    "model",
    "framework",
    "that",
    "learns",
    "generates",
    "images",
    "text",
    "video",
    "diffusion",
    "process",
    "noise",
    "denoising",
    "network",
    "training",
    "data",
    "samples",
    "quality",
    "state",
    "of",
    "the",
    "art",
    "results",
    "show",
    "experiments",
    "benchmark",
    "datasets",
    "outperforms",
    "baselines",
    "efficient",
    "scalable",
    "representation",
    "latent",
    "space",
    "guidance",
    "conditional",
    "generation",
    "evaluation",
    "performance",
    "approach",
    "architecture",
    "transformer",
    "attention",
    "prior",
    "sampling",
    "steps",
    "fidelity",
    "diversity",
]
FIRST = [
    "Alice",
    "Bo",
    "Chen",
    "Dana",
    "Emil",
    "Fatima",
    "Gustavo",
    "Hana",
    "Ivan",
    "Jürgen",
    "Keiko",
    "Luis",
    "Mei",
    "Nils",
    "Olga",
    "Priya",
]
LAST = [
    "Ruiz",
    "Li",
    "Wang",
    "Müller",
    "Smith",
    "Kim",
    "Nguyen",
    "García",
    "Rossi",
    "Tanaka",
    "Kowalski",
    "Øyen",
    "Haddad",
    "Silva",
]
TAGS = ["diffusion", "AIGC/CV", "AIGC/AS", "nlp", "survey", "3d", "video", "theory"]
STATUSES = ["todo"] * 6 + ["done"] * 3 + ["reading", "skipped"]
MONTHS = [f"{y:02d}{m:02d}" for y in range(15, 26) for m in range(1, 13)]


def _title(rng: random.Random) -> str:
    shape = rng.randrange(3)
    adjective, noun, task = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(TASKS)
    if shape == 0:
        name = rng.choice(NAMES) + rng.choice(SUFFIXES)
        return f"{name}: {adjective} {noun} for {task}"
    if shape == 1:
        return f"{adjective} {noun} with {rng.choice(NOUNS)} for {task}"
    return f"On the {rng.choice(NOUNS)} of {adjective} {noun}"


def _abstract(rng: random.Random, words: int = 150) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def arxiv_id(number: int) -> str:
    """A valid, unique new-style arXiv id for each number."""
    return f"{MONTHS[number % len(MONTHS)]}.{number // len(MONTHS) + 1:05d}"


def generate_records(n: int, seed: int = 1, id_offset: int = 0) -> list[dict[str, Any]]:
    """`n` paper records as the YAML has them (keys in readlist's order)."""
    rng = random.Random(seed)
    records = []
    start = dt.date(2024, 1, 1)
    for i in range(n):
        aid = arxiv_id(id_offset + i)
        status = rng.choice(STATUSES)
        added = start + dt.timedelta(days=rng.randrange(1000))
        record: dict[str, Any] = {
            "id": aid,
            "title": _title(rng),
            "arxiv": aid,
            "status": status,
            "added": added,
        }
        if status in ("reading", "done"):
            record["started"] = added + dt.timedelta(days=rng.randrange(5))
        if status == "done":
            record["finished"] = record["started"] + dt.timedelta(days=rng.randrange(5))
        tags = rng.sample(TAGS, rng.randrange(3))
        if tags:
            record["tags"] = tags
        record["authors"] = [
            f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 6))
        ]
        record["url"] = f"https://arxiv.org/abs/{aid}"
        record["sources"] = [f"bench/list.md:{3 * i + 1}"]
        record["abstract"] = _abstract(rng)
        records.append(record)
    return records


def challenge_for(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A 30-day challenge over the first 20 papers, the first 12 of them done."""
    entries = [{"day": day, "paper": records[day - 1]["id"]} for day in range(1, 21)]
    return {
        "name": "30daysofBench",
        "hashtag": "#30daysofBench",
        "days": 30,
        "start": dt.date(2026, 11, 1),
        "entries": entries,
    }


def write_list(path: Path, n: int, seed: int = 1) -> None:
    """A reading list of `n` papers with a challenge, written as readlist writes it."""
    from readlist.yamlio import dump_document

    records = generate_records(n, seed)
    for day, record in enumerate(records[:12], start=1):
        record["status"] = "done"
        record["finished"] = dt.date(2026, 11, 1) + dt.timedelta(days=day - 1)
        record["started"] = record["finished"]
    header = {"version": 1, "challenges": [challenge_for(records)] if records else []}
    path.write_text(dump_document(header, records), encoding="utf-8")


if __name__ == "__main__":
    write_list(Path(sys.argv[1]), int(sys.argv[2]))
