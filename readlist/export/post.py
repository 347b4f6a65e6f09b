"""The day's post of a reading challenge, in the thread's own shape: "Day N #hashtag", the
paper's title, a line about it (the user's note), and "Paper: <link>", within a length. Pure
text out; `readlist ingest` reads such posts back to the same challenge day (ingest/thread.py).
"""

from __future__ import annotations

import re

from readlist.errors import UsageError
from readlist.models import Paper

DEFAULT_LENGTH = 280
ELLIPSIS = "…"
MIN_NOTE = 20  # characters of a shortened note worth keeping


def _cut(text: str, room: int) -> str:
    """`text` in at most `room` characters, cut at a word and marked with an ellipsis."""
    if len(text) <= room:
        return text
    if room <= len(ELLIPSIS):
        return ""
    cut = text[: room - len(ELLIPSIS)]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:-") + ELLIPSIS


def note_line(paper: Paper) -> str:
    """The user's note as one line (its first paragraph, spaces collapsed)."""
    if not paper.notes:
        return ""
    first = re.split(r"\n\s*\n", paper.notes.strip())[0]
    return " ".join(first.split())


def draft(day: int, hashtag: str, paper: Paper, length: int = DEFAULT_LENGTH) -> str:
    """The post for `day`, at most `length` characters (links counted in full): the note is
    shortened first, then the title; the day line and the link are never cut."""
    head = f"Day {day} {hashtag}"
    link = f"Paper: {paper.link}" if paper.link else ""
    fixed = [part for part in (head, link) if part]
    gaps = "\n\n"
    base = len(gaps.join(fixed))
    title, note = " ".join(paper.display_title.split()), note_line(paper)
    if base + len(gaps) + 1 + len(ELLIPSIS) > length:
        raise UsageError(
            f"--length {length} is too short for day {day}'s post: its day line and link "
            f"alone take {base} characters; give --length {base + 20} or more"
        )
    room = length - base - len(gaps)
    title = _cut(title, room)
    note_room = room - len(title) - len(gaps)
    # a note cut to a few letters says nothing: leave it out instead
    note = _cut(note, note_room) if len(note) <= note_room or note_room >= MIN_NOTE else ""
    parts = [head, title, *([note] if note else []), *([link] if link else [])]
    return gaps.join(parts)
