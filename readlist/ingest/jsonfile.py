"""JSON documents of papers: CSL-JSON (Zotero, Better BibTeX, Manubot, pandoc) and any array of
paper objects (Hugging Face daily papers, exports of other tools), also as the one list inside
an object (`{"papers": [...]}`). Keys are recognised by name, as CSV columns are."""

from __future__ import annotations

import json
import re
from typing import Any

from readlist.errors import InputError
from readlist.ids import try_parse_id
from readlist.ingest.candidate import Candidate
from readlist.ingest.records import Fields, candidate

_TITLE = ("title", "paper_title", "papertitle", "name", "paper")
_AUTHORS = ("author", "authors", "creators")
_DOI = ("doi",)
_ARXIV = ("arxiv", "arxiv_id", "arxivid", "eprint", "arxiv_url")
_LINKS = (
    "url",
    "link",
    "href",
    "pdf",
    "pdf_url",
    "paper_url",
    "abs_url",
    "html_url",
    "urls",
    "links",
)
_NOTES = ("note", "number", "id", "extra", "comment", "comments")
_ABSTRACT = ("abstract", "summary")
# Keys that hold one site's id (CSL-JSON's PMID; other tools' names for the rest).
_SITE_IDS = {
    "openreview": ("openreview", "openreview_id", "openreview_url"),
    "acl": ("acl", "acl_id", "anthology_id"),
    "pmlr": ("pmlr", "pmlr_id"),
    "dblp": ("dblp", "dblp_key", "dblp_id"),
    "pubmed": ("PMID", "pmid", "pubmed", "pubmed_id"),
}
_TAGS = ("keyword", "keywords", "tags", "topics", "categories")
_JOURNAL = ("container-title", "container_title", "journal", "venue", "publicationtitle")


def looks_like_json(text: str) -> bool:
    """True for a JSON array or object (checked by parsing the start cheaply)."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    return head in ("[", "{")


def parse(text: str, source_name: str) -> list[Candidate]:
    body = text.lstrip("\ufeff")
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source_name}:{exc.lineno}: not valid JSON ({exc.msg}); fix it or give --format"
        ) from None
    items = _paper_objects(data)
    if items is None:
        raise InputError(
            f"{source_name}: JSON without a list of paper objects (objects with a title, DOI, "
            "arXiv id or link)"
        )
    candidates = []
    offset = 0
    for item in items:
        fields = _fields(_flatten(item))
        line, offset = _line_of(body, fields.title, offset)
        candidates.append(candidate(fields, f"{source_name}:{line}"))
    return candidates


def _paper_objects(data: Any) -> list[dict[str, Any]] | None:
    """The list of paper objects: the document itself, or its longest list of objects."""
    if isinstance(data, list):
        objects = [item for item in data if isinstance(item, dict)]
        return objects if objects else None
    if isinstance(data, dict):
        if any(_get(data, keys) for keys in (_TITLE, _DOI, _ARXIV)):
            return [data]
        lists = [v for v in data.values() if isinstance(v, list | dict)]
        found = [f for f in (_paper_objects(v) for v in lists) if f]
        return max(found, key=len) if found else None
    return None


def _flatten(item: dict[str, Any]) -> dict[str, Any]:
    """Keys in lower case; a nested `paper` object's keys (Hugging Face) lifted up."""
    flat = {str(k).lower(): v for k, v in item.items()}
    inner = flat.get("paper")
    if isinstance(inner, dict):
        flat.pop("paper")
        for key, value in inner.items():
            flat.setdefault(str(key).lower(), value)
    return flat


def _get(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = item.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):  # {"Paper": url, "Code": url}: the values, in order
        return [v for v in value.values() if isinstance(v, str)]
    if isinstance(value, list):
        return [s for s in (_name(v) if isinstance(v, dict) else _text(v) for v in value) if s]
    return []


def _people(value: Any) -> list[str]:
    """Authors as a list of names, or one string of them ('A, B and C')."""
    if isinstance(value, str):
        return [n for n in re.split(r",\s*|\s+and\s+|;\s*", re.sub(r"<[^>]+>", "", value)) if n]
    return _strings(value)


def _name(person: dict[str, Any]) -> str | None:
    """A CSL name ({family, given} or {literal}) or an object with a `name`."""
    if isinstance(person.get("literal"), str):
        return str(person["literal"])
    parts = [person.get("given"), person.get("family")]
    joined = " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return joined or _text(person.get("name"))


def _fields(item: dict[str, Any]) -> Fields:
    arxiv = _text(_get(item, _ARXIV))
    identifier = _text(item.get("id"))
    if not arxiv and identifier and try_parse_id(identifier.removeprefix("arxiv:")):
        arxiv = identifier.removeprefix("arxiv:")
    tags = _get(item, _TAGS)
    return Fields(
        title=_text(_get(item, _TITLE)),
        authors=_people(_get(item, _AUTHORS)),
        doi=_text(_get(item, _DOI)),
        arxiv=arxiv,
        links=[s for key in _LINKS for s in _strings(item.get(key))],
        other_text=[s for key in _NOTES for s in _strings(item.get(key))],
        abstract=_text(_get(item, _ABSTRACT)),
        tags=[t.strip() for t in tags.split(",")] if isinstance(tags, str) else _strings(tags),
        journal=_text(_get(item, _JOURNAL)),
        site_ids={
            kind: text for kind, keys in _SITE_IDS.items() if (text := _text(_get(item, keys)))
        },
        volume=_text(item.get("volume")),
    )


def _line_of(body: str, title: str | None, offset: int) -> tuple[int, int]:
    """The line a record's title is on (searched from `offset`), for the report's sources."""
    if title:
        quoted = json.dumps(title, ensure_ascii=False)[1:-1]
        at = body.find(quoted, offset)
        if at >= 0:
            return body.count("\n", 0, at) + 1, at + len(quoted)
    return body.count("\n", 0, offset) + 1, offset
