"""Papers known by the ids of the places ML papers live besides arXiv: OpenReview forums, ACL
Anthology, PMLR, DBLP and PubMed. Each is a field of the paper (from the field table), filled by
`add` and by `ingest` from every format, used by the "same paper?" rule, named by REFs, opened
by `open` and carried by the exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from readlist.errors import DataError, DuplicateError, NotFoundError
from readlist.identity import find_same
from readlist.ids import SITES
from readlist.operations import paper_from_text
from readlist.store import Store
from tests.conftest import Cli, write_list

# One real paper written two ways: the list's record, then a link or id of the same paper as
# a user pastes it or a document gives it.
SAME: list[tuple[dict[str, Any], str]] = [
    ({"title": "Scalable Diffusion Models with Transformers", "openreview": "YicbFdNTTy"},
     "https://openreview.net/pdf?id=YicbFdNTTy"),
    ({"title": "How Powerful are Graph Neural Networks?", "openreview": "ryGs6iA5Km"},
     "https://openreview.net/forum?id=ryGs6iA5Km&noteId=rkl2Q1Qi6X"),
    ({"title": "Climbing towards NLU", "acl": "2020.acl-main.463"},
     "https://aclanthology.org/2020.acl-main.463.pdf"),
    ({"title": "BERT", "acl": "N19-1423"}, "https://www.aclweb.org/anthology/N19-1423/"),
    ({"title": "Learning Transferable Visual Models From Natural Language Supervision",
      "pmlr": "v139/radford21a"}, "http://proceedings.mlr.press/v139/radford21a/radford21a.pdf"),
    ({"title": "Batch Normalization", "pmlr": "v37/ioffe15"}, "pmlr:v37/ioffe15"),
    ({"title": "Attention is All you Need", "dblp": "conf/nips/VaswaniSPUJGKP17"},
     "https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17.bib"),
    ({"title": "Deep learning", "pubmed": "26017442"}, "https://pubmed.ncbi.nlm.nih.gov/26017442/"),
    ({"title": "Human-level control through deep reinforcement learning", "pubmed": "25719670"},
     "PMID: 25719670"),
    # The Anthology's DOI is its Anthology id.
    ({"title": "Deep Contextualized Word Representations", "doi": "10.18653/v1/n18-1202"},
     "https://aclanthology.org/N18-1202.pdf"),
    # A record written before the fields existed: its url is its id.
    ({"title": "Denoising Diffusion Implicit Models",
      "url": "https://openreview.net/forum?id=St1giarCHLP"}, "openreview:St1giarCHLP"),
]  # fmt: skip

# Different papers: the same kind of id with another value is another paper, whatever the
# title says (a workshop and a main-track version, a re-submission).
DIFFERENT: list[tuple[dict[str, Any], str]] = [
    ({"title": "Scalable Diffusion Models with Transformers", "openreview": "YicbFdNTTy"},
     "https://openreview.net/forum?id=Zz0tHer1d"),
    ({"title": "Climbing towards NLU", "acl": "2020.acl-main.463"}, "acl:2020.acl-main.464"),
    ({"title": "Learning Transferable Visual Models From Natural Language Supervision",
      "pmlr": "v139/radford21a"}, "https://proceedings.mlr.press/v139/radford21b.html"),
    ({"title": "Attention is All you Need", "dblp": "conf/nips/VaswaniSPUJGKP17"},
     "https://dblp.org/rec/journals/corr/VaswaniSPUJGKP17.html"),
    ({"title": "Deep learning", "pubmed": "26017442"}, "https://pubmed.ncbi.nlm.nih.gov/26017443/"),
]  # fmt: skip


def _records(table: list[tuple[dict[str, Any], str]]) -> list[dict[str, Any]]:
    return [{"id": f"p{number}", **record} for number, (record, _typed) in enumerate(table)]


@pytest.mark.parametrize(("number", "typed"), [(n, t) for n, (_r, t) in enumerate(SAME)])
def test_the_same_id_in_any_form_is_the_same_paper(isolated: Path, number: int, typed: str) -> None:
    path = isolated / "list.yaml"
    write_list(path, _records(SAME))
    paper, _notice = paper_from_text(typed)
    match = find_same(Store(path).load(), paper)
    assert match is not None and match.by_id and match.paper_id == f"p{number}", match


@pytest.mark.parametrize(("number", "typed"), [(n, t) for n, (_r, t) in enumerate(DIFFERENT)])
def test_another_id_of_the_same_kind_is_another_paper_even_with_the_same_title(
    isolated: Path, number: int, typed: str
) -> None:
    path = isolated / "list.yaml"
    write_list(path, _records(DIFFERENT))
    title = DIFFERENT[number][0]["title"]
    paper, _notice = paper_from_text(typed, title=title)
    assert find_same(Store(path).load(), paper) is None


def test_add_and_ingest_agree_on_every_pair(cli: Cli, isolated: Path) -> None:
    """`add URL` says the paper is already there exactly when `ingest` merges the same link."""
    forms = [(typed, f"p{n}") for n, (_r, typed) in enumerate(SAME)]
    others = [(typed, None) for _r, typed in DIFFERENT]
    write_list(cli.path, _records(SAME) + _records(DIFFERENT)[:0])
    for typed, expected in forms:
        result = cli("add", typed, "--offline")
        assert result.exit_code == DuplicateError.exit_code, (typed, result.stderr)
        assert f"already in the list as {expected} " in result.stderr
    assert [p["id"] for p in cli.data()["papers"]] == [f"p{n}" for n in range(len(SAME))]

    write_list(cli.path, _records(SAME) + [{**r, "id": f"d{n}"} for n, r in enumerate(
        record for record, _typed in DIFFERENT)])  # fmt: skip
    document = "\n".join(f"- [{title}]({typed})" for typed, title in _titled(forms + others))
    (isolated / "papers.md").write_text(f"# Papers\n\n{document}\n", encoding="utf-8")
    report = json.loads(cli.ok("ingest", "papers.md", "--json").stdout)
    merged = [(e["action"], e.get("paper_id")) for e in report["entries"]]
    assert [paper for _action, paper in merged[: len(forms)]] == [p for _t, p in forms]
    assert [action for action, _id in merged[len(forms) :]] == ["new"] * len(others)


def _titled(forms: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """Each link with a Markdown label: the record's title, so that only the id can tell."""
    titles = [r["title"] for r, _t in SAME] + [r["title"] for r, _t in DIFFERENT]
    links = [typed if "://" in typed else paper_from_text(typed)[0].link for typed, _p in forms]
    return [(link or "", title) for link, title in zip(links, titles, strict=True)]


def test_add_keeps_each_id_in_its_field_and_says_so(cli: Cli) -> None:
    added = cli.ok("add", "https://openreview.net/forum?id=YicbFdNTTy", "--offline")
    assert "names OpenReview forum YicbFdNTTy but no arXiv id or DOI" in added.stderr
    cli.ok(
        "add", "https://aclanthology.org/2020.acl-main.463.pdf", "--title", "Climbing towards NLU"
    )
    cli.ok("add", "pmid:26017442", "--title", "Deep learning", "--offline")
    cli.ok("add", "https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17.html", "--offline")
    cli.ok("add", "https://proceedings.mlr.press/v139/radford21a.html", "--offline")
    papers = cli.papers()
    assert papers["openreview-yicbfdntty"]["openreview"] == "YicbFdNTTy"
    assert papers["openreview-yicbfdntty"]["url"] == "https://openreview.net/forum?id=YicbFdNTTy"
    assert papers["climbing-towards-nlu"]["acl"] == "2020.acl-main.463"
    assert papers["deep-learning"]["pubmed"] == "26017442"  # text, not a number
    assert "pubmed: '26017442'" in cli.path.read_text(encoding="utf-8")
    assert papers["deep-learning"]["url"] == "https://pubmed.ncbi.nlm.nih.gov/26017442/"
    assert papers["dblp-conf-nips-vaswanispujgkp17"]["dblp"] == "conf/nips/VaswaniSPUJGKP17"
    assert papers["pmlr-v139-radford21a"]["pmlr"] == "v139/radford21a"

    again = cli("add", "https://openreview.net/pdf?id=YicbFdNTTy", "--offline")
    assert again.exit_code == DuplicateError.exit_code
    assert "already in the list as openreview-yicbfdntty" in again.stderr
    forced = cli("add", "acl:2020.acl-main.463", "--force", "--offline")
    assert forced.exit_code == DuplicateError.exit_code
    assert (
        "ACL Anthology paper 2020.acl-main.463 is already in the list as 'climbing-towards-nlu'"
        in (forced.stderr)
    )
    assert len(cli.papers()) == 5


def test_refs_name_papers_by_any_id_or_its_link(cli: Cli, tmp_path: Path) -> None:
    write_list(
        cli.path,
        [
            {"id": "nlu", "title": "Climbing towards NLU", "acl": "2020.acl-main.463"},
            {"id": "dit", "title": "Scalable Diffusion Models with Transformers",
             "url": "https://openreview.net/pdf?id=YicbFdNTTy"},
            {"id": "dl", "title": "Deep learning", "pubmed": "26017442",
             "url": "https://www.nature.com/articles/nature14539"},
        ],
    )  # fmt: skip
    for ref, paper in [
        ("https://aclanthology.org/2020.acl-main.463/", "nlu"),
        ("acl:2020.acl-main.463", "nlu"),
        ("2020.acl-main.463", "nlu"),
        ("openreview:YicbFdNTTy", "dit"),
        ("https://openreview.net/forum?id=YicbFdNTTy", "dit"),
        ("PMID:26017442", "dl"),
    ]:
        (shown,) = json.loads(cli.ok("show", ref, "--json").stdout)
        assert shown["id"] == paper, ref
    missing = cli("show", "openreview:Nope12345")
    assert missing.exit_code == NotFoundError.exit_code
    assert missing.stderr.strip() == (
        "readlist: error: no paper with OpenReview forum Nope12345 in the list; add it with "
        "`readlist add https://openreview.net/forum?id=Nope12345`"
    )

    # `open` in a process of its own: Python's webbrowser module remembers the first BROWSER.
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys\nopen({str(record)!r}, 'w').write(sys.argv[1])\n")
    env = {**os.environ, "BROWSER": f"{sys.executable} {browser} %s"}
    for ref, page in [
        (["nlu"], "https://aclanthology.org/2020.acl-main.463/"),
        (["dit"], "https://openreview.net/forum?id=YicbFdNTTy"),  # the forum, not the PDF
        (["dl"], "https://pubmed.ncbi.nlm.nih.gov/26017442/"),
        (["dit", "--pdf"], "https://openreview.net/pdf?id=YicbFdNTTy"),
        (["nlu", "--pdf"], "https://aclanthology.org/2020.acl-main.463.pdf"),
    ]:
        opened = subprocess.run(
            [sys.executable, "-m", "readlist", "--file", str(cli.path), "open", *ref],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert opened.returncode == 0, opened.stderr
        assert opened.stdout.strip() == f"Opened {page}"
        assert record.read_text() == page  # the browser was run with the id's page


def test_a_list_with_only_urls_keeps_working_and_is_not_rewritten(cli: Cli) -> None:
    write_list(
        cli.path,
        [
            {"id": "dit", "title": "Scalable Diffusion Models with Transformers",
             "url": "https://openreview.net/forum?id=YicbFdNTTy"},
            {"id": "nlu", "title": "Climbing towards NLU",
             "url": "https://aclanthology.org/2020.acl-main.463.pdf"},
        ],
    )  # fmt: skip
    before = cli.path.read_bytes()
    (shown,) = json.loads(cli.ok("show", "dit", "--json").stdout)
    assert shown["openreview"] == "YicbFdNTTy"
    assert "ACL Anthology  2020.acl-main.463" in cli.ok("show", "nlu").stdout
    assert cli("add", "https://openreview.net/forum?id=YicbFdNTTy", "--offline").exit_code == (
        DuplicateError.exit_code
    )
    cli.ok("tag", "dit", "diffusion")
    after = cli.papers()
    assert after["dit"]["openreview"] == "YicbFdNTTy"  # the changed paper is written whole
    assert "acl" not in after["nlu"]  # the other one is left as the user wrote it
    assert cli.path.read_bytes().split(b"- id: nlu")[1] == before.split(b"- id: nlu")[1]


def test_a_written_id_is_normalised_and_a_wrong_one_is_named(cli: Cli) -> None:
    write_list(
        cli.path,
        [{"id": "dit", "title": "DiT", "openreview": "https://openreview.net/pdf?id=YicbFdNTTy",
          "pmlr": "V139/radford21a"}],
    )  # fmt: skip
    (shown,) = json.loads(cli.ok("show", "dit", "--json").stdout)
    assert (shown["openreview"], shown["pmlr"]) == ("YicbFdNTTy", "v139/radford21a")
    write_list(cli.path, [{"id": "bad", "title": "Bad", "acl": "ACL 2023"}])
    result = cli("list")
    assert result.exit_code == DataError.exit_code
    assert "acl" in result.stderr and "2020.acl-main.463" in result.stderr
    assert "Traceback" not in result.stderr


BIBTEX = r"""@inproceedings{peebles2023dit,
  title = {Scalable Diffusion Models with Transformers},
  url = {https://openreview.net/forum?id=YicbFdNTTy},
  eprint = {2212.09748},
  archivePrefix = {arXiv},
}

@inproceedings{bender-koller-2020-climbing,
    title = "Climbing towards {NLU}: {On} Meaning, Form, and Understanding in the Age of Data",
    url = "https://aclanthology.org/2020.acl-main.463",
    doi = "10.18653/v1/2020.acl-main.463",
}

@InProceedings{pmlr-v139-radford21a,
  title = {Learning Transferable Visual Models From Natural Language Supervision},
  pdf = {http://proceedings.mlr.press/v139/radford21a/radford21a.pdf},
  url = {https://proceedings.mlr.press/v139/radford21a.html},
}

@inproceedings{DBLP:conf/nips/VaswaniSPUJGKP17,
  title     = {Attention is All you Need},
  booktitle = {NeurIPS},
  year      = {2017},
  biburl    = {https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17.bib},
  bibsource = {dblp computer science bibliography, https://dblp.org}
}

@article{lecun2015deep,
  title = {Deep learning},
  journal = {Nature},
  pmid = {26017442},
}

@article{doudna2014,
  title = {The new frontier of genome engineering with CRISPR-Cas9},
  eprint = {25430774},
  eprinttype = {pubmed},
}
"""

RIS = """TY  - CONF
TI  - Scalable Diffusion Models with Transformers
UR  - https://openreview.net/forum?id=YicbFdNTTy
ER  -

TY  - JOUR
TI  - Deep learning
DO  - 10.1038/nature14539
AN  - 26017442
DB  - PubMed
ER  -

TY  - CONF
TI  - Climbing towards NLU: On Meaning, Form, and Understanding in the Age of Data
UR  - https://aclanthology.org/2020.acl-main.463/
ER  -
"""

CSL_JSON = [
    {"id": "dl", "type": "article-journal", "title": "Deep learning", "PMID": "26017442",
     "DOI": "10.1038/nature14539"},
    {"id": "dit", "type": "paper-conference",
     "title": "Scalable Diffusion Models with Transformers",
     "URL": "https://openreview.net/forum?id=YicbFdNTTy"},
    {"id": "clip", "type": "paper-conference",
     "title": "Learning Transferable Visual Models From Natural Language Supervision",
     "URL": "https://proceedings.mlr.press/v139/radford21a.html"},
]  # fmt: skip

CSV = """title,openreview,pmid,link
Scalable Diffusion Models with Transformers,YicbFdNTTy,,
Deep learning,,26017442,https://www.nature.com/articles/nature14539
Climbing towards NLU,,,https://aclanthology.org/2020.acl-main.463/
"""

MARKDOWN = """# Reading list

- [Scalable Diffusion Models with Transformers](https://openreview.net/forum?id=YicbFdNTTy)
- [Climbing towards NLU](https://aclanthology.org/2020.acl-main.463.pdf)
- [Human-level control through deep reinforcement learning](https://pubmed.ncbi.nlm.nih.gov/25719670/)
- [Attention is All you Need](https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17.html)
- [Learning Transferable Visual Models From Natural Language Supervision](https://proceedings.mlr.press/v139/radford21a.html)
"""

ORG = """#+TITLE: Papers

* Reading
** [[https://openreview.net/forum?id=YicbFdNTTy][Scalable Diffusion Models with Transformers]]
** [[https://aclanthology.org/2020.acl-main.463/][Climbing towards NLU]]
"""

HTML = """<html><body><h1>Papers</h1><ul>
<li><a href="https://openreview.net/forum?id=YicbFdNTTy">
  Scalable Diffusion Models with Transformers</a>
<li><a href="https://aclanthology.org/2020.acl-main.463/">Climbing towards NLU</a></li>
<li><a href="https://pubmed.ncbi.nlm.nih.gov/26017442/">Deep learning</a></li>
</ul></body></html>
"""

TEXT = """Scalable Diffusion Models with Transformers https://openreview.net/forum?id=YicbFdNTTy
Deep learning, PMID: 26017442
Attention is All you Need - https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17
"""

EXPECTED = {
    "Scalable Diffusion Models with Transformers": ("openreview", "YicbFdNTTy"),
    "Climbing towards NLU": ("acl", "2020.acl-main.463"),
    "Climbing towards NLU: On Meaning, Form, and Understanding in the Age of Data": (
        "acl",
        "2020.acl-main.463",
    ),
    "Learning Transferable Visual Models From Natural Language Supervision": (
        "pmlr",
        "v139/radford21a",
    ),
    "Attention is All you Need": ("dblp", "conf/nips/VaswaniSPUJGKP17"),
    "Deep learning": ("pubmed", "26017442"),
    "Human-level control through deep reinforcement learning": ("pubmed", "25719670"),
    "The new frontier of genome engineering with CRISPR-Cas9": ("pubmed", "25430774"),
}


@pytest.mark.parametrize(
    ("name", "text", "count"),
    [
        ("refs.bib", BIBTEX, 6),
        ("refs.ris", RIS, 3),
        ("refs.json", json.dumps(CSL_JSON, indent=2), 3),
        ("papers.csv", CSV, 3),
        ("papers.md", MARKDOWN, 5),
        ("papers.org", ORG, 2),
        ("papers.html", HTML, 3),
        ("papers.txt", TEXT, 3),
    ],
)
def test_ingest_fills_the_ids_from_every_format(
    cli: Cli, isolated: Path, name: str, text: str, count: int
) -> None:
    (isolated / name).write_text(text, encoding="utf-8")
    cli.ok("ingest", name)
    papers = list(cli.papers().values())
    assert len(papers) == count
    for paper in papers:
        kind, value = EXPECTED[paper["title"]]
        assert paper[kind] == value, (name, paper)
    dit = next((p for p in papers if p["title"].startswith("Scalable")), None)
    if dit is not None and name == "refs.bib":
        assert dit["arxiv"] == "2212.09748" and dit["openreview"] == "YicbFdNTTy"


def test_a_document_naming_a_paper_by_its_id_merges_with_the_list(cli: Cli, isolated: Path) -> None:
    """A paper added by its OpenReview link is the one a BibTeX file names with the same link
    under a longer title; another forum id under the same title is another paper."""
    cli.ok("add", "https://openreview.net/pdf?id=YicbFdNTTy", "--title", "DiT", "--offline")
    (isolated / "refs.bib").write_text(
        "@inproceedings{a,\n  title = {Scalable Diffusion Models with Transformers},\n"
        "  url = {https://openreview.net/forum?id=YicbFdNTTy},\n}\n"
        "@inproceedings{b,\n  title = {DiT},\n  url = {https://openreview.net/forum?id=Other123},\n}\n",
        encoding="utf-8",
    )
    report = json.loads(cli.ok("ingest", "refs.bib", "--json").stdout)
    assert [(e["action"], e.get("paper_id")) for e in report["entries"]] == [
        ("merged", "dit"),
        ("new", "dit-2"),
    ]
    assert report["entries"][0]["reason"] == "same OpenReview forum YicbFdNTTy"
    papers = cli.papers()
    assert papers["dit"]["title"] == "DiT"  # the user's title is kept
    assert papers["dit-2"]["openreview"] == "Other123"


EXPORTED = [
    {"id": "dit", "title": "Scalable Diffusion Models with Transformers", "arxiv": "2212.09748",
     "openreview": "YicbFdNTTy", "dblp": "conf/iccv/PeeblesX23"},
    {"id": "dl", "title": "Deep learning", "pubmed": "26017442", "doi": "10.1038/nature14539"},
    {"id": "nlu", "title": "Climbing towards NLU",
     "url": "https://aclanthology.org/2020.acl-main.463.pdf"},
    {"id": "clip", "title": "Learning Transferable Visual Models From Natural Language Supervision",
     "pmlr": "v139/radford21a"},
]  # fmt: skip


@pytest.mark.parametrize("format_name", ["bibtex", "csv", "json", "markdown"])
def test_exports_carry_the_ids_back_into_an_empty_list(
    cli: Cli, isolated: Path, format_name: str
) -> None:
    write_list(cli.path, EXPORTED)
    out = isolated / f"export.{ {'bibtex': 'bib', 'markdown': 'md'}.get(format_name, format_name) }"
    out.write_text(cli.ok("export", format_name).stdout, encoding="utf-8")
    again = Cli(isolated / "again.yaml")
    again.ok("ingest", str(out))
    papers = {p["title"]: p for p in again.papers().values()}
    ids = ["arxiv", "doi", *SITES]
    for record in EXPORTED:
        paper = papers[record["title"]]
        kept = {key: paper.get(key) for key in ids if key in record or key in paper}
        wanted = {key: record.get(key) for key in kept}
        if record["id"] == "nlu":
            wanted["acl"] = "2020.acl-main.463"  # the url's id, now in its field
        if format_name == "markdown" and record.get("doi"):
            # The Markdown item links one page (the id's) and names the site ids; a DOI beside
            # them is in the other formats.
            wanted.pop("doi")
            kept.pop("doi", None)
        assert kept == wanted, (format_name, record["id"], paper)
