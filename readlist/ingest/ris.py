"""RIS (`TY  - JOUR` ... `ER  -`), as Zotero, Mendeley, EndNote and publishers export it, read
with rispy: one candidate per entry, with its title, authors, DOI, links and keywords."""

from __future__ import annotations

import re

from readlist.errors import InputError
from readlist.ingest.candidate import Candidate
from readlist.ingest.records import Fields, candidate

_START = re.compile(r"^[ \t]*TY\s{1,2}-", re.MULTILINE)
_TITLE_KEYS = ("title", "primary_title", "translated_title", "short_title")
_AUTHOR_KEYS = ("authors", "first_authors", "secondary_authors")
_JOURNAL_KEYS = ("journal_name", "secondary_title", "alternate_title1", "alternate_title3")


def looks_like_ris(text: str) -> bool:
    """True when entries start with `TY  -` lines and end with `ER  -` lines."""
    return bool(_START.search(text)) and bool(re.search(r"^\s*ER\s{1,2}-", text, re.MULTILINE))


def parse(text: str, source_name: str) -> list[Candidate]:
    import rispy

    body = text.lstrip("\ufeff").replace("\r\n", "\n")
    try:
        entries = rispy.loads(body, skip_unknown_tags=True)
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise InputError(f"{source_name}: not a valid RIS file ({exc})") from None
    lines = [body.count("\n", 0, found.start()) + 1 for found in _START.finditer(body)]
    candidates = []
    for position, entry in enumerate(entries):
        line = lines[position] if position < len(lines) else 1
        candidates.append(candidate(_fields(entry), f"{source_name}:{line}"))
    return candidates


def _first(entry: dict[str, object], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _fields(entry: dict[str, object]) -> Fields:
    authors = [a for key in _AUTHOR_KEYS for a in _strings(entry.get(key))]
    links = _strings(entry.get("urls")) + _strings(entry.get("url"))
    notes = [
        *_strings(entry.get("notes")),
        *_strings(entry.get("note")),
        *_strings(entry.get("custom1")),
        *_strings(entry.get("file_attachments1")),  # L1: a PDF's link (OpenReview's, PMLR's)
    ]
    database = str(entry.get("name_of_database") or "").lower()
    accession = _first(entry, ("accession_number",))
    return Fields(
        title=_first(entry, _TITLE_KEYS),
        authors=[_forename_first(a) for a in authors],
        doi=_first(entry, ("doi",)),
        links=links,
        other_text=notes,
        abstract=_first(entry, ("abstract", "notes_abstract")),
        tags=_strings(entry.get("keywords")),
        journal=_first(entry, _JOURNAL_KEYS),
        site_ids={"pubmed": accession} if accession and "pubmed" in database else {},
        volume=_first(entry, ("volume",)),
    )


def _forename_first(name: str) -> str:
    """'LeCun, Yann' -> 'Yann LeCun'."""
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}".strip() if comma else name.strip()
