"""Export: choose the papers and challenges to export, turn them into text in one of FORMATS
(one pure module per format), and write that text to a file atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from readlist import disk
from readlist.config import BY_KEY
from readlist.errors import StorageError, UsageError
from readlist.filters import Filters
from readlist.models import Challenge, Paper
from readlist.wording import or_list

if TYPE_CHECKING:
    from readlist.views import Library

GROUPINGS = BY_KEY["export.group_by"].choices  # Markdown's --group-by, default first


@dataclass
class Selection:
    """What an export shows: `papers` (in list order), the `challenges` to show, and every
    paper of the list (`everyone`), which challenge tables and citation keys are drawn from so
    that filtering does not change them."""

    papers: list[Paper]
    challenges: list[Challenge]
    everyone: list[Paper] = field(default_factory=list)

    @property
    def known(self) -> dict[str, Paper]:
        return {p.id: p for p in (self.everyone or self.papers)}


def format_name(text: str) -> str:
    """The canonical format name for `text` (`md` -> `markdown`); UsageError when unknown."""
    name = text.strip().lower()
    name = next((f.name for f in FORMATS.values() if name in f.aliases), name)
    if name not in FORMATS:
        raise UsageError(f"unknown export format {text!r}: use {or_list(list(FORMATS))}")
    return name


def formats_help() -> str:
    """'markdown (md), bibtex (bib), csv, json or html'."""
    return or_list(
        [f"{f.name} ({', '.join(f.aliases)})" if f.aliases else f.name for f in FORMATS.values()]
    )


def titles() -> str:
    """'Markdown, BibTeX, CSV, JSON or HTML'."""
    return or_list([f.title for f in FORMATS.values()])


def select(library: Library, filters: Filters | None = None) -> Selection:
    """The papers that pass the filters (as `readlist list` selects them). Without filters every
    challenge is shown; with filters only those that plan one of the selected papers."""
    from readlist.operations import list_papers

    filters = filters or Filters()
    papers = list_papers(library, filters)
    everyone = library.all() if filters.any else papers
    challenges = list(library.challenges)
    if filters.any:
        chosen = {p.id for p in papers}
        challenges = [c for c in challenges if any(e.paper in chosen for e in c.entries)]
    return Selection(papers, challenges, everyone)


def render(fmt: str, selection: Selection, *, today: date, group_by: str = "status") -> str:
    """The export text of `selection` in format `fmt` (a name from FORMATS). Control
    characters in it are escaped (readlist.wording.visible), whatever the format."""
    from readlist.wording import visible

    return visible(FORMATS[format_name(fmt)].render(selection, today, group_by))


def _markdown(selection: Selection, today: date, group_by: str) -> str:
    from readlist.export import markdown

    return markdown.render(
        selection.papers, selection.challenges, today, group_by=group_by, known=selection.known
    )


def _bibtex(selection: Selection, today: date, group_by: str) -> str:
    from readlist.export import bibtex

    return bibtex.render(selection.papers, pool=selection.everyone)


def _csv(selection: Selection, today: date, group_by: str) -> str:
    from readlist.export import csv_format

    return csv_format.render(selection.papers, selection.challenges)


def _json(selection: Selection, today: date, group_by: str) -> str:
    from readlist.export import json_format

    return json_format.render(selection.papers, selection.challenges)


def _html(selection: Selection, today: date, group_by: str) -> str:
    from readlist.export import html

    return html.render(selection.papers, selection.challenges, today, known=selection.known)


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name (and short aliases), how help texts name it, and the
    function that turns a selection into its text (importing its module only when used)."""

    name: str
    title: str
    render: Callable[[Selection, date, str], str]
    aliases: tuple[str, ...] = ()


# The export formats, declared once: `--help`, the FORMAT argument and its errors come from here.
FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("markdown", "Markdown", _markdown, ("md",)),
        ExportFormat("bibtex", "BibTeX", _bibtex, ("bib",)),
        ExportFormat("csv", "CSV", _csv),
        ExportFormat("json", "JSON", _json),
        ExportFormat("html", "HTML", _html),
    )
}


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def write_output(path: Path, text: str, *, reading_list: Path, option: str = "-o") -> None:
    """Write `text` (UTF-8, line ends as given) to `path` by the one atomic write
    (readlist.disk), so readers see the old file or the new one, whole; an existing file keeps
    its permissions, a new one gets the usual ones. Refuses to overwrite the reading list or a
    file readlist keeps beside it (backup, lock, journal), and anything that is not a regular
    file (a device, a pipe)."""
    import stat

    from readlist.paths import own_files

    for role, protected in own_files(reading_list).items():
        if _same_file(path, protected):
            raise UsageError(f"{option} {path} is {role}; export to another file")
    if path.is_dir():
        raise UsageError(
            f"{option} {path} is a folder: give a file name, such as {path / 'list.md'}"
        )
    try:
        mode: int | None = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(
            f"{option} {path} is not a regular file (a device, pipe or socket); export to a file"
        )
    folder = path.parent
    if not folder.is_dir():
        raise StorageError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        disk.atomic_write(path, text.encode("utf-8"), new_mode=disk.public_mode())
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from None
