"""The reading list on disk: validated reads, locked atomic writes that rewrite only the records
that changed, a `.bak` of the previous version, and the derived index kept in step.

Reads never change the file. A write happens only inside `Store.transaction()`: the lock is
taken, the file is read afresh, the caller's changes are spliced into its bytes, and the result
replaces the file in one `os.replace`, so a crash at any moment leaves the old file or the new
one, whole. Nothing here prints, prompts or exits.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from readlist.errors import DataError, DuplicateError, NotFoundError, StorageError
from readlist.index import Index, IndexMeta, row_for
from readlist.models import Challenge, InvalidRecord, Paper
from readlist.paths import cache_dir

if TYPE_CHECKING:
    from readlist.yamlio import DocumentReader

ProgressFn = Callable[[int, int], None]

LOCK_TIMEOUT_ENV = "READLIST_LOCK_TIMEOUT"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _describe_oserror(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free some space and run the command again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the file's and its folder's permissions"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


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
        return self.index.all()

    def titles(self) -> list[tuple[str, str]]:
        return self.index.titles()

    def search_keys(self) -> list[tuple[str, str]]:
        return self.index.search_keys()

    def keys(self) -> list[tuple[str, str | None, str, str | None]]:
        return self.index.keys()

    def find_titles(self, norm: str) -> list[tuple[str, str, bool]]:
        return self.index.find_titles(norm)

    def query(self, **filters: Any) -> list[Paper]:
        return self.index.query(**filters)

    def status_counts(self) -> dict[str, int]:
        return self.index.status_counts()

    def tag_status_counts(self) -> dict[str, dict[str, int]]:
        """For each tag, its papers per status; untagged papers under the tag ""."""
        return self.index.tag_status_counts()

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
        return self.index.get(paper_id) is not None

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

    def all(self) -> list[Paper]:
        """Every paper as the transaction would write it, in file order (new ones last)."""
        new_id_of = {old_id: new_id for new_id, old_id in self.renamed.items()}
        papers = []
        for paper in self.index.all():
            if paper.id in self.removed:
                continue
            current_id = new_id_of.get(paper.id, paper.id)
            papers.append(self.changed.get(current_id, paper))
        return papers + list(self.added.values())

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


class Store:
    """One reading-list file and its index."""

    def __init__(self, path: Path, *, index_dir: Path | None = None) -> None:
        self.path = path
        self.name = str(path)
        self._index_dir = index_dir

    # --- paths ----------------------------------------------------------------------------

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _index_path(self) -> Path | None:
        base = self._index_dir if self._index_dir is not None else cache_dir() / "index"
        key = hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:20]
        return base / f"{key}.sqlite3"

    # --- reading --------------------------------------------------------------------------

    def _open_index(self) -> Index:
        try:
            return Index.open(self._index_path())
        except Exception:  # an unwritable cache folder: work in memory
            return Index.open(None)

    def load(self, on_progress: ProgressFn | None = None) -> Library:
        """A consistent read-only view of the list (an empty one when the file does not exist)."""
        library, _, _ = self._open(Library, on_progress, need_bytes=False)
        return library

    def _open(
        self, cls: type[Library], on_progress: ProgressFn | None, need_bytes: bool
    ) -> tuple[Any, bytes | None, os.stat_result | None]:
        """The library at `path`, from the index when it still describes the file (else the
        index is rebuilt first), plus the file's bytes (when asked or read anyway) and stat."""
        checked_ns = time.time_ns()
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            empty = cls(self.path, {"version": 1, "challenges": []}, [], Index.open(None), None)
            return empty, None, None
        except OSError as exc:
            raise StorageError(f"cannot read {self.name}: {_describe_oserror(exc)}") from None
        if stat.S_ISDIR(st.st_mode):
            raise StorageError(f"{self.name} is a folder, not a reading list file")
        index = self._open_index()
        try:
            meta = index.meta()
        except Exception:
            meta = None
        trusted = meta is not None and meta.stat_key == _stat_key(st) and _settled(meta, st)
        data = None
        if need_bytes or not trusted:
            data, st = self._read()
        if not trusted:
            assert data is not None
            digest = _sha256(data)
            if meta is None or meta.file_hash != digest or meta.file_size != len(data):
                meta = self._rebuild(index, data, digest, on_progress)
            meta.stat_key, meta.verified_ns = _stat_key(st), checked_ns
            with contextlib.suppress(Exception):
                index.set_meta(meta)
        assert meta is not None
        challenges = self._challenges(meta.header)
        return cls(self.path, meta.header, challenges, index, meta), data, st

    def _read(self) -> tuple[bytes, os.stat_result]:
        """The file's bytes, and its stat taken on the same open file just before reading."""
        try:
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                return handle.read(), st
        except OSError as exc:
            raise StorageError(f"cannot read {self.name}: {_describe_oserror(exc)}") from None

    def _challenges(self, header: dict[str, Any]) -> list[Challenge]:
        challenges = []
        for position, raw in enumerate(header.get("challenges") or [], start=1):
            try:
                challenges.append(Challenge.from_dict(raw))
            except InvalidRecord as exc:
                name = raw.get("name") if isinstance(raw, dict) else None
                label = f"challenge {name!r}" if name else f"challenge #{position}"
                raise DataError(
                    f"{self.name}: {label}: {exc.field}: {exc.problem}; fix it in the file"
                ) from None
        return challenges

    def _rebuild(
        self, index: Index, data: bytes, digest: str, on_progress: ProgressFn | None
    ) -> IndexMeta:
        """Index the file anew, a batch of records at a time, validating every record."""
        from readlist.yamlio import CutFailed, read_document

        # The cyclic GC only slows the loader down here: everything built is kept.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            reader = read_document(data, self.name)
            try:
                return self._index_records(index, reader, digest, on_progress)
            except CutFailed:
                reader = read_document(data, self.name, whole=True)
                return self._index_records(index, reader, digest, on_progress)
        finally:
            if gc_was_enabled:
                gc.enable()

    def _index_records(
        self, index: Index, reader: DocumentReader, digest: str, on_progress: ProgressFn | None
    ) -> IndexMeta:
        from readlist.yamlio import CutFailed

        self._challenges(reader.header)  # validate before caching
        layout, data = reader.layout, reader.data
        if layout is not None:
            meta = IndexMeta(
                digest,
                len(data),
                reader.header,
                layout.region_start,
                layout.region_end,
                layout.indent,
                layout.newline,
                True,
            )
        else:
            meta = IndexMeta(digest, len(data), reader.header, 0, 0, 0, b"\n", False)

        from readlist import reindex

        try:
            index.rebuild(meta, reindex.rows(reader, on_progress))
        except (DataError, CutFailed):
            raise
        except Exception:
            # The cache could not be written (busy, read-only): use a private copy.
            index.conn.close()
            index.conn = Index.open(None).conn
            index.rebuild(meta, reindex.rows(reader, on_progress))
        return meta

    # --- writing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, on_progress: ProgressFn | None = None) -> Iterator[Transaction]:
        """Lock the file, read it afresh, and write the changes made in the block (if any).

        An exception in the block leaves the file untouched.
        """
        with self._locked():
            txn, data, st = self._open(Transaction, on_progress, need_bytes=True)
            try:
                yield txn
                if txn.dirty:
                    self._commit(txn, data, st)
            finally:
                txn.index.close()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.lock_path, "a+b")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise StorageError(
                f"cannot lock {self.name}: {_describe_oserror(exc)}; the list is unchanged"
            ) from None
        try:
            self._acquire(handle)
            yield
        finally:
            handle.close()  # closing releases the lock

    def _acquire(self, handle: IO[bytes]) -> None:
        timeout = float(os.environ.get(LOCK_TIMEOUT_ENV, "60"))
        deadline = time.monotonic() + timeout
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
                    return
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
        else:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.01)
        raise StorageError(
            f"{self.name} is locked by another readlist command (waited {timeout:.0f} s); "
            f"try again, or delete {self.lock_path} if no readlist is running"
        )

    def _commit(self, txn: Transaction, old: bytes | None, st: os.stat_result | None) -> None:
        from readlist.yamlio import dump_document

        meta = txn.meta
        remaining = txn.count() - len(txn.removed) + len(txn.added)
        if old is None or meta is None or not meta.spliceable or remaining <= 0:
            records = [p.to_dict() for p in txn.all()]
            text = dump_document(txn.header, records).encode("utf-8")
            self._verify_whole(text)
            self._write(text, st)
            return
        new_data, new_meta, upserts = self._splice(txn, old, meta)
        written_ns = time.time_ns()
        new_st = self._write(new_data, st)
        new_meta.stat_key, new_meta.verified_ns = _stat_key(new_st), written_ns
        gone = txn.removed | set(txn.renamed.values())
        with contextlib.suppress(Exception):
            # The index is only a cache: if this fails, the next command rebuilds it.
            txn.index.apply(meta.file_hash, new_meta, gone, upserts)

    def _splice(
        self, txn: Transaction, old: bytes, meta: IndexMeta
    ) -> tuple[bytes, IndexMeta, list[tuple[Any, ...]]]:
        """The new file: unchanged records' bytes kept as they are, changed ones re-dumped in
        place, removed ones cut out, new ones appended; and the index rows of the records
        written anew."""
        newline, pad = meta.newline, b" " * meta.indent
        if txn.header_changed:
            from readlist.yamlio import dump_header

            prefix, suffix = _encode(dump_header(txn.header, True), newline), b""
        else:
            prefix, suffix = old[: meta.region_start], old[meta.region_end :]
        old_id_of = {new_id: txn.renamed.get(new_id, new_id) for new_id in txn.changed}
        targets = [*old_id_of.values(), *txn.removed]
        if len(targets) <= 32:
            places = txn.index.places(targets, meta.region_start)
        else:
            wanted = set(targets)
            places = {s.id: s for s in txn.index.spans(meta.region_start) if s.id in wanted}
        upserts: list[tuple[Any, ...]] = []
        edits: list[tuple[int, int, bytes]] = []
        for new_id, old_id in old_id_of.items():
            span = places[old_id]
            paper = txn.changed[new_id]
            text = self._record_bytes(paper, old[span.start : span.end], pad, newline)
            edits.append((span.start, span.end, text))
            upserts.append(row_for(paper, span.ord, len(text), text.count(b"\n")))
        edits.extend((places[i].start, places[i].end, b"") for i in txn.removed)
        edits.sort()
        pieces = [prefix]
        position = meta.region_start
        for start, end, text in edits:
            pieces.append(old[position:start])
            pieces.append(text)
            position = end
        pieces.append(old[position : meta.region_end])
        if txn.added and not b"".join(pieces[-2:]).endswith(b"\n"):
            # The file did not end with a newline: its last record gets one (and its index row
            # the size a fresh cut of the file would give).
            pieces.append(newline)
            last = txn.index.last()
            if last is not None and last[0] not in places:
                last_paper = txn.get(last[0])
                assert last_paper is not None
                chunk = old[meta.region_end - last[2] : meta.region_end] + newline
                upserts.append(row_for(last_paper, last[1], len(chunk), chunk.count(b"\n")))
        next_ord = txn.index.next_ord()
        for number, paper in enumerate(txn.added.values()):
            text = self._record_bytes(paper, b"", pad, newline)
            upserts.append(row_for(paper, next_ord + number, len(text), text.count(b"\n")))
            pieces.append(text)
        region_end = sum(len(p) for p in pieces)
        pieces.append(suffix)
        new_data = b"".join(pieces)
        new_meta = IndexMeta(
            file_hash=_sha256(new_data),
            file_size=len(new_data),
            header=dict(txn.header),
            region_start=len(prefix),
            region_end=region_end,
            indent=meta.indent,
            newline=newline,
            spliceable=True,
        )
        return new_data, new_meta, upserts

    def _record_bytes(self, paper: Paper, old_chunk: bytes, pad: bytes, newline: bytes) -> bytes:
        """A paper's record as bytes, keeping the comment lines that followed the old record."""
        body = record_bytes(paper.to_dict(), len(pad), newline, self.name)
        trailing = trailing_comments(old_chunk, len(pad))
        if trailing and not trailing.endswith(b"\n"):
            trailing += newline
        return body + trailing

    def _verify_whole(self, text: bytes) -> None:
        from readlist.yamlio import parse_document

        parse_document(text, self.name)

    def _write(self, data: bytes, read_stat: os.stat_result | None) -> os.stat_result:
        """Replace the file atomically, keeping the previous version as `<file>.bak`.

        Refuses, changing nothing, when the file changed on disk since it was read.
        Returns the new file's stat.
        """
        path = self.path
        if path.exists() and not _writable(path):
            raise StorageError(
                f"{self.name} is read-only; make it writable (chmod u+w) to change it. "
                "The list is unchanged"
            )
        tmp_name = None
        try:
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                current = path.stat()
                if read_stat is not None and _stat_key(current) != _stat_key(read_stat):
                    raise StorageError(
                        f"{self.name} was changed by another program while readlist was "
                        "working; nothing was written. Run the command again"
                    )
                os.chmod(tmp_name, current.st_mode & 0o7777)
                self._backup()
            os.replace(tmp_name, path)
            tmp_name = None
            _fsync_dir(path.parent)
            return path.stat()
        except OSError as exc:
            raise StorageError(
                f"cannot write {self.name}: {_describe_oserror(exc)}. The list is unchanged"
            ) from None
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)

    def _backup(self) -> None:
        """Make `<file>.bak` the current version, atomically (a hard link, else a copy)."""
        bak = self.backup_path
        tmp = bak.with_name(f".{bak.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        try:
            os.link(self.path, tmp)
        except OSError:
            import shutil

            shutil.copy2(self.path, tmp)
        os.replace(tmp, bak)


RACY_NS = 2_000_000_000  # covers file systems with 2-second timestamps


def _stat_key(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _settled(meta: IndexMeta, st: os.stat_result) -> bool:
    """True when the file was last changed well before its hash was checked, so that any later
    change would show in its ctime (which no program can set back)."""
    limit = meta.verified_ns - RACY_NS
    return st.st_ctime_ns < limit and st.st_mtime_ns < limit


def _writable(path: Path) -> bool:
    """False for a file its owner made read-only, even when root could write it anyway."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def _encode(text: str, newline: bytes) -> bytes:
    data = text.encode("utf-8")
    return data.replace(b"\n", newline) if newline != b"\n" else data


def trailing_comments(chunk: bytes, indent: int) -> bytes:
    """The blank and comment lines at the end of a record's chunk (those at or left of the
    record's own indentation, which cannot be part of a block scalar)."""
    lines = chunk.splitlines(keepends=True)
    keep: list[bytes] = []
    for line in reversed(lines):
        stripped = line.strip()
        column = len(line) - len(line.lstrip(b" "))
        if not stripped or (stripped.startswith(b"#") and column <= indent):
            keep.append(line)
            continue
        break
    if len(keep) == len(lines):
        return b""
    return b"".join(reversed(keep))


def record_bytes(record: dict[str, Any], indent: int, newline: bytes, name: str) -> bytes:
    """One record as a YAML sequence item at `indent`, with `newline` line ends. The PyYAML path
    is checked by reading it back, so a record is never written unfaithfully."""
    from readlist.emit import record as fast_record

    text = fast_record(record)
    if text is None:
        from readlist.yamlio import dump_record_pyyaml, load_text

        text = dump_record_pyyaml(record)
        if load_text(text, name) != [record]:
            raise DataError(
                f"cannot write paper {record.get('id')!r} faithfully as YAML; please report this"
            )
    body = _encode(text, newline)
    if indent:
        pad = b" " * indent
        body = b"".join(pad + ln if ln.strip() else ln for ln in body.splitlines(True))
    return body


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
