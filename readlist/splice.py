"""Rewriting some records of a reading-list file in its bytes: each changed record written anew
(readlist.emit, else yamlio's writer) with the comment lines that followed it kept, removed ones
cut out, new ones appended, and every other byte copied as it was. Bytes in, bytes out: no
disk, no index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from readlist.errors import DataError


@dataclass
class Spliced:
    """The new file's bytes and where its papers list now is."""

    data: bytes
    region_start: int
    region_end: int
    newline_added: bool  # the old last record lacked a final newline and was given one


def encode(text: str, newline: bytes) -> bytes:
    """`text` as the file's bytes: UTF-8, with the file's own line ends."""
    data = text.encode("utf-8")
    return data.replace(b"\n", newline) if newline != b"\n" else data


def record_bytes(
    record: dict[str, Any], old_chunk: bytes, indent: int, newline: bytes, name: str
) -> bytes:
    """A record as the bytes of one item of the papers list (at `indent`), followed by the
    comment lines that followed its old version (`old_chunk`, empty for a new record)."""
    from readlist.emit import record as fast_record

    text = fast_record(record)
    if text is None:
        from readlist.yamlio import dump_record, load_text

        text = dump_record(record)
        if load_text(text, name) != [record]:
            raise DataError(
                f"cannot write paper {record.get('id')!r} faithfully as YAML; please report this"
            )
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
    old: bytes,
    region: tuple[int, int],
    edits: Sequence[tuple[int, int, bytes]],
    appended: Sequence[bytes],
    newline: bytes,
    header: bytes | None = None,
) -> Spliced:
    """`old` with each edit's bytes [start, end) of the papers list `region` replaced by its
    text, then `appended` at the end of the list. A new `header` replaces everything outside
    the list (it holds the keys that were after it too)."""
    region_start, region_end = region
    if header is None:
        prefix, suffix = old[:region_start], old[region_end:]
    else:
        prefix, suffix = header, b""
    pieces = [prefix]
    position = region_start
    for start, end, text in sorted(edits, key=lambda edit: edit[:2]):
        pieces.append(old[position:start])
        pieces.append(text)
        position = end
    pieces.append(old[position:region_end])
    newline_added = bool(appended) and not b"".join(pieces[-2:]).endswith(b"\n")
    if newline_added:
        pieces.append(newline)
    pieces.extend(appended)
    new_region_end = sum(len(p) for p in pieces)
    pieces.append(suffix)
    return Spliced(b"".join(pieces), len(prefix), new_region_end, newline_added)
