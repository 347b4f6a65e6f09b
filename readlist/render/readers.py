"""Several readers of one challenge on screen: who read each day's paper when, and each
reader's done count and streaks (`readlist progress NAME` adds it under the challenge)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readlist.render.challenges import PAPER_WIDTH, ProgressView, streak_units

if TYPE_CHECKING:
    from readlist.sharing.readers import ReadersProgress

NOT_READ = "—"


def readers_plain(view: ReadersProgress) -> str:
    """The table Day | Paper | one column per reader (the date they read it), then a line per
    reader: papers read and streaks."""
    names = list(view.readers)
    width = max(len(NOT_READ), len("2023-01-02"))
    columns = [max(width, len(name)) for name in names]
    titles = [
        title if len(title) <= PAPER_WIDTH else title[: PAPER_WIDTH - 1] + "…"
        for _, _, title, _ in view.days
    ]
    paper_width = max([len("Paper"), *map(len, titles)])
    lines = [f"Readers of {view.challenge}", ""]
    head = f"{'Day':>3}  {'Paper':<{paper_width}}"
    lines.append(head + "".join(f"  {n:<{w}}" for n, w in zip(names, columns, strict=True)))
    for (day, _, _, who), title in zip(view.days, titles, strict=True):
        cells = [
            f"  {(who[n].isoformat() if n in who else NOT_READ):<{w}}"
            for n, w in zip(names, columns, strict=True)
        ]
        lines.append(f"{day:>3}  {title:<{paper_width}}" + "".join(cells))
    lines.append("")
    name_width = max(len(n) for n in names)
    for name, p in view.readers.items():
        lines.append(
            f"{name + ':':<{name_width + 1}}  {p.done} of {p.days} read, streak "
            f"{streak_units(p, p.current_streak)} (longest {streak_units(p, p.longest_streak)})"
        )
    return "\n".join(line.rstrip() for line in lines) + "\n"


def add_readers(view: ProgressView, readers: ReadersProgress) -> None:
    """Put the readers under a challenge's progress view, in each of its forms."""
    text = readers_plain(readers)
    view.data["readers"] = readers.to_json()
    view.plain = f"{view.plain}\n{text}"
    shown = view.renderables

    def renderables() -> list[Any]:
        from rich.text import Text

        return [*shown(), Text(text)]

    view.renderables = renderables
