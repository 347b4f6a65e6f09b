"""A hand edit costs what it changed: after an edit, only the records whose bytes changed are
read again, and the index then says exactly what an index built from scratch says. A write
costs what it changes: one record written and checked, the other bytes copied, hashed once,
one fsync of the file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist import index_build
from readlist.errors import DataError
from readlist.store import Store
from readlist.yamlio import dump_record
from tests.conftest import Cli, write_list


def _records(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"p{number}",
            "title": f"Paper number {number}",
            "status": "todo",
            "tags": ["t"] if number % 2 else [],
            "abstract": f"Words about paper {number}. " * (number % 4 + 1),
        }
        for number in range(count)
    ]


def _state(path: Path, index_dir: Path) -> tuple[Any, ...]:
    library = Store(path, index_dir=index_dir).load()
    assert library.meta is not None
    meta = library.meta
    spans = [(s.id, s.start, s.end, s.line) for s in library.index.spans(meta.region_start)]
    rows = library.index.conn.execute(
        "SELECT id, size, lines, digest, title, haystack, record, status, tags "
        "FROM papers JOIN records USING (id) "
        "ORDER BY ord"
    ).fetchall()
    return (
        library.all(),
        spans,
        rows,
        library.header,
        (meta.file_hash, meta.file_size, meta.region_start, meta.region_end, meta.indent),
        (meta.spliceable, meta.outside_digest, meta.records_apart),
    )


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the whole file was read into the index."""
    calls: list[int] = []
    build = index_build.build

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(index_build, "build", counted)
    return calls


def _item(record: dict[str, Any]) -> str:
    return dump_record(record)


EDITS = ["change", "status", "insert", "delete", "comment", "move", "append", "header"]


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    count=st.integers(1, 8),
    edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 20)), min_size=1, max_size=3),
)
def test_an_edited_file_indexes_as_a_fresh_read_would(
    tmp_path_factory: Any, whole_reads: list[int], count: int, edits: list[tuple[str, int]]
) -> None:
    folder: Path = tmp_path_factory.mktemp("edit")
    path = folder / "list.yaml"
    records = _records(count)
    write_list(path, records)
    Store(path, index_dir=folder / "index").load()
    items = [_item(r) for r in records]
    header = "version: 1\nchallenges: []\npapers:\n"
    for step, (kind, at) in enumerate(edits):
        at %= max(len(items), 1)
        if kind == "change" and items:
            items[at] = _item({"id": f"changed{step}", "title": "Changed", "rating": 4})
        elif kind == "status" and items:
            items[at] = items[at].replace("status: todo", "status: done")
        elif kind == "insert":
            items.insert(at, _item({"id": f"new{step}", "title": "Inserted"}))
        elif kind == "delete" and items:
            del items[at]
        elif kind == "comment" and items:
            items[at] += "# a comment of the user's\n\n"
        elif kind == "move" and len(items) > 1:
            items.append(items.pop(at))
        elif kind == "append":
            items.append(_item({"id": f"end{step}", "title": "At the end"}))
        elif kind == "header":
            header = "version: 1\nowner: me\nchallenges: []\npapers:\n"
    if not items:
        items = [_item({"id": "only", "title": "Only"})]
    path.write_text(header + "".join(items), encoding="utf-8")
    whole_reads.clear()
    edited = _state(path, folder / "index")
    if header.startswith("version: 1\nchallenges"):
        assert whole_reads == []  # read record by record
    assert edited == _state(path, folder / "fresh")


def test_a_one_record_edit_reads_only_that_record(
    list_file: Path, whole_reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_list(list_file, _records(50))
    Store(list_file).load()
    text = list_file.read_text(encoding="utf-8")
    list_file.write_text(text.replace("Paper number 27\n", "Paper twenty-seven\n"), "utf-8")
    parsed: list[int] = []
    import yaml

    load = yaml.load

    def counting_load(stream: Any, Loader: Any) -> Any:  # noqa: N803 - PyYAML's name
        found = load(stream, Loader=Loader)
        parsed.append(len(found) if isinstance(found, list) else 0)
        return found

    monkeypatch.setattr(yaml, "load", counting_load)
    whole_reads.clear()
    library = Store(list_file).load()
    assert whole_reads == [] and parsed == [1]
    paper = library.get("p27")
    assert paper is not None and paper.title == "Paper twenty-seven"
    assert [p.id for p in library.query(words=["twenty-seven"])] == ["p27"]


def test_an_edit_keeping_size_and_mtime_is_still_read(list_file: Path) -> None:
    write_list(list_file, _records(5))
    Store(list_file).load()
    before = list_file.stat()
    text = list_file.read_text(encoding="utf-8")
    list_file.write_text(text.replace("status: todo", "status: done", 1), encoding="utf-8")
    os.utime(list_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert list_file.stat().st_size == before.st_size
    paper = Store(list_file).load().get("p0")
    assert paper is not None and str(paper.status) == "done"


def test_records_tied_by_anchors_are_read_whole(list_file: Path, whole_reads: list[int]) -> None:
    list_file.write_text(
        "version: 1\nchallenges: []\npapers:\n"
        "- id: a\n  tags: &shared [x, y]\n"
        "- id: b\n  tags: *shared\n",
        encoding="utf-8",
    )
    Store(list_file).load()
    list_file.write_text(
        list_file.read_text(encoding="utf-8").replace("[x, y]", "[z]"), encoding="utf-8"
    )
    whole_reads.clear()
    library = Store(list_file).load()
    assert whole_reads == [1]
    paper = library.get("b")
    assert paper is not None and paper.tags == ["z"]


def test_an_edit_that_repeats_an_id_is_reported_as_a_whole_read_reports_it(cli: Cli) -> None:
    write_list(cli.path, _records(3))
    cli.ok("list")
    text = cli.path.read_text(encoding="utf-8")
    cli.path.write_text(text.replace("id: p2", "id: p0"), encoding="utf-8")
    result = cli("list")
    assert result.exit_code == DataError.exit_code and result.stdout == ""
    assert "paper 'p0': id: duplicate id (also paper #1)" in result.stderr
    assert f"{cli.path}:" in result.stderr


def test_an_invalid_edited_record_names_its_line(cli: Cli) -> None:
    write_list(cli.path, _records(3))
    cli.ok("list")
    text = cli.path.read_text(encoding="utf-8")
    cli.path.write_text(text.replace("title: Paper number 1\n", "title: [1, 2]\n"), "utf-8")
    line = cli.path.read_text(encoding="utf-8").splitlines().index("  title: [1, 2]")
    result = cli("list")
    assert result.exit_code == DataError.exit_code
    assert f"{cli.path}:{line}: paper 'p1': title: must be text, got list" in result.stderr


def _settle(path: Path) -> None:
    """Make the index trust the file's unchanged stat (as it does once the file is a few
    seconds old), so that a write need not hash the old file."""
    library = Store(path).load()
    assert library.meta is not None
    library.meta.verified_ns += 60 * 10**9
    library.index.set_meta(library.meta)


def test_a_one_paper_write_reads_hashes_and_syncs_what_it_must(
    list_file: Path, whole_reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    import yaml

    write_list(list_file, _records(60))
    _settle(list_file)
    size = list_file.stat().st_size
    parsed: list[Any] = []
    hashed: list[int] = []
    synced: list[int] = []
    load, sha256, fsync = yaml.load, hashlib.sha256, os.fsync

    def counting_load(stream: Any, Loader: Any) -> Any:  # noqa: N803 - PyYAML's name
        found = load(stream, Loader=Loader)
        parsed.append(found)
        return found

    from readlist import yamlio

    read: list[Any] = []  # what every parse by readlist's loader was given
    start_loader = yamlio.Loader.__init__

    def counting_loader(self: Any, stream: Any) -> None:
        read.append(stream)
        start_loader(self, stream)

    from readlist import items

    checked: list[bytes] = []  # what the strict reader of the read-back check was given
    strict_reads_as = items.reads_as

    def counting_reads_as(data: bytes, *args: Any) -> bool:
        checked.append(data)
        return strict_reads_as(data, *args)

    class CountingSha256:
        def __init__(self, data: bytes = b"") -> None:
            self.inner = sha256()
            self.update(data)

        def update(self, data: Any) -> None:
            hashed.append(len(data))
            self.inner.update(data)

        def hexdigest(self) -> str:
            return self.inner.hexdigest()

        def digest(self) -> bytes:
            return self.inner.digest()

    def counting_fsync(fd: int) -> None:
        synced.append(fd)
        fsync(fd)

    monkeypatch.setattr(yaml, "load", counting_load)
    monkeypatch.setattr(yamlio.Loader, "__init__", counting_loader)
    monkeypatch.setattr(hashlib, "sha256", CountingSha256)
    monkeypatch.setattr(os, "fsync", counting_fsync)
    monkeypatch.setattr(items, "reads_as", counting_reads_as)
    whole_reads.clear()  # the first read, by _settle
    with Store(list_file).transaction() as txn:
        paper = txn.get("p30")
        assert paper is not None
        paper.tags = ["read"]
        txn.update(paper)
    assert whole_reads == []
    # Only the changed record was read back (the splice check, by the strict reader, which
    # vouched for it), nothing else was parsed.
    assert parsed == [] and read == [] and len(checked) == 1
    assert [record["tags"] for record in load(checked[0], Loader=yaml.SafeLoader)] == [["read"]]
    total_hashed = sum(hashed)
    assert len(synced) == 2  # the new file, then its folder
    monkeypatch.undo()
    # The new file's bytes, once, and the changed record's once more (its index row's digest).
    library = Store(list_file).load()
    assert library.meta is not None
    (span,) = [s for s in library.index.spans(library.meta.region_start) if s.id == "p30"]
    assert size <= total_hashed <= list_file.stat().st_size + (span.end - span.start)
    assert Store(list_file, index_dir=list_file.parent / "fresh").load().all() == (
        Store(list_file).load().all()
    )


@pytest.mark.slow
def test_a_write_that_would_not_read_back_changes_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readlist import emit

    write_list(cli.path, _records(3))
    cli.ok("list")
    before = cli.path.read_bytes()
    real = emit.record

    def wrong_writer(data: dict[str, Any]) -> str | None:
        text = real(data)
        return text.replace("Paper number", "Another paper") if text else text

    monkeypatch.setattr(emit, "record", wrong_writer)
    result = cli("tag", "p1", "x")
    assert result.exit_code == DataError.exit_code
    assert "would not read back" in result.stderr
    assert cli.path.read_bytes() == before
    monkeypatch.undo()
    assert "p1" in cli.ok("list").stdout


def test_records_tied_by_anchors_are_written_whole_and_stay_true(cli: Cli) -> None:
    cli.path.write_text(
        "version: 1\nchallenges: []\npapers:\n"
        "- id: a\n  title: A\n  tags: &shared [x, y]\n"
        "- id: b\n  title: B\n  tags: *shared\n",
        encoding="utf-8",
    )
    cli.ok("tag", "a", "z")
    papers = cli.papers()
    assert papers["a"]["tags"] == ["x", "y", "z"] and papers["b"]["tags"] == ["x", "y"]
    assert "*shared" not in cli.path.read_text(encoding="utf-8")
