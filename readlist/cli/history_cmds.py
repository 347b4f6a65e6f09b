"""undo and history: taking changes back one step at a time, and what each step did. Each
parses its arguments, calls readlist.journal, and renders the result."""

from typing import TYPE_CHECKING, Annotated

import typer

from readlist.cli.context import QuietOpt, echo, get_store, index_progress

if TYPE_CHECKING:
    from readlist.journal import Step


def _step_data(step: "Step", changed: list[str]) -> dict[str, object]:
    """A journal step as `undo --json` prints it (and `history --json`, with more)."""
    return {
        "step": step.number,
        "command": step.command,
        "undoes": step.undoes,
        "changed": changed,
    }


def undo(
    ctx: typer.Context,
    step: Annotated[
        int | None,
        typer.Argument(
            help="The step to take back (default: the last change not undone yet); "
            "`readlist history` numbers them. An undo step's number redoes what it undid.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the step as JSON: step, command, undoes, what it changed."
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Take back the last change to the list (again: the one before it, and so on).

    Example: readlist undo
    """
    from readlist import journal

    store = get_store(ctx)
    with store.transaction(index_progress(store)) as txn:
        target = journal.choose(store, step)
        store.undoes = target.number
        summary = journal.undo(txn, target)
    what = target.command + (f", which undid step {target.undoes}" if target.undoes else "")
    if as_json:
        import json

        echo(json.dumps(_step_data(target, summary), ensure_ascii=False, indent=2))
    elif not quiet:
        echo(f"Undid step {target.number} ({what}): {'; '.join(summary) or 'nothing'}")


def history(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most N steps.")] = 20,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the steps as a JSON array: step, time, command, undoes, undone_by, "
            "changed.",
        ),
    ] = False,
) -> None:
    """Show the changes made to the list, newest first, as `readlist undo` can take them back.

    Example: readlist history --limit 5
    """
    from readlist import journal
    from readlist.render.history import print_history

    if limit < 0:
        from readlist.errors import UsageError

        raise UsageError("--limit must be 0 or more")
    store = get_store(ctx)
    lines = journal.history(store, limit)
    if as_json:
        import json

        data = [
            {
                **_step_data(line.step, line.summary),
                "time": line.step.time,
                "undone_by": line.undone_by,
            }
            for line in lines
        ]
        echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print_history(lines, store.name)
