"""The inputs of an ingest as text: paths, folders (every file inside, hidden ones left out) and
stdin, each decoded with a clear word about whatever is wrong with it (missing, unreadable,
binary, too big, empty, not UTF-8). Nothing is parsed here.

Size policy: a document over `DEFAULT_MAX_MB` megabytes is refused before it is read (a paper
list that size is almost certainly the wrong file: a dump, a log, a PDF collection); the user
can raise or lift the limit (`--max-size`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_MB = 32
STDIN = "-"
STDIN_NAME = "<stdin>"
_SNIFF = 8192


@dataclass
class Document:
    """One input, decoded. `text` is None when it could not be read; `error` says why."""

    name: str  # as sources name it: relative to the current folder when under it
    text: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def shown_path(path: Path) -> str:
    """The path relative to the current folder when it is under it, with / separators."""
    try:
        relative = path.absolute().relative_to(Path.cwd())
        return relative.as_posix()
    except ValueError:
        return path.as_posix()


def _walk(folder: Path, errors: list[tuple[Path, OSError]]) -> Iterator[Path]:
    """Every regular file under `folder`, sorted, hidden files and folders left out; folders
    that cannot be listed are added to `errors`."""

    def note(exc: OSError) -> None:
        errors.append((Path(exc.filename or folder), exc))

    for root, dirs, files in os.walk(folder, onerror=note):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _describe(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied (check its permissions)"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return exc.strerror or str(exc)


def decode(data: bytes, name: str) -> tuple[str | None, list[str], str | None]:
    """(text, warnings, error) for a document's bytes."""
    if data.startswith(b"%PDF"):
        return (
            None,
            [],
            (
                f"{name}: a PDF file; readlist reads text documents (Markdown, BibTeX, CSV, plain "
                "text): give its arXiv link instead"
            ),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), [], None
        except UnicodeDecodeError:
            pass
    head = data[:_SNIFF]
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in head or (head and controls / len(head) > 0.05):
        return None, [], f"{name}: a binary file, not a text document; skipped"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), [], None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
        warning = (
            f"{name}:{line}: not valid UTF-8 (byte 0x{byte:02x}); read as {encoding}, so check "
            "its accented letters (or save the file as UTF-8)"
        )
        return text, [warning], None


def _too_big(size: int, max_bytes: int | None, name: str) -> str | None:
    if max_bytes is None or size <= max_bytes:
        return None
    megabytes = size / 1_000_000
    limit = max_bytes / 1_000_000
    return (
        f"{name}: {megabytes:.1f} MB is over the {limit:g} MB limit for one document; skipped "
        f"(is it the right file? --max-size {int(megabytes) + 1} reads it, --max-size 0 lifts "
        "the limit)"
    )


def read_bytes(data: bytes, name: str, max_bytes: int | None) -> Document:
    """A document from bytes already in hand (stdin)."""
    problem = _too_big(len(data), max_bytes, name)
    if problem:
        return Document(name, error=problem)
    return _document(data, name)


def _document(data: bytes, name: str) -> Document:
    text, warnings, error = decode(data, name)
    if error:
        return Document(name, error=error)
    assert text is not None
    if not text.strip():
        warnings.append(f"{name}: empty; nothing to ingest")
    return Document(name, text, warnings)


def read_path(path: Path, max_bytes: int | None) -> Document:
    name = shown_path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        if path.is_symlink() and isinstance(exc, FileNotFoundError):
            return Document(name, error=f"{name}: a link to a file that does not exist; skipped")
        return Document(name, error=f"{name}: cannot read it: {_describe(exc)}")
    problem = _too_big(size, max_bytes, name)
    if problem:
        return Document(name, error=problem)
    try:
        with path.open("rb") as handle:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as exc:
        return Document(name, error=f"{name}: cannot read it: {_describe(exc)}")
    problem = _too_big(len(data), max_bytes, name)  # it grew while we looked
    if problem:
        return Document(name, error=problem)
    return _document(data, name)


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The file a path names, whatever the name: a symlink or a hard link to the reading list
    is the reading list."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def inputs(paths: Sequence[str], skip: Iterable[Path] = ()) -> Iterator[Path | Document | None]:
    """The files to read, in order: each path as given, each folder's files sorted, None for
    stdin (`-`). A problem (missing path, unreadable folder) comes back as a Document with its
    error set."""
    skipped: set[Path | tuple[int, int]] = {p.absolute() for p in skip}
    skipped |= {identity for p in skip if (identity := _file_identity(p)) is not None}
    seen: set[Path] = set()
    for raw in paths:
        if raw == STDIN:
            yield None
            continue
        path = Path(raw).expanduser()
        name = shown_path(path)
        if path.is_dir():
            found = False
            errors: list[tuple[Path, OSError]] = []
            for item in _walk(path, errors):
                key = item.absolute()
                if key in skipped or _file_identity(item) in skipped or key in seen:
                    continue
                seen.add(key)
                found = True
                if not item.is_file() and not item.is_symlink():
                    # Opening a pipe in a folder would wait forever; a path given by name
                    # (such as <(curl ...)) is still read.
                    item_name = shown_path(item)
                    yield Document(
                        item_name,
                        error=f"{item_name}: not a regular file (a pipe, socket or device); "
                        "skipped",
                    )
                    continue
                yield item
            for where, exc in errors:
                where_name = shown_path(where)
                yield Document(
                    where_name, error=f"{where_name}: cannot read this folder: {_describe(exc)}"
                )
            if not found:
                yield Document(name, error=f"{name}: no files to read in this folder")
        elif path.exists() or path.is_symlink():
            key = path.absolute()
            if key in skipped or _file_identity(path) in skipped:
                yield Document(
                    name,
                    error=f"{name}: this is the reading list itself (or a link to it, or its "
                    "backup); skipped",
                )
            elif key not in seen:
                seen.add(key)
                yield path
        else:
            yield Document(name, error=f"{raw}: no such file or folder; check the path")
