"""Which kind of document a text is, and the parser for each kind. The file name's extension
decides for .bib, .csv/.tsv, .md, .ris, .json, .org and .html; otherwise the text's own shape
does."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from readlist.errors import UsageError
from readlist.ingest.candidate import Candidate
from readlist.wording import or_list


@dataclass(frozen=True)
class IngestFormat:
    """One document format: its name (and aliases for --format), the module whose
    `parse(text, source_name)` reads it, what reports call it, and the file name endings that
    decide it without looking at the text."""

    name: str
    module: str
    description: str
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()


# The document formats, declared once: --format, its help and its errors come from here.
FORMATS: dict[str, IngestFormat] = {
    f.name: f
    for f in (
        IngestFormat(
            "markdown", "markdown", "Markdown list", ("md",), (".md", ".markdown", ".mdown")
        ),
        IngestFormat("listing", "listing", "listing page (titles with abstracts)"),
        IngestFormat("thread", "thread", "challenge thread"),
        IngestFormat("abstracts", "abstracts", "abstracts, one per line"),
        IngestFormat("bibtex", "bibtex", "BibTeX", ("bib",), (".bib", ".bibtex")),
        IngestFormat("csv", "csvfile", "CSV", ("tsv",), (".csv", ".tsv")),
        IngestFormat("ris", "ris", "RIS", (), (".ris",)),
        IngestFormat(
            "json",
            "jsonfile",
            "JSON (CSL-JSON or paper objects)",
            ("csl", "csl-json"),
            (".json", ".csl.json"),
        ),
        IngestFormat("org", "org", "Org-mode", (), (".org",)),
        IngestFormat("html", "html", "HTML page", ("htm",), (".html", ".htm", ".xhtml")),
        IngestFormat("digest", "digest", "arXiv e-mail digest", ("email", "mail")),
        IngestFormat("text", "plain", "text with arXiv links", ("ids", "links")),
    )
}
_BIB_ENTRY = re.compile(
    r"^\s*@(?:article|misc|inproceedings|incollection|book|inbook|techreport|phdthesis|"
    r"mastersthesis|unpublished|online|proceedings|conference|manual|booklet|string|preamble|"
    r"comment|software|dataset|report|thesis|electronic)\s*[{(]",
    re.IGNORECASE | re.MULTILINE,
)
_MD_SIGNS = (
    re.compile(r"^\s{0,3}#{1,6}\s+\S", re.MULTILINE),
    re.compile(r"(?<!!)\[[^\]\n]+\]\((?:https?://|#)[^)\s]*\)"),
    re.compile(r"^\s{0,3}>\s", re.MULTILINE),
    re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE),
    re.compile(r"^\s*[-*+]\s+\S", re.MULTILINE),
    re.compile(r"\*\*[^*\n]+\*\*"),
)

_COMMENT_BLOCK = re.compile(r"(?m)(?:^#(?:[ \t][^\n]*)?\n){3,}")


def canonical(name: str) -> str:
    """The format called `name` (case and aliases forgiven); UsageError for an unknown one."""
    key = name.strip().lower()
    key = next((f.name for f in FORMATS.values() if key in f.aliases), key)
    if key not in FORMATS:
        aliases = ", ".join(alias for f in FORMATS.values() for alias in f.aliases)
        raise UsageError(f"--format {name!r} is not one of: {', '.join(FORMATS)} (or {aliases})")
    return key


def choices() -> str:
    """'markdown, listing, ... or text', for help texts."""
    return or_list(list(FORMATS))


def describe(name: str) -> str:
    return FORMATS[name].description


def parser(name: str) -> Callable[[str, str], list[Candidate]]:
    module: ModuleType = importlib.import_module(f"readlist.ingest.{FORMATS[name].module}")
    parse: Callable[[str, str], list[Candidate]] = module.parse
    return parse


def _parses_as_json(text: str) -> bool:
    import json

    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def detect(text: str, name: str = "") -> str:
    """The format of a document, from its name's extension and its text."""
    from readlist.ingest import csvfile, digest, html, jsonfile, listing, markdown, org, ris, thread

    head = text.lstrip("\ufeff")[:4096]
    if head.startswith(markdown.EXPORT_MARKER):
        return "markdown"
    lowered = name.lower()
    for known in FORMATS.values():
        if lowered.endswith(known.extensions):
            return known.name
    sample = text[:2_000_000]
    if jsonfile.looks_like_json(sample) and _parses_as_json(text):
        return "json"
    if html.looks_like_html(sample):
        return "html"
    if ris.looks_like_ris(sample):
        return "ris"
    if _BIB_ENTRY.search(sample) and sample.count("=") >= 1:
        return "bibtex"
    if digest.looks_like_digest(sample):
        return "digest"
    if org.looks_like_org(sample):
        return "org"
    lines = sample.splitlines()
    if any(thread.is_day_line(line) for line in lines) and (
        re.search(r"#\w+", sample) or re.search(r"(?im)^\s*paper\s*:", sample)
    ):
        return "thread"
    if csvfile.has_header(sample):
        return "csv"
    # Three or more `#` lines in a row are a comment block (a shell-style preamble), not headings.
    sample = _COMMENT_BLOCK.sub("", sample)
    signs = sum(1 for sign in _MD_SIGNS if sign.search(sample))
    if signs >= 2:
        return "markdown"
    non_empty = [line for line in lines if line.strip()]
    if non_empty and all(
        len(line.split()) >= 40 and not line.lstrip().startswith(("#", "@", "|", "-", "*", ">"))
        for line in non_empty
    ):
        return "abstracts"
    if len(listing.pairs(sample)) >= 2:
        return "listing"
    if _MD_SIGNS[0].search(sample) or _MD_SIGNS[1].search(sample):
        # A heading or a Markdown link, and no better guess: still a Markdown list.
        return "markdown"
    return "text"
