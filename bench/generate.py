"""Realistic generated papers for benchmarks: titles, ~150-word abstracts, arXiv ids, statuses,
dates and tags, reproducible from a seed.

    from bench.generate import generate_records, write_list, markdown_list
    records = generate_records(10_000, seed=1)     # list of YAML records (dicts)
    write_list(Path("big.yaml"), 10_000, seed=1)   # a reading list file, as readlist writes it

Titles are unique (by normalised title) within one call; different seeds share no title only
by chance, so take disjoint slices of one call when two sets must not overlap.
"""

from __future__ import annotations

import hashlib
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readlist.models import Paper, slugify  # noqa: E402
from readlist.normalize import normalize_title  # noqa: E402
from readlist.yamlio import dump_document  # noqa: E402


def _words(text: str) -> list[str]:
    return text.split()


def _words_by_comma(text: str) -> list[str]:
    return " ".join(text.split()).split(", ")


ADJECTIVES = _words(
    """scalable efficient robust adaptive hierarchical latent conditional generative
    discriminative contrastive self-supervised unsupervised semi-supervised multimodal
    multilingual sparse dense compositional controllable interpretable causal probabilistic
    variational bayesian differentiable equivariant geometric temporal spatial spectral neural
    implicit explicit structured unified universal lightweight fast faithful consistent
    personalized zero-shot few-shot open-vocabulary large-scale high-resolution continual
    federated private fair calibrated certified adversarial diverse hybrid recurrent
    autoregressive non-autoregressive masked denoising guided training-free plug-and-play
    parameter-efficient cross-modal"""
)
NOUNS = _words(
    """diffusion models transformers networks representations embeddings attention tokens
    priors posteriors features policies agents graphs meshes fields volumes images videos audio
    speech music text language code proteins molecules point-clouds scenes objects layouts
    captions prompts instructions rewards preferences benchmarks datasets metrics kernels
    operators flows samplers solvers schedules guidance distillation pruning quantization
    retrieval memory reasoning planning alignment editing inpainting segmentation detection
    tracking captioning translation summarization generation synthesis reconstruction
    restoration super-resolution compression forecasting classification clustering"""
)
TASKS = [
    phrase.strip()
    for phrase in _words_by_comma(
        """image synthesis, text-to-image generation, video prediction, 3D reconstruction,
    novel view synthesis, speech recognition, machine translation, question answering,
    code generation, protein design, molecule generation, time series forecasting,
    anomaly detection, semantic segmentation, object detection, pose estimation,
    depth estimation, image editing, style transfer, music generation, text-to-speech,
    visual question answering, document understanding, robot manipulation,
    autonomous driving, weather forecasting, medical imaging, drug discovery, graph learning,
    recommendation, reinforcement learning, continual learning, domain adaptation"""
    )
]
NAMES = _words(
    """Diff Gen Flow Net Former Vi Sam Clip Dino Mae Lora Sora Nerf Gauss Imagen Muse Parti
    Palm Llama Gemma Mamba Hyena Retro Atlas Flamingo Blip Kosmos Emu Uni Omni Meta Auto
    Dream Magic Pix Vid Sonic Echo Wave Graph Mol Prot Fold Code Math Chem Geo Med Bio"""
)

SENTENCES = [
    "We propose {a} {n} for {t}, which {v} {n2} without {n3}.",
    "Recent advances in {t} have relied on {a} {n}, but {n2} remain {a2} to train.",
    "In this work, we introduce {name}, a {a} framework that {v} {n} and {n2}.",
    "Our key insight is that {n} can be {p} by {a} {n2}.",
    "Extensive experiments on {k} benchmarks show that {name} {v} prior work by {x}%.",
    "We further analyse the role of {n} and show that {a} {n2} are essential.",
    "Unlike previous methods, our approach requires no {n} and {v} {a} {n2}.",
    "We release code, {n} and {n2} to facilitate future research on {t}.",
    "Theoretical analysis shows that {a} {n} converge at a rate that depends on {n2}.",
    "Ablations confirm that each component contributes, and that {n} matter most for {t}.",
]
VERBS = _words(
    """improves outperforms generalises scales extends simplifies stabilises accelerates
    unifies regularises aligns controls"""
)
PASTS = _words("learned approximated distilled decomposed regularised compressed aligned")

TAGS = _words(
    """diffusion vision nlp audio 3d video robotics theory survey benchmark efficiency
    alignment reasoning multimodal graphs medicine science rl generative retrieval"""
)
STATUS_WEIGHTS = (("todo", 60), ("reading", 10), ("done", 25), ("skipped", 5))
START = date(2015, 1, 1)


def _title(rng: random.Random) -> str:
    shape = rng.random()
    adjective, adjective2 = rng.sample(ADJECTIVES, 2)
    noun, noun2 = rng.sample(NOUNS, 2)
    task = rng.choice(TASKS)
    if shape < 0.45:
        name = rng.choice(NAMES) + rng.choice(NAMES) + rng.choice(["", "-2", "++", "-XL", "v2"])
        return f"{name}: {adjective.capitalize()} {noun.capitalize()} for {task.title()}"
    if shape < 0.7:
        return (
            f"{adjective.capitalize()} {noun} with {adjective2} {noun2} for {task}"
            f" {rng.choice(['at scale', 'in the wild', 'from scratch', 'revisited', ''])}"
        ).strip()
    if shape < 0.85:
        return f"On the {noun2.capitalize()} of {adjective.capitalize()} {noun.capitalize()}"
    return (
        f"{noun.capitalize()} Are {adjective.capitalize()} {noun2.capitalize()}: "
        f"Towards {adjective2.capitalize()} {task.title()}"
    )


def _abstract(rng: random.Random, words: int = 150) -> str:
    sentences: list[str] = []
    count = 0
    name = rng.choice(NAMES) + rng.choice(NAMES)
    while count < words:
        template = rng.choice(SENTENCES)
        sentence = template.format(
            a=rng.choice(ADJECTIVES),
            a2=rng.choice(ADJECTIVES),
            n=rng.choice(NOUNS),
            n2=rng.choice(NOUNS),
            n3=rng.choice(NOUNS),
            t=rng.choice(TASKS),
            v=rng.choice(VERBS),
            p=rng.choice(PASTS),
            name=name,
            k=rng.randint(2, 12),
            x=rng.randint(1, 40),
        )
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _arxiv_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        year, month = rng.randint(15, 24), rng.randint(1, 12)
        arxiv = f"{year:02d}{month:02d}.{rng.randint(1, 99999):05d}"
        if arxiv not in taken:
            taken.add(arxiv)
            return arxiv


def generate_records(n: int, seed: int = 0, *, arxiv_share: float = 0.7) -> list[dict[str, Any]]:
    """`n` paper records (dicts in the YAML's key order), reproducible from `seed`."""
    rng = random.Random(seed)
    titles: set[str] = set()
    ids: set[str] = set()
    arxiv_taken: set[str] = set()
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    records: list[dict[str, Any]] = []
    while len(records) < n:
        title = _title(rng)
        key = normalize_title(title)
        if key in titles:
            continue
        titles.add(key)
        added = START + timedelta(days=rng.randint(0, 3600))
        status = rng.choices(statuses, weights)[0]
        arxiv = _arxiv_id(rng, arxiv_taken) if rng.random() < arxiv_share else None
        base = arxiv or slugify(title)
        paper_id, number = base, 1
        while paper_id in ids:
            number += 1
            paper_id = f"{base}-{number}"
        ids.add(paper_id)
        paper = Paper(
            id=paper_id,
            title=title,
            arxiv=arxiv,
            status=status,  # type: ignore[arg-type]
            added=added,
            started=added + timedelta(days=3) if status in ("reading", "done") else None,
            finished=added + timedelta(days=9) if status == "done" else None,
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            authors=[f"{rng.choice(NAMES)} {rng.choice(NAMES)}son" for _ in range(3)],
            published=added - timedelta(days=rng.randint(0, 400)),
            sources=[f"generated:{seed}:{len(records) + 1}"],
            abstract=_abstract(rng),
        )
        records.append(paper.to_dict())
    return records


def challenge_for(records: list[dict[str, Any]], start: date) -> dict[str, Any]:
    """A 30-day challenge from `start` over the first 20 papers; the first 12 are marked done,
    one a day."""
    for day, record in enumerate(records[:12], start=1):
        record["status"] = "done"
        record["started"] = record["finished"] = start + timedelta(days=day - 1)
    return {
        "name": "30daysofBench",
        "hashtag": "#30daysofBench",
        "days": 30,
        "start": start,
        "entries": [{"day": day, "paper": r["id"]} for day, r in enumerate(records[:20], 1)],
    }


def write_list(
    path: Path, n: int, seed: int = 0, *, challenge_start: date | None = None
) -> list[dict[str, Any]]:
    """Write a reading list of `n` generated papers to `path` (with a 30-day challenge when
    `challenge_start` is given); returns the records."""
    records = generate_records(n, seed)
    challenges = [challenge_for(records, challenge_start)] if challenge_start and records else []
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"version": 1, "challenges": challenges}
    path.write_text(dump_document(header, records), encoding="utf-8")
    return records


def perturb(title: str, rng: random.Random) -> str:
    """The same title as someone else typed it: case, punctuation, a typo, hyphenation."""
    kind = rng.randrange(4)
    if kind == 0:
        return title.lower()
    if kind == 1:
        return title.replace(":", " -").replace(" for ", " For ")
    words = title.split()
    if kind == 2 or not any("-" in w for w in words):
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        cut = rng.randrange(1, len(word) - 1) if len(word) > 3 else 0
        words[longest] = word[:cut] + word[cut + 1 :] if cut else word
        return " ".join(words)
    hyphenated = next(i for i, w in enumerate(words) if "-" in w)
    words[hyphenated] = words[hyphenated].replace("-", "")
    return " ".join(words)


def _forum_id(paper_id: str) -> str:
    """A made-up OpenReview forum id, one per paper (the same id is the same paper: the first
    12 characters of two papers' slugs made two papers one)."""
    digest = hashlib.sha1(paper_id.encode("utf-8")).hexdigest()
    return "G" + digest[:11]


def markdown_list(
    entries: list[dict[str, Any]], seed: int = 0, *, abstract_share: float = 0.3
) -> str:
    """An "awesome"-style Markdown list of `entries` (records): sections, three entry styles,
    some abstracts in blockquotes."""
    rng = random.Random(seed)
    lines = ["# Generated Awesome Papers", ""]
    for position, record in enumerate(entries):
        if position % 200 == 0:
            lines += [
                f"## Section {position // 1000 + 1}",
                "",
                f"### Part {position // 200 + 1}",
                "",
            ]
        title = record["title"]
        arxiv = record.get("arxiv")
        style = rng.random()
        if arxiv and style < 0.6:
            lines.append(f"- [{title}](https://arxiv.org/abs/{arxiv})")
        elif arxiv:
            lines += [f"{title} : https://arxiv.org/abs/{arxiv}", ""]
        else:
            lines.append(f"- [{title}](https://openreview.net/forum?id={_forum_id(record['id'])})")
        if record.get("abstract") and rng.random() < abstract_share:
            lines += ["", f"> {record['abstract']}", ""]
    return "\n".join(lines) + "\n"
