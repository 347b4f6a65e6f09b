"""arXiv's daily e-mail digests: blocks of `arXiv:ID`, `Date:`, `Title:`, `Authors:`,
`Categories:` lines (long ones wrapped onto indented lines), the abstract between `\\` lines,
and a `\\ ( https://arxiv.org/abs/ID , 1234kb)` link; blocks separated by dashed lines."""

from __future__ import annotations

import re

from readlist.ids import arxiv_in
from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import clean_abstract, clean_title, collapse, split_names

_ID_LINE = re.compile(r"^arXiv:\S+", re.IGNORECASE)
_FIELD = re.compile(r"^([A-Z][A-Za-z-]*(?: [a-z]+)?):\s?(.*)$")
_SEPARATOR = re.compile(r"^-{20,}\s*$|^%{3,}.*$")


def looks_like_digest(text: str) -> bool:
    """True for text with `arXiv:ID` lines followed by `Title:` and `Authors:` lines."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _ID_LINE.match(line.strip())]
    titled = sum(
        1 for i in starts if any(line.startswith("Title:") for line in lines[i + 1 : i + 8])
    )
    return titled >= 1 and titled * 2 >= len(starts)


def parse(text: str, source_name: str) -> list[Candidate]:
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if _ID_LINE.match(line.strip())]
    candidates = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        block = lines[start:end]
        for position, line in enumerate(block):
            if _SEPARATOR.match(line) and position:
                block = block[:position]
                break
        candidates.append(_entry(block, f"{source_name}:{start + 1}"))
    return candidates


def _entry(block: list[str], source: str) -> Candidate:
    found = Candidate(source=source)
    arxiv, _raw, problem = arxiv_in(block[0])
    if arxiv is not None:
        found.arxiv, found.version = arxiv.id, arxiv.version
    elif problem:
        found.problem = problem
    fields: dict[str, str] = {}
    current: str | None = None
    abstract: list[str] = []
    markers = 0
    for line in block[1:]:
        stripped = line.strip()
        if stripped.startswith("\\\\"):
            markers += 1
            current = None
            continue
        if markers == 1:
            abstract.append(line)
            continue
        field = _FIELD.match(line)
        if field and not line[:1].isspace():
            current = field.group(1).lower()
            fields[current] = field.group(2)
        elif current and line[:1].isspace() and stripped:
            fields[current] += " " + stripped  # a wrapped field goes on, indented
        else:
            current = None
    found.title = clean_title(fields.get("title"))
    if "authors" in fields:
        found.authors = split_names(collapse(re.sub(r"\([^)]*\)", "", fields["authors"])))
    if "categories" in fields:
        found.primary_category = fields["categories"].split()[0] if fields["categories"] else None
    found.abstract = clean_abstract("\n".join(abstract))
    return found
