"""The clashes a merge wrote into the list (`conflicts:` in a paper, a challenge or the header),
listed and resolved. Resolving sets the field to ours' or theirs' value (or a value given) and
removes the clash; the record is checked like any edit. Nothing here prints or prompts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from readlist.errors import NotFoundError, UsageError
from readlist.models import Challenge, InvalidRecord, Paper
from readlist.sharing.merge import CONFLICTS, REMOVED
from readlist.views import Library, Transaction

OURS, THEIRS = "ours", "theirs"


@dataclass(frozen=True)
class Conflict:
    """One clash: `kind` is paper, challenge or list; `name` the paper id or challenge name."""

    kind: str
    name: str
    field: str
    ours: Any
    theirs: Any

    @property
    def where(self) -> str:
        return self.name if self.kind == "paper" else f"{self.kind} {self.name}".strip()


def _entries(raw: Any) -> list[dict[str, Any]]:
    return [c for c in raw if isinstance(c, dict) and "field" in c] if isinstance(raw, list) else []


def _of(kind: str, name: str, raw: Any) -> list[Conflict]:
    return [
        Conflict(kind, name, str(c["field"]), c.get("ours"), c.get("theirs")) for c in _entries(raw)
    ]


def find(library: Library) -> list[Conflict]:
    """Every clash in the list: the header's, the challenges', then the papers' in file order."""
    found = _of("list", "", library.header.get(CONFLICTS))
    for challenge in library.challenges:
        found.extend(_of("challenge", challenge.name, challenge.extra.get(CONFLICTS)))
    for paper in library.all():
        if CONFLICTS in paper.extra:
            found.extend(_of("paper", paper.id, paper.extra[CONFLICTS]))
    return found


def _pick(conflicts: list[dict[str, Any]], field: str | None, where: str) -> dict[str, Any]:
    if not conflicts:
        raise NotFoundError(f"{where} has no conflict to resolve; `readlist conflicts` lists them")
    fields = [str(c["field"]) for c in conflicts]
    if field is None:
        if len(conflicts) == 1:
            return conflicts[0]
        raise UsageError(
            f"{where} has {len(conflicts)} conflicts: name the field to resolve "
            f"({', '.join(fields)})"
        )
    for conflict in conflicts:
        if str(conflict["field"]) == field:
            return conflict
    raise NotFoundError(
        f"{where} has no conflict on {field!r}: its conflicts are on {', '.join(fields)}"
    )


@dataclass(frozen=True)
class Choice:
    """Which clash to resolve (`field`, needed when there are several) and how: `side` (ours or
    theirs), or `value` when `given`."""

    field: str | None
    side: str | None = None
    value: Any = None
    given: bool = False


def _take_out(raw: dict[str, Any], where: str, choice: Choice) -> tuple[str, Any]:
    """Remove the chosen clash from `raw` (a record, challenge or header mapping); return its
    field and the value to set."""
    conflicts = _entries(raw.get(CONFLICTS))
    conflict = _pick(conflicts, choice.field, where)
    rest = [c for c in conflicts if c is not conflict]
    if rest:
        raw[CONFLICTS] = rest
    else:
        raw.pop(CONFLICTS, None)
    if choice.given:
        return str(conflict["field"]), choice.value
    if choice.side not in (OURS, THEIRS):
        raise UsageError("say which value to keep: --ours, --theirs or --value VALUE")
    return str(conflict["field"]), conflict.get(choice.side)


def _set_path(record: dict[str, Any], path: str, value: Any) -> None:
    """Set `read_by.alice` style paths; None removes the key."""
    *parents, last = path.split(".")
    target = record
    for key in parents:
        inner = target.get(key)
        if not isinstance(inner, dict):
            inner = {}
            target[key] = inner
        target = inner
    if value is None:
        target.pop(last, None)
    else:
        target[last] = value


@dataclass
class Resolution:
    where: str
    field: str
    value: Any
    removed: bool = False  # the resolution removed the paper or challenge


def resolve_paper(txn: Transaction, paper: Paper, choice: Choice) -> Resolution:
    """Resolve one clash of `paper`: keep ours', take theirs', or set a value."""
    from readlist import operations

    record = paper.to_dict()
    name, chosen = _take_out(record, paper.id, choice)
    if name == "record":
        if chosen == REMOVED:
            operations.remove(txn, paper)
            return Resolution(paper.id, name, chosen, removed=True)
    else:
        _set_path(record, name, chosen)
    try:
        resolved = Paper.from_dict(record)
    except InvalidRecord as exc:
        raise UsageError(f"{paper.id}: {exc.field}: {exc.problem}; give another --value") from None
    if resolved.id != paper.id:
        raise UsageError("an id is changed with `readlist edit`, not resolve-conflict")
    txn.update(resolved)
    return Resolution(paper.id, name, chosen)


def resolve_challenge(txn: Transaction, name: str, choice: Choice) -> Resolution:
    """Resolve one clash of a challenge: a day's paper, a field, or the challenge itself."""
    from readlist import challenges as challenge_ops

    challenge = challenge_ops.find(txn, name)
    where = f"challenge {challenge.name}"
    raw = challenge.to_dict()
    what, chosen = _take_out(raw, where, choice)
    position = txn.challenges.index(challenge)
    before, after = txn.challenges[:position], txn.challenges[position + 1 :]
    if what == "challenge":
        if chosen == REMOVED:
            txn.set_challenges([*before, *after])
            return Resolution(where, what, chosen, removed=True)
    elif what.startswith("day "):
        _set_day(raw, what, chosen)
    else:
        _set_path(raw, what, chosen)
    try:
        resolved = Challenge.from_dict(raw)
    except InvalidRecord as exc:
        raise UsageError(f"{where}: {exc.field}: {exc.problem}") from None
    txn.set_challenges([*before, resolved, *after])
    return Resolution(where, what, chosen)


def _set_day(raw: dict[str, Any], what: str, paper: Any) -> None:
    try:
        day = int(what.split()[1])
    except (IndexError, ValueError):
        raise UsageError(f"{what!r} is not a day of the challenge") from None
    entries = [e for e in raw["entries"] if e["day"] != day and e["paper"] != paper]
    if paper is not None:
        entries.append({"day": day, "paper": str(paper)})
    raw["entries"] = sorted(entries, key=lambda e: e["day"])


def resolve_list(txn: Transaction, choice: Choice) -> Resolution:
    """Resolve a clash on one of the header's own keys."""
    header = dict(txn.header)
    what, chosen = _take_out(header, "the list's header", choice)
    _set_path(header, what, chosen)
    txn.header = header
    txn.set_challenges(list(txn.challenges))
    return Resolution("the list", what, chosen)
