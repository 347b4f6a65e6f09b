"""The reading list as the commands see it: a read-only view (Library) over the index, and the
pending changes of a write (Transaction) laid over it. No I/O of their own: the store opens
them and writes what a Transaction collected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readlist.errors import DataError, DuplicateError, NotFoundError
from readlist.index import Index, IndexMeta, MatchKeys, match_keys
from readlist.models import SITE_KEYS, Challenge, InvalidRecord, Paper


@dataclass
class Library:
    """The whole reading list as one consistent view: header, challenges and papers (by index)."""

    path: Path
    header: dict[str, Any]
    challenges: list[Challenge]
    index: Index
    meta: IndexMeta | None

    # Reads. Papers come from the index; Transaction overlays its pending changes.

    def count(self) -> int:
        return self.index.count()

    def get(self, paper_id: str) -> Paper | None:
        return self.index.get(paper_id)

    def get_many(self, ids: Sequence[str]) -> dict[str, Paper]:
        return self.index.get_many(ids)

    def by_arxiv(self, arxiv_id: str) -> Paper | None:
        found = self.index.by_arxiv(arxiv_id)
        return found[0] if found else None

    def all(self) -> list[Paper]:
        return list(self.each())

    def each(self) -> Iterator[Paper]:
        """Every paper, in file order, one at a time."""
        return self.index.each()

    def titles(self) -> list[tuple[str, str]]:
        return self.index.titles()

    def search_keys(self) -> list[tuple[str, str]]:
        return self.index.search_keys()

    def ref_words(self) -> list[tuple[str, str | None]]:
        return self.index.ref_words()

    def mentioning(self, word: str) -> list[str]:
        return self.index.mentioning(word)

    def keys(self) -> list[MatchKeys]:
        return self.index.keys()

    def site_ids(self) -> list[tuple[str, dict[str, str]]]:
        """(id, site ids) of the papers that have any (readlist.ids.SITES)."""
        return self.index.site_ids()

    def find_titles(self, norm: str) -> list[tuple[str, str, bool]]:
        return self.index.find_titles(norm)

    def query(self, **filters: Any) -> list[Paper]:
        return self.index.query(**filters)

    def status_counts(self) -> dict[str, int]:
        return self.index.status_counts()

    def tag_status_counts(self) -> dict[str, dict[str, int]]:
        """For each tag, its papers per status; untagged papers under the tag ""."""
        return self.memo("tag-status-counts", self.index.tag_status_counts)

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """What `compute` works out from the whole list (JSON data), kept in the index until
        the list changes (Index.memo)."""
        return self.index.memo(name, compute)

    def challenge(self, name: str) -> Challenge | None:
        wanted = name.lstrip("#").casefold()
        for challenge in self.challenges:
            names = {challenge.name.casefold(), (challenge.hashtag or "").lstrip("#").casefold()}
            if wanted in names:
                return challenge
        return None


@dataclass
class Transaction(Library):
    """A Library under the write lock, collecting changes until the transaction ends."""

    changed: dict[str, Paper] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # new id -> old id
    added: dict[str, Paper] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    header_changed: bool = False

    @property
    def dirty(self) -> bool:
        return bool(self.changed or self.added or self.removed or self.header_changed)

    def _exists_on_disk(self, paper_id: str) -> bool:
        if paper_id in self.removed:
            return False
        if paper_id in self.renamed.values():
            return False
        return self.index.has_any((paper_id,))

    def has(self, paper_id: str) -> bool:
        return paper_id in self.added or paper_id in self.changed or self._exists_on_disk(paper_id)

    def get(self, paper_id: str) -> Paper | None:
        if paper_id in self.added:
            return self.added[paper_id]
        if paper_id in self.changed:
            return self.changed[paper_id]
        if not self._exists_on_disk(paper_id):
            return None
        return self.index.get(paper_id)

    def get_many(self, ids: Sequence[str]) -> dict[str, Paper]:
        found = {i: p for i, p in self.index.get_many(ids).items() if self._exists_on_disk(i)}
        for paper_id in ids:
            pending = self.added.get(paper_id) or self.changed.get(paper_id)
            if pending is not None:
                found[paper_id] = pending
        return found

    def each(self) -> Iterator[Paper]:
        """Every paper as the transaction would write it, in file order (new ones last)."""
        new_id_of = {old_id: new_id for new_id, old_id in self.renamed.items()}
        for paper in self.index.each():
            if paper.id in self.removed:
                continue
            current_id = new_id_of.get(paper.id, paper.id)
            yield self.changed.get(current_id, paper)
        yield from list(self.added.values())

    def _gone(self) -> set[str]:
        """Ids whose stored rows this transaction replaces or removes."""
        return self.removed | set(self.renamed.values()) | set(self.changed) | set(self.added)

    def keys(self) -> list[MatchKeys]:
        """As the file has them, with this transaction's changes (a paper added earlier in the
        same command is matched like a stored one)."""
        rows = self.index.keys()
        gone = self._gone()
        if not gone:  # nothing changed yet (ingest asks once, first): the rows as they are
            return rows
        pending = {**self.changed, **self.added}
        return [row for row in rows if row[0] not in gone] + [
            match_keys(paper) for paper in pending.values()
        ]

    def site_ids(self) -> list[tuple[str, dict[str, str]]]:
        """As the file has them, with this transaction's changes."""
        pending = {**self.changed, **self.added}
        gone = self._gone()
        stored = [(i, ids) for i, ids in self.index.site_ids() if i not in gone]
        for paper_id, paper in pending.items():
            values = {key: getattr(paper, key) for key in (*SITE_KEYS, "doi")}
            if any(values.values()):
                stored.append((paper_id, {k: v for k, v in values.items() if v}))
        return stored

    def add(self, paper: Paper) -> None:
        if self.has(paper.id):
            raise DuplicateError(f"a paper with id {paper.id!r} is already in the list")
        self.added[paper.id] = paper

    def update(self, paper: Paper, old_id: str | None = None) -> None:
        """Store a changed paper; `old_id` when its id changed (the record keeps its place)."""
        if old_id and old_id != paper.id:
            if self.has(paper.id):
                raise DuplicateError(f"a paper with id {paper.id!r} is already in the list")
            if old_id in self.added:
                del self.added[old_id]
                self.added[paper.id] = paper
                return
            original = self.renamed.pop(old_id, old_id)
            self.changed.pop(old_id, None)
            self.renamed[paper.id] = original
            self.changed[paper.id] = paper
            return
        if paper.id in self.added:
            self.added[paper.id] = paper
        elif self._exists_on_disk(paper.id) or paper.id in self.changed:
            self.changed[paper.id] = paper
        else:
            raise NotFoundError(f"no paper with id {paper.id!r} to update")

    def remove(self, paper_id: str) -> None:
        if paper_id in self.added:
            del self.added[paper_id]
            return
        if paper_id in self.changed:
            del self.changed[paper_id]
            paper_id = self.renamed.pop(paper_id, paper_id)
        if not self._exists_on_disk(paper_id):
            raise NotFoundError(f"no paper with id {paper_id!r} to remove")
        self.removed.add(paper_id)

    def set_challenges(self, challenges: list[Challenge]) -> None:
        self.challenges = challenges
        self.header = dict(self.header)
        self.header["challenges"] = [c.to_dict() for c in challenges]
        self.header_changed = True


def challenges_of(header: dict[str, Any], name: str) -> list[Challenge]:
    """The header's challenges, validated; DataError naming the challenge and field."""
    challenges = []
    for position, raw in enumerate(header.get("challenges") or [], start=1):
        try:
            challenges.append(Challenge.from_dict(raw))
        except InvalidRecord as exc:
            raise invalid_in_file(exc, name, "challenge", raw, "name", position) from None
    return challenges


def invalid_in_file(
    exc: InvalidRecord, where: str, kind: str, record: Any, key: str, position: int
) -> DataError:
    """The error for a record of the file that breaks the schema: where it is, which record (by
    its `key`, else its position), the field at fault and why."""
    named = record.get(key) if isinstance(record, dict) else None
    label = f"{kind} {named!r}" if named else f"{kind} #{position}"
    return DataError(f"{where}: {label}: {exc.field}: {exc.problem}; fix it in the file")
