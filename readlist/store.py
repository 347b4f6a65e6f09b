"""The reading list file and its index, joined: reads served from the index while it still
describes the file's bytes (else rebuilt first), and writes made in transactions.

Reads never change the file. A write happens only inside `Store.transaction()`: the lock is
taken, the file is read afresh, the caller's changes are spliced into its bytes
(readlist.splice), and the result replaces the file by the one atomic write (readlist.disk), so a
crash at any moment leaves the old file or the new one, whole. The read view and the pending
changes are readlist.views'; nothing here prints, prompts or exits.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readlist import disk
from readlist.callbacks import ProgressFn
from readlist.digests import sha1
from readlist.errors import DataError, StorageError
from readlist.index import Index, IndexMeta, IndexRow, outside_digest, row_for
from readlist.paths import cache_dir, companion
from readlist.views import Library, Transaction, challenges_of

if TYPE_CHECKING:
    from readlist import journal
    from readlist.splice import RecordTexts

# The views are readlist.views'; importing them from here keeps working.
__all__ = ["Library", "Store", "Transaction"]


def _span_holds(data: bytes | disk.FileBytes, span: Any, paper_id: str, meta: IndexMeta) -> bool:
    """Whether the bytes the index places a record at look like that record: a whole item of
    the papers list (it starts a line with its dash, and the next item or the list's end comes
    right after it) that names the paper's id. Checked before any splice, so that a wrong index
    can never cut a record in two."""
    start, end = span.start, span.end
    if not meta.region_start <= start < end <= meta.region_end:
        return False
    item = b" " * meta.indent + b"-"
    if start > 0 and data[start - 1 : start] != b"\n":
        return False
    if not data.startswith(item, start):
        return False
    if end < meta.region_end and not data.startswith(item, end):
        return False
    return paper_id.encode("utf-8") in data[start:end]


def _sha256(data: bytes) -> str:
    import hashlib  # (a read whose file is unchanged hashes nothing: not imported by every command)

    return hashlib.sha256(data).hexdigest()


class Store:
    """One reading-list file and its index."""

    def __init__(self, path: Path, *, index_dir: Path | None = None) -> None:
        # A list that is a symlink (a dotfiles or synced folder) is read, locked, backed up and
        # written where it points: a write replaces the target, never the link.
        self.path = Path(os.path.realpath(path)) if path.is_symlink() else path
        self.name = str(path)
        self._index_dir = index_dir
        # How the journal names the steps this store writes (the CLI sets the command line),
        # and the step an undo takes back.
        self.command = "readlist"
        self.undoes: int | None = None

    # --- paths ----------------------------------------------------------------------------

    @property
    def backup_path(self) -> Path:
        return companion(self.path, "backup")

    @property
    def lock_path(self) -> Path:
        return companion(self.path, "lock")

    @property
    def index_file(self) -> Path | None:
        """The index's SQLite file (None: kept in memory)."""
        return self._index_path()

    def _index_path(self) -> Path | None:
        base = self._index_dir if self._index_dir is not None else cache_dir() / "index"
        key = sha1(str(self.path.resolve()).encode()).hexdigest()[:20]
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
    ) -> tuple[Any, bytes | disk.FileBytes | None, os.stat_result | None]:
        """The library at `path`, from the index when it still describes the file (else the
        index is rebuilt first), plus the file's bytes (when asked or read anyway) and stat.
        The bytes of a file the index describes are FileBytes, read only where a write needs
        them (the caller closes them); those of a file read anyway are all in memory."""
        checked_ns = time.time_ns()
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            empty = cls(self.path, {"version": 1, "challenges": []}, [], Index.open(None), None)
            return empty, None, None
        except OSError as exc:
            raise StorageError(f"cannot read {self.name}: {disk.describe_oserror(exc)}") from None
        if stat.S_ISDIR(st.st_mode):
            raise StorageError(f"{self.name} is a folder, not a reading list file")
        index = self._open_index()
        try:
            meta = index.meta()
        except Exception:
            meta = None
        trusted = (
            meta is not None
            and meta.stat_key == disk.stat_key(st)
            and (meta.sealed or disk.settled(st, meta.verified_ns))
        )
        data: bytes | disk.FileBytes | None = None
        if need_bytes and trusted:
            viewed = self._view(meta)
            if viewed is None:
                trusted = False
            else:
                data, st = viewed
        if not trusted:
            data, st = self._read()
            digest = _sha256(data)
            if meta is None or meta.file_hash != digest or meta.file_size != len(data):
                meta = self._reindex(index, meta, data, digest, on_progress)
            meta.stat_key, meta.verified_ns, meta.sealed = disk.stat_key(st), checked_ns, False
            with contextlib.suppress(Exception):
                index.set_meta(meta)
        assert meta is not None
        challenges = challenges_of(meta.header, self.name)
        return cls(self.path, meta.header, challenges, index, meta), data, st

    def _reindex(
        self,
        index: Index,
        meta: IndexMeta | None,
        data: bytes,
        digest: str,
        on_progress: ProgressFn | None,
    ) -> IndexMeta:
        """The index brought to the file's new bytes: only the changed records read again
        when that can be done, else the whole file."""
        from readlist import index_build

        if meta is not None:
            try:
                updated = index_build.update(index, meta, data, digest, self.name)
            except DataError:
                raise
            except Exception:  # the cache could not be updated: read the file whole
                updated = None
            if updated is not None:
                return updated
        return index_build.build(index, data, digest, self.name, on_progress)

    def _view(self, meta: IndexMeta | None) -> tuple[disk.FileBytes, os.stat_result] | None:
        """The file as FileBytes and its stat, when the index still describes the file it
        opens (it may have been replaced since it was first looked at: None, and the caller
        reads it whole)."""
        try:
            opened = disk.open_bytes(self.path)
        except OSError as exc:
            raise StorageError(f"cannot read {self.name}: {disk.describe_oserror(exc)}") from None
        if opened is None:
            return None
        view, st = opened
        if meta is None or meta.stat_key != disk.stat_key(st):
            view.close()
            return None
        return view, st

    def _read(self) -> tuple[bytes, os.stat_result]:
        try:
            return disk.read_with_stat(self.path)
        except OSError as exc:
            raise StorageError(f"cannot read {self.name}: {disk.describe_oserror(exc)}") from None

    # --- writing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, on_progress: ProgressFn | None = None) -> Iterator[Transaction]:
        """Lock the file, read it afresh, and write the changes made in the block (if any).

        An exception in the block leaves the file untouched.
        """
        with disk.locked(self.lock_path, self.name):
            txn, data, st = self._open(Transaction, on_progress, need_bytes=True)
            try:
                yield txn
                if txn.dirty:
                    from readlist.splice import RecordTexts

                    texts = RecordTexts(self.name)
                    step = self._journal_step(txn, texts)
                    self._commit(txn, data, st, texts)
                    if step is not None:
                        from readlist import journal

                        journal.append(self, step)
            finally:
                txn.index.close()
                if isinstance(data, disk.FileBytes):
                    data.close()

    def _journal_step(self, txn: Transaction, texts: RecordTexts) -> journal.Step | None:
        """The journal's step for this write, taken before the write (the undo of this step is
        all that is lost when it cannot be taken)."""
        from readlist import journal  # (a read needs none of it: imported by writes only)

        try:
            return journal.pending(txn, self.command, self.undoes, text_of=texts.text)
        except Exception:
            return None

    def _commit(
        self,
        txn: Transaction,
        old: bytes | disk.FileBytes | None,
        st: os.stat_result | None,
        texts: RecordTexts,
    ) -> None:
        meta = txn.meta
        remaining = txn.count() - len(txn.removed) + len(txn.added)
        if (
            old is None
            or meta is None
            or not (meta.spliceable and meta.records_apart)
            or remaining <= 0
        ):
            # Written whole: also what turns records tied by YAML anchors into plain ones.
            from readlist.yamlio import dump_document

            records = [p.to_dict() for p in txn.all()]
            text = dump_document(txn.header, records).encode("utf-8")
            self._verify_whole(text)
            self._write(text, st)
            return
        pieces, new_meta, upserts = self._splice(txn, old, meta, texts)
        written_ns = time.time_ns()
        import hashlib  # (a write hashes the new file as it writes it)

        digest = hashlib.sha256()
        written = self._write(pieces, st, digest)
        new_meta.file_hash = digest.hexdigest()
        new_meta.stat_key, new_meta.verified_ns = disk.stat_key(written.stat), written_ns
        new_meta.sealed = written.sealed
        gone = txn.removed | set(txn.renamed.values())
        with contextlib.suppress(Exception):
            # The index is only a cache: if this fails, the next command rebuilds it.
            txn.index.apply(meta.file_hash, new_meta, gone, upserts)

    def _splice(
        self, txn: Transaction, old: bytes | disk.FileBytes, meta: IndexMeta, texts: RecordTexts
    ) -> tuple[list[disk.Piece], IndexMeta, list[IndexRow]]:
        """The new file as pieces (readlist.splice: changed records re-written in place,
        removed ones cut out, new ones appended, every other byte the old file's, copied once
        when written), checked to read back as intended; and the index rows of the records
        written anew. The unchanged bytes are neither parsed nor hashed, except once by the
        new file's SHA-256 (computed as they are written)."""
        from readlist.splice import check, encode, item_bytes, splice

        newline, indent = meta.newline, meta.indent
        header = None
        if txn.header_changed:
            from readlist.yamlio import dump_header

            header = encode(dump_header(txn.header, True), newline)
        old_id_of = {new_id: txn.renamed.get(new_id, new_id) for new_id in txn.changed}
        targets = [*old_id_of.values(), *txn.removed]
        places = txn.index.places(targets, meta.region_start)
        for old_id in targets:
            span = places.get(old_id)
            if span is None or not _span_holds(old, span, old_id, meta):
                with contextlib.suppress(Exception):
                    txn.index.set_meta(replace(meta, file_hash=""))  # rebuilt on the next read
                raise StorageError(
                    f"the index of {self.name} does not match the file where paper {old_id!r} "
                    "is; nothing was written. Run the command again (the index is rebuilt)"
                )
        upserts: list[IndexRow] = []
        edits: list[tuple[int, int, bytes, dict[str, Any] | None]] = []
        for new_id, old_id in old_id_of.items():
            span = places[old_id]
            paper = txn.changed[new_id]
            record, yaml_text = texts.of(paper)
            text = item_bytes(yaml_text, old[span.start : span.end], indent, newline)
            edits.append((span.start, span.end, text, record))
            upserts.append(row_for(paper, span.ord, text))
        edits.extend((places[i].start, places[i].end, b"", None) for i in txn.removed)
        appended = []
        next_ord = txn.index.next_ord()
        for number, paper in enumerate(txn.added.values()):
            record, yaml_text = texts.of(paper)
            text = item_bytes(yaml_text, b"", indent, newline)
            upserts.append(row_for(paper, next_ord + number, text))
            appended.append((text, record))
        region = (meta.region_start, meta.region_end)
        spliced = splice(old, region, edits, appended, newline, header)
        check(spliced, indent, txn.header if header is not None else None, self.name)
        if spliced.newline_added:
            # The file did not end with a newline: its last record got one, and its index row
            # the size a fresh cut of the file would give.
            last = txn.index.last()
            if last is not None and last.id not in places:
                last_paper = txn.get(last.id)
                assert last_paper is not None
                chunk = old[meta.region_end - last.size : meta.region_end] + newline
                upserts.append(row_for(last_paper, last.ord, chunk))
        new_meta = IndexMeta(
            file_hash="",  # set from file_hash() once written
            file_size=spliced.size,
            header=dict(txn.header),
            region_start=spliced.region_start,
            region_end=spliced.region_end,
            indent=indent,
            newline=newline,
            spliceable=True,
            outside_digest=outside_digest(*spliced.around()),
            records_apart=True,  # readlist writes no anchors or aliases
        )
        return spliced.pieces, new_meta, upserts

    def _verify_whole(self, text: bytes) -> None:
        from readlist.yamlio import parse_document

        parse_document(text, self.name)

    def _write(
        self,
        data: bytes | list[disk.Piece],
        read_stat: os.stat_result | None,
        digest: disk.Hasher | None = None,
    ) -> disk.Written:
        """Replace the file atomically, keeping the previous version as `<file>.bak`.

        Refuses, changing nothing, when the file changed on disk since it was read.
        Returns the new file's stat (disk.atomic_write's).
        """
        path = self.path
        if path.exists() and not disk.writable(path):
            raise StorageError(
                f"{self.name} is read-only; make it writable (chmod u+w) to change it. "
                "The list is unchanged"
            )

        def check_and_back_up() -> None:
            try:
                current = path.stat()
            except FileNotFoundError:
                return
            if read_stat is not None and disk.stat_key(current) != disk.stat_key(read_stat):
                raise StorageError(
                    f"{self.name} was changed by another program while readlist was "
                    "working; nothing was written. Run the command again"
                )
            disk.backup(path, self.backup_path)

        try:
            return disk.atomic_write(path, data, before_replace=check_and_back_up, digest=digest)
        except OSError as exc:
            raise StorageError(
                f"cannot write {self.name}: {disk.describe_oserror(exc)}. The list is unchanged"
            ) from None
