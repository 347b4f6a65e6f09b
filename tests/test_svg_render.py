"""Every SVG picture readlist writes (progress, a challenge's post card, stats) names local fonts
only and places each piece of text at its own x; rendered by librsvg (rsvg-convert) and by a
real headless Chromium, no two pieces of text run into each other.

How "no glue" is checked on the pixels: the picture is rendered once more with its rectangles
left out and its text black on white; between two pieces of text of a line that a space
separates, the columns between where one ends and the next starts (in readlist's fixed-width
assumption) must be blank over the line's height. A renderer that ignored
the x positions, or a font wider than readlist assumes, puts ink into that gap."""

from __future__ import annotations

import math
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest

from readlist.render.svg import CHAR_WIDTH, FONT_SIZE
from tests.challenge_lists import write_seeds_like
from tests.conftest import Cli
from tests.helpers import browser, png

NS = "{http://www.w3.org/2000/svg}"
RSVG = shutil.which("rsvg-convert")


@pytest.fixture
def pictures(cli: Cli, tmp_path: Path) -> dict[str, Path]:
    """Each kind of SVG readlist writes, from a list like the seeds (long titles, ids)."""
    write_seeds_like(cli.path)
    made = {name: tmp_path / f"{name}.svg" for name in ("progress", "overview", "post", "stats")}
    cli.ok("progress", "30daysofDiffusion", "--svg", str(made["progress"]))
    cli.ok("progress", "--svg", str(made["overview"]))
    cli.ok("challenge", "post", "30daysofDiffusion", "--day", "8", "--svg", str(made["post"]))
    cli.ok("stats", "--svg", str(made["stats"]))
    return made


def _width(text: str) -> float:
    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return cells * CHAR_WIDTH


def _lines(root: ET.Element) -> dict[float, list[tuple[float, float, str]]]:
    """Each baseline's pieces of text as (left, right, text), left to right, in readlist's
    fixed-width assumption."""
    lines: dict[float, list[tuple[float, float, str]]] = defaultdict(list)
    for element in root.iter(f"{NS}text"):
        text, x = element.text or "", float(element.get("x", "nan"))
        left = x - _width(text) if element.get("text-anchor") == "end" else x
        lines[float(element.get("y", "nan"))].append((left, left + _width(text), text))
    return {y: sorted(pieces) for y, pieces in lines.items()}


def _spaced_pairs(root: ET.Element) -> list[tuple[float, float, float, str, str]]:
    """(baseline, end of one piece, start of the next, the two texts) for neighbours on a line
    that at least a space separates."""
    pairs = []
    for y, pieces in _lines(root).items():
        for (_, end, first), (start, _, second) in zip(pieces, pieces[1:], strict=False):
            if start - end >= CHAR_WIDTH * 0.9:
                pairs.append((y, end, start, first, second))
    return pairs


def test_every_svg_names_local_fonts_and_keeps_its_pieces_of_text_apart(
    pictures: dict[str, Path],
) -> None:
    for name, path in pictures.items():
        raw = path.read_text(encoding="utf-8")
        for web in ("@font-face", "@import", "url(", "<link", "https://", "<style"):
            assert web not in raw, (name, web)
        root = ET.fromstring(raw)
        assert root.tag == f"{NS}svg" and float(root.get("width", 0)) > 0, name
        families = {e.get("font-family") for e in root.iter() if e.get("font-family")}
        assert len(families) == 1, (name, families)
        stack = [f.strip() for f in families.pop().split(",")]
        assert stack[-1] == "monospace" and "DejaVu Sans Mono" in stack, (name, stack)
        texts = list(root.iter(f"{NS}text"))
        assert len(texts) > 20, name
        for element in texts:
            assert element.get("x") and element.get("text-anchor") in ("start", "end"), name
            # SVG collapses runs of spaces and drops those at the ends: none is relied on.
            value = element.text or ""
            assert value.strip() == value and "  " not in value and value, (name, value)
        for y, pieces in _lines(root).items():
            for (_, end, first), (start, _, second) in zip(pieces, pieces[1:], strict=False):
                assert start >= end - 0.01, f"{name}: {first!r} overlaps {second!r} at y={y}"
        assert _spaced_pairs(root), name


def test_the_progress_svg_keeps_titles_apart_from_ids(pictures: dict[str, Path]) -> None:
    root = ET.fromstring(pictures["progress"].read_text(encoding="utf-8"))
    pairs = {(first, second) for _, _, _, first, second in _spaced_pairs(root)}
    assert ("dreambooth", "2208.12242") in pairs
    assert ("Synthesis", "2204.11824") in pairs


def _text_only(svg: Path, out: Path) -> tuple[int, int]:
    """The picture's text alone, black on white (its rectangles left out); its size."""
    ET.register_namespace("", NS[1:-1])
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{NS}rect":
                parent.remove(child)
    for element in root.iter(f"{NS}text"):
        element.attrib.pop("fill", None)
    root.set("fill", "#000000")
    root.insert(0, ET.Element(f"{NS}rect", width="100%", height="100%", fill="#ffffff"))
    out.write_text(ET.tostring(root, encoding="unicode"), encoding="utf-8")
    return round(float(root.get("width", 0))), round(float(root.get("height", 0)))


def _glued(image: png.Image, root: ET.Element) -> list[str]:
    """The spaced neighbours whose gap (where readlist assumes neither reaches) has ink."""
    glued = []
    for y, end, start, first, second in _spaced_pairs(root):
        rows = range(max(0, round(y - FONT_SIZE * 0.8)), min(image.height, round(y + 2)))
        # A pixel of slack at each side, for anti-aliasing and italics leaning over.
        columns = range(math.ceil(end) + 1, min(image.width, math.floor(start) - 1))
        if any(image.dark(x, row) for x in columns for row in rows):
            glued.append(f"{first!r} {second!r} at y={y:g}")
    return glued


def _inked(image: png.Image) -> int:
    return sum(image.dark(x, y) for y in range(0, image.height, 3) for x in range(image.width))


def _check_rendering(name: str, svg: Path, rendered: Path, plain: Path, size: tuple[int, int]):
    picture = png.read(rendered)
    assert (picture.width, picture.height) == size, name
    assert len({picture.pixel(x, y) for y in range(0, size[1], 7) for x in range(size[0])}) > 3
    text = png.read(plain)
    assert _inked(text) > 500, f"{name}: almost no text was drawn"
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    assert _glued(text, root) == [], name


@pytest.mark.slow
@pytest.mark.skipif(RSVG is None, reason="rsvg-convert is not installed (Debian: librsvg2-bin)")
def test_librsvg_renders_every_svg_with_its_text_apart(
    pictures: dict[str, Path], tmp_path: Path
) -> None:
    assert RSVG is not None
    for name, svg in pictures.items():
        plain = tmp_path / f"{name}-text.svg"
        size = _text_only(svg, plain)
        for source in (svg, plain):
            done = subprocess.run(
                [RSVG, str(source), "-o", str(source.with_suffix(".png"))],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 0 and done.stderr == "", (name, done.stderr)
        _check_rendering(name, svg, svg.with_suffix(".png"), plain.with_suffix(".png"), size)


def _screenshot(svg: Path, size: tuple[int, int], out: Path, profile: Path) -> None:
    done = browser.run(
        profile,
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={size[0]},{size[1]}",
        f"--screenshot={out}",
        svg.as_uri(),
    )
    assert done.returncode == 0 and out.is_file(), done.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.skipif(not Path(browser.CHROMIUM).exists(), reason=browser.MISSING)
def test_chromium_renders_the_progress_and_stats_svgs_with_their_text_apart(
    pictures: dict[str, Path], tmp_path: Path
) -> None:
    for name in ("progress", "stats"):
        svg = pictures[name]
        plain = tmp_path / f"{name}-text.svg"
        size = _text_only(svg, plain)
        shots = (tmp_path / f"{name}-browser.png", tmp_path / f"{name}-text-browser.png")
        _screenshot(svg, size, shots[0], tmp_path / "chromium")
        _screenshot(plain, size, shots[1], tmp_path / "chromium")
        _check_rendering(name, svg, *shots, size)


@pytest.mark.slow
@pytest.mark.skipif(RSVG is None, reason="rsvg-convert is not installed (Debian: librsvg2-bin)")
def test_the_pixel_check_sees_text_run_together(pictures: dict[str, Path], tmp_path: Path) -> None:
    """The check above can fail: drawn in a font half as wide again as readlist assumes (what
    a renderer ignoring the font stack might do), titles and ids run together and it says so."""
    assert RSVG is not None
    plain = tmp_path / "wide.svg"
    _text_only(pictures["progress"], plain)
    plain.write_text(
        plain.read_text(encoding="utf-8").replace('font-size="13"', 'font-size="20"', 1),
        encoding="utf-8",
    )
    subprocess.run([RSVG, str(plain), "-o", str(tmp_path / "wide.png")], check=True, timeout=60)
    root = ET.fromstring(pictures["progress"].read_text(encoding="utf-8"))
    glued = _glued(png.read(tmp_path / "wide.png"), root)
    assert len(glued) > 10 and any(g.startswith("'dreambooth' '2208.12242'") for g in glued), glued
