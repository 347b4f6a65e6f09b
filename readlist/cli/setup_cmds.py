"""`readlist where` (the files in use, and why those) and `readlist config` (every setting, its
value and where it comes from)."""

from typing import Annotated

import typer

from readlist.cli.base import State
from readlist.cli.context import echo

JsonOption = Annotated[bool, typer.Option("--json", help="Print it as JSON.")]


def where(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Say which reading list, index, cache and config file readlist uses, and why.

    Example: readlist where
    """
    from readlist import config, paths
    from readlist.render.settings import where_text
    from readlist.store import Store

    state = ctx.find_root().obj
    path, why = paths.list_choice(state.file if isinstance(state, State) else None)
    cache, cache_why = paths.cache_choice()
    config_file, config_why = config.config_path()
    places = {
        "list": (str(path), why, path.exists()),
        "index": (str(Store(path).index_file), "in the cache, named after the list", None),
        "cache": (str(cache), cache_why, cache.exists()),
        "config": (str(config_file), config_why, config_file.exists()),
    }
    echo(where_text(places, as_json=as_json))


def config_(as_json: JsonOption = False) -> None:
    """Show every setting: its value, and whether the default, a config file or an
    environment variable chose it.

    Example: READLIST_CONFIG=~/readlist.toml readlist config
    """
    from readlist import config
    from readlist.render.settings import settings_text

    echo(settings_text(config.config_path(), config.effective(), as_json=as_json))


def completion(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the completion script for your shell: commands, options, paper ids and short
    names, challenge names.

    Example: readlist completion bash >> ~/.bashrc
    """
    from readlist.completion import script

    typer.echo(script(shell), nl=False)
