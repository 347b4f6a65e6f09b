"""The file layer attacked: a symlinked list, duplicate keys, alias bombs, numbers too long
for Python, nonsense lock timeouts, an index whose spans are wrong, and a planted cache. None
of them may lose a record, crash, or run anything."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

import pytest
import yaml

from readlist.errors import DataError, StorageError, UsageError
from tests.conftest import Cli, write_list


def one_error_line(result: object, code: int) -> str:
    err = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == code, (result.exit_code, err)  # type: ignore[attr-defined]
    assert err.startswith("readlist: error: ") and err.count("\n") == 1, err
    assert len(err) < 1200
    return err


@pytest.mark.slow
def test_a_symlinked_list_is_written_through_to_its_target(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "reading.yaml"
    target.parent.mkdir()
    write_list(target, [{"id": "a", "title": "Alpha"}])
    cli.path.symlink_to(target)
    cli.ok("add", "Beta paper")
    cli.ok("tag", "a", "x")
    assert cli.path.is_symlink() and cli.path.resolve() == target
    papers = {p["id"]: p for p in yaml.safe_load(target.read_text(encoding="utf-8"))["papers"]}
    assert set(papers) == {"a", "beta-paper"} and papers["a"]["tags"] == ["x"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "version: 1\npapers:\n- id: a\n  title: First list\npapers:\n- id: b\n",
            "list.yaml:5:1: the key 'papers' is given twice (first on line 2)",
        ),
        (
            "version: 1\npapers:\n- id: a\n  title: One\n  notes: mine\n  title: Two\n",
            "list.yaml:6:3: the key 'title' is given twice (first on line 4)",
        ),
        (
            "version: 1\nchallenges:\n- name: c\n  days: 3\n  days: 4\npapers: []\n",
            "list.yaml:5:3: the key 'days' is given twice (first on line 4)",
        ),
    ],
)
def test_duplicate_keys_are_an_error_at_their_line(cli: Cli, text: str, where: str) -> None:
    cli.path.write_text(text, encoding="utf-8")
    for args in (["list"], ["add", "New paper"]):
        err = one_error_line(cli(*args), DataError.exit_code)
        assert where in err
    assert cli.path.read_text(encoding="utf-8") == text  # nothing deleted by a write


def _bomb(prefix: str, levels: int = 9) -> list[str]:
    lines = [f'{prefix}x_a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for level in range(1, levels):
        refs = ",".join([f"*{names[level - 1]}"] * 9)
        lines.append(f"{prefix}x_{names[level]}: &{names[level]} [{refs}]")
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("place", ["record", "header"])
def test_alias_bombs_are_refused_in_bounded_time_and_message(cli: Cli, place: str) -> None:
    if place == "record":
        lines = ["version: 1", "papers:", "- id: a", "  title: x", *_bomb("  ")]
    else:
        lines = ["version: 1", *_bomb(""), "papers:", "- id: a", "  title: x"]
    text = "\n".join(lines) + "\n"
    cli.path.write_text(text, encoding="utf-8")
    for args in (["list"], ["add", "New paper"], ["show", "a"]):
        err = one_error_line(cli(*args), DataError.exit_code)
        assert "aliases of this anchor expand the file by more than 100,000" in err
    assert cli.path.read_text(encoding="utf-8") == text


def test_a_few_aliases_are_still_read(cli: Cli) -> None:
    cli.path.write_text(
        "version: 1\npapers:\n- id: a\n  title: x\n  started: &d 2023-01-02\n  finished: *d\n"
        "  status: done\n",
        encoding="utf-8",
    )
    assert "finished 2023-01-02" in cli.ok("show", "a").stdout


@pytest.mark.parametrize("field", ["rating", "x_serial"])
def test_a_5000_digit_number_is_an_error_at_its_line(cli: Cli, field: str) -> None:
    text = f"version: 1\npapers:\n- id: a\n  title: x\n  {field}: {'9' * 5000}\n"
    cli.path.write_text(text, encoding="utf-8")
    err = one_error_line(cli("list"), DataError.exit_code)
    assert "list.yaml:5:" in err and "a number with 5,000 characters" in err
    assert cli.path.read_text(encoding="utf-8") == text


def test_a_4000_digit_rating_is_refused_in_a_short_line(cli: Cli) -> None:
    cli.path.write_text(
        f"version: 1\npapers:\n- id: a\n  title: x\n  rating: {'9' * 4000}\n", encoding="utf-8"
    )
    err = one_error_line(cli("list"), DataError.exit_code)
    assert "rating: must be 1 to 5" in err and "characters ...]" in err


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-1", "1e9"])
def test_nonsense_lock_timeouts_are_refused(cli: Cli, value: str) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha"}])
    before = cli.path.read_bytes()
    result = cli("tag", "a", "x", env={"READLIST_LOCK_TIMEOUT": value})
    err = one_error_line(result, UsageError.exit_code)
    assert f"READLIST_LOCK_TIMEOUT={value!r} is not a number of seconds" in err
    assert cli.path.read_bytes() == before


def _index_file(tmp_path: Path) -> Path:
    found = list((tmp_path / "cache" / "index").glob("*.sqlite3"))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.slow
def test_an_index_with_a_wrong_span_never_breaks_the_file(cli: Cli, tmp_path: Path) -> None:
    write_list(cli.path, [{"id": f"p{i}", "title": f"Paper {i}"} for i in range(5)])
    cli.ok("list")
    with sqlite3.connect(_index_file(tmp_path)) as db:  # p1 claims 7 bytes more than it has
        db.execute("UPDATE papers SET size = size + 7 WHERE id = 'p1'")
    before = cli.path.read_bytes()
    refused = cli("tag", "p3", "x")
    err = one_error_line(refused, StorageError.exit_code)
    assert "does not match the file where paper 'p3' is; nothing was written" in err
    assert cli.path.read_bytes() == before
    cli.ok("tag", "p3", "x")  # the next command rebuilt the index
    data = cli.data()
    assert [p["id"] for p in data["papers"]] == [f"p{i}" for i in range(5)]
    assert data["papers"][3]["tags"] == ["x"]


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch planted-pickle-ran",))


@pytest.mark.slow
def test_a_planted_pickle_in_the_cache_never_runs(cli: Cli, tmp_path: Path, isolated: Path) -> None:
    write_list(cli.path, [{"id": "a", "title": "Alpha"}])
    cli.ok("list")
    payload = pickle.dumps(_Planted())
    with sqlite3.connect(_index_file(tmp_path)) as db:
        assert db.execute("UPDATE records SET record = ?", (payload,)).rowcount == 1
    before = cli.path.read_bytes()
    for args in (["show", "a"], ["list", "--json"], ["tag", "a", "x"]):
        err = one_error_line(cli(*args), StorageError.exit_code)
        assert "index cache is damaged" in err and "it is rebuilt from the list" in err
    assert not (isolated / "planted-pickle-ran").exists()
    assert cli.path.read_bytes() == before
    _index_file(tmp_path).unlink()  # as the message says
    cli.ok("tag", "a", "x")
    assert cli.papers()["a"]["tags"] == ["x"]
