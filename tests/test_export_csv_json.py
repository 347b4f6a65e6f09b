"""The CSV export read back with the csv module, and the JSON export's documented shape."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.export import csv_format, json_format
from readlist.models import Challenge, ChallengeEntry, Paper, Status, jsonable
from readlist.store import Store
from tests.conftest import Cli
from tests.test_export_golden import FIXTURE_LIST, LISTS


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf"), "no BOM"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames or ()) == csv_format.COLUMNS
    return list(reader)


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def test_csv_has_one_intact_row_per_paper(cli: Cli) -> None:
    for source in LISTS:
        shutil.copyfile(source, cli.path)
        library = Store(cli.path).load()
        data = cli.ok("export", "csv").stdout_bytes
        assert data.startswith(b"id,title,arxiv,link,status,added,started,finished,tags,")
        assert data.endswith(b"\r\n")
        rows = read_csv(data)
        papers = library.all()
        assert len(rows) == len(papers)
        for row, paper in zip(rows, papers, strict=True):
            assert row["id"] == paper.id
            assert row["title"] == (paper.title or "")  # newlines, quotes, Unicode intact
            assert row["arxiv"] == (paper.arxiv or "")
            assert row["link"] == (paper.link or "")
            assert row["status"] == str(paper.status)
            assert [row[k] for k in ("added", "started", "finished", "published")] == [
                iso(paper.added),
                iso(paper.started),
                iso(paper.finished),
                iso(paper.published),
            ]
            assert row["tags"] == "; ".join(paper.tags)
            assert row["authors"] == "; ".join(paper.authors)


def test_csv_names_the_challenge_day_first_challenge_by_name(cli: Cli) -> None:
    shutil.copyfile(FIXTURE_LIST, cli.path)
    rows = {r["id"]: r for r in read_csv(cli.ok("export", "csv").stdout_bytes)}
    assert (rows["2208.12242"]["challenge"], rows["2208.12242"]["day"]) == (
        "30daysofDiffusion",
        "1",
    )
    assert (rows["2301.00001"]["challenge"], rows["2301.00001"]["day"]) == ("Summer of Papers", "3")
    # On both challenges: the first by name.
    assert (rows["2301.00004"]["challenge"], rows["2301.00004"]["day"]) == (
        "30daysofDiffusion",
        "9",
    )
    assert (rows["2303.00003"]["challenge"], rows["2303.00003"]["day"]) == ("", "")
    commas = rows["commas-quotes-and-newlines-in"]
    assert commas["title"] == 'Commas, "Quotes", and\nNewlines in a Title'
    assert rows["text-to-image-diffusion-models"]["title"] == ""  # untitled
    assert rows["2302.00002"]["authors"].startswith("Jürgen Schmidhuber; Zoë Ångström; Łukasz")


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(
    title=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r"), min_size=1),
    tags=st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1), max_size=3),
    status=st.sampled_from(list(Status)),
)
def test_any_title_survives_the_csv(title: str, tags: list[str], status: Status) -> None:
    paper = Paper(id="p", title=title, tags=tags, status=status)
    rows = read_csv(csv_format.render([paper], []).encode("utf-8"))
    assert len(rows) == 1
    assert rows[0]["title"] == title
    assert rows[0]["tags"] == "; ".join(tags)
    assert rows[0]["status"] == str(status)


def test_csv_challenge_lookup_prefers_the_first_name() -> None:
    challenges = [
        Challenge("zeta", days=5, entries=[ChallengeEntry(2, "p")]),
        Challenge("Alpha", days=5, entries=[ChallengeEntry(4, "p")]),
    ]
    assert csv_format.challenge_days(challenges) == {"p": ("Alpha", 4)}


@pytest.mark.slow
def test_json_holds_every_field_and_the_challenges_in_the_yaml_shape(cli: Cli) -> None:
    for source in LISTS:
        shutil.copyfile(source, cli.path)
        document = json.loads(cli.ok("export", "json").stdout)
        assert list(document) == ["format", "version", "papers", "challenges"]
        assert (document["format"], document["version"]) == ("readlist-export", 1)
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
        for exported, record in zip(document["papers"], raw["papers"], strict=True):
            assert exported == jsonable(Paper.from_dict(record).to_dict())
            assert list(exported) == [k for k in record if record[k] not in (None, [], "")]
        assert document["challenges"] == [
            jsonable(Challenge.from_dict(c).to_dict()) for c in raw["challenges"] or []
        ]


def test_json_keeps_unknown_fields_and_unicode(cli: Cli) -> None:
    shutil.copyfile(FIXTURE_LIST, cli.path)
    text = cli.ok("export", "json").stdout
    document = json.loads(text)
    papers = {p["id"]: p for p in document["papers"]}
    assert papers["2210.03142"]["venue"] == "CVPR 2023"
    assert papers["text-to-image-diffusion-models"]["needs_title"] is True
    assert "Jürgen Schmidhuber" in text  # not \u00fc
    first = document["challenges"][0]
    assert first["name"] == "30daysofDiffusion"
    assert first["start"] == "2023-01-02"
    assert first["entries"][1] == {"day": 7, "paper": "2006.11239"}


def test_json_of_nothing() -> None:
    assert json.loads(json_format.render([], [])) == {
        "format": "readlist-export",
        "version": 1,
        "papers": [],
        "challenges": [],
    }
