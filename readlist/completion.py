"""Shell completion: the scripts for bash, zsh and fish, and the candidates for the word being
typed (commands, options, option values, paper ids and short names, challenge names).

The scripts run `readlist` with _READLIST_COMPLETE set; `readlist.cli.main` then answers here,
before Typer (or anything a command needs) is imported, so completing a paper id asks the index
for ids and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readlist.views import Library

COMPLETE_ENV = "_READLIST_COMPLETE"
WORD_ENV = "_READLIST_CWORD"
GLOBAL_OPTIONS = ("--file", "-f", "--version", "--help", "-h")
# Commands whose every word after the command is a paper, or only the first one.
PAPER_WORDS = {
    "done", "start", "skip", "todo", "rm", "fetch", "resolve", "enrich", "news", "show", "rate",
    "edit", "open", "read",
}  # fmt: skip
FIRST_WORD_PAPER = {"tag", "note", "resolve-conflict"}
# Challenge subcommands whose first word is a challenge name (and the rest papers, for plan/log).
CHALLENGE_FIRST = {"plan", "log", "rm", "pause", "resume", "replan", "export", "post"}
MAX_CANDIDATES = 2000

SCRIPTS = {
    "bash": """\
_readlist_complete() {
    local IFS=$'\\n'
    COMPREPLY=($(_READLIST_COMPLETE=bash _READLIST_CWORD=$((COMP_CWORD - 1)) \\
        "${COMP_WORDS[0]}" "${COMP_WORDS[@]:1}" 2>/dev/null))
}
complete -o default -F _readlist_complete readlist
""",
    "zsh": """\
#compdef readlist
_readlist() {
    local -a found
    found=("${(@f)$(_READLIST_COMPLETE=zsh _READLIST_CWORD=$((CURRENT - 2)) \\
        readlist "${(@)words[2,-1]}" 2>/dev/null)}")
    if (( ${#found} )) && [[ -n "${found[1]}" ]]; then
        compadd -M 'm:{[:lower:][:upper:]}={[:upper:][:lower:]}' -- "${found[@]}"
    else
        _files
    fi
}
compdef _readlist readlist
""",
    "fish": """\
function __readlist_complete
    set -l words (commandline -opc) (commandline -ct)
    _READLIST_COMPLETE=fish _READLIST_CWORD=(math (count $words) - 2) \\
        readlist $words[2..-1] 2>/dev/null
end
complete -c readlist -f -a '(__readlist_complete)'
""",
}


def script(shell: str) -> str:
    from readlist.errors import UsageError

    if shell not in SCRIPTS:
        raise UsageError(f"no completion for {shell!r}: give bash, zsh or fish")
    return SCRIPTS[shell]


def _command_names() -> list[str]:
    from readlist.cli import COMMANDS

    return [name for _, _, names in COMMANDS for name in names]


def _split_global(before: Sequence[str]) -> tuple[str | None, list[str]]:
    """The --file given before the word being completed, and the other words."""
    chosen, rest, position = None, [], 0
    while position < len(before):
        word = before[position]
        if word in ("--file", "-f") and position + 1 < len(before):
            chosen = before[position + 1]
            position += 2
            continue
        if word.startswith("--file="):
            chosen = word.split("=", 1)[1]
        elif word.startswith("-f") and len(word) > 2 and not word.startswith("--"):
            chosen = word[2:]
        else:
            rest.append(word)
        position += 1
    return chosen, rest


def _options_of(path: list[str]) -> list[str]:
    """The options of `readlist PATH...` (a command, or a group and its subcommand)."""
    import typer

    from readlist.cli import command_module, load_commands

    module = command_module(path[:1])
    if module is None:
        return []
    command = typer.main.get_command(load_commands([module]))
    for name in path:
        command = getattr(command, "commands", {}).get(name, command)
    return [opt for param in command.params for opt in param.opts if opt.startswith("-")]


def _challenge_subcommands() -> list[str]:
    from readlist.cli.challenge_cmds import challenge_app

    return [c.name for c in challenge_app.registered_commands if c.name]


def _library(file: str | None) -> Library:
    from readlist.paths import list_path
    from readlist.store import Store

    return Store(list_path(file)).load()


def _paper_words(file: str | None) -> list[str]:
    """Every paper's id and short name."""
    library = _library(file)
    return [word for row in library.ref_words() for word in row if word]


def _value_choices(option: str, file: str | None) -> list[str] | None:
    """The values an option takes, when they are few and known; None: any (a file, a date)."""
    from readlist.filters import DATE_FIELDS, SORTS
    from readlist.models import STATUSES

    if option in ("--status", "-s"):
        return list(STATUSES)
    if option == "--sort":
        return list(SORTS)
    if option == "--date-field":
        return list(DATE_FIELDS)
    if option in ("--tag", "-t"):
        return sorted(tag for tag in _library(file).tag_status_counts() if tag)
    return None


def candidates(words: Sequence[str], index: int) -> list[str]:
    """What may come at `words[index]` (the word being typed; the words are those after
    `readlist`)."""
    current = words[index] if index < len(words) else ""
    file, before = _split_global(words[:index])
    found: list[str]
    if before and before[-1].startswith("-") and before[-1] not in GLOBAL_OPTIONS:
        values = _value_choices(before[-1], file)
        if values is not None:
            return [v for v in values if v.startswith(current)]
    if not before:
        pool = list(GLOBAL_OPTIONS) if current.startswith("-") else _command_names()
        return [name for name in pool if name.startswith(current)]
    command, rest = before[0], [w for w in before[1:] if not w.startswith("-")]
    if current.startswith("-"):
        path = [command, rest[0]] if command == "challenge" and rest else [command]
        return sorted(o for o in set(_options_of(path)) if o.startswith(current))
    found = []
    if command == "challenge":
        if not rest:
            found = _challenge_subcommands()
        elif rest[0] in CHALLENGE_FIRST and len(rest) == 1:
            found = [c.name for c in _library(file).challenges]
        elif rest[0] in ("plan", "log"):
            found = _paper_words(file)
    elif command == "progress" and not rest:
        found = [c.name for c in _library(file).challenges]
    elif command in PAPER_WORDS or (command in FIRST_WORD_PAPER and not rest):
        found = _paper_words(file)
    folded = current.casefold()
    return [w for w in dict.fromkeys(found) if w.casefold().startswith(folded)][:MAX_CANDIDATES]


def answer(argv: Sequence[str]) -> int:
    """Print the candidates for the word the shell asks about; 0 always (no candidate: the
    shell falls back to file names)."""
    import sys

    try:
        index = int(os.environ.get(WORD_ENV, str(len(argv) - 1)))
        found = candidates(list(argv), max(index, 0))
    except Exception:  # completion must never print a traceback into the shell
        found = []
    if found:
        sys.stdout.write("\n".join(found) + "\n")
    return 0


def is_asked() -> bool:
    """Whether a completion script is asking (rather than a person running a command)."""
    return bool(os.environ.get(COMPLETE_ENV))
