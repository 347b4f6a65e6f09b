"""`readlist challenge ...` and `readlist progress` through the CLI: output, exit codes, and
the YAML on disk (untouched on every bad input)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readlist.errors import (
    ChallengeError,
    DuplicateError,
    NotFoundError,
    StorageError,
    UsageError,
)
from tests.challenge_lists import THREAD_DAYS, write_seeds_like
from tests.conftest import Cli, write_list

SEED_TODAY = {"READLIST_TODAY": "2026-11-21"}


@pytest.fixture
def seeds(cli: Cli) -> Cli:
    write_seeds_like(cli.path)
    return cli


def progress_json(cli: Cli, name: str = "30daysofDiffusion", **env: str) -> dict[str, Any]:
    result = cli.ok("progress", name, "--json", env=env or None)
    return json.loads(result.stdout)


def assert_refused(cli: Cli, args: list[str], exit_code: int, *phrases: str) -> str:
    """The command fails with one clear line on stderr and leaves the file's bytes as they were."""
    before = cli.path.read_bytes()
    result = cli(*args)
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("readlist: error: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert cli.path.read_bytes() == before
    return lines[0]


# --- the seeds, as acceptance ---------------------------------------------------------------


def test_seeds_progress_view_plain(seeds: Cli) -> None:
    out = seeds.ok("progress", "30daysofDiffusion").stdout
    assert out.startswith("#30daysofDiffusion: 10 of 30 days done\n")
    rows = {int(line.split()[0]): line for line in out.splitlines() if line[:3].strip().isdigit()}
    assert set(rows) == set(range(1, 31))
    assert rows[1].split() == ["1", "2023-01-02", "dreambooth", "(2208.12242)", "done"]
    for day in range(2, 7):
        assert rows[day].split()[2:] == ["—", "unrecorded"], rows[day]
    for day, (arxiv, _title) in THREAD_DAYS.items():
        assert f"~2023-01-{day + 1:02d}" in rows[day]
        assert f"({arxiv})" in rows[day] and rows[day].endswith("done")
    for day in range(16, 31):
        assert rows[day].split()[2:] == ["—", "unrecorded"]
    assert "Done:       10 of 30 days (33.3%), 10 planned" in out
    assert "Streak:     0 days now, longest 9 days" in out
    # the thread's break, between day 15 and day 16, which moved past it
    (break_row,) = [line for line in out.splitlines() if line.endswith("  break")]
    assert break_row.split()[:2] == ["2023-01-17", "break:"]
    assert "14 days off, back on 2023-01-31" in break_row
    assert out.index(rows[15]) < out.index(break_row) < out.index(rows[16])
    assert rows[16].split()[:2] == ["16", "2023-01-31"]
    assert rows[30].split()[:2] == ["30", "2023-02-14"]
    assert "Period:     2023-01-02 to 2023-02-14; finished" in out
    assert "Break:      2023-01-17 to 2023-01-30 (14 days), back on 2023-01-31" in out
    assert "Pace:       0.33 papers a day (10 in 30 reading days)" in out
    assert "Schedule:   finished: nothing to catch up" in out
    assert "Finish:     finished on 2023-02-14 with 10 of 30 days read (33.3%)" in out
    assert "Next:       nothing: it is finished; `readlist challenge new` starts another" in out
    assert "9 days done without a recorded date" in out
    # a finished challenge is neither late nor projected
    assert "behind" not in out and "at the current pace" not in out
    # The heatmap: from Monday 2 January 2023; day 1 read, days 2-6 not, 7-15 estimated, then
    # the break ('-') from Tuesday the 17th to Monday the 30th.
    heat = out[out.index("    Jan 2023") :].splitlines()
    assert heat[1].split() == ["Mon", "1", "~", "~", "-", "-", ".", "."]
    assert heat[2].split() == ["Tue", ".", "~", "-", "-", ".", ".", "."]
    assert heat[7].split() == ["Sun", "~", "~", "-", "-", ".", "."]
    assert "~ done, date estimated" in heat[8] and "- break" in heat[8]


def test_seeds_progress_json(seeds: Cli) -> None:
    data = progress_json(seeds)
    assert {k: data[k] for k in ("name", "days", "start", "done", "percent")} == {
        "name": "30daysofDiffusion",
        "days": 30,
        "start": "2023-01-02",
        "done": 10,
        "percent": 33.3,
    }
    assert (data["current_streak"], data["longest_streak"], data["to_catch_up"]) == (0, 9, 0)
    assert data["phase"] == "finished" and data["end"] == "2023-02-14"
    assert data["projected_finish"] is None and "behind" not in data
    assert data["breaks"] == [
        {
            "paused": "2023-01-17",
            "resumed": "2023-01-31",
            "last_day_off": "2023-01-30",
            "days": 14,
            "after_day": 15,
        }
    ]
    assert data["next"] == {"day": 16, "paper": None, "title": None}
    entries = data["entries"]
    assert entries[0] == {
        "day": 1,
        "date": "2023-01-02",
        "date_estimated": False,
        "scheduled": "2023-01-02",
        "paper": "2208.12242",
        "title": "dreambooth",
        "status": "done",
    }
    assert [e["status"] for e in entries[1:6]] == ["unrecorded"] * 5
    assert all(e["paper"] is None for e in entries[1:6])
    assert entries[6]["date"] == "2023-01-08" and entries[6]["date_estimated"] is True
    assert entries[13]["title"] == "On Distillation of Guided Diffusion Models"


@pytest.mark.slow
def test_seeds_streaks_while_the_challenge_ran(seeds: Cli) -> None:
    on_day_15 = progress_json(seeds, READLIST_TODAY="2023-01-16")
    assert (on_day_15["current_streak"], on_day_15["longest_streak"]) == (9, 9)
    # days 2 to 6 were never read: 5 to catch up, less day 15, read today
    assert on_day_15["today_day"] == 15 and on_day_15["to_catch_up"] == 4
    assert on_day_15["catch_up"] == {"days": 4, "per_day": 2}
    on_the_break = progress_json(seeds, READLIST_TODAY="2023-01-20")
    assert on_the_break["phase"] == "paused"
    assert on_the_break["current_streak"] == 9  # a break does not break the streak
    assert on_the_break["to_catch_up"] == 0 and on_the_break["projected_finish"] is None
    assert on_the_break["entries"][15]["status"] == "open"  # day 16 comes after the break
    back = progress_json(seeds, READLIST_TODAY="2023-02-02")
    assert back["phase"] == "running" and back["today_day"] == 18
    assert back["current_streak"] == 0  # day 16 (2023-01-31) was not read
    assert back["to_catch_up"] == 7 and back["catch_up"] == {"days": 7, "per_day": 2}
    # 20 days left at 10 papers in 18 reading days (the break left out): 36 more days
    assert back["elapsed"] == 18 and back["projected_finish"] == "2023-03-10"
    out = seeds.ok("progress", "30daysofDiffusion", env={"READLIST_TODAY": "2023-02-02"}).stdout
    assert "Schedule:   7 days to catch up: back on track in 7 days at 2 a day" in out
    assert "behind" not in out


def test_challenge_names_match_case_insensitively_with_or_without_hash(seeds: Cli) -> None:
    for name in ("30daysofdiffusion", "#30DaysOfDiffusion", "#30daysofDiffusion"):
        assert progress_json(seeds, name)["name"] == "30daysofDiffusion"


def test_overview_shows_challenges_statuses_and_tags(seeds: Cli) -> None:
    out = seeds.ok("progress").stdout
    lines = out.splitlines()
    assert lines[0] == "Challenges"
    assert lines[1].split()[:4] == ["#30daysofDiffusion", "10/30", "days", "#######............."]
    assert lines[1].endswith("streak 0 (longest 9), finished")
    assert "Reading list: 14 papers" in lines
    status_rows = {line.split()[0]: line.split()[1] for line in lines if line.startswith("  ")}
    assert status_rows["todo"] == "4" and status_rows["done"] == "10"
    assert status_rows["reading"] == "0" and status_rows["skipped"] == "0"
    tags = lines[lines.index("By tag") + 1 :]
    assert tags[0].split()[:2] == ["30daysofDiffusion", "10"] and tags[0].endswith("10 done")
    assert tags[1].split()[:2] == ["AIGC/CV", "3"] and tags[1].endswith("0 done")

    data = json.loads(seeds.ok("progress", "--json").stdout)
    assert data["papers"] == 14
    assert data["by_status"] == {"todo": 4, "reading": 0, "done": 10, "skipped": 0}
    assert data["by_tag"][0] == {"tag": "30daysofDiffusion", "papers": 10, "done": 10}
    assert [c["name"] for c in data["challenges"]] == ["30daysofDiffusion"]
    assert data["challenges"][0]["done"] == 10 and "entries" not in data["challenges"][0]


def test_overview_without_challenges(sample: Cli) -> None:
    result = sample.ok("progress")
    assert result.stdout.startswith(
        "No challenges yet: start one with `readlist challenge new NAME --days 30`."
    )
    assert "Reading list: 3 papers" in result.stdout
    assert json.loads(sample.ok("progress", "--json").stdout)["challenges"] == []


def test_progress_on_a_list_that_does_not_exist_yet(cli: Cli) -> None:
    assert "No challenges yet" in cli.ok("progress").stdout
    assert not cli.path.exists()


def test_progress_of_an_unknown_challenge_names_the_known_ones(seeds: Cli) -> None:
    line = assert_refused(seeds, ["progress", "100daysofCode"], NotFoundError.exit_code)
    assert "'100daysofCode'" in line and "30daysofDiffusion" in line


def test_progress_of_a_challenge_when_there_is_none(sample: Cli) -> None:
    line = assert_refused(sample, ["progress", "30daysofDiffusion"], NotFoundError.exit_code)
    assert "no challenges yet" in line and "readlist challenge new" in line


def test_progress_rich_on_a_terminal(seeds: Cli) -> None:
    out = seeds.ok("progress", "30daysofDiffusion", env={"READLIST_FORCE_RICH": "1"}).stdout
    assert "#30daysofDiffusion: 10 of 30 days done" in out
    assert "~2023-01-08" in out and "unrecorded" in out
    assert "■" in out and "□" in out  # days read, and days read on an estimated date
    assert "Less" in out and "More" in out
    overview = seeds.ok("progress", env={"READLIST_FORCE_RICH": "1"}).stdout
    assert "Challenges" in overview and "By tag" in overview


def test_no_color_gives_plain_text(seeds: Cli) -> None:
    env = {"READLIST_FORCE_RICH": "1", "NO_COLOR": "1"}
    out = seeds.ok("progress", "30daysofDiffusion", env=env).stdout
    assert "■" not in out and "Day  Date" in out


@pytest.mark.slow
def test_progress_svg(seeds: Cli, tmp_path: Path) -> None:
    target = tmp_path / "progress.svg"
    result = seeds.ok("progress", "30daysofDiffusion", "--svg", str(target))
    assert result.stdout.startswith("#30daysofDiffusion: 10 of 30 days done")
    assert f"Saved the progress view to {target}" in result.stderr
    svg = target.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "30daysofDiffusion" in svg and "unrecorded" in svg
    json_result = seeds.ok("progress", "--json", "--svg", str(tmp_path / "all.svg"))
    assert json.loads(json_result.stdout)["papers"] == 14  # stdout stays pure JSON
    assert (tmp_path / "all.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_progress_svg_to_an_unwritable_place(seeds: Cli, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.svg"
    result = seeds("progress", "--svg", str(target))
    assert result.exit_code == StorageError.exit_code
    assert result.stderr == (
        f"readlist: error: cannot write {target}: the folder {target.parent} does not exist\n"
    )


def test_progress_svg_never_overwrites_the_reading_list(seeds: Cli) -> None:
    before = seeds.path.read_bytes()
    result = seeds("progress", "--svg", str(seeds.path))
    assert result.exit_code == UsageError.exit_code
    assert result.stderr.startswith(f"readlist: error: --svg {seeds.path} is the reading list")
    assert seeds.path.read_bytes() == before


# --- new ------------------------------------------------------------------------------------


def test_new_challenge(sample: Cli) -> None:
    result = sample.ok(
        "challenge",
        "new",
        "#30daysofDiffusion",
        "--days",
        "30",
        "--start",
        "2026-11-20",
        "--hashtag",
        "30daysofDiffusion",
    )
    assert "Started 30daysofDiffusion: 30 days, 2026-11-20 to 2026-12-19" in result.stdout
    assert sample.data()["challenges"] == [
        {
            "name": "30daysofDiffusion",
            "hashtag": "#30daysofDiffusion",
            "days": 30,
            "start": __import__("datetime").date(2026, 11, 20),
            "entries": [],
        }
    ]
    assert len(sample.papers()) == 3  # the papers are untouched
    data = progress_json(sample)
    assert data["today_day"] == 2 and data["to_catch_up"] == 1 and data["current_streak"] == 0


def test_new_challenge_starts_today_by_default(sample: Cli) -> None:
    sample.ok("challenge", "new", "weekly", "--days", "7")
    assert str(sample.data()["challenges"][0]["start"]) == "2026-11-21"


def test_duplicate_challenge_name_is_refused(seeds: Cli) -> None:
    assert_refused(
        seeds,
        ["challenge", "new", "30DAYSOFDIFFUSION"],
        DuplicateError.exit_code,
        "already exists",
    )
    assert_refused(
        seeds,
        ["challenge", "new", "other", "--hashtag", "#30daysofdiffusion"],
        DuplicateError.exit_code,
    )


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--days", "0"], "--days 0 is out of range"),
        (["--start", "someday"], "--start 'someday' is not a date"),
    ],
)
def test_new_challenge_bad_options(sample: Cli, args: list[str], phrase: str) -> None:
    assert_refused(sample, ["challenge", "new", "x", *args], UsageError.exit_code, phrase)


# --- plan -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_plan_papers_on_the_next_open_days(seeds: Cli) -> None:
    result = seeds.ok("challenge", "plan", "30daysofdiffusion", "2303.11717", "pali")
    assert "Day  16: 2303.11717" in result.stdout and "Day  17: pali" in result.stdout
    entries = seeds.data()["challenges"][0]["entries"]
    assert entries[-2:] == [{"day": 16, "paper": "2303.11717"}, {"day": 17, "paper": "pali"}]
    data = progress_json(seeds)
    assert data["done"] == 10  # planning marks nothing as read
    assert data["next"] == {"day": 16, "paper": "2303.11717", "title": data["entries"][15]["title"]}
    assert data["entries"][15]["status"] == "missed"  # 2023-01-17 is long past


def test_plan_from_a_day_fills_the_gaps_and_skips_planned_days(seeds: Cli) -> None:
    seeds.ok(
        "challenge",
        "plan",
        "30daysofDiffusion",
        "--from-day",
        "5",
        "2303.11717",
        "pali",
        "2306.00971",
    )
    days = {e["day"]: e["paper"] for e in seeds.data()["challenges"][0]["entries"]}
    assert (days[5], days[6], days[16]) == ("2303.11717", "pali", "2306.00971")


def test_plan_by_tag_follows_the_list_order(seeds: Cli) -> None:
    result = seeds.ok("challenge", "plan", "30daysofDiffusion", "--tag", "AIGC")
    assert "Planned 3 day(s)" in result.stdout
    days = {e["day"]: e["paper"] for e in seeds.data()["challenges"][0]["entries"]}
    assert [days[n] for n in (16, 17, 18)] == ["2306.00971", "2305.16311", "pali"]
    # again: the papers already in the challenge are passed over, nothing changes
    before = seeds.path.read_bytes()
    again = seeds.ok("challenge", "plan", "30daysofDiffusion", "--tag", "AIGC")
    assert "Nothing planned in 30daysofDiffusion: they are all in it already." in again.stdout
    assert seeds.path.read_bytes() == before


def test_plan_by_source(seeds: Cli) -> None:
    seeds.ok("challenge", "plan", "30daysofDiffusion", "--source", "aigc-paper-list")
    entries = seeds.data()["challenges"][0]["entries"]
    assert [e["day"] for e in entries[-4:]] == [16, 17, 18, 19]


def test_plan_by_tag_counts_papers_that_do_not_fit(cli: Cli) -> None:
    papers = [{"id": f"p{n}", "title": f"Paper number {n}", "tags": ["t"]} for n in range(5)]
    write_list(cli.path, papers, [{"name": "short", "days": 3, "start": "2026-11-21"}])
    result = cli.ok("challenge", "plan", "short", "--tag", "t")
    assert "Planned 3 day(s)" in result.stdout
    assert "2 more paper(s) did not fit" in result.stdout
    again = cli.ok("challenge", "plan", "short", "--tag", "t")
    assert "Nothing planned in short: it has no open day left." in again.stdout


def test_plan_refuses_a_paper_already_on_another_day(seeds: Cli) -> None:
    assert_refused(
        seeds,
        ["challenge", "plan", "30daysofDiffusion", "pali", "2210.03142"],
        ChallengeError.exit_code,
        "already on day 14",
    )
    assert_refused(
        seeds,
        ["challenge", "plan", "30daysofDiffusion", "pali", "pali"],
        ChallengeError.exit_code,
        "given twice",
    )


def test_plan_refuses_more_papers_than_open_days(cli: Cli) -> None:
    papers = [{"id": f"p{n}", "title": f"Paper number {n}"} for n in range(3)]
    write_list(cli.path, papers, [{"name": "short", "days": 2, "start": "2026-11-21"}])
    assert_refused(
        cli, ["challenge", "plan", "short", "p0", "p1", "p2"], ChallengeError.exit_code, "2 open"
    )


@pytest.mark.parametrize(
    ("args", "code", "phrase"),
    [
        (["nope", "pali"], NotFoundError.exit_code, "no challenge named 'nope'"),
        (["30daysofDiffusion", "pali", "--from-day", "31"], ChallengeError.exit_code, "day 31"),
        (["30daysofDiffusion", "pali", "--from-day", "0"], ChallengeError.exit_code, "day 0"),
        (["30daysofDiffusion", "zzzz qqqq"], NotFoundError.exit_code, "'zzzz qqqq'"),
        (["30daysofDiffusion"], UsageError.exit_code, "--tag / --source"),
        (["30daysofDiffusion", "pali", "--tag", "x"], UsageError.exit_code, "not both"),
        (["30daysofDiffusion", "--tag", "nosuchtag"], NotFoundError.exit_code, "nosuchtag"),
    ],
)
def test_plan_bad_input(seeds: Cli, args: list[str], code: int, phrase: str) -> None:
    assert_refused(seeds, ["challenge", "plan", *args], code, phrase)


# --- log ------------------------------------------------------------------------------------


@pytest.fixture
def running(cli: Cli) -> Cli:
    """A 10-day challenge that started four days ago (today is day 5), three days planned."""
    papers = [
        {"id": name, "title": f"The {name} paper", "status": "todo", "tags": ["t"]}
        for name in ("alpha", "beta", "gamma", "delta")
    ]
    write_list(
        cli.path,
        papers,
        [
            {
                "name": "tenDays",
                "hashtag": "#10days",
                "days": 10,
                "start": "2026-11-17",
                "entries": [
                    {"day": 1, "paper": "alpha"},
                    {"day": 2, "paper": "beta"},
                    {"day": 4, "paper": "gamma"},
                ],
            }
        ],
    )
    return cli


def test_log_the_next_open_day_marks_its_paper_done_today(running: Cli) -> None:
    result = running.ok("challenge", "log", "tenDays")
    assert result.stdout.startswith("tenDays day 1 of 10 done on 2026-11-21: alpha")
    alpha = running.papers()["alpha"]
    assert alpha["status"] == "done" and str(alpha["finished"]) == "2026-11-21"
    result = running.ok("challenge", "log", "#10DAYS", "--date", "2026-11-18")
    assert "day 2 of 10 done on 2026-11-18: beta" in result.stdout
    data = progress_json(running, "tenDays")
    assert data["done"] == 2 and data["to_catch_up"] == 2  # days 3 and 4; day 5 is today
    assert data["current_streak"] == 1 and data["longest_streak"] == 1
    assert data["next"]["day"] == 3


def test_log_a_paper_on_a_day_with_nothing_planned(running: Cli) -> None:
    running.ok("challenge", "log", "tenDays", "delta", "--day", "3", "--date", "yesterday")
    assert {"day": 3, "paper": "delta"} in running.data()["challenges"][0]["entries"]
    assert str(running.papers()["delta"]["finished"]) == "2026-11-20"


def test_log_a_planned_paper_finds_its_day(running: Cli) -> None:
    result = running.ok("challenge", "log", "tenDays", "gamma")
    assert "day 4 of 10" in result.stdout


@pytest.mark.slow
def test_log_ahead_of_schedule(cli: Cli) -> None:
    papers = [{"id": f"p{n}", "title": f"Paper number {n}"} for n in range(1, 6)]
    write_list(cli.path, papers, [{"name": "week", "days": 7, "start": "2026-11-21"}])
    cli.ok("challenge", "plan", "week", "p1", "p2", "p3", "p4", "p5")
    for day in (1, 2, 3):
        assert (
            f"week day {day} of 7 done on 2026-11-21: p{day}"
            in cli.ok("challenge", "log", "week").stdout
        )
    data = progress_json(cli, "week")
    assert (data["done"], data["expected"], data["ahead"]) == (3, 1, 2)
    assert data["current_streak"] == 1  # three papers on one day: one day of streak
    assert data["next"]["day"] == 4 and data["next"]["paper"] == "p4"
    # 4 days left at 3 papers a day: ceil(4 / 3) = 2 more days
    assert data["projected_finish"] == "2026-11-23"
    out = cli.ok("progress", "week").stdout
    assert "Schedule:   2 days ahead" in out
    assert "Mon" in out and "Sat 3" in out  # 2026-11-21 is a Saturday: three papers


def test_log_another_paper_than_the_planned_one(running: Cli) -> None:
    result = running.ok("challenge", "log", "tenDays", "delta", "--day", "2")
    assert "beta was planned for that day" in result.stdout
    assert running.papers()["beta"]["status"] == "todo"
    assert {"day": 2, "paper": "delta"} in running.data()["challenges"][0]["entries"]


@pytest.mark.parametrize(
    ("args", "code", "phrase"),
    [
        (["nope"], NotFoundError.exit_code, "the challenges are: tenDays"),
        (["tenDays", "--day", "11"], ChallengeError.exit_code, "outside tenDays"),
        (["tenDays", "--day", "0"], ChallengeError.exit_code, "days 1 to 10"),
        (["tenDays", "--date", "2026-11-16"], ChallengeError.exit_code, "before tenDays started"),
        (["tenDays", "--date", "2026-11-22"], UsageError.exit_code, "in the future"),
        (["tenDays", "--date", "soon"], UsageError.exit_code, "--date 'soon' is not a date"),
        (["tenDays", "gamma", "--day", "5"], ChallengeError.exit_code, "already on day 4"),
        (["tenDays", "--day", "3"], ChallengeError.exit_code, "day 3 of tenDays has no paper"),
        (["tenDays", "nothing like it"], NotFoundError.exit_code, "no paper matches"),
    ],
)
def test_log_bad_input(running: Cli, args: list[str], code: int, phrase: str) -> None:
    assert_refused(running, ["challenge", "log", *args], code, phrase)


def test_log_a_day_that_is_done_already(running: Cli) -> None:
    running.ok("challenge", "log", "tenDays")
    assert_refused(
        running,
        ["challenge", "log", "tenDays", "--day", "1"],
        ChallengeError.exit_code,
        "done already",
    )


@pytest.mark.slow
def test_done_and_todo_on_a_paper_change_its_challenge_day(running: Cli) -> None:
    running.ok("done", "gamma", "--date", "2026-11-20")
    day4 = progress_json(running, "tenDays")["entries"][3]
    assert (day4["status"], day4["date"]) == ("done", "2026-11-20")
    # Un-doing a done day is said, and needs --move-day.
    assert_refused(
        running, ["todo", "gamma"], ChallengeError.exit_code, "moves day 4 of tenDays", "--move-day"
    )
    running.ok("todo", "gamma", "--move-day")
    assert progress_json(running, "tenDays")["entries"][3]["status"] == "missed"
    running.ok("start", "alpha")
    assert progress_json(running, "tenDays")["entries"][0]["status"] == "reading"


def test_removing_a_paper_frees_its_day(running: Cli) -> None:
    running.ok("rm", "gamma", "--yes")
    assert progress_json(running, "tenDays")["entries"][3]["status"] == "unrecorded"


# --- rm and list ----------------------------------------------------------------------------


def test_rm_asks_and_keeps_the_papers(seeds: Cli) -> None:
    before = seeds.path.read_bytes()
    refused = seeds("challenge", "rm", "30daysofDiffusion", input="n\n")
    assert refused.exit_code == 1 and "Nothing removed." in refused.stdout
    assert seeds.path.read_bytes() == before
    seeds.ok("challenge", "rm", "#30daysofdiffusion", input="y\n")
    assert seeds.data()["challenges"] == []
    assert seeds.papers()["2210.03142"]["status"] == "done"


@pytest.mark.slow
def test_rm_yes_and_unknown(seeds: Cli) -> None:
    assert_refused(seeds, ["challenge", "rm", "nope", "--yes"], NotFoundError.exit_code)
    result = seeds.ok("challenge", "rm", "30daysofDiffusion", "--yes")
    assert "Removed the challenge 30daysofDiffusion" in result.stdout
    assert "No challenges yet" in seeds.ok("challenge", "list").stdout


@pytest.mark.slow
def test_list_challenges(seeds: Cli) -> None:
    seeds.ok("challenge", "new", "weekly", "--days", "7")
    lines = seeds.ok("challenge", "list").stdout.splitlines()
    assert lines[0].split() == [
        "#30daysofDiffusion",
        "10/30",
        "days",
        "2023-01-02",
        "to",
        "2023-02-14",
        "finished",
        "over",
    ]
    assert lines[1].split()[:3] == ["weekly", "0/7", "days"]
    rows = json.loads(seeds.ok("challenge", "list", "--json").stdout)
    assert [r["name"] for r in rows] == ["30daysofDiffusion", "weekly"]


@pytest.mark.slow
def test_every_command_has_help_with_an_example(cli: Cli) -> None:
    for command in (
        ["challenge", "new"],
        ["challenge", "plan"],
        ["challenge", "log"],
        ["challenge", "rm"],
        ["challenge", "list"],
        ["progress"],
    ):
        out = cli.ok(*command, "--help").stdout
        assert "Example: readlist" in out, command
