"""The journal of changes kept beside a reading list (`LIST.journal`), which `readlist undo` and
`readlist history` read.

Each write of the list appends one step: when, which command, and each record it changed as it
was before and after (as YAML text, the list's own format), plus the challenges when they
changed. The step is appended after the list is safely written, so the list is always the whole
truth and the journal only ever holds copies: losing it loses the undo, nothing else. It keeps
the newest MAX_STEPS steps within MAX_BYTES (the newest step always), rewritten by the one
atomic write when it outgrows them. Nothing here prints, prompts or exits.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readlist.errors import NotFoundError, UsageError
from readlist.models import Challenge, Paper

if TYPE_CHECKING:
    from readlist.store import Store
    from readlist.views import Transaction

MAX_STEPS = 200
MAX_BYTES = 4 * 1024 * 1024


@dataclass
class Change:
    """One record before and after a step (None: it did not exist)."""

    before: str | None
    after: str | None

    @property
    def id_before(self) -> str | None:
        return _record(self.before).id if self.before else None

    @property
    def id_after(self) -> str | None:
        return _record(self.after).id if self.after else None


@dataclass
class Step:
    number: int
    time: str
    command: str
    changes: list[Change] = field(default_factory=list)
    challenges_before: list[dict[str, Any]] | None = None
    challenges_after: list[dict[str, Any]] | None = None
    undoes: int | None = None

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "step": self.number,
            "time": self.time,
            "command": self.command,
            "changes": [[c.before, c.after] for c in self.changes],
        }
        if self.challenges_after is not None:
            data["challenges"] = [self.challenges_before, self.challenges_after]
        if self.undoes is not None:
            data["undoes"] = self.undoes
        return json.dumps(data, ensure_ascii=False, default=_iso)

    @classmethod
    def from_json(cls, text: str) -> Step:
        data = json.loads(text)
        before, after = data.get("challenges") or (None, None)
        return cls(
            number=int(data["step"]),
            time=str(data["time"]),
            command=str(data["command"]),
            changes=[Change(b, a) for b, a in data["changes"]],
            challenges_before=before,
            challenges_after=after,
            undoes=data.get("undoes"),
        )


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    raise TypeError(f"{type(value).__name__} is not JSON")


def _text(paper: Paper) -> str:
    from readlist.emit import record

    data = paper.to_dict()
    text = record(data)
    if text is None:
        from readlist.yamlio import dump_record

        text = dump_record(data)
    return text


def _record(text: str) -> Paper:
    from readlist.yamlio import load_text

    return Paper.from_dict(load_text(text, "the journal")[0])


def path_of(store: Store) -> Path:
    from readlist.paths import companion

    return companion(store.path, "journal")


# --- writing: one step per transaction ------------------------------------------------------


def pending(
    txn: Transaction,
    command: str,
    undoes: int | None = None,
    *,
    text_of: Callable[[Paper], str] | None = None,
) -> Step:
    """The step a transaction is about to write, read before it is written (the index still
    holds the records as they were). `text_of` gives a paper's text (for a changed or new one,
    the one the write uses, so it is made once; for one as it was, the same writer's)."""
    text = text_of or _text
    changes = []
    for new_id, paper in txn.changed.items():
        old = txn.index.get(txn.renamed.get(new_id, new_id))
        changes.append(Change(text(old) if old else None, text(paper)))
    for paper_id in sorted(txn.removed):
        old = txn.index.get(paper_id)
        if old is not None:
            changes.append(Change(text(old), None))
    changes.extend(Change(None, text(paper)) for paper in txn.added.values())
    step = Step(0, datetime.now().isoformat(timespec="seconds"), command, changes, undoes=undoes)
    if txn.header_changed:
        before = (txn.meta.header if txn.meta is not None else {}).get("challenges") or []
        step.challenges_before = list(before)
        step.challenges_after = list(txn.header.get("challenges") or [])
    return step


def append(store: Store, step: Step) -> None:
    """Add `step` after the list was written (called under the list's lock). A journal that
    cannot be written costs the undo of this step only: the list is already whole. Only the
    last line is parsed (for its number): a write never pays for reading the whole journal."""
    path = path_of(store)
    with contextlib.suppress(OSError, ValueError):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b""
        lines = data.splitlines(keepends=True)
        step.number = _last_number(lines) + 1
        line = (step.to_json() + "\n").encode("utf-8")
        if len(lines) + 1 <= MAX_STEPS and len(data) + len(line) <= MAX_BYTES:
            # Appended in place, not by disk.atomic_write: a step costs its own bytes, not a
            # copy of the journal, and a line cut short by a crash is set apart (below) and
            # skipped when read. As private as the list it copies from.
            mode = store.path.stat().st_mode & 0o777
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, mode)
            with os.fdopen(fd, "wb") as handle:
                if data and not data.endswith(b"\n"):
                    handle.write(b"\n")  # a line cut short by a crash stays apart
                handle.write(line)
            return
        kept = [line]
        total = len(line)
        for older in reversed(lines):
            if len(kept) >= MAX_STEPS or total + len(older) > MAX_BYTES:
                break
            kept.append(older if older.endswith(b"\n") else older + b"\n")
            total += len(older)
        from readlist import disk

        disk.atomic_write(path, b"".join(reversed(kept)))


def _last_number(lines: list[bytes]) -> int:
    for raw in reversed(lines):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return int(json.loads(raw)["step"])
    return 0


def _read(path: Path) -> list[Step]:
    """The steps in the journal, oldest first; a damaged line (a crash mid-append) is skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    steps = []
    for line in lines:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            steps.append(Step.from_json(line))
    return steps


# --- reading: history and undo --------------------------------------------------------------


@dataclass
class HistoryLine:
    step: Step
    undone_by: int | None
    summary: list[str]


def history(store: Store, limit: int | None = None) -> list[HistoryLine]:
    """The steps, newest first, each with what it changed and the step that undid it."""
    steps = _read(path_of(store))
    undone = {s.undoes: s.number for s in steps if s.undoes is not None}
    lines = [HistoryLine(s, undone.get(s.number), describe(s)) for s in reversed(steps)]
    return lines[:limit] if limit is not None else lines


def describe(step: Step) -> list[str]:
    """What a step did, one phrase per record: added, removed, or the fields it changed."""
    out = []
    for change in step.changes:
        if change.before is None and change.after is not None:
            out.append(f"added {change.id_after}")
        elif change.after is None and change.before is not None:
            out.append(f"removed {change.id_before}")
        elif change.before is not None and change.after is not None:
            before, after = _record(change.before).to_dict(), _record(change.after).to_dict()
            keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
            out.append(f"{after['id']}: {', '.join(keys) or 'rewritten'}")
    if step.challenges_after is not None:
        out.append("challenges")
    return out


@dataclass
class UndoResult:
    undone: Step
    summary: list[str]


def choose(store: Store, number: int | None) -> Step:
    """The step `undo` takes back: `number`, or the newest change not undone yet (undo steps
    themselves are passed over, so that undo after undo goes further back)."""
    steps = _read(path_of(store))
    if not steps:
        raise NotFoundError(
            f"nothing to undo: {path_of(store).name} holds no change of {store.name} yet"
        )
    if number is not None:
        for step in steps:
            if step.number == number:
                return step
        raise NotFoundError(
            f"step {number} is not in the journal (it holds steps {steps[0].number} to "
            f"{steps[-1].number}); `readlist history` lists them"
        )
    undone = {s.undoes for s in steps if s.undoes is not None}
    for step in reversed(steps):
        if step.undoes is None and step.number not in undone:
            return step
    raise NotFoundError("every change in the journal is undone already; nothing to undo")


def undo(txn: Transaction, step: Step) -> list[str]:
    """Take `step` back inside `txn`: each record as it was before it. Refuses, changing
    nothing, when a record has changed since the step (another command, or a hand edit): an
    undo never overwrites what came later."""
    later = []
    for change in step.changes:
        current_id = change.id_after or change.id_before
        assert current_id is not None
        current = txn.get(current_id)
        expected = _record(change.after) if change.after else None
        if (current.to_dict() if current else None) != (expected.to_dict() if expected else None):
            later.append(current_id)
        if change.after is None and change.before is not None:
            before_id = change.id_before
            if before_id is not None and txn.get(before_id) is not None and not current:
                later.append(before_id)
    if step.challenges_after is not None:
        now = [c.to_dict() for c in txn.challenges]
        if json.dumps(now, default=_iso) != json.dumps(step.challenges_after, default=_iso):
            later.append("the challenges")
    if later:
        raise UsageError(
            f"step {step.number} ({step.command}) cannot be undone: "
            f"{', '.join(dict.fromkeys(later))} changed since; nothing was undone"
        )
    for change in step.changes:
        if change.after is not None and change.before is None:
            txn.remove(_record(change.after).id)
        elif change.after is None and change.before is not None:
            txn.add(_record(change.before))
        elif change.before is not None and change.after is not None:
            before = _record(change.before)
            txn.update(before, old_id=_record(change.after).id)
    if step.challenges_before is not None:
        txn.set_challenges([Challenge.from_dict(c) for c in step.challenges_before])
    return describe(step)
