"""Scripting: several REFs at once, --json with the records' shape, --quiet, and the numbered
choice an ambiguous REF offers on a terminal (a real pseudo-terminal)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

from readlist.errors import AmbiguousError, DuplicateError, NotFoundError
from tests.conftest import Cli, readlist_exe, subprocess_env, write_list


def test_done_takes_several_refs_in_one_change(sample: Cli) -> None:
    result = sample.ok("done", "dreambooth", "pali", "2210.03142", "--date", "2026-11-20")
    assert result.stdout.count("done: ") == 3
    papers = sample.papers()
    assert {papers[i]["status"] for i in ("2208.12242", "pali", "2210.03142")} == {"done"}
    assert papers["2208.12242"]["finished"].isoformat() == "2026-11-20"


def test_one_bad_ref_among_several_changes_nothing(sample: Cli) -> None:
    before = sample.path.read_bytes()
    result = sample("start", "pali", "no-such-paper-at-all")
    assert result.exit_code == NotFoundError.exit_code
    assert sample.path.read_bytes() == before


def test_json_is_the_changed_records_in_the_shape_of_list(sample: Cli) -> None:
    changed = json.loads(sample.ok("skip", "pali", "2210.03142", "--json").stdout)
    listed = {p["id"]: p for p in json.loads(sample.ok("list", "--json").stdout)}
    assert [p["id"] for p in changed] == ["pali", "2210.03142"]
    assert changed == [listed["pali"], listed["2210.03142"]]
    assert changed[0]["status"] == "skipped"


@pytest.mark.parametrize(
    "args",
    [
        ["done", "pali"],
        ["start", "pali"],
        ["todo", "pali"],
        ["skip", "pali"],
        ["tag", "pali", "x"],
        ["note", "pali", "n"],
        ["rate", "pali", "4"],
        ["rm", "pali", "--yes"],
        ["add", "Some New Title", "--offline"],
    ],
    ids=lambda a: a[0],
)
def test_quiet_prints_nothing_and_json_prints_records(sample: Cli, args: list[str]) -> None:
    import shutil

    pristine = sample.path.with_name("pristine.yaml")
    shutil.copyfile(sample.path, pristine)
    quiet = sample.ok(*args, "--quiet")
    assert quiet.stdout == "" and quiet.stderr == ""
    shutil.copyfile(pristine, sample.path)
    records = json.loads(sample.ok(*args, "--json").stdout)
    assert isinstance(records, list) and len(records) == 1
    assert {"id", "title", "status"} <= set(records[0])


def test_tag_several_papers_with_the_tag_option(sample: Cli) -> None:
    sample.ok("tag", "pali", "dreambooth", "-t", "to-present", "-t", "lab")
    papers = sample.papers()
    assert {"to-present", "lab"} <= set(papers["pali"]["tags"])
    assert {"to-present", "lab"} <= set(papers["2208.12242"]["tags"])
    sample.ok("tag", "pali", "lab", "--remove")  # the one-paper form still works
    assert "lab" not in sample.papers()["pali"]["tags"]


def test_rm_several_asks_once_and_removes_all(sample: Cli) -> None:
    result = sample("rm", "pali", "dreambooth", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "Remove these 2 papers?" in result.stdout
    assert set(sample.papers()) == {"2210.03142"}


def test_add_several_and_a_duplicate_is_named(sample: Cli) -> None:
    result = sample("add", "A Brand New Paper", "2208.12242", "--offline")
    assert result.exit_code == DuplicateError.exit_code
    assert "Added " in result.stdout and "already in the list as 2208.12242" in result.stderr
    assert len(sample.papers()) == 4


def _ambiguous_list(path: Path) -> None:
    write_list(
        path,
        [
            {"id": "guided-a", "title": "Guided Diffusion Sampling", "status": "todo"},
            {"id": "guided-b", "title": "Guided Diffusion Distillation", "status": "todo"},
        ],
    )


def test_an_ambiguous_ref_without_a_terminal_lists_the_candidates(cli: Cli) -> None:
    _ambiguous_list(cli.path)
    result = cli("done", "guided diffusion")
    assert result.exit_code == AmbiguousError.exit_code
    assert "guided-a" in result.stderr and "guided-b" in result.stderr


def _run_in_pty(args: list[str], answer: bytes, cwd: Path) -> tuple[int, str]:
    """Run the installed readlist on a pseudo-terminal; answer its question; return its
    exit code and everything it wrote."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [readlist_exe(), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env=subprocess_env(NO_COLOR="1", TERM="dumb"),
        close_fds=True,
    )
    os.close(follower)
    seen = b""
    answered = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break  # the other end closed: the process is done
            if not chunk:
                break
            seen += chunk
        if not answered and b"Which one" in seen:
            os.write(leader, answer)
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(leader)
    return process.wait(timeout=30), seen.decode("utf-8", "replace")


@pytest.mark.slow
def test_an_ambiguous_ref_on_a_terminal_is_a_numbered_choice(cli: Cli) -> None:
    _ambiguous_list(cli.path)
    code, screen = _run_in_pty(
        ["--file", str(cli.path), "done", "guided diffusion"], b"2\n", cli.path.parent
    )
    assert code == 0, screen
    assert "1) guided-a" in screen and "2) guided-b" in screen
    papers = cli.papers()
    assert papers["guided-b"]["status"] == "done" and papers["guided-a"]["status"] == "todo"


@pytest.mark.slow
def test_no_choice_on_a_terminal_changes_nothing(cli: Cli) -> None:
    _ambiguous_list(cli.path)
    before = cli.path.read_bytes()
    code, screen = _run_in_pty(
        ["--file", str(cli.path), "done", "guided diffusion"], b"\n", cli.path.parent
    )
    assert code == AmbiguousError.exit_code, screen
    assert cli.path.read_bytes() == before


def test_search_forgives_typos_and_takes_words_without_quotes(sample: Cli) -> None:
    assert sample.ok("search", "dremabooth", "-q").stdout.split()[0] == "2208.12242"
    assert sample.ok("search", "guided", "distilation", "-q").stdout.split()[0] == "2210.03142"
    assert sample.ok("search", "Ruiz", "-q").stdout.split()[0] == "2208.12242"  # an author
    nothing = sample("search", "qwxzv")
    assert nothing.exit_code == NotFoundError.exit_code and nothing.stdout == ""
    assert nothing.stderr == (
        "readlist: error: nothing matches 'qwxzv'; `readlist list` shows every paper\n"
    )


def test_a_ref_that_matches_nothing_suggests_the_closest_papers(sample: Cli) -> None:
    before = sample.path.read_bytes()
    result = sample("done", "Nataniel")  # no title says it; an author's name does
    assert result.exit_code == NotFoundError.exit_code
    assert result.stderr == (
        "readlist: error: no paper matches 'Nataniel'; did you mean 2208.12242 (DreamBooth: "
        "Fine Tuning Text-to-Image D…)?\n"
    )
    assert sample.path.read_bytes() == before
    plain = sample("done", "qwxzv")
    assert "did you mean" not in plain.stderr and plain.exit_code == NotFoundError.exit_code
