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


def test_every_exit_code_is_in_the_readme() -> None:
    import readlist.errors as errors

    codes = {
        cls.exit_code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.ReadlistError)
    }
    paragraph = README[README.index("Exit codes:") :].split("\n\n")[0]
    for code in sorted(codes | {0}):
        assert f" {code} " in paragraph.replace("\n", " "), f"exit code {code} is not in the README"


@pytest.mark.slow
def test_the_readme_tour_runs_on_a_scratch_copy(tmp_path, monkeypatch) -> None:
    import shlex

    from typer.testing import CliRunner

    block = README[README.index("## A tour of the commands") :].split("```sh\n", 1)[1]
    lines = block.split("```", 1)[0].splitlines()
    assert lines[0].startswith("export READLIST_FILE=") and "cp data/readlist.yaml" in lines[0]
    scratch = tmp_path / "tour.yaml"
    scratch.write_bytes((ROOT / "data" / "readlist.yaml").read_bytes())
    committed = (ROOT / "data" / "readlist.yaml").read_bytes()
    monkeypatch.chdir(ROOT)  # `ingest seeds/`
    env = {"READLIST_FILE": str(scratch), "EDITOR": "true", "VISUAL": "", "BROWSER": "true"}
    network = {"fetch", "resolve", "news", "enrich"}  # closed ports here: they fail, and say so
    for line in lines[1:]:
        words = shlex.split(line.replace("/tmp/", f"{tmp_path}/"), comments=True)
        assert words[0] == "readlist", line
        result = CliRunner().invoke(app, words[1:], input="y\n", env=env)
        expected = 69 if words[1] in network else 0
        assert result.exit_code == expected, (line, result.stdout, result.stderr)
    assert (ROOT / "data" / "readlist.yaml").read_bytes() == committed
    assert "2006.11239" in scratch.read_text(encoding="utf-8")
    assert (tmp_path / "list.md").is_file()
