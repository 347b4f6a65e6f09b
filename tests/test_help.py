"""`readlist --help` on plain output is written without rich (readlist.render.help): it must be,
byte for byte, what Typer's rich help prints, at every width the plain layout covers."""

from __future__ import annotations

import subprocess

import pytest
import typer
from typer.testing import CliRunner

from readlist.cli import help_app
from readlist.render.help import MAX_WIDTH, MIN_WIDTH, top_level_help
from tests.conftest import readlist_exe, subprocess_env

# What would make rich draw for a terminal, or size the help otherwise, in the test's own
# environment: unset, so that Typer's rendering is the plain one.
UNSET: dict[str, str | None] = dict.fromkeys(
    ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "TTY_COMPATIBLE", "TERMINAL_WIDTH")
)


def typer_help(app: typer.Typer, width: int) -> str:
    """What Typer's rich help prints for `app --help` on plain output `width` wide."""
    result = CliRunner().invoke(
        app, ["--help"], prog_name="readlist", env={**UNSET, "COLUMNS": str(width)}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def plain_help(app: typer.Typer, width: int) -> str | None:
    group = typer.main.get_command(app)
    return top_level_help(group, group.make_context("readlist", [], resilient_parsing=True), width)


@pytest.mark.slow
def test_the_plain_help_is_typers_byte_for_byte_at_every_width() -> None:
    app = help_app()
    for width in range(MIN_WIDTH, MAX_WIDTH + 1):
        assert plain_help(app, width) == typer_help(app, width), f"at width {width}"


def test_the_plain_help_lists_every_panel_and_wraps_to_the_width() -> None:
    text = plain_help(help_app(), 72)
    assert text is not None
    lines = text.splitlines()
    assert {len(line) for line in lines[:-1]} == {72} and lines[-1] == ""
    assert lines[1].startswith(" Usage: readlist [OPTIONS] COMMAND [ARGS]...")
    for panel in ("Options", "Papers", "Documents", "Challenges", "arXiv", "History", "Setup"):
        assert any(line.startswith(f"╭─ {panel} ─") for line in lines), panel
    assert any(line.startswith("│ resolve-conflict  Resolve one conflict") for line in lines)


def test_what_the_plain_layout_does_not_cover_is_left_to_typer() -> None:
    # Markup (rich reads [bold] as a style), a command outside a panel, a narrow width: None.
    marked = typer.Typer(help="A list.", add_completion=False)
    marked.command("a", help="Say [bold]a[/bold].", rich_help_panel="P")(lambda: None)
    marked.command("b", help="Say b.", rich_help_panel="P")(lambda: None)
    assert plain_help(marked, 80) is None
    loose = typer.Typer(help="A list.", add_completion=False)
    loose.command("a", help="Say a.")(lambda: None)
    loose.command("b", help="Say b.")(lambda: None)
    assert plain_help(loose, 80) is None
    assert plain_help(help_app(), 20) is None
    # ... and the check can pass: the same app without the markup.
    plain = typer.Typer(help="A list.", add_completion=False)
    plain.command("a", help="Say a.", rich_help_panel="P")(lambda: None)
    plain.command("b", help="Say b.", rich_help_panel="P")(lambda: None)
    assert plain_help(plain, 80) == typer_help(plain, 80)


@pytest.mark.slow
def test_the_installed_command_prints_it_and_typer_prints_it_for_colours() -> None:
    env = subprocess_env(COLUMNS="97")
    for name in UNSET:
        env.pop(name, None)
    plain = subprocess.run(
        [readlist_exe(), "--help"], capture_output=True, text=True, env=env, check=False
    )
    assert plain.returncode == 0 and plain.stderr == ""
    assert plain.stdout == typer_help(help_app(), 97)
    coloured = subprocess.run(
        [readlist_exe(), "--help"],
        capture_output=True,
        text=True,
        env={**env, "FORCE_COLOR": "1"},
        check=False,
    )
    assert coloured.returncode == 0
    assert "\x1b[" in coloured.stdout and "Usage" in coloured.stdout
