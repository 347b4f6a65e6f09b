"""BibTeX (.bib): every entry with a title or an arXiv id (eprint/archivePrefix, an arXiv DOI
10.48550/arXiv.*, or an arXiv URL). LaTeX accents and escapes are turned back into text."""

from __future__ import annotations

import re
import unicodedata

from readlist.identity import site_ids_of
from readlist.ids import arxiv_in, arxiv_of_doi, parse_doi
from readlist.ingest.candidate import Candidate
from readlist.ingest.entry_text import clean_abstract, closing, collapse
from readlist.models import SITE_KEYS, Status

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: str(number) for number, name in enumerate(_MONTH_NAMES, start=1)}
_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_FIELD_NAME = re.compile(r"\s*([A-Za-z_][\w\-:.+/]*)\s*=\s*")
_NUMBER = re.compile(r"\d+")
_MACRO = re.compile(r"[A-Za-z_][\w\-:.+/]*")

# LaTeX accent commands and their Unicode combining marks.
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_PUNCT_ACCENT = re.compile(r"""\\(["'`^~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))""")
_LETTER_ACCENT = re.compile(r"\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))")
_SYMBOL = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])(?:\{\})?\s?")
_ESCAPED = re.compile(r"\\([&%$#_{}])")
_FORMAT = re.compile(
    r"\\(?:textit|textbf|textsc|textrm|texttt|textsf|emph|mathrm|mathbf|mathit|mbox|text|url)\s*"
    r"(?=\{)"
)
_PLACEHOLDER = {
    "&": "\ue000",
    "%": "\ue001",
    "$": "\ue002",
    "#": "\ue003",
    "_": "\ue004",
    "{": "\ue005",
    "}": "\ue006",
}
# Characters the exporter writes as text commands, so that they cannot break a field.
_TEXT_COMMANDS = {
    r"\textbackslash{}": "\ue010",
    r"\textasciitilde{}": "\ue011",
    r"\textasciicircum{}": "\ue012",
    r"\textbraceleft{}": _PLACEHOLDER["{"],
    r"\textbraceright{}": _PLACEHOLDER["}"],
}
_RESTORE = {v: k for k, v in _PLACEHOLDER.items()} | {
    "\ue010": "\\",
    "\ue011": "~",
    "\ue012": "^",
}


def _accented(letter: str, mark: str) -> str:
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", base + mark)


def latex_to_text(value: str) -> str:
    """BibTeX field text as plain Unicode: accents, escapes and protective braces undone."""
    for command, placeholder in _TEXT_COMMANDS.items():
        value = value.replace(command, placeholder)
    text = _ESCAPED.sub(lambda m: _PLACEHOLDER[m.group(1)], value)
    text = _PUNCT_ACCENT.sub(
        lambda m: _accented(m.group(2) or m.group(3), _ACCENTS[m.group(1)]), text
    )
    text = _LETTER_ACCENT.sub(
        lambda m: _accented(m.group(2) or m.group(3), _ACCENTS[m.group(1)]), text
    )
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1)], text)
    text = _FORMAT.sub("", text)
    text = text.replace("{", "").replace("}", "")
    text = re.sub(r"(?<!\\)~", " ", text).replace("\\\\", " ")
    text = "".join(_RESTORE.get(ch, ch) for ch in text)
    return collapse(text)


class _Syntax(Exception):
    """A BibTeX syntax problem inside one entry (caught per entry, never leaves this module)."""


def _balanced(text: str, start: int) -> int:
    """The index just after the '}' that closes the '{' at `start`."""
    end = closing(text, start, "{", "}")
    if end is None:
        raise _Syntax("a '{' is never closed")
    return end


def _quoted(text: str, start: int) -> int:
    """The index just after the '"' that closes the one at `start` (braces may hide quotes)."""
    depth = 0
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth <= 0:
            return index + 1
        index += 1
    raise _Syntax("a '\"' is never closed")


def _value(body: str, index: int, macros: dict[str, str]) -> tuple[str, int]:
    """A field value (pieces joined with #) starting at `index`, and the index after it."""
    pieces: list[str] = []
    while True:
        while index < len(body) and body[index].isspace():
            index += 1
        if index >= len(body):
            raise _Syntax("a field has no value")
        char = body[index]
        if char == "{":
            end = _balanced(body, index)
            pieces.append(body[index + 1 : end - 1])
        elif char == '"':
            end = _quoted(body, index)
            pieces.append(body[index + 1 : end - 1])
        else:
            number = _NUMBER.match(body, index)
            name = _MACRO.match(body, index)
            if number:
                end = number.end()
                pieces.append(number.group())
            elif name:
                end = name.end()
                key = name.group().lower()
                pieces.append(macros.get(key, _MONTHS.get(key, name.group())))
            else:
                raise _Syntax(f"unexpected {char!r} where a value should be")
        index = end
        while index < len(body) and body[index].isspace():
            index += 1
        if index < len(body) and body[index] == "#":
            index += 1
            continue
        return "".join(pieces), index


def _fields(body: str, macros: dict[str, str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    index = 0
    while index < len(body):
        while index < len(body) and (body[index].isspace() or body[index] == ","):
            index += 1
        if index >= len(body):
            break
        name = _FIELD_NAME.match(body, index)
        if not name:
            raise _Syntax(f"expected 'name = value' at {body[index : index + 20]!r}")
        value, index = _value(body, name.end(), macros)
        fields[name.group(1).lower()] = value
        while index < len(body) and body[index].isspace():
            index += 1
        if index < len(body) and body[index] != ",":
            raise _Syntax(f"expected ',' between fields at {body[index : index + 20]!r}")
    return fields


def _closing(text: str, start: int, opener: str) -> int:
    """The index of the character that closes an entry opened at `start` with `opener`."""
    if opener == "{":
        return _balanced(text, start) - 1
    depth = 0
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == ")" and depth == 0:
            return index
        index += 1
    raise _Syntax("a '(' is never closed")


def _split_authors(value: str) -> list[str]:
    parts: list[str] = []
    depth, last = 0, 0
    for found in re.finditer(r"[{}]|\s+and\s+", value):
        token = found.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            parts.append(value[last : found.start()])
            last = found.end()
    parts.append(value[last:])
    names = []
    for part in parts:
        name = latex_to_text(part)
        if not name or name.lower() == "others":
            continue
        if "," in name:
            pieces = [p.strip() for p in name.split(",")]
            if len(pieces) == 2:
                name = f"{pieces[1]} {pieces[0]}".strip()
            elif len(pieces) >= 3:
                name = f"{pieces[2]} {pieces[0]} {pieces[1]}".strip()
        names.append(collapse(name))
    return names


# The fields where BibTeX exports keep a paper's links.
_SITE_LINK_FIELDS = ("url", "note", "howpublished", "eprint", "biburl", "pdf")
# Fields that hold one site's id: PubMed's `pmid`, and readlist's export's own (`openreview`...).
_SITE_ID_FIELDS = (*((kind, kind) for kind in SITE_KEYS), ("pubmed", "pmid"))


def _candidate(kind: str, key: str, fields: dict[str, str], source: str) -> Candidate:
    candidate = Candidate(source=source)
    candidate.title = latex_to_text(fields.get("title", "")) or None
    if "author" in fields:
        candidate.authors = _split_authors(fields["author"])
    eprint = fields.get("eprint", "").strip()
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if eprint and prefix in ("", "arxiv"):
        candidate.take_arxiv_id(eprint, f"eprint {eprint} is not a valid arXiv id")
    doi = latex_to_text(fields.get("doi", "")).strip()
    if doi:
        arxiv_doi = arxiv_of_doi(parse_doi(doi))
        if arxiv_doi is not None:
            if not candidate.arxiv:
                candidate.arxiv, candidate.version = arxiv_doi.id, arxiv_doi.version
        elif "48550" not in doi:
            candidate.doi = parse_doi(doi) or doi
    url = latex_to_text(fields.get("url", "")).strip()
    if url:
        found, _raw, problem = arxiv_in(url)
        if found:
            if not candidate.arxiv:
                candidate.arxiv, candidate.version = found.id, found.version
        elif problem:
            candidate.notes = candidate.notes or problem
        elif url.startswith(("http://", "https://")):
            candidate.url = url
    # OpenReview, ACL Anthology, PMLR, DBLP (its `biburl`), PubMed links; PubMed's own fields.
    candidate.take_site_ids(latex_to_text(fields.get(name, "")) for name in _SITE_LINK_FIELDS)
    if prefix == "pubmed":
        candidate.take_site_id("pubmed", eprint)
    for site, name in _SITE_ID_FIELDS:
        candidate.take_site_id(site, latex_to_text(fields.get(name, "")))
    if not candidate.arxiv and fields.get("journal"):  # "arXiv preprint arXiv:2208.12242"
        # or DBLP's "journal = {CoRR}, volume = {abs/1706.03762}"
        cited = ", ".join(latex_to_text(fields[k]) for k in ("journal", "volume") if k in fields)
        found, _raw, _problem = arxiv_in(cited)
        if found:
            candidate.arxiv, candidate.version = found.id, found.version
    if candidate.arxiv:
        candidate.notes = None
    if fields.get("primaryclass"):
        candidate.primary_category = latex_to_text(fields["primaryclass"]) or None
    if fields.get("journal"):
        candidate.journal_ref = latex_to_text(fields["journal"]) or None
    if fields.get("keywords"):
        candidate.tags = [
            t
            for t in (collapse(x) for x in re.split(r"[,;]", latex_to_text(fields["keywords"])))
            if t
        ]
    if fields.get("abstract"):
        candidate.abstract = clean_abstract(latex_to_text(fields["abstract"]))
    note = latex_to_text(fields.get("note", "")).strip().lower()
    if note in {s.value for s in Status}:
        candidate.status = Status(note)
    if not (candidate.title or candidate.arxiv or candidate.doi or site_ids_of(candidate)):
        candidate.problem = f"@{kind}{{{key}}} has no title, arXiv id or DOI"
    return candidate


def parse(text: str, source_name: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    macros: dict[str, str] = {}
    index = 0
    line, counted = 1, 0
    while True:
        found = _ENTRY.search(text, index)
        if not found:
            break
        line += text.count("\n", counted, found.start())
        counted = found.start()
        source = f"{source_name}:{line}"
        kind = found.group(1).lower()
        body_start = found.end()
        try:
            close = _closing(text, found.end() - 1, found.group(2))
        except _Syntax as exc:
            following = text.find("\n@", body_start)
            candidates.append(
                Candidate(source=source, problem=f"@{kind} entry: {exc}; fix it in the file")
            )
            if following == -1:
                break
            index = following + 1
            continue
        index = close + 1
        body = text[body_start:close]
        if kind in ("comment", "preamble"):
            continue
        try:
            if kind == "string":
                macros.update({k: latex_to_text(v) for k, v in _fields(body, macros).items()})
                continue
            key, comma, rest = body.partition(",")
            if not comma:
                key, rest = "", body
            fields = _fields(rest, macros)
        except _Syntax as exc:
            candidates.append(
                Candidate(
                    source=source,
                    problem=f"@{kind}{{{body.partition(',')[0].strip()}}}: {exc}; fix it there",
                )
            )
            continue
        candidates.append(_candidate(kind, key.strip(), fields, source))
    return candidates
