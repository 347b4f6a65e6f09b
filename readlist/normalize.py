"""Normalised text keys shared by matching, indexing and ingest: titles, search keys, abstract
keys, and the one stopword list."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# The same for ASCII text, as a byte table: every byte that is not a letter or digit -> space.
_ASCII_NON_WORD = bytes(b for b in range(128) if not chr(b).isalnum())
_ASCII_TABLE = bytes.maketrans(_ASCII_NON_WORD, b" " * len(_ASCII_NON_WORD))


def normalize_title(title: str | None) -> str:
    """Lower case, accents folded, punctuation and spacing collapsed: the key titles match on."""
    if not title:
        return ""
    if title.isascii():  # nothing to decompose or fold: the common case, much faster
        return " ".join(title.lower().encode("ascii").translate(_ASCII_TABLE).decode().split())
    decomposed = unicodedata.normalize("NFKD", title)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


# Function words: skipped when picking a title's key words (searches, BibTeX keys, rare words)
# and ignorable when two titles are compared. Never words that change meaning ('not',
# 'without', 'new', 'improved'): 'with'/'without' must not make two titles the same.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "these",
        "this",
        "to",
        "toward",
        "towards",
        "via",
        "we",
        "what",
        "when",
        "which",
        "while",
        "why",
        "with",
    }
)


def abstract_key(abstract: str | None) -> str | None:
    """A short fingerprint of an abstract's words, equal for identical abstracts."""
    if not abstract:
        return None
    words = normalize_title(abstract)
    if len(words) < 40:
        return None  # too short to identify a paper on its own
    import hashlib  # (here: only indexing and ingest need it, not every command)

    return hashlib.sha1(words.encode()).hexdigest()[:20]


def _stem(word: str) -> str:
    # Plurals are the common near-miss in title searches: "classifiers" vs "classifier".
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def search_key(title: str | None) -> str:
    """The normalised title with plural endings dropped, for fuzzy search."""
    return " ".join(_stem(w) for w in normalize_title(title).split())
