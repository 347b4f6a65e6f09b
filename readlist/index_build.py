"""Turning a whole reading-list file into index rows: every record parsed and validated, in
file order. Large files are parsed by several processes at once (the records are independent
once the file is cut), which is what makes the first command after a hand edit bearable at
100,000 papers. Nothing here prints.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

from readlist.callbacks import ProgressFn
from readlist.errors import DataError
from readlist.index import Index, IndexMeta, IndexRow, chunk_digest, outside_digest, row_for
from readlist.models import InvalidRecord, Paper
from readlist.views import challenges_of, invalid_in_file
from readlist.yamlio import (
    CutFailed,
    DocumentReader,
    Layout,
    cut_records,
    has_aliases,
    load_records,
    read_document,
)

# Below this many records one process is faster than starting others.
PARALLEL_MIN_RECORDS = 5000
TASKS_PER_WORKER = 8
WORKERS_ENV = "READLIST_WORKERS"

# What the forked workers read: (file bytes, layout, file name). Set just before forking.
_shared: tuple[bytes, Layout, str] | None = None


def build(
    index: Index, data: bytes, digest: str, name: str, on_progress: ProgressFn | None
) -> IndexMeta:
    """Index the file's bytes anew, validating every record; the new state of the index."""
    # The cyclic GC only slows the loader down here: everything built is kept.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        reader = read_document(data, name)
        try:
            return _build(index, reader, digest, on_progress)
        except CutFailed:
            reader = read_document(data, name, whole=True)
            return _build(index, reader, digest, on_progress)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(
    index: Index, reader: DocumentReader, digest: str, on_progress: ProgressFn | None
) -> IndexMeta:
    challenges_of(reader.header, reader.name)  # validate before caching
    layout, data = reader.layout, reader.data
    if layout is not None:
        start, end = layout.region_start, layout.region_end
        meta = IndexMeta(
            digest,
            len(data),
            reader.header,
            start,
            end,
            layout.indent,
            layout.newline,
            True,
            outside_digest=outside_digest(data[:start], data[end:]),
            records_apart=not has_aliases(data, start, end),
        )
    else:
        meta = IndexMeta(digest, len(data), reader.header, 0, 0, 0, b"\n", False)
    try:
        index.rebuild(meta, rows(reader, on_progress))
    except (DataError, CutFailed):
        raise
    except Exception:
        # The cache could not be written (busy, read-only): use a private copy.
        index.conn.close()
        index.conn = Index.open(None).conn
        index.rebuild(meta, rows(reader, on_progress))
    return meta


def update(index: Index, meta: IndexMeta, data: bytes, digest: str, name: str) -> IndexMeta | None:
    """Bring the index from the file it describes to `data` (with SHA-256 `digest`) by reading
    again only the records whose bytes changed: the records before the first changed one and
    after the last are found by their digests where they were (or moved by the change in
    size), only the bytes between are cut into records and parsed, and only their rows are
    written. None, changing nothing, when that is not possible (the header or the list's
    layout changed, the records are tied by YAML anchors, the piece does not parse as whole
    records, an id is now twice in the file): the caller then reads the file whole, as it
    would have. DataError for an invalid record, as a whole read would say it."""
    if not (meta.spliceable and meta.records_apart and meta.outside_digest):
        return None
    delta = len(data) - meta.file_size
    region_end = meta.region_end + delta
    if (
        region_end < meta.region_start
        or outside_digest(data[: meta.region_start], data[region_end:]) != meta.outside_digest
    ):
        return None
    chunks = index.chunks()
    bounds = list(accumulate(chunks.sizes, initial=meta.region_start))
    if bounds[-1] != meta.region_end:
        return None
    total, digests = len(chunks.sizes), chunks.digests
    view = memoryview(data)  # slices of it are not copies
    first = 0  # the first record whose bytes changed
    while first < total and chunk_digest(view[bounds[first] : bounds[first + 1]]) == digests[first]:
        first += 1
    last = total  # one past the last record whose bytes changed
    while (
        last > first
        and bounds[last - 1] + delta >= bounds[first]
        and chunk_digest(view[bounds[last - 1] + delta : bounds[last] + delta]) == digests[last - 1]
    ):
        last -= 1
    start, end = bounds[first], bounds[last] + delta
    if end < start:
        return None
    starts = cut_records(data, start, end, meta.indent)
    if starts is None and first > 0:
        # Lines added after a record that start no record of their own (comments, blank
        # lines) belong to it: read it again with them.
        first -= 1
        start = bounds[first]
        starts = cut_records(data, start, end, meta.indent)
    if starts is None or has_aliases(data, start, end):
        return None
    records: list[Any] = []
    if starts:
        try:
            records = load_records(data, start, end, len(starts))
        except CutFailed:
            return None
    # The ids and orders of the records read again, and of those either side of them.
    around = index.ids_and_ords(max(0, first - 1), min(total, last + 1))
    before = around.pop(0) if first > 0 else None
    after = around.pop() if last < total else None
    gone = [paper_id for paper_id, _ in around]
    lower = before[1] + 1 if before is not None else 0
    upper = after[1] if after is not None else None
    line = data.count(b"\n", 0, start) + 1
    new_rows = []
    ends = [*starts[1:], end] if starts else []
    for number, (record, chunk_start, chunk_end) in enumerate(
        zip(records, starts, ends, strict=True)
    ):
        piece = data[chunk_start:chunk_end]
        paper = validated(record, line, first + number + 1, name)
        new_rows.append(row_for(paper, lower + number, piece))
        line += piece.count(b"\n")
    new_ids = [row.id for row in new_rows]
    if len(set(new_ids)) != len(new_ids) or index.has_any(set(new_ids) - set(gone)):
        return None  # a duplicate id: the whole read says where
    # The rows after the change keep their order numbers unless the new records need them.
    shift = 0
    if upper is not None and lower + len(new_rows) > upper:
        shift = lower + len(new_rows) - upper
    new_meta = IndexMeta(
        digest,
        len(data),
        meta.header,
        meta.region_start,
        region_end,
        meta.indent,
        meta.newline,
        True,
        outside_digest=meta.outside_digest,
        records_apart=True,
    )
    if not index.apply(meta.file_hash, new_meta, gone, new_rows, shift=(upper or 0, shift)):
        return None
    return new_meta


def validated(record: Any, line: int, position: int, name: str) -> Paper:
    """A record as a Paper; DataError naming the file, line, record and field if invalid."""
    where = f"{name}:{line}" if line else f"{name} (paper #{position})"
    try:
        return Paper.from_dict(record)
    except InvalidRecord as exc:
        raise invalid_in_file(exc, where, "paper", record, "id", position) from None


def _range_rows(first: int, last: int) -> list[IndexRow]:
    """Index rows of records first..last-1 (runs in a worker process)."""
    assert _shared is not None
    data, layout, name = _shared
    gc.disable()
    bounds = layout.bounds
    items = load_records(data, bounds[first], bounds[last], last - first)
    line = data.count(b"\n", 0, bounds[first]) + 1
    rows = []
    for number, record in enumerate(items, start=first):
        start, end = bounds[number], bounds[number + 1]
        lines = data.count(b"\n", start, end)
        paper = validated(record, line, number + 1, name)
        rows.append(row_for(paper, number, data[start:end]))
        line += lines
    return rows


def _workers(total: int) -> int:
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit():
        return int(configured)
    if total < PARALLEL_MIN_RECORDS or not sys.platform.startswith("linux"):
        return 1  # fork is what makes the workers cheap; elsewhere stay in one process
    return min(os.cpu_count() or 1, 8)


def rows(reader: DocumentReader, on_progress: ProgressFn | None) -> Iterator[IndexRow]:
    """Every record's index row, in file order. Raises DataError for an invalid record or a
    duplicate id, CutFailed when the file must be read whole instead."""
    seen: dict[str, int] = {}

    def check(row: IndexRow, position: int, line: int) -> IndexRow:
        paper_id = row.id
        if paper_id in seen:
            where = f"{reader.name}:{line}" if line else f"{reader.name} (paper #{position})"
            raise DataError(
                f"{where}: paper {paper_id!r}: id: duplicate id (also paper "
                f"#{seen[paper_id]}); give one of them another id"
            )
        seen[paper_id] = position
        return row

    layout = reader.layout
    workers = _workers(reader.total) if layout is not None else 1
    if layout is None or workers <= 1:
        for number, (record, line) in enumerate(reader.records(on_progress)):
            paper = validated(record, line, number + 1, reader.name)
            if layout is None:
                yield check(row_for(paper, number, b""), number + 1, line)
                continue
            start, end = layout.bounds[number], layout.bounds[number + 1]
            row = row_for(paper, number, reader.data[start:end])
            yield check(row, number + 1, line)
        return
    yield from _parallel_rows(reader, layout, workers, check, on_progress)


def _parallel_rows(
    reader: DocumentReader,
    layout: Layout,
    workers: int,
    check: Callable[[IndexRow, int, int], IndexRow],
    on_progress: ProgressFn | None,
) -> Iterator[IndexRow]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _shared
    total = reader.total
    step = max(1, -(-total // (workers * TASKS_PER_WORKER)))
    firsts = list(range(0, total, step))
    lasts = [min(first + step, total) for first in firsts]
    _shared = (reader.data, layout, reader.name)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            line = reader.data.count(b"\n", 0, layout.bounds[0]) + 1
            for first, last, chunk in zip(
                firsts, lasts, pool.map(_range_rows, firsts, lasts), strict=True
            ):
                for number, row in enumerate(chunk, start=first):
                    yield check(row, number + 1, line)
                    line += row.lines
                if on_progress:
                    on_progress(last, total)
    finally:
        _shared = None
