"""Formats and commands are declared once; help, accepted names and error messages follow the
declarations, so a new entry cannot be forgotten in one of them."""

from __future__ import annotations

import io

import pytest

from readlist.errors import UsageError
from readlist.ingest import detect
from tests.conftest import Cli

ONE_PAPER = "Read https://arxiv.org/abs/2208.12242 first.\n"


@pytest.mark.slow
def test_every_ingest_format_and_alias_is_in_help_and_accepted(cli: Cli) -> None:
    help_text = " ".join(cli.ok("ingest", "--help").stdout.split())
    for fmt in detect.FORMATS.values():
        assert fmt.name in help_text
        for spelling in (fmt.name, *fmt.aliases):
            result = cli("ingest", "-", "--format", spelling, "--dry-run", input=ONE_PAPER)
            assert result.exit_code != UsageError.exit_code, (spelling, result.stderr)
    result = cli("ingest", "-", "--format", "pdf", input=ONE_PAPER)
    assert result.exit_code == UsageError.exit_code
    for fmt in detect.FORMATS.values():
        assert all(word in result.stderr for word in (fmt.name, *fmt.aliases)), fmt.name


@pytest.mark.slow
def test_every_export_format_and_alias_is_in_help_and_accepted(sample: Cli) -> None:
    from readlist.export import FORMATS

    help_text = " ".join(sample.ok("export", "--help").stdout.split())
    for fmt in FORMATS.values():
        assert fmt.name in help_text and fmt.title in help_text
        outputs = {sample.ok("export", spelling).stdout for spelling in (fmt.name, *fmt.aliases)}
        assert len(outputs) == 1 and outputs.pop().strip(), fmt.name
    result = sample("export", "docx")
    assert result.exit_code == UsageError.exit_code
    assert all(name in result.stderr for name in FORMATS)


def test_commands_are_registered_once_in_the_declared_order() -> None:
    import typer

    from readlist.cli import COMMANDS, load_commands

    load_commands()
    app = load_commands()  # registering twice adds nothing
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    declared = [name for _, _, group in COMMANDS for name in group]
    assert sorted(names) == sorted(declared)
    shown = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    groups = {g.name for g in app.registered_groups}  # Typer lists groups after commands
    assert shown == [n for n in declared if n not in groups] + [n for n in declared if n in groups]


class _Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


def test_the_progress_bar_writes_its_two_plain_lines_when_piped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readlist.render.terminal import ProgressBar

    screen = _Pipe()
    monkeypatch.setattr("sys.stderr", screen)
    bar = ProgressBar(
        "Reading",
        min_total=3,
        plain_start=lambda total: f"indexing {total}",
        plain_end=lambda total: f"indexed {total}",
    )
    for done in range(3):
        bar(done, 2)  # below min_total: nothing
    with bar:
        for done in range(4):
            bar(done, 3)
    assert screen.getvalue() == "indexing 3\nindexed 3\n"
