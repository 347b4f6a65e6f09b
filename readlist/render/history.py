"""The journal on screen: `readlist history`, newest step first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from readlist.render.terminal import write

if TYPE_CHECKING:
    from readlist.journal import HistoryLine


def print_history(lines: Sequence[HistoryLine], name: str) -> None:
    """One line per step (number, time, command, and whether it was undone), then what it
    changed, indented."""
    if not lines:
        write(f"No changes of {name} in the journal yet.")
        return
    out = []
    for line in lines:
        step = line.step
        notes = []
        if step.undoes is not None:
            notes.append(f"undoes step {step.undoes}")
        if line.undone_by is not None:
            notes.append(f"undone by step {line.undone_by}")
        note = f"  ({'; '.join(notes)})" if notes else ""
        out.append(f"{step.number:>4}  {step.time.replace('T', ' ')}  {step.command}{note}")
        out.extend(f"        {part}" for part in line.summary)
    write("\n".join(out))
