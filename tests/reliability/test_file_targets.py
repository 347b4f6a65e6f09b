"""Files readlist writes or reads that are not what they seem: `export -o` onto the lock file,
a device or a FIFO; `ingest` of a symlink or a hard link to the list itself."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from readlist.errors import UsageError
from tests.conftest import Cli, write_list


@pytest.fixture
def listed(cli: Cli) -> Cli:
    write_list(cli.path, [{"id": "pali", "title": "PaLI: a multilingual model"}])
    cli.ok("tag", "pali", "vision")  # the lock file now exists
    return cli


def test_export_onto_the_lock_file_is_refused(listed: Cli) -> None:
    lock = listed.path.with_name("list.yaml.lock")
    assert lock.exists()
    inode = lock.stat().st_ino
    result = listed("export", "markdown", "-o", str(lock))
    assert result.exit_code == UsageError.exit_code
    assert result.stderr == (
        f"readlist: error: -o {lock} is the reading list's lock; export to another file\n"
    )
    assert lock.stat().st_ino == inode  # the very file two writers lock on


def test_export_onto_a_device_is_refused(listed: Cli, device: Path) -> None:
    result = listed("export", "csv", "-o", str(device))
    assert result.exit_code == UsageError.exit_code
    assert f"-o {device} is not a regular file (a device, pipe or socket)" in result.stderr
    assert device.is_char_device()


def test_export_onto_a_fifo_is_refused_without_blocking(listed: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)

    # Were the export to open the FIFO, it would wait for a reader: give it one, so that a
    # wrong behaviour fails the assertions below instead of hanging the suite.
    def drain() -> None:
        with open(fifo, "rb") as reader:
            reader.read()

    drained = threading.Thread(target=drain, daemon=True)
    drained.start()
    result = listed("export", "json", "-o", str(fifo))
    assert result.exit_code == UsageError.exit_code
    assert "is not a regular file" in result.stderr
    assert fifo.is_fifo()
    with open(fifo, "wb"):  # release the reader
        pass
    drained.join(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_ingest_of_a_link_to_the_list_is_refused(listed: Cli, tmp_path: Path, link: str) -> None:
    other = tmp_path / "other.yaml"
    if link == "symlink":
        other.symlink_to(listed.path)
    else:
        os.link(listed.path, other)
    before = listed.path.read_bytes()
    result = listed("ingest", str(other))
    assert "this is the reading list itself (or a link to it, or its backup)" in result.stderr
    assert result.exit_code != 0
    assert listed.path.read_bytes() == before
    # In a folder too.
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "list.yaml").symlink_to(listed.path)
    (folder / "paper.txt").write_text("https://arxiv.org/abs/2208.12242\n", encoding="utf-8")
    listed.ok("ingest", str(folder))
    assert set(listed.papers()) == {"pali", "2208.12242"}
