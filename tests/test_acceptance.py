"""The issues' acceptance paths end to end, on the user's own documents (seeds/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, Cli


def _ingest_seeds(cli: Cli, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    result = cli.ok("ingest", str(seeds))
    assert "87 new, 2 merged" in result.stdout


@pytest.mark.slow
def test_seeds_give_the_30daysofdiffusion_progress(cli: Cli, tmp_path: Path) -> None:
    _ingest_seeds(cli, tmp_path)
    facts = json.loads(cli.ok("progress", "30daysofDiffusion", "--json").stdout)
    assert facts["name"] == "30daysofDiffusion" and facts["days"] == 30
    assert facts["start"] == "2023-01-02"
    assert facts["done"] == 10 and round(facts["percent"]) == 33
    by_day = {e["day"]: e for e in facts["entries"]}
    assert [d for d, e in by_day.items() if e["status"] == "done"] == [1, *range(7, 16)]
    assert by_day[1]["paper"] == "2208.12242" and by_day[1]["date"] == "2023-01-02"
    assert by_day[1]["title"].lower() == "dreambooth"
    for day in range(2, 7):
        assert by_day[day]["paper"] is None and by_day[day]["status"] == "unrecorded"
    assert by_day[14]["paper"] == "2210.03142"
    assert facts["longest_streak"] == 9 and facts["current_streak"] == 0
    plain = cli.ok("progress", "30daysofdiffusion").stdout
    assert "10 of 30 days" in plain
    assert "  1  2023-01-02   dreambooth (2208.12242)" in plain
    assert "  2  2023-01-03   —" in plain and "unrecorded" in plain


@pytest.mark.slow
def test_seeds_export_and_ingest_back(cli: Cli, tmp_path: Path) -> None:
    _ingest_seeds(cli, tmp_path)
    exported = tmp_path / "reading.md"
    cli.ok("export", "markdown", "-o", str(exported))
    again = Cli(tmp_path / "again.yaml")
    again.ok("ingest", str(exported))
    original = {i: (p.get("title"), p["status"]) for i, p in cli.papers().items()}
    copied = {i: (p.get("title"), p["status"]) for i, p in again.papers().items()}
    assert copied == original
