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
from typing import Any

from readlist.callbacks import ProgressFn
from readlist.errors import DataError
from readlist.index import Index, IndexMeta, IndexRow, row_for
from readlist.models import InvalidRecord, Paper
from readlist.views import challenges_of
from readlist.yamlio import CutFailed, DocumentReader, Layout, read_document

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
        meta = IndexMeta(
            digest,
            len(data),
            reader.header,
            layout.region_start,
            layout.region_end,
            layout.indent,
            layout.newline,
            True,
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


def validated(record: Any, line: int, position: int, name: str) -> Paper:
    """A record as a Paper; DataError naming the file, line, record and field if invalid."""
    where = f"{name}:{line}" if line else f"{name} (paper #{position})"
    try:
        return Paper.from_dict(record)
    except InvalidRecord as exc:
        rid = record.get("id") if isinstance(record, dict) else None
        label = f"paper {rid!r}" if rid else f"paper #{position}"
        raise DataError(
            f"{where}: {label}: {exc.field}: {exc.problem}; fix it in the file"
        ) from None


def _range_rows(first: int, last: int) -> list[IndexRow]:
    """Index rows of records first..last-1 (runs in a worker process)."""
    import yaml

    from readlist.yamlio import Loader

    assert _shared is not None
    data, layout, name = _shared
    gc.disable()
    bounds = layout.bounds
    try:
        items = yaml.load(data[bounds[first] : bounds[last]], Loader=Loader)
    except yaml.YAMLError:
        raise CutFailed from None
    if not isinstance(items, list) or len(items) != last - first:
        raise CutFailed
    line = data.count(b"\n", 0, bounds[first]) + 1
    rows = []
    for number, record in enumerate(items, start=first):
        start, end = bounds[number], bounds[number + 1]
        lines = data.count(b"\n", start, end)
        paper = validated(record, line, number + 1, name)
        rows.append(row_for(paper, number, end - start, lines))
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
                yield check(row_for(paper, number, 0, 0), number + 1, line)
                continue
            start, end = layout.bounds[number], layout.bounds[number + 1]
            row = row_for(paper, number, end - start, reader.data.count(b"\n", start, end))
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
