"""A derived index of the reading list in SQLite, so that commands do not parse the YAML each time.

The YAML stays the one source of truth. The index records the SHA-256 of the bytes it was built
from and is used only while the file still has exactly those bytes; anything else (a hand edit,
another program, a crash between the YAML write and the index update) makes the next command
rebuild it. Each row keeps its record's place in the file (order, byte size, line count), which
is what lets the store rewrite one record in place without touching any other row.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from readlist.digests import blake2b
from readlist.filters import DATE_FIELDS, SORTS
from readlist.models import (
    PAPER_FIELDS,
    Kind,
    Paper,
    PaperSummary,
    SourceFloat,
    Status,
    searched_text,
)
from readlist.normalize import abstract_key, normalize_title, search_key

TAG_SEP = "\x1f"
# How long a command waits for another one writing the index.
BUSY_TIMEOUT_MS = 15_000

# The field table's columns, after the columns every row has: the record's place in the file
# and what the commands match, sort and show a listing by.
FIELD_COLUMNS = tuple(spec for spec in PAPER_FIELDS if spec.column)
_SQL_TYPES = {Kind.INT: "INTEGER", Kind.RATING: "INTEGER", Kind.FLAG: "INTEGER"}
# Each paper's record (JSON text, about 1.5 KB) is kept apart from its row: what listings,
# search, completion and progress scan is then a tenth of the bytes (a scan of 10,000 rows reads
# about 5 MB instead of 25 MB). `alias` is there for completion, which offers ids and short names.
_PAPERS = (
    "CREATE TABLE papers (\n"
    "    id TEXT PRIMARY KEY,\n"
    "    ord INTEGER NOT NULL,\n"
    "    size INTEGER NOT NULL,\n"
    "    lines INTEGER NOT NULL,\n"
    "    digest BLOB NOT NULL,\n"
    "    title TEXT NOT NULL,\n"
    "    norm_title TEXT NOT NULL,\n"
    "    search_key TEXT NOT NULL,\n"
    "    titled INTEGER NOT NULL,\n"
    "    abstract_key TEXT,\n"
    "    haystack TEXT NOT NULL,\n"
    "    alias TEXT"
    + "".join(f",\n    {s.name} {_SQL_TYPES.get(s.kind, 'TEXT')}" for s in FIELD_COLUMNS)
    + "\n);\n"
    "CREATE TABLE records (id TEXT PRIMARY KEY, record TEXT NOT NULL);\n"
    # What commands work out from the whole list (counts, search's words), as JSON: emptied
    # by every change of the rows (Index.memo).
    "CREATE TABLE memo (name TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    # Covering indexes: what reads every row (places, the cut, search, completion, progress)
    # reads a small index in order instead of the table. A record's place is the sum of the
    # sizes before it.
    "CREATE INDEX papers_ord ON papers(ord, size, lines, id, digest);\n"
    "CREATE INDEX papers_words ON papers(ord, id, search_key, alias);\n"
    "CREATE INDEX papers_tags ON papers(tags, status);\n"
    "CREATE INDEX papers_arxiv ON papers(arxiv);\n"
    "CREATE INDEX papers_status ON papers(status, ord);\n"
    "CREATE INDEX papers_norm_title ON papers(norm_title);\n"
    "CREATE INDEX papers_abstract_key ON papers(abstract_key);\n"
)


def _fingerprint() -> str:
    """What the index's rows depend on: the field table and the code of this module and of
    readlist.models (which reads records and says what a search finds). A cache built with any
    other (an older readlist, a field added) is dropped and rebuilt, never read."""
    from readlist import models

    table = [(s.name, str(s.kind), s.column, s.searched) for s in PAPER_FIELDS]
    digest = blake2b(json.dumps([table, _PAPERS]).encode(), digest_size=16)
    for module in (__file__, models.__file__):
        with contextlib.suppress(OSError):
            digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:32]


FINGERPRINT = _fingerprint()

# How a sort field of readlist.filters.SORTS orders rows, where it is not the column so named.
SORT_SQL = {
    "file": "ord",
    "title": "title COLLATE NOCASE",
    "citations": "-citations",  # most cited first
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
    # Whether stat_key is the stat of readlist's own write, taken once the file was in place
    # and sealed (disk.sealed): any later change of the bytes would change it, so it is trusted
    # at once, not only once the racy window has passed.
    sealed: bool = False
    # The digest of the bytes around the papers list (header and anything after the list), and
    # whether each record can be read without the others (no YAML anchors or aliases): what
    # lets a hand edit be read again record by record.
    outside_digest: str = ""
    records_apart: bool = False

    def to_json(self) -> str:
        """As a JSON array, in the order of the fields above (so that every JSON object in
        it is one of encode_value's)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["header"] = encode_value(self.header)
        values["newline"] = self.newline.decode("latin-1")
        return json.dumps(list(values.values()), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> IndexMeta:
        names = [f.name for f in fields(cls)]
        values = dict(zip(names, json.loads(text, object_hook=_decode_object), strict=True))
        values["newline"] = values["newline"].encode("latin-1")
        values["stat_key"] = tuple(values["stat_key"]) if values["stat_key"] else None
        return cls(**values)


class Span(NamedTuple):
    """A record's bytes in the file, [start, end), and how many lines come before it in the
    papers list."""

    id: str
    ord: int
    start: int
    end: int
    line: int


class Place(NamedTuple):
    """Where a record is in the file: its order, and the byte size of its chunk."""

    id: str
    ord: int
    size: int


class Chunks(NamedTuple):
    """Every record's chunk of the file as the index knows it, in file order, as columns (one
    list each, which is much faster to fetch than a row object per record): what tells which
    records a hand edit changed. Their ids and orders: Index.ids_and_ords."""

    sizes: list[int]
    digests: list[bytes]


class IndexRow(NamedTuple):
    """One paper's row: its place in the file, what the commands match and sort on, the
    field table's columns (`FIELD_COLUMNS`' values), and the record itself (JSON text, kept
    in the table `records`)."""

    id: str
    ord: int
    size: int
    lines: int
    digest: bytes
    title: str
    norm_title: str
    search_key: str
    titled: int
    abstract_key: str | None
    haystack: str
    alias: str | None
    record: str
    fields: tuple[Any, ...]

    def sql_values(self) -> tuple[Any, ...]:
        """The values of its `papers` row (the record goes to `records`)."""
        return (*self[:_ROW_WIDTH], *self.fields)


_ROW_WIDTH = IndexRow._fields.index("record")
_ROW_COLUMNS = [*IndexRow._fields[:_ROW_WIDTH], *(s.name for s in FIELD_COLUMNS)]
_INSERT = (
    f"INSERT INTO papers({', '.join(_ROW_COLUMNS)}) VALUES ({', '.join('?' * len(_ROW_COLUMNS))})"
)
_INSERT_RECORD = "INSERT INTO records(id, record) VALUES (?, ?)"


# --- plain data ------------------------------------------------------------------------------
# The index holds JSON text, never objects: a value JSON has no word for (a date, a mapping
# with keys that are not text, a float that remembers how it was written) is an object with one
# key naming its type, and every mapping is written that way, so no user key can pass for one.


def encode_value(value: Any) -> Any:
    """A YAML value (as the safe loader builds it) as JSON data."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is list:
        return [encode_value(v) for v in value]
    if isinstance(value, dict):
        return {"m": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {"T": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, float):
        source = getattr(value, "source", None)
        return {"f": [float(value), source]} if source is not None else {"F": float(value)}
    if isinstance(value, str):  # a str subclass such as Status
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, bytes):
        import base64

        return {"b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (set, frozenset)):
        return {"s": [encode_value(v) for v in value]}
    if isinstance(value, tuple):
        return {"t": [encode_value(v) for v in value]}
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    raise TypeError(f"cannot keep a {kind.__name__} in the index")


def _from_base64(text: str) -> bytes:
    import base64  # only for `!!binary` values, rare enough not to import for every command

    return base64.b64decode(text)


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "m": dict,
    "T": datetime.fromisoformat,
    "d": date.fromisoformat,
    "f": lambda pair: SourceFloat(*pair),
    "F": float,
    "b": _from_base64,
    "s": set,
    "t": tuple,
}


def _decode_object(obj: dict[str, Any]) -> Any:
    ((tag, value),) = obj.items()
    return _DECODERS[tag](value)


# How a field's value is kept in the record's JSON and in its column, by kind.
def _column_value(kind: Kind, value: Any) -> Any:
    if kind is Kind.DATE:
        return value.isoformat() if value is not None else None
    if kind is Kind.LIST:
        return TAG_SEP + TAG_SEP.join(value) + TAG_SEP if value else ""
    if kind is Kind.STATUS:
        return str(value)
    if kind is Kind.FLAG:
        return 1 if value else 0
    return value


_FROM_JSON: dict[Kind, Callable[[Any], Any]] = {Kind.DATE: date.fromisoformat, Kind.STATUS: Status}
_FIELD_KINDS = tuple((s.name, s.kind, _FROM_JSON.get(s.kind)) for s in PAPER_FIELDS)
# Where each site id sits in a record's JSON (record_json's order).
_SITE_AT = tuple((s.name, at) for at, s in enumerate(PAPER_FIELDS) if s.kind is Kind.SITE_ID)
_DOI_AT = next(at for at, s in enumerate(PAPER_FIELDS) if s.name == "doi")
_COLUMN_KINDS = tuple((s.name, s.kind) for s in FIELD_COLUMNS)
_FILTERABLE = frozenset(s.name for s in FIELD_COLUMNS)


# Every field of a paper at once (record_json's order), and where a value needs converting.
_FIELDS_OF = attrgetter(*(name for name, _, _ in _FIELD_KINDS))
_CONVERTED_AT = tuple(
    (at, kind)
    for at, (_, kind, _) in enumerate(_FIELD_KINDS)
    if kind in (Kind.DATE, Kind.STATUS, Kind.READINGS)
)
_COLUMNS_OF = attrgetter(*(name for name, _ in _COLUMN_KINDS))
_COLUMN_KINDS_ONLY = tuple(kind for _, kind in _COLUMN_KINDS)
_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False)


def record_json(paper: Paper) -> str:
    """The paper as JSON text: its fields in the table's order, then its unknown keys."""
    values: list[Any] = list(_FIELDS_OF(paper))
    for at, kind in _CONVERTED_AT:
        value = values[at]
        if kind is Kind.DATE:
            values[at] = value.isoformat() if value is not None else None
        elif kind is Kind.STATUS:
            values[at] = str(value)
        else:
            values[at] = encode_value(value)  # mappings of dates: decoded by _decode_object
    values.append(encode_value(paper.extra) if paper.extra else None)
    return _JSON_TEXT(values)


def paper_from_json(text: str) -> Paper:
    """The Paper record_json was given (validated when it was indexed, so not again). A record
    the cache cannot give back (damaged, or planted) is a StorageError saying how to rebuild."""
    try:
        values = json.loads(text, object_hook=_decode_object)
        extra = values.pop()
        fields = {}
        for (name, _, convert), value in zip(_FIELD_KINDS, values, strict=True):
            fields[name] = convert(value) if convert is not None and value is not None else value
        return Paper(**fields, extra=extra or {})
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        from readlist.errors import StorageError
        from readlist.paths import cache_dir

        raise StorageError(
            f"readlist's index cache is damaged (a record in it cannot be read); delete "
            f"{cache_dir() / 'index'} and run the command again: it is rebuilt from the list"
        ) from None


def outside_digest(before: bytes, after: bytes) -> str:
    """The digest of a file's bytes before and after its papers list."""
    outside = blake2b(before, digest_size=16)
    outside.update(b"\0" + after)
    return outside.hexdigest()


def chunk_digest(chunk: bytes | memoryview) -> bytes:
    """What tells a record's bytes from any other's, so that after a hand edit only the
    records whose bytes changed are read again: SHA-256, cut to 128 bits (on this project's
    machines a third faster than BLAKE2b for records of a few KB, which is what a hand edit of
    100,000 records pays once per record). hashlib is imported here, not by every command."""
    import hashlib

    return hashlib.sha256(chunk).digest()[:16]


MatchKeys = tuple[str, str | None, str, str | None]


def match_keys(paper: Paper) -> MatchKeys:
    """What `Index.keys` gives for `paper`: (id, arxiv, normalised title or "" when untitled,
    abstract key), as its index row stores them."""
    norm = normalize_title(paper.display_title) if paper.title else ""
    return paper.id, paper.arxiv, norm, abstract_key(paper.abstract)


def row_for(paper: Paper, ord_: int, chunk: bytes) -> IndexRow:
    """The index row of one paper: its place in the file (`ord_`, and the bytes of its chunk,
    whose size, line count and digest are kept) and the columns the commands filter and sort
    on."""
    title = paper.display_title
    return IndexRow(
        id=paper.id,
        ord=ord_,
        size=len(chunk),
        lines=chunk.count(b"\n"),
        digest=chunk_digest(chunk),
        title=title,
        norm_title=normalize_title(title),
        search_key=search_key(" ".join(filter(None, [title, paper.alias]))),
        titled=1 if paper.title else 0,
        abstract_key=abstract_key(paper.abstract),
        haystack=searched_text(paper).casefold(),
        alias=paper.alias,
        record=record_json(paper),
        fields=tuple(map(_column_value, _COLUMN_KINDS_ONLY, _COLUMNS_OF(paper))),
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
            conn = sqlite3.connect(
                str(db_path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        if _stored_fingerprint(conn) != FINGERPRINT:
            # Built by another field table or code (or never): start it anew, reading nothing.
            conn.execute("BEGIN IMMEDIATE")
            try:
                if _stored_fingerprint(conn) != FINGERPRINT:
                    conn.execute("DROP TABLE IF EXISTS papers")
                    conn.execute("DROP TABLE IF EXISTS records")
                    conn.execute("DROP TABLE IF EXISTS memo")
                    conn.execute("DELETE FROM meta")
                    for statement in _PAPERS.split(";\n"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(
                        "INSERT INTO meta(key, value) VALUES ('fingerprint', ?)", (FINGERPRINT,)
                    )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return conn

    @classmethod
    def open(cls, db_path: Path | None) -> Index:
        """Open (or create) the index; a damaged database file is deleted and started anew."""
        if db_path is None:
            return cls(None)
        try:
            index = cls(db_path)
            index.conn.execute("SELECT count(*) FROM papers").fetchone()
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
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'state_json'").fetchone()
        if row is None:
            return None
        try:
            return IndexMeta.from_json(row[0])
        except (ValueError, TypeError, KeyError):  # damaged: rebuild it
            return None

    def _set_meta(self, meta: IndexMeta) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('state_json', ?)", (meta.to_json(),)
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

    def rebuild(self, meta: IndexMeta, rows: Iterable[IndexRow]) -> None:
        with self.write():
            self.conn.execute("DELETE FROM papers")
            self.conn.execute("DELETE FROM records")
            self.conn.execute("DELETE FROM memo")
            self._insert(rows)
            self._set_meta(meta)

    def apply(
        self,
        base_hash: str,
        meta: IndexMeta,
        removed: Iterable[str],
        upserts: Sequence[IndexRow],
        shift: tuple[int, int] = (0, 0),
    ) -> bool:
        """Bring the index from the file `base_hash` to the new one after a write or a hand
        edit: drop `removed` rows and write the `upserts` (changed and new records); no other
        row changes, except that `shift` = (from, by) moves the order numbers from `from` on
        by `by` to make room.

        Returns False, changing nothing, when the index no longer describes `base_hash`.
        """
        with self.write():
            current = self.meta()
            if current is None or current.file_hash != base_hash:
                return False
            gone = [(i,) for i in removed] + [(row.id,) for row in upserts]
            self.conn.executemany("DELETE FROM papers WHERE id = ?", gone)
            self.conn.executemany("DELETE FROM records WHERE id = ?", gone)
            self.conn.execute("DELETE FROM memo")
            if shift[1]:
                self.conn.execute("UPDATE papers SET ord = ord + ? WHERE ord >= ?", shift[::-1])
            self._insert(upserts)
            self._set_meta(meta)
        return True

    def _insert(self, rows: Iterable[IndexRow]) -> None:
        """Write each row and its record, in batches (a generator of rows is read once)."""
        batch: list[IndexRow] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 1000:
                self._insert_batch(batch)
                batch = []
        self._insert_batch(batch)

    def _insert_batch(self, rows: list[IndexRow]) -> None:
        self.conn.executemany(_INSERT, [row.sql_values() for row in rows])
        self.conn.executemany(_INSERT_RECORD, [(row.id, row.record) for row in rows])

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """What `compute` works out from the rows (JSON data), kept until the rows change:
        rebuild and apply empty the memo in the transaction that changes them. The memo is read,
        and `compute` run, in one snapshot of the index; what it gives is kept only when no
        write came in between (else it is only returned)."""
        conn = self.conn
        if conn.in_transaction:  # (inside a write of the index: nothing to keep)
            return compute()
        conn.execute("BEGIN")
        try:
            found = conn.execute("SELECT value FROM memo WHERE name = ?", (name,)).fetchone()
            if found is not None:
                with contextlib.suppress(ValueError):
                    return json.loads(found[0])
            value = compute()
            conn.execute("PRAGMA busy_timeout = 0")  # a busy index: not kept this time
            try:
                text = json.dumps(value, ensure_ascii=False)
                conn.execute("INSERT OR REPLACE INTO memo(name, value) VALUES (?, ?)", (name, text))
            except sqlite3.Error:
                pass  # a write came in between (or a read-only cache): computed again next time
            finally:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return value
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")

    def chunks(self) -> Chunks:
        """Every record's chunk size and digest, in file order."""
        found = self.conn.execute("SELECT size, digest FROM papers ORDER BY ord")
        columns = list(zip(*found.fetchall(), strict=True)) or [(), ()]
        return Chunks(*(list(column) for column in columns))

    def ids_and_ords(self, start: int, stop: int) -> list[tuple[str, int]]:
        """The id and order of the records start..stop-1 (positions in file order)."""
        sql = "SELECT id, ord FROM papers ORDER BY ord LIMIT ? OFFSET ?"
        return self.conn.execute(sql, (max(0, stop - start), start)).fetchall()

    def has_any(self, ids: Iterable[str]) -> bool:
        wanted = list(ids)
        for offset in range(0, len(wanted), 500):
            chunk = wanted[offset : offset + 500]
            sql = f"SELECT 1 FROM papers WHERE id IN ({','.join('?' * len(chunk))}) LIMIT 1"
            if self.conn.execute(sql, chunk).fetchone():
                return True
        return False

    def places(self, ids: Sequence[str], region_start: int) -> dict[str, Span]:
        """The spans of some records, without reading every row in Python: each start is the
        sum of the sizes of the records before it, summed by SQLite from one record to the
        next in file order (the index is read once, however many records are asked for)."""
        found: list[tuple[int, str, int]] = []
        wanted = list(dict.fromkeys(ids))
        for offset in range(0, len(wanted), 500):
            chunk = wanted[offset : offset + 500]
            sql = f"SELECT ord, id, size FROM papers WHERE id IN ({','.join('?' * len(chunk))})"
            found.extend(self.conn.execute(sql, chunk))
        between = (
            "SELECT coalesce(sum(size), 0), coalesce(sum(lines), 0) "
            "FROM papers INDEXED BY papers_ord WHERE ord >= ? AND ord < ?"
        )
        out: dict[str, Span] = {}
        start, lines_before, previous = region_start, 0, -(2**63)
        for ord_, paper_id, size in sorted(found):
            sizes, lines = self.conn.execute(between, (previous, ord_)).fetchone()
            start, lines_before, previous = start + sizes, lines_before + lines, ord_
            out[paper_id] = Span(paper_id, ord_, start, start + size, lines_before)
        return out

    def last(self) -> Place | None:
        """The last record in the file."""
        found = self.conn.execute(
            "SELECT id, ord, size FROM papers ORDER BY ord DESC LIMIT 1"
        ).fetchone()
        return Place(*found) if found else None

    def next_ord(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(ord), -1) + 1 FROM papers").fetchone()[0])

    # --- reading --------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    def spans(self, region_start: int) -> list[Span]:
        """Every record's place in the file, in file order, from the sizes of those before it."""
        found = self.conn.execute("SELECT id, ord, size, lines FROM papers ORDER BY ord")
        spans = []
        offset, line = region_start, 0
        for paper_id, ord_, size, lines in found:
            spans.append(Span(paper_id, ord_, offset, offset + size, line))
            offset += size
            line += lines
        return spans

    @staticmethod
    def _papers(records: Iterable[tuple[str]]) -> list[Paper]:
        return [paper_from_json(text) for (text,) in records]

    def get(self, paper_id: str) -> Paper | None:
        found = self._papers(
            self.conn.execute("SELECT record FROM records WHERE id = ?", (paper_id,))
        )
        return found[0] if found else None

    def get_many(self, ids: Sequence[str]) -> dict[str, Paper]:
        out: dict[str, Paper] = {}
        for offset in range(0, len(ids), 500):
            chunk = list(ids[offset : offset + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT record FROM records WHERE id IN ({marks})"
            for paper in self._papers(self.conn.execute(sql, chunk)):
                out[paper.id] = paper
        return out

    def by_arxiv(self, arxiv_id: str) -> list[Paper]:
        sql = f"SELECT record FROM papers {_WITH_RECORD} WHERE arxiv = ? ORDER BY ord"
        return self._papers(self.conn.execute(sql, (arxiv_id,)))

    def all(self) -> list[Paper]:
        return list(self.each())

    def each(self) -> Iterator[Paper]:
        """Every paper, in file order, one at a time (a large list is never all in memory)."""
        sql = f"SELECT record FROM papers {_WITH_RECORD} ORDER BY ord"
        for (text,) in self.conn.execute(sql):
            yield paper_from_json(text)

    def site_ids(self) -> list[tuple[str, dict[str, str]]]:
        """(id, its site ids by kind, and its DOI when that is an ACL Anthology DOI) of the papers
        that have any, read from the records' JSON by SQLite, without loading the papers."""
        picks = ", ".join(f"json_extract(record, '$[{at}]')" for _, at in _SITE_AT)
        some = " OR ".join(f"json_extract(record, '$[{at}]') IS NOT NULL" for _, at in _SITE_AT)
        doi = f"json_extract(record, '$[{_DOI_AT}]')"
        sql = (
            f"SELECT id, {picks}, {doi} FROM papers {_WITH_RECORD} "
            f"WHERE {some} OR lower({doi}) LIKE '10.18653/v1/%' ORDER BY ord"
        )
        kinds = [kind for kind, _ in _SITE_AT] + ["doi"]
        return [
            (row[0], {kind: value for kind, value in zip(kinds, row[1:], strict=True) if value})
            for row in self.conn.execute(sql)
        ]

    def search_keys(self) -> list[tuple[str, str]]:
        """(id, search key) of every paper, in file order."""
        return self.conn.execute("SELECT id, search_key FROM papers ORDER BY ord").fetchall()

    def ref_words(self) -> list[tuple[str, str | None]]:
        """(id, short name or None) of every paper, in file order: what completion offers."""
        return self.conn.execute("SELECT id, alias FROM papers ORDER BY ord").fetchall()

    def mentioning(self, word: str) -> list[str]:
        """The ids of papers whose searched fields (those `list` finds words in) hold `word`."""
        sql = "SELECT id FROM papers WHERE haystack LIKE ? ESCAPE '\\' ORDER BY ord"
        return [i for (i,) in self.conn.execute(sql, (f"%{_like_escape(word.casefold())}%",))]

    def titles(self) -> list[tuple[str, str]]:
        """(id, display title) of every paper, in file order."""
        return self.conn.execute("SELECT id, title FROM papers ORDER BY ord").fetchall()

    def keys(self) -> list[MatchKeys]:
        """`match_keys` of every paper, in file order."""
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
        found = self.conn.execute(sql, (norm, f"% {_like_escape(norm)} %"))
        return [(i, t, bool(whole)) for i, t, whole in found]

    def status_counts(self) -> dict[str, int]:
        sql = "SELECT status, count(*) FROM papers GROUP BY status"
        return dict(self.conn.execute(sql).fetchall())

    def tag_status_counts(self) -> dict[str, dict[str, int]]:
        """For each tag, its papers per status; untagged papers under the tag ""."""
        counts: dict[str, dict[str, int]] = {}
        sql = "SELECT tags, status, count(*) FROM papers GROUP BY tags, status"
        for tags, status, number in self.conn.execute(sql):
            for tag in _split(tags) or [""]:
                per_status = counts.setdefault(tag, {})
                per_status[status] = per_status.get(status, 0) + number
        return counts

    def query(
        self,
        *,
        statuses: Sequence[str] = (),
        tags: Sequence[str] = (),
        tag_terms: Sequence[tuple[Sequence[str], bool]] = (),
        source: str | None = None,
        where: Sequence[tuple[str, str]] = (),
        words: Sequence[str] = (),
        dates: tuple[str, str | None, str | None] | None = None,
        needs_fetch: bool = False,
        sort: str = "file",
        reverse: bool = False,
        limit: int | None = None,
        summaries: bool = False,
    ) -> list[Any]:
        """Papers that pass every filter, sorted, at most `limit` of them: whole records, or
        (`summaries`) only what a listing shows, which is much cheaper to read.

        `tags` must all be there; each of `tag_terms` is (alternatives, negated): one of the
        alternatives is there (or, negated, none is). `where` is (column, text) pairs: the
        column contains the text. `dates` is (column, since, until), ISO dates, both ends
        included. `reverse` reverses ties (file order) too."""
        conditions: list[str] = []
        args: list[Any] = []
        if statuses:
            conditions.append(f"status IN ({','.join('?' * len(statuses))})")
            args.extend(statuses)
        for alternatives, negated in [*(([tag], False) for tag in tags), *tag_terms]:
            # A tag matches itself and the tags below it: "AIGC" finds "AIGC/CV".
            tests = []
            for tag in alternatives:
                tests.append("tags LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\'")
                escaped = _like_escape(tag)
                args.extend([f"%{TAG_SEP}{escaped}{TAG_SEP}%", f"%{TAG_SEP}{escaped}/%"])
            conditions.append(f"{'NOT ' if negated else ''}({' OR '.join(tests)})")
        if source:
            conditions.append("sources LIKE ? ESCAPE '\\'")
            args.append(f"%{_like_escape(source)}%")
        for name, text in where:
            if name not in _FILTERABLE:
                raise ValueError(f"{name!r} is not a column of the index")
            conditions.append(f"{name} LIKE ? ESCAPE '\\'")
            args.append(f"%{_like_escape(text)}%")
        for word in words:
            conditions.append("haystack LIKE ? ESCAPE '\\'")
            args.append(f"%{_like_escape(word.casefold())}%")
        if dates is not None:
            column, since, until = dates
            if column not in DATE_FIELDS:
                raise ValueError(f"not a date column: {column!r}")
            if since:
                conditions.append(f"{column} >= ?")
                args.append(since)
            if until:
                conditions.append(f"{column} <= ?")
                args.append(until)
            if not since and not until:
                conditions.append(f"{column} IS NOT NULL")
        if needs_fetch:
            conditions.append("arxiv IS NOT NULL AND fetched IS NULL")
        if sort not in SORTS:
            raise ValueError(f"not a sort field: {sort!r}")
        order = SORT_SQL.get(sort, sort)
        direction = "DESC" if reverse else "ASC"
        nulls = "NULLS LAST" if order != "ord" else ""
        columns = "id, status, title, tags, added, titled" if summaries else "record"
        sql = f"SELECT {columns} FROM papers" + ("" if summaries else f" {_WITH_RECORD}")
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += f" ORDER BY {order} {direction} {nulls}"
        if order != "ord":  # (ord twice would sort again, in a temporary B-tree)
            sql += f", ord {direction}"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        found = self.conn.execute(sql, args)
        if not summaries:
            return self._papers(found)
        status_named = {s.value: s for s in Status}  # (Status(text) costs ten times more)
        return [
            PaperSummary(
                paper_id,
                status_named[status],
                title,
                _split(tags),
                date.fromisoformat(added) if added else None,
                not titled,
            )
            for paper_id, status, title, tags, added, titled in found
        ]


# How a query that reads whole records finds each row's record.
_WITH_RECORD = "JOIN records USING (id)"


def _split(joined: str | None) -> list[str]:
    """A list column's items."""
    return joined.strip(TAG_SEP).split(TAG_SEP) if joined else []


def _stored_fingerprint(conn: sqlite3.Connection) -> str | None:
    found = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    return found[0] if found else None
