"""Org-mode files, walked with orgparse: headings (their TODO/DONE keyword as the status, their
tags and those of the headings above them as tags), links `[[url][title]]` and `[[url]]`, and
checklists `- [X] ...`. Each heading and body line is written as the Markdown line it means, at
the line it came from, and the Markdown reader finds the papers: one set of rules for titles,
links and lists."""

from __future__ import annotations

import re
from typing import Any

from readlist.ingest.candidate import Candidate

_LINK = re.compile(r"\[\[([^\]]+)\](?:\[([^\]]*)\])?\]")
_DONE = frozenset({"DONE", "READ", "FINISHED", "CANCELED", "CANCELLED"})
_ORG_HEADING = re.compile(r"^\*+\s+\S", re.MULTILINE)
_ORG_MARKS = re.compile(
    r"^\s*#\+(?:TITLE|STARTUP|OPTIONS|AUTHOR|FILETAGS)\b|\[\[[^\]]+\](?:\[|\])", re.I | re.M
)


def looks_like_org(text: str) -> bool:
    """True for text with org headings (`* Heading`) and org links or `#+TITLE:` lines."""
    return bool(_ORG_HEADING.search(text)) and bool(_ORG_MARKS.search(text))


def _links(text: str) -> str:
    """Org links as Markdown links: [[url][title]] -> [title](url), [[url]] -> <url>."""

    def one(found: re.Match[str]) -> str:
        target, label = found.group(1).strip(), (found.group(2) or "").strip()
        if not target.startswith(("http://", "https://", "ftp://")):
            return label or target  # a file: or id: link names nothing readlist can fetch
        return f"[{label}]({target})" if label else f"<{target}>"

    return _LINK.sub(one, text)


def _line(line: str) -> str:
    """One body line as Markdown: source blocks fenced (their text is code, not papers),
    other `#+` settings dropped, links converted."""
    setting = line.strip().lower()
    if setting.startswith(("#+begin_src", "#+begin_example", "#+end_src", "#+end_example")):
        return "```"
    if setting.startswith("#+"):
        return ""
    marked = _EMPHASISED_LINK.sub(_emphasis, _EXPORT_SNIPPET.sub("", _links(line)))
    return _EMPHASIS.sub(_emphasis, marked)


# Org emphasis (`*bold*`, `/italic/`) as its Markdown, so that a `- *Title* by Authors` item
# reads as a bold title; the markers open after a space or bracket and close before one.
_EMPHASIS = re.compile(
    r"(?<![^\s(\[{'\"-])([*/])(?=[^\s*/])([^*/\n]*?[^\s*/])\1(?=[\s.,;:!?)\]}'\"-]|$)"
)
_EMPHASISED_LINK = re.compile(r"(?<![^\s(\[{'\"-])([*/])(\[[^\]\n]+\]\([^)\s]+\))\1")
_EXPORT_SNIPPET = re.compile(r"@@[\w-]+:.*?@@")  # `@@html:<br>@@`: markup for one exporter


def _emphasis(found: re.Match[str]) -> str:
    marker = "**" if found.group(1) == "*" else "*"
    return f"{marker}{found.group(2)}{marker}"


def _names_a_paper(node: object, heading: str) -> bool:
    """A heading that reads like a paper's title is a paper when what is under it is notes: a
    few lines of links, or notes (lists too) without links and without sub-headings that are
    papers themselves (a section heading has its papers, with their links, under it)."""
    from readlist.ingest.entry_text import clean_title, looks_like_paper_title

    title = clean_title(heading)
    if title is None or not ("](" in heading or looks_like_paper_title(title)):
        return False
    body = _lines(node)
    short = len(body) <= 3 and not any(
        ln.startswith(("|", "-", "+", "#+", "*", ":")) for ln in body
    )
    if short and not getattr(node, "children", None):
        return True
    below = [
        *body,
        *(
            line
            for n in _descendants(node)
            if not _attachment(n)
            for line in (*_lines(n), str(n.heading))
        ),
    ]
    text = "\n".join(below)
    if "http://" in text or "https://" in text or "[[" in text or re.search(r"^\s*[|]", text, re.M):
        return False
    return not any(_LIST_MARK.match(line) or _a_title(line) for line in below)


_LIST_MARK = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+\[[ xX-]\]")  # a checklist: a reading list


def _lines(node: Any) -> list[str]:
    """The heading's body as written (orgparse's `body` shows a link as its label alone, and
    whether a line links somewhere is what tells a paper's notes from a section's papers)."""
    body = node.get_body(format="raw") if hasattr(node, "get_body") else ""
    return [ln.strip() for ln in str(body).splitlines() if ln.strip()]


def _a_title(line: str) -> bool:
    """A line of a heading's body (or a sub-heading) that reads like a paper's title."""
    from readlist.ingest.entry_text import clean_title, looks_like_paper_title

    bare = re.sub(r"^\s*(?:[-+*]|\d+[.)])\s*", "", line)
    return looks_like_paper_title(clean_title(bare) or "")


def _attachment(node: Any) -> bool:
    """A sub-heading that is the paper's own pdf, BibTeX, notes or code (`*** [[./x.pdf][pdf]]`,
    `*** bibtex` over the entry), not another paper: what is under it is not the paper's list."""
    from readlist.ingest.entry_text import is_link_word

    label = _links(str(node.heading)).strip().lower()
    return is_link_word(label) or label in {"notes", "note", "summary", "abstract", "bibtex"}


def _descendants(node: object) -> list[Any]:
    """The headings under a heading (orgparse nodes), all levels down."""
    found: list[Any] = []
    for child in getattr(node, "children", []) or []:
        found.append(child)
        found.extend(_descendants(child))
    return found


# "Kernel Methods For Deep Learning 2009": a year after a heading's title is its date.
_TRAILING_YEAR = re.compile(r"\s+(?:19|20)\d{2}$")
# ":infectious:modeling" at the end of a heading whose tags lost their closing colon.
_BROKEN_TAGS = re.compile(r"\s+:[\w@#%]+(?::[\w@#%]+)*:?\s*$")


def _heading_title(heading: str, todo: bool) -> str:
    """The heading's text as the paper's title: without a trailing year, and for a to-do
    heading without the verb before the title."""
    from readlist.ingest.entry_text import looks_like_paper_title, without_to_do_verb

    if todo:
        heading = without_to_do_verb(heading)
    heading = _BROKEN_TAGS.sub("", heading)
    undated = _TRAILING_YEAR.sub("", heading.rstrip())
    if undated != heading.rstrip() and looks_like_paper_title(undated):
        return undated
    return heading


def _continued_headings(lines: list[str]) -> list[str]:
    """Headings wrapped over several lines (a converter's line width) joined again: a property
    drawer can only stand right under its heading, so the lines between a heading and its
    `:PROPERTIES:` are the rest of the heading. The lines they leave are blank (same numbers)."""
    joined = list(lines)
    for index, line in enumerate(lines):
        if not _ORG_HEADING.match(line):
            continue
        for end in range(index + 1, min(index + 5, len(lines))):
            if lines[end].strip().upper() == ":PROPERTIES:":
                rest = lines[index + 1 : end]
                if rest and all(r.strip() and not r.startswith(("*", ":")) for r in rest):
                    joined[index] = " ".join([line.rstrip(), *(r.strip() for r in rest)])
                    joined[index + 1 : end] = [""] * len(rest)
                break
            if not lines[end].strip() or lines[end].startswith("*"):
                break
    return joined


def _cited_title(heading: str) -> str | None:
    """The title of a heading written as a citation ('Knill, O. (2018): Some fundamental ...')."""
    from readlist.ingest.entry_text import citation

    found = citation(heading) if "](" not in heading else None
    return found[0] if found else None


def to_markdown(text: str) -> str:
    """The org document as Markdown, line for line (so that sources keep their line numbers):
    a heading with a TODO keyword is a checklist item, other headings are headings. In a
    document whose papers are headings with their link (or written as citations), a heading
    with neither is a task or a section, not a paper."""
    import orgparse

    lines = _continued_headings(text.replace("\r\n", "\n").split("\n"))
    out = [_line(line) for line in lines]
    root = orgparse.loads("\n".join(lines))
    papers: list[tuple[int, Any, str, bool]] = []  # (line index, node, heading, linked or cited)
    for node in root[1:]:
        index = node.linenumber - 1
        if not 0 <= index < len(out):
            continue
        heading = _heading_title(_links(node.get_heading(format="raw")), bool(node.todo))
        cited = _cited_title(heading)
        heading = cited or heading
        if node.todo or cited or _names_a_paper(node, heading):
            papers.append((index, node, heading, bool(cited) or "](" in heading))
        else:
            out[index] = f"{'#' * min(node.level, 6)} {heading}"
    vouched = sum(1 for *_, linked in papers if linked)
    by_style = vouched >= 3 and vouched * 2 > len(papers)
    for index, node, heading, linked in papers:
        if by_style and not linked:
            out[index] = f"{'#' * min(node.level, 6)} {heading}"
            continue
        mark = "x" if (node.todo or "").upper() in _DONE else " "
        out[index] = f"- [{mark}] {heading}"
        for below in range(index + 1, len(out)):  # its body goes on the item's lines
            if not out[below].strip() or lines[below].lstrip().startswith("*"):
                break
            out[below] = "  " + out[below].lstrip()
    for index, line in enumerate(out):
        out[index] = re.sub(r"^(\s*[-+]\s+)\[[-]\]", r"\1[ ]", line)  # [-]: begun, not done
    return "\n".join(out)


_HEADING_TAGS = re.compile(r"^\*+\s.*?\s(:(?:[\w@#%]+:)+)\s*$")


def heading_tags(text: str) -> dict[int, list[str]]:
    """The tags each heading line carries, its own after those of the headings above it
    (`* Diffusion  :diffusion:` then `** Title  :video:` -> diffusion, video), by line
    number; lines of a heading's body carry its heading's tags."""
    by_line: dict[int, list[str]] = {}
    above: list[tuple[int, list[str]]] = []  # (level, tags) of the enclosing headings
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.startswith("*") or not _ORG_HEADING.match(line):
            continue
        level = len(line) - len(line.lstrip("*"))
        above = [(lvl, tags) for lvl, tags in above if lvl < level]
        found = _HEADING_TAGS.match(line)
        own = [t for t in found.group(1).split(":") if t] if found else []
        inherited = above[-1][1] if above else []
        tags = inherited + [t for t in own if t not in inherited]
        above.append((level, tags))
        by_line[number] = tags
    return by_line


def parse(text: str, source_name: str) -> list[Candidate]:
    from bisect import bisect_right

    from readlist.ingest import markdown

    candidates = markdown.parse(to_markdown(text), source_name)
    tagged = heading_tags(text)
    if tagged:
        starts = sorted(tagged)
        for candidate in candidates:
            line = candidate.source.rpartition(":")[2]
            at = bisect_right(starts, int(line)) - 1 if line.isdigit() else -1
            if at >= 0:
                have = {t.casefold() for t in candidate.tags}  # `* Diffusion :diffusion:`
                candidate.tags += [t for t in tagged[starts[at]] if t.casefold() not in have]
    return candidates
