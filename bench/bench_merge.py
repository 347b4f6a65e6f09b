"""Time the record-level merge of two 10,000-paper lists with 100 changes on each side
(issue 15: under 2 s). Prints the median of several runs; not a test.

    .venv/bin/python bench/bench_merge.py [--papers 10000] [--changes 100] [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate_records  # noqa: E402
from readlist.sharing.merge import merge  # noqa: E402
from readlist.yamlio import dump_document  # noqa: E402

HEADER = {"version": 1, "challenges": []}


def changed(records: list[dict], count: int, rng: random.Random, side: str) -> list[dict]:
    """`count` changes spread over the list: tags, statuses, notes, ratings, a few new papers."""
    out = [dict(r) for r in records]
    for number, index in enumerate(rng.sample(range(len(out)), count)):
        record = out[index]
        kind = number % 5
        if kind == 0:
            record["tags"] = [*record.get("tags", []), f"{side}-tag"]
        elif kind == 1:
            record["status"] = "done"
        elif kind == 2:
            record["notes"] = f"a note from {side}"
        elif kind == 3:
            record["rating"] = 1 + number % 5
        else:
            out.append({"id": f"{side}-new-{number}", "title": f"New paper {side} {number}"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    records = generate_records(args.papers, seed=1)
    rng = random.Random(15)
    base = dump_document(HEADER, records).encode()
    ours = dump_document(HEADER, changed(records, args.changes, rng, "ours")).encode()
    theirs = dump_document(HEADER, changed(records, args.changes, rng, "theirs")).encode()
    times, cpu = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = merge(base, ours, theirs)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    # CPU time too: on a shared machine the wall clock measures the neighbours as well.
    print(
        f"merge of two {args.papers:,}-paper lists ({len(base) / 1e6:.1f} MB), "
        f"{args.changes} changes on each side, {args.runs} runs: "
        f"median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}); CPU median {statistics.median(cpu):.3f} s; "
        f"{result.merged} papers changed on both sides, {len(result.clashes)} clashes"
    )


if __name__ == "__main__":
    main()
