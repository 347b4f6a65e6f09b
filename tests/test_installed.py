"""The installed `readlist` command and `python -m readlist`, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import readlist_exe, subprocess_env

# Every test starts the installed command in a subprocess.
pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [readlist_exe(), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        cwd=cwd,
        check=False,
    )


def test_installed_command_add_list_done(list_file: Path) -> None:
    added = run("--file", str(list_file), "add", "https://arxiv.org/abs/2210.03142v2", "--offline")
    assert added.returncode == 0, added.stderr
    assert "Added 2210.03142" in added.stdout
    done = run("-f", str(list_file), "done", "2210.03142", "--date", "2026-11-20")
    assert done.returncode == 0 and "on 2026-11-20" in done.stdout
    listed = run("-f", str(list_file), "list")
    assert listed.stdout.split()[:2] == ["2210.03142", "done"]
    record = yaml.safe_load(list_file.read_text(encoding="utf-8"))["papers"][0]
    assert record["version"] == 2 and record["finished"].isoformat() == "2026-11-20"


def test_errors_are_one_line_with_exit_code_and_no_traceback(list_file: Path) -> None:
    list_file.write_text("version: 1\npapers:\n- id: a\n  title: [oops\n", encoding="utf-8")
    result = run("-f", str(list_file), "list")
    assert result.returncode == 65
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("readlist: error: ")
    assert "list.yaml:" in result.stderr


def test_python_dash_m(list_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "readlist", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("readlist ")


def test_usage_error_from_typer(list_file: Path) -> None:
    result = run("-f", str(list_file), "rate")
    assert result.returncode == 2
    assert result.stderr == "readlist: error: missing REF... RATING (see `readlist rate --help`)\n"


def test_help_and_unknown_commands_are_answered_without_the_commands(list_file: Path) -> None:
    # The installed command answers these from readlist.cli's registry (help_app), importing
    # no command: the same help and the same one-line errors as the app with every command.
    from readlist.cli import COMMANDS, SUMMARIES

    shown = run("--help")
    assert shown.returncode == 0 and shown.stderr == ""
    for _, _, names in COMMANDS:
        for name in names:
            assert any(line[1:].split()[:1] == [name] for line in shown.stdout.splitlines()), name
    assert SUMMARIES["list"] in shown.stdout
    typo = run("-f", str(list_file), "lst")
    assert typo.returncode == 2
    assert typo.stderr == (
        "readlist: error: no such command 'lst'; did you mean 'list'? (see `readlist --help`)\n"
    )
    bogus = run("--bogus", "list")
    assert bogus.returncode == 2
    assert bogus.stderr == "readlist: error: no such option --bogus (see `readlist --help`)\n"
    assert not list_file.exists()


def test_the_licence_is_an_spdx_string_for_a_setuptools_that_takes_it() -> None:
    # A TOML table made every install print setuptools' deprecation warning.
    import tomllib

    from tests.conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert "setuptools>=77" in project["build-system"]["requires"]  # the first to take it
