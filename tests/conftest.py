"""Shared fixtures: every test runs in its own folder, with its own cache and a fixed today."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from readlist.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-21"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private working folder, cache and data folder; no READLIST_FILE from the caller."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("READLIST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # no user config file
    monkeypatch.delenv("READLIST_CONFIG", raising=False)
    monkeypatch.setenv("READLIST_TODAY", TODAY)
    monkeypatch.setenv("READLIST_ARXIV_URL", "http://127.0.0.1:9/api/query")  # closed port
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "0")
    for service in ("S2", "CROSSREF"):  # closed ports too: no test reaches the internet
        monkeypatch.setenv(f"READLIST_{service}_URL", "http://127.0.0.1:9")
        monkeypatch.setenv(f"READLIST_{service}_DELAY", "0")
    for name in ("READLIST_S2_API_KEY", "S2_API_KEY", "READLIST_MAILTO"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("READLIST_FILE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    yield work


@pytest.fixture
def list_file(isolated: Path) -> Path:
    return isolated / "list.yaml"


class Cli:
    """Runs readlist through Typer's CliRunner against one list file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.runner = CliRunner()

    def __call__(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Any:
        return self.runner.invoke(
            app, ["--file", str(self.path), *args], input=input, env=env, catch_exceptions=False
        )

    def ok(self, *args: str, **kwargs: Any) -> Any:
        result = self(*args, **kwargs)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def data(self) -> dict[str, Any]:
        return yaml.safe_load(self.path.read_text(encoding="utf-8"))

    def papers(self) -> dict[str, dict[str, Any]]:
        return {p["id"]: p for p in self.data()["papers"]}


@pytest.fixture
def cli(list_file: Path) -> Cli:
    return Cli(list_file)


def write_list(
    path: Path, papers: list[dict[str, Any]], challenges: list[Any] | None = None
) -> None:
    """A reading list written with readlist's own dumper, as a user's file would be."""
    from readlist.yamlio import dump_document

    path.write_text(
        dump_document({"version": 1, "challenges": challenges or []}, papers), encoding="utf-8"
    )


@pytest.fixture
def sample(cli: Cli) -> Cli:
    """A small list: three papers with different statuses and tags."""
    write_list(
        cli.path,
        [
            {
                "id": "2208.12242",
                "title": "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for "
                "Subject-Driven Generation",
                "arxiv": "2208.12242",
                "status": "todo",
                "added": "2026-11-01",
                "tags": ["diffusion", "AIGC/CV"],
                "authors": ["Nataniel Ruiz", "Yuanzhen Li"],
            },
            {
                "id": "2210.03142",
                "title": "On Distillation of Guided Diffusion Models",
                "arxiv": "2210.03142",
                "status": "reading",
                "added": "2026-11-02",
                "started": "2026-11-10",
                "tags": ["diffusion"],
            },
            {
                "id": "pali",
                "title": "PaLI: A Jointly-Scaled Multilingual Language-Image Model",
                "status": "done",
                "added": "2026-11-03",
                "finished": "2026-11-05",
                "tags": ["AIGC/CV"],
                "venue": "ICLR 2023",
            },
        ],
    )
    return cli


def change_paper(txn: Any, paper_id: str, **fields: Any) -> None:
    """Change some fields of one paper inside a store transaction, as commands do."""
    paper = txn.get(paper_id)
    assert paper is not None, paper_id
    changed = paper.copy()
    for name, value in fields.items():
        setattr(changed, name, value)
    txn.update(changed)


def default_list_bytes() -> bytes:
    """data/readlist.yaml as `make data` made it. A backup beside it means readlist itself
    wrote to it (a tour run on it; `make data` removes the backup): then the committed one."""
    import subprocess

    path = ROOT / "data" / "readlist.yaml"
    if not path.with_name(path.name + ".bak").exists():
        return path.read_bytes()
    try:
        shown = subprocess.run(
            ["git", "-C", str(ROOT), "show", "HEAD:data/readlist.yaml"],
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return path.read_bytes()
    return shown.stdout


def python_exe() -> str:
    return sys.executable


def readlist_exe() -> str:
    """The installed `readlist` command beside this interpreter."""
    candidate = Path(sys.executable).with_name("readlist")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("readlist")
    assert found, "the readlist command is not installed (run `make test`)"
    return found


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


pytest_plugins = ["tests.git_lab"]  # `lab` and `git_env`: real git in temporary folders
