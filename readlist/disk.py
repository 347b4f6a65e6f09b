"""Files on disk, whatever they hold: the one atomic write (temp file in the same folder, fsync
of the file and of its folder, one `os.replace`), the write lock, the `.bak` copy, and the stat
rules that tell whether a file may have changed. No encoding or decoding here (readlist.yamlio
does that) and nothing prints.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, NamedTuple, Protocol

from readlist.errors import StorageError


class Hasher(Protocol):
    """What atomic_write feeds what it writes to (a hashlib object)."""

    def update(self, data: bytes | memoryview, /) -> None: ...


LOCK_TIMEOUT_ENV = "READLIST_LOCK_TIMEOUT"
RACY_NS = 2_000_000_000  # covers file systems with 2-second timestamps


def describe_oserror(exc: OSError) -> str:
    """What went wrong, in words that say what to do about it."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free some space and run the command again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the file's and its folder's permissions"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


class FileChanged(OSError):
    """The file being copied from got shorter while readlist was copying it."""

    def __init__(self) -> None:
        super().__init__(
            "it was changed by another program while readlist was copying it; run the command again"
        )


class FileBytes:
    """The bytes of an open file, read where they are asked for and never held whole: what a
    write copies from a large list without reading it into memory first. The caller keeps the
    file open (and the list locked) while it is used, then closes it.

    Where the system cannot read at an offset (os.preadv), `open_bytes` gives None and the
    caller reads the file whole."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self._handle = handle
        self.fd = handle.fileno()
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, where: slice) -> bytes:
        start, stop, _ = where.indices(self.size)
        return self.read(start, stop)

    def read(self, start: int, stop: int) -> bytes:
        if stop <= start:
            return b""
        data = os.pread(self.fd, stop - start, start)
        if len(data) != stop - start:
            raise FileChanged
        return data

    def startswith(self, prefix: bytes, start: int) -> bool:
        return self.read(start, min(start + len(prefix), self.size)) == prefix

    def part(self, start: int, stop: int) -> FilePart:
        return FilePart(self, start, max(start, stop))

    def close(self) -> None:
        self._handle.close()


class FilePart:
    """Bytes [start, stop) of a FileBytes, read a chunk at a time when they are written."""

    __slots__ = ("source", "start", "stop")

    def __init__(self, source: FileBytes, start: int, stop: int) -> None:
        self.source, self.start, self.stop = source, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def __bytes__(self) -> bytes:
        return self.source.read(self.start, self.stop)

    def read_into(self, buffer: bytearray, offset: int) -> memoryview:
        """The part's bytes from `offset` on (relative to its start), as many as `buffer`
        holds, read into it."""
        want = min(len(buffer), len(self) - offset)
        view = memoryview(buffer)[:want]
        if os.preadv(self.source.fd, [view], self.start + offset) != want:
            raise FileChanged
        return view


Piece = bytes | memoryview | FilePart


def open_bytes(path: Path) -> tuple[FileBytes, os.stat_result] | None:
    """The file as FileBytes, and its stat taken on the same open file; None where the system
    cannot read at an offset. Raises OSError."""
    if not hasattr(os, "preadv"):
        return None
    handle = open(path, "rb")  # noqa: SIM115 - FileBytes.close closes it
    try:
        st = os.fstat(handle.fileno())
    except BaseException:
        handle.close()
        raise
    return FileBytes(handle, st.st_size), st


class Written(NamedTuple):
    """What atomic_write made: the file's stat, taken once the file was in place, and whether
    that stat is sealed (see sealed)."""

    stat: os.stat_result
    sealed: bool


def atomic_write(
    path: Path,
    data: bytes | Sequence[Piece],
    *,
    new_mode: int | None = None,
    before_replace: Callable[[], None] | None = None,
    digest: Hasher | None = None,
) -> Written:
    """Replace `path` with `data` (bytes, or pieces written one after another: a FilePart is
    copied a chunk at a time) so that a crash at any moment leaves the old file or the new
    one, whole: a temp file in the same folder, flushed and fsynced once, then `os.replace`,
    then an fsync of the folder. `digest`, when given, is fed every byte as it is written (so
    it is the hash of exactly what was written, in the same pass). An existing file keeps its
    permissions; a new one gets `new_mode` (default: private, 0600).
    `before_replace` runs once the new bytes are safe on disk, just before they replace the
    file (to check that nobody changed it, or to keep a backup); what it raises stops the
    write. Raises OSError; the temp file never outlives the call. Returns the new file's
    stat, and whether it is sealed."""
    import tempfile  # (and random, which it imports): only a write needs them

    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            _write_pieces(handle, [data] if isinstance(data, bytes) else data, digest)
            handle.flush()
            os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        try:
            mode: int | None = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = new_mode
        if mode is not None:
            os.chmod(tmp_name, mode)
        if before_replace is not None:
            before_replace()
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_folder(path.parent)
        published = path.stat()
        return Written(published, sealed(written, published))
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


_CHUNK = 1 << 20
_BUFFERS = 4


def _write_pieces(handle: IO[bytes], pieces: Sequence[Piece], digest: Hasher | None) -> None:
    """Write the pieces one after another, a FilePart a chunk at a time through a few reused
    buffers (so that the unchanged bytes of a large list never fill memory). With a `digest`,
    another thread hashes each chunk once it is written, while the next one is read and
    written: hashing and writing let other threads run, so the hash costs little more time
    than the write."""
    import queue
    import threading

    free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
    for _ in range(_BUFFERS):
        free.put(bytearray(_CHUNK))
    written: queue.SimpleQueue[tuple[bytes | memoryview, bytearray | None] | None]
    written = queue.SimpleQueue()
    failed: list[BaseException] = []

    def hash_written() -> None:
        assert digest is not None
        while (item := written.get()) is not None:
            chunk, buffer = item
            if not failed:
                try:
                    digest.update(chunk)
                except BaseException as exc:  # handed to the writer; the buffers still return
                    failed.append(exc)
            if buffer is not None:
                free.put(buffer)

    hasher = None
    if digest is not None:
        hasher = threading.Thread(target=hash_written, name="readlist-digest", daemon=True)
        hasher.start()
    try:
        for piece in pieces:
            if not isinstance(piece, FilePart):
                handle.write(piece)
                if hasher is not None:
                    written.put((piece, None))
                continue
            offset = 0
            while offset < len(piece):
                buffer = free.get()
                chunk = piece.read_into(buffer, offset)
                handle.write(chunk)
                offset += len(chunk)
                if hasher is not None:
                    written.put((chunk, buffer))
                else:
                    free.put(buffer)
    finally:
        if hasher is not None:
            written.put(None)
            hasher.join()
    if failed:
        raise failed[0]


def public_mode() -> int:
    """The mode a new file gets from an ordinary program: 0666 minus the umask (for files
    meant to be shared, such as exports, where mkstemp's private 0600 would surprise)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system allows it)."""
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


def backup(path: Path, bak: Path) -> None:
    """Make `bak` the current version of `path`, atomically (a hard link, else a copy)."""
    tmp = bak.with_name(f".{bak.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    try:
        os.link(path, tmp)
    except OSError:
        import shutil

        shutil.copy2(path, tmp)
    os.replace(tmp, bak)


def read_with_stat(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes, and its stat taken on the same open file just before reading.
    Raises OSError."""
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        return handle.read(), st


@contextlib.contextmanager
def locked(lock_path: Path, name: str) -> Iterator[None]:
    """Hold the exclusive lock `lock_path` (waiting up to READLIST_LOCK_TIMEOUT seconds, 60 by
    default). Raises StorageError naming `name` when it cannot be had."""
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+b")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise StorageError(
            f"cannot lock {name}: {describe_oserror(exc)}; the list is unchanged"
        ) from None
    try:
        _acquire(handle, lock_path, name)
        yield
    finally:
        handle.close()  # closing releases the lock


def _acquire(handle: IO[bytes], lock_path: Path, name: str) -> None:
    from readlist.env import seconds_from_env

    timeout = seconds_from_env(LOCK_TIMEOUT_ENV, 60.0, allow_zero=True)
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
        f"{name} is locked by another readlist command (waited {timeout:.0f} s); "
        f"try again, or delete {lock_path} if no readlist is running"
    )


# --- whether a file may have changed ---------------------------------------------------------


def stat_key(st: os.stat_result) -> tuple[int, ...]:
    """What changes whenever a file's bytes are changed or replaced."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def settled(st: os.stat_result, verified_ns: int) -> bool:
    """True when the file was last changed well before its bytes were checked at
    `verified_ns`, so that any later change would show in its ctime (which no program can set
    back): git's "racy clean" rule."""
    limit = verified_ns - RACY_NS
    return st.st_ctime_ns < limit and st.st_mtime_ns < limit


def sealed(written: os.stat_result, published: os.stat_result) -> bool:
    """True when the stat of a file readlist wrote, taken once it was in place (`published`),
    proves that any later change of its bytes changes its mtime, so that an unchanged stat can
    be trusted at once, without git's wait for the racy window to pass.

    The bytes were final and private (a temp file nobody else knows) when they got their mtime
    (`written`: the same inode, size and mtime then); the chmod and rename that published the
    file set its ctime afterwards. When that ctime is a later timestamp than the mtime, by at
    least two units of the file system's timestamps (2 s on FAT), anything that changes the file
    after it was published is stamped at or after that ctime, so with another mtime. When the
    two fall in one unit (a fast write, a coarse clock), it is not sealed: the racy rule of
    `settled` applies, and the next command hashes the file once."""
    if (written.st_ino, written.st_size, written.st_mtime_ns) != (
        published.st_ino,
        published.st_size,
        published.st_mtime_ns,
    ):
        return False  # changed since it was written: by someone else
    gap = published.st_ctime_ns - published.st_mtime_ns
    return gap >= 2 * timestamp_unit(published.st_mtime_ns)


def timestamp_unit(time_ns: int) -> int:
    """The coarsest unit a file system could have stored `time_ns` in: the largest power of ten
    (up to a second) that divides it. A nanosecond clock's times are seldom round; a FAT
    volume's are whole (even) seconds, exFAT's hundredths."""
    unit = 1
    while unit < 1_000_000_000 and time_ns % (unit * 10) == 0:
        unit *= 10
    return unit


def writable(path: Path) -> bool:
    """False for a file its owner made read-only, even when root could write it anyway."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)
