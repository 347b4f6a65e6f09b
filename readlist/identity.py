"""Is this the same paper? The one rule `add`, `ingest`, `resolve` and the REF arguments use.

Ids decide first: the same arXiv id, DOI, OpenReview forum, ACL Anthology id, PMLR key, DBLP
key or PubMed id is the same paper (arXiv's DOI 10.48550/arXiv.ID is its arXiv id); two different
ids of one kind never are.
Then titles, normalised (case, accents, punctuation, Unicode dashes, LaTeX braces): equal, or
equal but for spacing ('Pre-training'/'Pretraining'), or close (rapidfuzz `fuzz.ratio` at least
`FUZZY_CUTOFF`, titles of `FUZZY_MIN_LENGTH` characters or more) with every differing word a
typo of its partner (one edit: 'difusion', British 'normalisation') or a small word. A different
number or version ('15B'/'340B', 'Gemma 2'/'Gemma 3', 'v3'/'v4', 'Part II'/'Part III'), an added
word ('Improved'), a changed word ('Explicit'/'Implicit') or subtitle means a different paper: a
false merge would silently lose a paper, a missed one only leaves a visible duplicate.

`Matcher` applies the rule in bulk, cheapest first: the arXiv id; the DOI and site ids; the
normalised title
and its loose form (no spaces, British spellings folded); the abstract; for papers with no
title, their short name and the id they would get; and only then a fuzzy title match against
the titles that share one of the query's rarest words, so no step compares all pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Protocol

from readlist.ids import SITES, acl_of_doi, arxiv_of_doi, normalize_doi
from readlist.models import SITE_KEYS, Paper, slugify
from readlist.normalize import STOPWORDS, abstract_key, normalize_title

if TYPE_CHECKING:
    from readlist.views import Library

FUZZY_CUTOFF = 93.0
FUZZY_MIN_LENGTH = 20  # shorter titles match exactly (or but for spacing) or not at all
RARE_WORDS = 4  # a fuzzy match must share one of the query's RARE_WORDS rarest words
_BUCKET = 8  # titles are indexed by length in steps of this many characters
_NUMBER = re.compile(r"\d+")
# Roman numerals that number parts and sequels ('Part II'); single letters are left out ('V').
Ids = dict[str, str] | None  # a record's site ids by kind (site_ids_of), None for none
_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"})


class Record(Protocol):
    """What identifies a paper, as a Paper or an ingest candidate carries it."""

    title: str | None
    alias: str | None
    arxiv: str | None
    doi: str | None
    abstract: str | None
    url: str | None
    openreview: str | None  # the ids of readlist.ids.SITES (SITE_KEYS)
    acl: str | None
    pmlr: str | None
    dblp: str | None
    pubmed: str | None


# --- titles --------------------------------------------------------------------------------

# British spellings folded to American ones, in the keys only (never in what is shown):
# normalisation, analyse(d), modelling, labelled, colour, behaviour, centre, catalogue.
_BRITISH = re.compile(
    r"(?<=\w)(?:(is)(ation|ations|e|es|ed|ing|er|ers)|(ys)(e|es|ed|ing)|(el)l(ing|ed)"
    r"|(?<=\w\w\w)(o)u(r|rs|red|ring)|(?<=\w\w)(t)(re|res)|(og)ue(s)?)\b"
)


def _american(found: re.Match[str]) -> str:
    groups = found.groups()
    if groups[0]:
        return "iz" + groups[1]
    if groups[2]:
        return "yz" + groups[3]
    if groups[4]:
        return "el" + groups[5]
    if groups[6]:
        return "o" + groups[7]
    if groups[8]:
        return "ter" + groups[9][2:]
    return "og" + (groups[11] or "")


def fold_key(norm: str) -> str:
    """A normalised title as titles are compared: a leading article dropped ('The Llama 3 Herd
    of Models')."""
    article, _, rest = norm.partition(" ")
    return rest if article in ("the", "a", "an") and rest else norm


def loose_key(key: str) -> str:
    """A title key without spaces and with British spellings folded: 'Pre-training' and
    'Pretraining', 'Normalisation' and 'Normalization' are one word. Only compared whole: a
    typo in a folded word ('supervized' for 'supervised') is `title_conflict`'s business."""
    return "".join(map(_american_word, key.split()))


@lru_cache(maxsize=1 << 16)
def _american_word(word: str) -> str:
    # Per word and remembered: titles share most of their words, so this is a dict lookup.
    return _BRITISH.sub(_american, word)


def title_key(title: str | None) -> str:
    """normalize_title (case, accents, punctuation, dashes, braces), then fold_key."""
    return fold_key(normalize_title(title))


def _numbers(norm: str) -> list[str]:
    return _NUMBER.findall(norm) + [w for w in norm.split() if w in _ROMAN]


def _typo_pair(word: str, other: str) -> bool:
    """Whether two words may be typos of each other: a word with a number only when both are
    long and carry the same number ('pixmambav2'/'pixmabav2', never '15b'/'15m' or 'v2'/'2'),
    and never a roman numeral."""
    if word in _ROMAN or other in _ROMAN:
        return False
    if not any(c.isdigit() for c in word + other):
        return True
    return min(len(word), len(other)) >= 5 and _NUMBER.findall(word) == _NUMBER.findall(other)


def title_conflict(first: str, second: str, *, cut_short: bool = False) -> str | None:
    """Why two normalised titles name different papers, or None when nothing says they do:
    their numbers differ, or words are left over once typos (one edit, never in a number) and
    spacing are paired up and small words dropped. Closeness is `same_title`'s business.
    `cut_short` lets one title be the other's beginning (a user's shortened title, for
    `resolve`, where a score and the user's threshold decide)."""
    if first == second or loose_key(first) == loose_key(second):
        return None
    mine, theirs = _numbers(first), _numbers(second)
    if sorted(mine) != sorted(theirs):
        return f"different numbers ({' '.join(mine) or 'none'} vs {' '.join(theirs) or 'none'})"
    shorter, longer = sorted((first, second), key=len)
    if cut_short and longer.startswith(shorter + " "):
        return None
    only_mine, only_theirs = _unshared(first, second), _unshared(second, first)
    if "".join(only_mine) == "".join(only_theirs):
        return None  # the same letters spaced differently: 'text to image'/'texttoimage'
    from rapidfuzz.distance import DamerauLevenshtein

    unpaired: list[str] = []
    for word in only_mine:
        partner = next(
            (
                index
                for index, other in enumerate(only_theirs)
                if _typo_pair(word, other)
                and (
                    DamerauLevenshtein.distance(word, other, score_cutoff=1) <= 1
                    or loose_key(word) == loose_key(other)  # 'centre'/'center'
                )
            ),
            None,
        )
        if partner is None:
            unpaired.append(word)
        else:
            only_theirs.pop(partner)
    left_mine = [w for w in unpaired if w not in STOPWORDS]
    left_theirs = [w for w in only_theirs if w not in STOPWORDS]
    if "".join(left_mine) == "".join(left_theirs):
        return None
    return f"different words ({' '.join(left_mine) or '-'} vs {' '.join(left_theirs) or '-'})"


def _unshared(first: str, second: str) -> list[str]:
    """The words of `first` that `second` does not have (counting repeats), in order."""
    spare = Counter(second.split())
    words = []
    for word in first.split():
        if spare[word]:
            spare[word] -= 1
        else:
            words.append(word)
    return words


def same_title(first: str, second: str) -> bool:
    """True when two titles (title_key) are one paper's: equal, equal but for spacing, or
    close and with no `title_conflict`."""
    if first == second or loose_key(first) == loose_key(second):
        return bool(first)
    if min(len(first), len(second)) < FUZZY_MIN_LENGTH:
        return False
    from rapidfuzz import fuzz

    if fuzz.ratio(first, second) < FUZZY_CUTOFF:
        return False
    return title_conflict(first, second) is None


def missing_numbers(query: str, title: str) -> list[str]:
    """The numbers of a (normalised) query that a title does not have: 'gemma 3' names
    another paper than 'Gemma 2 Technical Report' however close the words are."""
    spare = Counter(_numbers(title))
    missing = []
    for number in _numbers(query):
        if spare[number]:
            spare[number] -= 1
        else:
            missing.append(number)
    return missing


# --- ids -----------------------------------------------------------------------------------


def arxiv_of(record: Record) -> str | None:
    """The record's arXiv id, from its arXiv DOI when it has no arXiv field."""
    if record.arxiv:
        return record.arxiv
    found = arxiv_of_doi(record.doi)
    return found.id if found else None


def doi_of(record: Record) -> str | None:
    """The record's DOI, normalised; None for none and for arXiv's own DOIs (the arXiv id)."""
    if not record.doi or arxiv_of_doi(record.doi):
        return None
    return normalize_doi(record.doi)


def site_ids_of(record: Record) -> dict[str, str]:
    """The record's site ids (OpenReview, ACL Anthology, PMLR, DBLP, PubMed) by kind."""
    return site_ids_from({key: getattr(record, key) for key in (*SITE_KEYS, "doi")})


def site_ids_from(values: Mapping[str, str | None]) -> dict[str, str]:
    """The site ids among a record's `values` (SITE_KEYS, and `doi`: an ACL Anthology DOI,
    10.18653/v1/ID, is its Anthology id)."""
    found = {key: value for key in SITE_KEYS if (value := values.get(key))}
    if "acl" not in found:
        acl = acl_of_doi(values.get("doi"))
        if acl:
            found["acl"] = acl
    return found


def abstract_slug(abstract: str) -> str:
    """The id base of an untitled paper: its abstract's first words."""
    return slugify(" ".join(abstract.replace(":", " ").split()[:5]))


def base_id(record: Record) -> str:
    """The id a new paper gets before `-2`, `-3`... make it unique: its arXiv id, else a slug of
    its title, short name, DOI, abstract or link."""
    arxiv = arxiv_of(record)
    if arxiv:
        return arxiv
    if record.title:
        return slugify(record.title)
    if record.alias:
        return slugify(record.alias)
    doi = doi_of(record)
    if doi:
        return slugify(doi)
    sites = site_ids_of(record)
    if sites:
        kind, value = next(iter(sites.items()))
        return slugify(f"{kind} {value}")
    if record.abstract:
        return abstract_slug(record.abstract)
    if record.url:
        return slugify(record.url.split("://", 1)[-1])
    return "paper"


# --- in bulk -------------------------------------------------------------------------------


@dataclass
class Match:
    paper_id: str
    how: str
    by_id: bool = False  # decided by an id (arXiv, DOI, a site's), not by the title or abstract


@dataclass
class _TitleIndex:
    """Normalised titles by word, so a fuzzy lookup compares a few short lists, not all."""

    keys: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    ids: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: str, paper_id: str, words: Iterable[str]) -> None:
        """Index `key` (of `paper_id`) under each of `words` (its distinct words)."""
        bucket = len(key) // _BUCKET
        keys, ids = self.keys, self.ids
        for word in words:
            place = (word, bucket)
            keys[place].append(key)
            ids[place].append(paper_id)


@dataclass
class Matcher:
    """The keys of every paper (the list's and this run's), and the lookups over them."""

    ids: set[str] = field(default_factory=set)
    arxiv_of: dict[str, str | None] = field(default_factory=dict)
    by_arxiv: dict[str, str] = field(default_factory=dict)
    doi_of: dict[str, str] = field(default_factory=dict)
    by_doi: dict[str, str] = field(default_factory=dict)
    sites_of: dict[str, dict[str, str]] = field(default_factory=dict)
    by_site: dict[tuple[str, str], str] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_loose: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_abstract: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # The fuzzy index is built on the first fuzzy lookup: many runs never need one.
    every: _TitleIndex | None = None
    unlinked: _TitleIndex | None = None  # titles of papers without an arXiv id
    frequency: Counter[str] = field(default_factory=Counter)
    # The list's aliases, DOIs and site ids are not in its keys: read once, when first needed.
    stored_extras_read: bool = False
    stored_sites_read: bool = False
    # find() and then register() ask for the same abstract's key: computed once.
    last_abstract: tuple[str | None, str | None] = (None, None)
    norms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        keys: Iterable[tuple[str, str | None, str, str | None]],
        records: Sequence[Record] = (),
    ) -> Matcher:
        """From `Library.keys()` rows and the records this run will look up (their titles count
        in the word frequencies, so that 'rare' means rare in everything compared)."""
        matcher = cls()
        rows = [(i, arxiv, fold_key(norm), abstract) for i, arxiv, norm, abstract in keys]
        titles = [matcher.normalized(record.title) for record in records if record.title]
        # Counted in one pass of C loops: in how many titles each word is.
        matcher.frequency = Counter(
            chain.from_iterable(map(set, map(str.split, chain((r[2] for r in rows), titles))))
        )
        # The list's rows, each id once (as _register would file them, without its checks).
        ids, arxiv_of, by_arxiv = matcher.ids, matcher.arxiv_of, matcher.by_arxiv
        by_title, by_loose, by_abstract = matcher.by_title, matcher.by_loose, matcher.by_abstract
        for paper_id, arxiv, norm, abstract in rows:
            if paper_id in ids:
                matcher._register(paper_id, arxiv, norm, abstract)
                continue
            ids.add(paper_id)
            arxiv_of[paper_id] = arxiv
            if arxiv:
                by_arxiv.setdefault(arxiv, paper_id)
            if norm:
                by_title[norm].append(paper_id)
                by_loose[loose_key(norm)].append(paper_id)
            if abstract:
                by_abstract[abstract].append(paper_id)
        return matcher

    def _register(self, paper_id: str, arxiv: str | None, norm: str, abstract: str | None) -> None:
        self.ids.add(paper_id)
        self.arxiv_of[paper_id] = arxiv
        if arxiv:
            self.by_arxiv.setdefault(arxiv, paper_id)
        if norm and paper_id not in self.by_title[norm]:
            self.by_title[norm].append(paper_id)
            self.by_loose[loose_key(norm)].append(paper_id)
            if self.every is not None:
                words = set(norm.split())
                self.every.add(norm, paper_id, words)
                if not arxiv:
                    assert self.unlinked is not None
                    self.unlinked.add(norm, paper_id, words)
        if abstract and paper_id not in self.by_abstract[abstract]:
            self.by_abstract[abstract].append(paper_id)

    def register(self, paper: Paper) -> None:
        """Add a paper this run created or changed, so later entries find it."""
        norm = self.normalized(paper.title) if paper.title else ""
        self._register(paper.id, arxiv_of(paper), norm, self.abstract_key(paper.abstract))
        self._register_extras(paper.id, paper)

    def _register_extras(self, paper_id: str, record: Record) -> None:
        doi = doi_of(record)
        if doi:
            self.doi_of[paper_id] = doi
            self.by_doi.setdefault(doi, paper_id)
        sites = site_ids_of(record)
        if sites:
            self.sites_of[paper_id] = sites
            for kind_and_id in sites.items():
                self.by_site.setdefault(kind_and_id, paper_id)
        if record.alias and paper_id not in self.aliases[record.alias.casefold()]:
            self.aliases[record.alias.casefold()].append(paper_id)

    def _read_stored_extras(self, library: Library) -> None:
        """The list's short names, DOIs and site ids, read the first time an entry needs
        them."""
        if not self.stored_extras_read:
            self.stored_extras_read = True
            for paper in library.each():  # one at a time: 100,000 records are 300 MB at once
                self._register_extras(paper.id, paper)

    def _read_stored_sites(self, library: Library) -> None:
        """The list's site ids, read (from the index, not the papers) the first time an entry
        has one."""
        if not self.stored_sites_read:
            self.stored_sites_read = True
            for paper_id, values in library.site_ids():
                sites = site_ids_from(values)
                self.sites_of.setdefault(paper_id, sites)
                for kind_and_id in sites.items():
                    self.by_site.setdefault(kind_and_id, paper_id)

    def normalized(self, title: str) -> str:
        """title_key, remembered for this run's titles (each is asked for several times)."""
        norm = self.norms.get(title)
        if norm is None:
            norm = self.norms[title] = title_key(title)
        return norm

    def abstract_key(self, abstract: str | None) -> str | None:
        if self.last_abstract[0] != abstract:
            self.last_abstract = (abstract, abstract_key(abstract))
        return self.last_abstract[1]

    def _compatible(
        self, paper_id: str, arxiv: str | None, doi: str | None, sites: Ids = None
    ) -> bool:
        """False when the ids say two papers differ: two arXiv ids, two DOIs, or two ids of
        one site."""
        theirs = self.arxiv_of.get(paper_id)
        if arxiv and theirs and theirs != arxiv:
            return False
        their_doi = self.doi_of.get(paper_id)
        if doi and their_doi and their_doi != doi:
            return False
        their_sites = self.sites_of.get(paper_id) if sites else None
        return not their_sites or all(
            their_sites.get(kind, value) == value for kind, value in (sites or {}).items()
        )

    def _first(
        self, ids: list[str], arxiv: str | None, doi: str | None, sites: Ids = None
    ) -> str | None:
        return next((i for i in ids if self._compatible(i, arxiv, doi, sites)), None)

    def find(self, record: Record, library: Library) -> Match | None:
        """The paper `record` is, and how that was decided; None for a new paper."""
        arxiv, doi, sites = arxiv_of(record), doi_of(record), site_ids_of(record) or None
        if arxiv and arxiv in self.by_arxiv:
            return Match(self.by_arxiv[arxiv], f"same arXiv id {arxiv}", by_id=True)
        if doi:
            self._read_stored_extras(library)
        if sites:
            self._read_stored_sites(library)
        if doi and doi in self.by_doi and self._compatible(self.by_doi[doi], arxiv, None, sites):
            return Match(self.by_doi[doi], f"same DOI {doi}", by_id=True)
        for kind, value in (sites or {}).items():
            found = self.by_site.get((kind, value))
            if found is not None and self._compatible(found, arxiv, doi):
                return Match(found, f"same {SITES[kind].name} {value}", by_id=True)
        norm = self.normalized(record.title) if record.title else ""
        if norm:
            found = self._first(self.by_title.get(norm, []), arxiv, doi, sites)
            found = found or self._first(self.by_loose.get(loose_key(norm), []), arxiv, doi, sites)
            if found:
                return Match(found, "same title")
        key = self.abstract_key(record.abstract)
        if key:
            found = self._first(self.by_abstract.get(key, []), arxiv, doi, sites)
            if found:
                return Match(found, "same abstract")
        if norm:
            return self._fuzzy(norm, arxiv, doi, sites)
        if record.alias:
            self._read_stored_extras(library)
            found = self._first(self.aliases.get(record.alias.casefold(), []), arxiv, doi, sites)
            if found:
                return Match(found, "same short name")
        return self._chain(record, arxiv, doi, sites, library)

    def _chain(
        self, record: Record, arxiv: str | None, doi: str | None, sites: Ids, library: Library
    ) -> Match | None:
        """An untitled entry with an abstract too short for a key, or only a link, is found
        through the id it would get: base, base-2... carry the same abstract or link."""
        base = base_id(record)
        candidate_id, number = base, 1
        wanted_abstract = normalize_title(record.abstract) if record.abstract else None
        while candidate_id in self.ids:
            paper = library.get(candidate_id)
            if paper is not None and self._compatible(paper.id, arxiv, doi, sites):
                if wanted_abstract and normalize_title(paper.abstract) == wanted_abstract:
                    return Match(paper.id, "same abstract")
                if record.url and not record.alias and paper.url == record.url:
                    return Match(paper.id, "same link")
            number += 1
            candidate_id = f"{base}-{number}"
        return None

    def _title_indexes(self) -> tuple[_TitleIndex, _TitleIndex]:
        if self.every is None or self.unlinked is None:
            self.every, self.unlinked = _TitleIndex(), _TitleIndex()
            for norm, paper_ids in self.by_title.items():
                words = set(norm.split())
                for paper_id in paper_ids:
                    self.every.add(norm, paper_id, words)
                    if not self.arxiv_of.get(paper_id):
                        self.unlinked.add(norm, paper_id, words)
        return self.every, self.unlinked

    def _fuzzy(self, query: str, arxiv: str | None, doi: str | None, sites: Ids) -> Match | None:
        """The closest title (fuzz.ratio, at least FUZZY_CUTOFF) among the titles that share one
        of the query's RARE_WORDS rarest words, that `title_conflict` finds nothing against."""
        if len(query) < FUZZY_MIN_LENGTH:
            return None
        every, unlinked = self._title_indexes()
        # A paper with an arXiv id can only be one of the papers that have none.
        index = unlinked if arxiv else every
        words = sorted(
            {w for w in query.split() if w not in STOPWORDS},
            key=lambda w: (self.frequency[w], w),
        )[:RARE_WORDS]
        # ratio >= cutoff needs lengths within a factor: look only in those length buckets.
        factor = FUZZY_CUTOFF / (200 - FUZZY_CUTOFF)
        buckets = range(
            int(len(query) * factor) // _BUCKET, int(len(query) / factor) // _BUCKET + 1
        )
        places = [(w, b) for w in words for b in buckets if (w, b) in index.keys]
        from rapidfuzz import fuzz, process

        # Most titles are new: one pass over all their neighbours finds none close enough, and
        # only a title that has a close one is looked for again, list by list.
        neighbours = list(chain.from_iterable(map(index.keys.__getitem__, places)))
        if (
            process.extractOne(query, neighbours, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            is None
        ):
            return None
        best: tuple[float, str] | None = None
        cutoff = FUZZY_CUTOFF
        for place in places:
            hits = process.extract(
                query, index.keys[place], scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
            )
            for key, score, position in hits:
                paper_id = index.ids[place][position]
                if (best is None or score > best[0]) and (
                    self._compatible(paper_id, arxiv, doi, sites)
                    and title_conflict(query, key) is None
                ):
                    best, cutoff = (score, paper_id), score
        if best is None:
            return None
        return Match(best[1], f"title {best[0]:.0f}% alike")


def find_same(library: Library, record: Record) -> Match | None:
    """The paper of `library` that `record` is, by the rule above (for one record; `Matcher`
    does many at once)."""
    return Matcher.build(library.keys(), [record]).find(record, library)
