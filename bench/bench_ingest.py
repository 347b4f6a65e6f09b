"""Benchmark (not a test): `readlist ingest` of a generated 20,000-entry Markdown list (a tenth
of it duplicates, half of those with slightly different titles and no arXiv link) into a
10,000-paper list. Prints the median wall time of whole `readlist` processes.

    .venv/bin/python bench/bench_ingest.py [--runs 5] [--entries 20000] [--papers 10000]

"warm" runs find the list's index already built (as after any earlier readlist command);
"cold" runs rebuild it first, inside the ingest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.generate import generate_records, markdown_list, perturb  # noqa: E402
from readlist.yamlio import dump_document  # noqa: E402

OUT = HERE / "out" / "ingest"


def build_inputs(papers: int, entries: int, seed: int) -> tuple[Path, Path, int]:
    """The list file, the Markdown file, and how many distinct papers they hold together."""
    duplicates = entries // 10
    new_count = entries - duplicates
    records = generate_records(papers + new_count, seed)
    existing, new = records[:papers], records[papers:]
    rng = random.Random(seed)
    repeated: list[dict[str, Any]] = []
    half = duplicates // 2
    for source in rng.sample(existing, half) + rng.sample(new, duplicates - half):
        copy = dict(source)
        if rng.random() < 0.5:
            copy["title"] = perturb(copy["title"], rng)
            copy.pop("arxiv", None)  # no link to tell: only the title can match it
        repeated.append(copy)
    listed = new + repeated
    rng.shuffle(listed)
    OUT.mkdir(parents=True, exist_ok=True)
    base = OUT / "base.yaml"
    base.write_text(dump_document({"version": 1, "challenges": []}, existing), encoding="utf-8")
    document = OUT / "papers.md"
    document.write_text(markdown_list(listed, seed), encoding="utf-8")
    return base, document, papers + new_count


def readlist(*args: str, env: dict[str, str]) -> tuple[float, str]:
    exe = Path(sys.executable).with_name("readlist")
    started = time.perf_counter()
    done = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"readlist {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    base, document, distinct = build_inputs(args.papers, args.entries, args.seed)
    print(
        f"generated {args.papers} papers ({base.stat().st_size / 1e6:.1f} MB) and a "
        f"{args.entries}-entry Markdown list ({document.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    work = OUT / "work.yaml"
    env = dict(os.environ)
    env.update(READLIST_CACHE_DIR=str(OUT / "cache"), READLIST_TODAY="2026-11-21")
    env.pop("READLIST_FILE", None)
    results: dict[str, list[float]] = {"warm": [], "cold": []}
    summary = ""
    for run in range(args.runs):
        for mode in ("warm", "cold"):
            if mode == "cold" and run >= max(1, args.runs // 2):
                continue
            for leftover in OUT.glob("work.yaml*"):
                leftover.unlink()
            shutil.copyfile(base, work)
            if mode == "warm":
                readlist("--file", str(work), "list", "--limit", "1", env=env)
            else:
                shutil.rmtree(OUT / "cache", ignore_errors=True)
            elapsed, stdout = readlist("--file", str(work), "ingest", str(document), env=env)
            results[mode].append(elapsed)
            summary = stdout.strip().splitlines()[-1]
            print(f"  run {run + 1} {mode}: {elapsed:.2f} s")
    _, listing = readlist("--file", str(work), "list", "--json", env=env)
    papers = len(json.loads(listing))
    print(f"last run: {summary}")
    print(f"papers in the list afterwards: {papers} (distinct papers generated: {distinct})")
    for mode, times in results.items():
        if times:
            print(
                f"ingest, {mode} index: median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs)"
            )


if __name__ == "__main__":
    main()
