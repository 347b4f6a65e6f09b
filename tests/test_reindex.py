"""Indexing a whole file in several processes gives exactly what one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from readlist.errors import DataError
from readlist.store import Store
from tests.conftest import change_paper, write_list

ABSTRACT = "Score-based models learn the gradient of the data density. " * 6


def _records(count: int) -> list[dict[str, object]]:
    return [
        {"id": f"p{i:04d}", "title": f"Paper number {i}", "tags": ["t"], "abstract": ABSTRACT}
        for i in range(count)
    ]


def _index(path: Path, cache: Path, workers: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("READLIST_WORKERS", workers)
    store = Store(path, index_dir=cache)
    return store


@pytest.mark.slow
def test_parallel_index_equals_sequential(
    list_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_list(list_file, _records(700))
    one = _index(list_file, tmp_path / "one", "1", monkeypatch).load()
    many = _index(list_file, tmp_path / "many", "3", monkeypatch).load()
    assert one.meta is not None and many.meta is not None
    assert many.all() == one.all()
    place = [(s.id, s.start, s.end, s.line) for s in many.index.spans(many.meta.region_start)]
    assert place == [(s.id, s.start, s.end, s.line) for s in one.index.spans(one.meta.region_start)]
    # ... and a write through the parallel-built index splices the right bytes.
    store = _index(list_file, tmp_path / "many", "3", monkeypatch)
    with store.transaction() as txn:
        change_paper(txn, "p0350", rating=4)
    papers = yaml.safe_load(list_file.read_text(encoding="utf-8"))["papers"]
    assert papers[350]["rating"] == 4 and len(papers) == 700 and "rating" not in papers[351]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "bad", "rating": 11}, r"list\.yaml:\d+: paper 'bad': rating: must be 1 to 5"),
        ({"id": "p0001", "title": "Again"}, r"paper 'p0001': id: duplicate id \(also paper #2\)"),
    ],
)
def test_parallel_index_reports_bad_records_with_their_line(
    list_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: dict, message: str
) -> None:
    records = _records(600)
    records.insert(450, record)
    write_list(list_file, records)
    with pytest.raises(DataError, match=message) as raised:
        _index(list_file, tmp_path / "many", "3", monkeypatch).load()
    line = int(str(raised.value).split(":")[1])
    assert list_file.read_text(encoding="utf-8").splitlines()[line - 1].startswith("- id:")
    with pytest.raises(DataError) as sequential:
        _index(list_file, tmp_path / "one", "1", monkeypatch).load()
    assert str(sequential.value) == str(raised.value)


@pytest.mark.slow
def test_parallel_index_falls_back_to_a_whole_read(
    list_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_list(list_file, _records(400))
    text = list_file.read_text(encoding="utf-8")
    # A quoted title running over a line that starts with "- " cannot be cut there.
    text = text.replace("title: Paper number 300\n", 'title: "Paper number\n- 300"\n', 1)
    list_file.write_text(text, encoding="utf-8")
    library = _index(list_file, tmp_path / "many", "3", monkeypatch).load()
    assert library.get("p0300").title == "Paper number - 300"  # type: ignore[union-attr]
    assert library.count() == 400
