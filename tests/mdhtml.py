"""Markdown rendered by a real CommonMark renderer (markdown-it-py, with the GFM table and task
list extensions), and the resulting HTML read into a small tree the tests can query."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

VOID_TAGS = {"input", "br", "hr", "img"}


def render_html(markdown: str) -> str:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(tasklists_plugin)
    return md.render(markdown)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found

    def tags(self) -> set[str]:
        names = set()
        for child in self.children:
            if isinstance(child, Node):
                names.add(child.tag)
                names |= child.tags()
        return names

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        raise AssertionError(f"unbalanced </{tag}> in the rendered HTML")

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse_html(html: str) -> tuple[Node, list[str]]:
    """The HTML as a tree, and its comments."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert len(builder.stack) == 1, f"unclosed <{builder.stack[-1].tag}> in the rendered HTML"
    return builder.root, builder.comments


def render_tree(markdown: str) -> tuple[Node, list[str]]:
    return parse_html(render_html(markdown))
