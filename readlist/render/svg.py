"""The SVG pictures readlist saves (`progress --svg`, `challenge post --svg`, `stats --svg`): local
fonts only (a generic monospace stack, nothing fetched), and every piece of text at its own x,
without spaces in it, so that a browser and librsvg lay it out alike whatever font they find."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

FONT = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"
FONT_SIZE = 13
# The width one character is given, in pixels at FONT_SIZE: monospace fonts take 0.60 em
# (7.8 px); a little more here, so that a piece of text never reaches the next one.
CHAR_WIDTH = 8.0
# Terminal views (progress, a post's card): line height and the margin around them.
TERMINAL_LINE = 17
TERMINAL_MARGIN = 16
# Box-drawing characters (tables' borders) are drawn as lines, from cell edge to cell edge, so
# that borders join whatever the font; every other run of visible characters is one text.
_BOX = "".join(chr(c) for c in range(0x2500, 0x2580))
_WORD = re.compile(rf"[{_BOX}]+|[^\s{_BOX}]+")


class Picture:
    """An SVG picture made of text pieces and rectangles, each at explicit coordinates."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(
        self,
        x: float,
        y: float,
        value: str,
        anchor: str = "start",
        *,
        bold: bool = False,
        italic: bool = False,
        fill: str | None = None,
    ) -> None:
        extra = ' font-weight="bold"' if bold else ""
        extra += ' font-style="italic"' if italic else ""
        extra += f' fill="{fill}"' if fill else ""
        self.parts.append(
            f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{extra}>{escape(value)}</text>'
        )

    def rect(self, x: float, y: float, w: float, h: float, fill: str, title: str = "") -> None:
        inner = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(
            f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="{fill}">{inner}</rect>'
        )

    def document(
        self,
        width: float,
        height: float,
        title: str,
        *,
        background: str = "#ffffff",
        foreground: str = "#24292f",
    ) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" font-family={quoteattr(FONT)} '
            f'font-size="{FONT_SIZE}" fill="{foreground}">'
        )
        return "\n".join(
            [
                head,
                f"<title>{escape(title)}</title>",
                f'<rect width="100%" height="100%" fill="{background}"/>',
                *self.parts,
                "</svg>",
                "",
            ]
        )


def terminal(renderables: list[Any], title: str, width: int = 110) -> str:
    """Rich renderables as they look on a terminal `width` columns wide, as a picture: each
    word at the x of its column, in its colour, bold or italic; backgrounds as rectangles."""
    import io

    from rich.cells import cell_len
    from rich.console import Console
    from rich.terminal_theme import SVG_EXPORT_THEME as THEME

    console = Console(
        width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    options = console.options.update(width=width)
    lines: list[list[Any]] = []
    for renderable in renderables:
        if isinstance(renderable, str):
            renderable = console.render_str(renderable)
        lines.extend(console.render_lines(renderable, options, pad=False, new_lines=False))
    background = THEME.background_color.hex
    foreground = THEME.foreground_color.hex
    picture = Picture()
    for row, segments in enumerate(lines):
        top = TERMINAL_MARGIN + row * TERMINAL_LINE
        baseline = top + TERMINAL_LINE - 4
        column = 0
        for segment in segments:
            text, style = segment.text, segment.style
            colour, fill = _colours(style, THEME)
            if fill:
                left = TERMINAL_MARGIN + column * CHAR_WIDTH
                picture.rect(left, top, cell_len(text) * CHAR_WIDTH, TERMINAL_LINE, fill)
            for word in _WORD.finditer(text):
                x = TERMINAL_MARGIN + (column + cell_len(text[: word.start()])) * CHAR_WIDTH
                if word.group()[0] in _BOX:
                    for offset, char in enumerate(word.group()):
                        _box(picture, char, x + offset * CHAR_WIDTH, top, colour or foreground)
                    continue
                picture.text(
                    x,
                    baseline,
                    word.group(),
                    bold=bool(style and style.bold),
                    italic=bool(style and style.italic),
                    fill=colour,
                )
            column += cell_len(text)
    return picture.document(
        2 * TERMINAL_MARGIN + width * CHAR_WIDTH,
        2 * TERMINAL_MARGIN + len(lines) * TERMINAL_LINE,
        title,
        background=background,
        foreground=foreground,
    )


def _box_arms(char: str) -> dict[str, float]:
    """The arms of a box-drawing character (up, down, left, right) and their thickness, from its
    Unicode name ("BOX DRAWINGS HEAVY DOWN AND RIGHT", "...DOWN LIGHT AND RIGHT UP HEAVY")."""
    import unicodedata

    thickness = {"LIGHT": 1.0, "HEAVY": 2.0, "DOUBLE": 2.0}
    spread = {"HORIZONTAL": ("LEFT", "RIGHT"), "VERTICAL": ("UP", "DOWN")}
    words = unicodedata.name(char, "").split()[2:]
    if not words or any(w in ("DASH", "ARC", "DIAGONAL", "TRIPLE", "QUADRUPLE") for w in words):
        return {}
    arms: dict[str, float] = {}
    pending: list[str] = []
    overall = thickness.get(words[0])
    for word in words:
        if word in thickness:
            for direction in pending:
                arms[direction] = thickness[word]
            pending = []
        elif word in spread or word in ("UP", "DOWN", "LEFT", "RIGHT"):
            pending.extend(spread.get(word, (word,)))
    for direction in pending:
        arms[direction] = overall or 1.0
    if overall is not None:
        arms = dict.fromkeys(arms, overall)
    return arms


def _box(picture: Picture, char: str, left: float, top: float, colour: str) -> None:
    arms = _box_arms(char)
    if not arms:
        picture.text(left, top + TERMINAL_LINE - 4, char, fill=colour)
        return
    middle_x, middle_y = left + CHAR_WIDTH / 2, top + TERMINAL_LINE / 2
    for direction, width in arms.items():
        half = width / 2
        if direction == "LEFT":
            picture.rect(left, middle_y - half, CHAR_WIDTH / 2 + half, width, colour)
        elif direction == "RIGHT":
            picture.rect(middle_x - half, middle_y - half, CHAR_WIDTH / 2 + half, width, colour)
        elif direction == "UP":
            picture.rect(middle_x - half, top, width, TERMINAL_LINE / 2 + half, colour)
        else:
            picture.rect(middle_x - half, middle_y - half, width, TERMINAL_LINE / 2 + half, colour)


def _colours(style: Any, theme: Any) -> tuple[str | None, str | None]:
    """A segment's text colour (None: the picture's) and background (None: none)."""
    if style is None:
        return None, None
    from rich.color import blend_rgb

    colour = fill = None
    if style.color and not style.color.is_default:
        colour = style.color.get_truecolor(theme)
    if style.bgcolor and not style.bgcolor.is_default:
        fill = style.bgcolor.get_truecolor(theme, foreground=False)
    if style.reverse:
        colour, fill = fill or theme.background_color, colour or theme.foreground_color
    if style.dim:
        colour = blend_rgb(colour or theme.foreground_color, fill or theme.background_color, 0.4)
    return (colour.hex if colour else None), (fill.hex if fill else None)
