"""Any other text (lists of arXiv ids or links, notes, e-mails, arXiv listings copied from the
browser): every arXiv id or link becomes a paper, with the rest of its line as the title when it
reads like one, or the `Title:` / `Authors:` lines that follow it in an arXiv listing."""

from __future__ import annotations

import re

from readlist.ids import doi_in, pmid_in, scan, try_parse_link, urls_in
from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import (
    clean_title,
    is_link_word,
    looks_like_paper_title,
    reads_like_title,
    split_names,
    title_or_alias,
    unescape,
)
from readlist.models import Status

_BULLET = re.compile(r"^\s*(?:[-*+•>]|\d{1,4}[.)]|\[[ xX]\])\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|<\s*>|\{\s*\}")
# "[1]", "[pdf, other]": the numbering and format links of an arXiv listing.
_LISTING_BITS = re.compile(r"\[(?:\d+|(?:pdf|ps|other|html|src|abs)(?:,\s*\w+)*)\]", re.IGNORECASE)
_LISTING_FIELD = re.compile(r"^\s*(Title|Authors)\s*:\s*(\S.*)$", re.IGNORECASE)
_HTML = re.compile(r"<[^>]*>")


def title_around(line: str, spans: list[tuple[int, int]]) -> str | None:
    """The line without its links, bullets and separators, when what is left reads like a title
    (or a short name such as 'ReAct')."""
    rest = line
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    for url in urls_in(rest):
        rest = rest.replace(url, " ")
    rest = _HTML.sub(" ", rest)
    rest = _LISTING_BITS.sub(" ", rest)
    rest = _EMPTY_BRACKETS.sub(" ", rest)
    previous = None
    while previous != rest:
        previous = rest
        rest = _BULLET.sub("", rest)
    rest = re.sub(r"(?i)\b(?:arxiv|pdf|abs)\s*[:#]?\s*$", "", rest.strip())
    title = clean_title(unescape(rest))
    if not title or is_link_word(title):
        return None
    if not reads_like_title(title, min_words=1):
        return None
    return title


def titles_only(text: str, source_name: str) -> list[Candidate]:
    """A list of titles without links (one per line, bulleted, numbered or checked): papers
    when most lines read like paper titles; prose is not a list of papers."""
    found: list[Candidate] = []
    lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        lines += 1
        checked = re.match(r"^\s*(?:[-*+]\s+)?\[([ xX])\]\s+", line)
        bare = line
        previous = None
        while previous != bare:
            previous, bare = bare, _BULLET.sub("", bare)
        title = clean_title(unescape(bare))
        if title and looks_like_paper_title(title):
            status = Status.DONE if checked and checked.group(1) in "xX" else None
            found.append(Candidate(source=f"{source_name}:{number}", title=title, status=status))
    return found if len(found) >= 2 and len(found) * 5 >= lines * 3 else []


def parse(text: str, source_name: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    last_line = -10  # where the last id was found, for the Title:/Authors: lines under it
    for number, line in enumerate(text.splitlines(), start=1):
        listing_field = _LISTING_FIELD.match(line)
        if listing_field and candidates and number - last_line <= 4:
            _fill_from_listing(candidates[-1], listing_field.group(1), listing_field.group(2))
            continue
        if "arxiv" not in line.lower() and "://" not in line and not any(c.isdigit() for c in line):
            continue
        matches = scan(line)
        if not matches:
            other = _other_paper(line, f"{source_name}:{number}")
            if other is not None:
                candidates.append(other)
                last_line = number
            continue
        seen: set[str] = set()
        distinct = []
        for found in matches:
            key = found.arxiv.id if found.arxiv else found.raw
            if key not in seen:
                seen.add(key)
                distinct.append(found)
        title = (
            title_around(line, [(m.start, m.end) for m in matches]) if len(distinct) == 1 else None
        )
        source = f"{source_name}:{number}"
        last_line = number
        for found in distinct:
            invalid = f"arXiv link {found.raw} is not a valid id: {found.error}"
            if found.arxiv is None and not title:
                candidates.append(Candidate(source=source, problem=invalid))
                continue
            name, alias = title_or_alias(title)
            candidate = Candidate(source=source, title=name, alias=alias)
            if found.arxiv is not None:
                candidate.arxiv, candidate.version = found.arxiv.id, found.arxiv.version
            else:
                candidate.notes = invalid
            candidates.append(candidate)
    return candidates or titles_only(text, source_name)


def _other_paper(line: str, source: str) -> Candidate | None:
    """A line with a DOI, a link to OpenReview, the ACL Anthology, PMLR, DBLP or PubMed, or a
    `PMID: 123` note."""
    doi = doi_in(line)
    links = [u for u in urls_in(line) if try_parse_link(u) is not None]
    pmid = pmid_in(line)
    if doi is None and not links and pmid is None:
        return None
    spans = [(line.find(u), line.find(u) + len(u)) for u in links]
    if pmid is not None:
        spans.append(pmid.span())
    if doi is not None and not links:
        at = line.lower().find(doi)
        start = max(line.lower().rfind("doi", 0, at), 0) if "doi" in line.lower()[:at] else at
        spans.append((start, at + len(doi)))
    name, alias = title_or_alias(title_around(line, [s for s in spans if s[0] >= 0]))
    found = Candidate(
        source=source, title=name, alias=alias, doi=doi, url=links[0] if links else None
    )
    found.take_site_ids([line])
    return found


def _fill_from_listing(candidate: Candidate, name: str, value: str) -> None:
    if name.lower() == "title" and candidate.title is None:
        title = clean_title(unescape(value))
        candidate.title = title
        if title and candidate.alias is None and candidate.problem:
            candidate.notes, candidate.problem = candidate.problem, None
    elif name.lower() == "authors" and not candidate.authors:
        candidate.authors = split_names(value)
