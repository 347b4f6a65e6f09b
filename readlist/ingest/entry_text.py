"""Text helpers the parsers share: undoing Markdown escapes, tidying titles and abstracts,
telling titles from page furniture and sentences, and status words (the ids in links are
readlist.ids' job)."""

from __future__ import annotations

import re
import unicodedata

from readlist.ids import URL
from readlist.models import Status
from readlist.normalize import STOPWORDS

# CommonMark backslash escapes (any ASCII punctuation) and the HTML entities the exporter writes.
_ESCAPES = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(amp|lt|gt|quot|#39|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
)
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'"}


def _unescape_one(found: re.Match[str]) -> str:
    if found.group(1) is not None:
        return found.group(1)
    entity = found.group(2)
    if entity in _NAMED:
        return _NAMED[entity]
    number = int(entity[2:], 16) if entity[1] in "xX" else int(entity[1:])
    try:
        return chr(number) if number else found.group(0)
    except (ValueError, OverflowError):
        return found.group(0)


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes and the HTML entities &amp; &lt; &gt; &quot; &#39;
    (and numeric ones), in one left-to-right pass."""
    return _ESCAPES.sub(_unescape_one, text)


_SPACE_BEFORE_COLON = re.compile(r"\s+:(?=\s|$)")
_WRAPPERS = (("**", "**"), ("__", "__"), ("*", "*"), ("_", "_"), ('"', '"'), ("“", "”"))
_TRAILING_SEPARATORS = " \t:|-–—,;·•"
# Furniture people put around a title: [pdf], (PRINTED), (2022), [CVPR'23], "by X et al.".
_BRACKETED = (
    r"[\[(](?:pdf|code|arxiv|paper|printed|slides|video|project(?: page)?|html|bib(?:tex)?|link"
    r"|website|blog|poster|demo|oral|spotlight|new|updated|citation|c|book|b|paywall"
    r"|(?-i:[A-Z][A-Za-z]*[A-Z][A-Za-z]*)\s\d{2}"  # "[ICLR 23]", "[SIGGRAPH 23]": two capitals
    r"|(?:submitted|published|accepted)\s[^\[\]()]{1,40}"  # "[Submitted 23 Apr 2024 arxiv]"
    r"|\d{4}|(?-i:[A-Z][A-Za-z]{1,11})\s?(?:(?:19|20)\d{2}|'\d{2})"
    r"(?:\s(?:workshops?|oral|spotlight|poster|highlight|findings|demo)(?:\s(?:paper|track))?)?)[\])]"
)
_FURNITURE_AFTER = re.compile(
    r"(?:\s*" + _BRACKETED + r"|\s*[-–—]?\s*\(?see (?:above|below)\)?"
    r"|\s*\((?:[^()]{1,80}\s)?(?:19|20)\d{2}\)"  # "(ECCV 2018)", "(Intl. J. of Graphics 2013)"
    r"|\s*\([A-Z][^()]*?\bet\s+al\.?[^()]*(?:\([^()]*\)[^()]*)?\)"
    r"|\s*(?:,|\bby|[-–—])\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s+et\s+al\.?)+$",
    re.IGNORECASE,
)
# "Language Models are Few-Shot Learners (GPT-3)": a short name in brackets after a title, written
# as short names are (two capitals or a capital and a digit: CLIP, GPT-3, InstructGPT, MFDNet);
# "(Almost)", "(Extended Abstract)", a part's number "(II)" and a short name before a subtitle
# ("A Complete Survey on Generative AI (AIGC): Is ChatGPT ...") are part of the title.
_SHORT_NAME = r"\((?![IVX]+\))[A-Z](?=[\w-]*[A-Z0-9])[\w-]{1,19}\)"
_SHORT_NAME_AFTER = re.compile(rf"\s+{_SHORT_NAME}$")
_QUOTED_TITLE = re.compile(r"^[\"“]([^\"“”]{8,})[\"”](?=\s*(?:$|by\b|[,.(\[–—-]))")
_FURNITURE_BEFORE = re.compile(rf"^(?:{_BRACKETED}\s*)+", re.IGNORECASE)
# "[DALL-E] Zero-Shot Text-to-Image Generation", "[ViT] An Image is Worth 16x16 Words": a short
# name in brackets before a title (ReScience's "[Re] ..." is part of its titles).
_SHORT_NAME_BEFORE = re.compile(r"^\[(?!Re\])[A-Za-z][\w.+-]*(?: [\w.+-]+)?\]\s+(?=\S+\s+\S+\s+\S)")
# "CCSA--Unified Deep Supervised Domain Adaptation and Generalization": a short name and "--".
_SHORT_NAME_DASHES = re.compile(
    r"^[A-Z][a-z0-9]*[A-Z0-9][\w.+]*(?:-[\w.+]+)*\s*--\s*(?=[A-Z]\S*\s+\S+\s+\S)"
)
# A list's numbering written into an entry's text: "1. ", "2) ", "**05.GANs**", "03.3D
# Convolutional..." (a leading zero); "1.58-bit LLMs" and "2.5D Vision" are titles.
_NUMBERING_BEFORE = re.compile(r"^\s*(?:0\d{1,2}[.)]\s*|\d{1,4}[.)](?:\s+|(?=[^\W\d_])))(?=\S)")


def closing(text: str, start: int, opener: str, closer: str) -> int | None:
    """The index just after the `closer` that closes the `opener` at `start` (pairs nest, a
    backslash escapes the next character), or None when it is never closed."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def without_numbering(text: str) -> str:
    """An entry's text without the list numbering written into it ("1. Title", "05.Title")."""
    return _NUMBERING_BEFORE.sub("", text) if text.lstrip()[:1].isdigit() else text


# "TODO Read Out of the Tar Pit", "- [ ] Read "Relaxed Lasso"": what to do with the paper,
# before its title.
_TO_DO_VERB = re.compile(r"^(?i:read|re-?read|skim|study|review)\s+(?=[\"“A-Z])")


def without_to_do_verb(text: str) -> str:
    """A to-do item's text without the verb before the paper's title ("Read X" -> "X")."""
    return _TO_DO_VERB.sub("", text, count=1) or text


def collapse(text: str) -> str:
    """Runs of whitespace (newlines too) as one space, ends stripped."""
    return " ".join(text.split())


def clean_title(text: str | None) -> str | None:
    """A title as people write it, tidied: spacing collapsed, 'ViCo : Detail' -> 'ViCo: Detail',
    emphasis and quotes around it and separators after it removed. None when nothing is left."""
    if not text:
        return None
    title = _strip_symbols(collapse(text).replace("**", ""))
    quoted = _QUOTED_TITLE.match(title) if title[:1] in '"“' else None
    if quoted:  # '"Attention Is All You Need" by Vaswani et al. (2017)': the quoted part
        title = quoted.group(1)
    changed = True
    while changed and title:
        changed = False
        for left, right in _WRAPPERS:
            wrapped = title.startswith(left) and title.endswith(right)
            if wrapped and len(title) > len(left) + len(right):
                title = title[len(left) : -len(right)].strip()
                changed = True
        stripped = _without_furniture(title.rstrip(_TRAILING_SEPARATORS))
        if stripped != title:
            title, changed = stripped, True
    title = _SPACE_BEFORE_COLON.sub(":", title)
    if title.endswith(".") and not title.endswith("..") and len(title) > 1:
        before = title[:-1].rsplit(" ", 1)[-1]
        if not re.fullmatch(r"(?i)(al|etc|vs|[a-z])", before):
            title = title[:-1].rstrip()
    return title or None


def _without_furniture(title: str) -> str:
    # The patterns are tried only where they can match: most titles have no furniture at all.
    if title.endswith((")", "]", "al", "al.", "above", "below")):
        title = _FURNITURE_AFTER.sub("", title)
    if ")" in title:
        title = without_short_name(title)
    if title.startswith(("[", "(")):
        title = _SHORT_NAME_BEFORE.sub("", _FURNITURE_BEFORE.sub("", title))
    elif "--" in title[:40]:
        title = _SHORT_NAME_DASHES.sub("", title)
    return _strip_symbols(title)


def without_short_name(title: str) -> str:
    """The title without a nickname in brackets after it ('... Learners (GPT-3)'); an acronym
    spelling out the words just before it is the title's own ('Gaussian Error Linear Units
    (GELUs)', 'fine particulate matter (PM2.5)')."""
    found = _SHORT_NAME_AFTER.search(title)
    if not found:
        return title
    before = title[: found.start()]
    if len(before.split()) < 2:
        return title
    letters = [c for c in found.group(0) if c.isupper()]
    initials = [w[0].upper() for w in re.split(r"[\s-]+", before) if w]
    for size in range(len(letters), min(len(initials), 2 * len(letters)) + 1):
        window = iter(initials[-size:])
        if initials[-size] == letters[0] and all(letter in window for letter in letters):
            return title  # the acronym of the words before it
    return before


def _strip_symbols(text: str) -> str:
    """Emoji and other pictographs at either end (and the joiners that build them) removed."""
    if not text or (text[0].isalnum() and text[-1].isalnum()):
        return text
    start, end = 0, len(text)
    while start < end and _is_symbol(text[start]):
        start += 1
    while end > start and _is_symbol(text[end - 1]):
        end -= 1
    return text[start:end].strip() if (start, end) != (0, len(text)) else text


def _is_symbol(char: str) -> bool:
    return (
        char.isspace()
        or unicodedata.category(char) in ("So", "Sk", "Cf")
        or ("\ufe00" <= char <= "\ufe0f")
    )


def clean_abstract(text: str | None) -> str | None:
    """Each paragraph on one line, paragraphs separated by a blank line."""
    if not text:
        return None
    paragraphs = [collapse(p) for p in re.split(r"\n\s*\n", text)]
    joined = "\n\n".join(p for p in paragraphs if p)
    return joined or None


_DATE_LIKE = re.compile(
    r"^(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?$|^\d{4}-\d{2}-\d{2}$|^\d{1,2}[-/]\d{1,2}[-/]\d{2,4}$",
    re.IGNORECASE,
)
# Lines that web pages and social sites put around the papers (compared casefolded).
FURNITURE = frozenset(
    {
        "new",
        "subscribe",
        "daily papers",
        "get trending papers in your email inbox!",
        "arxiv.org",
        "google docs",
        "papers with code",
        "hugging face",
        "show more",
        "read more",
        "view pdf",
        "upvote",
        "trending papers",
    }
)
_FURNITURE_PATTERNS = re.compile(
    r"^(?:[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|pub|io|ai|edu|dev|gov|co|me)(?:/\S*)?$"
    r"|\[?(?:pdf|html|doc|ps)\]?\s+from\b"
    r"|by\s*ak\b|submitted by\b|published on\b|\d+\s+(?:upvotes?|comments?|authors?|likes?)$"
    r"|·|•|[\d\s.,kKmM]+$|a (?:tiny )?(?:paper )?(?:🧶|🧵)$|[🧶🧵]$)",
    re.IGNORECASE,
)


def is_furniture(line: str) -> bool:
    """True for the page's own words: buttons, section names, dates, counters, site names."""
    text = collapse(line)
    if not text:
        return True
    folded = text.casefold()
    return (
        folded in FURNITURE or bool(_FURNITURE_PATTERNS.match(text)) or bool(_DATE_LIKE.match(text))
    )


# "list. Note" (a sentence ending inside the line); "vs. GANs", "et al. In" are not breaks.
_SENTENCE_BREAK = re.compile(r"\b(?!(?:vs|al|etc|cf|eg|ie)\.)[a-z]{2,}[.!] [A-Z]")


def has_sentences(text: str) -> bool:
    """True for text in which a sentence ends and another begins: a remark, not a title."""
    return bool(_SENTENCE_BREAK.search(collapse(text)))


_CSV_COMMA = re.compile(r",(?=\S)")  # "Name,Date,Paper Link": cells, not a title


def reads_like_title(text: str, *, min_words: int = 2, max_words: int = 40) -> bool:
    """True when one line of text reads like a paper title rather than a sentence, a link or
    page furniture: a few words, no URL, not ending like a sentence."""
    line = collapse(text)
    if not line or len(line) > 300 or URL.search(line):
        return False
    words = line.split()
    if not min_words <= len(words) <= max_words:
        return False
    if line[-1] in ".!;," and not line.endswith("..."):
        return False
    if not (line[0].isalnum() or line[0] in "\"'“‘(["):
        return False
    if _SENTENCE_BREAK.search(line) or len(_CSV_COMMA.findall(line)) >= 2:
        return False
    if sum(map(str.isalpha, line)) < 3:
        return False
    return not is_furniture(line) and not is_context_label(line)


def looks_like_paper_title(text: str) -> bool:
    """A title with no link to vouch for it (a checklist, a numbered list of titles): a few
    words, most of them capitalised (titles are written in title case; prose is not)."""
    if len(text.split()) < 3 or not reads_like_title(text):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() not in STOPWORDS]
    capitalised = sum(1 for w in words if w[0].isupper())
    return bool(words) and capitalised * 3 >= len(words) * 2


def reads_like_abstract(text: str, min_words: int = 25) -> bool:
    """True for a paragraph long enough to be an abstract."""
    return len(text.split()) >= min_words


def is_short_name(text: str) -> bool:
    """A short name such as ViCo, IJEPA or dreambooth (one word), not a title."""
    value = text.strip()
    return bool(value) and " " not in value and len(value) <= 40


def title_or_alias(text: str | None) -> tuple[str | None, str | None]:
    """(title, alias) from a name cell or a line: one word is a short name, more is a title."""
    value = clean_title(text)
    if not value:
        return None, None
    if is_short_name(value):
        return None, value
    return value, None


_PHRASES = {
    Status.DONE: [
        "done",
        "read",
        "finished",
        "complete",
        "completed",
        "yes",
        "y",
        "x",
        "have read",
        "already read",
        "reviewed",
    ],
    Status.READING: ["reading", "in progress", "started", "ongoing", "wip", "currently reading"],
    Status.TODO: [
        "todo",
        "to do",
        "to read",
        "to-read",
        "unread",
        "planned",
        "not started",
        "queued",
        "backlog",
        "next",
        "no",
        "n",
    ],
    Status.SKIPPED: [
        "skipped",
        "skip",
        "dropped",
        "abandoned",
        "won't read",
        "will not read",
        "ignored",
    ],
}
_STATUS_LOOKUP = {phrase: status for status, phrases in _PHRASES.items() for phrase in phrases}
_CHECK_MARKS = frozenset("✓✔✅☑")
_NOT_WORD = re.compile(r"[^\w' -]+")


def parse_status(text: str | None) -> tuple[Status | None, bool]:
    """(status, understood) from the words spreadsheets use: "Done ✨", "read", "to read", "✅".
    Empty text is (None, True): the document says nothing."""
    if text is None or not text.strip():
        return None, True
    raw = text.strip()
    if any(mark in raw for mark in _CHECK_MARKS):
        return Status.DONE, True
    words = collapse(_NOT_WORD.sub(" ", raw.casefold()).replace("_", " "))
    if words in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[words], True
    return None, False


_NAME_WORD = re.compile(r"[\w'’.\-]+")
_NAME_PARTICLE = frozenset(
    ("de", "van", "der", "von", "la", "le", "du", "da", "di", "del", "bin", "al")
)


def looks_like_names(line: str) -> bool:
    """True for a line that lists people: 'Jonathan Ho, Ajay Jain, Pieter Abbeel'."""
    text = collapse(line).removesuffix("et al.").removesuffix("et al").strip(" ,")
    if not text or any(ch.isdigit() for ch in text) or URL.search(text):
        return False
    names = [n.strip() for n in re.split(r",|\band\b|;|&", text) if n.strip()]
    if not names:
        return False
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or not all(_is_name_word(w) for w in words):
            return False
    return len(names) >= 2 or len(names[0].split()) >= 2


def _is_name_word(word: str) -> bool:
    """A word of a name: capitalised (Ç and Ø too) or a particle ('van', 'de')."""
    return word in _NAME_PARTICLE or (word[0].isupper() and bool(_NAME_WORD.fullmatch(word)))


def split_names(line: str) -> list[str]:
    """The people of a names line, in order ('et al.' dropped)."""
    text = collapse(line).removesuffix("et al.").removesuffix("et al").strip(" ,;")
    parts = re.split(r";|,|\band\b|&", text)
    return [collapse(p) for p in parts if collapse(p) and collapse(p).casefold() != "others"]


# Words that name a link rather than a paper: "[paper](...)", "Paper: https://...", "[[code]]".
LINK_WORDS = frozenset(
    {
        "paper",
        "papers",
        "pdf",
        "arxiv",
        "abs",
        "abstract",
        "link",
        "links",
        "url",
        "code",
        "github",
        "project",
        "page",
        "website",
        "homepage",
        "home",
        "demo",
        "video",
        "videos",
        "blog",
        "slides",
        "poster",
        "bib",
        "bibtex",
        "html",
        "preprint",
        "source",
        "data",
        "dataset",
        "model",
        "models",
        "here",
        "this",
        "see",
        "download",
        "openreview",
        "acl",
        "anthology",
        "doi",
        "huggingface",
        "hf",
        "colab",
        "notebook",
        "talk",
        "tweet",
        "thread",
        "twitter",
        "site",
        "summary",
        "review",
        "notes",
        "report",
    }
)


# Words that point at a paper instead of naming it: "see also", "Paper 1 (methods)", "ref".
_CONTEXT_WORDS = frozenset(
    {
        "also",
        "cf",
        "related",
        "previously",
        "previous",
        "prev",
        "next",
        "earlier",
        "later",
        "follow",
        "up",
        "part",
        "ref",
        "refs",
        "reference",
        "references",
        "read",
        "reading",
        "todo",
        "original",
        "full",
        "version",
        "main",
        "extended",
        "oral",
        "orals",
        "awards",
        "accepted",
        "proceedings",
        "list",
        "day",
        "week",
        "section",
        "chapter",
        "item",
        "entry",
        "no",
        "number",
        "more",
        "and",
        "or",
        "the",
        "a",
        "an",
        "in",
        "on",
        "of",
        "for",
        "to",
        "via",
        "with",
        "from",
        "its",
        "it",
    }
)


def is_context_label(text: str) -> bool:
    """True for words around a link that point at it rather than name a paper: 'see also',
    'Paper 1 (methods)', 'related:', 'arXiv link' (what is in brackets does not count)."""
    words = re.findall(r"[a-z]+", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text.casefold()))
    return all(w in _CONTEXT_WORDS or w in LINK_WORDS for w in words)


def is_link_word(text: str) -> bool:
    """True for link labels such as 'paper', '[PDF]', 'Project Page', 'arXiv'."""
    words = re.findall(r"[a-z]+", text.casefold())
    return bool(words) and len(words) <= 3 and all(w in LINK_WORDS for w in words)


# A reference written out as a citation, the title found by its place among the parts:
#   Kirchhoff, M., & Friston, K. (2018). The Markov blankets of life. J. R. Soc. Interface, 15.
#   Hal Berenson, Jim Gray, and Patrick O'Neil. 1995. A critique of ANSI SQL isolation levels. In..
#   Reinhart, A. (2015): Statistics done wrong
#   Rosenblum, Mendel and Ousterhout, John K. (February 1992) - "The Design and ...". ACM TOCS.
#   H. T. Kung, John T. Robinson: On Optimistic Methods for Concurrency Control. TODS 6(2) (1981)
#   B. Chazelle. Approximation and decomposition of shapes. In J. T. Schwartz, editor, ...
_YEAR_MARK = re.compile(
    r"(?:\((?P<paren>(?:[A-Z][a-z]+\.?\s+)?(?:(?:19|20)\d{2}[a-z]?)?|n\.\s?d\.)\)"
    r"|(?<=[.,]\s)(?P<bare>(?:19|20)\d{2}[a-z]?)(?=[.:]))\s*[.:,\-–—]\s*"
)
_QUOTED_AFTER_NAMES = re.compile(r"(?<=\w\.|\w\w),\s+(?=[\"“][^\"“”]{8,}[\"”])")
_AUTHORS_COLON = re.compile(r"^(?P<names>[^:\d]{3,1000}?):\s+(?P<rest>\S.*)$")
# Where a title ends: a full stop (not after an initial or "vs"/"al"/"etc") before the venue.
_TITLE_END = re.compile(r"(?<![\s.][A-Z])(?<!\bvs)(?<!\bal)(?<!\betc)\.(?=\s+[A-Z0-9\"“(\[]|\s*$)")
_LABEL_BEFORE = re.compile(r"^[\w.+-]{2,30}\s+(?:--|–|—)\s+(?=[A-Z])")
_VENUE_LINE = re.compile(r"^[A-Z][^.:]{0,60},\s*(?:19|20)\d{2}\.?$")
_ANY_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_VENUE_INSIDE = re.compile(r",\s+in\s+[A-Z]|\bwww\.|\bpp\.\s*\d")
_QUOTED = re.compile(r"^[\"“”'‘](?P<title>[^\"“”]{8,}?)[.,]?[\"”’](?=[\s.,]|$)")


def citation(text: str) -> tuple[str, list[str]] | None:
    """(title, authors) of a reference written as a citation (authors first, then a year or a
    colon or a full stop, then the title, then the venue), or None when the text is not one:
    prose, a bare title, a list of names."""
    joined = re.sub(r"(?<=[a-z])-\n\s*(?=[a-z])", "", text.strip())
    *head, last = joined.splitlines() or [""]
    if head and _VENUE_LINE.match(last.strip()):  # "AI journal, 1987" under the title
        joined = "\n".join(head)
    line = _LABEL_BEFORE.sub("", collapse(joined))  # "Spanner -- James C. Corbett, ..."
    if len(line) < 20 or len(line) > 1500:
        return None
    for names, rest, dated in _citation_splits(line):
        names = names.replace("...", "").replace("…", "")
        if not _author_list(names) or not (dated or _ANY_YEAR.search(text)):
            continue
        title = _leading_title(rest)
        if not title or _VENUE_INSIDE.search(title):
            continue
        if reads_like_title(title, min_words=2, max_words=40):
            return title, split_names(names)
    return None


def _author_list(text: str) -> bool:
    """Names as a citation lists them: several, or one with an initial ('B. Chazelle'); a few
    capitalised words alone ('Deep Residual Learning') are a title, not an author."""
    if not looks_like_names(text) or re.search(r"[a-z]{2}\.\s", text):
        return False  # "... and Dale Woodford. Spanner": a sentence ends inside, not a name
    return bool(re.search(r",|\band\b|&|\b[A-Z]\.", text))


def _citation_splits(line: str) -> list[tuple[str, str, bool]]:
    """Where the authors of a citation may end and its title begin, and whether a year marks it:
    a colon or a bare full stop needs a year elsewhere to be a citation."""
    splits = []
    year = _YEAR_MARK.search(line)
    if year and year.start() > 2 and (year.group("paren") is not None or year.group("bare")):
        splits.append((line[: year.start()].rstrip(" .,"), line[year.end() :], True))
    quoted = _QUOTED_AFTER_NAMES.search(line)  # 'T. Mikolov and J. Dean, "Efficient ...", CoRR'
    if quoted:
        splits.append((line[: quoted.start()], line[quoted.end() :], False))
    colon = _AUTHORS_COLON.match(line)
    if colon:
        splits.append((colon.group("names"), colon.group("rest"), False))
    for stop in re.finditer(r"(?<=[a-z’'])\.\s+(?=[A-Z\"“])", line[:1000]):
        splits.append((line[: stop.start()], line[stop.end() :], False))
        break
    return splits


def _leading_title(rest: str) -> str | None:
    """The title at the start of what follows a citation's authors: a quoted title, or the
    text up to the full stop before the venue."""
    rest = rest.strip()
    quoted = _QUOTED.match(rest)
    if quoted:
        return clean_title(quoted.group("title"))
    end = _TITLE_END.search(rest)
    return clean_title(rest[: end.start()] if end else rest)


_ATTRIBUTION = re.compile(r"\s*\((?P<who>[^()]{3,200})\)\s*$")


def attributed(text: str) -> tuple[str, list[str]] | None:
    """'Finding Neurons In A Haystack (Wes Gurnee et al)', 'Attribution Patching (Neel Nanda,
    Anthropic)': (the title, the people) of an item that names who wrote it in brackets after
    the title; None when the brackets hold anything else ('(GANs)', '(2022)')."""
    found = _ATTRIBUTION.search(text)
    if not found or found.start() == 0:
        return None
    who = found.group("who").strip()
    etal = re.search(r"\bet\s+al\b", who)
    people = who[: etal.start()] if etal else who  # "Nelson Elhage et al, Anthropic"
    if not etal and not re.search(r"&|\band\b|,", who):
        return None  # one word or name alone: an acronym, a lab, a remark
    if not looks_like_names(people.replace("&", ",")):
        return None
    return text[: found.start()].rstrip(), split_names(people.replace("&", ","))
