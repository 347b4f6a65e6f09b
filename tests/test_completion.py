"""Shell completion, run by a real bash: commands, options, option values, paper ids and short
names, challenge names; and the zsh and fish scripts where those shells are installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from readlist.errors import UsageError
from tests.conftest import Cli, readlist_exe, subprocess_env, write_list


@pytest.fixture
def listed(cli: Cli) -> Cli:
    write_list(
        cli.path,
        [
            {"id": "2208.12242", "alias": "DreamBooth", "title": "Fine Tuning", "status": "todo"},
            {"id": "2211.09800", "title": "InstructPix2Pix", "status": "done", "tags": ["edit"]},
            {"id": "dreamfusion", "title": "DreamFusion: Text-to-3D", "status": "todo"},
        ],
        challenges=[{"name": "30daysofDiffusion", "days": 30, "start": "2026-11-01"}],
    )
    return cli


def bash_complete(cli: Cli, *words: str) -> list[str]:
    """What bash offers after `readlist WORDS` (the last word is the one being typed)."""
    script = subprocess.run(
        [readlist_exe(), "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    quoted = " ".join(f"'{w}'" for w in ("readlist", *words))
    program = (
        f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words)}\n"
        "_readlist_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    env = subprocess_env(
        PATH=f"{Path(readlist_exe()).parent}:/usr/bin:/bin", READLIST_FILE=str(cli.path)
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_and_options(listed: Cli) -> None:
    assert bash_complete(listed, "se") == ["search"]
    assert {"challenge", "completion", "config"} <= set(bash_complete(listed, "c"))
    assert "--status" in bash_complete(listed, "list", "--st")
    assert bash_complete(listed, "list", "--status", "d") == ["done"]
    assert bash_complete(listed, "list", "--sort", "fi") == ["file", "finished"]


def test_bash_completes_paper_ids_short_names_and_tags(listed: Cli) -> None:
    assert bash_complete(listed, "show", "dream") == ["DreamBooth", "dreamfusion"]
    assert bash_complete(listed, "done", "2208.12242", "22") == ["2208.12242", "2211.09800"]
    assert bash_complete(listed, "list", "--tag", "") == ["edit"]
    assert bash_complete(listed, "note", "dreamfusion", "x") == []  # the note is free text


def test_bash_completes_challenges_and_their_subcommands(listed: Cli) -> None:
    assert {"log", "plan", "post"} <= set(bash_complete(listed, "challenge", ""))
    assert bash_complete(listed, "challenge", "log", "30") == ["30daysofDiffusion"]
    assert bash_complete(listed, "progress", "") == ["30daysofDiffusion"]
    assert bash_complete(listed, "challenge", "plan", "30daysofDiffusion", "2211") == ["2211.09800"]


def test_the_file_option_chooses_the_list_completed(listed: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    write_list(other, [{"id": "zebra-paper", "title": "Zebras", "status": "todo"}])
    assert bash_complete(listed, "--file", str(other), "show", "z") == ["zebra-paper"]


def test_an_unknown_shell_is_a_usage_error(cli: Cli) -> None:
    result = cli("completion", "tcsh")
    assert result.exit_code == UsageError.exit_code
    assert "give bash, zsh or fish" in result.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_script_loads(cli: Cli) -> None:
    script = cli.ok("completion", "zsh").stdout
    done = subprocess.run(
        ["zsh", "-f", "-c", f"autoload -Uz compinit; compinit -u; {script}; whence -w _readlist"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "_readlist: function" in done.stdout, done.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_the_fish_script_completes(listed: Cli) -> None:
    script = listed.ok("completion", "fish").stdout
    env = subprocess_env(
        PATH=f"{Path(readlist_exe()).parent}:/usr/bin:/bin", READLIST_FILE=str(listed.path)
    )
    done = subprocess.run(
        ["fish", "-c", f"{script}\ncomplete -C 'readlist show dream'"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "DreamBooth" in done.stdout and "dreamfusion" in done.stdout, done.stderr
