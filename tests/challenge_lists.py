"""Hand-made reading lists for the challenge tests.

`SEEDS_LIKE` mirrors what `readlist ingest seeds/` gives for the #30daysofDiffusion thread:
the challenge starts 2023-01-02; day 1 is DreamBooth (2208.12242: an alias, no title until
fetched, done on 2023-01-02 per the pasted sheet row); days 7 to 15 are the thread's nine
"Paper:" links, done with no date; days 2 to 6 are not in the documents at all. The thread's
"I am going to take a couple of weeks' break" is a break from the day after day 15 (2023-01-16):
2023-01-17, back two weeks later on 2023-01-31.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import write_list

THREAD_DAYS = {
    7: ("2209.12330", "Personalizing Text-to-Image Generation via Aesthetic Gradients"),
    8: ("2211.09800", "InstructPix2Pix: Learning to Follow Image Editing Instructions"),
    9: (
        "2212.05032",
        "Training-Free Structured Diffusion Guidance for Compositional Text-to-Image Synthesis",
    ),
    10: ("2204.11824", "Semi-Parametric Neural Image Synthesis"),
    11: (
        "2211.01324",
        "eDiff-I: Text-to-Image Diffusion Models with an Ensemble of Expert Denoisers",
    ),
    12: (
        "2210.10578",
        "Language Does More Than Describe: On The Lack Of Figurative Speech in Text-To-Image "
        "Models",
    ),
    13: (
        "2211.08332",
        "Versatile Diffusion: Text, Images and Variations All in One Diffusion Model",
    ),
    14: ("2210.03142", "On Distillation of Guided Diffusion Models"),
    15: ("2212.12249", "Do DALL-E and Flamingo Understand Each Other?"),
}
THREAD = "seeds/30daysofdiffusion-thread.txt"


def seeds_like_papers() -> list[dict[str, Any]]:
    papers: list[dict[str, Any]] = [
        {
            "id": "2208.12242",
            "alias": "dreambooth",
            "arxiv": "2208.12242",
            "status": "done",
            "added": "2026-11-21",
            "finished": "2023-01-02",
            "tags": ["30daysofDiffusion"],
            "url": "https://arxiv.org/abs/2208.12242",
            "sources": [f"{THREAD}:9"],
        }
    ]
    for number, (arxiv, title) in THREAD_DAYS.items():
        papers.append(
            {
                "id": arxiv,
                "title": title,
                "arxiv": arxiv,
                "status": "done",
                "added": "2026-11-21",
                "tags": ["30daysofDiffusion"],
                "url": f"https://arxiv.org/abs/{arxiv}",
                "sources": [f"{THREAD}:{140 - 14 * (number - 7)}"],
            }
        )
    # A few papers of the other documents, still to read, to plan from.
    for arxiv, title, tag in (
        ("2303.11717", "A Complete Survey on Generative AI (AIGC)", "Survey"),
        ("2306.00971", "ViCo: Detail-Preserving Visual Condition for Personalized T2I", "AIGC/CV"),
        (
            "2305.16311",
            "Break-A-Scene: Extracting Multiple Concepts from a Single Image",
            "AIGC/CV",
        ),
    ):
        papers.append(
            {
                "id": arxiv,
                "title": title,
                "arxiv": arxiv,
                "status": "todo",
                "added": "2026-11-21",
                "tags": [tag],
                "sources": ["seeds/aigc-paper-list.md:12"],
            }
        )
    papers.append(
        {
            "id": "pali",
            "title": "PaLI: A Jointly-Scaled Multilingual Language-Image Model",
            "status": "todo",
            "added": "2026-11-21",
            "tags": ["AIGC/CV"],
            "sources": ["seeds/aigc-paper-list.md:30"],
        }
    )
    return papers


def seeds_like_challenge() -> dict[str, Any]:
    entries = [{"day": 1, "paper": "2208.12242"}]
    entries += [{"day": n, "paper": arxiv} for n, (arxiv, _) in THREAD_DAYS.items()]
    return {
        "name": "30daysofDiffusion",
        "hashtag": "#30daysofDiffusion",
        "days": 30,
        "start": "2023-01-02",
        "breaks": [{"paused": "2023-01-17", "resumed": "2023-01-31", "source": f"{THREAD}:1"}],
        "entries": entries,
    }


def write_seeds_like(path: Path) -> None:
    write_list(path, seeds_like_papers(), [seeds_like_challenge()])
