"""Pasted listing pages (Hugging Face Daily Papers, arXiv listings copied from a browser): a title
line followed by its abstract paragraph, amid page furniture that is skipped."""

from __future__ import annotations

from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import (
    clean_abstract,
    clean_title,
    collapse,
    is_furniture,
    reads_like_abstract,
    reads_like_title,
)


def paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each run of non-blank lines."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _is_abstract(text: str) -> bool:
    return reads_like_abstract(text) and not reads_like_title(text)


def pairs(text: str) -> list[tuple[int, str, str]]:
    """(line, title, abstract) for every title followed by its abstract."""
    found: list[tuple[int, str, str]] = []
    pending: tuple[int, str] | None = None
    for start, lines in paragraphs(text):
        if len(lines) > 1 and reads_like_title(lines[0]) and _is_abstract(" ".join(lines[1:])):
            found.append((start, lines[0], " ".join(lines[1:])))
            pending = None
            continue
        joined = collapse(" ".join(lines))
        if _is_abstract(joined):
            if pending is not None:
                found.append((pending[0], pending[1], joined))
            pending = None
        elif len(lines) == 1 and reads_like_title(joined):
            pending = (start, joined)
        elif not all(is_furniture(line) for line in lines):
            pending = None
    return found


def parse(text: str, source_name: str) -> list[Candidate]:
    candidates = []
    for line, title, abstract in pairs(text):
        candidates.append(
            Candidate(
                source=f"{source_name}:{line}",
                title=clean_title(title),
                abstract=clean_abstract(abstract),
            )
        )
    return candidates
