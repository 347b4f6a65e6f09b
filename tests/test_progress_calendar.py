"""The plan's calendar: breaks (pause and resume), rest days, freezes, weekly and by-date goals,
the gentle wording's numbers, and finished challenges; with property tests over any mix of
reads, breaks and rest days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readlist.models import Break, Challenge, ChallengeEntry, Paper, Status
from readlist.progress import DayStatus, Phase, challenge_progress

START = date(2023, 1, 2)  # a Monday
DONE = Status.DONE


def on(n: int) -> date:
    """The nth calendar day from the start (1 is the start)."""
    return START + timedelta(days=n - 1)


def challenge_with(
    days: int, reads: dict[int, date | None], **goal: object
) -> tuple[Challenge, dict[str, Paper]]:
    """A challenge whose papers `reads` are done: {day: finished date or None (no date)}."""
    challenge = Challenge("test", days=days, start=START, **goal)  # type: ignore[arg-type]
    papers = {}
    for number, finished in sorted(reads.items()):
        challenge.entries.append(ChallengeEntry(number, f"p{number}"))
        papers[f"p{number}"] = Paper(id=f"p{number}", status=DONE, finished=finished)
    return challenge, papers


def test_a_break_shifts_the_plan_and_is_neither_missed_nor_due() -> None:
    challenge, papers = challenge_with(10, {1: on(1), 2: on(2), 3: on(3)})
    challenge.breaks = [Break(on(4), on(11))]  # days 4..10 off, back on day 11
    facts = challenge_progress(challenge, papers, today=on(12))
    assert [e.scheduled for e in facts.entries[:5]] == [on(1), on(2), on(3), on(11), on(12)]
    assert facts.end == on(17)
    assert facts.phase is Phase.RUNNING and facts.today_day == 5
    assert facts.entries[3].status is DayStatus.UNRECORDED  # day 4, due on day 11: a gap
    assert facts.expected == 5 and facts.to_catch_up == 1  # only day 4 (yesterday) is late
    assert facts.elapsed == 5  # the pace counts reading days, not the break
    assert [(b.paused, b.resumed, b.days, b.after_day) for b in facts.breaks] == [
        (on(4), on(11), 7, 3)
    ]
    # the streak of days 1-3 is broken by day 4 (on day 11), not by the break
    assert (facts.current_streak, facts.longest_streak) == (0, 3)


def test_a_streak_survives_a_break() -> None:
    challenge, papers = challenge_with(10, {1: on(1), 2: on(2), 3: on(11), 4: on(12)})
    challenge.breaks = [Break(on(3), on(11))]
    facts = challenge_progress(challenge, papers, today=on(12))
    assert (facts.current_streak, facts.longest_streak) == (4, 4)
    assert facts.to_catch_up == 0


def test_while_paused_nothing_is_late_and_nothing_is_projected() -> None:
    challenge, papers = challenge_with(10, {1: on(1), 2: on(2)})
    challenge.breaks = [Break(on(3))]  # not resumed
    facts = challenge_progress(challenge, papers, today=on(20))
    assert facts.phase is Phase.PAUSED
    assert facts.projected_finish is None and facts.to_catch_up == 0
    assert facts.entries[2].scheduled == on(21)  # the plan goes on the day after today
    assert facts.entries[2].status is DayStatus.OPEN
    (span,) = facts.breaks
    assert (span.resumed, span.last, span.days) == (None, on(20), 18)
    assert facts.to_json()["breaks"][0]["resumed"] is None


def test_rest_days_hold_no_paper_and_keep_the_streak() -> None:
    # Monday start, weekends off: days 1-5 are Mon-Fri, day 6 is the next Monday.
    challenge, papers = challenge_with(10, {n: on(n) for n in range(1, 6)}, rest_days=[5, 6])
    papers["p6"] = Paper(id="p6", status=DONE, finished=on(8))
    challenge.entries.append(ChallengeEntry(6, "p6"))
    facts = challenge_progress(challenge, papers, today=on(8))
    assert facts.entries[5].scheduled == on(8)
    assert all(e.scheduled.weekday() < 5 for e in facts.entries)
    assert (facts.current_streak, facts.longest_streak) == (6, 6)
    assert facts.rest_on(on(6)) and not facts.rest_on(on(8))


def test_freezes_keep_the_streak_over_missed_days() -> None:
    reads = {1: on(1), 2: on(2), 4: on(4), 5: on(5)}
    challenge, papers = challenge_with(10, reads, freezes=1)
    facts = challenge_progress(challenge, papers, today=on(5))
    assert (facts.current_streak, facts.frozen, facts.freezes_left) == (4, (on(3),), 0)
    challenge.freezes = 0
    assert challenge_progress(challenge, papers, today=on(5)).current_streak == 2


def test_a_weekly_goal_counts_streaks_in_weeks() -> None:
    # 2 papers a week for 3 weeks; week 1 read twice, week 2 once, week 3 twice so far.
    reads = {1: on(2), 2: on(5), 3: on(9), 5: on(15), 6: on(16)}
    challenge, papers = challenge_with(6, reads, per_week=2)
    facts = challenge_progress(challenge, papers, today=on(17))
    assert facts.goal == "weekly" and facts.unit == "week"
    assert facts.end == on(21)
    assert [e.scheduled for e in facts.entries] == [on(1), on(4), on(8), on(11), on(15), on(18)]
    assert (facts.current_streak, facts.longest_streak) == (1, 1)  # week 2 fell short
    assert facts.expected == 5 and facts.done == 5 and facts.to_catch_up == 0
    assert facts.to_json()["streak_unit"] == "week"


def test_a_weekly_goal_catches_up_at_one_a_day() -> None:
    challenge, papers = challenge_with(12, {1: on(1)}, per_week=3)
    facts = challenge_progress(challenge, papers, today=on(10))
    # due before today: 3 in week 1 and 1 in week 2 (days 8-9); 1 read
    assert facts.to_catch_up == 3
    # at 1 a day against a plan of 3 a week, 4/7 of a paper is gained a day: 6 days
    assert (facts.catch_up_days, facts.catch_up_rate) == (6, 1)


def test_a_goal_by_a_date_spreads_the_papers_and_shifts_with_a_break() -> None:
    challenge, papers = challenge_with(5, {1: on(1)}, by=on(10))
    facts = challenge_progress(challenge, papers, today=on(1))
    assert facts.goal == "by_date" and facts.end == on(10)
    assert [e.scheduled for e in facts.entries] == [on(2), on(4), on(6), on(8), on(10)]
    challenge.breaks = [Break(on(3), on(6))]
    shifted = challenge_progress(challenge, papers, today=on(1))
    assert shifted.end == on(13)  # three days off: the deadline moves three days
    assert all(not on(3) <= e.scheduled < on(6) for e in shifted.entries)


def test_an_abandoned_challenge_stops_where_it_was_given_up() -> None:
    challenge, papers = challenge_with(10, {1: on(1), 2: on(2)})
    challenge.abandoned = on(4)
    facts = challenge_progress(challenge, papers, today=on(30))
    assert facts.phase is Phase.ABANDONED and facts.finished
    assert facts.projected_finish is None and facts.to_catch_up == 0
    assert facts.expected == 4 and facts.elapsed == 4
    assert [e.status for e in facts.entries[2:5]] == [
        DayStatus.UNRECORDED,  # day 3, before it was given up
        DayStatus.TODAY,  # day 4, the day it was given up
        DayStatus.OPEN,  # never due
    ]
    assert facts.to_json()["abandoned"] == on(4).isoformat()


def test_the_seed_thread_with_its_break() -> None:
    """Day 1 on the start, days 7-15 done without dates, then the break of the issue."""
    reads: dict[int, date | None] = {1: START, **dict.fromkeys(range(7, 16))}
    challenge, papers = challenge_with(30, reads)
    challenge.breaks = [Break(date(2023, 1, 16), date(2023, 2, 1))]
    facts = challenge_progress(challenge, papers, today=date(2026, 11, 30))
    assert facts.phase is Phase.FINISHED and facts.projected_finish is None
    assert [e.day for e in facts.entries if e.status is DayStatus.DONE] == [1, *range(7, 16)]
    assert facts.entries[13].scheduled == date(2023, 1, 15)
    assert facts.entries[14].scheduled == date(2023, 2, 1)  # day 15 falls after the break
    assert facts.end == date(2023, 2, 16)
    assert facts.to_catch_up == 0 and facts.done == 10
    (span,) = facts.breaks
    assert (span.days, span.after_day) == (16, 14)


weekday_sets = st.sets(st.integers(0, 6), max_size=6)


@st.composite
def breaks(draw: st.DrawFn) -> list[Break]:
    """Breaks in date order, apart from each other; the last may still be going on."""
    found: list[Break] = []
    cursor = draw(st.integers(-5, 30))
    for _ in range(draw(st.integers(0, 3))):
        paused = on(cursor)
        length = draw(st.integers(1, 20))
        found.append(Break(paused, on(cursor + length)))
        cursor += length + draw(st.integers(0, 10))
    if found and draw(st.booleans()):
        found[-1].resumed = None
    return found


@pytest.mark.slow
@given(
    days=st.integers(1, 30),
    goal=st.sampled_from(["daily", "weekly", "by_date"]),
    per_week=st.integers(1, 9),
    by_offset=st.integers(0, 60),
    rest=weekday_sets,
    freezes=st.integers(0, 3),
    pauses=breaks(),
    marks=st.dictionaries(
        st.integers(1, 30),
        st.tuples(st.sampled_from(list(Status)), st.none() | st.integers(-5, 120)),
    ),
    today_offset=st.integers(-10, 150),
    abandoned=st.none() | st.integers(0, 120),
)
def test_any_reads_breaks_and_rest_days_add_up(
    days: int,
    goal: str,
    per_week: int,
    by_offset: int,
    rest: set[int],
    freezes: int,
    pauses: list[Break],
    marks: dict[int, tuple[Status, int | None]],
    today_offset: int,
    abandoned: int | None,
) -> None:
    challenge = Challenge("any", days=days, start=START, rest_days=sorted(rest), freezes=freezes)
    challenge.breaks = pauses
    challenge.abandoned = None if abandoned is None else on(1 + abandoned)
    if goal == "weekly":
        challenge.per_week = per_week
        challenge.days = per_week * -(-days // per_week)
    elif goal == "by_date":
        challenge.by = on(1 + by_offset)
    papers = {}
    for number, (status, offset) in marks.items():
        if number <= challenge.days:
            finished = None if offset is None else on(1 + offset)
            challenge.entries.append(ChallengeEntry(number, f"p{number}"))
            papers[f"p{number}"] = Paper(id=f"p{number}", status=status, finished=finished)
    today = on(1 + today_offset)
    facts = challenge_progress(challenge, papers, today)

    # every planned day once, in date order, never on a day of a break
    assert len(facts.entries) == challenge.days
    scheduled = [e.scheduled for e in facts.entries]
    assert scheduled == sorted(scheduled) and scheduled[-1] <= facts.end
    assert not any(facts.paused_on(d) for d in scheduled)
    if goal != "weekly":
        assert not any(d.weekday() in rest for d in scheduled)
    # never double counted: one read per done paper, each on one date
    done_papers = sum(1 for p in papers.values() if p.status is DONE)
    assert facts.done == done_papers
    assert sum(facts.done_on.values()) == facts.done
    assert facts.expected + facts.ahead >= facts.done
    assert not (facts.to_catch_up and facts.ahead)
    # a gap is never shown as read
    assert all(e.status is not DayStatus.DONE for e in facts.entries if e.paper is None)
    assert all(e.date <= today for e in facts.entries if e.date_estimated)
    # streaks count periods with reads; freezes are never overspent
    assert 0 <= facts.current_streak <= facts.longest_streak
    if goal == "daily":
        assert facts.longest_streak <= len(facts.done_on)
    assert len(facts.frozen) <= freezes and facts.freezes_left >= 0
    # a finished, abandoned (or paused) challenge never projects a finish, nor asks to catch up
    if facts.phase in (Phase.FINISHED, Phase.COMPLETE, Phase.ABANDONED, Phase.PAUSED):
        assert facts.projected_finish is None
    if challenge.abandoned is not None and challenge.abandoned <= today:
        assert facts.phase in (Phase.ABANDONED, Phase.COMPLETE)
        assert not any(
            e.status is DayStatus.MISSED
            for e in facts.entries
            if e.scheduled >= challenge.abandoned
        )
    if facts.finished:
        assert facts.to_catch_up == 0 and facts.catch_up_days is None
    if facts.projected_finish is not None and facts.phase is Phase.RUNNING:
        assert facts.projected_finish > today and not facts.paused_on(facts.projected_finish)
    if facts.to_catch_up:
        assert facts.catch_up_days is not None and facts.catch_up_days >= 1
    for span in facts.breaks:
        assert span.days >= 1
        assert not any(span.paused <= d <= span.last for d in scheduled)
