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
    for command in ("show", "edit", "open", "rate", "read"):  # they take several papers
        assert bash_complete(listed, command, "2208.12242", "dream") == [
            "DreamBooth",
            "dreamfusion",
        ]


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


def zsh_complete(cli: Cli, *words: str, tmp: Path) -> list[str]:
    """What a real interactive zsh offers on Tab after `readlist WORDS` (the last word is the
    one being typed), with compinit and the generated script loaded."""
    import re

    script = tmp / "_readlist"
    script.write_text(cli.ok("completion", "zsh").stdout, encoding="utf-8")
    done = subprocess.run(
        ["zsh", "-f", str(Path(__file__).parent / "helpers" / "zsh_complete.zsh")],
        capture_output=True,
        text=True,
        env=subprocess_env(
            PATH=f"{Path(readlist_exe()).parent}:/usr/bin:/bin",
            READLIST_FILE=str(cli.path),
            SCRIPT=str(script),
            COMPDUMP=str(tmp / "zcompdump"),
            LINE=" ".join(("readlist", *words)),
            TERM="xterm",
        ),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return list(dict.fromkeys(re.findall(r"<<(.*?)>>", done.stdout)))


def fish_complete(cli: Cli, *words: str, tmp: Path) -> list[str]:
    """What fish offers after `readlist WORDS` (`complete -C`), the generated script loaded."""
    script = tmp / "readlist.fish"
    script.write_text(cli.ok("completion", "fish").stdout, encoding="utf-8")
    line = " ".join(("readlist", *words)).replace("\\", "\\\\").replace("'", "\\'")
    done = subprocess.run(
        ["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"],
        capture_output=True,
        text=True,
        env=subprocess_env(
            PATH=f"{Path(readlist_exe()).parent}:/usr/bin:/bin", READLIST_FILE=str(cli.path)
        ),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [line.split("\t")[0] for line in done.stdout.splitlines() if line]


# What every shell offers: (the words typed, the last one being completed; what is offered, or
# at least, with "...": part of what is offered).
EVERY_SHELL = [
    (["se"], {"search"}),
    (["c"], {"challenge", "completion", "config", "..."}),
    (["list", "--st"], {"--status"}),
    (["list", "--status", "d"], {"done"}),
    (["list", "--sort", "fi"], {"file", "finished"}),
    (["show", "dream"], {"DreamBooth", "dreamfusion"}),
    (["done", "2208.12242", "22"], {"2208.12242", "2211.09800"}),
    (["list", "--tag", ""], {"edit"}),
    (["challenge", ""], {"log", "plan", "post", "..."}),
    (["challenge", "log", "30"], {"30daysofDiffusion"}),
    (["challenge", "plan", "30daysofDiffusion", "2211"], {"2211.09800"}),
    (["progress", ""], {"30daysofDiffusion"}),
]
SHELLS = {
    "bash": lambda cli, *words, tmp: bash_complete(cli, *words),
    "zsh": zsh_complete,
    "fish": fish_complete,
}


@pytest.mark.slow
@pytest.mark.parametrize("shell", list(SHELLS))
def test_every_shell_completes_commands_options_papers_and_challenges(
    listed: Cli, shell: str, tmp_path: Path
) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (Debian: apt-get install {shell})")
    wrong = {}
    for words, expected in EVERY_SHELL:
        offered = set(SHELLS[shell](listed, *words, tmp=tmp_path))
        if "..." in expected:
            if not expected - {"..."} <= offered:
                wrong[" ".join(words)] = offered
        elif offered != expected:
            wrong[" ".join(words)] = offered
    assert wrong == {}, f"{shell} offered: {wrong}"


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_offers_a_short_name_whatever_its_case(listed: Cli, tmp_path: Path) -> None:
    # zsh filters what readlist offers by what is typed, case-sensitively unless told otherwise:
    # `show dream` once offered dreamfusion only.
    assert zsh_complete(listed, "show", "dream", tmp=tmp_path) == ["DreamBooth", "dreamfusion"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_the_file_option_chooses_the_list_fish_completes(listed: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    write_list(other, [{"id": "zebra-paper", "title": "Zebras", "status": "todo"}])
    assert fish_complete(listed, "--file", str(other), "show", "z", tmp=tmp_path) == ["zebra-paper"]
