"""BibTeX blocks inside another document (a README's ```bibtex fences after its paper list): the
titles and ids of the entries the document's list cites. The list's entries stay the papers;
an entry found in a block by one of its ids gains the block's title, and an entry found there
by its title (or its short name) gains the block's ids."""

from __future__ import annotations

import re
from collections import defaultdict

from readlist.identity import same_title, site_ids_of, title_key
from readlist.ingest.candidate import Candidate

# A fence's info string that names BibTeX: ```bibtex, ~~~bib, ```BibTeX {.bib}, ```{.bibtex}.
_BIBTEX_INFO = re.compile(r"^\{?\.?(?:bibtex|bib|biblatex)\b", re.IGNORECASE)
_SHORT_NAME = re.compile(r"^\s*([^:]{2,40}?)\s*:\s+\S")


def bibtex_blocks(text: str) -> list[str]:
    """The bodies of the document's BibTeX fences, in order."""
    if "bib" not in text.lower():
        return []
    from readlist.ingest.markdown import fenced_code  # the one reader of fences

    return [code for info, code in fenced_code(text) if _BIBTEX_INFO.match(info)]


def _ids(candidate: Candidate) -> list[tuple[str, str]]:
    ids = [("arxiv", candidate.arxiv), ("doi", candidate.doi)]
    return [(kind, value) for kind, value in ids if value] + list(site_ids_of(candidate).items())


def _short_name(title: str | None) -> str | None:
    """The name before a title's colon ('DreamBooth' of 'DreamBooth: Fine Tuning ...')."""
    found = _SHORT_NAME.match(title or "")
    return found.group(1).casefold() if found else None


def _conflict(entry: Candidate, cited: Candidate) -> bool:
    """True when an id of one kind differs between the two: they are not one paper."""
    theirs = dict(_ids(cited))
    return any(theirs.get(kind, value) != value for kind, value in _ids(entry))


class _Citations:
    """The blocks' entries by id, by title and by short name."""

    def __init__(self, cited: list[Candidate]) -> None:
        self.by_id: dict[tuple[str, str], Candidate] = {}
        self.by_key: dict[str, list[Candidate]] = defaultdict(list)
        self.by_name: dict[str, list[Candidate]] = defaultdict(list)
        for entry in cited:
            if entry.problem or not entry.title:
                continue
            for kind_and_id in _ids(entry):
                self.by_id.setdefault(kind_and_id, entry)
            self.by_key[title_key(entry.title)].append(entry)
            name = _short_name(entry.title)
            if name:
                self.by_name[name].append(entry)

    def find(self, entry: Candidate) -> tuple[Candidate, bool] | None:
        """The cited entry that is `entry` and whether an id said so: by an id, else by its
        title, else by its short name when one cited title alone has it."""
        for kind_and_id in _ids(entry):
            if kind_and_id in self.by_id:
                return self.by_id[kind_and_id], True
        if entry.title:
            key = title_key(entry.title)
            same = self.by_key.get(key) or next(
                (cited for other, cited in self.by_key.items() if same_title(key, other)), []
            )
            found = next((c for c in same if not _conflict(entry, c)), None)
            if found is not None:
                return found, False
        name = (entry.alias or entry.title or "").casefold()
        named = self.by_name.get(name, []) if name else []
        if len(named) == 1 and not _conflict(entry, named[0]):
            return named[0], False
        return None


# An entry's own title of at most this many words, beside the cited title of the same id, is
# the name the document's author uses for the paper ("Textual Inversion"), kept as its alias.
NAME_WORDS = 5


def _names(own: str, cited: str | None, by_id: bool) -> bool:
    """True when an entry's own title is a name for the cited title, not the title itself:
    the name before its colon, or (when an id said it is the paper) a few other words."""
    if cited is None or same_title(title_key(own), title_key(cited)):
        return False
    return _short_name(cited) == own.casefold() or (by_id and len(own.split()) <= NAME_WORDS)


def _fill(entry: Candidate, cited: Candidate, by_id: bool) -> None:
    """The cited title (the entry's own title becoming its short name when it is one) and the
    ids and authors the entry lacks."""
    own = entry.title
    if own is None:
        entry.title = cited.title
    elif _names(own, cited.title, by_id):
        entry.alias = entry.alias or own
        entry.title = cited.title
    if not entry.arxiv and cited.arxiv:
        entry.arxiv, entry.version = cited.arxiv, cited.version
    entry.doi = entry.doi or cited.doi
    for kind, value in site_ids_of(cited).items():
        if not getattr(entry, kind):
            setattr(entry, kind, value)
    entry.authors = entry.authors or list(cited.authors)


def use_citations(candidates: list[Candidate], text: str, source_name: str) -> None:
    """Complete the document's entries from its BibTeX blocks, in place."""
    blocks = bibtex_blocks(text)
    if not blocks:
        return
    from readlist.ingest import bibtex

    citations = _Citations(
        [entry for block in blocks for entry in bibtex.parse(block, source_name)]
    )
    for entry in candidates:
        if entry.problem:
            continue
        found = citations.find(entry)
        if found is not None:
            _fill(entry, *found)
