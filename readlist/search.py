"""Finding what a person half-remembers: `search` ranks every paper against a few words, and
the closest papers are what a REF that matches nothing suggests.

Titles and short names count most; a word no title holds is looked for where `list` looks
(authors, ids, tags, notes). Typos are forgiven (each word is matched to the list's own words by
edit similarity), and so are split and joined words ("dream booth", "instructpix2pix"), word
order and plurals. Rare words weigh more than common ones, so "dreambooth diffusion" is about
DreamBooth.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from readlist.normalize import normalize_title, search_key

if TYPE_CHECKING:
    from readlist.models import Paper
    from readlist.views import Library

# A query word matches a list word this similar (rapidfuzz ratio, 0-100) or more; shorter
# words must match exactly (a typo in three letters is another word).
WORD_CUTOFF = 78.0
SHORTEST_FUZZY = 4
FUZZY_PER_WORD = 6
# A title word this close (0-1) is taken to be what was meant; nothing else is looked up.
CLOSE_TYPO = 0.85
# Found only outside titles and short names (authors, ids, tags, notes): worth this much.
OTHER_FIELDS = 0.9
# A word in more than this share of titles says little ("models", "for"): it only breaks ties.
COMMON_SHARE = 0.2


def _corpus_data(rows: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """What _Corpus keeps of (id, search key) rows, as JSON data: the ids, the keys as one
    text of one line each, where each line starts, and the words of the titles."""
    keys = [key for _, key in rows]
    text = "\n".join(keys)
    return {
        "ids": [paper_id for paper_id, _ in rows],
        "text": text,
        "starts": list(itertools.accumulate((len(k) + 1 for k in keys), initial=0)),
        "vocabulary": sorted(set(text.split())),
    }


class _Corpus:
    """Every paper's title words (its search key: title and short name, normalised, plurals
    folded) as one text of one line per paper, so that finding the papers that hold a word is
    a scan in C."""

    def __init__(self, library: Library) -> None:
        self.library = library
        # Worked out once per state of the list and kept in the index (Library.memo).
        data = library.memo("search-corpus", lambda: _corpus_data(library.search_keys()))
        self.ids: list[str] = data["ids"]
        self.text: str = data["text"]
        self.starts: list[int] = data["starts"]
        self.vocabulary = set(data["vocabulary"])
        self._titles: dict[str, set[int]] = {}
        self._others: dict[str, set[int]] = {}

    def key(self, number: int) -> str:
        """The search key of paper `number`."""
        return self.text[self.starts[number] : self.starts[number + 1] - 1]

    def in_titles(self, phrase: str) -> set[int]:
        """The papers whose title words hold `phrase` (one word, or two with a space)."""
        found = self._titles.get(phrase)
        if found is None:
            found = set()
            text, size = self.text, len(phrase)
            position = text.find(phrase)
            while position >= 0:
                end = position + size
                if (position == 0 or text[position - 1] in " \n") and (
                    end == len(text) or text[end] in " \n"
                ):
                    found.add(bisect.bisect_right(self.starts, position) - 1)
                position = text.find(phrase, end)
            self._titles[phrase] = found
        return found

    def elsewhere(self, word: str) -> set[int]:
        """The papers whose other searched fields hold `word` (asked of the index, as `list`)."""
        found = self._others.get(word)
        if found is None:
            number = {paper_id: n for n, paper_id in enumerate(self.ids)}
            found = {number[i] for i in self.library.mentioning(word) if i in number}
            self._others[word] = found
        return found

    def common(self, word: str) -> bool:
        return self.text.count(f" {word} ") > COMMON_SHARE * len(self.ids)

    def variants(self, word: str) -> dict[str, float]:
        """What `word` may have meant among the titles' words, with how close each is (0-1):
        the word itself, words a typo away, and the word split in two ("dream booth")."""
        found = {word: 1.0}
        if len(word) < SHORTEST_FUZZY or word in self.vocabulary:
            return found
        from rapidfuzz import fuzz, process

        for other, similarity, _ in process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=FUZZY_PER_WORD
        ):
            if abs(len(other) - len(word)) <= max(2, len(word) // 3):
                found[other] = max(found.get(other, 0.0), similarity / 100)
        for cut in range(SHORTEST_FUZZY - 1, len(word) - SHORTEST_FUZZY + 2):
            head, tail = word[:cut], word[cut:]
            if head in self.vocabulary and tail in self.vocabulary:
                found[f"{head} {tail}"] = 1.0
        return found


class _Term(NamedTuple):
    """One word of the query: the papers that hold each of its variants, each paper's score
    for it (0-1: the closest variant it holds), and its weight."""

    title: dict[str, tuple[float, set[int]]]
    other: set[int]
    scores: dict[int, float]
    weight: float

    @classmethod
    def of(cls, corpus: _Corpus, word: str, *, titles_only: bool = False) -> _Term:
        title = {v: (s, corpus.in_titles(v)) for v, s in corpus.variants(word).items()}
        title = {v: found for v, found in title.items() if found[1]}
        # A word no title holds, nor one close to it, may be a name, an id or a tag: look
        # where `list` looks.
        close = any(similarity >= CLOSE_TYPO for similarity, _ in title.values())
        other = set() if titles_only or close else corpus.elsewhere(word)
        holders = max((len(p) for _, p in title.values()), default=len(other))
        weight = 1.0 + math.log((1 + len(corpus.ids)) / (1 + holders))
        scores = dict.fromkeys(other, OTHER_FIELDS)
        for similarity, papers in title.values():
            for number in papers:
                if similarity > scores.get(number, 0.0):
                    scores[number] = similarity
        return cls(title, other, scores, weight)

    @property
    def papers(self) -> set[int]:
        return self.other.union(*(p for _, p in self.title.values()))


def _ranked(corpus: _Corpus, words: list[str], cutoff: float) -> dict[int, float]:
    """Each paper's score (0-100): the weighted share of the query's words it holds, the
    query read word by word or with two neighbours joined ("dream booth" = "dreambooth")."""
    telling = [w for w in words if not corpus.common(w)] or words
    single = [_Term.of(corpus, word) for word in telling]
    readings = [single]
    for i in range(len(telling) - 1):
        joined = _Term.of(corpus, telling[i] + telling[i + 1], titles_only=True)
        if joined.title:
            readings.append([*single[:i], joined, *single[i + 2 :]])
    totals: dict[int, float] = {}
    for terms in readings:
        weight = sum(t.weight for t in terms)
        # A paper holding none of the rarest words that make up more than 1 - cutoff of the
        # weight cannot reach the cutoff: only papers holding one of them are scored.
        candidates: set[int] = set()
        left = weight
        for term in sorted(terms, key=lambda t: -t.weight):
            if 100 * left / weight < cutoff:
                break
            candidates |= term.papers
            left -= term.weight
        for number in candidates:
            value = 100 * sum(t.scores.get(number, 0.0) * t.weight for t in terms) / weight
            if value > totals.get(number, 0.0):
                totals[number] = value
    return totals


def search(library: Library, text: str, limit: int = 10) -> list[tuple[Paper, float]]:
    """The papers `text` is most likely about, best first, with scores (0-100). A paper id or
    arXiv id puts its paper first."""
    from rapidfuzz import fuzz

    from readlist.match import check_ref_length

    check_ref_length(text, "search text")
    words = search_key(text).split()
    if not words:
        return []
    from readlist import config

    cutoff = config.get("search.cutoff")
    corpus = _Corpus(library)
    scores = _ranked(corpus, words, cutoff)
    exact = library.get(text.strip()) or _by_arxiv_id(library, text)
    if exact is not None and exact.id in corpus.ids:
        scores[corpus.ids.index(exact.id)] = 101.0  # before any title that merely matches
    query = " ".join(words)
    hits = sorted(
        (number for number, score in scores.items() if score >= cutoff),
        key=lambda n: (
            -round(scores[n], 1),
            -fuzz.partial_ratio(query, corpus.key(n)),
            len(corpus.key(n)),
            n,
        ),
    )[:limit]
    papers = library.get_many([corpus.ids[n] for n in hits])
    return [(papers[corpus.ids[n]], min(scores[n], 100.0)) for n in hits if corpus.ids[n] in papers]


def _by_arxiv_id(library: Library, text: str) -> Paper | None:
    if not any(c.isdigit() for c in text):
        return None  # every arXiv id has digits: the rules of ids need not be compiled
    from readlist.ids import MalformedId, looks_like_arxiv, parse_id

    if not looks_like_arxiv(text.strip()):
        return None
    try:
        found = parse_id(text.strip())
    except (MalformedId, ValueError):
        return None
    return library.by_arxiv(found.id) if found is not None else None


def suggestions(library: Library, ref: str, count: int = 3) -> list[Paper]:
    """The papers closest to a REF that matched nothing, for a "did you mean"."""
    if not normalize_title(ref):
        return []
    return [paper for paper, _ in search(library, ref, limit=count)]
