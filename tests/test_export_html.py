"""`readlist export html`: one self-contained page (checked by html5lib's strict parser, with no
resource fetched at view time), and its filters run in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from tests.conftest import Cli, write_list
from tests.helpers import browser

PAPERS = [
    {
        "id": "2208.12242",
        "title": "DreamBooth: Fine Tuning Text-to-Image Diffusion Models",
        "arxiv": "2208.12242",
        "status": "done",
        "finished": "2026-11-19",
        "tags": ["diffusion", "AIGC/CV"],
        "authors": ["Nataniel Ruiz", "Yuanzhen Li"],
    },
    {
        "id": "pali",
        "title": "PaLI: A Jointly-Scaled Multilingual Language-Image Model",
        "status": "reading",
        "started": "2026-11-20",
        "tags": ["vision"],
    },
    {
        "id": "evil",
        "title": 'Attacks <script>alert("x")</script> & "quotes"',
        "status": "todo",
        "tags": ["a<b>"],
        "notes": "</td></tr></table><img src=x onerror=alert(1)>",
    },
]
CHALLENGE = {
    "name": "30daysofDiffusion",
    "hashtag": "#30daysofDiffusion",
    "days": 5,
    "start": "2026-11-18",
    "entries": [{"day": 1, "paper": "2208.12242"}, {"day": 2, "paper": "pali"}],
}


@pytest.fixture
def page(cli: Cli) -> str:
    write_list(cli.path, [dict(p) for p in PAPERS], [dict(CHALLENGE)])
    target = cli.path.parent / "page.html"
    result = cli.ok("export", "html", "-o", str(target))
    assert result.stdout == f"Exported 3 papers as html to {target}\n"
    return target.read_text(encoding="utf-8")


def test_the_page_is_valid_html_and_escapes_every_text(page: str) -> None:
    html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<!-- readlist export: html v1 -->" in page
    assert "<script>alert" not in page and "<img" not in page
    assert (
        "Attacks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in page
    )
    assert '<a href="https://arxiv.org/abs/2208.12242">DreamBooth: Fine Tuning' in page
    assert page.count("<tr data-status=") == 3


def test_the_page_needs_no_network_to_be_seen(page: str) -> None:
    document = html5lib.parse(page, namespaceHTMLElements=False)
    assert not document.findall(".//link") and not document.findall(".//img")
    assert all("src" not in e.attrib for e in document.iter())
    styles = "".join(e.text or "" for e in document.iter("style"))
    assert "url(" not in styles and "@import" not in styles
    links = [a.attrib["href"] for a in document.iter("a")]
    assert links == ["https://arxiv.org/abs/2208.12242"]  # a link to follow, not a resource


def test_each_challenge_has_its_table_and_heatmap(page: str) -> None:
    document = html5lib.parse(page, namespaceHTMLElements=False)
    section = document.find(".//section[@class='challenge']")
    assert section is not None and section.find("h2").text == "#30daysofDiffusion"
    heatmap = section.find(".//table[@class='heatmap']")
    cells = heatmap.findall(".//td[@class='cell']")
    assert len(cells) == 5  # the challenge's five days
    tips = [c.attrib["title"] for c in cells]
    assert tips[1] == "2026-11-19: 1 paper read" and tips[0] == "2026-11-18: nothing read"
    days = [
        ["".join(td.itertext()) for td in tr.findall("td")]
        for table in section.findall(".//table")
        if table.attrib.get("class") != "heatmap"
        for tr in table.findall("./tbody/tr")
    ]
    assert days[0] == [
        "1",
        "2026-11-19",
        "DreamBooth: Fine Tuning Text-to-Image Diffusion Models (2208.12242)",
        "done",
    ]
    assert days[1][0] == "2" and days[1][3] == "reading"
    assert [d[3] for d in days[2:]] == ["unrecorded", "today", "open"]  # days with no paper


def test_a_filtered_page_keeps_the_challenge_whole(cli: Cli) -> None:
    write_list(cli.path, [dict(p) for p in PAPERS], [dict(CHALLENGE)])
    page = cli.ok("export", "html", "--status", "todo").stdout
    assert page.count("<tr data-status=") == 1
    assert '<section class="challenge">' not in page  # the todo paper is on no challenge
    page = cli.ok("export", "html", "--status", "done").stdout
    assert "PaLI: A Jointly-Scaled" in page  # day 2 of the challenge, though not listed


def _rendered(page: Path, query: str, tmp_path: Path) -> str:
    """The page's DOM after its script ran in headless Chromium, offline."""
    done = browser.run(
        tmp_path / "chromium", "--virtual-time-budget=2000", "--dump-dom", page.as_uri() + query
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(not Path(browser.CHROMIUM).exists(), reason=browser.MISSING)
def test_the_filters_work_in_a_real_browser(page: str, cli: Cli, tmp_path: Path) -> None:
    target = cli.path.parent / "page.html"
    everything = _rendered(target, "", tmp_path)
    assert '<span id="shown">3</span>' in everything
    assert not re.search(r"<tr [^>]*hidden", everything)
    diffusion = _rendered(target, "?q=dreambooth", tmp_path)
    assert '<span id="shown">1</span>' in diffusion
    rows = re.findall(r"<tr data-status=\"(\w+)\"[^>]*?(hidden=\"\")?>", diffusion)
    assert rows == [("done", ""), ("reading", 'hidden=""'), ("todo", 'hidden=""')]
    by_tag = _rendered(target, "?tag=AIGC", tmp_path)  # a tag matches the tags below it
    assert '<span id="shown">1</span>' in by_tag
    by_status = _rendered(target, "?status=reading", tmp_path)
    assert '<span id="shown">1</span>' in by_status and "PaLI" in by_status
    assert "<script>alert" not in by_status


def test_the_search_box_finds_the_words_list_finds(cli: Cli) -> None:
    papers = [dict(p) for p in PAPERS]
    papers[1]["venue"] = "CVPR 2023"
    write_list(cli.path, papers, [dict(CHALLENGE)])
    page = cli.ok("export", "html").stdout
    texts = dict(re.findall(r'<tr data-status="(\w+)"[^>]*data-text="([^"]*)"', page))
    # The venue and the arXiv id are words `readlist list` finds a paper by, so the page too.
    assert "cvpr 2023" in texts["reading"] and cli.ok("list", "cvpr").stdout.startswith("pali ")
    assert "2208.12242" in texts["done"]
    assert "nataniel ruiz" in texts["done"] and "diffusion" in texts["done"]
