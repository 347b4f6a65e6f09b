"""Golden files for the challenge views: `readlist progress`, `challenge list`, `challenge post`
and `challenge export --ics` on the embedded list (the seeds) at moments of its challenge, and on
a weekly goal with rest days and a freeze. After a deliberate change, regenerate them with

    READLIST_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_progress_golden.py

and review the diff before committing.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import FIXTURES, ROOT, Cli, write_list
from tests.helpers.golden import match_golden

GOLDEN = FIXTURES / "progress"
DEFAULT_LIST = ROOT / "data" / "readlist.yaml"
NAME = "30daysofDiffusion"

# (golden file, today, commands run first, the command whose output is compared)
SEED_VIEWS = [
    ("seeds-finished.txt", "2026-11-30", [], ["progress", NAME]),
    ("seeds-overview.txt", "2026-11-30", [], ["progress"]),
    ("seeds-list.txt", "2026-11-30", [], ["challenge", "list"]),
    ("seeds-day-15.txt", "2023-01-16", [], ["progress", NAME]),
    ("seeds-on-the-break.txt", "2023-01-20", [], ["progress", NAME]),
    ("seeds-back-from-the-break.txt", "2023-02-02", [], ["progress", NAME]),
    (
        "seeds-paused-and-resumed.txt",
        "2026-11-30",
        [
            ["challenge", "pause", NAME, "--from", "2023-01-16"],
            ["challenge", "resume", NAME, "--on", "2023-02-01"],
        ],
        ["progress", NAME],
    ),
    ("seeds-post-day-14.txt", "2026-11-30", [], ["challenge", "post", NAME, "--day", "14"]),
    ("seeds.ics", "2026-11-30", [], ["challenge", "export", NAME, "--ics", "-"]),
]


def check(produced: bytes, name: str) -> None:
    match_golden(produced, GOLDEN / name, ROOT)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "today", "before", "command"), SEED_VIEWS, ids=[v[0] for v in SEED_VIEWS]
)
def test_seed_views_match_golden(
    cli: Cli, name: str, today: str, before: list[list[str]], command: list[str]
) -> None:
    shutil.copyfile(DEFAULT_LIST, cli.path)
    env = {"READLIST_TODAY": today}
    for args in before:
        cli.ok(*args, env=env)
    check(cli.ok(*command, env=env).stdout_bytes, name)


def test_weekly_goal_view_matches_golden(cli: Cli) -> None:
    papers = [
        {"id": f"p{n}", "title": f"Paper number {n}", "status": "done", "finished": finished}
        for n, finished in ((1, "2026-11-02"), (2, "2026-11-04"), (3, "2026-11-10"))
    ]
    papers += [{"id": f"p{n}", "title": f"Paper number {n}"} for n in (4, 5, 6)]
    challenge = {
        "name": "twice-a-week",
        "per_week": 2,
        "weeks": 4,
        "start": "2026-11-02",
        "rest_days": ["sat", "sun"],
        "freezes": 1,
        "entries": [{"day": n, "paper": f"p{n}"} for n in range(1, 7)],
    }
    write_list(cli.path, papers, [challenge])
    check(cli.ok("progress", "twice-a-week").stdout_bytes, "weekly.txt")
