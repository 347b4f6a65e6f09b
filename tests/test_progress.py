"""The challenge arithmetic on hand-made plans: gaps, two papers on one day, logging ahead,
challenges not started or over, unknown dates; and the list overview."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readlist.models import Challenge, ChallengeEntry, Paper, Status
from readlist.progress import (
    DayStatus,
    Period,
    Phase,
    challenge_progress,
    list_overview,
    next_open_day,
    overview_of,
    streaks,
)

START = date(2023, 1, 2)  # a Monday


def day(n: int) -> date:
    return START + timedelta(days=n - 1)


def plan(
    days: int, entries: dict[int, tuple[Status, date | None]], start: date | None = START
) -> tuple[Challenge, dict[str, Paper]]:
    """A challenge with one paper per entry: {day: (status, finished)}."""
    challenge = Challenge("test", days=days, start=start)
    papers: dict[str, Paper] = {}
    for number, (status, finished) in sorted(entries.items()):
        paper_id = f"p{number}"
        challenge.entries.append(ChallengeEntry(number, paper_id))
        papers[paper_id] = Paper(
            id=paper_id, title=f"Paper {number}", status=status, finished=finished
        )
    return challenge, papers


DONE = Status.DONE


def test_gaps_are_unrecorded_and_never_counted() -> None:
    challenge, papers = plan(10, {1: (DONE, day(1)), 7: (DONE, day(7)), 8: (Status.TODO, None)})
    facts = challenge_progress(challenge, papers, today=day(9))
    statuses = [e.status for e in facts.entries]
    assert statuses[1:6] == [DayStatus.UNRECORDED] * 5
    assert all(e.paper is None and e.title is None for e in facts.entries[1:6])
    assert statuses[7] == DayStatus.MISSED  # day 8's paper is not done and day 8 is past
    assert statuses[8] == DayStatus.TODAY  # day 9 has nothing planned, and it is today
    assert statuses[9] == DayStatus.OPEN
    assert facts.done == 2
    assert facts.planned == 3
    assert facts.percent == 20.0
    assert (facts.current_streak, facts.longest_streak) == (0, 1)
    assert facts.expected == 9 and facts.to_catch_up == 6  # today's day is not late yet
    assert (facts.catch_up_days, facts.catch_up_rate) == (6, 2)
    # the challenge continues after the last done day, not in the gaps before it
    assert (facts.next_day, facts.next_paper) == (8, "p8")


def test_two_papers_the_same_day_count_twice_for_done_once_for_the_streak() -> None:
    same = day(2)
    challenge, papers = plan(
        5, {1: (DONE, day(1)), 2: (DONE, same), 3: (DONE, same), 4: (DONE, day(3))}
    )
    facts = challenge_progress(challenge, papers, today=day(3))
    assert facts.done == 4
    assert facts.done_on == {day(1): 1, same: 2, day(3): 1}
    assert (facts.current_streak, facts.longest_streak) == (3, 3)
    assert facts.expected == 3
    assert facts.to_catch_up == 0 and facts.ahead == 1
    assert facts.per_day is not None and abs(facts.per_day - 4 / 3) < 1e-9
    # 1 day left at 4 papers in 3 days: ceil(1 * 3 / 4) = 1 day from today
    assert facts.projected_finish == day(4)
    assert facts.next_day == 5 and facts.next_paper is None


def test_logging_ahead_of_schedule() -> None:
    challenge, papers = plan(30, {n: (DONE, day(1) if n <= 3 else day(2)) for n in range(1, 7)})
    facts = challenge_progress(challenge, papers, today=day(2))
    assert facts.done == 6
    assert facts.entries[5].date == day(2)  # done on its real date, not its scheduled one
    assert facts.entries[5].scheduled == day(6)
    assert facts.expected == 2 and facts.ahead == 4 and facts.to_catch_up == 0
    assert facts.phase is Phase.RUNNING and facts.today_day == 2
    # 24 days left at 6 papers in 2 days: 8 more days
    assert facts.projected_finish == day(2) + timedelta(days=8)
    assert facts.next_day == 7


def test_a_challenge_that_has_not_started() -> None:
    challenge, papers = plan(30, {1: (Status.TODO, None), 2: (Status.READING, None)})
    today = START - timedelta(days=3)
    facts = challenge_progress(challenge, papers, today=today)
    assert facts.phase is Phase.UPCOMING
    assert facts.today_day is None
    assert (facts.elapsed, facts.expected, facts.to_catch_up, facts.done) == (0, 0, 0, 0)
    assert facts.per_day is None
    assert facts.projected_finish == day(30)  # the plan itself: nothing to extrapolate
    assert [e.status for e in facts.entries[:3]] == [
        DayStatus.PLANNED,
        DayStatus.READING,
        DayStatus.OPEN,
    ]
    assert (facts.current_streak, facts.longest_streak) == (0, 0)
    assert facts.next_day == 1 and facts.next_paper == "p1"


def test_a_challenge_whose_last_day_is_past_is_finished() -> None:
    challenge, papers = plan(
        10, {1: (DONE, day(1)), 2: (DONE, day(2)), 3: (Status.TODO, None), 4: (DONE, day(4))}
    )
    today = day(10) + timedelta(days=100)
    facts = challenge_progress(challenge, papers, today=today)
    assert facts.phase is Phase.FINISHED and facts.finished
    assert facts.today_day is None
    assert facts.elapsed == 10 and facts.expected == 10
    assert facts.to_catch_up == 0 and facts.catch_up_days is None  # nothing to catch up now
    assert facts.per_day == 0.3
    assert facts.entries[2].status is DayStatus.MISSED
    assert facts.entries[9].status is DayStatus.UNRECORDED
    assert (facts.current_streak, facts.longest_streak) == (0, 2)
    assert facts.projected_finish is None  # never a finish date for a finished challenge
    assert facts.next_day == 5


def test_a_complete_challenge_finishes_on_its_last_done_date() -> None:
    challenge, papers = plan(3, {1: (DONE, day(1)), 2: (DONE, day(5)), 3: (DONE, day(4))})
    facts = challenge_progress(challenge, papers, today=day(20))
    assert facts.phase is Phase.COMPLETE
    assert facts.completed_on == day(5) and facts.projected_finish is None
    assert facts.next_day is None and facts.next_paper is None
    assert facts.to_catch_up == 0 and facts.percent == 100.0


def test_unknown_dates_are_estimated_on_schedule_and_marked() -> None:
    challenge, papers = plan(10, {1: (DONE, day(1)), 2: (DONE, None), 3: (DONE, None)})
    facts = challenge_progress(challenge, papers, today=day(3))
    second, third = facts.entries[1], facts.entries[2]
    assert (second.date, second.date_estimated) == (day(2), True)
    assert (third.date, third.date_estimated) == (day(3), True)
    assert facts.entries[0].date_estimated is False
    assert facts.estimated_dates == {day(2), day(3)}
    assert facts.estimated == 2
    assert (facts.current_streak, facts.longest_streak) == (3, 3)
    assert facts.to_json()["entries"][1]["date_estimated"] is True


def test_an_estimate_is_never_after_today() -> None:
    # A paper planned for day 8 was marked done (no date) on day 3: it was done by today.
    challenge, papers = plan(10, {8: (DONE, None)})
    facts = challenge_progress(challenge, papers, today=day(3))
    assert facts.entries[7].date == day(3)
    assert facts.entries[7].date_estimated is True
    assert facts.current_streak == 1


def test_the_seed_challenge_shape() -> None:
    """Day 1 on the start date, days 2-6 unrecorded, 7-15 done without dates."""
    entries: dict[int, tuple[Status, date | None]] = {1: (DONE, START)}
    entries.update(dict.fromkeys(range(7, 16), (DONE, None)))
    challenge, papers = plan(30, entries)

    long_after = challenge_progress(challenge, papers, today=date(2026, 11, 21))
    assert long_after.done == 10 and long_after.percent == 33.3
    assert (long_after.current_streak, long_after.longest_streak) == (0, 9)
    assert long_after.phase is Phase.FINISHED
    assert long_after.expected == 30 and long_after.to_catch_up == 0
    assert long_after.per_day is not None and round(long_after.per_day, 2) == 0.33
    assert long_after.projected_finish is None
    assert long_after.next_day == 16
    assert [e.status for e in long_after.entries[1:6]] == [DayStatus.UNRECORDED] * 5

    on_day_15 = challenge_progress(challenge, papers, today=day(15))
    assert (on_day_15.current_streak, on_day_15.longest_streak) == (9, 9)
    assert on_day_15.to_catch_up == 4  # days 2 to 6 and day 15, read that day


def test_a_planned_paper_missing_from_the_list_is_not_done() -> None:
    challenge, papers = plan(5, {1: (DONE, day(1))})
    challenge.entries.append(ChallengeEntry(2, "gone"))
    facts = challenge_progress(challenge, papers, today=day(3))
    assert facts.entries[1].status is DayStatus.MISSING
    assert facts.done == 1


def test_a_challenge_without_a_start_begins_at_its_first_done_date() -> None:
    challenge, papers = plan(5, {2: (DONE, date(2024, 3, 5))}, start=None)
    facts = challenge_progress(challenge, papers, today=date(2024, 3, 6))
    assert facts.start == date(2024, 3, 5)


def test_streaks() -> None:
    today = date(2024, 5, 10)
    days = [
        Period(today - timedelta(days=n), today - timedelta(days=n), 1) for n in range(3, -3, -1)
    ]

    def reads(*dates: date) -> dict[date, int]:
        return dict.fromkeys(dates, 1)

    run = [today - timedelta(days=n) for n in range(1, 4)]  # 7, 8, 9 May
    assert streaks(days, reads(*run), today) == (3, 3, [])  # today is not over yet
    assert streaks(days, reads(*run, today), today) == (4, 4, [])
    assert streaks(days, reads(*run[1:]), today) == (0, 2, [])
    assert streaks(days, {}, today) == (0, 0, [])
    # a freeze covers the missed 9 May: the run goes on (the frozen day does not count)
    assert streaks(days, reads(*run[1:]), today, freezes=1) == (2, 2, [run[0]])
    # a day with nothing due (a rest day, a break) neither counts nor breaks the run
    rest = [Period(p.first, p.last, 0 if p.first == run[0] else 1) for p in days]
    assert streaks(rest, reads(*run[1:]), today) == (2, 2, [])


def test_next_open_day_fills_gaps_once_the_last_day_is_done() -> None:
    challenge, papers = plan(4, {1: (DONE, day(1)), 4: (DONE, day(4))})
    assert next_open_day(challenge, papers) == 2
    challenge, papers = plan(2, {1: (DONE, day(1)), 2: (DONE, day(2))})
    assert next_open_day(challenge, papers) is None
    challenge, papers = plan(3, {})
    assert next_open_day(challenge, papers) == 1


@pytest.mark.slow
@given(
    days=st.integers(1, 40),
    marks=st.dictionaries(
        st.integers(1, 40),
        st.tuples(st.sampled_from(list(Status)), st.none() | st.integers(-5, 60)),
    ),
    today_offset=st.integers(-10, 80),
)
def test_facts_hold_together_for_any_plan(
    days: int, marks: dict[int, tuple[Status, int | None]], today_offset: int
) -> None:
    entries = {
        n: (status, None if offset is None else START + timedelta(days=offset))
        for n, (status, offset) in marks.items()
        if n <= days
    }
    challenge, papers = plan(days, entries)
    today = START + timedelta(days=today_offset)
    facts = challenge_progress(challenge, papers, today)
    assert len(facts.entries) == days
    assert facts.done == sum(1 for s, _ in entries.values() if s is Status.DONE)
    assert sum(facts.done_on.values()) == facts.done
    assert 0 <= facts.current_streak <= facts.longest_streak <= len(facts.done_on)
    assert 0 <= facts.expected <= days
    assert facts.ahead == max(0, facts.done - facts.expected)
    assert all(e.status is DayStatus.DONE for e in facts.entries if e.date_estimated)
    assert all(e.date <= today for e in facts.entries if e.date_estimated)
    gaps = [e for e in facts.entries if e.paper is None]
    assert all(e.status is not DayStatus.DONE for e in gaps)
    if facts.next_day is not None:
        assert facts.entries[facts.next_day - 1].status is not DayStatus.DONE


def test_overview_counts_by_status_and_tag() -> None:
    papers = [
        Paper(id="a", status=Status.DONE, tags=["diffusion", "AIGC/CV"]),
        Paper(id="b", status=Status.TODO, tags=["diffusion"]),
        Paper(id="c", status=Status.TODO, tags=["diffusion", "diffusion"]),
        Paper(id="d", status=Status.READING),
    ]
    overview = overview_of(papers)
    assert overview.total == 4
    assert overview.by_status == {"todo": 2, "reading": 1, "done": 1, "skipped": 0}
    assert [(t.tag, t.total, t.done) for t in overview.by_tag] == [
        ("diffusion", 3, 1),
        ("AIGC/CV", 1, 1),
    ]
    assert overview.untagged == 1
    assert overview.to_json()["by_tag"][0] == {"tag": "diffusion", "papers": 3, "done": 1}


def test_overview_of_an_empty_list() -> None:
    overview = list_overview({}, {})
    assert overview.total == 0
    assert overview.by_status == {"todo": 0, "reading": 0, "done": 0, "skipped": 0}
    assert overview.by_tag == []
