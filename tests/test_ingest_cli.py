"""`readlist ingest` from the command line: inputs (folders, stdin), options, and bad input
(binary, not UTF-8, empty, too big, unreadable): one clear line each, the rest still ingested,
the list never half-written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from readlist.errors import InputError, UsageError
from readlist.ingest import merge
from tests.conftest import Cli, write_list


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


GOOD = "Attention Is All You Need: https://arxiv.org/abs/1706.03762\n"


@pytest.fixture
def messy(isolated: Path) -> Path:
    """A folder with one good document and every kind of bad one."""
    folder = isolated / "inbox"
    write(folder / "good.txt", GOOD)
    write(folder / "blob.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(folder / "paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    write(folder / "empty.md", "")
    write(
        folder / "latin1.txt",
        "Caf\xe9 Society Paper: https://arxiv.org/abs/2208.12242\n".encode("latin-1"),
    )
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(50_000_000)  # 50 MB, sparse: refused before it is read
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    write(folder / ".hidden.txt", "https://arxiv.org/abs/2101.00009\n")
    return folder


def test_bad_files_get_one_line_each_and_the_rest_is_ingested(cli: Cli, messy: Path) -> None:
    result = cli("ingest", "inbox")
    assert result.exit_code == InputError.exit_code
    assert result.stderr.splitlines() == [
        "readlist: warning: inbox/blob.bin: a binary file, not a text document; skipped",
        "readlist: warning: inbox/empty.md: empty; nothing to ingest",
        "readlist: warning: inbox/gone.txt: a link to a file that does not exist; skipped",
        "readlist: warning: inbox/huge.txt: 50.0 MB is over the 32 MB limit for one document; "
        "skipped (is it the right file? --max-size 51 reads it, --max-size 0 lifts the limit)",
        "readlist: warning: inbox/latin1.txt:1: not valid UTF-8 (byte 0xe9); read as "
        "Windows-1252, so check its accented letters (or save the file as UTF-8)",
        "readlist: warning: inbox/paper.pdf: a PDF file; readlist reads text documents "
        "(Markdown, BibTeX, CSV, plain text): give its arXiv link instead",
    ]
    assert result.stdout.splitlines()[-1] == (
        "3 files read, 2 papers found: 2 new, 0 merged, 0 unchanged, 0 skipped; 4 files not "
        "read; nothing found in 1 file."
    )
    papers = cli.papers()
    assert set(papers) == {"1706.03762", "2208.12242"}  # the hidden file is left out
    assert papers["2208.12242"]["title"] == "Café Society Paper"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_in_a_folder(cli: Cli, isolated: Path) -> None:
    write(isolated / "docs" / "good.txt", GOOD)
    secret = write(isolated / "docs" / "secret.txt", GOOD.replace("1706.03762", "2101.00001"))
    secret.chmod(0)
    result = cli("ingest", "docs")
    assert result.exit_code == InputError.exit_code
    assert "docs/secret.txt: cannot read it: permission denied" in result.stderr
    assert set(cli.papers()) == {"1706.03762"}


def test_nothing_readable_is_one_error_and_no_list(cli: Cli, isolated: Path) -> None:
    result = cli("ingest", "missing.md")
    assert result.exit_code == InputError.exit_code
    assert result.stderr == (
        "readlist: error: missing.md: no such file or folder; check the path; "
        "the list is unchanged\n"
    )
    assert result.stdout == ""
    assert not cli.path.exists()


def test_missing_path_beside_a_good_one(cli: Cli, isolated: Path) -> None:
    write(isolated / "good.txt", GOOD)
    result = cli("ingest", "good.txt", "nope.txt")
    assert result.exit_code == InputError.exit_code
    assert result.stderr == "readlist: warning: nope.txt: no such file or folder; check the path\n"
    assert set(cli.papers()) == {"1706.03762"}


@pytest.mark.slow
def test_max_size_option(cli: Cli, isolated: Path) -> None:
    write(isolated / "big.txt", GOOD + "x" * 3_000_000)
    assert cli("ingest", "big.txt", "--max-size", "2").exit_code == InputError.exit_code
    assert not cli.path.exists()
    cli.ok("ingest", "big.txt", "--max-size", "0")
    assert set(cli.papers()) == {"1706.03762"}


def test_stdin_and_format_override(cli: Cli) -> None:
    text = "First abstract line that is long enough to be an abstract of some paper.\n"
    result = cli.ok("ingest", "-", "--format", "abstracts", input=text)
    (paper,) = cli.papers().values()
    assert paper["sources"] == ["<stdin>:1"]
    assert paper["needs_title"] is True
    assert "<stdin>: abstracts, one per line, 1 entry" in result.stdout


def test_unknown_format_is_a_usage_error(cli: Cli, isolated: Path) -> None:
    write(isolated / "good.txt", GOOD)
    result = cli("ingest", "good.txt", "--format", "pdf")
    assert result.exit_code == UsageError.exit_code
    assert result.stderr.startswith("readlist: error: --format 'pdf' is not one of: markdown")
    assert not cli.path.exists()


def test_the_list_itself_is_not_ingested(cli: Cli, isolated: Path) -> None:
    write(isolated / "good.txt", GOOD)
    cli.ok("ingest", ".")
    before = cli.path.read_bytes()
    cli.ok("ingest", ".")  # list.yaml and list.yaml.bak are in this folder too
    assert cli.path.read_bytes() == before
    assert set(cli.papers()) == {"1706.03762"}


def test_json_report(cli: Cli, isolated: Path) -> None:
    write(isolated / "good.txt", GOOD + "https://arxiv.org/abs/2313.00001\n")
    result = cli.ok("ingest", "good.txt", "--json")
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "files_read": 1,
        "files_not_read": 0,
        "files_without_papers": 0,
        "found": 2,
        "new": 1,
        "merged": 0,
        "unchanged": 0,
        "skipped": 1,
    }
    skipped = report["entries"][1]
    assert skipped["action"] == "skipped" and skipped["source"] == "good.txt:2"
    assert "month 13 does not exist" in skipped["reason"]


def test_skipped_entries_show_their_reason(cli: Cli, isolated: Path) -> None:
    write(isolated / "refs.bib", "@misc{nothing, author = {Somebody}}\n")
    result = cli.ok("ingest", "refs.bib")
    assert "  skipped   refs.bib:1: @misc{nothing} has no title, arXiv id or DOI" in result.stdout
    assert result.stdout.endswith("0 new, 0 merged, 0 unchanged, 1 skipped.\n")


def test_a_failure_midway_writes_nothing(
    sample: Cli, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        isolated / "many.txt",
        "".join(f"https://arxiv.org/abs/2101.{n:05d}\n" for n in range(1, 50)),
    )
    before = sample.path.read_bytes()
    calls = {"count": 0}
    original = merge.Merger.add

    def failing(self: merge.Merger, candidate: merge.Candidate) -> merge.EntryOutcome:
        calls["count"] += 1
        if calls["count"] == 30:
            raise KeyboardInterrupt
        return original(self, candidate)

    monkeypatch.setattr(merge.Merger, "add", failing)
    result = sample("ingest", "many.txt")
    assert result.exit_code == 130
    assert sample.path.read_bytes() == before


def test_help_names_the_formats(cli: Cli) -> None:
    result = cli.ok("ingest", "--help")
    assert "Merge the papers that documents list" in result.stdout
    assert "Example: readlist ingest seeds/" in result.stdout


def test_existing_list_keeps_its_other_records_bytes(cli: Cli, isolated: Path) -> None:
    write_list(cli.path, [{"id": "mine", "title": "My Own Paper", "status": "done"}])
    original = cli.path.read_text(encoding="utf-8")
    write(isolated / "good.txt", GOOD)
    cli.ok("ingest", "good.txt")
    assert cli.path.read_text(encoding="utf-8").startswith(original.rstrip("\n"))


def test_ingest_text_api(cli: Cli) -> None:
    """The core API: a Transaction in, a report out (what other commands can build on)."""
    from readlist.ingest.pipeline import ingest_text
    from readlist.store import Store

    with Store(cli.path).transaction() as txn:
        report = ingest_text(txn, GOOD, "pasted")
    assert report.summary() == (
        "1 file read, 1 paper found: 1 new, 0 merged, 0 unchanged, 0 skipped."
    )
    assert cli.papers()["1706.03762"]["sources"] == ["pasted:1"]


def test_pipes_and_sockets_in_a_folder_are_skipped_not_waited_on(cli: Cli, isolated: Path) -> None:
    import socket

    write(isolated / "docs" / "good.txt", GOOD)
    os.mkfifo(isolated / "docs" / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(isolated / "docs" / "socket.txt"))
    try:
        result = cli("ingest", "docs")
    finally:
        server.close()
    assert result.exit_code == InputError.exit_code
    assert "docs/pipe.txt: not a regular file (a pipe, socket or device); skipped" in result.stderr
    assert "docs/socket.txt: not a regular file" in result.stderr
    assert set(cli.papers()) == {"1706.03762"}


def test_a_pipe_given_by_name_is_read(cli: Cli, isolated: Path) -> None:
    import threading

    pipe = isolated / "stream"
    os.mkfifo(pipe)

    def feed() -> None:
        with open(pipe, "w", encoding="utf-8") as handle:
            handle.write(GOOD)

    writer = threading.Thread(target=feed)
    writer.start()
    result = cli("ingest", str(pipe))
    writer.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert set(cli.papers()) == {"1706.03762"}
