"""Several readers, one list: `readlist read` records who read a paper when (`read_by`), the
shared status untouched; `progress CHALLENGE` shows who read which day and each reader's
streak; two clones' readers merge."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from readlist.errors import UsageError
from tests.conftest import Cli, write_list
from tests.git_lab import Lab

PAPERS = [
    {"id": "a", "title": "Alpha: A first paper", "status": "todo"},
    {"id": "b", "title": "Beta: A second paper", "status": "todo"},
    {"id": "c", "title": "Gamma: A third paper", "status": "todo"},
]
CHALLENGE = {
    "name": "lab30",
    "days": 3,
    "start": "2026-11-19",
    "entries": [{"day": 1, "paper": "a"}, {"day": 2, "paper": "b"}, {"day": 3, "paper": "c"}],
}


@pytest.fixture
def lab_list(cli: Cli) -> Cli:
    write_list(cli.path, [dict(p) for p in PAPERS], [dict(CHALLENGE)])
    return cli


@pytest.mark.slow
def test_read_records_each_reader_and_leaves_the_shared_status(lab_list: Cli) -> None:
    out = lab_list.ok("read", "a", "b", "--reader", "alice", "--date", "2026-11-19").stdout
    assert out.splitlines() == [
        "alice read a on 2026-11-19  Alpha: A first paper",
        "alice read b on 2026-11-19  Beta: A second paper",
    ]
    lab_list.ok("read", "b", "--date", "2026-11-20", env={"READLIST_READER": "bob"})
    papers = lab_list.papers()
    assert papers["a"]["read_by"] == {"alice": date(2026, 11, 19)}
    assert papers["b"]["read_by"] == {"alice": date(2026, 11, 19), "bob": date(2026, 11, 20)}
    assert papers["a"]["status"] == "todo"  # the lab's catalogue is not one person's reading
    assert "  read_by:\n    alice: 2026-11-19\n    bob: 2026-11-20\n" in lab_list.path.read_text()


@pytest.mark.slow
def test_read_needs_to_know_who_and_asks_git(lab_list: Cli, git_env: None) -> None:
    result = lab_list("read", "a", env={"READLIST_READER": ""})
    assert result.exit_code == UsageError.exit_code
    assert "who read it? give --reader NAME (or set READLIST_READER)" in result.stderr
    assert "read_by" not in lab_list.papers()["a"]
    config = Path(os.environ["GIT_CONFIG_GLOBAL"])
    config.write_text(config.read_text() + "[user]\n\tname = Carol\n")
    assert lab_list.ok("read", "a", env={"READLIST_READER": ""}).stdout.startswith("Carol read a")


@pytest.mark.slow
def test_progress_shows_who_read_which_day_and_each_streak(lab_list: Cli) -> None:
    lab_list.ok("read", "a", "--reader", "alice", "--date", "2026-11-19")
    lab_list.ok("read", "b", "--reader", "alice", "--date", "2026-11-20")
    lab_list.ok("read", "c", "--reader", "alice", "--date", "2026-11-21")
    lab_list.ok("read", "a", "--reader", "bob", "--date", "2026-11-20")
    out = lab_list.ok("progress", "lab30").stdout
    readers = out[out.index("Readers of lab30") :]
    assert readers.splitlines() == [
        "Readers of lab30",
        "",
        "Day  Paper                 alice       bob",
        "  1  Alpha: A first paper  2026-11-19  2026-11-20",
        "  2  Beta: A second paper  2026-11-20  —",
        "  3  Gamma: A third paper  2026-11-21  —",
        "",
        "alice:  3 of 3 read, streak 3 days (longest 3 days)",
        "bob:    1 of 3 read, streak 1 day (longest 1 day)",
    ]
    data = json.loads(lab_list.ok("progress", "lab30", "--json").stdout)
    assert data["readers"]["readers"] == {
        "alice": {"done": 3, "current_streak": 3, "longest_streak": 3},
        "bob": {"done": 1, "current_streak": 1, "longest_streak": 1},
    }
    assert data["readers"]["days"][0] == {
        "day": 1,
        "paper": "a",
        "read_by": {"alice": "2026-11-19", "bob": "2026-11-20"},
    }


def test_progress_without_readers_is_as_before(lab_list: Cli) -> None:
    assert "Readers of" not in lab_list.ok("progress", "lab30").stdout
    assert "readers" not in json.loads(lab_list.ok("progress", "lab30", "--json").stdout)


def test_a_malformed_read_by_is_reported_with_its_paper(lab_list: Cli) -> None:
    text = lab_list.path.read_text().replace(
        "  status: todo\n", "  status: todo\n  read_by: alice\n", 1
    )
    lab_list.path.write_text(text)
    result = lab_list("progress", "lab30")
    assert result.exit_code == 65
    assert "paper a: read_by: must map each reader to a date" in result.stderr


@pytest.mark.slow
def test_two_clones_readers_merge(lab: Lab) -> None:
    lab.alice.ok("read", "a", "--reader", "alice", "--date", "2026-11-19")
    lab.alice.ok("sync")
    lab.bob.ok("read", "a", "--reader", "bob", "--date", "2026-11-20")
    assert "Committed: edited Alpha" in lab.bob.ok("sync").stdout
    lab.alice.ok("sync")
    assert lab.alice.papers()["a"]["read_by"] == {
        "alice": date(2026, 11, 19),
        "bob": date(2026, 11, 20),
    }
