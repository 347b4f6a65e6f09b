"""Any other text (lists of arXiv ids or links, notes, e-mails, arXiv listings copied from the
browser): every arXiv id or link becomes a paper, with the rest of its line as the title when it
reads like one, the title lines just above a link that stands alone on its line, or the
`Title:` / `Authors:` lines that follow it in an arXiv listing. In a list of such entries
(title, link, venue, code, then a blank line), an entry whose link names no known site, or that
has no link, is a paper too."""

from __future__ import annotations

import re

from readlist.ids import doi_in, pmid_in, scan, try_parse_link, urls_in
from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import (
    citation,
    clean_title,
    is_link_word,
    looks_like_names,
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
_COMMENT = re.compile(r"^#(?:\s|$)")  # "# a note": a comment, never a paper ("#Title" is marked)
_CODE_HOST = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/", re.I)


def title_around(line: str, spans: list[tuple[int, int]]) -> str | None:
    """The line without its links, bullets and separators, when what is left reads like a title
    (or a short name such as 'ReAct')."""
    # A span inside a link (the DOI of "http://doi.acm.org/10.1145/...") takes the whole link.
    links = [(at, at + len(url)) for url in urls_in(line) if (at := line.find(url)) >= 0]
    rest = line
    for start, end in sorted(_merged(spans + links), reverse=True):
        rest = rest[:start] + " " + rest[end:]
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


def _title_of_line(line: str, spans: list[tuple[int, int]]) -> tuple[str | None, list[str]]:
    """The title a line gives its link: the title of the citation the line is (authors, year,
    title, venue), else the rest of the line when it reads like a title."""
    links = [(at, at + len(url)) for url in urls_in(line) if (at := line.find(url)) >= 0]
    rest = line
    for start, end in sorted(_merged(spans + links), reverse=True):
        rest = rest[:start] + " " + rest[end:]
    cited = _cited(rest)
    return cited if cited[0] is not None else (title_around(line, spans), [])


def _title_of_text(text: str) -> tuple[str | None, list[str]]:
    """The title of a citation (authors, year, title, venue), else the text as a title over a
    link (wrapped over a few lines, maybe numbered)."""
    cited = _cited(text)
    if cited[0] is not None:
        return cited
    lines = [part.strip() for part in text.splitlines() if part.strip()]
    listed = len(lines) >= 2 and re.search(r",|\band\b|&", lines[1]) and not lines[1].isupper()
    if listed and looks_like_names(lines[1]) and not looks_like_names(lines[0]):
        title = clean_title(lines[0])  # a reference copied from PubMed: title, authors, journal
        if title is not None and reads_like_title(title, min_words=3):
            return title, split_names(lines[1].rstrip("."))
    return title_around(" ".join(part.strip() for part in text.splitlines()), []), []


def _cited(text: str) -> tuple[str | None, list[str]]:
    bare = _BULLET.sub("", text.strip())
    found = citation(bare)
    return found if found else (None, [])


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def titles_only(text: str, source_name: str) -> list[Candidate]:
    """A list of titles without links (one per line, bulleted, numbered, checked or marked with a
    leading `#`): papers when most lines read like paper titles; prose is not a list of papers.
    Titles in title case count on their own; titles in sentence case ("Metric similarity joins
    using MapReduce") only when nearly every line of the document is one."""
    strong: list[Candidate] = []
    weak: list[Candidate] = []
    lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _COMMENT.match(line):
            continue
        lines += 1
        checked = re.match(r"^\s*(?:[-*+]\s+)?\[([ xX])\]\s+", line)
        bare = re.sub(r"^#(?=\w)", "", line.strip())
        previous = None
        while previous != bare:
            previous, bare = bare, _BULLET.sub("", bare)
        title = clean_title(unescape(bare))
        if not title or not reads_like_title(title, min_words=3):
            continue
        status = Status.DONE if checked and checked.group(1) in "xX" else None
        found = Candidate(source=f"{source_name}:{number}", title=title, status=status)
        if looks_like_paper_title(title):
            strong.append(found)
        elif (title[0].isupper() or title[0].isdigit()) and not bare.rstrip().endswith("."):
            weak.append(found)  # a sentence ends with a full stop; a title in a list does not
    if len(strong) + len(weak) >= 3 and (len(strong) + len(weak)) * 5 >= lines * 4:
        return sorted(strong + weak, key=lambda c: int(c.source.rpartition(":")[2]))
    return strong if len(strong) >= 2 and len(strong) * 5 >= lines * 3 else []


_ITEM_NUMBER = re.compile(r"^\s*\[?\d{1,3}[.)\]]\s+(?=\S)")


def numbered_citations(text: str, source_name: str) -> list[Candidate]:
    """A numbered list of references written as citations ('1) S. Hochreiter and J.
    Schmidhuber, "Long short-term memory", Neural Comput. 9, 1997'), an item wrapped over lines:
    one paper per item, with the ids its text gives. Empty unless most items are citations."""
    items: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _ITEM_NUMBER.match(line):
            items.append((number, [_ITEM_NUMBER.sub("", line)]))
        elif line.strip() and items and len(items[-1][1]) < 4:
            items[-1][1].append(line.strip())
        elif line.strip() or not items:
            return []  # text that is not part of a numbered item: not such a list
    found = []
    for number, lines in items:
        item = re.sub(r"(?<=[a-z])-\s+(?=[a-z])", "", " ".join(lines))
        cited = citation(item)
        if cited is None:
            continue
        paper = Candidate(source=f"{source_name}:{number}", title=cited[0], authors=cited[1])
        arxiv = next((m.arxiv for m in scan(item) if m.arxiv is not None), None)
        if arxiv is not None:
            paper.arxiv, paper.version = arxiv.id, arxiv.version
        paper.doi = None if arxiv else doi_in(item)
        paper.take_site_ids([item])
        found.append(paper)
    return found if len(found) >= 3 and len(found) * 3 >= len(items) * 2 else []


def parse(text: str, source_name: str) -> list[Candidate]:
    listed = numbered_citations(text, source_name)
    if listed:
        return listed
    candidates: list[Candidate] = []
    last_line = -10  # where the last id was found, for the Title:/Authors: lines under it
    above: list[str] = []  # the lines since a blank line that hold no link: a title, maybe
    titled_above: set[int] = set()  # blocks (by first line) whose title was the lines above
    cited: list[Candidate] = []  # paragraphs with no link that are citations
    loose: list[tuple[int, str]] = []  # lines with a link to no known site
    paragraph_found = False  # a paper came from the paragraph being read
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _COMMENT.match(line):
            if above and not paragraph_found:
                cited += _paragraph_citation(above, f"{source_name}:{number - len(above)}")
            above, paragraph_found = [], False
            continue
        listing_field = _LISTING_FIELD.match(line)
        if listing_field and candidates and number - last_line <= 4:
            _fill_from_listing(candidates[-1], listing_field.group(1), listing_field.group(2))
            continue
        if "arxiv" not in line.lower() and "://" not in line and not any(c.isdigit() for c in line):
            above.append(line)
            continue
        matches = scan(line)
        if not matches:
            other = _other_paper(line, f"{source_name}:{number}")
            if other is not None:
                if _title_above(other, line, above, titled_above, number):
                    above = []
                candidates.append(other)
                last_line, paragraph_found = number, True
            elif not urls_in(line):
                above.append(line)
            else:
                loose.append((number, line))
                above, paragraph_found = [], True
            continue
        seen: set[str] = set()
        distinct = []
        for found in matches:
            key = found.arxiv.id if found.arxiv else found.raw
            if key not in seen:
                seen.add(key)
                distinct.append(found)
        title, authors = (
            _title_of_line(line, [(m.start, m.end) for m in matches])
            if len(distinct) == 1
            else (None, [])
        )
        source = f"{source_name}:{number}"
        last_line = number
        for found in distinct:
            invalid = f"arXiv link {found.raw} is not a valid id: {found.error}"
            if found.arxiv is None and not title:
                candidates.append(Candidate(source=source, problem=invalid))
                continue
            name, alias = title_or_alias(title)
            candidate = Candidate(source=source, title=name, alias=alias, authors=list(authors))
            if found.arxiv is not None:
                candidate.arxiv, candidate.version = found.arxiv.id, found.arxiv.version
            else:
                candidate.notes = invalid
            if len(distinct) == 1 and _title_above(candidate, line, above, titled_above, number):
                above = []
            candidates.append(candidate)
        above, paragraph_found = [], True
    if above and not paragraph_found:
        first = len(text.splitlines()) - len(above) + 1
        cited += _paragraph_citation(above, f"{source_name}:{first}")
    if len(titled_above) >= 3 or _entry_blocks(text) >= 3:
        candidates = _with_other_entries(text, source_name, candidates, titled_above)
    if candidates:
        candidates += cited + _titled_lines(loose, source_name, candidates)
        return sorted(candidates, key=lambda c: int(c.source.rpartition(":")[2]))
    return cited if len(cited) >= 2 else titles_only(text, source_name)


def _paragraph_citation(lines: list[str], source: str) -> list[Candidate]:
    """A paragraph with no link that is a citation (after a label such as 'Sampling-Based:')."""
    for start in (0, 1):
        if start and not lines[0].rstrip().endswith(":"):
            break
        title, authors = _cited("\n".join(lines[start:]))
        if title is not None:
            return [Candidate(source=source, title=title, authors=authors)]
    return []


def _entry_blocks(text: str) -> int:
    """How many blocks of the document are an entry: a few lines of text over a link that
    stands alone on its line (a list of papers written as title or citation, then link)."""
    count = 0
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        if 2 <= len(lines) <= 5 and _link_alone(lines[-1]) and urls_in(lines[-1]):
            count += not any(urls_in(line) for line in lines[:-1])
    return count


def _titled_lines(
    loose: list[tuple[int, str]], source_name: str, candidates: list[Candidate]
) -> list[Candidate]:
    """In a list whose lines give a title and a link ('Title (Author 2016) https://...'), a line
    whose link names no known site is a paper too, when the rest of it reads like a title."""
    inline = sum(1 for c in candidates if c.title and not c.source.endswith(":0"))
    if inline < 3:
        return []
    found = []
    for number, line in loose:
        urls = urls_in(line)
        if len(urls) != 1 or _link_alone(line) or _CODE_HOST.search(urls[0]):
            continue
        title = title_around(line, [])
        if title is not None and looks_like_paper_title(title):
            found.append(Candidate(source=f"{source_name}:{number}", title=title, url=urls[0]))
    return found


def _title_above(
    candidate: Candidate, line: str, above: list[str], titled_above: set[int], number: int
) -> bool:
    """A link alone on its line, under a title (wrapped over a few lines, maybe numbered):
    that title is the paper's. True when it was taken."""
    if candidate.title or candidate.alias or not above or len(above) > 4:
        return False
    if not _link_alone(line) or urls_in(" ".join(above)):
        return False
    title, authors = _title_of_text("\n".join(part.strip() for part in above))
    if title is None or not reads_like_title(title, min_words=2):
        return False
    candidate.title, candidate.notes = title, None
    candidate.authors = candidate.authors or authors
    if candidate.problem and candidate.problem.startswith("arXiv link"):
        candidate.notes, candidate.problem = candidate.problem, None
    titled_above.add(number - len(above))
    return True


def _link_alone(line: str) -> bool:
    """True for a line that holds a link or id and nothing else (a bullet, a label such as
    `arXiv:` or `pdf:` at most): not "see also arXiv:1812.11470"."""
    rest = line
    for found in sorted(scan(line), key=lambda m: m.start, reverse=True):
        rest = rest[: found.start] + " " + rest[found.end :]
    for url in urls_in(rest):
        rest = rest.replace(url, " ")
    rest = re.sub(r"(?i)\b(?:arxiv|pdf|paper|link|url|doi)\b", " ", _BULLET.sub("", rest))
    return not re.search(r"\w", rest)


def _with_other_entries(
    text: str, source_name: str, candidates: list[Candidate], titled_above: set[int]
) -> list[Candidate]:
    """In a list of entries written as a title over its link, the entries whose link names no
    known site, or that have no link, are papers too: the title, and the first link that is not
    to code as the paper's URL."""
    found = {int(c.source.rpartition(":")[2]) for c in candidates}
    lines = text.splitlines()
    numbered = sum(1 for start in titled_above if _BULLET.match(lines[start - 1]))
    extra: list[Candidate] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        block = range(start + 1, end + 1)  # line numbers
        if block and not any(n in found for n in block) and start + 1 not in titled_above:
            entry = _entry(
                lines[start:end], start + 1, source_name, numbered * 2 > len(titled_above)
            )
            if entry is not None:
                extra.append(entry)
        start = end + 1
    return sorted(candidates + extra, key=lambda c: int(c.source.rpartition(":")[2]))


def _entry(block: list[str], first: int, source_name: str, numbered: bool) -> Candidate | None:
    """One block of the list as a paper: its first line is a title (numbered like the others
    when they are numbered), the first link that is not to code its URL."""
    head = block[0]
    if urls_in(head) or (numbered and not _BULLET.match(head)):
        return None
    if len(block) > 1 and re.fullmatch(r"\s*(?:=+|-+)\s*", block[1]):
        return None  # a heading underlined with ===: the document's title
    title, authors = _title_of_text(head)
    if title is None or not reads_like_title(title, min_words=3, max_words=25):
        return None
    if head.rstrip().endswith(".") and not authors:
        return None  # a sentence, not a title
    links = [u for line in block[1:] for u in urls_in(line) if not _CODE_HOST.search(u)]
    return Candidate(
        source=f"{source_name}:{first}",
        title=title,
        authors=authors,
        url=links[0] if links else None,
    )


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
    title, authors = _title_of_line(line, [s for s in spans if s[0] >= 0])
    name, alias = title_or_alias(title)
    found = Candidate(
        source=source,
        title=name,
        alias=alias,
        authors=authors,
        doi=doi,
        url=links[0] if links else None,
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
