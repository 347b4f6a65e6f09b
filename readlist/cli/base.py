"""The Typer application, its global options, and the one place errors are turned into
exit codes and a line on stderr."""

import difflib
import re
from pathlib import Path
from typing import Annotated, Any, NamedTuple, NoReturn

import typer
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption
from typer._click.exceptions import UsageError as ClickUsageError
from typer._click.types import FloatParamType, IntParamType, ParamType
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from readlist.errors import Interrupted, ReadlistError, UsageError
from readlist.render.terminal import print_error

# Options of the whole program that may also come after the command (they take a value).
GLOBAL_OPTIONS = ("--file", "-f")
# Choices listed in full in help and errors up to this many (longer lists: the option's name).
CHOICES_SHOWN = 6


class _NoTypeName(ParamType):
    """A parameter's type as it was, minus the type name help would print (`<str>`)."""

    def __init__(self, kind: ParamType) -> None:
        self.kind = kind
        self.name = kind.name

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return self.kind.convert(value, param, ctx)

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> Any:
        return self.kind.shell_complete(ctx, param, incomplete)


def _choices(param: Any) -> list[str]:
    return [str(getattr(c, "value", c)) for c in getattr(param.type, "choices", ())]


def plain_metavars(params: list[Any]) -> None:
    """Give every parameter a plain word in help and usage (REF, TAG, N, FILE, or its choices)
    instead of type jargon (`<str>`, `<list[str]>`, `{ref}`)."""
    for param in params:
        if isinstance(param.type, _NoTypeName):
            continue  # done already
        if isinstance(param, TyperArgument):
            param.metavar = param.metavar or (param.name or "").upper()
            param.type = _NoTypeName(param.type)
        elif isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
            long_name = max(param.opts, key=len).lstrip("-")
            choices = _choices(param)
            if choices and len(choices) <= CHOICES_SHOWN:
                param.metavar = "|".join(choices)
            elif isinstance(param.type, IntParamType):
                param.metavar = "N"
            elif isinstance(param.type, FloatParamType):
                param.metavar = "NUMBER"
            else:
                param.metavar = long_name.upper().replace("-", "_")


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    """`[OPTIONS] REF... [QUERY]`: arguments by their word, optional ones in brackets."""
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            word = param.metavar or ""
            if param.nargs != 1 and not word.endswith("..."):
                word += "..."
            pieces.append(word if param.required else f"[{word}]")
    return pieces


# Short flags that once meant something else in some commands (one short flag has one meaning
# now: -n is --limit, -r is --reverse): a command that lost one suggests its long option.
RETIRED_SHORT_FLAGS = {"-n": ("--dry-run", "--note", "--days"), "-r": ("--reader",)}
_NOT_A_CHOICE = re.compile(r"^'(?P<value>.*?)' is not one of")
_TYPE_WORDS = {"valid int": "whole number", "valid float": "number"}


def usage_message(error: ClickUsageError) -> str:
    """A usage error as one line: what is wrong, a close match if there is one, where help is."""
    what = " ".join(error.message.split()).rstrip(".")
    suggestion: list[str] = []
    if isinstance(error, NoSuchOption):
        what = f"no such option {error.option_name}"
        known = list(error.possibilities or [])
        suggestion = difflib.get_close_matches(error.option_name, known, n=1, cutoff=0)
        if error.option_name in RETIRED_SHORT_FLAGS and error.ctx is not None:
            own = {opt for param in error.ctx.command.params for opt in param.opts}
            suggestion = [o for o in RETIRED_SHORT_FLAGS[error.option_name] if o in own][:1]
    elif isinstance(error, MissingParameter) and error.param is not None:
        missing = error.param
        what = f"missing {missing.human_readable_name}"
        if isinstance(missing, TyperOption):
            what = f"missing option {' / '.join(missing.opts)}"
    elif isinstance(error, BadParameter) and error.param is not None:
        for jargon, word in _TYPE_WORDS.items():
            what = what.replace(jargon, word)
        name = error.param.human_readable_name
        if isinstance(error.param, TyperOption):
            name = " / ".join(error.param.opts)
        what = f"invalid value for {name}: {what}"
        typed = _NOT_A_CHOICE.match(" ".join(error.message.split()))
        if typed:
            suggestion = difflib.get_close_matches(typed["value"], _choices(error.param), n=1)
    else:
        what, _, close = what.partition(". Did you mean ")
        suggestion = [close.rstrip("?")] if close else []
        what = what[:1].lower() + what[1:]
    line = what
    if suggestion:
        line += f"; did you mean {' or '.join(suggestion)}?"
    where = error.ctx.command_path if error.ctx is not None else "readlist"
    return f"{line} (see `{where} --help`)"


def _raise_usage(error: ClickUsageError) -> NoReturn:
    print_error(UsageError(usage_message(error)))
    raise typer.Exit(UsageError.exit_code) from None


class ReadlistCommand(TyperCommand):
    """A command whose usage names its arguments in plain words (ReadlistGroup makes every
    command one, and gives its parameters plain metavars)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return usage_pieces(self, ctx)


class ReadlistGroup(TyperGroup):
    """Catches ReadlistError (and Ctrl-C) from every command, in one place; turns usage errors
    into one line on stderr; takes the global options after the command too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_metavars(self.params)
        for command in self.commands.values():
            if type(command) is TyperCommand:
                # Every command, whoever declared it, gets the plain help and usage.
                plain_metavars(command.params)
                command.__class__ = ReadlistCommand

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = hoist_global_options(args)
        try:
            return super().parse_args(ctx, args)
        except ClickUsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                raise
            _raise_usage(error)

    def invoke(self, ctx: Any) -> Any:
        # The command line after the global options, as the journal names the step it writes.
        ctx.meta["readlist.args"] = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except ReadlistError as error:
            print_error(error)
            raise typer.Exit(error.exit_code) from None
        except ClickUsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                raise
            _raise_usage(error)
        except KeyboardInterrupt:
            interrupted = Interrupted("interrupted; the reading list on disk is whole")
            print_error(interrupted)
            raise typer.Exit(interrupted.exit_code) from None


def hoist_global_options(args: list[str]) -> list[str]:
    """`readlist list --file x.yaml` as `readlist --file x.yaml list`: the global options found
    after the command (and before `--`) moved in front of it."""
    front: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(args):
        word = args[position]
        if word == "--":
            rest.extend(args[position:])
            break
        if word in GLOBAL_OPTIONS and position + 1 < len(args):
            front.extend(args[position : position + 2])
            position += 2
            continue
        if word.startswith("--file=") or (
            word.startswith("-f") and len(word) > 2 and not word.startswith("--")
        ):
            front.append(word)
        else:
            rest.append(word)
        position += 1
    return front + rest


class State(NamedTuple):
    file: Path | None = None


def _version(value: bool) -> None:
    if value:
        from readlist import __version__

        typer.echo(f"readlist {__version__}")
        raise typer.Exit()


def main_options(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            metavar="FILE",
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
    from readlist import config

    config.check()  # a bad config file is named before any command relies on it
    ctx.obj = State(file=file)


def new_app() -> typer.Typer:
    """The readlist app with its global options and no command yet."""
    new = typer.Typer(
        name="readlist",
        cls=ReadlistGroup,
        help="A reading list for research papers, kept as human-readable YAML.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(main_options)
    return new


# The app the commands are registered on (readlist.cli.load_commands).
app = new_app()
