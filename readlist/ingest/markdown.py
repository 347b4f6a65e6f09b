"""Markdown paper lists ("awesome" lists, README sections) and readlist's own Markdown export.

The document's structure comes from markdown-it-py (CommonMark, with GFM tables): headings,
list items (nested, with wrapped lines), blockquotes, tables, links and bold text, code (which
holds no papers) and HTML blocks (read with readlist's HTML reader). Every line keeps the line
number it has in the file, for sources and messages.

In a list, headings become tags (`## AIGC` + `### CV` -> `AIGC/CV`); entries are `Title : URL`,
`[Title](URL)`, `**Title**` with its links on the following lines, or table rows; a `> `
blockquote under an entry is its abstract, and its first line may carry the full title behind a
short name (`ViCo`). A file whose first line is `EXPORT_MARKER` is read in readlist's export
dialect instead (see /work/docs/export-format.md): one task-list item per paper, no tags
from headings, tables skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from readlist.ids import (
    ArxivId,
    MalformedId,
    arxiv_id_of,
    arxiv_in,
    scan,
    try_parse_link,
    urls_in,
)
from readlist.ingest import records
from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import (
    attributed,
    clean_abstract,
    clean_title,
    closing,
    collapse,
    is_link_word,
    is_short_name,
    looks_like_names,
    looks_like_paper_title,
    parse_status,
    reads_like_abstract,
    reads_like_title,
    split_names,
    title_or_alias,
    unescape,
    without_numbering,
    without_to_do_verb,
)
from readlist.ingest.tables import Cell, candidate_from_row, header_roles
from readlist.models import SITE_KEYS, Status
from readlist.normalize import normalize_title

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

EXPORT_MARKER = "<!-- readlist export: markdown v1 -->"

_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
# "- [done] **Title** ...", "- [todo] ...": a reading status in brackets before the entry.
_STATUS_TAG = re.compile(r"^\[([A-Za-z][\w' -]{0,20})\]\s+")
_ABSTRACT_LABEL = re.compile(r"^\s*abstract\s*[:.\-–]?\s*", re.IGNORECASE)
_HTML_LINK_START = re.compile(r"""^<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# Links to these hosts are code, models or posts, never the paper itself.
_NOT_PAPER_HOSTS = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co/(?!papers/\d)|twitter\.com|x\.com|"
    r"youtube\.com|youtu\.be|colab\.research\.google\.com|discord\.|t\.me)",
    re.IGNORECASE,
)


@cache
def _parser() -> MarkdownIt:
    """CommonMark with GFM tables and raw HTML. Inline content is parsed block by block as it
    is read (`_inline_runs`), not all at once; link targets are kept as written (not
    percent-encoded: ids are read from them, and encoding every link is a third of the
    parse)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
    parser.normalizeLink = _as_written  # type: ignore[method-assign]
    parser.normalizeLinkText = _as_written  # type: ignore[method-assign,assignment]
    return parser


def _as_written(url: str) -> str:
    return url


# The characters that can start inline markup in CommonMark (escapes, code, emphasis, links,
# images, autolinks and HTML, entities): text without any of them is its own plain text.
_MARKUP = re.compile(r"[\\`*_\[\]!<&]")
# The commonest line of a list: `[title](https://...)` then plain text, each without markup,
# on one line. markdown-it reads it as one link (its text the title) and that text; it is
# read here as markdown-it would, for a third of the parse.
_PLAIN_LINK = re.compile(
    r"\[([^\\`*_\[\]!<&\n]*)\]\((https?://[^\s()<>\\&\x00-\x1f\x7f]+)\)([^\\`*_\[\]!<&\n]*)\Z"
)


def _inline_runs(source: str, first_line: int, env: dict[str, object]) -> list[_Run]:
    """The lines of a block's inline content (its source lines, indentation removed), read
    by markdown-it's inline parser; `env` holds the document's link reference definitions."""
    if not _MARKUP.search(source):
        return [
            _Run(first_line + n, line.strip(" \t")) for n, line in enumerate(source.split("\n"))
        ]
    plain_link = _PLAIN_LINK.match(source)
    if plain_link is not None:
        label, url, tail = plain_link.groups()
        if label.strip() and tail == tail.rstrip():
            run = _Run(first_line, label + tail)
            run.links.append(_Link(" ".join(label.split()), url, 0))
            return [run]
    parser = _parser()
    children: list[Token] = []
    parser.inline.parse(source, parser, env, children)
    return _runs(children, first_line)


@dataclass
class _Link:
    label: str
    url: str
    start: int  # where its label starts in the line's text


@dataclass
class _Run:
    """One source line of a block as markdown-it read it: `text` is what a reader sees (escapes
    and entities undone, emphasis marks, images and link targets gone); links and the first bold
    span are kept beside it."""

    number: int  # the line's index in the document (0-based)
    text: str = ""
    links: list[_Link] = field(default_factory=list)
    bold: str | None = None  # the first bold span's text
    bold_at: int = -1  # where it starts in `text`
    bold_linked: bool = False  # the bold span holds a link
    italic: str | None = None  # the first italic span's text, outside any link


@dataclass
class _OpenLink:
    """A link being read: its target, the line it starts on and where, and its text so far."""

    url: str
    run: _Run
    start: int
    label: list[str] = field(default_factory=list)

    def close(self) -> None:
        """The link is read; one without text (a badge, `[](url)`) is dropped."""
        label = " ".join("".join(self.label).split())
        if label:
            self.run.links.append(_Link(label, self.url, self.start))


def _runs(children: Sequence[Token], first_line: int) -> list[_Run]:
    """An inline token's children cut into source lines (at its line breaks); a link whose
    text wraps onto the next line belongs to the line it starts on."""
    runs = [_Run(first_line)]
    parts: list[str] = []
    link: _OpenLink | None = None
    autolink = False
    strong = 0  # depth of bold
    strong_at = -1
    strong_parts = 0  # how many parts precede the bold span
    em_parts = -1  # how many parts precede the italic span being read

    for token in children:
        kind = token.type
        if kind in ("text", "text_special", "code_inline"):
            parts.append(token.content)
            if link is not None:
                link.label.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            runs[-1].text = "".join(parts)
            parts = []
            runs.append(_Run(runs[-1].number + 1))
            strong_at = -1  # a bold span across lines is no title
            em_parts = -1
            if link is not None:
                link.label.append(" ")
        elif kind == "link_open":
            autolink = token.markup == "autolink"
            if not autolink:
                url = str(token.attrs.get("href", ""))
                link = _OpenLink(url, runs[-1], sum(map(len, parts)))
        elif kind == "link_close":
            if link is not None:
                link.close()
                if strong:
                    runs[-1].bold_linked = True
            link, autolink = None, False
        elif kind == "strong_open":
            strong += 1
            if strong == 1 and runs[-1].bold is None:
                strong_at, strong_parts = sum(map(len, parts)), len(parts)
        elif kind == "strong_close":
            strong -= 1
            if strong == 0 and strong_at >= 0 and runs[-1].bold is None:
                runs[-1].bold = "".join(parts[strong_parts:]).strip()
                runs[-1].bold_at, strong_at = strong_at, -1
        elif kind == "em_open" and link is None and runs[-1].italic is None:
            em_parts = len(parts)
        elif kind == "em_close" and em_parts >= 0:
            runs[-1].italic = "".join(parts[em_parts:]).strip() or None
            em_parts = -1
        elif kind == "html_inline":
            tag = token.content
            if tag[:3].lower() == "</a" and link is not None:
                link.close()
                link = None
            elif (html_link := _HTML_LINK_START.match(tag)) is not None:
                link = _OpenLink(html_link.group(1), runs[-1], sum(map(len, parts)))
            elif tag[:3].lower() in ("<br", "<p>", "<p "):
                parts.append(" ")
    runs[-1].text = "".join(parts)
    return runs


@dataclass
class _Block:
    kind: str  # heading, quote, table, item, para, fence
    start: int  # index of its first line
    lines: list[_Run] = field(default_factory=list)
    level: int = 0  # a heading's level, a list item's depth
    rows: list[list[Cell]] = field(default_factory=list)  # a table's rows, its header first
    info: str = ""  # a fence's language ("bibtex")
    code: str = ""  # a fence's text


def _blocks(text: str) -> list[_Block]:
    """The document as headings, blockquotes, tables, list items (the first paragraph of each;
    later ones are paragraphs), paragraphs and fenced code, in order."""
    env: dict[str, object] = {}
    return list(_walk(_parser().parse(_whole_html_tables(text), env), env, from_html=False))


def fenced_code(text: str) -> list[tuple[str, str]]:
    """The document's fenced code blocks as (info string, code), in order: ```bibtex fences in
    a README, found as CommonMark finds them (in list items and quotes too)."""
    tokens = _parser().parse(text.lstrip("\ufeff"), {})
    return [(token.info.strip(), token.content) for token in tokens if token.type == "fence"]


_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)


def _whole_html_tables(text: str) -> str:
    """The text with every raw HTML `<table>` one HTML block: an empty line inside one (between
    two rows) would end the block, and the indented rows after it would read as code. The empty
    lines become empty comments; every line keeps its number."""
    if "<table" not in text and "<TABLE" not in text:
        return text
    return _HTML_TABLE.sub(
        lambda table: (
            table.group() if "```" in table.group() else _BLANK_LINE.sub("<!---->", table.group())
        ),
        text,
    )


def _walk(stream: list[Token], env: dict[str, object], *, from_html: bool) -> Iterator[_Block]:
    index = 0
    depth = 0  # list nesting
    item_starts: list[bool] = []  # per open list item: its first paragraph is still to come
    while index < len(stream):
        token = stream[index]
        kind = token.type
        line = token.map[0] if token.map else 0
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "list_item_open":
            item_starts.append(True)
        elif kind == "list_item_close":
            item_starts.pop()
        elif kind == "heading_open":
            inline = stream[index + 1]
            runs = _inline_runs(inline.content, line, env)
            yield _Block("heading", line, runs, int(token.tag[1]))
            index += 3
            continue
        elif kind == "paragraph_open":
            inline = stream[index + 1]
            first = bool(item_starts) and item_starts[-1]
            if item_starts:
                item_starts[-1] = False
            runs = _inline_runs(inline.content, line, env)
            yield _Block("item" if first else "para", line, runs, max(depth - 1, 0))
            index += 3
            continue
        elif kind == "blockquote_open":
            end = _closing(stream, index)
            yield _quote(stream[index + 1 : end], line, env)
            index = end + 1
            continue
        elif kind == "table_open":
            end = _closing(stream, index)
            yield _table_block(stream[index:end], line, env)
            index = end + 1
            continue
        elif kind == "fence":
            yield _Block("fence", line, info=token.info.strip().lower(), code=token.content)
        elif kind == "html_block" and not from_html:
            yield from _html_block(token.content, line)
        index += 1


def _closing(stream: list[Token], index: int) -> int:
    """The index of the token that closes the one at `index`."""
    level = stream[index].level
    closer = stream[index].type.replace("_open", "_close")
    end = index + 1
    while not (stream[end].type == closer and stream[end].level == level):
        end += 1
    return end


def _quote(inside: list[Token], line: int, env: dict[str, object]) -> _Block:
    """A blockquote: its lines, paragraphs separated by an empty line."""
    block = _Block("quote", line)
    for token in inside:
        if token.type == "inline" and token.map:
            if block.lines:
                block.lines.append(_Run(token.map[0] - 1))
            block.lines.extend(_inline_runs(token.content, token.map[0], env))
    return block


def _table_block(inside: list[Token], line: int, env: dict[str, object]) -> _Block:
    block = _Block("table", line)
    row: list[Cell] = []
    row_line = line
    for token in inside:
        if token.type == "tr_open":
            row, row_line = [], (token.map[0] if token.map else row_line + 1)
        elif token.type == "inline":
            row.append(_cell(token.content, env))
        elif token.type == "tr_close":
            block.rows.append(row)
            block.lines.append(_Run(row_line))
    return block


def _cell(source: str, env: dict[str, object]) -> Cell:
    runs = _inline_runs(source, 0, env)
    text = " ".join(run.text for run in runs)
    links = [(link.label, link.url) for run in runs for link in run.links]
    bold = next((run.bold for run in runs if run.bold), None)
    return Cell(text, links, bold)


def cell(text: str) -> Cell:
    """A spreadsheet cell that holds Markdown or HTML links, read as Markdown."""
    return _cell(text.strip(), {})


def _html_block(html_text: str, line: int) -> Iterator[_Block]:
    """An HTML block in the document (a `<table>`, `<details>` or `<a>` list), read with
    readlist's HTML reader and then as Markdown; comments and images give nothing."""
    if html_text.lstrip().startswith("<!--") or "<" not in html_text:
        return
    from readlist.ingest import html

    converted, origins = html.to_markdown(html_text)
    env: dict[str, object] = {}
    for block in _walk(_parser().parse(converted, env), env, from_html=True):
        yield _moved(block, lambda number: line + origins[min(number, len(origins) - 1)] - 1)


def _moved(block: _Block, where: Callable[[int], int]) -> _Block:
    block.start = where(block.start)
    for run in block.lines:
        run.number = where(run.number)
    return block


def _heading_text(run: _Run) -> str:
    text = re.sub(r"^[^\w(\[]+|[^\w)\]?!+]+$", "", collapse(run.text))
    if text.startswith("[") and text.endswith("]") and "]" not in text[1:-1]:
        text = text[1:-1].strip()  # "##### [Maxout Networks]": a link that was never made
    return text


@dataclass
class _Line:
    """What one line of an entry holds."""

    title: str | None = None
    alias: str | None = None
    titled_by: str = ""  # link, bold, text
    arxiv: str | None = None
    version: int | None = None
    notes: str | None = None
    url: str | None = None
    status: Status | None = None
    names: list[str] = field(default_factory=list)
    checkbox: bool = False  # "- [ ] ..." or "- [x] ...": a checklist item
    linked: bool = False  # the line has a link or an arXiv id

    def candidate(self, source: str, tags: list[str]) -> Candidate:
        """The entry this line starts: its names, id, link and notes (not its status)."""
        return Candidate(
            source=source,
            title=self.title,
            alias=self.alias,
            arxiv=self.arxiv,
            version=self.version,
            url=self.url,
            notes=self.notes,
            tags=list(tags),
        )


def _is_label(text: str) -> bool:
    """A link's text that labels the link instead of naming a paper: '[pdf]', 'Code',
    '[nature]' (any text in brackets of its own)."""
    return is_link_word(text) or (text.startswith("[") and text.endswith("]"))


_LETTER = re.compile(r"[^\W\d_]")


_CO_AUTHOR_BEFORE = re.compile(r"(?:\bwith|\band|,)[\s(*_/]*$", re.IGNORECASE)
_SENTENCE_BEFORE = re.compile(r"\w[^\w\s]*[.,;)][\s*_/]*$")


def _names_no_paper(label: str, before: str) -> bool:
    """A link after a title that names a co-author (`(with [Name](homepage)`, `, [Name](...)`)
    or is one lowercase word after a full stop (`(2024). [journal](...)`): the title's
    furniture, not its title."""
    words = label.split()
    if len(words) == 1 and words[0].islower():
        return bool(_SENTENCE_BEFORE.search(before))
    return bool(_CO_AUTHOR_BEFORE.search(before)) and looks_like_names(label)


# "Title ([pdf](...))", "Title (with *[Coauthor](...)*)": the bracket before the link
_OPENING = re.compile(r"[\[(]+\s*(?:with\b)?[\s*_]*$", re.IGNORECASE)
# A quoted title in a citation: 'Hinton, G. E., et al. "Improving neural networks by ...." arXiv'
_QUOTED = re.compile(r"[\"“]([^\"“”]{8,300}?)([.,]?)[\"”]")


def _title_places(
    run: _Run, text: str, shift: int, title_link: _Link | None, first_link: int
) -> Iterator[tuple[str, str]]:
    """Where a line's title may be, most telling first: (text, what it is)."""
    if title_link is not None:
        yield title_link.label, "link"
    bold = run.bold
    leads = bold is not None and not _LETTER.search(text[: run.bold_at - shift])
    if bold and leads and not run.bold_linked and not _labels(bold, run, text, shift):
        yield bold, "bold"  # not "with **x** of"
    italic = run.italic
    if italic and title_link is None and not run.links and not looks_like_names(italic):
        yield italic, "italic"  # "Arxiv(**MIT**) _Measuring Generalization with ..._"
    quoted = _QUOTED.search(text) if '"' in text or "“" in text else None
    if quoted and (len(quoted.group(1).split()) >= 3 or quoted.group(2)):  # '"Title." Venue'
        yield quoted.group(1), "text"
    if first_link != 0:
        before = text[:first_link] if first_link > 0 else text
        yield _OPENING.sub("", before), "text"


def _labels(bold: str, run: _Run, text: str, shift: int) -> bool:
    """True for a bold label rather than a title: `**Abstract:**`, `**Today's Progress**:` or
    `**Code**: Using PyTorch` (words after the colon), not `**Title** : [Paper](...)`."""
    if bold.endswith(":"):
        return True
    end = text.find(bold, max(run.bold_at - shift, 0))
    after = text[end + len(bold) :] if end >= 0 else ""
    colon = len(after) - len(after.lstrip(" *_"))
    if end < 0 or not after[colon:].startswith(":"):
        return False
    rest = end + len(bold) + colon + 1
    rest += len(text[rest:]) - len(text[rest:].lstrip())
    return not any(link.start - shift == rest for link in run.links)


def _arxiv_of_link(url: str) -> tuple[ArxivId | None, str | None]:
    """The arXiv id a link's target holds, else why an arXiv link in it is not valid."""
    try:
        arxiv = arxiv_id_of(url)  # most links to papers are arXiv links and nothing else
    except MalformedId:
        arxiv = None
    if arxiv is not None:
        return arxiv, None
    arxiv, _raw, problem = arxiv_in(url)  # an id inside another site's link, or a reason
    return arxiv, problem


# "**Authors:** Yu Ding, Yulin Shao", "👥 Authors: ...", "By: ...": a line that names people.
_AUTHORS_LABEL = re.compile(r"^[^\w\[]*(?:authors?|by|written by)\s*:\s*(?=\S)", re.IGNORECASE)


def _read_line(run: _Run) -> _Line:
    found = _Line()
    text, shift = run.text, 0
    label = _AUTHORS_LABEL.match(text) if ":" in text[:40] else None
    if label is not None and not run.links:
        found.names = split_names(text[label.end() :])
        return found
    checkbox = _CHECKBOX.match(text)
    if checkbox:
        found.status = Status.DONE if checkbox.group(1) in "xX" else None
        found.checkbox = True
        shift = checkbox.end()
        rest = without_to_do_verb(text[shift:])  # "- [ ] Read "Relaxed Lasso""
        shift, text = len(text) - len(rest), rest
    elif (tag := _STATUS_TAG.match(text)) is not None:
        status, _understood = parse_status(tag.group(1))
        if status is not None:
            found.status, shift = status, tag.end()
            text = text[shift:]
    links = run.links
    urls = urls_in(text) if "://" in text else []
    link_urls: list[str] = []
    elsewhere: list[str] = []  # targets that are not web links (arxiv.org/abs/... without https)
    title_link: _Link | None = None
    for link in links:
        if not link.url.lower().startswith(("http://", "https://", "ftp://")):
            elsewhere.append(link.url)  # anchors (#survey) and relative links: navigation
            continue
        link_urls.append(link.url)
        code_after_words = _NOT_PAPER_HOSTS.match(link.url) and _LETTER.search(
            text[: max(link.start - shift, 0)]
        )  # "Linear Regression [PyTorch Code](https://github.com/...)": the code's, not a title
        if _names_no_paper(link.label, text[: max(link.start - shift, 0)]):
            continue  # "Title (with [Coauthor](homepage)). [journal](...)": a person, a label
        if title_link is None and not _is_label(link.label) and not code_after_words:
            title_link = link
    starts = [link.start - shift for link in links]
    starts += [at for at in (text.find(u) for u in urls) if at >= 0]
    found.linked = bool(starts)
    searched = " ".join([text, *elsewhere]) if elsewhere else text
    if not starts and ("arxiv" in text.lower() or "48550" in text):
        starts = [m.start for m in scan(text)]  # "see also arXiv:1812.11470": words, then an id
    first_link = min(starts, default=-1)
    for raw_title, titled_by in _title_places(run, text, shift, title_link, first_link):
        title = clean_title(without_numbering(raw_title))
        if title and not is_link_word(title) and reads_like_title(title, min_words=1):
            found.title, found.alias = title_or_alias(title)
            found.titled_by = titled_by
            break
    titled_url = [title_link.url] if title_link else []
    ordered_urls = list(dict.fromkeys(titled_url + link_urls + urls))
    problems: dict[str, str | None] = {}
    for url in ordered_urls:
        arxiv, problem = _arxiv_of_link(url)
        problems[url] = problem
        if arxiv:
            found.arxiv, found.version = arxiv.id, arxiv.version
            break
        if problem and not found.notes:
            found.notes = problem
    may_hold_id = "arxiv" in searched.lower() or any(c.isdigit() for c in searched)
    if found.arxiv is None and found.notes is None and may_hold_id:
        arxiv, _raw, problem = arxiv_in(searched)
        if arxiv:
            found.arxiv, found.version = arxiv.id, arxiv.version
        elif problem:
            found.notes = problem
    if found.arxiv is None:
        for url in ordered_urls:
            if not _NOT_PAPER_HOSTS.match(url) and problems.get(url) is None:
                found.url = url
                break
    if not links and not urls and looks_like_names(text):
        found.names = split_names(text)
    return found


@dataclass
class _Entry:
    line: int
    candidate: Candidate
    by: str  # what gave it its title: link, bold, text, or "" (none)
    checkbox: bool = False  # a checklist item: a paper even without a link
    linked: bool = False  # its line links somewhere (a paper's link or only code, posts...)


def _entries(block: _Block, source_name: str, tags: list[str]) -> list[_Entry]:
    """The entries of a list item or a paragraph: a line with a title starts one; the lines
    after it add its links and authors."""
    entries: list[_Entry] = []
    names: list[str] = []
    for run in block.lines:
        if not run.text.strip():
            continue
        found = _read_line(run)
        current = entries[-1].candidate if entries else None
        source = f"{source_name}:{run.number + 1}"
        if found.names and current is not None:
            current.authors = current.authors or found.names
            continue
        if found.names and not (found.title or found.alias or found.arxiv or found.url):
            names = found.names  # authors above their paper's link (a heading names it)
            continue
        starts = bool(found.title or found.alias)
        if entries and entries[0].by == "bold" and found.titled_by not in ("bold", "link"):
            starts = False  # after "**Title**" come its authors, venue and links
        if starts:
            candidate = found.candidate(source, tags)
            candidate.status = found.status
            entries.append(
                _Entry(run.number, candidate, found.titled_by, found.checkbox, found.linked)
            )
        elif current is not None and found.arxiv and not current.arxiv:
            current.arxiv, current.version = found.arxiv, found.version
            current.notes = found.notes
        elif current is not None and found.url and not current.url and not current.arxiv:
            current.url = found.url
        elif current is not None and found.notes and not current.arxiv and not current.notes:
            current.notes = found.notes
        elif found.arxiv or (found.notes and current is None):
            candidate = Candidate(
                source=source,
                arxiv=found.arxiv,
                version=found.version,
                notes=found.notes,
                status=found.status,
                tags=list(tags),
            )
            if not found.arxiv:
                candidate.problem = found.notes
            entries.append(_Entry(run.number, candidate, ""))
    if names and entries and not entries[0].candidate.authors:
        entries[0].candidate.authors = names
    return [e for e in entries if _acceptable(e)]


def _acceptable(entry: _Entry) -> bool:
    """Links to papers make entries; a title with no link only when bold and long enough
    (`**Denoising Diffusion Probabilistic Models**`), or when a blockquote follows (decided by
    the caller)."""
    candidate = entry.candidate
    if candidate.arxiv or candidate.problem:
        return True
    if candidate.notes:  # a malformed arXiv link: keep the titled entry, the note says why
        return candidate.title is not None or candidate.alias is not None
    title = candidate.title or ""
    words = len(title.split())
    if candidate.url:
        # A link that carries a paper id (a DOI, OpenReview, ACL...) is a paper's: "Deep learning";
        # so is a PDF named by two words ("Relaxed Lasso").
        return (
            words >= 3
            or candidate.alias is not None
            or bool(words and try_parse_link(candidate.url))
            or (words == 2 and _is_pdf(candidate.url))
        )
    if entry.checkbox and entry.linked:
        return False  # "- [x] Basic CNN [PyTorch Code](github...)": an exercise, its code
    if entry.checkbox and words == 2:  # "- [ ] Wasserstein Auto-Encoders"
        return all(word[:1].isupper() for word in title.split())
    return (entry.by in ("bold", "italic") or entry.checkbox) and words >= 3


def _is_pdf(url: str) -> bool:
    return url.lower().split("?", 1)[0].split("#", 1)[0].endswith(".pdf")


def _apply_quote(candidate: Candidate, quote_lines: list[str]) -> None:
    """A blockquote under an entry: its abstract, and maybe its full title on the first line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*quote_lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(collapse(" ".join(current)))
            current = []
    if not paragraphs:
        return
    first = paragraphs[0]
    if (
        len(paragraphs) >= 2
        and reads_like_title(first, min_words=1)
        and not reads_like_abstract(first, 40)
    ):
        full = clean_title(first)
        if full:
            paragraphs = paragraphs[1:]
            if candidate.title is None:
                candidate.title = full
            elif normalize_title(candidate.title) == normalize_title(full):
                pass
            elif is_short_name(candidate.title) or normalize_title(full).startswith(
                normalize_title(candidate.title)
            ):
                candidate.alias = candidate.alias or candidate.title
                candidate.title = full
            else:
                paragraphs.insert(0, first)
    paragraphs[0] = _ABSTRACT_LABEL.sub("", paragraphs[0]) if paragraphs else ""
    abstract = clean_abstract("\n\n".join(p for p in paragraphs if p))
    if abstract and not candidate.abstract:
        candidate.abstract = abstract


def _title_heading(blocks: list[_Block]) -> int | None:
    """The index of a lone top-level heading that names the document (not a section)."""
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    top = [i for i in headings if blocks[i].level == 1]
    if len(top) == 1 and headings and headings[0] == top[0]:
        return top[0]
    return None


def _table(block: _Block, source_name: str, tags: list[str]) -> list[Candidate]:
    if not block.rows:
        return []
    roles = header_roles([cell.text for cell in block.rows[0]])
    found: list[Candidate] = []
    named = [i for i, role in (roles or {}).items() if role in ("title", "name", "paper")]
    for row, run in zip(block.rows[1:], block.lines[1:], strict=True):
        source = f"{source_name}:{run.number + 1}"
        for cells in _one_per_reading(row, named):
            if roles is not None:
                candidate = candidate_from_row(cells, roles, source)
                if candidate is not None and candidate.is_paper():
                    candidate.tags = list(tags) + [t for t in candidate.tags if t not in tags]
                    found.append(candidate)
                continue
            line = _read_line(_row_run(cells, run.number))
            if line.arxiv or ((line.title or line.alias) and line.url):
                found.append(line.candidate(source, tags))
    return found


def _one_per_reading(cells: list[Cell], named: list[int]) -> list[list[Cell]]:
    """A row as one row per paper: a reading group's cell may hold two papers, each a link
    named by its title (`[Title A](...) <br> [Title B](...)`). `named` are the columns that
    name the paper (any column when the header says none)."""
    for position, cell in enumerate(cells):
        if named and position not in named:
            continue
        titled = [
            (label, url)
            for label, url in cell.links
            if len(label.split()) >= 2 and not is_link_word(label) and reads_like_title(label)
        ]
        if len(titled) >= 2:
            return [
                [*cells[:position], Cell(label, [(label, url)]), *cells[position + 1 :]]
                for label, url in titled
            ]
    return [cells]


def _row_run(cells: list[Cell], number: int) -> _Run:
    """A table row read as one line, its cells separated by ' · '."""
    run = _Run(number)
    parts: list[str] = []
    for cell in cells:
        at = sum(map(len, parts)) + 3 * len(parts)
        run.links.extend(_Link(label, url, at) for label, url in cell.links)
        parts.append(cell.text)
    run.text = " · ".join(parts)
    return run


def parse(text: str, source_name: str) -> list[Candidate]:
    text = text.lstrip("\ufeff")
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).strip() == EXPORT_MARKER:
        return parse_export(text.splitlines(), source_name)
    page, text = _front_matter(text, source_name)
    blocks = _blocks(text)
    document_title = _title_heading(blocks)
    headings: list[tuple[int, str]] = []
    candidates: list[Candidate] = []
    last: Candidate | None = None  # the entry a following blockquote belongs to
    pending: _Block | None = None  # a lone title line that becomes an entry if a quote follows
    pending_tags: list[str] = []
    section = _Section()
    titles_only = _TitleList()
    item_level = 0  # the indentation of the list item the last entry came from
    awaiting: Candidate | None = None  # a titled entry still without a link of its own
    awaiting_listed = True  # it is among the candidates (a bold line alone is not, yet)
    unlinked_rows: set[int] = set()  # rows of tables with no link in any row
    for position, block in enumerate(blocks):
        if block.kind == "fence":
            tags = ["/".join(name for _, name in headings)] if headings else []
            candidates.extend(_fenced_papers(block, source_name, tags))
            continue
        if block.kind != "item":
            candidates.extend(titles_only.close())
        if block.kind == "heading":
            nested = section.holds(_heading_text(block.lines[0]), block.level, candidates)
            if not nested:
                section.close(candidates)
            last = pending = awaiting = None
            if position == document_title:
                continue
            text = _heading_text(block.lines[0])
            headings = [(lvl, name) for lvl, name in headings if lvl < block.level]
            tags = ["/".join(name for _, name in headings)] if headings else []
            entry = _heading_entry(block, source_name, tags)
            if entry is not None:
                candidates.append(entry)
                last = entry
                continue
            if text:
                headings.append((block.level, text.replace("/", "-")))
            if not nested:
                section = _Section(text, tags, len(candidates), block.level)
            continue
        tags = ["/".join(name for _, name in headings)] if headings else []
        if block.kind == "quote":
            if last is None and pending is not None:
                line = _read_line(pending.lines[0])
                elsewhere = line.linked and not (line.arxiv or line.url)  # code, a listing page
                if (line.title or line.alias) and not elsewhere:
                    last = Candidate(
                        source=f"{source_name}:{pending.start + 1}",
                        title=line.title,
                        alias=line.alias,
                        status=line.status,
                        tags=list(pending_tags),
                    )
                    candidates.append(last)
            if last is not None:
                _apply_quote(last, [run.text for run in block.lines])
            last = pending = None
            if not awaiting_listed:
                awaiting = None  # the bold line became its own entry above
            continue
        if block.kind == "table":
            awaiting = None
            rows = _table(block, source_name, tags)
            if not any(c.arxiv or c.url or c.doi for c in rows):
                unlinked_rows.update(id(c) for c in rows)
            candidates.extend(rows)
            last = pending = None
            continue
        entries = _entries(block, source_name, tags)
        unlisted: Candidate | None = None
        if block.kind == "para" and len(entries) == 1 and _is_bold_label(entries[0]):
            # "**Thoughts and Emotions**", "**Azmine Toushik Wasi**": a bold line of its own
            # names a paper only when its link follows ("**1. Title**", then "[arXiv](...)").
            unlisted, entries = entries[0].candidate, []
        if block.kind == "para" and _is_prose(block):
            # "The [Ritter (2011)](...) dataset has become the benchmark...": references in a
            # sentence, not entries (an arXiv id is still a paper).
            entries = [e for e in entries if e.candidate.arxiv]
        if block.kind == "item":
            # a bold title without a link is an entry of its own and does not end a list of
            # titles; a link does
            linked = any(e.candidate.arxiv or e.candidate.url or e.candidate.doi for e in entries)
            if linked or not entries:
                titles_only.add(block, linked, source_name, tags)
            if _is_its_link(entries, last, block.level, item_level):
                assert last is not None  # "- Title" then "  - Paper: arXiv link" under it
                last.arxiv, last.version = entries[0].candidate.arxiv, entries[0].candidate.version
                continue
            item_level = block.level
        if awaiting is not None and _takes_link(awaiting, entries):
            if not awaiting_listed:
                candidates.append(awaiting)
            last, awaiting = awaiting, None  # "**1. Title**", then "Links: [arXiv](...)" below
            continue
        if unlisted is not None:
            awaiting, awaiting_listed = unlisted, False
        if entries:
            candidates.extend(e.candidate for e in entries)
            last = entries[-1].candidate
            pending = None
            linkless = (last.title or last.alias) and not (last.arxiv or last.url or last.doi)
            awaiting, awaiting_listed = (last if linkless else None), True
        else:
            last = None
            single = [run for run in block.lines if run.text.strip()]
            pending = block if len(single) == 1 else None
            pending_tags = tags
    candidates.extend(titles_only.close())
    section.close(candidates)
    if page is not None:
        # A page about one paper (a Jekyll/Hugo front matter with its title and link).
        if not candidates:
            body = next((b for b in blocks if b.kind == "para"), None)
            text = collapse(" ".join(run.text for run in body.lines)) if body else ""
            page.abstract = clean_abstract(text) if reads_like_abstract(text) else None
        candidates.insert(0, page)
    if any((c.arxiv or c.url) and id(c) not in unlinked_rows for c in candidates):
        # Papers came with links; a table without any is notes about them, not more papers.
        candidates = [c for c in candidates if id(c) not in unlinked_rows]
    return candidates


def _is_bold_label(entry: _Entry) -> bool:
    """A paragraph's bold (or italic) words with no link, no id and nothing else."""
    found = entry.candidate
    emphasised = entry.by in ("bold", "italic")
    return emphasised and not (found.arxiv or found.url or found.problem or found.notes)


def _takes_link(entry: Candidate, entries: list[_Entry]) -> bool:
    """True when a block holds only an untitled link (`🔗 [arXiv](...) • [PDF](...)`) and the
    titled entry above it has none: the link is that entry's (the lines between, such as its
    authors, made no entry). The entry takes it."""
    if len(entries) != 1:
        return False
    link = entries[0].candidate
    if link.title or link.alias or not (link.arxiv or link.url):
        return False
    entry.arxiv, entry.version, entry.url = link.arxiv, link.version, link.url
    entry.notes = entry.notes or link.notes
    return True


def _fenced_papers(block: _Block, source_name: str, tags: list[str]) -> list[Candidate]:
    """Code holds no entries, unless it quotes a document readlist reads by itself: an arXiv
    e-mail digest pasted into a post is read as one."""
    from readlist.ingest import digest

    if not digest.looks_like_digest(block.code):
        return []
    found = digest.parse(block.code, source_name)
    for candidate in found:
        line = int(candidate.source.rsplit(":", 1)[1])
        candidate.source = f"{source_name}:{block.start + 1 + line}"  # below the ``` line
        candidate.tags = tags + [tag for tag in candidate.tags if tag not in tags]
    return found


# GitHub's emoji shortcodes standing as words (`:star::star:`), drawn as pictures.
_SHORTCODES = re.compile(r"(?<!\S)(?::[a-z0-9_+-]+:)+(?!\S)")


def _is_prose(block: _Block) -> bool:
    """A paragraph of sentences: long, and ending like a sentence."""
    text = collapse(" ".join(run.text for run in block.lines))
    text = _SHORTCODES.sub("", text).rstrip() if text.endswith(":") else text
    return len(text.split()) >= 15 and text.endswith((".", ".)", ":"))


def _is_its_link(
    entries: list[_Entry], last: Candidate | None, level: int, last_level: int
) -> bool:
    """True for a nested list item holding only an untitled arXiv link under an entry that has
    none: the link is that entry's, not another paper."""
    if last is None or last.arxiv or level <= last_level or len(entries) != 1:
        return False
    only = entries[0].candidate
    return bool(only.arxiv) and not only.title and not only.alias


def _front_matter(text: str, source_name: str) -> tuple[Candidate | None, str]:
    """The paper a page's YAML front matter names (`title:` and a link, arXiv id or DOI), and
    the text with the front matter blanked (its lines left empty); (None, text) when there is
    none."""
    if not text.startswith("---"):
        return None, text
    lines = text.split("\n", 80)
    if lines[0].strip() != "---":
        return None, text
    end = next((i for i in range(1, min(len(lines), 80)) if lines[i].strip() in ("---", "...")), 0)
    if not end:
        return None, text
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return None, text
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return None, text
    values = {str(k).lower(): v for k, v in data.items() if isinstance(v, str | int | float)}
    links = [str(v) for k, v in values.items() if any(w in k for w in ("url", "link", "pdf"))]
    fields = records.Fields(
        title=data["title"],
        doi=str(values["doi"]) if "doi" in values else None,
        arxiv=str(values["arxiv"]) if "arxiv" in values else None,
        links=links,
    )
    page = records.candidate(fields, f"{source_name}:1")
    if not (page.arxiv or page.doi or page.url):
        return None, text  # a blog post's front matter, not a paper
    return page, "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def _heading_entry(block: _Block, source_name: str, tags: list[str]) -> Candidate | None:
    """A heading that links to a paper (`### [Title](https://arxiv.org/abs/...)`) is an entry."""
    line = _read_line(block.lines[0])
    if not (line.arxiv or (line.url and line.title)):
        return None
    return line.candidate(f"{source_name}:{block.start + 1}", tags)


@dataclass
class _Section:
    """A heading and where its entries start: a section holding one entry names it in its
    heading. An untitled entry (a heading, then `[paper](...)` under it) is titled by the
    heading, and so is one whose title is the heading's end ('Convolutional GANs' under
    'Unsupervised Representation Learning with Deep Convolutional GANs'); either way the
    heading is the paper's, not a tag."""

    heading: str = ""
    parent_tags: list[str] = field(default_factory=list)
    first: int = 0
    level: int = 0

    def holds(self, heading: str, level: int, candidates: list[Candidate]) -> bool:
        """True for a sub-heading that is no title under a heading that reads like a paper's,
        before any link (`## Title`, `### Summary`, `#### Keywords`): the paper's notes, one
        section."""
        linked = any(c.arxiv or c.url or c.doi for c in candidates[self.first :])
        return (
            level > self.level
            and not linked
            and self._title() is not None
            and _Section(heading)._title() is None
        )

    def _title(self) -> str | None:
        """The heading as a paper's title, when it reads like one."""
        title = clean_title(self.heading) if self.heading else None
        if not title or not (len(title.split()) >= 3 and reads_like_title(title)):
            return None
        return title

    def close(self, candidates: list[Candidate]) -> None:
        mine = candidates[self.first :]
        linked = [c for c in mine if c.arxiv or c.url or c.doi]
        if len(mine) > 1 and len(linked) == 1 and not (linked[0].title or linked[0].alias):
            # "## Title", notes with a list of keywords, then the paper's one link (a label in
            # another language) at the section's end: the list is about the paper, not papers.
            if self._titles(linked[0]):
                del candidates[self.first :]
                candidates.extend(linked)
            return
        if not self.heading or len(mine) != 1:
            return
        only = mine[0]
        if only.alias or not (only.arxiv or only.url):
            return
        title = clean_title(self.heading)
        if not title:
            return
        if only.title is not None and normalize_title(only.title) == normalize_title(title):
            only.tags = list(self.parent_tags)
            return
        if only.title is None or normalize_title(title).endswith(normalize_title(only.title)):
            self._titles(only)

    def _titles(self, only: Candidate) -> bool:
        """Give the paper the heading as its title when the heading reads like one."""
        title = self._title()
        if title is None:
            return False
        only.title, only.tags = title, list(self.parent_tags)
        return True


@dataclass
class _TitleList:
    """A run of list items none of which links anywhere: paper titles when every item reads
    like a title and most are written like one (title case: a reading checklist, a numbered
    list of titles, a few in sentence case among them), not when any is a sentence and not a
    list of topics ("Batch Norm", "Layer Norm")."""

    items: list[Candidate] = field(default_factory=list)
    spoilt: bool = False
    written_as_titles: int = 0  # items in title case, of three words or more

    def add(self, block: _Block, linked: bool, source_name: str, tags: list[str]) -> None:
        if self.spoilt:
            return  # the run is not a list of titles: nothing more to look at until it ends
        joined = " ".join(run.text.strip() for run in block.lines if run.text.strip())
        has_link = any(run.links for run in block.lines) or "://" in joined
        if linked or has_link or _CHECKBOX.match(joined):
            self.spoilt = True  # linked lists and checklists are read entry by entry
            return
        by = attributed(joined)  # "Title (Authors et al, Lab)": written as a paper
        text = clean_title(by[0] if by else joined)
        if not text or not reads_like_title(text, min_words=1 if by else 2):
            self.spoilt = True
            return
        self.written_as_titles += bool(by) or looks_like_paper_title(text)
        name, alias = title_or_alias(text) if by else (text, None)
        self.items.append(
            Candidate(
                source=f"{source_name}:{block.start + 1}",
                title=name,
                alias=alias,
                authors=by[1] if by else [],
                tags=list(tags),
            )
        )

    def close(self) -> list[Candidate]:
        titled = self.written_as_titles * 3 >= len(self.items) * 2
        found = self.items if len(self.items) >= 2 and titled and not self.spoilt else []
        self.items, self.spoilt, self.written_as_titles = [], False, 0
        return found


# --- readlist's own export --------------------------------------------------------------------

_EXPORT_ITEM = re.compile(r"^\s{0,3}- \[([ xX])\] (.*)$")
_STATUS_PART = re.compile(r" · \*\*(todo|reading|done|skipped)\*\*(?= · |$)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNTITLED = "*Untitled:* "
_SEPARATOR = " · "


def _bracketed(text: str) -> tuple[str, str, str] | None:
    """'[label](url) rest' -> (label, url, rest), honouring backslash escapes in the label."""
    if not text.startswith("["):
        return None
    end = closing(text, 0, "[", "]")
    if end is None or not text.startswith("](", end - 1):
        return None
    index = end - 1  # the "]"
    close = text.find(")", index + 2)
    while close != -1 and not (close + 1 == len(text) or text.startswith(_SEPARATOR, close + 1)):
        close = text.find(")", close + 1)
    if close == -1:
        return None
    return text[1:index], text[index + 2 : close].strip("<> "), text[close + 1 :]


def parse_export(lines: list[str], source_name: str) -> list[Candidate]:
    """readlist's Markdown export: one `- [x] ` / `- [ ] ` item per paper, its parts separated by
    ' · ', then an optional <details> block with the abstract. Everything else is ignored."""
    candidates: list[Candidate] = []
    index = 0
    while index < len(lines):
        item = _EXPORT_ITEM.match(lines[index])
        if not item:
            index += 1
            continue
        rest = item.group(2)
        candidate = Candidate(source=f"{source_name}:{index + 1}")
        candidate.status = Status.DONE if item.group(1) in "xX" else Status.TODO
        link: str | None = None
        bracket = _bracketed(rest)
        status_at = _STATUS_PART.search(rest)
        if rest.startswith(_UNTITLED):
            parts_text = rest[status_at.start() :] if status_at else ""
        elif bracket is not None:
            label, link, parts_text = bracket
            if not label.startswith(_UNTITLED):  # a linked paper with no title of its own
                candidate.title = collapse(unescape(label)) or None
        elif status_at is not None:
            candidate.title = collapse(unescape(rest[: status_at.start()])) or None
            parts_text = rest[status_at.start() :]
        else:
            candidate.title = collapse(unescape(rest)) or None
            parts_text = ""
        for part in parts_text.split(_SEPARATOR):
            part = part.strip()
            status = re.fullmatch(r"\*\*(todo|reading|done|skipped)\*\*", part)
            if status:
                candidate.status = Status(status.group(1))
            elif _ISO_DATE.match(part):
                from readlist.dates import parse_date

                candidate.published = parse_date(part)
            elif part.startswith("tags: "):
                candidate.tags = [unescape(t).strip() for t in part[6:].split(", ") if t.strip()]
            elif part.partition(": ")[0] in SITE_KEYS:  # `openreview: YicbFdNTTy`
                site, _, value = part.partition(": ")
                candidate.take_site_id(site, unescape(value))
            elif part:
                names = unescape(part).removesuffix(" et al.")
                candidate.authors = [n.strip() for n in names.split(", ") if n.strip()]
        if link:
            found, _raw, problem = arxiv_in(link)
            if found:
                candidate.arxiv, candidate.version = found.id, found.version
            else:
                candidate.url = link
                candidate.notes = problem
        index += 1
        # The abstract: <details><summary>Abstract</summary> ... </details>, indented.
        probe = index
        while probe < len(lines) and not lines[probe].strip():
            probe += 1
        if probe < len(lines) and lines[probe].strip().startswith("<details>"):
            body: list[str] = []
            probe += 1
            while probe < len(lines) and lines[probe].strip() != "</details>":
                if _EXPORT_ITEM.match(lines[probe]):
                    break
                body.append(lines[probe])
                probe += 1
            candidate.abstract = clean_abstract(unescape("\n".join(body)))
            index = (
                probe + 1 if probe < len(lines) and lines[probe].strip() == "</details>" else probe
            )
        if candidate.title is None and candidate.abstract is None and candidate.arxiv is None:
            candidate.problem = "an untitled item without its abstract: nothing identifies it"
        candidates.append(candidate)
    return candidates
