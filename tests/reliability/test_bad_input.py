"""Input no one should give, given anyway: each is one line on stderr and an exit code, in
bounded time, and the list is left as it was. Run as the installed command, as a user (or a
script) would run it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from readlist.errors import InputError, StorageError, UsageError
from tests.conftest import readlist_exe, subprocess_env, write_list
from tests.helpers.editor import editor_command

# Hangs are failures: no command here may take longer (it takes well under a second).
BOUND = 60

# Every test starts the installed command.
pytestmark = pytest.mark.slow


def run(
    *args: str | bytes, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [readlist_exe(), *args],
        capture_output=True,
        timeout=BOUND,
        env=subprocess_env(**(env or {})),
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def one_line(result: subprocess.CompletedProcess[bytes], code: int, *phrases: str) -> str:
    err = result.stderr.decode("utf-8")
    assert result.returncode == code, (result.returncode, err)
    assert err.startswith("readlist: error: ") and err.count("\n") == 1, err
    assert len(err) < 400, err
    for phrase in phrases:
        assert phrase in err, err
    return err


@pytest.fixture
def listed(list_file: Path) -> Path:
    write_list(list_file, [{"id": "pali", "title": "PaLI: a multilingual model", "status": "todo"}])
    return list_file


def test_a_131000_character_ref(listed: Path) -> None:
    before = listed.read_bytes()
    ref = "a" * 131_000
    for command in (["show", ref], ["done", ref], ["search", ref], ["list", ref]):
        result = run("--file", str(listed), *command)
        one_line(result, UsageError.exit_code, "131,000 characters long")
    assert listed.read_bytes() == before


def test_argv_that_is_not_utf8(listed: Path) -> None:
    result = run("--file", str(listed), "tag", "pali", b"caf\xe9")
    one_line(result, UsageError.exit_code, "argument 5 is not UTF-8 text (byte 0xe9)")
    assert b"\xe9" not in listed.read_bytes()


def test_a_date_too_far_back(listed: Path) -> None:
    before = listed.read_bytes()
    result = run("--file", str(listed), "done", "pali", "--date", "-99999999d")
    one_line(result, UsageError.exit_code, "--date '-99999999d' is not a date")
    assert listed.read_bytes() == before


def test_a_limit_bigger_than_any_number(listed: Path) -> None:
    for command in ("list", "search"):
        args = [command] + (["pali"] if command == "search" else [])
        result = run("--file", str(listed), *args, "--limit", "99999999999999999999")
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode().count("pali") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["list"], ["show", "pali"], ["export", "json"]])
def test_stdout_on_a_full_device(listed: Path, command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [readlist_exe(), "--file", str(listed), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=BOUND,
            env=subprocess_env(),
            check=False,
        )
    one_line(result, StorageError.exit_code, "cannot write the output: No space left on device")


def test_a_closed_pipe_is_quiet(listed: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    with os.fdopen(writer, "wb") as closed:
        result = subprocess.run(
            [readlist_exe(), "--file", str(listed), "list"],
            stdout=closed,
            stderr=subprocess.PIPE,
            timeout=BOUND,
            env=subprocess_env(),
            check=False,
        )
    assert result.returncode == 141 and result.stderr == b""


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
@pytest.mark.parametrize("given_by", ["env", "option"])
def test_a_list_that_is_not_a_file(
    tmp_path: Path, kind: str, given_by: str, request: pytest.FixtureRequest
) -> None:
    if kind == "fifo":
        target = tmp_path / "list.fifo"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "folder"
        target.mkdir()
    else:
        target = request.getfixturevalue("device")  # never the machine's own /dev/zero
    if given_by == "env":
        result = run("list", env={"READLIST_FILE": str(target)})
        name = "READLIST_FILE"
    else:
        result = run("--file", str(target), "add", "A title")
        name = "--file"
    one_line(result, StorageError.exit_code, f"{target} ({name}) is ", f"point {name} at")
    if kind == "fifo":
        assert target.is_fifo()
    if kind == "device":
        assert target.is_char_device()


def test_an_editor_that_deletes_the_file(listed: Path, tmp_path: Path) -> None:
    before = listed.read_bytes()
    editor = editor_command(tmp_path, "os.unlink(path)")
    result = run("--file", str(listed), "edit", "pali", env={"EDITOR": editor, "VISUAL": ""})
    one_line(result, UsageError.exit_code, "the editor removed", "nothing was changed")
    assert listed.read_bytes() == before


def test_an_editor_that_writes_binary(listed: Path, tmp_path: Path) -> None:
    before = listed.read_bytes()
    editor = editor_command(tmp_path, "open(path, 'wb').write(bytes(range(256)))")
    result = run("--file", str(listed), "edit", "pali", env={"EDITOR": editor, "VISUAL": ""})
    err = one_line(result, InputError.exit_code, "is not UTF-8 text after editing (byte 0x80")
    assert listed.read_bytes() == before
    kept = Path(err.split(" is not UTF-8")[0].rsplit(" ", 1)[1])
    assert kept.read_bytes() == bytes(range(256))
