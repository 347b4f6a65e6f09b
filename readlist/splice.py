"""Rewriting some records of a reading-list file in its bytes: each changed record written anew
(readlist.emit, else yamlio's writer) with the comment lines that followed it kept, removed ones
cut out, new ones appended, and every other byte copied as it was. Bytes in (or a file's
readlist.disk.FileBytes), pieces out: nothing is read whole, written or indexed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from readlist.disk import FileBytes, Piece
from readlist.errors import DataError
from readlist.models import Paper


@dataclass
class Spliced:
    """The new file as pieces (unchanged bytes are views of the old file, never copied here),
    where its papers list now is, and the texts written anew, in file order."""

    pieces: list[Piece]
    region_start: int
    region_end: int
    newline_added: bool  # the old last record lacked a final newline and was given one
    written: list[tuple[bytes, dict[str, Any]]]  # (text, the record it was written from)

    @property
    def size(self) -> int:
        return sum(len(piece) for piece in self.pieces)

    def around(self) -> tuple[bytes, bytes]:
        """The new file's bytes before and after its papers list."""
        return bytes(self.pieces[0]), bytes(self.pieces[-1])


def encode(text: str, newline: bytes) -> bytes:
    """`text` as the file's bytes: UTF-8, with the file's own line ends."""
    data = text.encode("utf-8")
    return data.replace(b"\n", newline) if newline != b"\n" else data


def record_text(record: dict[str, Any], name: str) -> str:
    """A record as one YAML sequence item (`- id: ...`): readlist.emit's, else PyYAML's, which
    is read back at once (DataError when it does not read as the record)."""
    from readlist.emit import record as fast_record

    text = fast_record(record)
    if text is None:
        from readlist.yamlio import dump_record, load_text

        text = dump_record(record)
        if load_text(text, name) != [record]:
            raise DataError(
                f"cannot write paper {record.get('id')!r} faithfully as YAML; please report this"
            )
    return text


class RecordTexts:
    """Each paper a transaction writes, as its record and its YAML text, made once and shared
    by the journal (which keeps the text) and the write (which splices it in)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._made: dict[int, tuple[Paper, dict[str, Any], str]] = {}

    def of(self, paper: Paper) -> tuple[dict[str, Any], str]:
        made = self._made.get(id(paper))
        if made is None or made[0] is not paper:
            record = paper.to_dict()
            made = (paper, record, record_text(record, self.name))
            self._made[id(paper)] = made  # the paper is kept, so its id is not reused
        return made[1], made[2]

    def text(self, paper: Paper) -> str:
        return self.of(paper)[1]


def record_bytes(
    record: dict[str, Any], old_chunk: bytes, indent: int, newline: bytes, name: str
) -> bytes:
    """A record as the bytes of one item of the papers list (at `indent`), followed by the
    comment lines that followed its old version (`old_chunk`, empty for a new record)."""
    return item_bytes(record_text(record, name), old_chunk, indent, newline)


def item_bytes(text: str, old_chunk: bytes, indent: int, newline: bytes) -> bytes:
    """record_bytes of a record already made into its text (record_text)."""
    body = encode(text, newline)
    if indent:
        pad = b" " * indent
        body = b"".join(pad + ln if ln.strip() else ln for ln in body.splitlines(True))
    trailing = trailing_comments(old_chunk, indent)
    if trailing and not trailing.endswith(b"\n"):
        trailing += newline
    return body + trailing


def trailing_comments(chunk: bytes, indent: int) -> bytes:
    """The blank and comment lines at the end of a record's chunk (those at or left of the
    record's own indentation, which cannot be part of a block scalar)."""
    lines = chunk.splitlines(keepends=True)
    keep: list[bytes] = []
    for line in reversed(lines):
        stripped = line.strip()
        column = len(line) - len(line.lstrip(b" "))
        if not stripped or (stripped.startswith(b"#") and column <= indent):
            keep.append(line)
            continue
        break
    if len(keep) == len(lines):
        return b""
    return b"".join(reversed(keep))


def splice(
    old: bytes | FileBytes,
    region: tuple[int, int],
    edits: Sequence[tuple[int, int, bytes, dict[str, Any] | None]],
    appended: Sequence[tuple[bytes, dict[str, Any]]],
    newline: bytes,
    header: bytes | None = None,
) -> Spliced:
    """`old` with the bytes [start, end) of each edit in the papers list `region` replaced by
    its text (written from its record; b"" and None to cut a record out), then the `appended`
    texts at the end of the list. A new `header` replaces everything outside the list (it
    holds the keys that were after it too). The unchanged bytes are views of `old` (parts of
    the file, when it is FileBytes): nothing is copied here."""
    region_start, region_end = region

    def part(start: int, stop: int) -> Piece:
        if isinstance(old, bytes):
            return memoryview(old)[start:stop]
        return old.part(start, stop)

    prefix: Piece
    suffix: Piece
    if header is None:
        prefix, suffix = part(0, region_start), part(region_end, len(old))
    else:
        prefix, suffix = header, b""
    pieces: list[Piece] = [prefix]
    written: list[tuple[bytes, dict[str, Any]]] = []
    position = region_start
    for start, end, text, record in sorted(edits, key=lambda edit: edit[:2]):
        pieces.append(part(position, start))
        if record is not None:
            pieces.append(text)
            written.append((text, record))
        position = end
    pieces.append(part(position, region_end))
    last_byte = next((_last_byte(p) for p in reversed(pieces) if len(p)), b"")
    newline_added = bool(appended) and last_byte != b"\n"
    if newline_added:
        pieces.append(newline)
    for text, record in appended:
        pieces.append(text)
        written.append((text, record))
    new_region_end = sum(len(p) for p in pieces)
    pieces.append(suffix)
    return Spliced(pieces, len(prefix), new_region_end, newline_added, written)


def _last_byte(piece: Piece) -> bytes:
    if isinstance(piece, bytes | memoryview):
        return bytes(piece[-1:])
    return piece.source.read(piece.stop - 1, piece.stop)


def check(spliced: Spliced, indent: int, header: dict[str, Any] | None, name: str) -> None:
    """That the new file reads as the records it was written from, before it replaces the
    list: each text written anew is one whole item of the papers list that reads back as its
    record, and a new header reads back as the header. The other records are the old file's
    own bytes, each read alone before (the cut keeps records apart), so they are not read
    again. DataError when anything differs; nothing has been written then."""
    from readlist.items import cut_records, reads_as

    texts = [text for text, _ in spliced.written]
    # Each text is one whole item of the list: as each ends a line, that is the cut of them all
    # finding an item where each begins, and nowhere else.
    starts, offset = [], 0
    for text in texts:
        if not text.endswith(b"\n"):
            raise DataError(f"{name}: a record was not written as one item; please report this")
        starts.append(offset)
        offset += len(text)
    written = b"".join(texts)
    if cut_records(written, 0, len(written), indent) != starts:
        raise DataError(f"{name}: a record was not written as one item; please report this")
    records = [record for _, record in spliced.written]
    if texts and not reads_as(written, starts, records, indent):
        # Not vouched for by readlist.items' strict reader: libyaml decides.
        from readlist import yamlio

        if not yamlio.reads_as(written, records, name):
            raise DataError(f"{name}: a changed record would not read back; please report this")
    if header is not None:
        from readlist.yamlio import load_text

        before, after = spliced.around()
        read = load_text(before + after, name)
        if not isinstance(read, dict) or {k: v for k, v in read.items() if k != "papers"} != (
            header
        ):
            raise DataError(f"{name}: the new header would not read back; please report this")
