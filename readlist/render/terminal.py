"""The pieces every view shares: whether to draw with rich, writing to stdout, the one warning
and error printer (stderr), the one progress bar, and saving a view as SVG."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readlist.errors import ReadlistError


@dataclass
class Outcome:
    """What a command did, to show: lines for stdout, warnings for stderr, and the error it
    ends with (raised by the CLI after the rest is printed), if any."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: ReadlistError | None = None


def rich_wanted(stream: IO[str] | None = None) -> bool:
    """Rich output only on a terminal, and not when NO_COLOR or TERM=dumb says otherwise."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("READLIST_FORCE_RICH"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(stream: IO[str] | None = None, **kwargs: Any) -> Any:
    from rich.console import Console

    return Console(file=stream or sys.stdout, highlight=False, **kwargs)


def write(text: str, stream: IO[str] | None = None) -> None:
    """`text` on stdout (or `stream`), ending with one newline."""
    from readlist.wording import visible

    out = stream or sys.stdout
    text = visible(text)
    with _output_errors():
        out.write(text if text.endswith("\n") or not text else text + "\n")


def write_bytes(text: str) -> None:
    """`text` on stdout as UTF-8 bytes, exactly: whatever the locale says, and with line ends
    as given (CSV's CRLF)."""
    from readlist.wording import visible

    text = visible(text)
    with _output_errors():
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            buffer.write(text.encode("utf-8"))
            buffer.flush()


def flush_output() -> None:
    """Flush stdout before exiting, so that a full disk or a closed pipe is an error line and an
    exit code, not a traceback at interpreter exit."""
    with _output_errors():
        sys.stdout.flush()


@contextlib.contextmanager
def _output_errors() -> Iterator[None]:
    """An OSError writing stdout becomes a StorageError; stdout is then pointed at /dev/null
    so that Python's own flush at exit does not fail again."""
    try:
        yield
    except OSError as exc:
        from readlist.errors import StorageError

        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        if exc.errno == errno.EPIPE:  # the reader went away (`| head`): nothing to say
            raise SystemExit(141) from None
        reason = exc.strerror or str(exc)
        raise StorageError(f"cannot write the output: {reason}") from None


def _stderr(lines: list[str]) -> None:
    from readlist.wording import visible

    if lines:
        sys.stderr.write(visible("\n".join(lines)) + "\n")
        sys.stderr.flush()


def warn(*messages: str) -> None:
    """Each message as one `readlist: warning:` line on stderr."""
    _stderr([f"readlist: warning: {message}" for message in messages])


# An error line quotes what it is about (a value, a reference); what it quotes is never allowed
# to make the line itself huge.
MESSAGE_LIMIT = 1000


def _bounded(message: str) -> str:
    if len(message) <= MESSAGE_LIMIT:
        return message
    cut = len(message) - MESSAGE_LIMIT
    return f"{message[: MESSAGE_LIMIT - 200]} [... {cut:,} characters ...] {message[-200:]}"


def print_error(failure: ReadlistError) -> None:
    """An error as one line on stderr (plus its details, indented), at most MESSAGE_LIMIT
    characters each."""
    _stderr(
        [
            f"readlist: error: {_bounded(failure.message)}",
            *(f"  {_bounded(d)}" for d in failure.details),
        ]
    )


def notice(text: str) -> None:
    """A line about a side effect (a file saved) on stderr, so stdout stays the view."""
    _stderr([text])


def print_outcome(outcome: Outcome, *, quiet: bool = False) -> None:
    """An outcome's lines on stdout (unless `quiet`) and its warnings on stderr."""
    if outcome.lines and not quiet:
        write("\n".join(outcome.lines))
    warn(*outcome.warnings)


class ProgressBar:
    """A progress callback `(done, total)` for work worth waiting for: a transient bar on
    stderr when it is a terminal; otherwise the lines `plain_start(total)` and
    `plain_end(total)`, or nothing. Work of fewer than `min_total` steps shows nothing, unless
    it has to wait: `wait(seconds, why)` shows a spinner saying what it waits for (a service's
    pacing, its Retry-After) until the next step. Use it in a `with` block (or call `close`)
    so an unfinished bar is taken down."""

    def __init__(
        self,
        label: str,
        *,
        min_total: int = 2,
        plain_start: Callable[[int], str] | None = None,
        plain_end: Callable[[int], str] | None = None,
    ) -> None:
        self.label = label
        self.min_total = min_total
        self.plain_start = plain_start
        self.plain_end = plain_end
        self._bar: Any = None
        self._task: Any = None
        self._plain_started = False
        self._total: int | None = None

    def __call__(self, done: int, total: int) -> None:
        self._total = total
        if total < self.min_total and self._bar is None:
            return
        if self._bar is None and not self._plain_started:
            self._start(total)
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total, description=self.label)
        if done >= total:
            self._finish(total)

    def wait(self, seconds: float, why: str) -> None:
        """Say, on a terminal, that the work waits `seconds` and why (until the next step)."""
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            self._start(self._total if self._total and self._total >= self.min_total else None)
        if self._bar is not None:
            waiting = f"{self.label}: waiting {seconds:.0f} s ({why})"
            self._bar.update(self._task, description=waiting)
            self._bar.refresh()

    def _start(self, total: int | None) -> None:
        if sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}" if total else ""),
                console=console(sys.stderr),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=total)
        elif self.plain_start is not None and total is not None:
            _stderr([self.plain_start(total)])
            self._plain_started = True

    def _finish(self, total: int) -> None:
        if self._plain_started and self.plain_end is not None:
            _stderr([self.plain_end(total)])
        self._plain_started = False
        self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def new_table(**options: Any) -> Any:
    """A rich Table with the border the config file chooses (table.style)."""
    from rich import box
    from rich.table import Table

    from readlist import config

    style = str(config.get("table.style"))
    border = None if style == "none" else getattr(box, style.upper().replace("-", "_"))
    return Table(box=border, **options)


def network_bar(label: str) -> ProgressBar:
    """The progress of work that waits for a server: on a terminal, a spinner from the first
    request (even one request can keep you waiting), a bar once there are several, and what
    it waits for when it pauses."""
    return ProgressBar(label, min_total=1)


def print_view(plain: str, renderables: Callable[[], list[Any]]) -> None:
    """Rich renderables on a terminal, else the plain text."""
    if not rich_wanted():
        write(plain)
        return
    out = console()
    for renderable in renderables():
        out.print(renderable)


def svg_picture(renderables: list[Any], title: str, width: int = 110) -> str:
    """`renderables` drawn as on a terminal `width` columns wide, as an SVG picture."""
    from readlist.render.svg import terminal

    return terminal(renderables, title, width)
