"""`readlist next`: the queue in the documented order (readlist/suggest.py), with reasons."""

from __future__ import annotations

from typing import Any

import pytest

from readlist.errors import NotFoundError
from tests.conftest import Cli, write_list


def paper(paper_id: str, status: str = "todo", **fields: Any) -> dict[str, Any]:
    return {"id": paper_id, "title": f"Paper {paper_id}", "status": status,
            "added": "2026-11-01", **fields}  # fmt: skip


def queue(cli: Cli) -> None:
    write_list(
        cli.path,
        [
            paper("d1", "done", finished="2026-11-18", tags=["diffusion"]),
            paper("d2", "done", finished="2026-11-05", tags=["diffusion", "theory"]),
            paper("d3", "done", finished="2026-11-06", tags=["vision"]),
            paper("old", published="2019-01-01", added="2026-10-01"),
            paper("reading", "reading", started="2026-11-10"),
            paper("new", published="2026-05-22", tags=["diffusion/sampling"]),
            paper("planned", tags=["vision"]),
            paper("skipped", "skipped", tags=["diffusion"]),
        ],
        challenges=[
            {
                "name": "c",
                "days": 10,
                "start": "2026-11-18",
                "entries": [{"day": 1, "paper": "d1"}, {"day": 2, "paper": "planned"}],
            }
        ],
    )


def test_next_orders_the_queue_and_says_why(cli: Cli) -> None:
    queue(cli)
    before = cli.path.read_bytes()
    lines = cli.ok("next").stdout.splitlines()
    assert lines == [
        "1. planned  Paper planned",
        "   plan: day 2 of c, planned for 2026-11-19 (overdue); tagged vision, like 1 of your "
        "3 read",
        "2. new  Paper new",
        "   26.7: published 2026-05-22; tagged diffusion, like 2 of your 3 read",
        "3. reading  Paper reading",
        "   25: you are reading it since 2026-11-10",
        "4. old  Paper old",
        "   0: in the queue (no citations, date or tags to go by)",
    ]
    assert cli.path.read_bytes() == before


@pytest.mark.slow
def test_next_by_tag_and_limit(cli: Cli) -> None:
    queue(cli)
    assert cli.ok("next", "-n", "1").stdout.splitlines()[0] == "1. planned  Paper planned"
    tagged = cli.ok("next", "--tag", "diffusion").stdout.splitlines()
    assert tagged[0] == "1. new  Paper new" and len(tagged) == 2
    missing = cli("next", "--tag", "robotics")
    assert missing.exit_code == NotFoundError.exit_code
    assert "no paper to read is tagged 'robotics'" in missing.stderr
    bad = cli("next", "-n", "0")
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr


def test_next_with_an_empty_queue(cli: Cli) -> None:
    write_list(cli.path, [paper("d1", "done", finished="2026-11-18")])
    assert "Nothing to read" in cli.ok("next").stdout


def test_citations_count_on_a_log_scale(cli: Cli) -> None:
    write_list(
        cli.path,
        [
            paper("few", citations=9, published="2019-01-01"),
            paper("many", citations=999, influential_citations=50),
            paper("huge", citations=10**6),
        ],
    )
    lines = cli.ok("next").stdout.splitlines()
    assert lines[0:2] == ["1. huge  Paper huge", "   40: 1000000 citations"]  # at most 40
    assert lines[2:4] == ["2. many  Paper many", "   30: 999 citations"]
    assert lines[4:6] == ["3. few  Paper few", "   10: 9 citations"]
