"""Help and docs stay true: every command has help with an example and appears in the README."""

from __future__ import annotations

import pytest
import typer

from readlist.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, typer.core.TyperGroup | typer.core.TyperCommand]]:
    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            found.extend((f"{name} {n}", c) for n, c in sub.items())
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example_and_is_documented(name: str, command) -> None:
    assert command.help and command.help.strip(), name
    assert "Example:" in command.help, f"{name}: its help should end with an example"
    assert f"readlist {name}" in README, f"README.md does not show `readlist {name}`"


def test_readme_opens_with_the_two_make_commands() -> None:
    head = README[: README.index("## ")]
    assert "make run" in head and "make test" in head


def test_every_command_is_found_by_the_lazy_loader() -> None:
    from readlist.cli import COMMANDS, command_module

    group = typer.main.get_command(app)
    listed = {name for _, _, names in COMMANDS for name in names}
    assert listed == set(group.commands)  # type: ignore[attr-defined]
    # Both sides empty would pass the line above; the parametrized help test would then be empty.
    assert {"add", "list", "done", "edit", "challenge log"} <= {n for n, _ in _commands()}
    assert command_module(["-f", "x.yaml", "done", "ref"]) == "papers"
    assert command_module(["--file=x.yaml", "ingest", "seeds/"]) == "ingest_cmd"
    assert command_module(["progress", "--json"]) == "challenge_cmds"
    assert command_module(["--help"]) is None and command_module([]) is None
