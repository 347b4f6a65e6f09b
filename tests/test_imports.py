"""What each command imports, read from the installed `readlist` run in a subprocess.

Structural, not timed: a command that imports a heavy library it does not need (pydantic through
a Typer upgrade, arXiv's client and requests, rapidfuzz for a plain listing, PyYAML once the index
is warm) fails here, whatever the machine's speed.
"""

from __future__ import annotations

import subprocess
import sys
import time
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
    # Help on plain output (a pipe, as here) is written without rich (readlist.render.help).
    ("--help",): EVERYWHERE | {"rapidfuzz", "yaml", "sqlite3", "rich"},
    ("list",): EVERYWHERE | {"rapidfuzz", "yaml", "rich"},
    ("list", "--status", "todo", "--limit", "20"): EVERYWHERE | {"rapidfuzz", "yaml", "rich"},
    ("show", "2208.12242"): EVERYWHERE | {"rapidfuzz", "yaml"},
    ("progress",): EVERYWHERE | {"rapidfuzz", "yaml"},
    ("search", "diffusion classifier"): EVERYWHERE | {"yaml"},
    # A write of common records needs no PyYAML: readlist.emit writes them, readlist.items'
    # strict reader checks them; moving a challenge day rewrites the header, which PyYAML does.
    ("tag", "2208.12242", "x"): EVERYWHERE | {"rapidfuzz", "yaml"},
    ("done", "text-to-image-diffusion-models"): EVERYWHERE | {"rapidfuzz", "yaml"},
    ("done", "2208.12242", "--date", "2026-11-20", "--move-day"): EVERYWHERE | {"rapidfuzz"},
    ("note", "2208.12242", "a note"): EVERYWHERE | {"rapidfuzz", "yaml"},
}


def _plain_env(**extra: str) -> dict[str, str]:
    """The test's environment for output to a pipe at a usual width, whatever the terminal the
    tests run in (a narrow one, or colours forced, has `--help` drawn by rich)."""
    env = subprocess_env(NO_COLOR="1", COLUMNS="100", **extra)
    for name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "TTY_COMPATIBLE", "TERMINAL_WIDTH"):
        env.pop(name, None)
    return env


def imported_modules(*args: str, cwd: Path) -> set[str]:
    """Top-level names of every module the installed command imported (`-X importtime`)."""
    return {name.split(".")[0] for name in imported_names(*args, cwd=cwd)}


# The installed command's entry point, run so that it prints every module loaded when it exits
# (`-X importtime` misses those loaded by importlib.import_module, as command modules are).
_LOADED = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('\\n'.join(sys.modules), file=sys.stderr))\n"
    "sys.argv[0] = 'readlist'\n"
    "from readlist.cli import main\n"
    "main()\n"
)


def loaded_modules(*args: str, cwd: Path) -> set[str]:
    """Every module `readlist ARGS` had loaded when it exited."""
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_plain_env(),
        check=False,
    )
    assert result.returncode == 0, (args, result.stderr[-2000:])
    names = set(result.stderr.split())
    assert "readlist.cli" in names, "no module list was printed"
    return names


def imported_names(*args: str, cwd: Path) -> set[str]:
    """Full names of every module the installed command imported (`-X importtime`)."""
    result = subprocess.run(
        [readlist_exe(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_plain_env(PYTHONPROFILEIMPORTTIME="1"),
        check=False,
    )
    assert result.returncode == 0, (args, result.stderr[-2000:])
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
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


# command -> (the command modules, readlist.cli.<module>, it may load; modules it needs only past
# its common case). Help is answered from readlist.cli's registry and loads no command module;
# a command loads its own only. Help needs no store or index; the rules of links and ids
# (readlist.ids: dozens of regular expressions) are not needed when REFs are paper ids.
LOADS = {
    ("--help",): (set(), {"readlist.store", "readlist.index", "readlist.models", "readlist.ids"}),
    ("list", "--status", "todo", "--limit", "20"): (
        {"readlist.cli.papers"},
        {"readlist.ids", "readlist.identity", "tempfile"},
    ),
    ("show", "2208.12242"): (
        {"readlist.cli.papers"},
        {"readlist.ids", "readlist.identity"},
    ),
    ("search", "diffusion classifier"): (
        {"readlist.cli.papers"},
        {"readlist.ids"},
    ),
    ("tag", "2208.12242", "x"): ({"readlist.cli.papers"}, {"readlist.ids", "readlist.identity"}),
    ("progress",): ({"readlist.cli.challenge_cmds"}, {"readlist.ids", "tempfile"}),
}


@pytest.mark.parametrize("command", list(LOADS), ids=" ".join)
def test_a_command_loads_its_own_module_and_nothing_past_its_common_case(
    command: tuple[str, ...], list_file: Path
) -> None:
    from readlist.cli import COMMAND_MODULES

    list_file.write_bytes(default_list_bytes())
    args = ("--file", str(list_file))
    loaded_modules(*args, "list", cwd=list_file.parent)  # build the index once
    names = loaded_modules(*args, *command, cwd=list_file.parent)
    own, not_needed = LOADS[command]
    loaded = {name for name in names if name.removeprefix("readlist.cli.") in COMMAND_MODULES}
    assert loaded == own, f"`readlist {' '.join(command)}` loaded these command modules"
    assert not names & not_needed, f"`readlist {' '.join(command)}` loaded what it did not need"


def test_the_profile_sees_a_command_module_and_the_rules_of_links(list_file: Path) -> None:
    # The check above can fail: a REF that is a link needs readlist.ids, and shows it.
    list_file.write_bytes(default_list_bytes())
    args = ("--file", str(list_file), "show", "https://arxiv.org/abs/2208.12242")
    names = loaded_modules(*args, cwd=list_file.parent)
    assert {"readlist.cli.papers", "readlist.ids"} <= names


# A read needs neither the journal (what a write records) nor hashlib (OpenSSL: 2-3 ms a start):
# a settled file is not hashed, and readlist.digests has the digests every command takes.
READS_NEED_NOT = {"readlist.journal", "hashlib", "_hashlib"}
READS = (
    ("list",),
    ("show", "2208.12242"),
    ("search", "diffusion classifier"),
    ("progress",),
)


def test_reads_of_a_settled_list_load_no_journal_and_no_hashlib(list_file: Path) -> None:
    from readlist.disk import RACY_NS

    list_file.write_bytes(default_list_bytes())
    # A file changed in the last moments is hashed by every read until it settles (the store's
    # racy-clean rule): the index is built once it has.
    time.sleep(RACY_NS / 1e9 + 0.1)
    args = ("--file", str(list_file))
    loaded_modules(*args, "list", cwd=list_file.parent)
    for command in READS:
        names = loaded_modules(*args, *command, cwd=list_file.parent)
        assert not names & READS_NEED_NOT, f"`readlist {' '.join(command)}` loaded them"
    # The check can fail: a write records its step in the journal, and hashes the new file.
    assert loaded_modules(*args, "tag", "2208.12242", "x", cwd=list_file.parent) >= READS_NEED_NOT
