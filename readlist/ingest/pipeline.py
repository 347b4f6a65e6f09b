"""The whole ingest: read the inputs, parse each with its format's parser, merge everything into
the reading list in one transaction (or, for a dry run, into a scratch copy that is thrown
away), and return the report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readlist.callbacks import ProgressFn
from readlist.dates import today
from readlist.errors import InputError, ReadlistError
from readlist.ingest import detect, reader
from readlist.ingest.candidate import Candidate
from readlist.ingest.merge import Merger
from readlist.ingest.report import FileReport, IngestReport
from readlist.paths import own_files
from readlist.store import Store
from readlist.views import Library, Transaction


@dataclass
class ParsedInput:
    """One input, read and parsed: its report line and the candidates it holds."""

    file: FileReport
    candidates: list[Candidate] = field(default_factory=list)


def parse_input(document: reader.Document, format_name: str | None = None) -> ParsedInput:
    """Detect (unless `format_name` is given) and parse one decoded document."""
    report = FileReport(document.name, warnings=list(document.warnings), error=document.error)
    if document.text is None:
        return ParsedInput(report)
    name = format_name or detect.detect(document.text, document.name)
    report.format = name
    if not document.text.strip():
        return ParsedInput(report)
    try:
        candidates = detect.parser(name)(document.text, document.name)
    except ReadlistError as exc:
        report.error = exc.message
        return ParsedInput(report)
    if name != "bibtex":  # a README's ```bibtex blocks: the titles and ids of its entries
        from readlist.ingest.cited import use_citations

        use_citations(candidates, document.text, document.name)
    report.found = len(candidates)
    for candidate in candidates:
        report.warnings.extend(candidate.warnings)
    if not candidates:
        report.warnings.append(
            f"{document.name}: no papers found (read as {detect.describe(name)}); if it is "
            f"another kind of document, say which with --format ({detect.choices()})"
        )
    return ParsedInput(report, candidates)


def read_documents(
    paths: Sequence[str],
    *,
    format_name: str | None = None,
    stdin: Callable[[], bytes] | None = None,
    max_bytes: int | None = reader.DEFAULT_MAX_MB * 1_000_000,
    skip: Sequence[Path] = (),
) -> list[ParsedInput]:
    """Every input read and parsed, in order. `stdin` is called (once) for `-`."""
    if format_name is not None:
        format_name = detect.canonical(format_name)
    parsed: list[ParsedInput] = []
    stdin_used = False
    for item in reader.inputs(paths, skip):
        if isinstance(item, reader.Document):
            document = item
        elif item is None:
            if stdin is None or stdin_used:
                document = reader.Document(
                    reader.STDIN_NAME, error="<stdin>: can be read only once; give - once"
                )
            else:
                stdin_used = True
                document = reader.read_bytes(stdin(), reader.STDIN_NAME, max_bytes)
        else:
            document = reader.read_path(item, max_bytes)
        parsed.append(parse_input(document, format_name))
    return parsed


def ingest(txn: Transaction, documents: Sequence[ParsedInput]) -> IngestReport:
    """Merge the documents' candidates into the list held by `txn`; the report says what
    happened to each entry and each challenge day."""
    candidates = [c for document in documents for c in document.candidates]
    merger = Merger(txn, candidates, today())
    for candidate in candidates:
        merger.add(candidate)
    challenges = merger.finish_challenges()
    return IngestReport(
        files=[document.file for document in documents],
        entries=merger.entries,
        challenges=challenges,
    )


def ingest_text(
    txn: Transaction, text: str, name: str, format_name: str | None = None
) -> IngestReport:
    """Merge one document given as text (named `name` in sources) into `txn`'s list."""
    if format_name is not None:
        format_name = detect.canonical(format_name)
    return ingest(txn, [parse_input(reader.Document(name, text), format_name)])


def scratch_transaction(library: Library) -> Transaction:
    """A Transaction over a read-only view: it collects changes that are never written."""
    return Transaction(
        path=library.path,
        header=dict(library.header),
        challenges=list(library.challenges),
        index=library.index,
        meta=library.meta,
    )


def ingest_paths(
    store: Store,
    paths: Sequence[str],
    *,
    format_name: str | None = None,
    dry_run: bool = False,
    stdin: Callable[[], bytes] | None = None,
    max_bytes: int | None = reader.DEFAULT_MAX_MB * 1_000_000,
    on_progress: ProgressFn | None = None,
) -> IngestReport:
    """Read, parse and merge `paths` into `store`'s list; with `dry_run`, the same work on a
    scratch copy and nothing written (not even a lock file).

    Raises InputError when no input could be read at all.
    """
    if not paths:
        raise InputError("nothing to ingest: give files, folders or - for stdin")
    documents = read_documents(
        paths,
        format_name=format_name,
        stdin=stdin,
        max_bytes=max_bytes,
        skip=tuple(own_files(store.path).values()),
    )
    readable = [d for d in documents if d.file.error is None]
    if not readable:
        errors = [d.file.error for d in documents if d.file.error]
        if len(errors) == 1:
            raise InputError(f"{errors[0]}; the list is unchanged")
        raise InputError(
            f"none of the {len(errors)} inputs could be read; the list is unchanged", errors
        )
    if dry_run:
        library = store.load(on_progress)
        try:
            report = ingest(scratch_transaction(library), documents)
        finally:
            library.index.close()
    else:
        with store.transaction(on_progress) as txn:
            report = ingest(txn, documents)
    report.dry_run = dry_run
    return report
