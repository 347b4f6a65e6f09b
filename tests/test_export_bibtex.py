"""The BibTeX export, parsed back by a real BibTeX parser (bibtexparser 1.x): one entry per paper,
stable unique keys, and text that comes back intact once the LaTeX escapes are undone."""

from __future__ import annotations

import re
import shutil
import unicodedata
from datetime import date

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.export import bibtex
from readlist.models import Paper, Status
from readlist.store import Store
from tests.conftest import Cli
from tests.test_export_golden import FIXTURE_LIST, LISTS

# The inverse of the exporter's escaping: what `readlist ingest` has to undo.
_SYMBOL_MARKS = {"`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304"}
_SYMBOL_MARKS |= {".": "\u0307", '"': "\u0308"}
_LETTER_MARKS = {"u": "\u0306", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323"}
_LETTER_MARKS |= {"c": "\u0327", "k": "\u0328", "b": "\u0331"}
_LETTERS = {"ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø"}
_LETTERS |= {"aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı"}
_ACCENT = re.compile(
    r"\{\\(?:(?P<symbol>[`'^~=.\"])|(?P<letter>[uvHrdckb])(?: |(?=\{)))(?:\{(?P<braced>[^{}\\])\}|"
    r"(?P<bare>[^{}\\]))\}"
)
_NAMED_LETTER = re.compile(r"\{\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) + r")\}")
_TOKEN = re.compile(
    r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\textbraceleft\{\}"
    r"|\\textbraceright\{\}|\\[&%$#_{}]|[{}]|.",
    re.DOTALL,
)
_WORDS = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
}


def unlatex(value: str) -> str:
    def accent(match: re.Match[str]) -> str:
        mark = _SYMBOL_MARKS.get(match["symbol"] or "") or _LETTER_MARKS[match["letter"]]
        return unicodedata.normalize("NFC", (match["braced"] or match["bare"]) + mark)

    previous = None
    while previous != value:  # inner accents first: {\^{\d e}}
        previous = value
        value = _ACCENT.sub(accent, value)
    value = _NAMED_LETTER.sub(lambda m: _LETTERS[m[1]], value)
    out = []
    for token in _TOKEN.findall(value):
        if token in _WORDS:
            out.append(_WORDS[token])
        elif len(token) == 2 and token[0] == "\\":
            out.append(token[1])
        elif token not in "{}":
            out.append(token)
    return "".join(out)


def parse(text: str) -> list[dict[str, str]]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return bibtexparser.loads(text, parser=parser).entries


def collapsed(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


@pytest.mark.slow
def test_every_paper_parses_back_as_one_entry(cli: Cli) -> None:
    for source in LISTS:
        shutil.copyfile(source, cli.path)
        papers = Store(cli.path).load().all()
        text = cli.ok("export", "bibtex").stdout
        entries = parse(text)
        assert len(entries) == len(papers) == text.count("\n@") + 1
        assert len({e["ID"].casefold() for e in entries}) == len(entries)
        for entry, paper in zip(entries, papers, strict=True):
            check_entry(entry, paper)


def check_entry(entry: dict[str, str], paper: Paper) -> None:
    assert entry["ENTRYTYPE"] == ("article" if paper.journal_ref else "misc")
    if paper.title:
        assert unlatex(entry["title"]) == collapsed(paper.title)
    else:
        assert "title" not in entry
    if paper.authors:
        names = [unlatex(n) for n in entry["author"].split(" and ")]
        assert names == [collapsed(a) for a in paper.authors]
    if paper.arxiv:
        assert entry["eprint"] == paper.arxiv
        assert entry["archiveprefix"] == "arXiv"
        assert entry["doi"] == (paper.doi or f"10.48550/arXiv.{paper.arxiv}")
    if paper.published:
        assert entry["year"] == str(paper.published.year)
        assert entry["month"] == str(paper.published.month)
    assert entry["note"] == str(paper.status)
    assert unlatex(entry.get("keywords", "")) == ", ".join(paper.tags)
    if paper.abstract:
        assert unlatex(entry["abstract"]) == collapsed(paper.abstract)


@pytest.mark.slow
def test_fixture_keys_are_readable_unique_and_fall_back_to_the_id(cli: Cli) -> None:
    shutil.copyfile(FIXTURE_LIST, cli.path)
    keys = {e["ID"]: e for e in parse(cli.ok("export", "bibtex").stdout)}
    assert keys["ruiz2022dreambooth"]["eprint"] == "2208.12242"
    assert keys["meng2022distillation"]["eprint"] == "2210.03142"  # "On" is skipped
    # Same author, year and first word: the paper added first keeps the plain key.
    assert keys["ho2020denoising"]["eprint"] == "2006.11239"
    assert keys["ho2020denoisinga"]["eprint"] == "2006.11240"
    # No ASCII in the first author's name, or no author: the paper's id.
    assert keys["2303.00003"]["ENTRYTYPE"] == "article"
    assert keys["2303.00003"]["journal"] == "Journal of Testing 12 (2023) 1-10"
    assert "a-paper-without-any-link" in keys
    # An e-mail after the name is not the name.
    assert keys["malloryscript"]["url"] == "https://example.org/papers?id=1&x=(2)"


@pytest.mark.slow
def test_keys_do_not_depend_on_filters(cli: Cli) -> None:
    shutil.copyfile(FIXTURE_LIST, cli.path)
    everything = {
        e["eprint"]: e["ID"] for e in parse(cli.ok("export", "bibtex").stdout) if "eprint" in e
    }
    only_one = parse(cli.ok("export", "bibtex", "Revisited").stdout)
    assert [e["ID"] for e in only_one] == [everything["2006.11240"]] == ["ho2020denoisinga"]


def test_adding_a_paper_keeps_the_keys_already_given() -> None:
    first = Paper(id="a", title="Denoising", authors=["J Ho"], published=date(2020, 1, 1))
    first.added = date(2026, 1, 1)
    later = Paper(id="0", title="Denoising Again", authors=["J Ho"], published=date(2020, 2, 1))
    later.added = date(2026, 2, 1)
    assert bibtex.citation_keys([first]) == {"a": "ho2020denoising"}
    assert bibtex.citation_keys([later, first]) == {"a": "ho2020denoising", "0": "ho2020denoisinga"}


def test_suffixes_never_collide_with_natural_keys() -> None:
    papers = [
        Paper(
            id=f"p{i}",
            title="X",
            authors=["Q Ab"],
            published=date(2020, 1, 1),
            added=date(2026, 1, i + 1),
        )
        for i in range(3)
    ]
    papers.append(
        Paper(
            id="z", title="Xa", authors=["Q Ab"], published=date(2020, 1, 1), added=date(2026, 1, 9)
        )
    )
    keys = bibtex.citation_keys(papers)
    assert keys == {"p0": "ab2020x", "p1": "ab2020xa", "p2": "ab2020xb", "z": "ab2020xaa"}
    assert bibtex._suffix(26) == "z" and bibtex._suffix(27) == "aa"


def test_escaping_of_specials_accents_and_capitals() -> None:
    assert bibtex.escape("a & b % c $ d # e _ f") == r"a \& b \% c \$ d \# e \_ f"
    assert (
        bibtex.escape("{x} \\ ~ ^")
        == r"\{x\} \textbackslash{} \textasciitilde{} \textasciicircum{}"
    )
    # A lone brace cannot be \{: BibTeX would count it and lose the rest of the file.
    assert bibtex.escape("a } b {") == r"a \textbraceright{} b \textbraceleft{}"
    assert bibtex.escape_title("With {Braces} and a { Lone") == (
        r"{With} \textbraceleft{}Braces\textbraceright{} and a \textbraceleft{} {Lone}"
    )
    assert bibtex.escape_title("Balanced {Braces}") == r"{Balanced} \{Braces\}"
    assert bibtex.escape("Jürgen Łukasz Ångström Søren façade Dvořák Erdős") == (
        r"J{\"u}rgen {\L}ukasz {\AA}ngstr{\"o}m S{\o}ren fa{\c c}ade Dvo{\v r}{\'a}k Erd{\H o}s"
    )
    assert bibtex.escape("王小明 Ελληνικά") == "王小明 Ελληνικά"  # kept as UTF-8
    assert bibtex.escape_title("DreamBooth: fine GANs in 3D") == "{DreamBooth:} fine {GANs} in {3D}"


def test_names_holding_and_are_kept_whole() -> None:
    paper = Paper(id="x", title="T", authors=["Johnson and Johnson Research", "Ada Lovelace"])
    entry = parse(bibtex.render([paper]))[0]
    assert entry["author"] == "{Johnson and Johnson Research} and Ada Lovelace"


def test_entry_layout_follows_the_contract() -> None:
    paper = Paper(
        id="2208.12242",
        title="DreamBooth",
        arxiv="2208.12242",
        status=Status.DONE,
        authors=["Nataniel Ruiz", "Yuanzhen Li"],
        published=date(2022, 8, 25),
        primary_category="cs.CV",
        tags=["diffusion", "AIGC/CV"],
    )
    assert bibtex.render([paper]) == (
        "@misc{ruiz2022dreambooth,\n"
        "  title = {{DreamBooth}},\n"
        "  author = {Nataniel Ruiz and Yuanzhen Li},\n"
        "  year = {2022},\n"
        "  month = {8},\n"
        "  eprint = {2208.12242},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.CV},\n"
        "  doi = {10.48550/arXiv.2208.12242},\n"
        "  url = {https://arxiv.org/abs/2208.12242},\n"
        "  note = {done},\n"
        "  keywords = {diffusion, AIGC/CV}\n"
        "}\n"
    )
    assert bibtex.render([]) == ""


pieces = st.one_of(
    st.sampled_from([*"{}\\&%$#_~^\"'`@,=() \n", " and ", "Ü", "ç", "e\u0323\u0302", "ø", "王"]),
    st.characters(exclude_categories=("Cc", "Cs")),
)
texts = st.lists(pieces, min_size=1, max_size=20).map("".join).filter(lambda t: t.strip())


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(title=texts, author=texts, tag=texts)
def test_any_text_parses_back_intact(title: str, author: str, tag: str) -> None:
    paper = Paper(id="p", title=title, authors=[author, "B C"], tags=[tag.replace(",", ";")])
    entries = parse(bibtex.render([paper]))
    assert len(entries) == 1
    assert unlatex(entries[0]["title"]) == collapsed(title)
    assert unlatex(entries[0]["keywords"]) == collapsed(tag.replace(",", ";"))
    assert entries[0]["ID"] and not re.search(r"[\s,{}#%\"'()=\\~]", entries[0]["ID"])
