"""One short flag, one meaning: across every command of readlist (walked in Typer's command
tree, the global options and -h included), a short flag always stands for the same long option."""

from __future__ import annotations

from collections import defaultdict

import pytest
import typer

from readlist.cli import app
from readlist.errors import UsageError
from tests.conftest import Cli


def _short_flags() -> dict[str, dict[str, list[str]]]:
    """short flag -> the long option it stands for -> the commands where it does."""
    root = typer.main.get_command(app)
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))

    def walk(command: typer.core.TyperCommand, path: list[str], parent: typer.Context | None):
        ctx = typer.Context(command, info_name=path[-1], parent=parent, **command.context_settings)
        for param in command.get_params(ctx):
            names = [*param.opts, *param.secondary_opts]
            long = max(names, key=len)
            for name in names:
                if len(name) == 2 and name.startswith("-"):
                    found[name][long].append(" ".join(path))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name], ctx)

    walk(root, ["readlist"], None)
    return found


def test_the_walk_sees_every_command_and_the_common_flags() -> None:
    flags = _short_flags()
    # A walk that found nothing would pass the test below: make sure it went everywhere.
    assert "readlist challenge log" in flags["-d"]["--date"]
    assert "readlist" in flags["-f"]["--file"] and "readlist git init" in flags["-h"]["--help"]
    assert {"readlist list", "readlist search", "readlist next", "readlist history"} <= set(
        flags["-n"]["--limit"]
    )


def test_every_short_flag_has_one_meaning() -> None:
    clashes = {
        short: dict(meanings) for short, meanings in _short_flags().items() if len(meanings) > 1
    }
    assert clashes == {}, f"short flags with several meanings: {clashes}"


@pytest.mark.parametrize(
    ("args", "flag", "long"),
    [
        (["ingest", "seeds/", "-n"], "-n", "--dry-run"),
        (["add", "A Title", "-n", "a note"], "-n", "--note"),
        (["challenge", "new", "x", "-n", "10"], "-n", "--days"),
        (["read", "pali", "-r", "bob"], "-r", "--reader"),
    ],
)
def test_a_short_flag_a_command_gave_up_names_its_long_option(
    sample: Cli, args: list[str], flag: str, long: str
) -> None:
    before = sample.path.read_bytes()
    result = sample(*args)
    assert result.exit_code == UsageError.exit_code
    assert result.stdout == ""
    assert result.stderr.startswith(f"readlist: error: no such option {flag}; did you mean {long}?")
    assert len(result.stderr.splitlines()) == 1
    assert sample.path.read_bytes() == before
