"""Structured records as candidates: RIS entries, CSL-JSON items and other JSON paper objects
give named fields (title, authors, DOI, links); this turns them into one Candidate each, with
ids read by readlist.ids. The formats' modules only find the fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

from readlist.ids import MalformedId, arxiv_id_of, arxiv_in, arxiv_of_doi, parse_doi
from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import clean_abstract, clean_title, collapse

# Markup publishers and Zotero keep in a title field: "PM<sub>2.5</sub>", "chlorophyll <i>a</i>".
_INLINE_HTML = re.compile(r"</?(?:i|b|em|strong|sub|sup|u|sc|span|scp)(?:\s[^<>]*)?>", re.I)


@dataclass
class Fields:
    """What a structured record says about a paper, as plain strings."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    doi: str | None = None
    arxiv: str | None = None  # a field meant as an arXiv id (eprint, arxiv_id, number)
    links: list[str] = field(default_factory=list)  # URLs, in the record's order
    other_text: list[str] = field(default_factory=list)  # notes that may hold an arXiv id
    abstract: str | None = None
    tags: list[str] = field(default_factory=list)
    journal: str | None = None
    site_ids: dict[str, str] = field(default_factory=dict)  # fields that hold one (PMID)
    volume: str | None = None  # "abs/1706.03762" under journal "CoRR" or "ArXiv" is an arXiv id


def candidate(fields: Fields, source: str) -> Candidate:
    """One Candidate from a record's fields: the arXiv id from the arXiv field, the DOI (arXiv's
    DOI is the arXiv id), the links, then the notes; the first other link as its URL."""
    title = _INLINE_HTML.sub("", fields.title) if fields.title else None
    found = Candidate(source=source, title=clean_title(title))
    found.authors = [collapse(a) for a in fields.authors if a and collapse(a)]
    found.abstract = clean_abstract(fields.abstract)
    found.tags = list(dict.fromkeys(collapse(t) for t in fields.tags if t and collapse(t)))
    found.journal_ref = collapse(fields.journal) if fields.journal else None
    if fields.arxiv:
        try:
            parsed = arxiv_id_of(fields.arxiv)
        except MalformedId as exc:
            found.notes = f"arXiv id {fields.arxiv} is not valid: {exc}"
            parsed = None
        if parsed is not None:
            found.arxiv, found.version = parsed.id, parsed.version
    doi = parse_doi(fields.doi) if fields.doi else None
    if doi:
        as_arxiv = arxiv_of_doi(doi)
        if as_arxiv is None:
            found.doi = doi
        elif not found.arxiv:
            found.arxiv, found.version = as_arxiv.id, as_arxiv.version
    # "CoRR, abs/1706.03762", or a venue that is the id itself ("arXiv:2401.02662").
    cited = [", ".join(filter(None, (fields.journal, fields.volume)))] if fields.journal else []
    for text in chain(fields.links, fields.other_text, cited):
        if found.arxiv:
            break
        arxiv, _raw, _problem = arxiv_in(text)
        if arxiv is not None:
            found.arxiv, found.version = arxiv.id, arxiv.version
    if not found.doi:
        found.doi = next(
            (d for d in map(parse_doi, fields.links) if d and not arxiv_of_doi(d)), None
        )
    found.take_site_ids(chain(fields.links, fields.other_text))
    for kind, value in fields.site_ids.items():
        found.take_site_id(kind, value)
    if not found.arxiv:
        web = [u for u in fields.links if u.startswith(("http://", "https://"))]
        found.url = web[0] if web else None
    if not found.is_paper():
        found.problem = "a record with no title, arXiv id, DOI or link: nothing identifies it"
    return found
