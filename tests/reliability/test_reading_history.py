"""The history of reading is never rewritten without asking: repeating `done`, reading a paper
again, logging a paper done for another challenge, future dates, and `edit` while other
commands change the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readlist.errors import ChallengeError, InputError, UsageError
from tests.conftest import TODAY, Cli, readlist_exe, write_list
from tests.helpers.editor import editor_command


@pytest.fixture
def history(cli: Cli) -> Cli:
    """A paper read on day 1 of a 2023 challenge, one in the queue, one being read."""
    write_list(
        cli.path,
        [
            {
                "id": "dreambooth",
                "title": "DreamBooth",
                "status": "done",
                "started": "2023-01-01",
                "finished": "2023-01-02",
            },
            {"id": "pali", "title": "PaLI", "status": "todo"},
            {"id": "vit", "title": "ViT", "status": "reading", "started": "2026-11-10"},
        ],
        challenges=[
            {
                "name": "days2023",
                "start": "2023-01-02",
                "days": 30,
                "entries": [{"day": 1, "paper": "dreambooth"}],
            },
            {"name": "days2026", "start": "2026-11-15", "days": 10, "entries": []},
        ],
    )
    return cli


def test_done_again_says_when_and_changes_nothing(history: Cli) -> None:
    before = history.path.read_bytes()
    result = history.ok("done", "dreambooth")
    assert result.stdout == (
        "dreambooth: already done on 2023-01-02; nothing changed (--date changes it)\n"
    )
    assert history.path.read_bytes() == before


def test_done_with_a_date_that_moves_a_challenge_day_needs_a_flag(history: Cli) -> None:
    before = history.path.read_bytes()
    refused = history("done", "dreambooth", "--date", "2026-11-20")
    assert refused.exit_code == ChallengeError.exit_code
    assert refused.stderr == (
        "readlist: error: this moves day 1 of days2023 from 2023-01-02 to 2026-11-20; nothing "
        "changed. Add --move-day to do it\n"
    )
    assert history.path.read_bytes() == before
    history.ok("done", "dreambooth", "--date", "2023-01-03", "--move-day")
    assert str(history.papers()["dreambooth"]["finished"]) == "2023-01-03"


def test_reading_a_done_paper_again_keeps_the_first_reading(history: Cli) -> None:
    out = history.ok("start", "dreambooth").stdout
    assert "reading it again (first read on 2023-01-02)" in out
    record = history.papers()["dreambooth"]
    assert record["status"] == "reading"
    assert str(record["started"]) == "2023-01-01"
    assert str(record["finished"]) == "2023-01-02"
    assert [str(r["started"]) for r in record["rereads"]] == [TODAY]
    history.ok("done", "dreambooth", "--date", "yesterday")
    record = history.papers()["dreambooth"]
    assert record["status"] == "done"
    assert str(record["finished"]) == "2023-01-02"  # the challenge day did not move
    assert str(record["rereads"][0]["finished"]) == "2026-11-20"
    assert history.data()["challenges"][0]["entries"] == [{"day": 1, "paper": "dreambooth"}]


def test_rereads_are_a_field_written_one_reading_a_line_and_shown(history: Cli) -> None:
    history.ok("start", "dreambooth")
    text = history.path.read_text(encoding="utf-8")
    assert f"  finished: 2023-01-02\n  rereads:\n  - {{started: {TODAY}}}\n" in text
    shown = history.ok("show", "dreambooth").stdout.splitlines()
    status = next(i for i, line in enumerate(shown) if line.startswith("Status "))
    assert shown[status].split(None, 1)[1] == "reading, started 2023-01-01, finished 2023-01-02"
    assert shown[status + 1].split(None, 2)[2] == f"since {TODAY}"
    history.ok("done", "dreambooth")
    assert f"  - {{started: {TODAY}, finished: {TODAY}}}\n" in history.path.read_text("utf-8")
    shown = history.ok("show", "dreambooth").stdout
    assert f"Read again  {TODAY} to {TODAY}\n" in shown
    assert "{" not in shown  # not the raw mapping it once printed
    exported = json.loads(history.ok("export", "json").stdout)
    (paper,) = [p for p in exported["papers"] if p["id"] == "dreambooth"]
    assert list(paper)[:6] == ["id", "title", "status", "started", "finished", "rereads"]
    assert paper["rereads"] == [{"started": TODAY, "finished": TODAY}]


@pytest.mark.parametrize(
    ("rereads", "problem"),
    [
        ("[{finished: 2024-01-02}]", "rereads.started: is missing"),
        ("[{started: soon}]", "rereads.started: 'soon' is not a date"),
        ("2024-01-02", "rereads: must be a list of readings"),
        ("[2024-01-02]", "rereads: each reading must be a mapping"),
    ],
)
def test_a_bad_reread_is_an_error_naming_the_line_and_field(
    history: Cli, rereads: str, problem: str
) -> None:
    text = history.path.read_text(encoding="utf-8")
    finished = "  finished: '2023-01-02'\n"
    assert finished in text
    text = text.replace(finished, f"{finished}  rereads: {rereads}\n")
    history.path.write_text(text, encoding="utf-8")
    failed = history("show", "dreambooth")
    assert failed.exit_code != 0 and failed.stdout == ""
    assert problem in failed.stderr and "list.yaml:" in failed.stderr
    assert len(failed.stderr.splitlines()) == 1
    assert history.path.read_text(encoding="utf-8") == text


def test_a_reread_keeps_the_keys_the_user_added(history: Cli) -> None:
    text = history.path.read_text(encoding="utf-8")
    finished = "  finished: '2023-01-02'\n"
    assert finished in text
    rereads = "  rereads:\n  - started: 2024-05-01\n    with: the reading group\n"
    text = text.replace(finished, finished + rereads)
    history.path.write_text(text, encoding="utf-8")
    history.ok("tag", "dreambooth", "vision")
    assert (
        "  rereads:\n  - {started: 2024-05-01, with: the reading group}\n  tags: [vision]\n"
        in history.path.read_text(encoding="utf-8")
    )


def test_todo_on_a_done_challenge_paper_needs_a_flag_and_keeps_the_date(history: Cli) -> None:
    before = history.path.read_bytes()
    refused = history("todo", "dreambooth")
    assert refused.exit_code == ChallengeError.exit_code
    assert "moves day 1 of days2023 (read on 2023-01-02) back to not done" in refused.stderr
    assert history.path.read_bytes() == before
    history.ok("todo", "dreambooth", "--move-day")
    record = history.papers()["dreambooth"]
    assert record["status"] == "todo" and str(record["finished"]) == "2023-01-02"


@pytest.mark.slow
def test_logging_a_paper_done_for_another_challenge_keeps_its_date(history: Cli) -> None:
    history.ok("challenge", "log", "days2026", "pali", "--date", "2026-11-16")
    refused = history("challenge", "log", "days2026", "dreambooth", "--date", "2026-11-17")
    assert refused.exit_code == ChallengeError.exit_code
    assert "moves day 1 of days2023 from 2023-01-02 to 2026-11-17" in refused.stderr
    assert str(history.papers()["dreambooth"]["finished"]) == "2023-01-02"
    # Without a date it is logged with the date it was read, which is before days2026.
    early = history("challenge", "log", "days2026", "dreambooth")
    assert early.exit_code == ChallengeError.exit_code
    assert "2023-01-02 is before days2026 started" in early.stderr
    assert str(history.papers()["dreambooth"]["finished"]) == "2023-01-02"


@pytest.mark.parametrize(
    "args",
    [
        ["done", "pali", "--date", "2026-11-22"],
        ["start", "pali", "--date", "2027-01-01"],
        ["done", "dreambooth", "--date", "2099-12-31", "--move-day"],
        ["challenge", "log", "days2026", "pali", "--date", "2026-11-22"],
    ],
)
def test_future_dates_are_refused_everywhere(history: Cli, args: list[str]) -> None:
    before = history.path.read_bytes()
    result = history(*args)
    assert result.exit_code == UsageError.exit_code
    assert "is in the future (today is 2026-11-21)" in result.stderr
    assert history.path.read_bytes() == before


def _editor(history: Cli, tmp_path: Path, body: str) -> str:
    """An EDITOR that can run readlist on the same list (`readlist(...)`) while it is open."""
    return editor_command(tmp_path, body, readlist=[readlist_exe(), "--file", str(history.path)])


@pytest.mark.slow
def test_edit_merges_what_other_commands_changed_meanwhile(history: Cli, tmp_path: Path) -> None:
    editor = _editor(
        history,
        tmp_path,
        "readlist('done', 'pali', '--date', '2026-11-20')\n"
        "readlist('tag', 'pali', 'vision')\n"
        "readlist('note', 'pali', 'written while the editor was open')\n"
        "open(path, 'w', encoding='utf-8').write(text + 'rating: 4\\n')\n",
    )
    result = history.ok("edit", "pali", env={"EDITOR": editor, "VISUAL": ""})
    assert "Saved pali" in result.stdout
    record = history.papers()["pali"]
    assert record["status"] == "done" and str(record["finished"]) == "2026-11-20"
    assert record["tags"] == ["vision"]
    assert record["notes"] == "written while the editor was open"
    assert record["rating"] == 4


@pytest.mark.slow
def test_edit_refuses_a_conflict_and_keeps_the_edit(history: Cli, tmp_path: Path) -> None:
    editor = _editor(
        history,
        tmp_path,
        "readlist('note', 'pali', 'theirs')\n"
        "open(path, 'w', encoding='utf-8').write(text + 'notes: mine\\n')\n",
    )
    result = history("edit", "pali", env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == InputError.exit_code
    message = result.stderr.strip()
    assert "pali was changed while the editor was open (notes)" in message
    kept = Path(message.rsplit("your edit is kept in ", 1)[1])
    assert kept.read_text(encoding="utf-8").endswith("notes: mine\n")
    assert history.papers()["pali"]["notes"] == "theirs"


@pytest.mark.slow
def test_edit_refuses_a_future_finished_date(history: Cli, tmp_path: Path) -> None:
    editor = _editor(
        history,
        tmp_path,
        "open(path, 'w', encoding='utf-8').write(text.replace('todo', 'done') + "
        "'finished: 2030-01-01\\n')\n",
    )
    before = history.path.read_bytes()
    result = history("edit", "pali", env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == UsageError.exit_code
    assert "finished: 2030-01-01 is in the future" in result.stderr
    assert history.path.read_bytes() == before


@pytest.mark.parametrize("command", [["done", "pali"], ["start", "pali"], ["list"]])
def test_an_empty_date_is_refused_not_ignored(history: Cli, command: list[str]) -> None:
    before = history.path.read_bytes()
    option = "--since" if command == ["list"] else "--date"
    refused = history(*command, option, "")
    assert refused.exit_code == UsageError.exit_code
    assert refused.stderr.startswith(f"readlist: error: {option} '' is not a date")
    assert len(refused.stderr.splitlines()) == 1 and refused.stdout == ""
    assert history.path.read_bytes() == before
