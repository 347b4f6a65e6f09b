"""--json and --quiet on every command that changes or shows papers or challenges, and several
REFs where a command can take them (show, rate, edit, open). The JSON shapes are those the
README documents: papers as `list --json` prints them (search, next and news put what they say
of each paper first), challenges as `challenge list --json` prints them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readlist.errors import Declined, UsageError
from tests.arxiv_server import ArxivServer, local_arxiv
from tests.conftest import Cli, write_list
from tests.helpers.editor import editor_command
from tests.metadata_servers import CrossrefServer, S2Server, local_crossref, local_s2
from tests.test_arxiv_cli import paper as arxiv_paper
from tests.test_arxiv_cli import seed_list
from tests.test_enrich import library as enrich_library


def records(cli: Cli) -> dict[str, dict[str, Any]]:
    """The papers as `list --json` prints them, by id."""
    return {p["id"]: p for p in json.loads(cli.ok("list", "--json").stdout)}


@pytest.fixture
def month(sample: Cli) -> Cli:
    sample.ok("challenge", "new", "month", "--days", "10", "--start", "2026-11-15")
    return sample


# --- several REFs ------------------------------------------------------------------------------


def test_show_takes_several_refs_and_prints_one_json_shape(sample: Cli) -> None:
    text = sample.ok("show", "pali", "dreambooth").stdout
    assert text.index("PaLI: A Jointly-Scaled") < text.index("DreamBooth: Fine Tuning")
    shown = json.loads(sample.ok("show", "pali", "2208.12242", "--json").stdout)
    listed = records(sample)
    assert shown == [listed["pali"], listed["2208.12242"]]
    assert json.loads(sample.ok("show", "pali", "--json").stdout) == [listed["pali"]]  # one: too
    assert sample.ok("show", "PaLI", "dreambooth", "-q").stdout == "pali\n2208.12242\n"


def test_rate_takes_several_refs_then_the_rating(sample: Cli) -> None:
    result = sample.ok("rate", "pali", "dreambooth", "4")
    assert result.stdout == "Rated pali: 4\nRated 2208.12242: 4\n"
    papers = sample.papers()
    assert papers["pali"]["rating"] == papers["2208.12242"]["rating"] == 4
    assert "rating" not in papers["2210.03142"]
    before = sample.path.read_bytes()
    for args in (["pali", "great"], ["5"], ["pali", "9"]):
        refused = sample("rate", *args)
        assert refused.exit_code == UsageError.exit_code, args
        assert refused.stderr.startswith("readlist: error: ") and refused.stdout == ""
        assert len(refused.stderr.splitlines()) == 1
    assert sample.path.read_bytes() == before


def test_edit_takes_several_refs_one_after_the_other(sample: Cli, tmp_path: Path) -> None:
    body = (
        "open(path, 'w', encoding='utf-8').write(text.replace('status: ', 'rating: 3\\nstatus: '))"
    )
    env = {"EDITOR": editor_command(tmp_path, body), "VISUAL": ""}
    result = sample.ok("edit", "pali", "dreambooth", env=env)
    assert result.stdout.startswith("Saved pali  PaLI") and "\nSaved 2208.12242  " in result.stdout
    papers = sample.papers()
    assert papers["pali"]["rating"] == papers["2208.12242"]["rating"] == 3
    unchanged = {"EDITOR": editor_command(tmp_path, "pass"), "VISUAL": ""}
    edited = json.loads(sample.ok("edit", "pali", "2210.03142", "--json", env=unchanged).stdout)
    assert [p["id"] for p in edited] == ["pali", "2210.03142"] and edited[0]["rating"] == 3
    assert sample.ok("edit", "pali", "-q", env=env).stdout == ""


def test_an_invalid_edit_keeps_the_edits_before_it(sample: Cli, tmp_path: Path) -> None:
    body = (
        "new = 'rating: 9\\n' if 'PaLI' not in text else 'rating: 2\\n'\n"
        "open(path, 'w', encoding='utf-8').write(text.replace('status: ', new + 'status: '))"
    )
    env = {"EDITOR": editor_command(tmp_path, body), "VISUAL": ""}
    result = sample("edit", "pali", "dreambooth", env=env)
    assert result.exit_code != 0 and "rating" in result.stderr
    assert "your edit is kept in" in result.stderr
    assert result.stdout.startswith("Saved pali  ")
    papers = sample.papers()
    assert papers["pali"]["rating"] == 2 and "rating" not in papers["2208.12242"]


def test_open_takes_several_refs(
    sample: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    # webbrowser reads $BROWSER once per process and keeps what it found: start afresh here,
    # and leave the next test what it would have found without this one.
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', encoding="utf-8")
    script.chmod(0o755)
    env = {"BROWSER": str(script)}
    result = sample.ok("open", "dreambooth", "2210.03142", env=env)
    assert result.stdout == (
        "Opened https://arxiv.org/abs/2208.12242\nOpened https://arxiv.org/abs/2210.03142\n"
    )
    assert opened.read_text(encoding="utf-8").split() == [
        "https://arxiv.org/abs/2208.12242",
        "https://arxiv.org/abs/2210.03142",
    ]
    assert sample.ok("open", "dreambooth", "-q", env=env).stdout == ""
    shown = json.loads(sample.ok("open", "dreambooth", "--json", env=env).stdout)
    assert shown == [records(sample)["2208.12242"]]
    refused = sample("open", "dreambooth", "pali", env=env)  # pali has no link: nothing opened
    assert refused.exit_code == UsageError.exit_code and "pali has no link" in refused.stderr
    assert len(opened.read_text(encoding="utf-8").split()) == 4


def test_note_takes_one_ref_because_the_rest_is_the_note(sample: Cli) -> None:
    before = sample.path.read_bytes()
    unquoted = sample("note", "pali", "compare", "with", "dreambooth")
    assert unquoted.exit_code == UsageError.exit_code and "with dreambooth" in unquoted.stderr
    assert sample.path.read_bytes() == before
    sample.ok("note", "pali", "compare with dreambooth")
    assert sample.papers()["pali"]["notes"] == "compare with dreambooth"


# --- --json and --quiet, paper commands ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["read", "pali", "--reader", "alice"],
        ["challenge", "log", "month", "2210.03142"],
    ],
    ids=lambda a: a[0] if a[0] != "challenge" else "challenge-log",
)
def test_quiet_prints_nothing(month: Cli, args: list[str]) -> None:
    quiet = month.ok(*args, "--quiet")
    assert quiet.stdout == "" and quiet.stderr == ""


def test_read_json_is_the_records(sample: Cli) -> None:
    read = json.loads(sample.ok("read", "pali", "dreambooth", "--reader", "bob", "--json").stdout)
    listed = records(sample)
    assert read == [listed["pali"], listed["2208.12242"]]
    assert read[0]["read_by"] == {"bob": "2026-11-21"}


def test_ingest_quiet_prints_only_problems(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "list.md"
    good.write_text("- [DreamBooth](https://arxiv.org/abs/2208.12242)\n", encoding="utf-8")
    quiet = cli.ok("ingest", str(good), "-q")
    assert quiet.stdout == "" and quiet.stderr == ""
    assert "2208.12242" in cli.papers()
    empty = tmp_path / "empty.md"
    empty.write_text("nothing here\n", encoding="utf-8")
    failed = cli("ingest", str(empty), "--quiet")
    assert failed.exit_code == 66 and failed.stdout == "" and "empty.md" in failed.stderr


def test_undo_json_and_quiet(sample: Cli) -> None:
    sample.ok("tag", "pali", "x")
    sample.ok("rate", "pali", "2")
    undone = json.loads(sample.ok("undo", "--json").stdout)
    assert undone["step"] == 2 and undone["command"].startswith("readlist rate pali 2")
    assert undone["undoes"] is None and len(undone["changed"]) == 1
    assert "rating" not in sample.papers()["pali"]
    quiet = sample.ok("undo", "-q")
    assert quiet.stdout == "" and "x" not in sample.papers()["pali"].get("tags", [])


def test_next_json_puts_the_score_and_reasons_first(sample: Cli) -> None:
    suggested = json.loads(sample.ok("next", "--json").stdout)
    listed = records(sample)
    assert [s["id"] for s in suggested] == ["2210.03142", "2208.12242"]
    first = suggested[0]
    assert list(first)[:3] == ["score", "planned", "reasons"]
    assert first["score"] >= 25 and first["planned"] is None and first["reasons"]
    assert {k: v for k, v in first.items() if k not in ("score", "planned", "reasons")} == (
        listed["2210.03142"]
    )
    assert sample.ok("next", "-q").stdout == "2210.03142\n2208.12242\n"


# --- challenges --------------------------------------------------------------------------------


def _brief(cli: Cli, name: str) -> dict[str, Any]:
    (found,) = json.loads(cli.ok("challenge", "list", "--json").stdout)
    assert found["name"] == name
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["set", "month", "--freezes", "1"],
        ["pause", "month", "--from", "2026-11-20"],
        ["plan", "month", "pali", "dreambooth"],
        ["log", "month", "pali", "--day", "1", "--date", "2026-11-15"],
        ["abandon", "month", "--on", "2026-11-20"],
    ],
    ids=lambda a: a[0],
)
def test_challenge_commands_print_the_challenge_as_list_does(month: Cli, args: list[str]) -> None:
    pristine = month.path.with_name("pristine.yaml")
    shutil.copyfile(month.path, pristine)
    shown = json.loads(month.ok("challenge", *args, "--json").stdout)
    assert shown == [_brief(month, "month")]
    shutil.copyfile(pristine, month.path)
    quiet = month.ok("challenge", *args, "-q")
    assert quiet.stdout == "" and quiet.stderr == ""
    assert month.path.read_bytes() != pristine.read_bytes()  # quiet, but it did change


def test_challenge_new_resume_and_rm_json(sample: Cli) -> None:
    made_now = sample.ok("challenge", "new", "w", "--days", "5", "--start", "2026-11-15", "--json")
    (made,) = json.loads(made_now.stdout)
    assert made["name"] == "w" and made["days"] == 5
    sample.ok("challenge", "pause", "w", "--from", "2026-11-19")
    (resumed,) = json.loads(sample.ok("challenge", "resume", "w", "--json").stdout)
    assert resumed == _brief(sample, "w")
    declined = sample("challenge", "rm", "w", "--json", input="n\n")
    assert declined.exit_code == Declined.exit_code and declined.stdout == ""
    assert "Remove the challenge w" in declined.stderr  # the question goes to stderr
    before = _brief(sample, "w")
    (removed,) = json.loads(sample.ok("challenge", "rm", "w", "--json", "--yes").stdout)
    assert removed == before and sample.data()["challenges"] == []


def test_challenge_list_post_and_export_quietly(month: Cli, tmp_path: Path) -> None:
    month.ok("challenge", "log", "month", "pali", "--day", "1", "--date", "2026-11-15")
    assert month.ok("challenge", "list", "-q").stdout == "month\n"
    post = json.loads(month.ok("challenge", "post", "month", "--json").stdout)
    text = month.ok("challenge", "post", "month").stdout.rstrip("\n")
    assert post == {
        "challenge": "month",
        "day": 1,
        "paper": "pali",
        "text": text,
        "length": len(text),
    }
    calendar = tmp_path / "month.ics"
    quiet = month.ok("challenge", "export", "month", "--ics", str(calendar), "-q")
    assert quiet.stdout == "" and calendar.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_replan_json_asks_on_stderr(cli: Cli) -> None:
    write_list(
        cli.path,
        [{"id": f"p{n}", "title": f"Paper {n}", "status": "todo"} for n in range(1, 4)],
        [
            {
                "name": "ten",
                "days": 10,
                "start": "2026-11-15",
                "entries": [{"day": 1, "paper": "p1"}, {"day": 2, "paper": "p2"}],
            }
        ],
    )
    result = cli.ok("challenge", "replan", "ten", "--json", input="y\n")
    assert "Move 2 paper(s)?" in result.stderr and "day   1 (2026-11-15)" in result.stderr
    (shown,) = json.loads(result.stdout)
    assert shown == _brief(cli, "ten")


# --- the network commands, against the local servers ---------------------------------------------


@pytest.fixture
def arxiv_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with local_arxiv(monkeypatch) as server:
        yield server


def test_fetch_json_is_the_records_it_filled(arxiv_server: ArxivServer, cli: Cli) -> None:
    write_list(cli.path, [arxiv_paper("1707.08567"), arxiv_paper("1605.08386")])
    fetched = json.loads(cli.ok("fetch", "--json").stdout)
    listed = records(cli)
    assert fetched == [listed["1707.08567"], listed["1605.08386"]]
    assert fetched[1]["abstract"].startswith("Graphs on lattice points")
    again = cli.ok("fetch", "--json")  # nothing left to fetch: an empty array, not prose
    assert json.loads(again.stdout) == []
    quiet = cli.ok("fetch", "--refresh", "-q")
    assert quiet.stdout == ""


def test_resolve_json_is_the_records_it_renamed(arxiv_server: ArxivServer, cli: Cli) -> None:
    seed_list(cli)
    declined = cli.ok("resolve", "pali", "--json", input="n\n")
    assert json.loads(declined.stdout) == []
    assert "Give this paper its arXiv id?" in declined.stderr and "pali -> 2209.06794" in (
        declined.stderr
    )
    resolved = json.loads(cli.ok("resolve", "pali", "--json", "--yes").stdout)
    assert resolved == [records(cli)["2209.06794"]]
    assert resolved[0]["arxiv"] == "2209.06794" and resolved[0]["rating"] == 4
    quiet = cli.ok("resolve", "understanding", "-q", "--yes")
    assert quiet.stdout == "" and quiet.stderr == ""
    assert "2208.11970" in cli.papers()


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[S2Server, CrossrefServer]]:
    with local_s2(monkeypatch) as s2, local_crossref(monkeypatch) as crossref:
        yield s2, crossref


def test_enrich_json_is_the_records_it_filled(
    servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    enrich_library(cli)
    result = cli("enrich", "--json")
    enriched = json.loads(result.stdout)
    listed = records(cli)
    assert enriched and enriched == [listed[p["id"]] for p in enriched]
    assert all("enriched" in p for p in enriched)
    assert "2208.12242" in {p["id"] for p in enriched}


def test_resolve_conflict_json_is_the_papers_record(cli: Cli) -> None:
    from tests.test_sharing_conflicts import clashed

    clashed(cli)
    (resolved,) = json.loads(cli.ok("resolve-conflict", "a", "rating", "--theirs", "--json").stdout)
    assert resolved == records(cli)["a"]
    assert resolved["rating"] == 2 and [c["field"] for c in resolved["conflicts"]] == ["title"]
    quiet = cli.ok("resolve-conflict", "a", "title", "--ours", "-q")
    assert quiet.stdout == "" and "conflicts" not in cli.papers()["a"]


def test_news_json_puts_each_papers_news_first(
    arxiv_server: ArxivServer, servers: tuple[S2Server, CrossrefServer], cli: Cli
) -> None:
    from tests.arxiv_server import constructed_entry

    arxiv_server.entries["2301.00001"] = constructed_entry(
        "2301.00001", "Versioned", version=3, updated="2026-11-15"
    )
    arxiv_server.entries["2301.00004"] = constructed_entry(
        "2301.00004", "Quiet", updated="2022-05-01"
    )
    write_list(
        cli.path,
        [
            {"id": i, "arxiv": i, "title": t, "status": "done", "finished": "2026-11-02",
             "version": 1}
            for i, t in (("2301.00001", "Versioned"), ("2301.00004", "Quiet"))
        ],
    )  # fmt: skip
    (news,) = json.loads(cli.ok("news", "--json").stdout)
    assert list(news)[0] == "news" and news["id"] == "2301.00001"
    assert news["news"][0]["kind"] == "version" and news["news"][0]["on"] == "2026-11-15"
    assert {k: v for k, v in news.items() if k != "news"} == records(cli)["2301.00001"]
    assert cli.ok("news", "-q").stdout == "2301.00001\n"


def test_conflicts_json(cli: Cli) -> None:
    from tests.test_sharing_conflicts import clashed

    clashed(cli)
    found = json.loads(cli.ok("conflicts", "--json").stdout)
    assert {"kind": "paper", "name": "a", "field": "rating", "ours": 4, "theirs": 2} in found
    assert {(c["name"], c["field"]) for c in found} >= {("a", "title"), ("b", "record")}


def test_pictures_and_exports_quietly(month: Cli, tmp_path: Path) -> None:
    for args in (
        ["progress", "month", "--svg", str(tmp_path / "p.svg")],
        ["stats", "--svg", str(tmp_path / "s.svg")],
        ["export", "csv", "-o", str(tmp_path / "l.csv")],
    ):
        quiet = month.ok(*args, "-q")
        assert quiet.stdout == "", args
    assert (tmp_path / "p.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (tmp_path / "s.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (tmp_path / "l.csv").read_text(encoding="utf-8").startswith("id,title")
