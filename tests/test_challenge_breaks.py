"""Breaks, rest days, freezes and other goals through the CLI: `challenge pause/resume`, `challenge
new --per-week/--papers/--rest/--freezes`, the break an ingested thread announces, and the
issue's acceptance on the seeds."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from readlist.errors import ChallengeError, UsageError
from tests.challenge_lists import THREAD
from tests.conftest import ROOT, SEEDS, Cli, write_list
from tests.test_challenge_cli import assert_refused, progress_json

NAME = "30daysofDiffusion"


@pytest.fixture
def seeded(cli: Cli, isolated: Path) -> Cli:
    """The seeds ingested, as `make data` does."""
    shutil.copytree(SEEDS, isolated / "seeds")
    cli.ok("ingest", "seeds/")
    return cli


@pytest.fixture
def plain(cli: Cli) -> Cli:
    """A 10-day challenge from 2026-11-12 (today, 2026-11-21, is day 10), days 1-3 read."""
    papers: list[dict[str, Any]] = [
        {"id": f"p{n}", "title": f"Paper {n}", "status": "done", "finished": f"2026-11-1{n + 1}"}
        for n in (1, 2, 3)
    ]
    papers += [{"id": f"p{n}", "title": f"Paper {n}"} for n in range(4, 8)]
    entries = [{"day": n, "paper": f"p{n}"} for n in range(1, 8)]
    write_list(
        cli.path, papers, [{"name": "ten", "days": 10, "start": "2026-11-12", "entries": entries}]
    )
    return cli


def rows_of(out: str) -> dict[int, list[str]]:
    return {
        int(line.split()[0]): line.split()
        for line in out.splitlines()
        if line[:3].strip().isdigit()
    }


@pytest.mark.slow
def test_the_issue_acceptance_on_the_seeds(seeded: Cli) -> None:
    env = {"READLIST_TODAY": "2026-11-30"}
    paused = seeded.ok("challenge", "pause", NAME, "--from", "2023-01-16", env=env)
    assert "Paused 30daysofDiffusion from 2023-01-16" in paused.stdout
    # the break the thread announced (2023-01-17, back on 2023-01-31) now begins on the 16th
    assert "recorded from 2023-01-17, back on 2023-01-31 now runs until you resume" in (
        paused.stdout
    )
    resumed = seeded.ok("challenge", "resume", NAME, "--on", "2023-02-01", env=env)
    assert resumed.stdout.startswith(
        "Resumed 30daysofDiffusion on 2023-02-01 after 16 day(s) off (2023-01-16 to 2023-01-31)"
    )
    assert seeded.data()["challenges"][0]["breaks"] == [
        {"paused": date(2023, 1, 16), "resumed": date(2023, 2, 1), "source": f"{THREAD}:1"}
    ]
    out = seeded.ok("progress", NAME, env=env).stdout
    rows = rows_of(out)
    done = [day for day, cells in rows.items() if cells[-1] == "done"]
    assert done == [1, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    assert "2023-01-16   break: 16 days off, back on 2023-02-01" in out
    assert "Break:      2023-01-16 to 2023-01-31 (16 days), back on 2023-02-01" in out
    assert "behind" not in out and "2027" not in out and "at the current pace" not in out
    assert "Finish:     finished on 2023-02-16 with 10 of 30 days read (33.3%)" in out
    data = progress_json(seeded, NAME, **env)
    assert data["phase"] == "finished" and data["projected_finish"] is None
    assert [b["days"] for b in data["breaks"]] == [16]


def test_ingest_records_the_break_the_thread_announces(cli: Cli, isolated: Path) -> None:
    shutil.copytree(SEEDS, isolated / "seeds")
    result = cli.ok("ingest", f"seeds/{Path(THREAD).name}")
    assert (
        f"  break     {THREAD}:1: a break from 2023-01-17, back on 2023-01-31, as it says: "
        '"I am going to take a couple of weeks\' break and then resume."'
    ) in result.stdout
    breaks = cli.data()["challenges"][0]["breaks"]
    assert breaks == [
        {"paused": date(2023, 1, 17), "resumed": date(2023, 1, 31), "source": f"{THREAD}:1"}
    ]
    report = json.loads(cli.ok("ingest", f"seeds/{Path(THREAD).name}", "--json").stdout)
    assert report["challenges"][0]["breaks"] == []  # once only
    assert cli.data()["challenges"][0]["breaks"] == breaks


@pytest.mark.slow
def test_ingest_never_moves_a_break_the_user_changed(seeded: Cli) -> None:
    seeded.ok("challenge", "pause", NAME, "--from", "2023-01-16")
    seeded.ok("challenge", "resume", NAME, "--on", "2023-02-03")
    before = seeded.path.read_bytes()
    again = seeded.ok("ingest", "seeds/")
    assert "break " not in again.stdout
    assert seeded.path.read_bytes() == before


def test_ingest_of_an_open_break(cli: Cli, tmp_path: Path) -> None:
    thread = tmp_path / "thread.txt"
    thread.write_text(
        "Taking a break from the challenge, see you soon!\n\n"
        "Paper: https://arxiv.org/abs/2208.12242\n\nDay 2 #10daysofX\n\nDreamBooth\n",
        encoding="utf-8",
    )
    write_list(cli.path, [], [{"name": "10daysofX", "days": 10, "start": "2026-11-01"}])
    result = cli.ok("ingest", str(thread), "--format", "thread")
    assert "a break from 2026-11-03, not resumed yet" in result.stdout
    data = progress_json(cli, "10daysofX")
    assert data["phase"] == "paused" and data["projected_finish"] is None
    assert data["breaks"][0]["resumed"] is None


@pytest.mark.slow
def test_pause_and_resume_today(plain: Cli) -> None:
    result = plain.ok("challenge", "pause", "ten")
    assert "Paused ten from 2026-11-21" in result.stdout
    assert plain.data()["challenges"][0]["breaks"] == [{"paused": date(2026, 11, 21)}]
    data = progress_json(plain, "ten")
    assert data["phase"] == "paused" and data["to_catch_up"] == 0
    out = plain.ok("progress", "ten").stdout
    assert "on a break: nothing is due until you resume" in out
    assert "resume ten" in out and "behind" not in out
    # later: back on the 25th, and the plan has moved four days
    later = plain.ok("challenge", "resume", "ten", "--on", "2026-11-25")
    assert "after 4 day(s) off (2026-11-21 to 2026-11-24); next: day 4, Paper 4." in (later.stdout)
    data = progress_json(plain, "ten", READLIST_TODAY="2026-11-25")
    assert data["end"] == "2026-11-25"  # day 10, due on the 21st, moved past the break
    assert data["entries"][9]["scheduled"] == "2026-11-25"
    assert data["entries"][3]["status"] == "missed"  # day 4 fell on the 15th, before the break


@pytest.mark.slow
def test_resume_on_the_day_of_the_pause_cancels_it(plain: Cli) -> None:
    plain.ok("challenge", "log", "ten", "--day", "4", "--date", "2026-11-20")  # any write
    before = plain.path.read_bytes()
    plain.ok("challenge", "pause", "ten", "--from", "2026-11-21")
    result = plain.ok("challenge", "resume", "ten")
    assert "Cancelled the break of ten" in result.stdout
    assert "breaks" not in plain.data()["challenges"][0]
    assert plain.path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "phrase"),
    [
        (["pause", "ten", "--from", "2026-11-01"], ChallengeError.exit_code, "before ten started"),
        (["pause", "ten", "--from", "2027-01-01"], ChallengeError.exit_code, "nothing left"),
        (["pause", "ten", "--from", "soon"], UsageError.exit_code, "--from 'soon' is not a date"),
        (["resume", "ten"], ChallengeError.exit_code, "ten is not on a break"),
        (["pause", "nope"], 3, "no challenge named 'nope'"),
    ],
)
def test_pause_and_resume_bad_input(plain: Cli, args: list[str], code: int, phrase: str) -> None:
    assert_refused(plain, ["challenge", *args], code, phrase)


def test_pause_twice_and_resume_before_the_pause_are_refused(plain: Cli) -> None:
    plain.ok("challenge", "pause", "ten", "--from", "2026-11-18")
    assert_refused(
        plain, ["challenge", "pause", "ten"], ChallengeError.exit_code, "on a break since"
    )
    assert_refused(
        plain,
        ["challenge", "resume", "ten", "--on", "2026-11-17"],
        ChallengeError.exit_code,
        "before the break began",
    )


@pytest.mark.slow
def test_a_pause_inside_an_earlier_break_is_refused(plain: Cli) -> None:
    plain.ok("challenge", "pause", "ten", "--from", "2026-11-14")
    plain.ok("challenge", "resume", "ten", "--on", "2026-11-16")
    plain.ok("challenge", "pause", "ten", "--from", "2026-11-18")
    plain.ok("challenge", "resume", "ten", "--on", "2026-11-19")
    assert_refused(
        plain,
        ["challenge", "pause", "ten", "--from", "2026-11-15"],
        ChallengeError.exit_code,
        "falls in ten's break from 2026-11-14 to 2026-11-16",
    )


@pytest.mark.slow
def test_the_break_shows_in_every_view(seeded: Cli, tmp_path: Path) -> None:
    rich = seeded.ok("progress", NAME, env={"READLIST_FORCE_RICH": "1"}).stdout
    assert "break: 14 days off, back on 2023-01-31" in rich and "─ break" in rich
    svg = tmp_path / "card.svg"
    seeded.ok("progress", NAME, "--svg", str(svg))
    assert "break:" in svg.read_text(encoding="utf-8")
    markdown = seeded.ok("export", "markdown", "--group-by", "challenge").stdout
    assert "|  | 2023-01-17 | *break: 14 days off, back on 2023-01-31* | break |" in markdown
    assert "· finished · 1 break" in markdown
    exported = json.loads(seeded.ok("export", "json").stdout)
    assert exported["challenges"][0]["breaks"] == [
        {"paused": "2023-01-17", "resumed": "2023-01-31", "source": f"{THREAD}:1"}
    ]
    listed = json.loads(seeded.ok("challenge", "list", "--json").stdout)
    assert listed[0]["breaks"][0]["days"] == 14


@pytest.mark.slow
def test_abandon_and_undo(plain: Cli) -> None:
    result = plain.ok("challenge", "abandon", "ten", "--on", "2026-11-16")
    assert result.stdout.startswith("Abandoned ten on 2026-11-16, with 3 of 10 read (30%).")
    assert plain.data()["challenges"][0]["abandoned"] == date(2026, 11, 16)
    out = plain.ok("progress", "ten").stdout
    assert "Finish:     abandoned on 2026-11-16 with 3 of 10 days read (30%)" in out
    assert "at the current pace" not in out and "to catch up" not in out
    assert progress_json(plain, "ten")["phase"] == "abandoned"
    assert_refused(plain, ["challenge", "abandon", "ten"], ChallengeError.exit_code, "--undo")
    plain.ok("challenge", "abandon", "ten", "--undo")
    assert "abandoned" not in plain.data()["challenges"][0]
    assert progress_json(plain, "ten")["phase"] == "running"
    assert_refused(
        plain, ["challenge", "abandon", "ten", "--undo"], ChallengeError.exit_code, "not abandoned"
    )


@pytest.mark.slow
def test_new_weekly_challenge_with_rest_days_and_freezes(sample: Cli) -> None:
    result = sample.ok(
        "challenge",
        "new",
        "weekly",
        "--per-week",
        "2",
        "--weeks",
        "4",
        "--rest",
        "weekends",
        "--freezes",
        "1",
        "--start",
        "2026-11-16",
    )
    assert "Started weekly: 2 papers a week for 4 weeks, 2026-11-16 to 2026-12-13" in result.stdout
    (stored,) = sample.data()["challenges"]
    assert {k: stored[k] for k in ("per_week", "weeks", "rest_days", "freezes")} == {
        "per_week": 2,
        "weeks": 4,
        "rest_days": ["sat", "sun"],
        "freezes": 1,
    }
    assert "rest_days: [sat, sun]" in sample.path.read_text(encoding="utf-8")
    data = progress_json(sample, "weekly")
    assert data["goal"] == "weekly" and data["streak_unit"] == "week" and data["days"] == 8
    assert data["freezes_left"] == 1 and data["rest_days"] == ["sat", "sun"]
    out = sample.ok("progress", "weekly").stdout
    assert "Done:       0 of 8 papers, 2 a week (0%)" in out
    assert "Rest days:  Sat, Sun" in out and "1 freeze(s) left" in out


@pytest.mark.slow
def test_set_rest_days_and_freezes_on_a_running_challenge(plain: Cli) -> None:
    # from Thursday 2026-11-12, weekends off: days 4-10 move past the two weekends
    result = plain.ok("challenge", "set", "ten", "--rest", "weekends", "--freezes", "2")
    assert result.stdout == "ten: rest days sat, sun, 2 freeze(s); 2026-11-12 to 2026-11-25.\n"
    stored = plain.data()["challenges"][0]
    assert (stored["rest_days"], stored["freezes"]) == (["sat", "sun"], 2)
    data = progress_json(plain, "ten")
    assert [e["scheduled"] for e in data["entries"][2:5]] == [
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
    ]
    assert data["entries"][2]["date"] == "2026-11-14"  # read on its real date, kept
    plain.ok("challenge", "set", "ten", "--rest", "none")
    assert "rest_days" not in plain.data()["challenges"][0]
    assert_refused(plain, ["challenge", "set", "ten"], UsageError.exit_code, "say what to change")
    assert_refused(
        plain, ["challenge", "set", "ten", "--freezes", "-2"], UsageError.exit_code, "negative"
    )


def test_new_challenge_by_a_date(sample: Cli) -> None:
    result = sample.ok(
        "challenge", "new", "month", "--papers", "6", "--by", "2026-12-20", "--start", "2026-11-21"
    )
    assert "Started month: 6 papers, 2026-11-21 to 2026-12-20" in result.stdout
    data = progress_json(sample, "month")
    assert data["goal"] == "by_date" and data["end"] == "2026-12-20"
    assert [e["scheduled"] for e in data["entries"]][-1] == "2026-12-20"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--per-week", "2"], "give --per-week and --weeks together"),
        (["--papers", "3"], "give --papers and --by together"),
        (["--per-week", "1", "--weeks", "2", "--papers", "2", "--by", "2027-01-01"], "one goal"),
        (["--rest", "mon,tue,wed,thu,fri,sat,sun"], "rests every day"),
        (["--rest", "funday"], "'funday' is not a weekday"),
        (["--papers", "3", "--by", "2026-01-01"], "before the start"),
        (["--freezes", "-1"], "--freezes -1 is negative"),
        (["--papers", "3", "--by", "2040-01-01"], "more than ten years after the start"),
        (["--per-week", "10", "--weeks", "400"], "papers: 4000 is out of range"),
    ],
)
def test_new_challenge_bad_goals(sample: Cli, args: list[str], phrase: str) -> None:
    assert_refused(sample, ["challenge", "new", "x", *args], UsageError.exit_code, phrase)


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        ({"breaks": [{"paused": "2026-11-05", "resumed": "2026-11-03"}]}, "resumed"),
        ({"breaks": [{"paused": "2026-11-05", "resumed": "2099-01-01"}]}, "more than ten years"),
        ({"breaks": [{"paused": "2026-11-05"}, {"paused": "2026-11-09"}]}, "overlaps"),
        ({"rest_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}, "rest day"),
        ({"by": "2026-12-01"}, "papers"),
        ({"days": 99999}, "a typo"),
    ],
)
def test_a_hand_written_bad_challenge_is_reported(
    cli: Cli, change: dict[str, Any], phrase: str
) -> None:
    write_list(cli.path, [], [{"name": "c", "days": 5, "start": "2026-11-01", **change}])
    result = cli("progress", "c")
    assert result.exit_code == 65, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and phrase in lines[0] and "Traceback" not in result.stderr


@pytest.mark.slow
def test_make_run_shows_the_break_and_no_late_finish() -> None:
    """`make run`'s last command, on the embedded list, as a new user sees it."""
    readlist = ROOT / ".venv" / "bin" / "readlist"
    if not readlist.exists():
        pytest.skip("the installed command is tested after `make install`")
    result = subprocess.run(
        [str(readlist), "progress", NAME],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "READLIST_TODAY": "2026-11-30", "HOME": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert [d for d, cells in rows_of(out).items() if cells[-1] == "done"] == [1, *range(7, 16)]
    assert "break: 14 days off, back on 2023-01-31" in out
    assert "behind" not in out and "2027" not in out
