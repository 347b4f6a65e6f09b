"""One abstract per line (copied from arXiv pages without their titles): each line is a paper
known by its abstract, to be given a title later (`needs_title`)."""

from __future__ import annotations

from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import clean_abstract

MIN_WORDS = 8


def parse(text: str, source_name: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    for number, line in enumerate(text.splitlines(), start=1):
        abstract = clean_abstract(line.lstrip("\ufeff"))
        if not abstract:
            continue
        source = f"{source_name}:{number}"
        words = len(abstract.split())
        if words < MIN_WORDS:
            candidates.append(
                Candidate(
                    source=source,
                    problem=f"{words} words is too short for an abstract; give the whole "
                    "abstract on one line",
                )
            )
            continue
        candidates.append(Candidate(source=source, abstract=abstract))
    return candidates
