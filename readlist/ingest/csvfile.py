"""CSV (and TSV) with a header row: spreadsheets of papers and readlist's own CSV export.
Columns are recognised by name (title/name, link/url, arxiv, status, dates, tags, day...)."""

from __future__ import annotations

import csv
import io

from readlist.errors import InputError
from readlist.ingest.candidate import Candidate
from readlist.ingest.tables import candidate_from_row, header_roles

DELIMITERS = ",;\t|"


def sniff_delimiter(first_line: str) -> str:
    """The delimiter the header line uses most (comma when it uses none)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def has_header(text: str) -> bool:
    """True when the first non-empty line is a header row naming a paper column."""
    for line in text.lstrip("\ufeff").split("\n"):
        if line.strip():
            delimiter = sniff_delimiter(line)
            try:
                cells = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                return False
            return len(cells) >= 2 and header_roles(cells) is not None
    return False


def parse(text: str, source_name: str) -> list[Candidate]:
    """Every data row as a Candidate. Raises InputError when the file has no usable header."""
    body = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = body.split("\n")
    skipped = 0
    while skipped < len(lines) and not lines[skipped].strip():
        skipped += 1
    if skipped == len(lines):
        return []
    delimiter = sniff_delimiter(lines[skipped])
    reader = csv.reader(io.StringIO("\n".join(lines[skipped:])), delimiter=delimiter, strict=False)
    candidates: list[Candidate] = []
    try:
        header = next(reader)
        roles = header_roles(header)
        if roles is None:
            raise InputError(
                f"{source_name}:{skipped + 1}: the first row is not a header naming a title, "
                "name, link or arxiv column; add one (e.g. title,link,status) or use "
                "--format text to pick out arXiv links only"
            )
        while True:
            line = skipped + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            found = candidate_from_row(row, roles, f"{source_name}:{line}")
            if found is not None:
                candidates.append(found)
    except csv.Error as exc:
        raise InputError(
            f"{source_name}:{skipped + reader.line_num}: not readable as CSV ({exc}); "
            "check the quoting there"
        ) from None
    return candidates
