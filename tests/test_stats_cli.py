"""`readlist stats`: the counts printed, the JSON shape, the SVG, and an empty list."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from readlist.errors import NotFoundError, StorageError
from tests.conftest import Cli, write_list

SVG = "{http://www.w3.org/2000/svg}"


def _papers() -> list[dict[str, object]]:
    # Today is 2026-11-21 (a Saturday): this week starts Monday 2026-11-16.
    return [
        {"id": "a", "title": "Alpha", "status": "done", "added": "2026-11-16",
         "finished": "2026-11-20", "tags": ["diffusion"]},
        {"id": "b", "title": "Beta", "status": "done", "added": "2026-11-17",
         "finished": "2026-11-20", "tags": ["diffusion", "survey"]},
        {"id": "c", "title": "Gamma", "status": "reading", "added": "2026-11-03",
         "tags": ["survey"]},
        {"id": "d", "title": "Delta", "status": "done", "added": "2026-10-01",
         "finished": "2026-10-02"},
        {"id": "e", "title": "Old", "status": "done", "added": "2024-01-01",
         "finished": "2024-06-01"},
        {"id": "f", "title": "Zeta", "status": "todo"},
    ]  # fmt: skip


def test_stats_prints_counts_per_status_tag_week_and_month(cli: Cli) -> None:
    write_list(cli.path, _papers())
    out = cli.ok("stats").stdout
    assert out.startswith("6 papers as of 2026-11-21")
    assert re.search(r"^  todo +1 █", out, re.M)
    assert re.search(r"^  done +4 █+ *$", out, re.M)
    assert re.search(r"^  reading +1 █", out, re.M)
    assert re.search(r"^  skipped +0$", out, re.M)
    assert re.search(r"^  diffusion +2 █+ +2 read$", out, re.M)
    assert re.search(r"^  survey +2 █+ +1 read$", out, re.M)
    assert re.search(r"^  \(untagged\) +3 █+ +2 read$", out, re.M)
    assert re.search(r"^  2026-11-16  added +2 █+ +read +2 █+$", out, re.M)
    assert re.search(r"^  2026-11-02  added +1 █+ +read +0$", out, re.M)
    assert re.search(r"^  2026-11 +added +3 █+ +read +2 █+$", out, re.M)
    assert re.search(r"^  2026-10 +added +1 █+ +read +1 █+$", out, re.M)
    assert "2024" not in out.split("Per week")[1].split("Papers read per day")[0]
    calendar = out.split("Papers read per day, ")[1]
    assert calendar.startswith("2025-11-17 to 2026-11-21 (3 read)")
    rows = calendar.splitlines()[2:9]  # Monday to Sunday, under the line of month names
    friday = rows[4]  # the 53rd column is this week; Friday the 20th had 2 papers, the busiest
    assert friday.startswith("  Fri ") and friday[-1] == "█"
    assert rows[5] == "      " + "·" * 53  # Saturday the 21st: today, nothing read
    assert rows[6] == "      " + "·" * 52  # Sunday the 22nd is still to come: blank, not zero
    assert rows[4][6 + 45] == "▒"  # Friday 2026-10-02, 7 weeks back: 1 read, half the busiest
    assert rows[4].count("·") == 51


def test_stats_json_has_the_documented_shape(cli: Cli) -> None:
    write_list(cli.path, _papers())
    data = json.loads(cli.ok("stats", "--json").stdout)
    assert list(data) == ["today", "total", "status", "tags", "weeks", "months", "calendar"]
    assert data["today"] == "2026-11-21" and data["total"] == 6
    assert data["status"] == {"todo": 1, "reading": 1, "done": 4, "skipped": 0}
    assert data["tags"]["diffusion"] == {"done": 2}
    assert data["tags"]["survey"] == {"reading": 1, "done": 1}
    assert data["tags"][""] == {"todo": 1, "done": 2}
    assert len(data["weeks"]) == 12 and len(data["months"]) == 12
    assert data["weeks"][-1] == {"start": "2026-11-16", "added": 2, "read": 2}
    assert data["months"][-1] == {"month": "2026-11", "added": 3, "read": 2}
    assert data["months"][0]["month"] == "2025-12"
    assert data["calendar"] == {
        "start": "2025-11-17",
        "end": "2026-11-21",
        "read": {"2026-10-02": 1, "2026-11-20": 2},
    }


def test_stats_svg_is_well_formed_and_uses_local_fonts(cli: Cli, tmp_path: Path) -> None:
    write_list(cli.path, _papers())
    picture = tmp_path / "stats.svg"
    result = cli.ok("stats", "--svg", str(picture))
    assert f"Saved the statistics to {picture}" in result.stderr
    raw = picture.read_text(encoding="utf-8")
    for web in ("<link", "@import", "url(", "http://fonts", "https://"):
        assert web not in raw
    root = ET.fromstring(raw)
    assert root.tag == f"{SVG}svg"
    families = [e.get("font-family") for e in root.iter() if e.get("font-family")]
    assert families and all(
        f.split(",")[-1].strip() == "monospace" and "DejaVu Sans Mono" in f for f in families
    )
    texts = list(root.iter(f"{SVG}text"))
    assert all(t.get("x") and t.get("text-anchor") in {"start", "end"} for t in texts)
    labels = [t.text for t in texts]
    assert "2026-11-16" in labels and "diffusion" in labels and "Fri" in labels
    cells = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    titles = [c.findtext(f"{SVG}title", "") for c in cells]
    read_days = {t for t in titles if not t.endswith(": 0 read")}
    assert read_days == {"2026-10-02: 1 read", "2026-11-20: 2 read"}
    assert len(cells) == 52 * 7 + 6  # a year of days up to Saturday the 21st


def test_stats_of_an_empty_list_says_so(cli: Cli) -> None:
    write_list(cli.path, [])
    result = cli("stats")
    assert result.exit_code == NotFoundError.exit_code
    assert "has no papers yet" in result.stderr and result.stdout == ""
    missing = cli.path.with_name("missing.yaml")
    result = Cli(missing)("stats")
    assert result.exit_code == NotFoundError.exit_code
    assert "does not exist yet" in result.stderr


def test_stats_svg_to_an_unwritable_path_is_one_error_line(cli: Cli, tmp_path: Path) -> None:
    write_list(cli.path, _papers())
    result = cli("stats", "--svg", str(tmp_path / "no-such-dir" / "s.svg"))
    assert result.exit_code == StorageError.exit_code
    assert result.stderr.startswith(f"readlist: error: cannot write {tmp_path / 'no-such-dir'}")
    assert result.stderr.endswith("does not exist\n") and len(result.stderr.splitlines()) == 1
    refused = cli("stats", "--svg", str(cli.path))
    assert refused.exit_code == 2 and "is the reading list" in refused.stderr
