"""What each command imports, read from the installed `readlist` run in a subprocess.

Structural, not timed: a command that imports a heavy library it does not need (pydantic through
a Typer upgrade, arXiv's client and requests, rapidfuzz for a plain listing, PyYAML once the index
is warm) fails here, whatever the machine's speed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import default_list_bytes, readlist_exe, subprocess_env

# Every test starts the installed command in a subprocess.
pytestmark = pytest.mark.slow

# Never needed by any of the commands below.
# markdown_it: only ingest reads Markdown.
EVERYWHERE = {"pydantic", "pydantic_core", "arxiv", "requests", "urllib3", "markdown_it"}

# command (after `--file LIST`) -> heavy modules it must not import with a warm index.
FORBIDDEN = {
    # Typer's rich help formatter imports markdown_it itself.
    ("--help",): EVERYWHERE - {"markdown_it"} | {"rapidfuzz", "yaml", "sqlite3"},
    ("list",): EVERYWHERE | {"rapidfuzz", "yaml", "rich"},
    ("list", "--status", "todo", "--limit", "20"): EVERYWHERE | {"rapidfuzz", "yaml", "rich"},
    ("show", "2208.12242"): EVERYWHERE | {"rapidfuzz", "yaml"},
    ("progress",): EVERYWHERE | {"rapidfuzz", "yaml"},
    ("search", "diffusion classifier"): EVERYWHERE | {"yaml"},
    ("tag", "2208.12242", "x"): EVERYWHERE | {"rapidfuzz"},
    ("done", "2208.12242", "--date", "2026-11-20", "--move-day"): EVERYWHERE | {"rapidfuzz"},
    ("note", "2208.12242", "a note"): EVERYWHERE | {"rapidfuzz"},
}


def imported_modules(*args: str, cwd: Path) -> set[str]:
    """Top-level names of every module the installed command imported (`-X importtime`)."""
    result = subprocess.run(
        [readlist_exe(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=subprocess_env(PYTHONPROFILEIMPORTTIME="1", NO_COLOR="1"),
        check=False,
    )
    assert result.returncode == 0, (args, result.stderr[-2000:])
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "readlist" in names, "no import profile was printed"
    return names


@pytest.mark.parametrize("command", list(FORBIDDEN), ids=" ".join)
def test_command_imports_no_heavy_module_it_does_not_need(
    command: tuple[str, ...], list_file: Path
) -> None:
    list_file.write_bytes(default_list_bytes())
    args = ("--file", str(list_file))
    imported_modules(*args, "list", cwd=list_file.parent)  # build the index once
    heavy = imported_modules(*args, *command, cwd=list_file.parent) & FORBIDDEN[command]
    assert not heavy, f"`readlist {' '.join(command)}` imported {sorted(heavy)}"


def test_the_profile_sees_a_heavy_import(list_file: Path) -> None:
    # The check above can fail: a module a command does import shows in the profile.
    list_file.write_bytes(default_list_bytes())
    names = imported_modules("--file", str(list_file), "search", "diffusion", cwd=list_file.parent)
    assert {"rapidfuzz", "sqlite3", "typer"} <= names
