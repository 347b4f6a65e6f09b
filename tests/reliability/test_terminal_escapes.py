"""Terminal escapes in titles (from an ingested document, or typed into the file) are stored
escaped and never reach a terminal or an export raw: no cleared screen, no window title, no bell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, write_list

CLEAR = "\x1b[2J"
OSC_TITLE = "\x1b]0;pwned\x07"
CSI_8BIT = "\x9b31m"
EVIL = f"Evil{CLEAR} paper{OSC_TITLE} about{CSI_8BIT} diffusion"
RAW = ("\x1b[2J", "\x1b]", "\x07", "\x9b")


def assert_no_raw_escape(text: str) -> None:
    for raw in RAW:
        assert raw not in text, (raw, text[:300])


@pytest.fixture
def evil(cli: Cli) -> Cli:
    write_list(
        cli.path,
        [{"id": "evil", "title": EVIL, "tags": [f"tag{CLEAR}"], "notes": f"note{OSC_TITLE}"}],
    )
    return cli


@pytest.mark.slow
@pytest.mark.parametrize("rich", ["", "1"])
@pytest.mark.parametrize(
    "command", [["list"], ["show", "evil"], ["search", "evil paper diffusion"], ["list", "--json"]]
)
def test_list_show_search_print_escapes_as_text(evil: Cli, command: list[str], rich: str) -> None:
    result = evil.ok(*command, env={"READLIST_FORCE_RICH": rich})
    assert_no_raw_escape(result.stdout)
    assert "\\u001b[2J" in result.stdout


def test_status_lines_and_errors_escape_too(evil: Cli) -> None:
    done = evil.ok("done", "evil")
    assert_no_raw_escape(done.stdout)
    again = evil("add", EVIL)
    assert again.exit_code != 0
    assert_no_raw_escape(again.stderr)
    assert "\\u001b[2J" in again.stderr


@pytest.mark.parametrize("fmt", ["markdown", "csv", "bibtex", "json"])
def test_exports_escape_control_characters(evil: Cli, fmt: str, tmp_path: Path) -> None:
    out = evil.ok("export", fmt).stdout
    assert_no_raw_escape(out)
    assert "\\u001b" in out
    written = tmp_path / f"out.{fmt}"
    evil.ok("export", fmt, "-o", str(written))
    assert_no_raw_escape(written.read_text(encoding="utf-8"))
    if fmt == "json":  # JSON's own escape: the title comes back exactly
        assert json.loads(out)["papers"][0]["title"] == EVIL


def test_ingested_escapes_are_stored_escaped(cli: Cli, isolated: Path) -> None:
    document = isolated / "papers.md"
    document.write_text(
        f"# Reading\n\n- [{EVIL}](https://arxiv.org/abs/2208.12242)\n", encoding="utf-8"
    )
    cli.ok("ingest", str(document))
    stored = cli.path.read_text(encoding="utf-8")
    assert_no_raw_escape(stored)
    # Escaped in the file, exact when read back.
    assert CLEAR in cli.papers()["2208.12242"]["title"]
    assert_no_raw_escape(cli.ok("list").stdout)
