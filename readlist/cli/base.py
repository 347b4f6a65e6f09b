"""The Typer application, its global options, and the one place errors are turned into
exit codes and a line on stderr."""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from readlist.errors import Interrupted, ReadlistError
from readlist.render.terminal import print_error


class ReadlistGroup(TyperGroup):
    """Catches ReadlistError (and Ctrl-C) from every command, in one place."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReadlistError as error:
            print_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            interrupted = Interrupted("interrupted; the reading list on disk is whole")
            print_error(interrupted)
            raise typer.Exit(interrupted.exit_code) from None


app = typer.Typer(
    name="readlist",
    cls=ReadlistGroup,
    help="A reading list for research papers, kept as human-readable YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    file: Path | None = None


def _version(value: bool) -> None:
    if value:
        from readlist import __version__

        typer.echo(f"readlist {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            help="The reading list to use (default: $READLIST_FILE, ./data/readlist.yaml, "
            "or readlist.yaml in your data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Collect papers from lists, threads and feeds into one YAML reading list; track what you
    read, run reading challenges, export to Markdown.

    Example: readlist add 2208.12242 --tag diffusion
    """
    ctx.obj = State(file=file)
