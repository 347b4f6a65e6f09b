"""The clashes a merge wrote into the list (`conflicts:` in a paper, a challenge or the header),
listed and resolved. Resolving sets the field to ours' or theirs' value (or a value given) and
removes the clash; the record is checked like any edit. Nothing here prints or prompts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from readlist.errors import NotFoundError, UsageError
from readlist.models import Challenge, InvalidRecord, Paper
from readlist.sharing.merge import CONFLICTS, REMOVED
from readlist.store import Library, Transaction

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


def _chosen(conflict: dict[str, Any], side: str | None, value: Any, given: bool) -> Any:
    if given:
        return value
    if side not in (OURS, THEIRS):
        raise UsageError("say which value to keep: --ours, --theirs or --value VALUE")
    return conflict.get(side)


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


def _without(conflicts: list[dict[str, Any]], done: dict[str, Any]) -> list[dict[str, Any]] | None:
    rest = [c for c in conflicts if c is not done]
    return rest or None


@dataclass
class Resolution:
    where: str
    field: str
    value: Any
    removed: bool = False  # the resolution removed the paper or challenge


def resolve_paper(
    txn: Transaction,
    paper: Paper,
    field: str | None,
    side: str | None,
    value: Any = None,
    given: bool = False,
) -> Resolution:
    """Resolve one clash of `paper`: keep ours', take theirs', or set `value`."""
    from readlist import library

    conflicts = _entries(paper.extra.get(CONFLICTS))
    conflict = _pick(conflicts, field, paper.id)
    name, chosen = str(conflict["field"]), _chosen(conflict, side, value, given)
    record = paper.to_dict()
    record[CONFLICTS] = _without(conflicts, conflict)
    if record[CONFLICTS] is None:
        del record[CONFLICTS]
    if name == "record":
        if chosen == REMOVED:
            library.remove(txn, paper)
            return Resolution(paper.id, name, chosen, removed=True)
    elif name == "id":
        raise UsageError("an id is changed with `readlist edit`, not resolve-conflict")
    else:
        _set_path(record, name, chosen)
    try:
        resolved = Paper.from_dict(record)
    except InvalidRecord as exc:
        raise UsageError(f"{paper.id}: {exc.field}: {exc.problem}; give another --value") from None
    txn.update(resolved)
    return Resolution(paper.id, name, chosen)


def resolve_challenge(
    txn: Transaction,
    name: str,
    field: str | None,
    side: str | None,
    value: Any = None,
    given: bool = False,
) -> Resolution:
    """Resolve one clash of a challenge: a day's paper, a field, or the challenge itself."""
    from readlist import challenges as challenge_ops

    challenge = challenge_ops.find(txn, name)
    conflicts = _entries(challenge.extra.get(CONFLICTS))
    conflict = _pick(conflicts, field, f"challenge {challenge.name}")
    what, chosen = str(conflict["field"]), _chosen(conflict, side, value, given)
    raw = challenge.to_dict()
    raw[CONFLICTS] = _without(conflicts, conflict)
    if raw[CONFLICTS] is None:
        del raw[CONFLICTS]
    others = [c for c in txn.challenges if c is not challenge]
    if what == "challenge":
        if chosen == REMOVED:
            txn.set_challenges(others)
            return Resolution(f"challenge {challenge.name}", what, chosen, removed=True)
    elif what.startswith("day "):
        _set_day(raw, what, chosen)
    else:
        _set_path(raw, what, chosen)
    try:
        resolved = Challenge.from_dict(raw)
    except InvalidRecord as exc:
        raise UsageError(f"challenge {challenge.name}: {exc.field}: {exc.problem}") from None
    position = txn.challenges.index(challenge)
    txn.set_challenges([*txn.challenges[:position], resolved, *txn.challenges[position + 1 :]])
    return Resolution(f"challenge {challenge.name}", what, chosen)


def _set_day(raw: dict[str, Any], what: str, paper: Any) -> None:
    try:
        day = int(what.split()[1])
    except (IndexError, ValueError):
        raise UsageError(f"{what!r} is not a day of the challenge") from None
    entries = [e for e in raw["entries"] if e["day"] != day and e["paper"] != paper]
    if paper is not None:
        entries.append({"day": day, "paper": str(paper)})
    raw["entries"] = sorted(entries, key=lambda e: e["day"])


def resolve_list(
    txn: Transaction, field: str | None, side: str | None, value: Any = None, given: bool = False
) -> Resolution:
    """Resolve a clash on one of the header's own keys."""
    conflicts = _entries(txn.header.get(CONFLICTS))
    conflict = _pick(conflicts, field, "the list's header")
    what, chosen = str(conflict["field"]), _chosen(conflict, side, value, given)
    header = dict(txn.header)
    rest = _without(conflicts, conflict)
    if rest is None:
        header.pop(CONFLICTS, None)
    else:
        header[CONFLICTS] = rest
    _set_path(header, what, chosen)
    txn.header = header
    txn.set_challenges(list(txn.challenges))
    return Resolution("the list", what, chosen)
