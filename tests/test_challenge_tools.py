"""`challenge replan`, `challenge export --ics` (parsed back by the icalendar package) and
`challenge post` (read back by `readlist ingest`, 30 days round trip) through the CLI."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from readlist.errors import ChallengeError, UsageError
from tests.conftest import Cli, write_list
from tests.test_challenge_breaks import plain, seeded  # noqa: F401 - fixtures
from tests.test_challenge_cli import assert_refused, progress_json

# --- replan ---------------------------------------------------------------------------------


@pytest.fixture
def after_a_break(plain: Cli) -> Cli:  # noqa: F811
    """`plain` with a break from 2026-11-15, back on the 19th: days 4 and 5 (the 19th and
    20th) were missed, today (the 21st) is day 6, days 8 to 10 are open."""
    plain.ok("challenge", "pause", "ten", "--from", "2026-11-15")
    plain.ok("challenge", "resume", "ten", "--on", "2026-11-19")
    return plain


def test_replan_moves_the_missed_papers_onto_the_next_open_days(after_a_break: Cli) -> None:
    papers_before = after_a_break.papers()
    result = after_a_break.ok("challenge", "replan", "ten", "--yes")
    assert result.stdout.splitlines() == [
        "Before -> after (2 paper(s) of ten):",
        "  day   4 (2026-11-19) -> day   8 (2026-11-23)  Paper 4 (p4)",
        "  day   5 (2026-11-20) -> day   9 (2026-11-24)  Paper 5 (p5)",
        "Moved 2 paper(s) of ten to the next open days.",
    ]
    days = {e["day"]: e["paper"] for e in after_a_break.data()["challenges"][0]["entries"]}
    assert days == {1: "p1", 2: "p2", 3: "p3", 6: "p6", 7: "p7", 8: "p4", 9: "p5"}
    assert after_a_break.papers() == papers_before  # no paper changed
    data = progress_json(after_a_break, "ten")
    assert [data["entries"][n]["status"] for n in (3, 4, 7)] == ["unrecorded"] * 2 + ["planned"]
    again = after_a_break.ok("challenge", "replan", "ten", "--yes")
    assert "Nothing to replan in ten: no planned paper is left unread" in again.stdout


def test_replan_asks_first(after_a_break: Cli) -> None:
    before = after_a_break.path.read_bytes()
    refused = after_a_break("challenge", "replan", "ten", input="n\n")
    assert refused.exit_code == 1 and "Nothing moved." in refused.stdout
    assert "Move 2 paper(s)?" in refused.stdout
    assert after_a_break.path.read_bytes() == before
    after_a_break.ok("challenge", "replan", "ten", input="y\n")
    assert after_a_break.path.read_bytes() != before


def test_replan_a_finished_challenge(seeded: Cli) -> None:  # noqa: F811
    before = seeded.path.read_bytes()
    result = seeded.ok("challenge", "replan", "30daysofDiffusion", "--yes")
    assert result.stdout == "Nothing to replan in 30daysofDiffusion: its last day is past.\n"
    assert seeded.path.read_bytes() == before


def test_replan_unknown_challenge(plain: Cli) -> None:  # noqa: F811
    assert_refused(plain, ["challenge", "replan", "nope", "--yes"], 3, "no challenge named")


# --- export --ics ---------------------------------------------------------------------------


def events(path: Path) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_ics_export_is_a_calendar_with_one_event_a_day(seeded: Cli, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "plan.ics"
    result = seeded.ok("challenge", "export", "30daysofDiffusion", "--ics", str(target))
    assert (
        result.stdout
        == f"Wrote 30 day(s) of 30daysofDiffusion to {target}: add it to your calendar.\n"
    )
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    found = events(target)
    days = [e for e in found if "-day-" in str(e["UID"])]
    breaks = [e for e in found if "-break-" in str(e["UID"])]
    assert len(days) == 30 and len(breaks) == 1
    assert len({str(e["UID"]) for e in found}) == 31
    by_day = {int(str(e["UID"]).split("-day-")[1].split("@")[0]): e for e in days}
    fourteen = by_day[14]
    assert str(fourteen["SUMMARY"]) == (
        "Day 14 #30daysofDiffusion: On Distillation of Guided Diffusion Models (read)"
    )
    assert str(fourteen["URL"]) == "https://arxiv.org/abs/2210.03142"
    assert "https://arxiv.org/abs/2210.03142" in str(fourteen["DESCRIPTION"])
    assert fourteen.decoded("DTSTART") == date(2023, 1, 15)
    assert by_day[16].decoded("DTSTART") == date(2023, 1, 31)  # after the break
    assert "nothing planned yet" in str(by_day[16]["SUMMARY"])
    (pause,) = breaks
    assert pause.decoded("DTSTART") == date(2023, 1, 17)
    assert pause.decoded("DTEND") == date(2023, 1, 31)
    assert "break: 14 days off" in str(pause["SUMMARY"])


def test_ics_titles_with_commas_semicolons_and_unicode_round_trip(cli: Cli, tmp_path: Path) -> None:
    title = "Ünïcode, commas; semicolons \\ and a very long title " + "ε" * 60
    write_list(
        cli.path,
        [{"id": "x", "title": title, "arxiv": "2301.00001"}],
        [
            {
                "name": "c",
                "days": 3,
                "start": "2026-11-21",
                "entries": [{"day": 1, "paper": "x"}],
            }
        ],
    )
    target = tmp_path / "c.ics"
    cli.ok("challenge", "export", "c", "--ics", str(target))
    first = next(e for e in events(target) if str(e["UID"]) == "c-day-1@readlist")
    assert str(first["SUMMARY"]) == f"Day 1 #c: {title}"
    alarms = [c for c in first.walk() if c.name == "VALARM"]
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == timedelta(hours=9)
    cli.ok("challenge", "export", "c", "--ics", str(target), "--no-alarm")
    assert not [c for e in events(target) for c in e.walk() if c.name == "VALARM"]


@pytest.mark.slow
def test_ics_to_stdout_and_bad_targets(seeded: Cli, tmp_path: Path) -> None:  # noqa: F811
    out = seeded.ok("challenge", "export", "30daysofDiffusion", "--ics", "-").stdout
    assert out.startswith("BEGIN:VCALENDAR") and out.count("BEGIN:VEVENT") == 31
    assert_refused(
        seeded,
        ["challenge", "export", "30daysofDiffusion", "--ics", str(tmp_path)],
        UsageError.exit_code,
        "is a folder",
    )
    assert_refused(
        seeded,
        ["challenge", "export", "30daysofDiffusion", "--ics", str(seeded.path)],
        UsageError.exit_code,
        "is the reading list",
    )
    result = seeded("challenge", "export", "30daysofDiffusion")
    assert result.exit_code == 2 and "--ics" in result.stderr


# --- post -----------------------------------------------------------------------------------

TITLES = [
    "Denoising Diffusion Probabilistic Models",
    "Score-Based Generative Modeling through Stochastic Differential Equations",
    "High-Resolution Image Synthesis with Latent Diffusion Models",
    "Classifier-Free Diffusion Guidance",
    "Hierarchical Text-Conditional Image Generation with CLIP Latents",
    "Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding",
]


@pytest.fixture
def month(cli: Cli) -> Cli:
    """A 30-day challenge read every day, each paper with a note (some long)."""
    papers = []
    for day in range(1, 31):
        note = f"Day {day}'s idea, in short: it adds noise, then learns to remove it"
        if day % 3 == 0:
            note += ", step by step; and the samples are sharp, diverse and cheap " * 4
        papers.append(
            {
                "id": f"2301.{day:05d}",
                "title": f"{TITLES[day % len(TITLES)]} (part {day})",
                "arxiv": f"2301.{day:05d}",
                "status": "done",
                "finished": (date(2026, 10, 1) + timedelta(days=day - 1)).isoformat(),
                "notes": note,
            }
        )
    entries = [{"day": day, "paper": f"2301.{day:05d}"} for day in range(1, 31)]
    challenge = {
        "name": "30daysofDiffusion",
        "hashtag": "#30daysofDiffusion",
        "days": 30,
        "start": "2026-10-01",
        "entries": entries,
    }
    write_list(cli.path, papers, [challenge])
    return cli


def test_post_drafts_the_day_in_the_threads_shape(month: Cli) -> None:
    result = month.ok("challenge", "post", "30daysofDiffusion", "--day", "2")
    assert result.stdout == (
        "Day 2 #30daysofDiffusion\n\n"
        "High-Resolution Image Synthesis with Latent Diffusion Models (part 2)\n\n"
        "Day 2's idea, in short: it adds noise, then learns to remove it\n\n"
        "Paper: https://arxiv.org/abs/2301.00002\n"
    )
    assert result.stderr == f"({len(result.stdout) - 1} of 280 characters)\n"
    # without --day: the day read last
    assert month.ok("challenge", "post", "30daysofdiffusion").stdout.startswith("Day 30 ")


def test_post_keeps_within_the_length(month: Cli) -> None:
    for length in (280, 200, 120, 100):
        text = month.ok(
            "challenge", "post", "30daysofDiffusion", "--day", "3", "--length", str(length)
        ).stdout
        assert len(text.rstrip("\n")) <= length
        assert text.startswith("Day 3 #30daysofDiffusion\n\n")
        assert text.rstrip("\n").endswith("Paper: https://arxiv.org/abs/2301.00003")
    short = month.ok(
        "challenge", "post", "30daysofDiffusion", "--day", "3", "--length", "100"
    ).stdout
    assert "…" in short and "Day 3's idea" not in short  # the note went first


@pytest.mark.parametrize(
    ("args", "code", "phrase"),
    [
        (["--day", "31"], ChallengeError.exit_code, "day 31 is outside"),
        (["--length", "40"], UsageError.exit_code, "--length 40 is too short"),
        (["--day", "0"], ChallengeError.exit_code, "day 0 is outside"),
    ],
)
def test_post_bad_input(month: Cli, args: list[str], code: int, phrase: str) -> None:
    assert_refused(month, ["challenge", "post", "30daysofDiffusion", *args], code, phrase)


def test_post_of_a_day_without_a_paper_or_before_any_read(plain: Cli) -> None:  # noqa: F811
    assert_refused(
        plain, ["challenge", "post", "ten", "--day", "9"], ChallengeError.exit_code, "no paper"
    )
    write_list(plain.path, [], [{"name": "fresh", "days": 3, "start": "2026-11-21"}])
    assert_refused(plain, ["challenge", "post", "fresh"], ChallengeError.exit_code, "--day N")


def test_post_attaches_the_progress_card(month: Cli, tmp_path: Path) -> None:
    card = tmp_path / "card.svg"
    result = month.ok("challenge", "post", "30daysofDiffusion", "--day", "5", "--svg", str(card))
    assert f"Saved the progress view to {card}" in result.stderr
    svg = card.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "30daysofDiffusion" in svg


@pytest.mark.slow
@pytest.mark.parametrize("newest_first", [False, True])
def test_thirty_posts_ingest_back_to_the_same_days(
    month: Cli, tmp_path: Path, newest_first: bool
) -> None:
    posts = [
        month.ok("challenge", "post", "30daysofDiffusion", "--day", str(day)).stdout
        for day in range(1, 31)
    ]
    if newest_first:  # as a scraped thread lists them
        posts.reverse()
    thread = tmp_path / "my-thread.txt"
    thread.write_text("\n".join(posts), encoding="utf-8")
    planned = {e["day"]: e["paper"] for e in month.data()["challenges"][0]["entries"]}
    titles = {p["id"]: p["title"] for p in month.data()["papers"]}

    fresh = Cli(tmp_path / "fresh.yaml")
    report = fresh.ok("ingest", str(thread))
    assert "Challenge 30daysofDiffusion (new, 30 days): days 1-30 planned" in report.stdout
    (challenge,) = fresh.data()["challenges"]
    assert {e["day"]: e["paper"] for e in challenge["entries"]} == planned
    papers = fresh.papers()
    assert {pid: p["title"] for pid, p in papers.items()} == titles  # no note taken as a title
    assert all("abstract" not in p for p in papers.values())  # nor as an abstract
    assert all(p["status"] == "done" for p in papers.values())

    before = month.path.read_bytes()
    again = month.ok("ingest", str(thread))
    assert "Challenge 30daysofDiffusion: no new days" in again.stdout
    assert "30 unchanged" in again.stdout or "merged" in again.stdout
    data = month.data()
    assert {e["day"]: e["paper"] for e in data["challenges"][0]["entries"]} == planned
    assert before.count(b"status: done") == month.path.read_bytes().count(b"status: done")
