"""What changed between two versions of the list, said in a line: the commit message of
`readlist sync` ("done: DreamBooth; tagged 3 papers"). Only records whose bytes differ are
read, so a 10,000-paper list costs little more than the file's cut."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from readlist.models import Paper
from readlist.sharing.merge import CONFLICTS, read_differing, read_version

NAMES_SHOWN = 3  # more papers than this are counted, not named
SHORT_NAME = 30


def short_name(paper: Paper) -> str:
    """How a commit message names a paper: its short name, the title's part before a colon,
    else the title (cut), else its id."""
    if paper.alias:
        return paper.alias
    if paper.title:
        head = paper.title.split(":", 1)[0].strip()
        if len(head) <= SHORT_NAME:
            return head
        return paper.title[: SHORT_NAME - 1].rstrip() + "…"
    return paper.id


def _papers(old: bytes, new: bytes) -> tuple[dict[str, Paper], dict[str, Paper], bool]:
    before, after = read_version(old, "before"), read_version(new, "after")
    read_differing((before, after))
    old_papers = {p.id: p for p in before.papers.values()}
    new_papers = {p.id: p for p in after.papers.values()}
    return old_papers, new_papers, before.header != after.header


def _phrase(verb: str, names: list[str], separator: str = ": ") -> str:
    if len(names) > NAMES_SHOWN:
        return f"{verb} {len(names)} papers"
    return f"{verb}{separator}{', '.join(names)}"


def describe(old: bytes, new: bytes) -> str:
    """One line saying what changed from `old` to `new` (file bytes; `old` may be empty)."""
    before, after, header_changed = _papers(old, new)
    by_status: dict[str, list[str]] = defaultdict(list)
    actions: dict[str, list[str]] = defaultdict(list)
    for paper_id, paper in after.items():
        previous = before.get(paper_id)
        name = short_name(paper)
        if previous is None:
            actions["added"].append(name)
            continue
        if previous.status != paper.status:
            by_status[str(paper.status)].append(name)
        fields = _changed_fields(previous, paper)
        if "tags" in fields:
            actions["tagged"].append(name)
        if "notes" in fields:
            actions["noted"].append(name)
        if "rating" in fields:
            actions["rated"].append(name)
        if CONFLICTS in fields and CONFLICTS not in paper.extra:
            actions["resolved conflicts of"].append(name)
        if fields - {"tags", "notes", "rating", "status", "started", "finished", CONFLICTS}:
            actions["edited"].append(name)
    for paper_id, paper in before.items():
        if paper_id not in after:
            actions["removed"].append(short_name(paper))
    parts = [_phrase(status, names) for status, names in by_status.items()]
    for verb, names in actions.items():
        separator = (
            " " if verb in ("tagged", "noted", "rated", "edited", "resolved conflicts of") else ": "
        )
        parts.append(_phrase(verb, names, separator))
    if header_changed:
        parts.append("updated challenges")
    return "; ".join(parts) if parts else "edited the list by hand"


def _changed_fields(old: Paper, new: Paper) -> set[str]:
    mine: dict[str, Any] = old.to_dict()
    yours: dict[str, Any] = new.to_dict()
    return {k for k in {*mine, *yours} if mine.get(k) != yours.get(k)}
