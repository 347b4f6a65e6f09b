"""`list` filters as people reach for them: several statuses, tag expressions, dates, authors,
categories, words without quotes, counts, columns, sorting either way; finding nothing fails."""

from __future__ import annotations

import json

import pytest

from readlist.errors import NotFoundError, UsageError
from tests.conftest import Cli, write_list

PAPERS = [
    {
        "id": "a",
        "title": "Diffusion Survey of Everything",
        "status": "todo",
        "added": "2023-03-01",
        "tags": ["diffusion", "survey"],
        "authors": ["Ben Poole", "Ajay Jain"],
        "published": "2022-09-29",
        "categories": ["cs.CV", "cs.LG"],
    },
    {
        "id": "b",
        "title": "Vision Transformers at Scale",
        "status": "reading",
        "added": "2024-01-10",
        "started": "2024-01-11",
        "tags": ["vision/vit"],
        "authors": ["Lucas Beyer"],
        "categories": ["cs.CV"],
    },
    {
        "id": "c",
        "title": "Diffusion Models Beat GANs",
        "status": "done",
        "added": "2023-06-05",
        "finished": "2024-02-01",
        "tags": ["diffusion"],
        "authors": ["Prafulla Dhariwal", "Alex Nichol"],
        "categories": ["cs.LG", "stat.ML"],
    },
    {"id": "d", "title": "Untagged Notes", "status": "skipped", "added": "2022-12-31"},
]


@pytest.fixture
def papers(cli: Cli) -> Cli:
    write_list(cli.path, PAPERS)
    return cli


def ids(cli: Cli, *args: str) -> list[str]:
    return cli.ok("list", "-q", *args).stdout.split()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--status", "done,reading"], ["b", "c"]),
        (["--status", "todo", "--status", "skipped"], ["a", "d"]),
        (["--tag", "survey,vision"], ["a", "b"]),
        (["--tag", "diffusion|vision"], ["a", "b", "c"]),
        (["--tag", "!diffusion"], ["b", "d"]),
        (["--tag", "diffusion", "--tag", "!survey"], ["c"]),
        (["--tag", "vision"], ["b"]),  # a tag finds the tags below it
        (["--year", "2023"], ["a", "c"]),
        (["--since", "2023-06-01"], ["b", "c"]),
        (["--until", "2023-06-05"], ["a", "c", "d"]),
        (["--year", "2024", "--date-field", "finished"], ["c"]),
        (["--since", "2024-01-01", "--date-field", "started"], ["b"]),
        (["--year", "2022", "--date-field", "published"], ["a"]),
        (["--author", "poole"], ["a"]),
        (["--author", "Nichol", "--author", "Dhariwal"], ["c"]),
        (["--category", "cs.CV"], ["a", "b"]),
        (["--category", "stat"], ["c"]),
        (["diffusion", "beat"], ["c"]),  # several words, no quotes
        (["--sort", "added"], ["d", "a", "c", "b"]),
        (["--sort", "added", "-r"], ["b", "c", "a", "d"]),
        (["--sort", "title", "--reverse", "--limit", "2"], ["b", "d"]),
    ],
)
def test_filters_select_the_papers(papers: Cli, args: list[str], expected: list[str]) -> None:
    assert ids(papers, *args) == expected


def test_reverse_reverses_ties_too(papers: Cli) -> None:
    forward = ids(papers, "--sort", "status")
    backward = ids(papers, "--sort", "status", "-r")
    assert backward == forward[::-1]


def test_count_and_columns(papers: Cli) -> None:
    assert papers.ok("list", "--count", "--tag", "diffusion").stdout == "2\n"
    table = papers.ok("list", "--columns", "id,finished,authors", "--status", "done").stdout
    assert table == "c  2024-02-01  Prafulla Dhariwal, Alex Nichol\n"


def test_json_keeps_its_shape_under_filters(papers: Cli) -> None:
    records = json.loads(papers.ok("list", "--json", "--author", "beyer").stdout)
    assert [r["id"] for r in records] == ["b"] and records[0]["tags"] == ["vision/vit"]


def test_no_match_says_so_and_fails(papers: Cli) -> None:
    result = papers("list", "--tag", "nothing-like-this")
    assert result.exit_code == NotFoundError.exit_code
    assert result.stdout == ""
    assert result.stderr == (
        f"readlist: error: no paper matches these filters (4 in {papers.path})\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "0"], "--year 0 is not a year"),
        (["--since", "2024-01-01", "--until", "2023-01-01"], "nothing can match"),
        (["--since", "someday"], "--since"),
        (["--date-field", "modified", "--year", "2023"], "--date-field 'modified'"),
        (["--tag", "!"], "names no tag"),
    ],
)
def test_bad_filters_are_usage_errors(papers: Cli, args: list[str], message: str) -> None:
    result = papers("list", *args)
    assert result.exit_code == UsageError.exit_code, result.stderr
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_export_takes_the_same_filters(papers: Cli) -> None:
    exported = json.loads(papers.ok("export", "json", "--tag", "!diffusion").stdout)
    assert [p["id"] for p in exported["papers"]] == ["b", "d"]
