"""Finding papers from what the user typed (the REF arguments): record ids, arXiv ids, DOIs and
the sites' ids (OpenReview, ACL Anthology, PMLR, DBLP, PubMed) in any link form (readlist.ids),
or a piece of a title matched with rapidfuzz. One clear match or a clear error; never a silent
guess."""

from __future__ import annotations

from typing import NamedTuple

from readlist.errors import AmbiguousError, NotFoundError, UsageError
from readlist.models import Paper
from readlist.normalize import normalize_title
from readlist.views import Library

# A title match must score at least CLEAR_SCORE and beat the next one by CLEAR_MARGIN to act;
# anything from CLOSE_SCORE up is listed as a candidate.
CLEAR_SCORE = 88.0
CLEAR_MARGIN = 8.0
CLOSE_SCORE = 70.0
MAX_CANDIDATES = 8


class RefMatch(NamedTuple):
    id: str
    title: str
    score: float


def _describe(candidates: list[RefMatch]) -> list[str]:
    return [f"{c.id}  {c.title}" for c in candidates[:MAX_CANDIDATES]]


# Longer than any id or title: refused before it reaches SQLite's LIKE or the fuzzy matcher.
MAX_REF_LENGTH = 1000


def check_ref_length(text: str, what: str = "reference") -> None:
    if len(text) > MAX_REF_LENGTH:
        raise UsageError(
            f"the {what} is {len(text):,} characters long; a paper id, arXiv id or title is at "
            f"most {MAX_REF_LENGTH:,}"
        )


def resolve_ref(library: Library, ref: str) -> Paper:
    """The one paper `ref` names. Raises NotFoundError or AmbiguousError (with candidates)."""
    text = ref.strip()
    if not text:
        raise UsageError("an empty reference: give a paper id, an arXiv id or part of a title")
    check_ref_length(text)
    paper = library.get(text)
    if paper is not None:
        return paper
    # Past a paper's own id (what scripts and completion give): links, ids in other forms,
    # titles. Imported here, so that the common case does not pay for compiling their rules.
    from readlist.identity import missing_numbers
    from readlist.ids import MalformedId, parse_link

    try:
        link = parse_link(text)
    except MalformedId as exc:
        raise UsageError(f"{text!r} is not a valid arXiv id: {exc}") from None
    if link is not None and link.arxiv is not None:
        found = library.by_arxiv(link.id)
        if found is None:
            raise NotFoundError(
                f"no paper with arXiv id {link.id} in the list; add it with "
                f"`readlist add {link.id}`"
            )
        return found
    if link is not None:  # a DOI, or a site's id (OpenReview, ACL Anthology...)
        from readlist.identity import find_same

        wanted = Paper(id="")
        setattr(wanted, link.kind, link.id)
        match = find_same(library, wanted)
        if match is None:
            raise NotFoundError(
                f"no paper with {link.site_name} {link.id} in the list; add it with "
                f"`readlist add {link.url}`"
            )
        paper = library.get(match.paper_id)
        assert paper is not None
        return paper
    candidates = title_candidates(library, text)
    if not candidates:
        raise NotFoundError(
            f"no paper matches {text!r}; `readlist list` shows the papers and their ids"
        )
    best = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    # 'Gemma 3' is not 'Gemma 2 Technical Report', however close the words are.
    other_number = missing_numbers(normalize_title(text), normalize_title(best.title))
    if best.score >= CLEAR_SCORE and best.score - runner_up >= CLEAR_MARGIN and not other_number:
        found_paper = library.get(best.id)
        assert found_paper is not None
        return found_paper
    if len(candidates) == 1:
        raise NotFoundError(
            f"no clear match for {text!r}; did you mean {best.id} ({best.title})? "
            "Use its id to be sure",
        )
    raise AmbiguousError(
        f"{text!r} matches {len(candidates)} papers; nothing was changed. Use one of these ids:",
        _describe(candidates),
        [c.id for c in candidates[:MAX_CANDIDATES]],
    )


def title_candidates(library: Library, text: str) -> list[RefMatch]:
    """Papers whose title is `text` (score 100) or contains it as whole words (95), else those
    whose title matches it fuzzily (rapidfuzz WRatio), best first."""
    wanted = normalize_title(text)
    if not wanted:
        return []
    found = library.find_titles(wanted)
    exact = [RefMatch(i, t, 100.0) for i, t, whole in found if whole]
    if len(exact) == 1:
        return exact
    if found:
        return exact + [RefMatch(i, t, 95.0) for i, t, whole in found if not whole]
    from rapidfuzz import fuzz, process, utils

    titles = library.titles()
    scored = process.extract(
        wanted,
        [title for _, title in titles],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=MAX_CANDIDATES,
        score_cutoff=CLOSE_SCORE,
    )
    return [RefMatch(titles[i][0], titles[i][1], float(score)) for _, score, i in scored]
