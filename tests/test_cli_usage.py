"""Help in plain words and usage errors on one line: what a person meets before any paper."""

from __future__ import annotations

import re

import pytest

from readlist.cli import app
from readlist.errors import UsageError
from tests.conftest import Cli
from tests.test_docs import _commands

JARGON = re.compile(r"<(str|int|float|bool|path|list\[\w+\])>|\{\w+\}|<[a-z]+(\|[a-z]+)+>")


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name, _ in _commands()] + [""])
def test_help_has_no_type_jargon(cli: Cli, name: str) -> None:
    result = cli.ok(*name.split(), "--help")
    assert not JARGON.search(result.stdout), JARGON.search(result.stdout)
    usage = next(line for line in result.stdout.splitlines() if "Usage:" in line)
    assert re.fullmatch(
        r"\s*Usage: readlist[\w\- ]*( \[OPTIONS\])?( \[?[A-Z_]+(\.\.\.)?\]?)*\s*"
        r"(COMMAND \[ARGS\]\.\.\.)?\s*",
        usage,
    ), usage


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["lst"], "no such command 'lst'; did you mean 'list'? (see `readlist --help`)"),
        (["list", "--stauts", "todo"], "no such option --stauts; did you mean --status?"),
        (
            ["add", "x", "--status", "dne"],
            "invalid value for --status / -s: 'dne' is not one of 'todo', 'reading', 'done', "
            "'skipped'; did you mean done? (see `readlist add --help`)",
        ),
        (["list", "--status", "todo,dne"], "'dne' is not one of todo, reading, done or skipped"),
        (["list", "--sort", "adde"], "did you mean added?"),
        (["list", "--columns", "id,autors"], "no column 'autors'; did you mean authors?"),
        (["done"], "missing REF (see `readlist done --help`)"),
        (["rate", "x", "five"], "invalid value for RATING: 'five' is not a whole number"),
        (["challenge", "nwe"], "no such command 'nwe'; did you mean 'new'?"),
        (["--bogus", "list"], "no such option --bogus (see `readlist --help`)"),
    ],
)
def test_a_usage_error_is_one_line_with_a_suggestion(
    cli: Cli, args: list[str], expected: str
) -> None:
    result = cli(*args)
    assert result.exit_code == UsageError.exit_code
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("readlist: error: ")
    assert expected in result.stderr
    assert not cli.path.exists()


def test_global_options_work_after_the_command(sample: Cli) -> None:
    runner = sample.runner
    before = runner.invoke(app, ["--file", str(sample.path), "list"])
    after = runner.invoke(app, ["list", "--file", str(sample.path)])
    short = runner.invoke(app, ["list", f"-f{sample.path}"])
    assert before.exit_code == after.exit_code == short.exit_code == 0
    assert "pali" in before.stdout and before.stdout == after.stdout == short.stdout
