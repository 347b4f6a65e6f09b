"""The Markdown export, rendered by a real CommonMark renderer (markdown-it-py with the GFM table
and task-list extensions): every paper appears once, as a link when it has one, checkboxes match
the statuses, challenge tables keep four columns whatever the titles hold, and no HTML from the
list's text gets through."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.export import markdown
from readlist.export.markdown import escape_block, escape_inline
from readlist.models import Challenge, ChallengeEntry, Paper, Status
from readlist.store import Store
from tests.conftest import ROOT, Cli
from tests.mdhtml import Node, render_tree
from tests.test_export_golden import LISTS

TODAY = date(2026, 11, 21)
# What the renderer may produce from an export: anything else came from the list's text.
ALLOWED_TAGS = {
    "h1", "h2", "h3", "p", "ul", "li", "input", "a", "strong", "em", "details", "summary",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
GROUPINGS = ["status", "tag", "challenge", "none"]


def collapsed(text: str) -> str:
    return " ".join(text.split())


def item_line(item: Node) -> Node:
    """A task-list item without its abstract (<details>) and notes (<blockquote>)."""
    kept = [
        c for c in item.children if not (isinstance(c, Node) and c.tag in ("details", "blockquote"))
    ]
    return Node("line", children=kept)


def notes_paragraphs(item: Node) -> list[str]:
    quotes = [c for c in item.children if isinstance(c, Node) and c.tag == "blockquote"]
    assert len(quotes) <= 1
    return [p.text() for p in quotes[0].find_all("p")] if quotes else []


def task_items(root: Node) -> list[Node]:
    return [li for li in root.find_all("li") if li.has_class("task-list-item")]


def checkbox_checked(item: Node) -> bool:
    boxes = item_line(item).find_all("input")
    assert len(boxes) == 1, item.text()
    return "checked" in boxes[0].attrs


def expected_label(paper: Paper) -> str:
    """The text a reader sees for the paper's title."""
    if paper.title:
        return collapsed(paper.title)
    if paper.abstract:
        return "Untitled: " + " ".join(paper.abstract.split()[: markdown.UNTITLED_WORDS]) + "…"
    return "Untitled: " + (paper.alias or paper.arxiv or paper.id)


def load(path: Path) -> tuple[list[Paper], list[Challenge]]:
    library = Store(path).load()
    return library.all(), library.challenges


def identify(item: Node, papers: list[Paper]) -> Paper:
    """The paper a rendered item stands for: by its link, else by its title text."""
    line = item_line(item)
    links = line.find_all("a")
    if links:
        assert len(links) == 1, line.text()
        found = [
            p for p in papers if markdown.link_target(p) and links[0].text() == expected_label(p)
        ]
    else:
        text = line.text().strip()
        found = [
            p
            for p in papers
            if not markdown.link_target(p) and text.startswith(expected_label(p) + " · ")
        ]
    assert len(found) == 1, (line.text(), [p.id for p in found])
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize("group_by", GROUPINGS)
@pytest.mark.parametrize("source", LISTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_rendered_markdown_lists_every_paper_once(cli: Cli, source: Path, group_by: str) -> None:
    shutil.copyfile(source, cli.path)
    papers, challenges = load(cli.path)
    text = cli.ok("export", "markdown", "--group-by", group_by).stdout
    assert text.startswith(markdown.MAGIC_LINE + "\n")
    root, comments = render_tree(text)

    assert comments == [" readlist export: markdown v1 "]
    assert root.tags() <= ALLOWED_TAGS, root.tags() - ALLOWED_TAGS

    items = task_items(root)
    shown = [identify(item, papers) for item in items]
    assert sorted(p.id for p in shown) == sorted(p.id for p in papers)
    for item, paper in zip(items, shown, strict=True):
        assert checkbox_checked(item) is (paper.status is Status.DONE), paper.id
        assert [s.text() for s in item_line(item).find_all("strong")] == [str(paper.status)]
        summaries = [d.find_all("summary")[0].text() for d in item.find_all("details")]
        assert summaries == (["Abstract"] if paper.abstract else []), paper.id
        notes = notes_paragraphs(item)
        assert bool(notes) is bool(paper.notes), paper.id
        if notes:
            assert notes[0].startswith("Notes: ")

    # Each paper with a link is linked exactly once in the whole document, to its link.
    hrefs = [a.attrs.get("href") for a in root.find_all("a")]
    linked = [p for p in papers if markdown.link_target(p)]
    assert len(hrefs) == len(linked)
    for paper in linked:
        assert hrefs.count(markdown.link_target(paper)) == 1, paper.id

    tables = root.find_all("table")
    assert len(tables) == len(challenges)
    known = {p.id: p for p in papers}
    for table, challenge in zip(tables, challenges, strict=True):
        check_challenge_table(table, challenge, known)


def check_challenge_table(table: Node, challenge: Challenge, known: dict[str, Paper]) -> None:
    assert [th.text() for th in table.find_all("th")] == ["Day", "Date", "Paper", "Status"]
    rows = table.find_all("tbody")[0].find_all("tr")
    breaks = [row for row in rows if row.find_all("td")[3].text() == "break"]
    assert len(breaks) == len(challenge.breaks)
    for row, pause in zip(breaks, challenge.breaks, strict=True):
        cells = [td.text() for td in row.find_all("td")]
        assert cells[:2] == ["", pause.paused.isoformat()] and cells[2].startswith("break: ")
    rows = [row for row in rows if row not in breaks]
    assert len(rows) == challenge.days
    for number, row in enumerate(rows, start=1):
        cells = [td.text() for td in row.find_all("td")]
        assert len(cells) == 4, cells
        assert cells[0] == str(number)
        entry = challenge.entry_for_day(number)
        if entry is None:
            assert cells[2] == "—"
            assert cells[3] in ("unrecorded", "today", "open")
            continue
        paper = known[entry.paper]
        assert cells[2] == collapsed(paper.display_title)
        if paper.status is Status.DONE:
            assert cells[3] == "done"
            if paper.finished:
                assert cells[1] == paper.finished.isoformat()
            else:
                assert cells[1].startswith("~")
        else:
            assert cells[3] in ("reading", "skipped", "today", "missed", "planned")


def table_rows(table: Node) -> dict[int, list[str]]:
    rows = ([td.text() for td in tr.find_all("td")] for tr in table.find_all("tr")[1:])
    return {int(cells[0]): cells[1:] for cells in rows}


def test_fixture_challenge_shows_gaps_and_an_unknown_done_date(cli: Cli) -> None:
    shutil.copyfile(LISTS[0], cli.path)
    root, _ = render_tree(cli.ok("export", "markdown").stdout)
    rows = table_rows(root.find_all("table")[0])
    assert rows[1][0::2] == ["2023-01-02", "done"]
    for day in range(2, 7):
        assert rows[day][1:] == ["—", "unrecorded"]  # gaps, never shown as read
    assert rows[7] == ["~2023-01-08", "Denoising Diffusion Probabilistic Models", "done"]
    assert rows[9][2] == "missed"
    assert rows[10][2] == "skipped"
    summer = table_rows(root.find_all("table")[1])
    statuses = [cells[2] for cells in summer.values()]
    assert statuses == ["done", "today", "planned", "planned", "planned"]
    assert summer[5][1] == "ViCo"  # an untitled paper: its short name, as progress shows it


def test_group_by_tag_lists_a_paper_once_under_its_first_tag(cli: Cli) -> None:
    shutil.copyfile(LISTS[0], cli.path)
    text = cli.ok("export", "markdown", "--group-by", "tag").stdout
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## diffusion (6)", "## markdown (1)", "## math (1)"]
    assert headings[-2:] == ["## Untagged (2)", "## Challenges"]
    dreambooth = text.index("[DreamBooth")
    assert text.rindex("## ", 0, dreambooth) == text.index("## diffusion")


# Property tests: whatever the text, the structure holds and no HTML gets through.

SPECIAL_PIECES = [
    *"\\`*_[]<>|#~!&;:()/-+=.$%^{}\"'",
    " ", "\n", "\t", "é", "王", "·", "…", "&amp;", "&#60;", "<script>", "</details>", "<b>",
    "http://x.io", "- ", "+ ", "1. ", "2) ", "---", "***", "```", "    ", "> ", "![x](y)",
    "[a](b)", "<http://x.io>", "\\|", "|\\", "$x$",
]  # fmt: skip
text_pieces = st.one_of(
    st.sampled_from(SPECIAL_PIECES),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=4),
)
texts = st.lists(text_pieces, min_size=1, max_size=16).map("".join).filter(lambda t: t.strip())
statuses = st.sampled_from(list(Status))


def one_paper_document(paper: Paper, group_by: str = "status") -> tuple[Node, str]:
    challenge = Challenge(
        name="Check", days=3, start=date(2026, 11, 20), entries=[ChallengeEntry(2, paper.id)]
    )
    text = markdown.render([paper], [challenge], TODAY, group_by=group_by)
    root, _ = render_tree(text)
    assert root.tags() <= ALLOWED_TAGS, (text, root.tags())
    return root, text


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts, status=statuses, linked=st.booleans(), group_by=st.sampled_from(GROUPINGS))
def test_any_title_keeps_its_link_item_and_table(
    title: str, status: Status, linked: bool, group_by: str
) -> None:
    paper = Paper(id="p", title=title, status=status, arxiv="2208.12242" if linked else None)
    root, text = one_paper_document(paper, group_by)
    items = task_items(root)
    assert len(items) == 1, text
    line = item_line(items[0])
    links = root.find_all("a")
    if linked:
        assert len(links) == 1, text
        assert links[0].text() == collapsed(title)
        assert links[0].attrs["href"] == "https://arxiv.org/abs/2208.12242"
    else:
        assert links == []
        assert line.text().strip().startswith(collapsed(title) + " · "), text
    assert checkbox_checked(items[0]) is (status is Status.DONE)
    rows = root.find_all("table")[0].find_all("tr")
    assert len(rows) == 4
    for row in rows:
        assert len(row.find_all("td") or row.find_all("th")) == 4, text
    assert rows[2].find_all("td")[2].text() == collapsed(title)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    abstract=texts,
    notes=st.lists(texts, min_size=1, max_size=3),
    authors=st.lists(texts, max_size=4),
    tags=st.lists(texts, max_size=3),
)
def test_any_abstract_notes_authors_and_tags_stay_text(
    abstract: str, notes: list[str], authors: list[str], tags: list[str]
) -> None:
    paper = Paper(
        id="p",
        title="T",
        arxiv="2208.12242",
        abstract=abstract,
        notes="\n\n".join(notes),
        authors=authors,
        tags=tags,
    )
    root, text = one_paper_document(paper)
    assert len(task_items(root)) == 1
    assert len(root.find_all("a")) == 1
    details = root.find_all("details")
    assert [d.find_all("summary")[0].text() for d in details] == ["Abstract"], text
    abstract_paragraphs = [p.text() for p in details[0].find_all("p")]
    assert abstract_paragraphs == [collapsed(abstract)], text
    # Paragraphs are separated by blank lines (which may hold spaces).
    paragraphs = re.split(r"\n\s*\n", "\n\n".join(notes))
    expected_notes = [collapsed(n) for n in paragraphs if n.strip()]
    expected_notes[0] = "Notes: " + expected_notes[0]
    assert notes_paragraphs(task_items(root)[0]) == expected_notes, text
    line = item_line(task_items(root)[0]).text().strip()
    if tags:
        assert line.endswith("tags: " + ", ".join(collapsed(t) for t in tags)), text


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(name=texts)
def test_any_challenge_or_tag_name_stays_a_heading(name: str) -> None:
    paper = Paper(id="p", title="T", tags=[name])
    challenge = Challenge(name=name, days=1, start=TODAY, entries=[ChallengeEntry(1, "p")])
    for group_by in ("tag", "challenge"):
        root, _ = render_tree(markdown.render([paper], [challenge], TODAY, group_by=group_by))
        assert root.tags() <= ALLOWED_TAGS
        assert root.find_all("h2")[0].text().startswith(collapsed(name))


# Escaping and challenge days, directly.


def test_escape_inline_backslashes_the_specials_and_encodes_ampersands() -> None:
    assert escape_inline("a|b *c* _d_ [e] <f> `g` #h ~i !j \\k & l") == (
        "a\\|b \\*c\\* \\_d\\_ \\[e\\] \\<f\\> \\`g\\` \\#h \\~i \\!j \\\\k &amp; l"
    )
    assert escape_inline("  two\n lines\t") == "two lines"


def test_escape_block_uses_entities_and_keeps_a_paragraph() -> None:
    assert escape_block("<b>x</b> & y | z") == "&lt;b&gt;x&lt;/b&gt; &amp; y \\| z"
    assert escape_block("- item") == "\\- item"
    assert escape_block("---") == "\\---"
    assert escape_block("12. twelve") == "12\\. twelve"
    assert escape_block("2023 was a year") == "2023 was a year"


def _challenge(start: date | None, entries: dict[int, str], days: int = 5) -> Challenge:
    return Challenge(
        name="c", days=days, start=start, entries=[ChallengeEntry(d, p) for d, p in entries.items()]
    )


def test_challenge_days_follow_the_progress_view() -> None:
    papers = [
        Paper(id="a", title="A", status=Status.DONE, finished=date(2026, 11, 19)),
        Paper(id="b", title="B", status=Status.DONE),  # done, date unknown
        Paper(id="c", title="C", status=Status.TODO),
        Paper(id="d", title="D", status=Status.READING),
    ]
    challenge = _challenge(date(2026, 11, 18), {1: "a", 2: "b", 3: "c", 6: "d"}, days=6)
    root, _ = render_tree(markdown.render(papers, [challenge], TODAY))
    assert table_rows(root.find_all("table")[0]) == {
        1: ["2026-11-19", "A", "done"],
        2: ["~2026-11-19", "B", "done"],
        3: ["2026-11-20", "C", "missed"],
        4: ["2026-11-21", "—", "today"],
        5: ["2026-11-22", "—", "open"],
        6: ["2026-11-23", "D", "reading"],
    }


def test_challenge_progress_line_says_where_the_challenge_stands() -> None:
    def line(start: date, entries: dict[int, str] | None = None) -> str:
        papers = [Paper(id="a", status=Status.DONE, finished=start)]
        text = markdown.render(papers, [_challenge(start, entries or {}, days=10)], TODAY)
        return text.splitlines()[6]

    assert line(date(2026, 11, 12)) == (
        "**c**: 0 of 10 days done (0%) · 2026-11-12 to 2026-11-21 · day 10 today"
    )
    assert line(date(2026, 11, 11), {1: "a"}).endswith(
        "1 of 10 days done (10%) · 2026-11-11 to 2026-11-20 · finished"
    )
    assert line(date(2026, 11, 22)).endswith("· not started")


def test_a_challenge_naming_a_paper_that_is_gone_still_renders() -> None:
    challenge = _challenge(TODAY, {1: "gone"}, days=1)
    root, _ = render_tree(markdown.render([], [challenge], TODAY))
    cells = [td.text() for td in root.find_all("td")]
    assert cells == ["1", "2026-11-21", "gone (not in the list)", "missing"]


def test_untitled_papers_are_marked_and_linked_when_they_have_a_link() -> None:
    words = "Diffusion models are a class of deep generative models that have shown"
    untitled = Paper(id="u", needs_title=True, abstract=words)
    alias_only = Paper(id="2306.00971", alias="ViCo", arxiv="2306.00971")
    text = markdown.render([untitled, alias_only], [], TODAY)
    expected_untitled = "- [ ] *Untitled:* Diffusion models are a class of deep generative…"
    assert expected_untitled + " · **todo**" in text
    assert "- [ ] [*Untitled:* ViCo](https://arxiv.org/abs/2306.00971) · **todo**" in text


def test_item_line_follows_the_contract() -> None:
    paper = Paper(
        id="2208.12242",
        title="DreamBooth: Fine Tuning",
        arxiv="2208.12242",
        status=Status.DONE,
        authors=["Nataniel Ruiz", "Yuanzhen Li", "Varun Jampani", "Yael Pritch"],
        published=date(2022, 8, 25),
        tags=["diffusion", "AIGC/CV"],
        abstract="Line one\nline two.",
    )
    assert markdown.paper_item(paper) == [
        "- [x] [DreamBooth: Fine Tuning](https://arxiv.org/abs/2208.12242) · **done** · "
        "Nataniel Ruiz, Yuanzhen Li et al. · 2022-08-25 · tags: diffusion, AIGC/CV",
        "  <details><summary>Abstract</summary>",
        "",
        "  Line one line two.",
        "",
        "  </details>",
    ]
    three = Paper(id="x", title="X", authors=["A", "B", "C"])
    assert markdown.paper_item(three) == ["- [ ] X · **todo** · A, B, C"]


def test_only_web_addresses_become_links() -> None:
    papers = [
        Paper(id="js", title="Script", url="javascript:alert(1)"),
        Paper(id="data", title="Data", url="data:text/html,<script>x</script>"),
        Paper(id="web", title="Web", url="HTTPS://example.org/a (b)"),
    ]
    text = markdown.render(papers, [], TODAY)
    root, _ = render_tree(text)
    assert [(a.text(), a.attrs["href"]) for a in root.find_all("a")] == [
        ("Web", "HTTPS://example.org/a%20%28b%29")
    ]
    assert "- [ ] Script · **todo**" in text
    assert "javascript" not in text


def test_empty_list_exports_a_header_and_a_zero_count() -> None:
    assert markdown.render([], [], TODAY) == (
        "<!-- readlist export: markdown v1 -->\n\n# Reading list\n\n**0 papers**\n"
    )


def test_unknown_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="group_by"):
        markdown.render([], [], TODAY, group_by="colour")
