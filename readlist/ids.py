"""arXiv identifiers: parse, validate and normalise every form people paste.

New-style ids are YYMM.NNNN (April 2007 to 2014) or YYMM.NNNNN (2015 on), old-style ids are
archive/YYMMNNN (hep-th/9901001, cond-mat/9911396). Both can carry a version (v2). The canonical
id has no version; the version is kept apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The archives of pre-2007 identifiers (https://info.arxiv.org/help/arxiv_identifier.html).
OLD_ARCHIVES = frozenset(
    [
        "acc-phys",
        "adap-org",
        "alg-geom",
        "ao-sci",
        "astro-ph",
        "atom-ph",
        "bayes-an",
        "chao-dyn",
        "chem-ph",
        "cmp-lg",
        "comp-gas",
        "cond-mat",
        "cs",
        "dg-ga",
        "funct-an",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math",
        "math-ph",
        "mtrl-th",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "patt-sol",
        "physics",
        "plasm-ph",
        "q-alg",
        "q-bio",
        "quant-ph",
        "solv-int",
        "supr-con",
    ]
)

_NEW = r"(?P<yymm>\d{4})\.(?P<num>\d{4,5})"
_OLD = r"(?P<archive>[a-zA-Z]+(?:-[a-zA-Z]+)?)(?:\.(?P<subject>[A-Za-z]{2}))?/(?P<oldnum>\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"

_ID_ONLY = re.compile(rf"^(?:{_NEW}|{_OLD}){_VERSION}$")

# Things that say "this is an arXiv id": URLs on arxiv.org, arXiv: prefixes, arXiv DOIs.
_HOST = r"(?:https?://|ftp://)?(?:www\.|export\.|ftp\.)?arxiv\.org"
_URL_PATH = r"/(?:abs|pdf|html|format|ps|src|ftp/arxiv/papers/\d{4}|ftp/[a-z-]+/papers/\d{4})/"
_ANCHORED = re.compile(
    rf"(?:{_HOST}{_URL_PATH}|\barxiv:\s?|\b10\.48550/arxiv\.)"
    r"(?P<body>[A-Za-z0-9.\-/]+?)"
    r"(?P<suffix>\.pdf)?(?=$|[\s?#&)\]>\"',;|]|\.(?:\s|$))",
    re.IGNORECASE,
)
# Bare ids in free text: new style not inside a longer number; old style with a known archive.
_BARE_NEW = re.compile(rf"(?<![\w./-]){_NEW}{_VERSION}(?![\w/]|\.\d)")
_BARE_OLD = re.compile(rf"(?<![\w./-]){_OLD}{_VERSION}(?![\w/]|\.\d)")


@dataclass(frozen=True)
class ArxivId:
    """A canonical arXiv id (no version) and the version it was given with, if any."""

    id: str
    version: int | None = None

    @property
    def versioned(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"


@dataclass(frozen=True)
class IdMatch:
    """An arXiv id found in text: `arxiv` when it is valid, else `error` says why not."""

    start: int
    end: int
    raw: str
    arxiv: ArxivId | None
    error: str | None = None


class MalformedId(ValueError):
    """Text that is meant as an arXiv id but is not a valid one."""


def _check_new(yymm: str, num: str) -> str | None:
    year, month = int(yymm[:2]), int(yymm[2:])
    if not 1 <= month <= 12:
        return f"month {yymm[2:]} does not exist"
    if (year, month) < (7, 4):
        return "new-style ids start in April 2007 (0704)"
    if year <= 14 and len(num) != 4:
        return f"ids from {yymm} have 4 digits after the dot"
    if year >= 15 and len(num) != 5:
        return f"ids from {yymm} have 5 digits after the dot"
    return None


def _check_old(archive: str, number: str) -> str | None:
    if archive.lower() not in OLD_ARCHIVES:
        return f"{archive!r} is not an arXiv archive"
    year, month = int(number[:2]), int(number[2:4])
    if not 1 <= month <= 12:
        return f"month {number[2:4]} does not exist"
    if 8 <= year <= 90:
        return "old-style ids run from 1991 to March 2007"
    return None


def _from_groups(groups: dict[str, str | None]) -> ArxivId:
    raw_version = groups.get("version")
    version = int(raw_version) if raw_version else None
    if groups.get("yymm"):
        yymm, num = groups["yymm"], groups["num"]
        assert yymm is not None and num is not None
        problem = _check_new(yymm, num)
        canonical = f"{yymm}.{num}"
    else:
        archive, oldnum = groups["archive"], groups["oldnum"]
        assert archive is not None and oldnum is not None
        problem = _check_old(archive, oldnum)
        canonical = f"{archive.lower()}/{oldnum}"
    if problem:
        raise MalformedId(problem)
    if version == 0:
        raise MalformedId("versions start at v1")
    return ArxivId(canonical, version)


def parse_id(text: str) -> ArxivId:
    """The arXiv id in `text`, which must be an id or URL and nothing else.

    Raises MalformedId when `text` looks like an arXiv reference but is not a valid id, and
    ValueError when it is not an arXiv reference at all.
    """
    value = text.strip().strip("<>")
    bare = _ID_ONLY.match(value)
    if bare:
        return _from_groups(bare.groupdict())
    found = _ANCHORED.match(value)
    if found:
        rest = value[found.end() :]
        if not rest.strip() or rest[0] in "?#/":
            return _body_to_id(found.group("body"))
    raise ValueError(f"{text!r} is not an arXiv id or URL")


def _body_to_id(body: str) -> ArxivId:
    body = body.rstrip("/.")
    inner = _ID_ONLY.match(body)
    if not inner:
        raise MalformedId(f"{body!r} is not an arXiv id")
    return _from_groups(inner.groupdict())


def try_parse_id(text: str) -> ArxivId | None:
    """`parse_id`, or None for anything that is not a valid arXiv id."""
    try:
        return parse_id(text)
    except ValueError:
        return None


def looks_like_arxiv(text: str) -> bool:
    """True when `text` is meant as an arXiv reference (valid or not): a URL, prefix or id."""
    value = text.strip()
    return bool(_ID_ONLY.match(value) or _ANCHORED.match(value))


def scan(text: str) -> list[IdMatch]:
    """Every arXiv id or link in free text, in order, without overlaps.

    Links and `arXiv:` prefixes that do not hold a valid id come back with `error` set, so
    that callers can say why an entry has no id instead of inventing one.
    """
    matches: list[IdMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for found in _ANCHORED.finditer(text):
        try:
            arxiv: ArxivId | None = _body_to_id(found.group("body"))
            error = None
        except MalformedId as exc:
            arxiv, error = None, str(exc)
        matches.append(IdMatch(found.start(), found.end(), found.group(0), arxiv, error))
        taken.append((found.start(), found.end()))
    for pattern in (_BARE_NEW, _BARE_OLD):
        for found in pattern.finditer(text):
            if not free(found.start(), found.end()):
                continue
            try:
                arxiv = _from_groups(found.groupdict())
            except MalformedId:
                continue  # a bare number that is not an id is just a number
            matches.append(IdMatch(found.start(), found.end(), found.group(0), arxiv))
            taken.append((found.start(), found.end()))
    matches.sort(key=lambda m: m.start)
    return matches
