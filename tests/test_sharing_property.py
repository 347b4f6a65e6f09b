"""A property test with real git: random interleavings of changes and syncs on two clones of
one list always end, after both sync, in the same file, which loads and holds every change."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli
from tests.git_lab import Lab, git, repo

MACHINES = ("alice", "bob")
ACTIONS = ("tag", "note", "start", "done", "add", "sync")
PAPER_IDS = ("a", "b", "c")
RANK = {"todo": 0, "reading": 2, "done": 3}

steps = st.lists(
    st.tuples(st.sampled_from(MACHINES), st.sampled_from(ACTIONS), st.sampled_from(PAPER_IDS)),
    min_size=1,
    max_size=8,
)


@dataclass
class Expected:
    """Every change made on either machine, as the merged list must hold it."""

    tags: dict[str, set[str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)


def fresh_copy(template: Lab, into: Path) -> dict[str, Cli]:
    shutil.copytree(template.remote.parent, into, dirs_exist_ok=True)
    machines = {}
    for name in MACHINES:
        git(into / name, "remote", "set-url", "origin", str(into / "remote.git"))
        machines[name] = Cli(into / name / "readlist.yaml")
    return machines


def apply(cli: Cli, action: str, paper: str, number: int, expected: Expected) -> None:
    status = cli.papers().get(paper, {}).get("status", "todo")
    if action == "tag":
        cli.ok("tag", paper, f"t{number}")
        expected.tags.setdefault(paper, set()).add(f"t{number}")
    elif action == "note":
        cli.ok("note", paper, f"note {number}")
        expected.notes.setdefault(paper, []).append(f"note {number}")
    elif action == "start" and status == "todo":
        cli.ok("start", paper)
        expected.status[paper] = max(expected.status.get(paper, "todo"), "reading", key=RANK.get)
    elif action == "done" and status != "done":
        cli.ok("done", paper)
        expected.status[paper] = "done"
    elif action == "add":
        arxiv = f"2301.{10000 + number:05d}"
        cli.ok("add", arxiv)
        expected.added.add(arxiv)
    elif action == "sync":
        cli.ok("sync")


@pytest.mark.slow
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(interleaving=steps)
def test_random_interleavings_on_two_clones_merge_into_one_list_holding_every_change(
    lab: Lab,
    interleaving: list[tuple[str, str, str]],
) -> None:
    with tempfile.TemporaryDirectory(dir=lab.remote.parent.parent) as folder:
        machines = fresh_copy(lab, Path(folder))
        expected = Expected()
        for number, (machine, action, paper) in enumerate(interleaving):
            apply(machines[machine], action, paper, number, expected)
        for machine in ("alice", "bob", "alice"):
            machines[machine].ok("sync")
        alice, bob = machines["alice"], machines["bob"]
        assert alice.path.read_bytes() == bob.path.read_bytes()
        assert "No conflicts." in alice.ok("conflicts").stdout
        papers = alice.papers()  # loads; every record valid
        assert expected.added <= set(papers)
        for paper, tags in expected.tags.items():
            assert tags <= set(papers[paper].get("tags", []))
        for paper, notes in expected.notes.items():
            assert all(note in papers[paper]["notes"] for note in notes)
        for paper, status in expected.status.items():
            assert papers[paper]["status"] == status
        assert git(repo(alice), "status", "--porcelain").stdout == ""
