"""`readlist conflicts` and `readlist resolve-conflict` on a list holding a merge's clashes, and
`readlist merge-driver` run as git runs it (files in, the result in %A, exit 1 on a clash)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.errors import ConflictError, NotFoundError, UsageError
from tests.conftest import Cli, write_list


def clashed(cli: Cli) -> None:
    write_list(
        cli.path,
        [
            {
                "id": "a",
                "title": "Ours",
                "status": "done",
                "finished": "2026-11-02",
                "rating": 4,
                "conflicts": [
                    {"field": "title", "ours": "Ours", "theirs": "Theirs"},
                    {"field": "rating", "ours": 4, "theirs": 2},
                ],
            },
            {
                "id": "b",
                "title": "B",
                "status": "todo",
                "conflicts": [{"field": "record", "ours": "changed", "theirs": "removed"}],
            },
        ],
        [
            {
                "name": "lab30",
                "days": 30,
                "entries": [{"day": 1, "paper": "a"}, {"day": 2, "paper": "b"}],
                "conflicts": [{"field": "day 2", "ours": "b", "theirs": "a"}],
            }
        ],
    )


@pytest.mark.slow
def test_conflicts_lists_every_clash_with_both_values(cli: Cli) -> None:
    clashed(cli)
    out = cli.ok("conflicts").stdout.splitlines()
    assert out == [
        "challenge lab30  day 2: ours b, theirs a",
        "a                title: ours Ours, theirs Theirs",
        "a                rating: ours 4, theirs 2",
        "b                record: ours changed, theirs removed",
        "4 conflicts; keep one side with `readlist resolve-conflict REF FIELD --ours` "
        "(or --theirs, or --value VALUE)",
    ]


@pytest.mark.slow
def test_resolve_conflict_takes_a_side_or_a_value_and_checks_it(cli: Cli) -> None:
    clashed(cli)
    several = cli("resolve-conflict", "a", "--ours")
    assert several.exit_code == UsageError.exit_code
    assert "a has 2 conflicts: name the field to resolve (title, rating)" in several.stderr
    neither = cli("resolve-conflict", "a", "rating")
    assert neither.exit_code == UsageError.exit_code and "exactly one of" in neither.stderr
    bad = cli("resolve-conflict", "a", "rating", "--value", "9")
    assert bad.exit_code == UsageError.exit_code and "rating: must be 1 to 5" in bad.stderr
    assert cli.papers()["a"]["rating"] == 4  # unchanged
    assert (
        "Resolved a: rating = 3" in cli.ok("resolve-conflict", "a", "rating", "--value", "3").stdout
    )
    result = cli.ok("resolve-conflict", "a", "--theirs")
    assert "Resolved a: title = Theirs" in result.stdout and "2 conflicts left" in result.stdout
    paper = cli.papers()["a"]
    assert (paper["title"], paper["rating"], "conflicts" in paper) == ("Theirs", 3, False)
    none_left = cli("resolve-conflict", "a", "--ours")
    assert none_left.exit_code == NotFoundError.exit_code
    assert "a has no conflict to resolve" in none_left.stderr


def test_resolving_a_removal_removes_the_paper_and_its_day(cli: Cli) -> None:
    clashed(cli)
    assert "Resolved b: removed" in cli.ok("resolve-conflict", "b", "--theirs").stdout
    assert list(cli.papers()) == ["a"]
    challenge = cli.data()["challenges"][0]
    assert challenge["entries"] == [{"day": 1, "paper": "a"}]
    out = cli.ok("resolve-conflict", "lab30", "day 2", "--theirs", "--challenge").stdout
    assert "Resolved challenge lab30: day 2 = a" in out and "2 conflicts left" in out
    challenge = cli.data()["challenges"][0]
    assert challenge["entries"] == [{"day": 2, "paper": "a"}] and "conflicts" not in challenge


def test_merge_driver_writes_the_result_into_ours_and_exits_1_on_a_clash(
    cli: Cli, tmp_path: Path
) -> None:
    files = {}
    for side, rating in (("base", 3), ("ours", 4), ("theirs", 2)):
        files[side] = tmp_path / f"{side}.yaml"
        write_list(files[side], [{"id": "a", "title": "T", "status": "todo", "rating": rating}])
    args = [str(files[s]) for s in ("base", "ours", "theirs")]
    result = cli("merge-driver", *args, "lab/readlist.yaml")
    assert result.exit_code == ConflictError.exit_code
    assert result.stderr.splitlines() == [
        "readlist: error: lab/readlist.yaml: 1 conflict left in the merged list (written in the "
        "records, valid YAML): `readlist conflicts` lists them, `readlist resolve-conflict` "
        "resolves them",
        "  a: rating: ours 4, theirs 2",
    ]
    assert (
        "conflicts:\n  - field: rating\n    ours: 4\n    theirs: 2\n" in files["ours"].read_text()
    )
    write_list(files["theirs"], [{"id": "a", "title": "T", "status": "done", "rating": 3}])
    write_list(files["ours"], [{"id": "a", "title": "T", "status": "todo", "rating": 5}])
    cli.ok("merge-driver", *args)
    assert "status: done\n  rating: 5\n" in files["ours"].read_text()


def test_merge_driver_refuses_a_broken_side_and_leaves_ours_alone(cli: Cli, tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / f"{n}.yaml" for n in ("base", "ours", "theirs"))
    for path in (base, ours):
        write_list(path, [{"id": "a", "status": "todo"}])
    theirs.write_text("version: 1\npapers:\n- id: a\n  status: [\n")
    before = ours.read_bytes()
    result = cli("merge-driver", str(base), str(ours), str(theirs), "readlist.yaml")
    assert result.exit_code == 65 and "readlist.yaml (theirs)" in result.stderr
    assert "Traceback" not in result.stderr and ours.read_bytes() == before
