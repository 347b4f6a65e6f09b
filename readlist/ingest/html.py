"""HTML pages saved from a browser (a lab's reading list, a conference's accepted papers, a
bookmark export), read with the standard library's HTML parser: block elements become lines,
links `[text](href)`, headings `#`, bold `**`, table rows `| cells |`, list items `- `, and the
Markdown reader finds the papers. Scripts, styles, navigation and page furniture are left out."""

from __future__ import annotations

from html.parser import HTMLParser

from readlist.ingest.candidate import Candidate

_BLOCKS = frozenset(
    {"p", "div", "section", "article", "br", "dt", "dd", "blockquote", "tr", "ul", "ol", "dl"}
    | {"table", "thead", "tbody", "main", "body", "figure", "figcaption", "hr", "pre"}
)
_SKIPPED = frozenset({"script", "style", "nav", "header", "footer", "noscript", "svg", "head"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}


class _Markdown(HTMLParser):
    """Collects the page as Markdown lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.origins: list[int] = []  # the page's line each Markdown line comes from
        self.block_line = 1
        self.current: list[str] = []
        self.skipping = 0
        self.href: str | None = None
        self.link_text: list[str] = []
        self.in_cell = False
        self.cells: list[str] = []
        self.header_row = False  # the row being read has <th> cells
        self.rows = 0  # rows of the table being read

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text and text not in ("-", "#"):
            self.add(text)
            self.add("")
        self.current = []
        self.block_line = self.getpos()[0]

    def block_break(self) -> None:
        """A new line, except inside a table cell: two readings in one cell (`<a>..</a><br>
        <a>..</a>`) stay in their row."""
        if self.in_cell:
            self.write(" ")
        else:
            self.flush()

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.origins.append(self.block_line)

    def write(self, text: str) -> None:
        if self.href is not None:
            self.link_text.append(text)
        else:
            self.current.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        if self.skipping:
            return
        if tag in _HEADINGS:
            self.flush()
            self.current.append("#" * _HEADINGS[tag] + " ")
        elif tag == "li":
            self.flush()
            self.current.append("- ")
        elif tag in ("td", "th"):
            self.in_cell = True
            self.header_row = self.header_row or tag == "th"
            self.current = []
        elif tag in _BLOCKS:
            self.block_break()
        elif tag in ("b", "strong"):
            self.write("**")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://", "ftp://")):
                self.href, self.link_text = href, []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "a" and self.href is not None:
            label = " ".join("".join(self.link_text).split())
            label = label.replace("[", "\\[").replace("]", "\\]").replace("*", "\\*")
            href, self.href = self.href, None
            if label and any(c in href for c in " ()<>"):  # CommonMark reads these only in <>
                href = "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
            self.write(f"[{label}]({href})" if label else f"<{href}>")
        elif tag in ("b", "strong"):
            self.write("**")
        elif tag in ("td", "th"):
            self.cells.append(" ".join("".join(self.current).split()).replace("|", "/"))
            self.current, self.in_cell = [], False
        elif tag == "tr":
            if any(self.cells):
                self.add("| " + " | ".join(self.cells) + " |")
                if self.rows == 0 and self.header_row:
                    self.add("|" + " --- |" * len(self.cells))
                self.rows += 1
            self.cells, self.header_row = [], False
            self.block_line = self.getpos()[0]
        elif tag == "table":
            self.add("")
            self.rows = 0
        elif tag in _HEADINGS or tag == "li" or tag in _BLOCKS:
            self.block_break()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.href is not None:
            self.link_text.append(data)
        else:
            self.write(data.replace("*", "\\*").replace("[", "\\[").replace("]", "\\]"))


def looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def to_markdown(text: str) -> tuple[str, list[int]]:
    """The page as Markdown, and the page's line each Markdown line comes from."""
    parser = _Markdown()
    parser.feed(text)
    parser.close()
    parser.flush()
    return "\n".join(parser.lines), parser.origins


def parse(text: str, source_name: str) -> list[Candidate]:
    from readlist.ingest import markdown

    converted, origins = to_markdown(text)
    candidates = markdown.parse(converted, source_name)
    for candidate in candidates:
        line = int(candidate.source.rsplit(":", 1)[1])
        if 1 <= line <= len(origins):
            candidate.source = f"{source_name}:{origins[line - 1]}"
    return candidates
