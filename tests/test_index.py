"""The derived index: plain data only, keyed by a fingerprint of the field table, rebuilt (never
crashed on, never executed) when another readlist built it."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sqlite3
from dataclasses import fields
from pathlib import Path

import pytest

from readlist import index as index_module
from readlist.index import FIELD_COLUMNS, FINGERPRINT, IndexRow
from readlist.models import PAPER_FIELDS, PAPER_KEYS, Paper
from readlist.store import Store
from tests.conftest import Cli, write_list

# The papers table of the index as readlist 0.x wrote it (SCHEMA_VERSION "7"): a pickled
# record per row and a pickled state.
OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE papers (
    id TEXT PRIMARY KEY, ord INTEGER NOT NULL, size INTEGER NOT NULL, lines INTEGER NOT NULL,
    arxiv TEXT, title TEXT NOT NULL, norm_title TEXT NOT NULL, search_key TEXT NOT NULL,
    titled INTEGER NOT NULL, abstract_key TEXT, status TEXT NOT NULL, added TEXT, started TEXT,
    finished TEXT, published TEXT, rating INTEGER, tags TEXT NOT NULL, sources TEXT NOT NULL,
    haystack TEXT NOT NULL, fetched INTEGER NOT NULL, record BLOB NOT NULL
);
"""


class _Trap:
    """Unpickling this creates a file: proof that something ran what it read."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def _index_files(cli: Cli) -> list[Path]:
    return sorted((cli.path.parent.parent / "cache" / "index").glob("*.sqlite3"))


def test_the_field_table_and_the_paper_agree() -> None:
    assert tuple(f.name for f in fields(Paper) if f.name != "extra") == PAPER_KEYS
    assert len(set(PAPER_KEYS)) == len(PAPER_KEYS)
    # A field column may not take the name of a column every row has.
    assert not {s.name for s in FIELD_COLUMNS} & set(IndexRow._fields)
    assert {s.name for s in PAPER_FIELDS if s.column} >= {"status", "tags", "added"}


@pytest.mark.slow
def test_an_index_of_an_older_readlist_is_rebuilt_and_its_pickles_never_loaded(
    cli: Cli, tmp_path: Path
) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha", "status": "todo", "tags": ["x"]}])
    cli.ok("list")
    (db_path,) = _index_files(cli)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    marker = tmp_path / "ran"
    trap = pickle.dumps(_Trap(marker))
    old = sqlite3.connect(db_path)
    old.executescript(OLD_SCHEMA)
    old.execute("INSERT INTO meta VALUES ('schema', '7'), ('state', ?)", (trap,))
    row = ("a", 0, 40, 3, None, "Old", "old", "old", 1, None, "done", None, None, None, None)
    old.execute(
        "INSERT INTO papers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,'','','old',0,?)",
        (*row, trap),
    )
    old.commit()
    old.close()

    result = cli.ok("list", "--json")
    assert json.loads(result.stdout)[0]["title"] == "Alpha"  # the file's, not the old row's
    assert cli.ok("show", "a").stdout.count("Alpha") == 1
    assert cli.ok("tag", "a", "y").exit_code == 0
    assert not marker.exists()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone() == (
        FINGERPRINT,
    )
    records = "SELECT typeof(record), count(*) FROM papers JOIN records USING (id)"
    assert conn.execute(records).fetchall() == [("text", 1)]
    conn.close()


def test_an_index_built_by_another_field_table_is_rebuilt(
    cli: Cli, monkeypatch: object, tmp_path: Path
) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha", "status": "todo"}])
    cli.ok("list")
    (db_path,) = _index_files(cli)
    # What an index built before a field was added looks like: another fingerprint, one
    # column fewer, records without the new field.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE meta SET value = 'older-table' WHERE key = 'fingerprint'")
    conn.execute("ALTER TABLE papers DROP COLUMN fetched")
    conn.execute("UPDATE records SET record = '[\"a\"]'")
    conn.commit()
    conn.close()
    assert json.loads(cli.ok("list", "--json").stdout) == [
        {"id": "a", "title": "Alpha", "status": "todo"}
    ]
    assert "Alpha" in cli.ok("list", "--status", "todo").stdout


def test_unknown_values_of_every_yaml_type_survive_the_index(list_file: Path) -> None:
    list_file.write_text(
        "version: 1\nchallenges: []\npapers:\n"
        "- id: a\n"
        "  title: First\n"
        "  seen: 2023-01-02\n"
        "  at: 2023-01-02 10:20:30+02:00\n"
        "  score: 2301.10000\n"
        "  ratio: .inf\n"
        "  nested: {1: [x, {y: 2023-05-06}], 'm': ~, 'true': yes}\n"
        "  blob: !!binary aGVsbG8=\n"
        "  members: !!set {p, q}\n"
        "  object: {m: [[1, 2]]}\n",
        encoding="utf-8",
    )
    store = Store(list_file)
    store.load()  # builds the index
    stored = store.load().get("a")  # read back from the index
    assert stored is not None
    assert stored.extra == {
        "seen": dt.date(2023, 1, 2),
        "at": dt.datetime(2023, 1, 2, 10, 20, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "score": 2301.1,
        "ratio": float("inf"),
        "nested": {1: ["x", {"y": dt.date(2023, 5, 6)}], "m": None, "true": True},
        "blob": b"hello",
        "members": {"p", "q"},
        "object": {"m": [[1, 2]]},  # a user's mapping that looks like the index's own tags
    }
    assert getattr(stored.extra["score"], "source", None) == "2301.10000"
    with store.transaction() as txn:
        paper = txn.get("a")
        assert paper is not None
        paper.status = paper.status.DONE
        txn.update(paper)
    text = list_file.read_text(encoding="utf-8")
    assert "score: 2301.10000" in text
    fresh = Store(list_file, index_dir=list_file.parent / "fresh").load().get("a")
    assert fresh is not None and fresh.extra == stored.extra


def test_the_index_module_reads_no_pickles() -> None:
    source = Path(index_module.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "pickle." not in source


def test_the_index_state_reads_back_as_written(list_file: Path) -> None:
    write_list(
        list_file,
        [{"id": "a", "title": "Alpha"}],
        challenges=[{"name": "c", "days": 3, "start": dt.date(2026, 11, 1), "entries": []}],
    )
    built = Store(list_file).load()
    assert built.meta is not None
    stored = built.index.meta()  # what the next command reads instead of hashing the file
    assert stored == built.meta
    assert stored.header["challenges"][0]["start"] == dt.date(2026, 11, 1)


def _memo(cli: Cli) -> dict[str, str]:
    (db_path,) = _index_files(cli)
    with sqlite3.connect(db_path) as conn:
        return dict(conn.execute("SELECT name, value FROM memo").fetchall())


def test_what_search_and_progress_work_out_is_kept_until_the_list_changes(cli: Cli) -> None:
    write_list(
        cli.path,
        [
            {"id": "a", "title": "Denoising diffusion models", "tags": ["gen"]},
            {"id": "b", "title": "Attention is all you need", "tags": ["nlp"]},
        ],
    )
    assert "a" in cli.ok("search", "difusion").stdout
    tags = {
        t["tag"]: t["papers"] for t in json.loads(cli.ok("progress", "--json").stdout)["by_tag"]
    }
    assert tags == {"gen": 1, "nlp": 1}
    assert set(_memo(cli)) == {"search-corpus", "tag-status-counts"}
    # Read from the memo the second time: the same answers.
    assert "a" in cli.ok("search", "difusion").stdout

    cli.ok("tag", "b", "gen")  # a write drops the memo...
    assert _memo(cli) == {}
    tags = {
        t["tag"]: t["papers"] for t in json.loads(cli.ok("progress", "--json").stdout)["by_tag"]
    }
    assert tags == {"gen": 2, "nlp": 1}  # ...and the counts are worked out again

    # So does a hand edit read again record by record.
    text = cli.path.read_text(encoding="utf-8")
    cli.path.write_text(text.replace("Attention is all you need", "Transformers for translation"))
    assert "b" in cli.ok("search", "transformers").stdout
    assert cli("search", "attention").exit_code != 0
