"""The reading list as BibTeX: one @misc (or @article) entry per paper with a stable citation
key, arXiv eprint fields, DOI and URL, and LaTeX specials and accents escaped. Pure text out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from readlist.models import PAPER_FIELDS, FieldSpec, Kind, Paper
from readlist.normalize import STOPWORDS

ARXIV_DOI_PREFIX = "10.48550/arXiv."

# Characters LaTeX gives a meaning to, written so that they print as themselves.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# BibTeX counts braces even after a backslash, so `\{` is only safe when the braces pair up;
# a lone brace is written as a word instead, or it would break the whole file.
_LONE_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_SPECIAL_ESCAPES = str.maketrans(_LATEX_SPECIALS)
_LONE_BRACE_ESCAPES = str.maketrans(_LATEX_SPECIALS | _LONE_BRACES)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Letters that are not an ASCII letter plus an accent.
_LATEX_LETTERS = {
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
}
# Combining accents and their LaTeX commands. Symbol commands take the letter directly
# ({\"u}); letter commands need a space or braces ({\c c}).
_SYMBOL_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0307": ".",
    "\u0308": '"',
}
_LETTER_ACCENTS = {
    "\u0306": "u",
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
_AUTHOR_ASIDE = re.compile(r"<[^>]*>|\([^)]*\)")
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]+")
_NOT_ID_KEY_CHAR = re.compile(r"[^A-Za-z0-9.:+-]+")


def _accented(char: str) -> str | None:
    """`{\\"u}` for ü and the like; None when `char` is not an ASCII letter with accents
    LaTeX can write."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not (base.isascii() and base.isalpha()):
        return None
    text = base
    for mark in marks:
        if mark in _SYMBOL_ACCENTS:
            argument = text if len(text) == 1 else "{" + text + "}"
            text = "{\\" + _SYMBOL_ACCENTS[mark] + argument + "}"
        elif mark in _LETTER_ACCENTS:
            argument = " " + text if len(text) == 1 else "{" + text + "}"
            text = "{\\" + _LETTER_ACCENTS[mark] + argument + "}"
        else:
            return None
    return text


def escape(text: str, *, lone_braces: bool | None = None) -> str:
    """Text as a BibTeX field value: whitespace collapsed, LaTeX specials escaped (`\\&`,
    `\\%`, `\\{`, `\\textbackslash{}`...), accented letters as LaTeX accents (`{\\"u}`); other
    Unicode kept. `lone_braces` says whether the whole value's braces fail to pair up (by
    default, `text`'s own)."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if lone_braces is None:
        lone_braces = not _braces_pair_up(text)
    text = text.translate(_LONE_BRACE_ESCAPES if lone_braces else _SPECIAL_ESCAPES)
    if text.isascii():
        return text
    return _NON_ASCII.sub(_latex_letter, text)


def _latex_letter(found: re.Match[str]) -> str:
    char = found.group()
    return _LATEX_LETTERS.get(char) or _accented(char) or char


def _braces_pair_up(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def escape_title(title: str) -> str:
    """A title with each word that holds a capital letter in braces, so bibliography styles
    that lower-case titles keep "DreamBooth", "GAN" and "Stable Diffusion" as written."""
    lone_braces = not _braces_pair_up(title)
    words = []
    for word in title.split():
        escaped = escape(word, lone_braces=lone_braces)
        protect = any(c.isupper() for c in word) and not any(c in "{}" for c in word)
        words.append("{" + escaped + "}" if protect else escaped)
    return " ".join(words)


def _escape_author(name: str) -> str:
    escaped = escape(name)
    # " and " separates authors in BibTeX: a name holding it is kept whole by braces.
    return "{" + escaped + "}" if re.search(r"\sand\s", name, re.IGNORECASE) else escaped


def _raw(value: str) -> str:
    """A URL, DOI or identifier: kept verbatim, except what would break the braces."""
    return "".join(f"%{ord(c):02X}" if c in "{}" or c.isspace() else c for c in value.strip())


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_KEY_CHAR.sub("", folded)


def _last_name(author: str) -> str:
    """The last name, lower-case ASCII: "ruiz" for "Nataniel Ruiz" and "Ruiz, Nataniel". An
    e-mail or affiliation in <> or () is not part of the name."""
    name = _AUTHOR_ASIDE.sub(" ", author)
    if "," in name:
        name = name.split(",")[0]
    words = [w for w in (_ascii_word(w) for w in name.split()) if w]
    return words[-1] if words else ""


def _first_title_word(title: str | None) -> str:
    if not title:
        return ""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    for word in _NOT_KEY_CHAR.split(folded):
        if word and word not in STOPWORDS:
            return word
    return ""


def base_key(paper: Paper) -> str:
    """First author's last name + year + first title word (`ruiz2022dreambooth`), lower-case
    ASCII; the paper's id when it has no author whose name gives ASCII letters."""
    last = _last_name(paper.authors[0]) if paper.authors else ""
    if not last:
        return _NOT_ID_KEY_CHAR.sub("-", paper.id).strip("-") or "paper"
    year = str(paper.published.year) if paper.published else ""
    return last + year + _first_title_word(paper.title)


def _suffix(number: int) -> str:
    """a, b, ..., z, aa, ab, ...: the n-th (from 1) de-duplicating suffix."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """A unique citation key per paper id. The paper added first keeps the plain key and later
    ones get a, b, c..., so adding papers never changes the keys of those already there."""
    ordered = sorted(papers, key=lambda p: (p.added or date.max, p.id))
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for paper in ordered:
        base = base_key(paper)
        key, number = base, 0
        while key.casefold() in taken:  # BibTeX keys compare case-insensitively
            number += 1
            key = base + _suffix(number)
        taken.add(key.casefold())
        keys[paper.id] = key
    return keys


# BibTeX's fields in the order bibliographies write them. Which fields a paper exports, and
# under which name, is the field table's (FieldSpec.bibtex); a name this order does not hold
# comes after `url`.
ENTRY_ORDER = (
    "title",
    "author",
    "journal",
    "year",
    "eprint",
    "primaryClass",
    "doi",
    "url",
    "note",
    "keywords",
    "abstract",
)
Field = tuple[str, str]


def _plain(paper: Paper, spec: FieldSpec) -> list[Field]:
    """A field as BibTeX text: lists joined by commas, dates in ISO form; nothing when empty."""
    value = getattr(paper, spec.name)
    if isinstance(value, list):
        text = ", ".join(escape(item) for item in value)
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = escape(str(value)) if value is not None else ""
    return [(spec.bibtex or spec.name, text)] if text else []


def _title(paper: Paper, spec: FieldSpec) -> list[Field]:
    return [("title", escape_title(paper.title))] if paper.title else []


def _authors(paper: Paper, spec: FieldSpec) -> list[Field]:
    if not paper.authors:
        return []
    return [("author", " and ".join(_escape_author(a) for a in paper.authors))]


def _year_month(paper: Paper, spec: FieldSpec) -> list[Field]:
    if paper.published is None:
        return []
    return [("year", str(paper.published.year)), ("month", str(paper.published.month))]


def _eprint(paper: Paper, spec: FieldSpec) -> list[Field]:
    return [("eprint", _raw(paper.arxiv)), ("archivePrefix", "arXiv")] if paper.arxiv else []


def _primary_class(paper: Paper, spec: FieldSpec) -> list[Field]:
    # Only beside an eprint, which it qualifies.
    if not (paper.arxiv and paper.primary_category):
        return []
    return [("primaryClass", _raw(paper.primary_category))]


def _doi(paper: Paper, spec: FieldSpec) -> list[Field]:
    doi = paper.doi or (ARXIV_DOI_PREFIX + paper.arxiv if paper.arxiv else None)
    return [("doi", _raw(doi))] if doi else []


def _url(paper: Paper, spec: FieldSpec) -> list[Field]:
    return [("url", _raw(paper.link))] if paper.link else []


def _note(paper: Paper, spec: FieldSpec) -> list[Field]:
    return [("note", str(paper.status))]


def _site_id(paper: Paper, spec: FieldSpec) -> list[Field]:
    """A site's id (OpenReview, ACL Anthology, PMLR, PubMed's `pmid`), verbatim."""
    value = getattr(paper, spec.name)
    return [(spec.bibtex or spec.name, _raw(value))] if value else []


def _biburl(paper: Paper, spec: FieldSpec) -> list[Field]:
    """The DBLP record as DBLP's own BibTeX gives it: its `.bib` link."""
    if not paper.dblp:
        return []
    from readlist.ids import Link

    return [("biburl", _raw(Link("dblp", paper.dblp).url + ".bib"))]


# The BibTeX fields with rules of their own; every other is written by _plain.
_WRITERS: dict[str, Callable[[Paper, FieldSpec], list[Field]]] = {
    **{s.bibtex: _site_id for s in PAPER_FIELDS if s.kind is Kind.SITE_ID and s.bibtex},
    "biburl": _biburl,
    "title": _title,
    "author": _authors,
    "year": _year_month,
    "eprint": _eprint,
    "primaryClass": _primary_class,
    "doi": _doi,
    "url": _url,
    "note": _note,
}


def _place(spec: FieldSpec) -> float:
    name = spec.bibtex or ""
    return ENTRY_ORDER.index(name) if name in ENTRY_ORDER else ENTRY_ORDER.index("url") + 0.5


EXPORTED = tuple(sorted((s for s in PAPER_FIELDS if s.bibtex), key=_place))


def entry(paper: Paper, key: str) -> str:
    """One BibTeX entry."""
    kind = "article" if paper.journal_ref else "misc"
    fields: list[Field] = []
    for spec in EXPORTED:
        fields.extend(_WRITERS.get(spec.bibtex or "", _plain)(paper, spec))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def render(papers: Sequence[Paper], *, pool: Iterable[Paper] = ()) -> str:
    """The BibTeX file: one entry per paper, in the order given, separated by blank lines.
    Keys are drawn over `papers` and `pool` (pass the whole list), so that exporting a
    filtered selection gives each paper the same key as exporting everything."""
    everyone = {p.id: p for p in pool}
    for paper in papers:
        everyone.setdefault(paper.id, paper)
    keys = citation_keys(everyone.values())
    return "\n".join(entry(p, keys[p.id]) for p in papers)
