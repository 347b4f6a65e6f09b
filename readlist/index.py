"""A derived index of the reading list in SQLite, so that commands do not parse the YAML each time.

The YAML stays the one source of truth. The index records the SHA-256 of the bytes it was built
from and is used only while the file still has exactly those bytes; anything else (a hand edit,
another program, a crash between the YAML write and the index update) makes the next command
rebuild it. Each row keeps its record's place in the file (order, byte size, line count), which
is what lets the store rewrite one record in place without touching any other row.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from readlist.models import Paper, PaperSummary, Status
from readlist.text import abstract_key, normalize_title, search_key

SCHEMA_VERSION = "7"
TAG_SEP = "\x1f"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY,
    ord INTEGER NOT NULL,
    size INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    arxiv TEXT,
    title TEXT NOT NULL,
    norm_title TEXT NOT NULL,
    search_key TEXT NOT NULL,
    titled INTEGER NOT NULL,
    abstract_key TEXT,
    status TEXT NOT NULL,
    added TEXT,
    started TEXT,
    finished TEXT,
    published TEXT,
    rating INTEGER,
    tags TEXT NOT NULL,
    sources TEXT NOT NULL,
    haystack TEXT NOT NULL,
    fetched INTEGER NOT NULL,
    record BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_ord ON papers(ord);
CREATE INDEX IF NOT EXISTS papers_arxiv ON papers(arxiv);
CREATE INDEX IF NOT EXISTS papers_status ON papers(status, ord);
CREATE INDEX IF NOT EXISTS papers_norm_title ON papers(norm_title);
CREATE INDEX IF NOT EXISTS papers_abstract_key ON papers(abstract_key);
"""

_COLUMNS = (
    "id, ord, size, lines, arxiv, title, norm_title, search_key, titled, abstract_key, status, "
    "added, started, finished, published, rating, tags, sources, haystack, fetched, record"
)
_PLACEHOLDERS = ", ".join("?" * len(_COLUMNS.split(", ")))

SORT_KEYS = {
    "file": "ord",
    "added": "added",
    "title": "title COLLATE NOCASE",
    "status": "status",
    "started": "started",
    "finished": "finished",
    "published": "published",
    "rating": "rating",
    "id": "id",
}


@dataclass
class IndexMeta:
    """What the index was built from, and the layout of that file."""

    file_hash: str
    file_size: int
    header: dict[str, Any]
    region_start: int
    region_end: int
    indent: int
    newline: bytes
    spliceable: bool
    # The file's (size, mtime, ctime, inode, device) when its hash was last checked, and when
    # that was: a file whose stat is unchanged and was last changed well before that moment
    # cannot have changed since (git's "racy clean" rule), so reads can skip hashing it.
    stat_key: tuple[int, ...] | None = None
    verified_ns: int = 0


@dataclass(frozen=True)
class Span:
    """A record's bytes in the file, [start, end), and how many lines come before it in the
    papers list."""

    id: str
    ord: int
    start: int
    end: int
    line: int


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def row_for(paper: Paper, ord_: int, size: int, lines: int) -> tuple[Any, ...]:
    """The index row of one paper: its place in the file (`ord_`, the byte `size` and line
    count of its chunk) and the columns the commands filter and sort on."""
    title = paper.display_title
    haystack = " ".join(
        [
            paper.id,
            paper.arxiv or "",
            title,
            paper.alias or "",
            " ".join(paper.authors),
            " ".join(paper.tags),
            paper.notes or "",
        ]
    ).casefold()
    return (
        paper.id,
        ord_,
        size,
        lines,
        paper.arxiv,
        title,
        normalize_title(title),
        search_key(" ".join(filter(None, [title, paper.alias]))),
        1 if paper.title else 0,
        abstract_key(paper.abstract),
        str(paper.status),
        _iso(paper.added),
        _iso(paper.started),
        _iso(paper.finished),
        _iso(paper.published),
        paper.rating,
        TAG_SEP + TAG_SEP.join(paper.tags) + TAG_SEP if paper.tags else "",
        "\n".join(paper.sources),
        haystack,
        1 if paper.fetched else 0,
        pickle.dumps(paper, protocol=pickle.HIGHEST_PROTOCOL),
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Index:
    """One SQLite database per reading-list file, in the cache directory (or in memory)."""

    def __init__(self, db_path: Path | None) -> None:
        self.db_path = db_path
        self.conn = self._connect(db_path)

    @staticmethod
    def _connect(db_path: Path | None) -> sqlite3.Connection:
        if db_path is None:
            conn = sqlite3.connect(":memory:", isolation_level=None)
        else:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(db_path), timeout=15, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        return conn

    @classmethod
    def open(cls, db_path: Path | None) -> Index:
        """Open (or create) the index; a damaged database file is deleted and started anew."""
        if db_path is None:
            return cls(None)
        try:
            index = cls(db_path)
            index.conn.execute("SELECT count(*) FROM meta").fetchone()
            return index
        except sqlite3.DatabaseError:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(str(db_path) + suffix)
            try:
                return cls(db_path)
            except sqlite3.Error:
                return cls(None)

    def close(self) -> None:
        self.conn.close()

    # --- meta -----------------------------------------------------------------------------

    def meta(self) -> IndexMeta | None:
        rows = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        if rows.get("schema") != SCHEMA_VERSION or "state" not in rows:
            return None
        try:
            state = pickle.loads(rows["state"])
        except Exception:  # a cache from another version: rebuild it
            return None
        return state if isinstance(state, IndexMeta) else None

    def _set_meta(self, meta: IndexMeta) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            [("schema", SCHEMA_VERSION), ("state", pickle.dumps(meta))],
        )

    def set_meta(self, meta: IndexMeta) -> None:
        with self.write():
            self._set_meta(meta)

    # --- writing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """An exclusive SQLite transaction."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def rebuild(self, meta: IndexMeta, rows: Iterable[tuple[Any, ...]]) -> None:
        with self.write():
            self.conn.execute("DELETE FROM papers")
            self.conn.executemany(f"INSERT INTO papers({_COLUMNS}) VALUES ({_PLACEHOLDERS})", rows)
            self._set_meta(meta)

    def apply(
        self,
        base_hash: str,
        meta: IndexMeta,
        removed: Iterable[str],
        upserts: Sequence[tuple[Any, ...]],
    ) -> bool:
        """Bring the index from the file `base_hash` to the new one after a store write: drop
        `removed` rows and write the `upserts` (changed and new records); no other row moves.

        Returns False, changing nothing, when the index no longer describes `base_hash`.
        """
        with self.write():
            current = self.meta()
            if current is None or current.file_hash != base_hash:
                return False
            gone = [(i,) for i in removed] + [(row[0],) for row in upserts]
            self.conn.executemany("DELETE FROM papers WHERE id = ?", gone)
            self.conn.executemany(
                f"INSERT INTO papers({_COLUMNS}) VALUES ({_PLACEHOLDERS})", upserts
            )
            self._set_meta(meta)
        return True

    def places(self, ids: Sequence[str], region_start: int) -> dict[str, Span]:
        """The spans of a few records, without reading every row: each start is the sum of the
        sizes of the records before it."""
        out: dict[str, Span] = {}
        sql = (
            "SELECT id, ord, size, lines, "
            "(SELECT coalesce(sum(size), 0) FROM papers AS b WHERE b.ord < a.ord), "
            "(SELECT coalesce(sum(lines), 0) FROM papers AS b WHERE b.ord < a.ord) "
            "FROM papers AS a WHERE id = ?"
        )
        for paper_id in ids:
            row = self.conn.execute(sql, (paper_id,)).fetchone()
            if row is not None:
                _, ord_, size, _lines, before, lines_before = row
                start = region_start + before
                out[paper_id] = Span(paper_id, ord_, start, start + size, lines_before)
        return out

    def last(self) -> tuple[str, int, int] | None:
        """(id, ord, size) of the last record in the file."""
        row = self.conn.execute(
            "SELECT id, ord, size FROM papers ORDER BY ord DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def next_ord(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(ord), -1) + 1 FROM papers").fetchone()[0])

    # --- reading --------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    def spans(self, region_start: int) -> list[Span]:
        """Every record's place in the file, in file order, from the sizes of those before it."""
        rows = self.conn.execute("SELECT id, ord, size, lines FROM papers ORDER BY ord").fetchall()
        spans = []
        offset, line = region_start, 0
        for paper_id, ord_, size, lines in rows:
            spans.append(Span(paper_id, ord_, offset, offset + size, line))
            offset += size
            line += lines
        return spans

    @staticmethod
    def _papers(rows: Iterable[tuple[bytes]]) -> list[Paper]:
        return [pickle.loads(row[0]) for row in rows]

    def get(self, paper_id: str) -> Paper | None:
        found = self._papers(
            self.conn.execute("SELECT record FROM papers WHERE id = ?", (paper_id,))
        )
        return found[0] if found else None

    def get_many(self, ids: Sequence[str]) -> dict[str, Paper]:
        out: dict[str, Paper] = {}
        for offset in range(0, len(ids), 500):
            chunk = list(ids[offset : offset + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT record FROM papers WHERE id IN ({marks})"
            for paper in self._papers(self.conn.execute(sql, chunk)):
                out[paper.id] = paper
        return out

    def by_arxiv(self, arxiv_id: str) -> list[Paper]:
        sql = "SELECT record FROM papers WHERE arxiv = ? ORDER BY ord"
        return self._papers(self.conn.execute(sql, (arxiv_id,)))

    def all(self) -> list[Paper]:
        return self._papers(self.conn.execute("SELECT record FROM papers ORDER BY ord"))

    def search_keys(self) -> list[tuple[str, str]]:
        """(id, search key) of every paper, in file order."""
        return self.conn.execute("SELECT id, search_key FROM papers ORDER BY ord").fetchall()

    def titles(self) -> list[tuple[str, str]]:
        """(id, display title) of every paper, in file order."""
        return self.conn.execute("SELECT id, title FROM papers ORDER BY ord").fetchall()

    def keys(self) -> list[tuple[str, str | None, str, str | None]]:
        """(id, arxiv, normalised title or "" when untitled, abstract key) of every paper."""
        sql = (
            "SELECT id, arxiv, CASE WHEN titled THEN norm_title ELSE '' END, abstract_key "
            "FROM papers ORDER BY ord"
        )
        return self.conn.execute(sql).fetchall()

    def find_titles(self, norm: str) -> list[tuple[str, str, bool]]:
        """(id, title, whole title?) of papers whose normalised title is or contains `norm`
        as whole words."""
        sql = (
            "SELECT id, title, norm_title = ? FROM papers "
            "WHERE (' ' || norm_title || ' ') LIKE ? ESCAPE '\\' ORDER BY ord"
        )
        rows = self.conn.execute(sql, (norm, f"% {_like_escape(norm)} %"))
        return [(i, t, bool(whole)) for i, t, whole in rows]

    def status_counts(self) -> dict[str, int]:
        sql = "SELECT status, count(*) FROM papers GROUP BY status"
        return dict(self.conn.execute(sql).fetchall())

    def tag_status_counts(self) -> dict[str, dict[str, int]]:
        """For each tag, its papers per status; untagged papers under the tag ""."""
        counts: dict[str, dict[str, int]] = {}
        for tags, status in self.conn.execute("SELECT tags, status FROM papers"):
            for tag in tags.strip(TAG_SEP).split(TAG_SEP) if tags else [""]:
                per_status = counts.setdefault(tag, {})
                per_status[status] = per_status.get(status, 0) + 1
        return counts

    def query(
        self,
        *,
        statuses: Sequence[str] = (),
        tags: Sequence[str] = (),
        source: str | None = None,
        words: Sequence[str] = (),
        needs_fetch: bool = False,
        sort: str = "file",
        reverse: bool = False,
        limit: int | None = None,
        summaries: bool = False,
    ) -> list[Any]:
        """Papers that pass every filter, sorted, at most `limit` of them: whole records, or
        (`summaries`) only what a listing shows, which is much cheaper to read."""
        where: list[str] = []
        args: list[Any] = []
        if statuses:
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            args.extend(statuses)
        for tag in tags:
            # A tag matches itself and the tags below it: "AIGC" finds "AIGC/CV".
            where.append("(tags LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\')")
            escaped = _like_escape(tag)
            args.extend([f"%{TAG_SEP}{escaped}{TAG_SEP}%", f"%{TAG_SEP}{escaped}/%"])
        if source:
            where.append("sources LIKE ? ESCAPE '\\'")
            args.append(f"%{_like_escape(source)}%")
        for word in words:
            where.append("haystack LIKE ? ESCAPE '\\'")
            args.append(f"%{_like_escape(word.casefold())}%")
        if needs_fetch:
            where.append("arxiv IS NOT NULL AND fetched = 0")
        order = SORT_KEYS.get(sort, "ord")
        direction = "DESC" if reverse else "ASC"
        nulls = "NULLS LAST" if order != "ord" else ""
        columns = "id, status, title, tags, added, titled" if summaries else "record"
        sql = f"SELECT {columns} FROM papers"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order} {direction} {nulls}, ord ASC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        rows = self.conn.execute(sql, args)
        if not summaries:
            return self._papers(rows)
        return [
            PaperSummary(
                paper_id,
                Status(status),
                title,
                tags.strip(TAG_SEP).split(TAG_SEP) if tags else [],
                date.fromisoformat(added) if added else None,
                not titled,
            )
            for paper_id, status, title, tags, added, titled in rows
        ]
