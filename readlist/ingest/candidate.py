"""What a parser finds in a document: `Candidate` (one entry that may be a paper) and
`ChallengeRef` (the challenge day it was read on). Candidates become Papers in `merge`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from readlist.identity import site_ids_of
from readlist.ids import MalformedId, arxiv_id_of, site_id, site_links_in
from readlist.models import Status, display_name


@dataclass(frozen=True)
class BreakNote:
    """A document's word that its reader took a break after a challenge day ("I am going to
    take a couple of weeks' break"): how long, when it says, and where it says so."""

    after_day: int
    days: int | None
    said: str
    source: str  # "<path>:<line>"


@dataclass
class ChallengeRef:
    """The reading challenge and day a document puts an entry on."""

    name: str
    day: int
    hashtag: str | None = None
    days: int | None = None  # the challenge's length, when the document says it
    start: date | None = None
    pause: BreakNote | None = None  # a break the document announces


@dataclass
class Candidate:
    """One entry of a document. `problem` set means it is not a paper (and says why); merge
    reports it as skipped."""

    source: str  # "<path>:<line>"
    title: str | None = None
    alias: str | None = None
    arxiv: str | None = None
    version: int | None = None
    url: str | None = None
    abstract: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: Status | None = None  # None: the document does not say
    added: date | None = None
    started: date | None = None
    finished: date | None = None
    published: date | None = None
    doi: str | None = None
    openreview: str | None = None  # the ids of readlist.ids.SITES, as Paper has them
    acl: str | None = None
    pmlr: str | None = None
    dblp: str | None = None
    pubmed: str | None = None
    journal_ref: str | None = None
    primary_category: str | None = None
    notes: str | None = None
    challenge: ChallengeRef | None = None
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None

    @property
    def label(self) -> str:
        """How the report names it."""
        shown = display_name(self.title, self.alias, self.abstract)
        return shown or self.arxiv or self.url or "(nothing)"

    def take_arxiv_id(self, text: str, invalid: str) -> bool:
        """Take the arXiv id `text` names; True when it named one. A malformed id is noted
        (`invalid`, then why) and not taken."""
        try:
            parsed = arxiv_id_of(text)
        except MalformedId as exc:
            self.notes = f"{invalid}: {exc}"
            return False
        if parsed is None:
            return False
        self.arxiv, self.version = parsed.id, parsed.version
        return True

    def take_site_ids(self, texts: Iterable[str | None]) -> None:
        """Take the site ids (OpenReview, ACL Anthology, PMLR, DBLP, PubMed) of the links in
        `texts`, each field the first one found, never over one it has."""
        for text in texts:
            for link in site_links_in(text) if text else ():
                if not getattr(self, link.kind):
                    setattr(self, link.kind, link.id)

    def take_site_id(self, kind: str, text: str | None) -> None:
        """Take a field that holds one site's id (a BibTeX `pmid`, a CSV `openreview` column):
        the id alone or its link; a value that is neither is noted, not taken."""
        value = (text or "").strip()
        if not value or getattr(self, kind):
            return
        found = site_id(kind, value)
        if found is None:
            self.warnings.append(f"{self.source}: {kind} {value!r} is not an id; left out")
        else:
            setattr(self, kind, found)

    def is_paper(self) -> bool:
        """True when it has something a paper can be identified by."""
        if self.problem:
            return False
        return bool(
            self.title
            or self.alias
            or self.arxiv
            or self.doi
            or self.abstract
            or self.url
            or site_ids_of(self)
        )
