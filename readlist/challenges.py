"""Reading challenges on a reading list: start, plan, log, remove, list, and the facts the
progress views show. Each operation takes a Library (a Transaction to change it) and returns
what it did; nothing here prints, prompts or exits.

A challenge day is done exactly when its paper is done, so logging a day marks the paper done
(with the date) and `readlist done`/`todo` on a paper changes its day with no extra step.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from readlist.dates import today as today_date
from readlist.errors import ChallengeError, DuplicateError, NotFoundError, UsageError
from readlist.models import (
    MAX_PLAN_DAYS,
    WEEKDAY_NAMES,
    Break,
    Challenge,
    ChallengeEntry,
    Paper,
    Status,
)
from readlist.progress import (
    ChallengeProgress,
    DayStatus,
    Overview,
    challenge_progress,
    challenge_start,
    is_done,
    list_overview,
    next_open_day,
    scheduled_end,
)
from readlist.views import Library, Transaction

MAX_DAYS = MAX_PLAN_DAYS


def clean_name(name: str) -> str:
    """A challenge name as stored: no leading '#', no surrounding spaces."""
    return name.strip().lstrip("#").strip()


def _known(library: Library) -> str:
    return ", ".join(c.name for c in library.challenges)


def find(library: Library, name: str) -> Challenge:
    """The challenge called `name` (case-insensitively, with or without '#', by name or
    hashtag). NotFoundError names the challenges there are."""
    found = library.challenge(clean_name(name))
    if found is not None:
        return found
    if not library.challenges:
        raise NotFoundError(
            f"no challenge named {name!r}: there are no challenges yet; start one with "
            f"`readlist challenge new {clean_name(name) or 'NAME'} --days 30`"
        )
    raise NotFoundError(
        f"no challenge named {name!r}; the challenges are: {_known(library)} "
        "(`readlist challenge list` shows them)"
    )


def _replace(txn: Transaction, changed: Challenge, old_name: str | None = None) -> None:
    """Store `changed` in place of the challenge named `old_name` (or `changed.name`)."""
    target = (old_name or changed.name).casefold()
    txn.set_challenges([changed if c.name.casefold() == target else c for c in txn.challenges])


def parse_rest_days(text: str) -> list[int]:
    """'sat,sun' (or 'weekends') as weekday numbers, Monday 0; 'none' is no rest day."""
    if text.strip().lower() == "none":
        return []
    days: set[int] = set()
    for word in text.replace(" ", ",").split(","):
        key = word.strip().lower()
        if not key:
            continue
        if key in ("weekend", "weekends"):
            days.update((5, 6))
        elif key[:3] in WEEKDAY_NAMES:
            days.add(WEEKDAY_NAMES.index(key[:3]))
        else:
            raise UsageError(
                f"--rest {text!r}: {word.strip()!r} is not a weekday; give names such as "
                "sat,sun (or weekends)"
            )
    if len(days) == len(WEEKDAY_NAMES):
        raise UsageError(f"--rest {text!r} rests every day: keep at least one day to read on")
    return sorted(days)


def new(
    txn: Transaction,
    name: str,
    *,
    days: int = 30,
    start: date | None = None,
    hashtag: str | None = None,
    per_week: int | None = None,
    by: date | None = None,
    rest_days: Sequence[int] = (),
    freezes: int = 0,
) -> Challenge:
    """Start a challenge from `start` (default today): one paper a day for `days` days, or
    `per_week` papers a week (`days` papers in all), or `days` papers `by` a date."""
    cleaned = clean_name(name)
    if not cleaned:
        raise UsageError("a challenge needs a name, such as 30daysofDiffusion")
    if not 1 <= days <= MAX_DAYS:
        what = "--papers" if by else "papers:" if per_week else "--days"
        raise UsageError(f"{what} {days} is out of range: give 1 to {MAX_DAYS}")
    if per_week is not None and not 1 <= per_week <= 70:
        raise UsageError(f"--per-week {per_week} is out of range: give 1 to 70 papers a week")
    if freezes < 0:
        raise UsageError(f"--freezes {freezes} is negative: give 0 or more")
    first = start or today_date()
    if by is not None and by < first:
        raise UsageError(f"--by {by.isoformat()} is before the start ({first.isoformat()})")
    if by is not None and (by - first).days >= MAX_DAYS:
        raise UsageError(f"--by {by.isoformat()} is more than ten years after the start")
    tag = hashtag.strip() if hashtag else None
    if tag is not None and not tag.lstrip("#"):
        raise UsageError("--hashtag is empty: give a tag such as #30daysofDiffusion")
    for candidate in (cleaned, tag.lstrip("#") if tag else None):
        if candidate and (existing := txn.challenge(candidate)) is not None:
            raise DuplicateError(
                f"a challenge named {existing.name!r} already exists; choose another name "
                f"(or remove it with `readlist challenge rm {existing.name}`)"
            )
    challenge = Challenge(
        name=cleaned,
        days=days,
        start=first,
        hashtag=f"#{tag.lstrip('#')}" if tag else None,
        per_week=per_week,
        by=by,
        rest_days=sorted(set(rest_days)),
        freezes=freezes,
    )
    txn.set_challenges([*txn.challenges, challenge])
    return challenge


def remove(txn: Transaction, name: str) -> Challenge:
    """Remove a challenge. Its papers stay in the list with their status."""
    challenge = find(txn, name)
    txn.set_challenges([c for c in txn.challenges if c is not challenge])
    return challenge


def _check_not_before_start(
    library: Library, challenge: Challenge, when: date, option: str
) -> None:
    papers = library.get_many([e.paper for e in challenge.entries])
    start = challenge_start(challenge, papers, today_date())
    if when < start:
        raise ChallengeError(
            f"{when.isoformat()} is before {challenge.name} started ({start.isoformat()}); "
            f"give {option} a date on or after the start"
        )


@dataclass
class PauseResult:
    challenge: Challenge
    pause: Break
    extended: Break | None = None  # the recorded break the pause now begins (as it was)


def pause(txn: Transaction, name: str, on: date | None = None) -> PauseResult:
    """Put a challenge on a break from `on` (default today) until it is resumed. A pause that
    begins before the end of the last recorded break restates that break: it now begins on
    `on` (or when it did, if earlier) and lasts until the challenge is resumed."""
    challenge = copy.deepcopy(find(txn, name))
    when = on or today_date()
    going_on = challenge.open_break
    if going_on is not None:
        raise ChallengeError(
            f"{challenge.name} is on a break since {going_on.paused.isoformat()}; resume it "
            f"first: `readlist challenge resume {challenge.name} --on YYYY-MM-DD`"
        )
    _check_not_before_start(txn, challenge, when, "--from")
    end = scheduled_end(challenge, today_date())
    if when > end:
        raise ChallengeError(
            f"{challenge.name} ended on {end.isoformat()}, before {when.isoformat()}: there is "
            "nothing left to pause"
        )
    breaks = challenge.breaks
    last = breaks[-1] if breaks else None
    extended = None
    if last is None or last.resumed is None or when >= last.resumed:
        pause_ = Break(when)
        breaks.append(pause_)
    else:
        before = breaks[-2] if len(breaks) > 1 else None
        if before is not None and before.resumed is not None and when < before.resumed:
            raise ChallengeError(
                f"{when.isoformat()} falls in {challenge.name}'s break from "
                f"{before.paused.isoformat()} to {before.resumed.isoformat()}; give a --from "
                "date after it (or edit the breaks in the YAML)"
            )
        extended = copy.deepcopy(last)
        last.paused = min(when, last.paused)
        last.resumed = None
        pause_ = last
    _replace(txn, challenge)
    return PauseResult(challenge, pause_, extended)


def configure(
    txn: Transaction,
    name: str,
    *,
    rest_days: Sequence[int] | None = None,
    freezes: int | None = None,
) -> Challenge:
    """Change a challenge's rest days and/or freezes; the days not read yet move with the new
    rest days (days read keep their dates)."""
    if rest_days is None and freezes is None:
        raise UsageError("say what to change: --rest DAYS (or none) and/or --freezes N")
    if freezes is not None and freezes < 0:
        raise UsageError(f"--freezes {freezes} is negative: give 0 or more")
    challenge = copy.deepcopy(find(txn, name))
    if rest_days is not None:
        challenge.rest_days = sorted(set(rest_days))
    if freezes is not None:
        challenge.freezes = freezes
    _replace(txn, challenge)
    return challenge


def abandon(
    txn: Transaction, name: str, on: date | None = None, *, undo: bool = False
) -> Challenge:
    """Give a challenge up on `on` (default today): nothing is due after it, nothing is
    projected, and it shows how much was read. `undo` takes it up again."""
    challenge = copy.deepcopy(find(txn, name))
    if undo:
        if challenge.abandoned is None:
            raise ChallengeError(f"{challenge.name} is not abandoned; nothing to undo")
        challenge.abandoned = None
    else:
        if challenge.abandoned is not None:
            raise ChallengeError(
                f"{challenge.name} was abandoned on {challenge.abandoned.isoformat()}; take it "
                f"up again with `readlist challenge abandon {challenge.name} --undo`"
            )
        when = on or today_date()
        _check_not_before_start(txn, challenge, when, "--on")
        challenge.abandoned = when
    _replace(txn, challenge)
    return challenge


def resume(txn: Transaction, name: str, on: date | None = None) -> Break | None:
    """End the break going on: `on` (default today) is the first day back. Resuming on the
    day the break began cancels it (None is returned)."""
    challenge = copy.deepcopy(find(txn, name))
    going_on = challenge.open_break
    if going_on is None:
        raise ChallengeError(
            f"{challenge.name} is not on a break; pause it with "
            f"`readlist challenge pause {challenge.name} --from YYYY-MM-DD`"
        )
    when = on or today_date()
    if when < going_on.paused:
        raise ChallengeError(
            f"{when.isoformat()} is before the break began ({going_on.paused.isoformat()}); "
            "give an --on date on or after it"
        )
    if when == going_on.paused:
        challenge.breaks.remove(going_on)
        _replace(txn, challenge)
        return None
    going_on.resumed = when
    _replace(txn, challenge)
    return going_on


def _check_day(challenge: Challenge, day: int) -> None:
    if not 1 <= day <= challenge.days:
        raise ChallengeError(
            f"day {day} is outside {challenge.name}, which has days 1 to {challenge.days}"
        )


def _check_not_elsewhere(challenge: Challenge, paper: Paper, day: int) -> None:
    entry = challenge.entry_for_paper(paper.id)
    if entry is not None and entry.day != day:
        raise ChallengeError(
            f"{paper.id} ({paper.display_title}) is already on day {entry.day} of "
            f"{challenge.name}; a paper can be on one day of a challenge only"
        )


@dataclass
class PlanResult:
    challenge: Challenge
    planned: list[tuple[int, Paper]]
    left_out: int = 0  # papers chosen by tag/source that found no open day


def plan(
    txn: Transaction,
    name: str,
    papers: Sequence[Paper],
    *,
    from_day: int | None = None,
    fill: bool = False,
) -> PlanResult:
    """Put `papers` on the challenge's open days (days with no paper), in order, from
    `from_day` (default: the day after the last planned day).

    With `fill` (papers chosen from the list by tag or source), papers already in the
    challenge or no longer to read are passed over, and those that do not fit are counted;
    otherwise each of them must fit, or nothing is planned.
    """
    challenge = copy.deepcopy(find(txn, name))
    if from_day is not None:
        _check_day(challenge, from_day)
        first = from_day
    else:
        first = max((e.day for e in challenge.entries), default=0) + 1
    taken = {e.day for e in challenge.entries}
    open_days = [d for d in range(first, challenge.days + 1) if d not in taken]

    chosen: list[Paper] = []
    seen: set[str] = set()
    for paper in papers:
        if fill:
            wanted = paper.status in (Status.TODO, Status.READING)
            if not wanted or paper.id in seen or challenge.entry_for_paper(paper.id):
                continue
        else:
            if paper.id in seen:
                raise ChallengeError(
                    f"{paper.id} ({paper.display_title}) is given twice; "
                    "a paper can be on one day of a challenge only"
                )
            _check_not_elsewhere(challenge, paper, day=0)
        seen.add(paper.id)
        chosen.append(paper)
    if not fill and len(chosen) > len(open_days):
        where = f"from day {first}" if first <= challenge.days else f"after day {first - 1}"
        raise ChallengeError(
            f"{challenge.name} has {len(open_days)} open day(s) {where} and "
            f"{len(chosen)} papers were given; plan fewer, or start earlier with --from-day"
        )
    planned = list(zip(open_days, chosen, strict=False))
    challenge.entries.extend(ChallengeEntry(day, paper.id) for day, paper in planned)
    challenge.entries.sort(key=lambda e: e.day)
    if planned:
        _replace(txn, challenge)
    return PlanResult(challenge, planned, left_out=len(chosen) - len(planned))


@dataclass
class LogResult:
    challenge: Challenge
    day: int
    paper: Paper
    on: date
    replaced: str | None = None  # the paper that was planned for the day, when another was read


def log(
    txn: Transaction,
    name: str,
    paper: Paper | None = None,
    *,
    day: int | None = None,
    on: date | None = None,
    move_day: bool = False,
) -> LogResult:
    """Record a day as read: its paper (the one given, else the one planned) is marked done on
    `on` (default today). The day defaults to the paper's day in the challenge, else the next
    open day."""
    from readlist import operations

    challenge = copy.deepcopy(find(txn, name))
    today = today_date()
    if on is not None:
        operations.check_not_future(on)
    if day is None and paper is not None and (entry := challenge.entry_for_paper(paper.id)):
        day = entry.day
    if day is None:
        papers = txn.get_many([e.paper for e in challenge.entries])
        day = next_open_day(challenge, papers)
        if day is None:
            raise ChallengeError(f"every day of {challenge.name} is done already; nothing to log")
    _check_day(challenge, day)

    entry = challenge.entry_for_day(day)
    planned = txn.get(entry.paper) if entry is not None else None
    if paper is None:
        if entry is None:
            raise ChallengeError(
                f"day {day} of {challenge.name} has no paper planned: say which paper you "
                f"read, e.g. `readlist challenge log {challenge.name} REF --day {day}`"
            )
        if planned is None:
            raise ChallengeError(
                f"day {day} of {challenge.name} names {entry.paper}, which is not in the list; "
                f"say which paper you read: `readlist challenge log {challenge.name} REF "
                f"--day {day}`"
            )
        paper = planned
    _check_not_elsewhere(challenge, paper, day)
    if is_done(planned) and planned is not None:
        when = planned.finished.isoformat() if planned.finished else "an unknown date"
        raise ChallengeError(
            f"day {day} of {challenge.name} is done already ({planned.id}, {when}); to change "
            f"its date: `readlist done {planned.id} --date YYYY-MM-DD`"
        )
    # A paper read before keeps its reading date, unless --date moves it (which asks for
    # --move-day when that date is another challenge's day).
    read_on = on or (paper.finished if is_done(paper) else None) or today
    _check_not_before_start(txn, challenge, read_on, "--date")
    replaced = entry.paper if entry is not None and entry.paper != paper.id else None
    if entry is None:
        challenge.entries.append(ChallengeEntry(day, paper.id))
        challenge.entries.sort(key=lambda e: e.day)
    else:
        entry.paper = paper.id
    marked = operations.set_status(txn, paper, Status.DONE, on, move_day=move_day).paper
    _replace(txn, challenge)
    return LogResult(challenge, day, marked, read_on, replaced)


@dataclass(frozen=True)
class Move:
    """One planned paper moved by a replan, from a day left behind to an open day ahead."""

    paper: str
    title: str
    old_day: int
    old_date: date
    new_day: int
    new_date: date


@dataclass
class ReplanResult:
    challenge: Challenge
    moves: list[Move]
    left_behind: int  # unread papers left behind that found no open day ahead
    first_day: int | None  # the first day still to come (None: the challenge is over)


def replan(
    library: Library, name: str, *, apply: bool = False, today: date | None = None
) -> ReplanResult:
    """Move the planned papers not read yet on days already past (missed, or started and not
    finished) onto the open days (no paper planned) from the next day to come, in order: the
    plan after a break. With `apply` (a Transaction) the moves are made; the papers keep their
    status."""
    when = today or today_date()
    challenge = copy.deepcopy(find(library, name))
    papers = library.get_many([e.paper for e in challenge.entries])
    facts = challenge_progress(challenge, papers, when)
    first = next((e.day for e in facts.entries if e.scheduled >= when), None)
    if first is None:
        return ReplanResult(challenge, [], 0, None)
    behind = [
        e
        for e in facts.entries
        if e.day < first and e.paper and e.status in (DayStatus.MISSED, DayStatus.READING)
    ]
    ahead = [e for e in facts.entries if e.day >= first and e.paper is None]
    moves = [
        Move(old.paper or "", old.title or "", old.day, old.scheduled, new.day, new.scheduled)
        for old, new in zip(behind, ahead, strict=False)
    ]
    if apply and moves:
        if not isinstance(library, Transaction):  # pragma: no cover - a caller's mistake
            raise TypeError("replan(apply=True) needs a Transaction")
        for move in moves:
            entry = challenge.entry_for_day(move.old_day)
            assert entry is not None
            entry.day = move.new_day
        challenge.entries.sort(key=lambda e: e.day)
        _replace(library, challenge)
    return ReplanResult(challenge, moves, len(behind) - len(moves), first)


def post_subject(
    library: Library, name: str, day: int | None = None
) -> tuple[ChallengeProgress, int, Paper]:
    """The challenge's facts, the day to post about and its paper: `day`, else the day read
    last (latest date, then highest day)."""
    facts = progress(library, name)
    if day is None:
        read = [e for e in facts.entries if e.status is DayStatus.DONE]
        if not read:
            raise ChallengeError(
                f"no day of {facts.name} is read yet: give the day to post about with --day N"
            )
        day = max(read, key=lambda e: (e.date, e.day)).day
    if not 1 <= day <= facts.days:
        raise ChallengeError(f"day {day} is outside {facts.name}, which has days 1 to {facts.days}")
    entry = facts.entries[day - 1]
    paper = library.get(entry.paper) if entry.paper else None
    if paper is None:
        raise ChallengeError(
            f"day {day} of {facts.name} has no paper to post about; plan one with "
            f"`readlist challenge plan {facts.name} REF --from-day {day}`"
        )
    return facts, day, paper


def progress(library: Library, name: str, today: date | None = None) -> ChallengeProgress:
    """The facts of one challenge."""
    challenge = find(library, name)
    papers = library.get_many([e.paper for e in challenge.entries])
    return challenge_progress(challenge, papers, today or today_date())


def all_progress(library: Library, today: date | None = None) -> list[ChallengeProgress]:
    """The facts of every challenge, in the file's order."""
    when = today or today_date()
    ids = [e.paper for c in library.challenges for e in c.entries]
    papers = library.get_many(ids)
    return [challenge_progress(c, papers, when) for c in library.challenges]


def overview(library: Library) -> Overview:
    """The whole list by status and by tag (from the index: fast on large lists)."""
    per_tag = library.tag_status_counts()
    untagged = sum(per_tag.pop("", {}).values())
    return list_overview(library.status_counts(), per_tag, untagged)


def papers_for_plan(
    library: Library, *, tag: str | None = None, source: str | None = None
) -> list[Paper]:
    """Papers to plan from the list's order: those with the tag (or a tag below it) and/or
    from the source, still to read."""
    if not tag and not source:
        raise UsageError("say which papers to plan: give REFs, or --tag / --source")
    papers = library.query(
        statuses=[str(Status.TODO), str(Status.READING)],
        tags=[tag] if tag else [],
        source=source,
        sort="file",
    )
    if not papers:
        what = " and ".join(
            part
            for part in (f"tag {tag!r}" if tag else "", f"source {source!r}" if source else "")
            if part
        )
        raise NotFoundError(
            f"no paper still to read has {what}; `readlist list` shows tags and sources"
        )
    return papers
