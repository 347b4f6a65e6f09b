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


def test_help_lists_each_command_by_its_own_first_paragraph() -> None:
    # `readlist --help` is answered from SUMMARIES without importing the commands: each summary
    # must say what the command's own help says first.
    import inspect

    from readlist.cli import COMMANDS, SUMMARIES

    group = typer.main.get_command(app)
    names = [name for _, _, group_names in COMMANDS for name in group_names]
    assert sorted(SUMMARIES) == sorted(names), "every command needs its line in SUMMARIES"
    for name in names:
        own = inspect.cleandoc(group.commands[name].help or "").split("\n\n")[0]  # type: ignore[attr-defined]
        assert SUMMARIES[name] == " ".join(own.split()), f"SUMMARIES[{name!r}] != its help"


def test_help_shows_every_command_in_its_section_in_the_registry_order() -> None:
    from typer.testing import CliRunner

    from readlist.cli import COMMANDS, SUMMARIES, help_app

    result = CliRunner().invoke(
        help_app(), ["--help"], prog_name="readlist", env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    by_panel: dict[str, list[int]] = {}
    for panel, _, names in COMMANDS:
        for name in names:
            (at,) = [n for n, line in enumerate(lines) if line[1:].split()[:1] == [name]]
            assert SUMMARIES[name] in lines[at]
            # The section the line is in: the nearest title line above it.
            title = next(ln for ln in reversed(lines[:at]) if ln.startswith("╭─"))
            assert f" {panel} " in title, (name, title)
            by_panel.setdefault(panel, []).append(at)
    assert all(at == sorted(at) for at in by_panel.values())


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
