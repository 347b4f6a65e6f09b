"""The reading list on disk: layout, safe loading, atomic spliced writes, backups, the index."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from readlist import disk
from readlist.errors import DataError, DuplicateError, StorageError
from readlist.index import Index, IndexMeta
from readlist.models import Challenge, ChallengeEntry, Paper, Status
from readlist.store import Store
from readlist.views import Library
from tests.conftest import Cli, change_paper, write_list

ABSTRACT = (
    "We present a method that turns a handful of images into a personalised text-to-image "
    "model. It binds a unique identifier to the subject and keeps the class prior with a "
    "preservation loss; results show high fidelity across scenes, poses and lighting."
)


def _store(path: Path) -> Store:
    return Store(path)


def _places(library: Library) -> list[tuple[str, int, int, int]]:
    """Each record's id and place in the file, as the index says (order keys aside)."""
    assert library.meta is not None
    return [(s.id, s.start, s.end, s.line) for s in library.index.spans(library.meta.region_start)]


def test_new_file_has_the_documented_layout(list_file: Path) -> None:
    store = _store(list_file)
    with store.transaction() as txn:
        txn.add(
            Paper(
                id="2208.12242",
                title="DreamBooth: Fine Tuning Text-to-Image Diffusion Models",
                arxiv="2208.12242",
                authors=["Nataniel Ruiz", "Jürgen Müller"],
                abstract=ABSTRACT,
                tags=["diffusion"],
            )
        )
    text = list_file.read_text(encoding="utf-8")
    assert text.startswith("version: 1\nchallenges: []\npapers:\n- id: '2208.12242'\n")
    assert "Jürgen Müller" in text  # Unicode as Unicode, not \u escapes
    assert "  abstract: >-\n    We present" in text  # long abstracts as block scalars
    assert "tags: [diffusion]" in text
    keys = [line.split(":")[0].strip() for line in text.splitlines()[3:] if ": " in line]
    assert keys[:4] == ["- id", "title", "arxiv", "status"]


def test_round_trip_keeps_unknown_fields_and_types(list_file: Path) -> None:
    list_file.write_text(
        "version: 1\n"
        "owner: someone  # a top-level key readlist does not know\n"
        "challenges: []\n"
        "papers:\n"
        "- id: a\n"
        "  title: First\n"
        "  status: todo\n"
        "  my_venue: {name: ICLR, year: 2023}\n"
        "  score: 2301.10000\n"
        "- id: b\n"
        "  title: Second\n",
        encoding="utf-8",
    )
    store = _store(list_file)
    with store.transaction() as txn:
        change_paper(txn, "a", status=Status.DONE)
    data = yaml.safe_load(list_file.read_text(encoding="utf-8"))
    assert data["owner"] == "someone"
    first = data["papers"][0]
    assert first["my_venue"] == {"name": "ICLR", "year": 2023}
    assert "score: 2301.10000" in list_file.read_text(encoding="utf-8")  # not 2301.1
    assert first["status"] == "done"
    # The record that was not touched keeps its exact bytes (no status added to it).
    assert list_file.read_text(encoding="utf-8").endswith("- id: b\n  title: Second\n")


def test_untouched_records_keep_their_bytes_and_comments(list_file: Path) -> None:
    original = (
        "version: 1\nchallenges: []\npapers:\n"
        "# --- my favourites ---\n"
        "- {id: a, title: 'Flow style, kept as written', status: todo}\n"
        "- id: b\n  title: Second   # a comment inside b\n  status: todo\n"
        "# trailing comment after b\n"
        "- id: c\n  title: Third\n"
    )
    list_file.write_text(original, encoding="utf-8")
    store = _store(list_file)
    with store.transaction() as txn:
        change_paper(txn, "b", rating=4)
    text = list_file.read_text(encoding="utf-8")
    assert "- {id: a, title: 'Flow style, kept as written', status: todo}\n" in text
    assert "# --- my favourites ---\n" in text
    assert "# trailing comment after b\n- id: c\n  title: Third\n" in text
    assert "rating: 4" in text


def test_previous_version_is_kept_as_bak(list_file: Path) -> None:
    store = _store(list_file)
    with store.transaction() as txn:
        txn.add(Paper(id="a", title="A"))
    first = list_file.read_bytes()
    with store.transaction() as txn:
        txn.add(Paper(id="b", title="B"))
    assert (list_file.parent / "list.yaml.bak").read_bytes() == first
    assert list_file.read_bytes() != first


def test_exception_in_transaction_writes_nothing(list_file: Path) -> None:
    write_list(list_file, [{"id": "a", "title": "A"}])
    before = list_file.read_bytes()
    store = _store(list_file)
    with pytest.raises(RuntimeError), store.transaction() as txn:
        txn.add(Paper(id="b", title="B"))
        raise RuntimeError("boom")
    assert list_file.read_bytes() == before


def test_duplicate_add_is_refused(list_file: Path) -> None:
    write_list(list_file, [{"id": "a", "title": "A"}])
    with pytest.raises(DuplicateError), _store(list_file).transaction() as txn:
        txn.add(Paper(id="a", title="Another"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 1\npapers:\n- id: a\n  title: [unclosed\n", r"list\.yaml:\d+:\d+: "),
        ("version: 1\npapers:\n- id: a\n\ttitle: tab\n", r"list\.yaml:\d+:\d+: "),
        ("- just\n- a list\n", "top level must be a mapping"),
        ("version: 7\npapers: []\n", "format version 7"),
    ],
)
def test_malformed_yaml_is_reported_and_never_overwritten(
    cli: Cli, text: str, expected: str
) -> None:
    cli.path.write_text(text, encoding="utf-8")
    result = cli("add", "Some Title")
    assert result.exit_code == DataError.exit_code
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    import re

    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert cli.path.read_text(encoding="utf-8") == text


def test_python_object_tag_is_an_error_not_code(cli: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    cli.path.write_text(
        "version: 1\npapers:\n- id: a\n"
        f"  title: !!python/object/apply:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )
    result = cli("list")
    assert result.exit_code == DataError.exit_code
    assert "python/object" in result.stderr
    assert not marker.exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("record", "field", "hint"),
    [
        ({"id": "a", "status": "finished"}, "status", "todo, reading, done, skipped"),
        ({"id": "a", "rating": 9}, "rating", "1 to 5"),
        ({"id": "a", "added": "last week"}, "added", "YYYY-MM-DD"),
        ({"id": "a", "arxiv": "2313.00001"}, "arxiv", "month 13"),
        ({"title": "no id"}, "id", "missing"),
    ],
)
def test_invalid_record_names_record_and_field(
    cli: Cli, record: dict[str, object], field: str, hint: str
) -> None:
    write_list(cli.path, [{"id": "ok", "title": "Fine"}, record])
    result = cli("list")
    assert result.exit_code == DataError.exit_code
    message = result.stderr.strip()
    assert "\n" not in message
    # The bad record starts on line 6, after the header and the first paper.
    name = f"paper {record['id']!r}" if "id" in record else "paper #2"
    assert f"list.yaml:6: {name}: {field}: " in message
    assert hint in message


def test_duplicate_ids_in_file_are_reported(cli: Cli) -> None:
    write_list(cli.path, [{"id": "a", "title": "One"}, {"id": "a", "title": "Two"}])
    result = cli("list")
    assert result.exit_code == DataError.exit_code
    assert "duplicate id" in result.stderr and "'a'" in result.stderr


@pytest.mark.slow
def test_read_only_file_is_left_as_it_was(cli: Cli) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha"}])
    before = cli.path.read_bytes()
    cli.path.chmod(0o444)
    try:
        result = cli("done", "a")
    finally:
        cli.path.chmod(0o644)
    assert result.exit_code == StorageError.exit_code
    assert "read-only" in result.stderr and "unchanged" in result.stderr
    assert cli.path.read_bytes() == before


@pytest.mark.slow
def test_full_disk_leaves_the_list_whole(list_file: Path) -> None:
    """A real write failure: the file-size limit makes the kernel refuse the write (EFBIG)."""
    write_list(
        list_file, [{"id": f"p{i}", "title": f"Paper {i}", "abstract": ABSTRACT} for i in range(40)]
    )
    before = list_file.read_bytes()
    limit = len(before) // 2

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    finished = subprocess.run(
        [sys.executable, "-m", "readlist", "--file", str(list_file), "note", "p1", "more"],
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        env={**os.environ},
        check=False,
    )
    assert finished.returncode == StorageError.exit_code, finished.stderr
    assert "cannot write" in finished.stderr and "unchanged" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert list_file.read_bytes() == before
    assert not [p for p in list_file.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_hand_edit_with_same_size_and_mtime_is_seen(cli: Cli) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha", "status": "todo"}])
    assert "todo" in cli.ok("list").stdout  # builds the index
    stat = cli.path.stat()
    text = cli.path.read_text(encoding="utf-8").replace("status: todo", "status: done")
    # An editor's kind of write: same size, then the old timestamps put back.
    with open(cli.path, "r+", encoding="utf-8") as handle:
        handle.write(text)
    os.utime(cli.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cli.path.stat().st_size == stat.st_size
    out = cli.ok("list", "--json").stdout
    assert '"status": "done"' in out


def test_index_after_writes_equals_a_fresh_rebuild(list_file: Path, tmp_path: Path) -> None:
    store = _store(list_file)
    with store.transaction() as txn:
        for i in range(12):
            txn.add(
                Paper(id=f"p{i}", title=f"Paper number {i}", abstract=ABSTRACT if i % 3 else None)
            )
    with store.transaction() as txn:
        txn.remove("p3")
        change_paper(txn, "p5", notes="a long note\nover two lines")
        renamed = txn.get("p7")
        assert renamed is not None
        renamed = renamed.copy()
        renamed.id = "seven"
        txn.update(renamed, old_id="p7")
        txn.add(Paper(id="new", title="Appended"))
        txn.set_challenges([Challenge("c", 5, entries=[ChallengeEntry(1, "p1")])])
    incremental = store.load()
    fresh = Store(list_file, index_dir=tmp_path / "fresh-index").load()
    assert incremental.meta is not None and fresh.meta is not None
    assert _places(incremental) == _places(fresh)
    assert [p.id for p in incremental.all()] == [p.id for p in fresh.all()]
    assert incremental.all() == fresh.all()
    assert incremental.meta.file_hash == fresh.meta.file_hash
    assert [c.name for c in fresh.challenges] == ["c"]


def test_damaged_index_is_rebuilt(cli: Cli, tmp_path: Path) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha"}])
    cli.ok("list")
    index_files = list((tmp_path / "cache" / "index").glob("*.sqlite3"))
    assert index_files
    for path in index_files:
        path.write_bytes(b"this is not a database" * 100)
    assert "Alpha" in cli.ok("list").stdout


def test_reads_never_change_the_file(sample: Cli) -> None:
    before = sample.path.read_bytes()
    mtime = sample.path.stat().st_mtime_ns
    for args in (["list"], ["show", "pali"], ["search", "diffusion"], ["list", "--json"]):
        sample.ok(*args)
    assert sample.path.read_bytes() == before
    assert sample.path.stat().st_mtime_ns == mtime
    assert not (sample.path.parent / "list.yaml.bak").exists()


def test_crlf_file_stays_crlf(list_file: Path) -> None:
    list_file.write_bytes(b"version: 1\r\nchallenges: []\r\npapers:\r\n- id: a\r\n  title: A\r\n")
    with _store(list_file).transaction() as txn:
        change_paper(txn, "a", tags=["x"])
        txn.add(Paper(id="b", title="B"))
    data = list_file.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert yaml.safe_load(data)["papers"][1]["id"] == "b"


@pytest.mark.slow
@pytest.mark.parametrize(
    "tail",
    [
        "- id: z\n  title: Last",
        "- id: z\n  title: Last\n# closing comment",
        "- id: z\n  title: Last\n",
    ],
)
def test_files_without_final_newline_stay_consistent(
    list_file: Path, tmp_path: Path, tail: str
) -> None:
    list_file.write_text("version: 1\npapers:\n- id: a\n  title: A\n" + tail, encoding="utf-8")
    store = _store(list_file)
    store.load()  # index the file as it is
    with store.transaction() as txn:
        txn.add(Paper(id="new", title="Appended"))
    with store.transaction() as txn:
        change_paper(txn, "z", rating=3)
        txn.add(Paper(id="newer", title="Appended again"))
    data = yaml.safe_load(list_file.read_text(encoding="utf-8"))
    assert [p["id"] for p in data["papers"]] == ["a", "z", "new", "newer"]
    incremental = store.load()
    fresh = Store(list_file, index_dir=tmp_path / "fresh").load()
    assert incremental.meta is not None and fresh.meta is not None
    assert _places(incremental) == _places(fresh)


def test_file_that_cannot_be_cut_is_read_whole_and_rewritten_whole(list_file: Path) -> None:
    # A quoted title running over a line that starts with "- ": cutting at that line would
    # split the record, so readlist reads the file whole (and writes it whole, canonically).
    list_file.write_text(
        'version: 1\npapers:\n- id: a\n  title: "multi\n- line title"\n- id: b\n  title: B\n',
        encoding="utf-8",
    )
    store = _store(list_file)
    assert [p.title for p in store.load().all()] == ["multi - line title", "B"]
    with store.transaction() as txn:
        change_paper(txn, "b", rating=2)
    data = yaml.safe_load(list_file.read_text(encoding="utf-8"))
    assert data["papers"] == [
        {"id": "a", "title": "multi - line title", "status": "todo"},
        {"id": "b", "title": "B", "status": "todo", "rating": 2},
    ]


def test_shared_values_are_never_written_as_aliases(list_file: Path) -> None:
    import datetime as dt

    same_day = dt.date(2026, 11, 2)
    tags = ["shared"]
    store = _store(list_file)
    with store.transaction() as txn:
        txn.add(Paper(id="a", title="A", started=same_day, finished=same_day, tags=tags))
        txn.add(Paper(id="b", title="B", added=same_day, tags=tags))
    text = list_file.read_text(encoding="utf-8")
    assert "&" not in text and "*" not in text
    assert "started: 2026-11-02\n  finished: 2026-11-02" in text


@pytest.mark.parametrize("text", ["\n", " leading space\nsecond", "ends with newline\n", "x\n\n"])
def test_texts_that_need_block_indicators_are_written_quoted(list_file: Path, text: str) -> None:
    store = _store(list_file)
    with store.transaction() as txn:
        txn.add(Paper(id="a", title="A", notes=text, abstract=text))
        txn.add(Paper(id="b", title="B"))
    data = yaml.safe_load(list_file.read_text(encoding="utf-8"))
    assert data["papers"][0]["notes"] == text and data["papers"][0]["abstract"] == text
    assert "..." not in list_file.read_text(encoding="utf-8")


def _pretend_settled(path: Path) -> None:
    """Make the index believe it checked the file's hash long after its last change, so that
    the next command trusts an unchanged stat without hashing (the fast path)."""
    store = Store(path)
    library = store.load()
    assert library.meta is not None
    library.meta.verified_ns = time.time_ns() + 60 * 10**9
    library.index.set_meta(library.meta)


@pytest.mark.parametrize("kind", ["in place", "new file renamed over it"])
def test_settled_index_still_sees_every_edit(cli: Cli, kind: str) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha", "status": "todo"}])
    cli.ok("list")
    _pretend_settled(cli.path)
    assert '"status": "todo"' in cli.ok("list", "--json").stdout  # trusted, not re-hashed
    stat = cli.path.stat()
    text = cli.path.read_text(encoding="utf-8").replace("status: todo", "status: done")
    if kind == "in place":
        with open(cli.path, "r+", encoding="utf-8") as handle:
            handle.write(text)
    else:
        replacement = cli.path.with_name("list.yaml.swp")
        replacement.write_text(text, encoding="utf-8")
        os.replace(replacement, cli.path)
    os.utime(cli.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cli.path.stat().st_size == stat.st_size
    assert '"status": "done"' in cli.ok("list", "--json").stdout


def _stat(size: int, mtime_ns: int, ctime_ns: int, ino: int = 7) -> os.stat_result:
    return os.stat_result(
        (0o100644, ino, 1, 1, 0, 0, size, 0, 0, 0),
        {"st_mtime_ns": mtime_ns, "st_ctime_ns": ctime_ns},
    )


def test_a_write_is_sealed_only_when_its_publication_is_a_later_timestamp() -> None:
    fine = 1_796_020_311_064_351_416  # a nanosecond clock's mtime
    written = _stat(100, fine, fine)
    assert disk.sealed(written, _stat(100, fine, fine + 4_000_000))
    assert not disk.sealed(written, _stat(100, fine, fine))  # one clock tick: racy
    # Changed by someone else between the write and the stat: never sealed.
    assert not disk.sealed(written, _stat(100, fine + 1, fine + 4_000_000))
    assert not disk.sealed(written, _stat(101, fine, fine + 4_000_000))
    assert not disk.sealed(written, _stat(100, fine, fine + 4_000_000, ino=8))
    # Whole seconds (FAT keeps 2-second mtimes): a later change may still get this mtime.
    whole = 1_796_020_310_000_000_000
    assert not disk.sealed(_stat(1, whole, whole), _stat(1, whole, whole + 1_010_000_000))
    assert disk.sealed(_stat(1, whole, whole), _stat(1, whole, whole + 2_000_000_000))
    assert disk.timestamp_unit(fine) == 1 and disk.timestamp_unit(whole) == 10**9
    assert disk.timestamp_unit(1_796_020_311_060_000_000) == 10**7


def _index_meta(path: Path) -> IndexMeta:
    index = Index.open(Store(path).index_file)
    try:
        meta = index.meta()
    finally:
        index.close()
    assert meta is not None
    return meta


@pytest.mark.parametrize("kind", ["in place", "in place, old mtime put back", "renamed over it"])
def test_a_hand_edit_right_after_a_write_is_seen(
    cli: Cli, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha", "status": "todo"}])
    cli.ok("list")
    chmod = os.chmod

    def chmod_a_tick_later(path: Any, mode: int) -> None:
        time.sleep(0.03)  # a coarse clock's tick (Windows: 15.6 ms): the write is sealed
        chmod(path, mode)

    with monkeypatch.context() as patched:
        patched.setattr(os, "chmod", chmod_a_tick_later)
        cli.ok("tag", "a", "x")  # readlist's own write: its stat is trusted at once
    written = cli.path.stat()
    meta = _index_meta(cli.path)
    assert meta.sealed and meta.stat_key == disk.stat_key(written)
    # Within the same second, the same size: only the bytes and the timestamps differ.
    text = cli.path.read_text(encoding="utf-8").replace("status: todo", "status: done")
    if kind == "renamed over it":
        replacement = cli.path.with_name("list.yaml.swp")
        replacement.write_text(text, encoding="utf-8")
        os.replace(replacement, cli.path)
    else:
        with open(cli.path, "r+", encoding="utf-8") as handle:
            handle.write(text)
    if kind == "in place, old mtime put back":
        os.utime(cli.path, ns=(written.st_atime_ns, written.st_mtime_ns))
    edited = cli.path.stat()
    assert edited.st_size == written.st_size
    assert edited.st_mtime_ns // 10**9 - written.st_mtime_ns // 10**9 <= 1
    assert '"status": "done"' in cli.ok("list", "--json").stdout
    assert not _index_meta(cli.path).sealed  # checked by its hash now, not sealed by a write


@pytest.mark.parametrize("change", ["cut short", "same size, in place"])
def test_a_change_by_another_program_while_a_write_copies_the_file_is_never_overwritten(
    cli: Cli, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A write copies the bytes it does not change straight from the file (the index describes
    # them; they are not read into memory first): whatever changes the file meanwhile is seen.
    write_list(
        cli.path, [{"id": f"p{n}", "title": f"Paper {n}", "status": "todo"} for n in range(40)]
    )
    cli.ok("list")
    _pretend_settled(cli.path)
    bak = cli.path.with_name(cli.path.name + ".bak")
    bak.write_bytes(b"the previous version\n")
    theirs = cli.path.read_bytes().replace(b"status: todo", b"status: done")
    if change == "cut short":
        theirs = theirs[: len(theirs) // 2]
    preadv = os.preadv

    def other_program_writes_first(fd: int, buffers: Any, offset: int) -> int:
        if cli.path.read_bytes() != theirs:
            with open(cli.path, "r+b") as handle:
                handle.write(theirs)
                handle.truncate()
        return preadv(fd, buffers, offset)

    monkeypatch.setattr(os, "preadv", other_program_writes_first)
    result = cli("tag", "p20", "x")
    assert result.exit_code == StorageError.exit_code
    assert "changed by another program while readlist was" in result.stderr
    assert "Traceback" not in result.stderr
    assert cli.path.read_bytes() == theirs
    assert bak.read_bytes() == b"the previous version\n"
    assert [p.name for p in cli.path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_renaming_in_a_file_written_whole_keeps_the_paper(list_file: Path) -> None:
    # Flow style for the whole list: the file cannot be cut, so it is written whole.
    list_file.write_text(
        "version: 1\npapers: [{id: a, title: Alpha}, {id: b, title: Beta}]\n", encoding="utf-8"
    )
    store = _store(list_file)
    with store.transaction() as txn:
        paper = txn.get("a")
        assert paper is not None
        renamed = paper.copy()
        renamed.id = "alpha"
        txn.update(renamed, old_id="a")
        assert [p.id for p in txn.all()] == ["alpha", "b"]
    data = yaml.safe_load(list_file.read_text(encoding="utf-8"))
    assert [(p["id"], p["title"]) for p in data["papers"]] == [("alpha", "Alpha"), ("b", "Beta")]


def test_the_places_of_some_records_are_where_the_whole_cut_puts_them(list_file: Path) -> None:
    """Index.places sums the sizes between the records asked for (in any order, repeated,
    unknown ids left out); it agrees with spans, which walks every row."""
    records = [
        {"id": f"p{n}", "title": f"Paper number {n}", "notes": "line\n" * (n % 4) or None}
        for n in range(60)
    ]
    write_list(list_file, [{k: v for k, v in r.items() if v is not None} for r in records])
    library = _store(list_file).load()
    assert library.meta is not None
    every = {s.id: s for s in library.index.spans(library.meta.region_start)}
    asked = ["p59", "p0", "p7", "p7", "nowhere", *(f"p{n}" for n in range(10, 50, 3))]
    found = library.index.places(asked, library.meta.region_start)
    assert found == {i: every[i] for i in asked if i in every}
    assert len(found) == 17
    library.index.close()
