"""Real git in temporary folders for the sharing tests: a bare remote and two clones (alice and
bob) of a three-paper list, set up with `readlist git init`; no user or system git config."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Cli, write_list

PAPERS = [
    {"id": "a", "title": "Alpha: A first paper", "status": "todo", "added": "2026-11-01"},
    {"id": "b", "title": "Beta: A second paper", "status": "todo", "added": "2026-11-01"},
    {"id": "c", "title": "Gamma: A third paper", "status": "todo", "added": "2026-11-01"},
]


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


@dataclass
class Lab:
    remote: Path
    alice: Cli
    bob: Cli

    def clone(self, name: str) -> Cli:
        folder = self.remote.parent / name
        git(self.remote.parent, "clone", "--quiet", str(self.remote), name)
        cli = Cli(folder / "readlist.yaml")
        cli.ok("git", "init")
        return cli


def repo(cli: Cli) -> Path:
    return cli.path.parent


def last_subject(cli: Cli) -> str:
    return git(repo(cli), "log", "-1", "--format=%s").stdout.strip()


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git with no user or system config, a fixed identity, and readlist on PATH."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Lab Member")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "member@lab.example")
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


@pytest.fixture
def lab(tmp_path: Path, git_env: None) -> Lab:
    folder = tmp_path / "lab"
    folder.mkdir()
    remote = folder / "remote.git"
    git(folder, "init", "--quiet", "--bare", str(remote))
    git(folder, "clone", "--quiet", str(remote), "alice")
    alice = Cli(folder / "alice" / "readlist.yaml")
    write_list(alice.path, [dict(p) for p in PAPERS])
    out = alice.ok("git", "init").stdout
    assert "Wrote .gitattributes, .gitignore and .readlist.gitconfig" in out
    git(repo(alice), "add", ".")
    git(repo(alice), "commit", "--quiet", "-m", "the lab's list")
    git(repo(alice), "push", "--quiet", "-u", "origin", "main")
    return Lab(remote, alice, Lab(remote, alice, alice).clone("bob"))
