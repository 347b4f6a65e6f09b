"""What id does this link carry? Paper identifiers parsed from every form people paste:
arXiv ids (the main job), DOIs, OpenReview forum ids, ACL Anthology ids, PMLR and DBLP keys and
PubMed ids. Every command (`add`, `ingest`, `open`, the REF arguments) asks here.

arXiv: new-style ids are YYMM.NNNN (April 2007 to 2014) or YYMM.NNNNN (2015 on), old-style ids are
archive/YYMMNNN (hep-th/9901001, cond-mat/9911396). Both can carry a version (v2). The canonical
id has no version; the version is kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

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
_ID_WITH_CATEGORY = re.compile(rf"^(?:{_NEW}|{_OLD}){_VERSION}\s*\[[A-Za-z-]+(?:\.[A-Za-z-]+)?\]$")

# Things that say "this is an arXiv id": URLs on arxiv.org and the sites that mirror or
# discuss its papers by id, arXiv: prefixes, arXiv's DOI (10.48550/arXiv.ID, bare or as a link),
# and the journal-style citation DBLP and Semantic Scholar write (`CoRR, abs/ID`, `ArXiv abs/ID`).
_HOST = r"(?:https?://|ftp://)?(?:www\.|export\.|ftp\.|browse\.)?arxiv\.org"
_URL_PATH = r"/(?:abs|pdf|html|format|ps|src|ftp/arxiv/papers/\d{4}|ftp/[a-z-]+/papers/\d{4})/"
_MIRRORS = (
    r"(?:https?://)?(?:"
    r"ar5iv(?:\.labs)?\.arxiv\.org/(?:html|abs)/|ar5iv\.org/(?:html|abs)/"
    r"|(?:www\.)?(?:huggingface|hf)\.co/papers/"
    r"|(?:www\.)?alphaxiv\.org/(?:abs|overview|pdf)/"
    r"|(?:www\.)?semanticscholar\.org/arxiv/"
    r"|(?:www\.)?arxiv-vanity\.com/papers/"
    r"|(?:www\.)?paperswithcode\.com/paper/arxiv:"
    r")"
)
_CORR = r"\b(?:arxiv|corr)\b,?\s*(?:vol(?:ume)?\.?\s*)?abs/"
_BODY = r"(?P<body>[A-Za-z0-9.\-/]+?)(?P<suffix>\.pdf)?(?=$|[\s?#&)\]>\"',;|]|\.(?:\s|$))"
_ANCHORED = re.compile(
    rf"(?:{_HOST}{_URL_PATH}|\barxiv:\s?|\b10\.48550/arxiv\.|{_CORR}){_BODY}", re.IGNORECASE
)
# The other sites and arXiv's DOI as a link: a second pattern, tried only on text that names
# one of them (one pattern with every site in it made every line three times slower to scan).
_DOI_LINK = r"(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|\bdoi:\s?)"
_ANCHORED_ELSEWHERE = re.compile(
    rf"(?:{_MIRRORS}|{_DOI_LINK}10\.48550/arxiv\.){_BODY}", re.IGNORECASE
)
_ARXIV_HINT = re.compile(r"arxiv|48550|\bcorr\b", re.IGNORECASE)
_ELSEWHERE_HINT = re.compile(
    r"ar5iv|alphaxiv|huggingface|hf\.co/|semanticscholar|arxiv-vanity|paperswithcode|doi",
    re.IGNORECASE,
)
# What may follow an id given alone: a query, an anchor, a path, or a category ("[cs.CV]").
_AFTER_ID = re.compile(r"^(?:[?#/].*|\s*\[[A-Za-z-]+(?:\.[A-Za-z-]+)?\])?\s*$", re.S)
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
    found = _anchored(value)
    if found and _AFTER_ID.match(value[found.end() :]):
        return _body_to_id(found.group("body"))
    bare = _ID_WITH_CATEGORY.match(value)
    if bare:
        return _from_groups(bare.groupdict())
    raise ValueError(f"{text!r} is not an arXiv id or URL")


def _anchored(value: str) -> re.Match[str] | None:
    """An anchored arXiv reference at the start of `value`."""
    return _ANCHORED.match(value) or _ANCHORED_ELSEWHERE.match(value)


def _body_to_id(body: str) -> ArxivId:
    body = body.rstrip("/.")
    inner = _ID_ONLY.match(body)
    if not inner:
        raise MalformedId(f"{body!r} is not an arXiv id")
    return _from_groups(inner.groupdict())


def arxiv_id_of(text: str) -> ArxivId | None:
    """The arXiv id `text` names (an id, a link in any form, an `arXiv:` prefix, arXiv's DOI),
    or None when `text` is not meant as one. Raises MalformedId when it is meant as an arXiv id
    but is not a valid one, so that callers can say why."""
    try:
        return parse_id(text)
    except MalformedId:
        raise
    except ValueError:
        return None


def try_parse_id(text: str) -> ArxivId | None:
    """`parse_id`, or None for anything that is not a valid arXiv id."""
    try:
        return parse_id(text)
    except ValueError:
        return None


def looks_like_arxiv(text: str) -> bool:
    """True when `text` is meant as an arXiv reference (valid or not): a URL, prefix or id."""
    value = text.strip()
    return bool(_ID_ONLY.match(value) or _anchored(value))


def scan(text: str) -> list[IdMatch]:
    """Every arXiv id or link in free text, in order, without overlaps.

    Links and `arXiv:` prefixes that do not hold a valid id come back with `error` set, so
    that callers can say why an entry has no id instead of inventing one.
    """
    matches: list[IdMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    patterns = [_ANCHORED_ELSEWHERE] if _ELSEWHERE_HINT.search(text) else []
    if _ARXIV_HINT.search(text):
        patterns.append(_ANCHORED)
    anchored = [found for pattern in patterns for found in pattern.finditer(text)]
    for found in anchored:
        if not free(found.start(), found.end()):
            continue  # arXiv's DOI as a link holds the bare DOI the first pattern finds too
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


def arxiv_in(text: str) -> tuple[ArxivId | None, str | None, str | None]:
    """The first valid arXiv id in `text` (and the raw link), else the reason the first arXiv
    link is not a valid id: (id, raw, None) or (None, raw, reason) or (None, None, None)."""
    malformed: tuple[str, str] | None = None
    for found in scan(text):
        if found.arxiv is not None:
            return found.arxiv, found.raw, None
        if malformed is None and found.error:
            malformed = (found.raw, found.error)
    if malformed:
        raw, error = malformed
        return None, raw, f"arXiv link {raw} is not a valid id: {error}"
    return None, None, None


URL = re.compile(r"\b(?:https?|ftp)://\S+", re.IGNORECASE)


def urls_in(text: str) -> list[str]:
    """Every http(s) URL in the text, trailing punctuation dropped."""
    return [u.rstrip(").,;:!?'\">]") for u in URL.findall(text)]


# --- DOIs ----------------------------------------------------------------------------------

# A DOI is "10." + a registrant code + "/" + any suffix; written bare, after `doi:`, or as a
# doi.org link. DOIs are case-insensitive: the canonical form is lower case.
_DOI = re.compile(
    r"(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|\bdoi:\s?)?"
    r"(?<![\w.])(?P<doi>10\.\d{4,9}/[^\s\"'<>]+)",
    re.IGNORECASE,
)
_DOI_ALONE = re.compile(
    r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:\s?)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE
)


def normalize_doi(doi: str) -> str:
    """A DOI's canonical form: lower case, URL escapes of '/' undone, sentence punctuation and
    unbalanced closing brackets after it dropped."""
    value = doi.strip().lower().replace("%2f", "/")
    while value and value[-1] in ".,;:":
        value = value[:-1]
    for opening, closing in ("()", "[]", "{}"):
        while value.endswith(closing) and value.count(closing) > value.count(opening):
            value = value[:-1]
    return value


def parse_doi(text: str) -> str | None:
    """The DOI `text` is (bare, `doi:10...`, or a doi.org / dx.doi.org link), normalised; None
    when it is not one."""
    value = text.strip().strip("<>").replace("%2F", "/").replace("%2f", "/")
    found = _DOI_ALONE.match(value)
    return normalize_doi(found.group("doi")) if found else None


def doi_in(text: str) -> str | None:
    """The first DOI in free text, normalised (a link's escaped '/' read as one:
    link.springer.com/chapter/10.1007%2F978-3-319-10584-0_11)."""
    found = _DOI.search(text.replace("%2F", "/").replace("%2f", "/") if "%2" in text else text)
    return normalize_doi(found.group("doi")) if found else None


def arxiv_of_doi(doi: str | None) -> ArxivId | None:
    """The arXiv id an arXiv DOI (10.48550/arXiv.ID) stands for; None for any other DOI."""
    if not doi or not doi.lower().startswith("10.48550/arxiv."):
        return None
    return try_parse_id(doi)


# --- The other places ML papers live ------------------------------------------------------

_OPENREVIEW_ID = r"[A-Za-z0-9_-]{5,}"
_ACL_NEW = r"\d{4}\.[a-z0-9]+(?:-[a-z0-9]+)*\.\d+"
_ACL_OLD = r"[A-Z]\d{2}-\d{4}"
_PMLR_KEY = r"(?P<volume>[vr]\d+)/(?P<key>[A-Za-z0-9_-]+?)"
_DBLP_KEY = (
    r"(?P<key>(?:conf|journals|books|series|phd|reference|tr|informal|persons|homepages)"
    r"/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)"
)
_TAIL = r"/?(?:[?#].*)?$"  # what may follow an id in a link: a slash, a query, an anchor
# Each site's links and `kind:` prefix (the prefix also takes `acl:`-style REFs).
_OPENREVIEW = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?openreview\.net/(?:forum|pdf|attachment)/?\?(?:[^#]*&)?id="
    rf"|openreview:\s?)(?P<id>{_OPENREVIEW_ID})(?:[&#].*)?$",
    re.IGNORECASE,
)
_ACL = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?(?:aclanthology\.org|aclweb\.org/anthology)/"
    rf"(?:[A-Z]/[A-Z]\d{{2}}/)?|acl:\s?)(?P<id>{_ACL_NEW}|{_ACL_OLD})(?:\.pdf|\.bib)?{_TAIL}"
)
_PMLR = re.compile(
    rf"^(?:(?:https?://)?proceedings\.mlr\.press/|pmlr:\s?){_PMLR_KEY}"
    rf"(?:\.html|\.pdf|/[A-Za-z0-9_-]+\.pdf)?{_TAIL}",
    re.IGNORECASE,
)
_DBLP = re.compile(
    r"^(?:(?:https?://)?(?:dblp\.org|dblp\.uni-trier\.de|dblp\.dagstuhl\.de)/rec/"
    rf"(?:bibtex/|html/)?|dblp:\s?){_DBLP_KEY}(?:\.html|\.bib|\.xml|\.ris)?{_TAIL}",
)
_PUBMED = re.compile(
    r"^(?:(?:https?://)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/)"
    rf"|(?:pmid|pubmed):\s?)(?P<id>\d{{1,9}}){_TAIL}",
    re.IGNORECASE,
)
# Ids given alone, as a field of a record holds them (the field's name says the site).
_BARE = {
    "openreview": re.compile(rf"^(?P<id>{_OPENREVIEW_ID})$"),
    "acl": re.compile(rf"^(?P<id>{_ACL_NEW}|{_ACL_OLD})$"),
    "pmlr": re.compile(rf"^{_PMLR_KEY}$", re.IGNORECASE),
    "dblp": re.compile(rf"^{_DBLP_KEY}$"),
    "pubmed": re.compile(r"^(?P<id>\d{1,9})$"),
}
# A new-style ACL Anthology id alone is unmistakable (2023.acl-long.1): a REF may be one.
_ACL_ALONE = re.compile(r"^(?P<id>\d{4}\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.\d+)$")
_SITE_HINT = re.compile(
    r"openreview|aclanthology|aclweb|mlr\.press|dblp|pubmed|pmid|^(?:acl|pmlr):", re.IGNORECASE
)


def _site_id(found: re.Match[str] | None) -> str | None:
    if found is None:
        return None
    groups = found.groupdict()
    if groups.get("volume"):
        return f"{groups['volume'].lower()}/{groups['key']}"
    return groups.get("id") or groups.get("key")


def parse_openreview(text: str) -> str | None:
    """The forum id of an OpenReview link (forum, pdf or attachment) or `openreview:ID`, as
    written (ids are case-sensitive)."""
    return _site_id(_OPENREVIEW.match(text.strip()))


def parse_acl(text: str) -> str | None:
    """The ACL Anthology id (2020.acl-main.463, P19-1001) of an aclanthology.org link, of
    `acl:ID`, or a new-style id alone."""
    value = text.strip()
    return _site_id(_ACL.match(value) or _ACL_ALONE.match(value))


def acl_of_doi(doi: str | None) -> str | None:
    """The ACL Anthology id an Anthology DOI (10.18653/v1/ID) stands for; None for any other."""
    if not doi or not doi.lower().startswith("10.18653/v1/"):
        return None
    rest = doi[len("10.18653/v1/") :]
    found = _BARE["acl"].match(rest) or _BARE["acl"].match(rest.upper())  # DOIs are lower-cased
    return found.group("id") if found else None


def parse_pmlr(text: str) -> str | None:
    """`volume/key` (v139/radford21a) of a proceedings.mlr.press link or `pmlr:v139/key`."""
    return _site_id(_PMLR.match(text.strip()))


def parse_dblp(text: str) -> str | None:
    """The DBLP record key (conf/nips/VaswaniSPUJGKP17) of a dblp.org link or `dblp:KEY`."""
    return _site_id(_DBLP.match(text.strip()))


def parse_pubmed(text: str) -> str | None:
    """The PubMed id of a pubmed link, `PMID: 123` or `pubmed:123`."""
    return _site_id(_PUBMED.match(text.strip()))


class Site(NamedTuple):
    """A place papers live, with an id of its own: what messages call it, its canonical page
    (`{}` is the id), an example id, and the parser of its links and `kind:` prefix."""

    kind: str
    name: str
    page: str
    example: str
    parse: Callable[[str], str | None]


# The sites beside arXiv and DOIs, declared once: the paper fields of the same names
# (readlist.models), identity, REFs, `open` and the exports take them from here.
SITES: dict[str, Site] = {
    site.kind: site
    for site in (
        Site(
            "openreview",
            "OpenReview forum",
            "https://openreview.net/forum?id={}",
            "YicbFdNTTy",
            parse_openreview,
        ),
        Site(
            "acl",
            "ACL Anthology paper",
            "https://aclanthology.org/{}/",
            "2020.acl-main.463",
            parse_acl,
        ),
        Site(
            "pmlr",
            "PMLR paper",
            "https://proceedings.mlr.press/{}.html",
            "v139/radford21a",
            parse_pmlr,
        ),
        Site(
            "dblp",
            "DBLP record",
            "https://dblp.org/rec/{}",
            "conf/nips/VaswaniSPUJGKP17",
            parse_dblp,
        ),
        Site(
            "pubmed",
            "PubMed paper",
            "https://pubmed.ncbi.nlm.nih.gov/{}/",
            "26017442",
            parse_pubmed,
        ),
    )
}
_PAGES = {
    "arxiv": "https://arxiv.org/abs/{}",
    "doi": "https://doi.org/{}",
    **{kind: site.page for kind, site in SITES.items()},
}


def site_id(kind: str, text: str) -> str | None:
    """The id of `kind` (a SITES key) that `text` is: a link, a `kind:` prefix or the id alone,
    normalised; None when it is none of these."""
    site = SITES[kind]
    found = site.parse(text)
    if found is not None:
        return found
    return _site_id(_BARE[kind].match(text.strip().strip("<>")))


@dataclass(frozen=True)
class Link:
    """The paper id a link or id carries: `kind` is arxiv, doi or a SITES key; `id` its
    canonical form (for arXiv without the version, kept in `arxiv`)."""

    kind: str
    id: str
    arxiv: ArxivId | None = None

    @property
    def url(self) -> str:
        """The canonical page of the paper."""
        return _PAGES[self.kind].format(self.id)

    @property
    def pdf_url(self) -> str | None:
        """Where the site keeps the paper's PDF, for the sites that keep one by its id."""
        if self.kind == "pmlr":
            volume, _, key = self.id.partition("/")
            return f"https://proceedings.mlr.press/{volume}/{key}/{key}.pdf"
        pdfs = {
            "arxiv": "https://arxiv.org/pdf/{}",
            "openreview": "https://openreview.net/pdf?id={}",
            "acl": "https://aclanthology.org/{}.pdf",
        }
        return pdfs[self.kind].format(self.id) if self.kind in pdfs else None

    @property
    def site_name(self) -> str:
        """What messages call the id: "arXiv id", "DOI", "OpenReview forum"..."""
        if self.kind in SITES:
            return SITES[self.kind].name
        return "arXiv id" if self.kind == "arxiv" else "DOI"


def try_parse_link(text: str) -> Link | None:
    """`parse_link`, or None for a malformed arXiv reference too (for text read in bulk, where
    the arXiv scan reports malformed ids itself)."""
    try:
        return parse_link(text)
    except MalformedId:
        return None


def site_link(text: str) -> Link | None:
    """The SITES id `text` carries when it is one link or `kind:` id (never arXiv or a DOI)."""
    value = text.strip().strip("<>")
    if not _SITE_HINT.search(value) and not _ACL_ALONE.match(value):
        return None
    for kind, site in SITES.items():
        found = site.parse(value)
        if found:
            return Link(kind, found)
    return None


_PMID_IN_TEXT = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)


def pmid_in(text: str) -> re.Match[str] | None:
    """The first `PMID: 123` note in free text (group 1 is the id)."""
    return _PMID_IN_TEXT.search(text) if "pmid" in text.lower() else None


def site_links_in(text: str) -> list[Link]:
    """The SITES ids of every link in free text (and of a `PMID: 123` note), in order, each
    kind once (the first)."""
    if not _SITE_HINT.search(text):
        return []
    found: dict[str, Link] = {}
    for url in urls_in(text):
        link = site_link(url)
        if link is not None:
            found.setdefault(link.kind, link)
    pmid = pmid_in(text) if "pubmed" not in found else None
    if pmid:
        found["pubmed"] = Link("pubmed", pmid.group(1))
    return list(found.values())


def parse_link(text: str) -> Link | None:
    """The paper id `text` carries when it is one link or id and nothing else: arXiv first (an
    arXiv DOI is the arXiv id), then a DOI, then the other sites. None for anything else (an
    unknown URL, a title). Raises MalformedId for an arXiv reference that is not a valid id."""
    value = text.strip().strip("<>")
    arxiv = arxiv_id_of(value)
    if arxiv is not None:
        return Link("arxiv", arxiv.id, arxiv)
    doi = parse_doi(value)
    if doi is not None:
        return Link("doi", doi)
    return site_link(value)
