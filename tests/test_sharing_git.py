"""Sharing through real git in temporary folders: a bare remote and two clones (alice, bob),
no network. `readlist git init`, the merge driver under `git pull`, `sync`, `conflicts`,
`resolve-conflict` and `sync`'s failures (no remote, unreachable remote, refused push)."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest
import yaml

from readlist.disk import public_mode
from readlist.errors import ConflictError, GitError, NetworkError
from tests.conftest import Cli, write_list
from tests.git_lab import PAPERS, Lab, git, last_subject, repo

pytestmark = pytest.mark.slow  # real git: many subprocesses


def test_git_init_is_committed_once_and_a_fresh_clone_needs_one_command(lab: Lab) -> None:
    root = repo(lab.alice)
    assert (root / ".gitattributes").read_text() == "/readlist.yaml merge=readlist\n"
    ignored = "/readlist.yaml.bak\n/readlist.yaml.lock\n/readlist.yaml.journal\n"
    assert (root / ".gitignore").read_text() == ignored
    assert (
        "driver = readlist merge-driver %O %A %B %P" in (root / ".readlist.gitconfig").read_text()
    )
    # Written by the atomic write with an ordinary file's mode (they are committed, shared).
    for name in (".gitattributes", ".gitignore", ".readlist.gitconfig"):
        assert stat.S_IMODE((root / name).stat().st_mode) == public_mode()
    assert not [p.name for p in root.iterdir() if p.name.endswith(".tmp")]
    assert "Already set up" in lab.alice.ok("git", "init").stdout
    git(lab.remote.parent, "clone", "--quiet", str(lab.remote), "carol")
    carol = lab.remote.parent / "carol"
    assert git(carol, "config", "merge.readlist.driver", check=False).stdout == ""
    assert (
        "This clone now merges readlist.yaml"
        in Cli(carol / "readlist.yaml").ok("git", "init").stdout
    )
    assert git(carol, "config", "merge.readlist.driver").stdout.strip() == (
        "readlist merge-driver %O %A %B %P"
    )
    assert git(carol, "status", "--porcelain").stdout == ""  # nothing more to commit


def test_changes_to_different_papers_on_two_machines_merge_without_conflict(lab: Lab) -> None:
    lab.alice.ok("done", "a", "--date", "2026-11-20")
    result = lab.alice.ok("sync")
    assert "Committed: done: Alpha" in result.stdout and "Pushed to origin/main" in result.stdout
    assert last_subject(lab.alice) == "done: Alpha"
    lab.bob.ok("tag", "b", "vision")
    lab.bob.ok("tag", "c", "vision")
    result = lab.bob.ok("sync")
    assert "Committed: tagged Beta, Gamma" in result.stdout
    assert "Merged origin/main" in result.stdout and "Pushed" in result.stdout
    lab.alice.ok("sync")
    for cli in (lab.alice, lab.bob):
        papers = cli.papers()
        assert papers["a"]["status"] == "done" and papers["b"]["tags"] == ["vision"]
        assert papers["c"]["tags"] == ["vision"]
    assert lab.alice.path.read_bytes() == lab.bob.path.read_bytes()
    assert "Up to date with origin/main" in lab.alice.ok("sync").stdout


def test_plain_git_pull_merges_different_fields_of_one_paper_with_the_driver(lab: Lab) -> None:
    lab.alice.ok("rate", "a", "4")
    git(repo(lab.alice), "commit", "--quiet", "-am", "rated")
    git(repo(lab.alice), "push", "--quiet")
    lab.bob.ok("note", "a", "Read with the lab")
    lab.bob.ok("start", "a")
    git(repo(lab.bob), "commit", "--quiet", "-am", "noted")
    git(repo(lab.bob), "pull", "--quiet", "--no-rebase", "--no-edit")
    text = lab.bob.path.read_text()
    assert "<<<<<<<" not in text
    paper = lab.bob.papers()["a"]
    assert (paper["rating"], paper["notes"], paper["status"]) == (4, "Read with the lab", "reading")


def test_the_same_paper_added_on_both_sides_becomes_one_record(lab: Lab) -> None:
    lab.alice.ok("add", "2208.12242", "--tag", "diffusion")
    lab.alice.ok("sync")
    lab.bob.ok("add", "https://arxiv.org/abs/2208.12242v2", "--tag", "personalization")
    result = lab.bob.ok("sync")
    assert "Committed: added: 2208.12242" in result.stdout
    papers = lab.bob.papers()
    assert list(papers) == ["a", "b", "c", "2208.12242"]
    assert papers["2208.12242"]["tags"] == ["personalization", "diffusion"]


def test_a_real_clash_is_reported_listed_resolved_and_nothing_is_lost(lab: Lab) -> None:
    lab.alice.ok("rate", "a", "4")
    lab.alice.ok("tag", "c", "from-alice")
    lab.alice.ok("sync")
    lab.bob.ok("rate", "a", "2")
    lab.bob.ok("done", "b", "--date", "2026-11-19")
    result = lab.bob("sync")
    assert result.exit_code == ConflictError.exit_code
    assert "left 1 conflict in readlist.yaml; the list is whole" in result.stderr
    text = lab.bob.path.read_text()
    assert "<<<<<<<" not in text
    papers = lab.bob.papers()  # loads: valid YAML, every change of both sides there
    assert papers["a"]["rating"] == 2 and papers["b"]["status"] == "done"
    assert papers["c"]["tags"] == ["from-alice"]
    assert papers["a"]["conflicts"] == [{"field": "rating", "ours": 2, "theirs": 4}]
    listed = lab.bob.ok("conflicts").stdout
    assert "a  rating: ours 2, theirs 4" in listed and "1 conflict;" in listed
    # sync refuses to go on while the clash is there
    again = lab.bob("sync")
    assert (
        again.exit_code == ConflictError.exit_code
        and "1 conflict from the last merge" in again.stderr
    )
    resolved = lab.bob.ok("resolve-conflict", "a", "rating", "--theirs")
    assert "Resolved a: rating = 4" in resolved.stdout and "No conflicts left" in resolved.stdout
    assert "No conflicts." in lab.bob.ok("conflicts").stdout
    assert "conflicts" not in lab.bob.papers()["a"]
    finished = lab.bob.ok("sync")
    assert "Committed the merge" in finished.stdout and "Pushed to origin/main" in finished.stdout
    lab.alice.ok("sync")
    paper = lab.alice.papers()
    assert paper["a"]["rating"] == 4 and paper["b"]["status"] == "done"
    assert git(repo(lab.alice), "status", "--porcelain").stdout == ""


def test_a_clash_can_be_resolved_with_edit(lab: Lab, tmp_path: Path) -> None:
    lab.alice.ok("rate", "a", "5")
    lab.alice.ok("sync")
    lab.bob.ok("rate", "a", "1")
    assert lab.bob("sync").exit_code == ConflictError.exit_code
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\npath = sys.argv[1]\ntext = open(path, encoding='utf-8').read()\n"
        "head, _ = text.split('conflicts:')\n"
        "open(path, 'w', encoding='utf-8').write(head.replace('rating: 1', 'rating: 3'))\n",
        encoding="utf-8",
    )
    lab.bob.ok("edit", "a", env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""})
    assert lab.bob.papers()["a"]["rating"] == 3 and "conflicts" not in lab.bob.papers()["a"]
    assert "Pushed" in lab.bob.ok("sync").stdout


def test_a_challenge_day_planned_differently_is_a_conflict_resolved_by_name(lab: Lab) -> None:
    lab.alice.ok("challenge", "new", "lab30", "--days", "30", "--start", "2026-11-01")
    lab.alice.ok("sync")
    lab.bob.ok("sync")
    lab.alice.ok("challenge", "plan", "lab30", "a")
    lab.alice.ok("sync")
    lab.bob.ok("challenge", "plan", "lab30", "b")
    assert lab.bob("sync").exit_code == ConflictError.exit_code
    assert "challenge lab30  day 1: ours b, theirs a" in lab.bob.ok("conflicts").stdout
    lab.bob.ok("resolve-conflict", "lab30", "day 1", "--theirs", "--challenge")
    assert lab.bob.data()["challenges"][0]["entries"] == [{"day": 1, "paper": "a"}]
    assert "Pushed" in lab.bob.ok("sync").stdout


def test_sync_without_a_remote_commits_and_says_how_to_add_one(
    tmp_path: Path, git_env: None
) -> None:
    folder = tmp_path / "solo"
    folder.mkdir()
    git(folder, "init", "--quiet")
    cli = Cli(folder / "readlist.yaml")
    write_list(cli.path, [dict(p) for p in PAPERS])
    cli.ok("git", "init")
    result = cli("sync")
    assert result.exit_code == GitError.exit_code
    assert result.stderr.startswith("readlist: error: no remote to sync with: committed locally")
    assert "git remote add origin URL" in result.stderr and len(result.stderr.splitlines()) == 1
    assert last_subject(cli) == "added: Alpha, Beta, Gamma"
    assert len(cli.papers()) == 3


def _clone_of_an_empty_remote(tmp_path: Path) -> tuple[Cli, Path]:
    """A repository with `readlist git init` committed, three papers not yet committed, and an
    empty bare remote as origin."""
    folder, remote = tmp_path / "first", tmp_path / "empty.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    folder.mkdir()
    git(folder, "init", "--quiet")
    git(folder, "remote", "add", "origin", str(remote))
    cli = Cli(folder / "readlist.yaml")
    outside = cli("git", "init")  # not yet a problem: the folder is a repository
    assert outside.exit_code == 0, outside.stderr
    write_list(cli.path, [dict(p) for p in PAPERS])
    git(folder, "add", ".gitattributes", ".gitignore", ".readlist.gitconfig")
    git(folder, "commit", "--quiet", "-m", "readlist git init")
    return cli, remote


def test_the_first_sync_to_an_empty_remote_pushes_the_branch(tmp_path: Path, git_env: None) -> None:
    cli, remote = _clone_of_an_empty_remote(tmp_path)
    result = cli.ok("sync")
    assert "Committed: added: Alpha, Beta, Gamma" in result.stdout
    assert "Pushed to origin/main" in result.stdout
    assert git(remote, "log", "--format=%s", "main").stdout.splitlines() == [
        "added: Alpha, Beta, Gamma",
        "readlist git init",
    ]


def test_sync_json_says_what_was_done_and_quiet_prints_nothing(
    tmp_path: Path, git_env: None
) -> None:
    cli, remote = _clone_of_an_empty_remote(tmp_path)
    data = json.loads(cli.ok("sync", "--json").stdout)
    assert data == {
        "remote": "origin",
        "branch": "main",
        "committed": "added: Alpha, Beta, Gamma",
        "concluded": False,
        "merged": False,
        "pushed": True,
        "up_to_date": False,
    }
    cli.ok("done", "a", "--date", "2026-11-20")
    quiet = cli.ok("sync", "--quiet")
    assert quiet.stdout == "" and quiet.stderr == ""
    assert git(remote, "log", "--format=%s", "-1", "main").stdout.strip() == "done: Alpha"


def test_git_init_outside_a_repository_says_how_to_start(tmp_path: Path, git_env: None) -> None:
    cli = Cli(tmp_path / "loose" / "readlist.yaml")
    cli.path.parent.mkdir()
    result = cli("git", "init")
    assert result.exit_code == GitError.exit_code
    assert "is not in a git repository; run `git init` in its folder" in result.stderr
    assert not (cli.path.parent / ".gitattributes").exists()


def test_sync_with_an_unreachable_remote_leaves_the_list_whole(lab: Lab) -> None:
    git(repo(lab.alice), "remote", "set-url", "origin", str(lab.remote.parent / "gone.git"))
    lab.alice.ok("done", "a", "--date", "2026-11-20")
    before = lab.alice.path.read_bytes()
    result = lab.alice("sync")
    assert result.exit_code == NetworkError.exit_code
    assert "cannot reach the remote origin" in result.stderr and "gone.git" in result.stderr
    assert "committed locally as 'done: Alpha'" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert lab.alice.path.read_bytes() == before


def test_sync_with_a_remote_that_refuses_the_push(lab: Lab) -> None:
    hook = lab.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are frozen for the review' >&2\nexit 1\n")
    hook.chmod(0o755)
    lab.alice.ok("done", "a", "--date", "2026-11-20")
    before = lab.alice.path.read_bytes()
    result = lab.alice("sync")
    assert result.exit_code == GitError.exit_code
    assert "refused the push" in result.stderr and "committed locally" in result.stderr
    assert lab.alice.path.read_bytes() == before
    assert git(repo(lab.alice), "status", "--porcelain").stdout == ""
    hook.unlink()
    assert "Pushed to origin/main" in lab.alice.ok("sync").stdout


def test_a_commit_hook_that_refuses_is_reported_and_the_list_kept(lab: Lab) -> None:
    hook = repo(lab.alice) / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits on Fridays' >&2\nexit 1\n")
    hook.chmod(0o755)
    lab.alice.ok("done", "a", "--date", "2026-11-20")
    before = lab.alice.path.read_bytes()
    result = lab.alice("sync")
    assert result.exit_code == GitError.exit_code
    assert "git refused the commit: no commits on Fridays" in result.stderr
    assert lab.alice.path.read_bytes() == before and last_subject(lab.alice) == "the lab's list"


def test_sync_needs_git_init_and_a_repository(tmp_path: Path, git_env: None) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    git(folder, "init", "--quiet")
    cli = Cli(folder / "readlist.yaml")
    write_list(cli.path, [dict(p) for p in PAPERS])
    result = cli("sync")
    assert result.exit_code == GitError.exit_code
    assert "git would merge readlist.yaml line by line; run `readlist git init` first" in (
        result.stderr
    )
    assert git(folder, "log", check=False).returncode != 0  # nothing committed
    outside = Cli(tmp_path / "elsewhere" / "readlist.yaml")
    outside.path.parent.mkdir()
    write_list(outside.path, [])
    result = outside("sync")
    assert result.exit_code == GitError.exit_code and "is not in a git repository" in result.stderr


def test_a_merge_of_other_conflicting_files_is_undone_and_the_list_kept(lab: Lab) -> None:
    for cli, text in ((lab.alice, "alice\n"), (lab.bob, "bob\n")):
        (repo(cli) / "NOTES.txt").write_text(text)
        git(repo(cli), "add", "NOTES.txt")
        git(repo(cli), "commit", "--quiet", "-m", "notes")
    lab.alice.ok("sync")
    lab.bob.ok("done", "c", "--date", "2026-11-20")
    result = lab.bob("sync")
    assert result.exit_code == GitError.exit_code
    assert "conflicts in NOTES.txt (not the list); the merge was undone" in result.stderr
    assert lab.bob.papers()["c"]["status"] == "done"
    assert yaml.safe_load(lab.bob.path.read_text())["papers"][0]["id"] == "a"
    assert not (repo(lab.bob) / ".git" / "MERGE_HEAD").exists()
