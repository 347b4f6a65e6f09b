"""`readlist undo` and `readlist history`: many steps back, undo of an undo, a bounded journal
beside the list that never holds the only copy of anything, and an undo that never overwrites
a later change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readlist import journal
from readlist.errors import NotFoundError, UsageError
from tests.conftest import Cli, write_list


@pytest.fixture
def steps(cli: Cli) -> Cli:
    """A list, then four commands: add, done, tag, rm."""
    write_list(
        cli.path,
        [
            {"id": "pali", "title": "PaLI", "status": "done", "finished": "2023-01-02"},
            {"id": "vit", "title": "ViT", "status": "todo", "notes": "keep me"},
        ],
        challenges=[
            {
                "name": "c",
                "start": "2026-11-15",
                "days": 10,
                "entries": [{"day": 1, "paper": "vit"}],
            }
        ],
    )
    cli.ok("add", "Attention Is All You Need")
    cli.ok("done", "vit", "--date", "2026-11-20")
    cli.ok("tag", "pali", "vision")
    cli.ok("rm", "vit", "--yes")
    return cli


def journal_file(cli: Cli) -> Path:
    return cli.path.with_name("list.yaml.journal")


@pytest.mark.slow
def test_undo_goes_back_one_change_at_a_time(steps: Cli) -> None:
    assert set(steps.papers()) == {"pali", "attention-is-all-you-need"}
    out = steps.ok("undo").stdout
    assert out == "Undid step 4 (readlist rm vit --yes): removed vit; challenges\n"
    vit = steps.papers()["vit"]
    assert vit["notes"] == "keep me" and str(vit["finished"]) == "2026-11-20"
    assert steps.data()["challenges"][0]["entries"] == [{"day": 1, "paper": "vit"}]
    steps.ok("undo")
    assert "tags" not in steps.papers()["pali"]
    steps.ok("undo")
    assert steps.papers()["vit"]["status"] == "todo" and "finished" not in steps.papers()["vit"]
    steps.ok("undo")
    assert set(steps.papers()) == {"pali", "vit"}
    # The first reading of pali was never touched by any of it.
    assert str(steps.papers()["pali"]["finished"]) == "2023-01-02"
    nothing = steps("undo")
    assert nothing.exit_code == NotFoundError.exit_code
    assert "every change in the journal is undone already" in nothing.stderr


@pytest.mark.slow
def test_undo_of_an_undo_redoes(steps: Cli) -> None:
    steps.ok("undo")  # step 5 undoes step 4 (the rm)
    assert "vit" in steps.papers()
    out = steps.ok("undo", "5").stdout
    assert out.startswith("Undid step 5 (readlist undo, which undid step 4): ")
    assert "vit" not in steps.papers()
    history = steps.ok("history").stdout
    assert "   6  " in history and "(undoes step 5)" in history
    assert "(undoes step 4; undone by step 6)" in history


def test_history_shows_each_step_newest_first(steps: Cli) -> None:
    lines = steps.ok("history").stdout.splitlines()
    commands = [line.split("  ", 3)[-1] for line in lines if not line.startswith("        ")]
    assert commands == [
        "readlist rm vit --yes",
        "readlist tag pali vision",
        "readlist done vit --date 2026-11-20",
        "readlist add 'Attention Is All You Need'",
    ]
    assert "        pali: tags" in lines
    assert "        vit: status, finished" in lines
    assert steps.ok("history", "-n", "1").stdout.count("readlist ") == 1


def test_history_json_is_the_steps_newest_first_with_what_undid_them(steps: Cli) -> None:
    steps.ok("undo")  # step 5 undoes step 4 (the rm)
    data = json.loads(steps.ok("history", "--json").stdout)
    assert [d["step"] for d in data] == [5, 4, 3, 2, 1]
    assert data[0]["command"] == "readlist undo" and data[0]["undoes"] == 4
    assert data[1]["command"] == "readlist rm vit --yes" and data[1]["undone_by"] == 5
    assert data[2]["changed"] == ["pali: tags"] and data[2]["undone_by"] is None
    keys = {"step", "time", "command", "undoes", "undone_by", "changed"}
    assert all(set(d) == keys for d in data)
    two = json.loads(steps.ok("history", "--json", "-n", "2").stdout)
    assert [d["step"] for d in two] == [5, 4]


def test_undo_never_overwrites_a_later_change(steps: Cli) -> None:
    # A hand edit after the tag: undoing the tag would lose it, so nothing is undone.
    text = steps.path.read_text(encoding="utf-8").replace("title: PaLI", "title: PaLI (mine)")
    steps.path.write_text(text, encoding="utf-8")
    refused = steps("undo", "3")
    assert refused.exit_code == UsageError.exit_code
    assert refused.stderr == (
        "readlist error: step 3 (readlist tag pali vision) cannot be undone: pali changed "
        "since; nothing was undone\n"
    ).replace("readlist error", "readlist: error")
    assert steps.path.read_text(encoding="utf-8") == text


def test_the_journal_never_holds_the_only_copy(steps: Cli) -> None:
    before = steps.path.read_bytes()
    journal_file(steps).write_text("not json\n{also not\n", encoding="utf-8")
    assert steps.path.read_bytes() == before
    assert "No changes of" in steps.ok("history").stdout
    journal_file(steps).unlink()
    steps.ok("tag", "pali", "more")  # the list works without its journal
    assert steps.papers()["pali"]["tags"] == ["vision", "more"]
    assert "tag pali more" in steps.ok("history").stdout


@pytest.mark.slow
def test_the_journal_is_bounded(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "MAX_STEPS", 5)
    write_list(cli.path, [{"id": "a", "title": "Alpha"}])
    for number in range(12):
        cli.ok("note", "a", f"note {number}")
    lines = journal_file(cli).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    numbers = [int(line.split(",", 1)[0].split(":")[1]) for line in lines]
    assert numbers == [8, 9, 10, 11, 12]
    cli.ok("undo")
    assert cli.papers()["a"]["notes"].endswith("note 10")
