"""Speed of readlist's commands at 87 (the seeds), 10,000 and 100,000 papers (issue 7).

Each command runs several times as a separate process; the table gives medians, in
milliseconds and as a ratio to a minimal Typer app with one no-op command measured in the same
run. Peak memory is the largest resident set of any readlist process at that size.

    .venv/bin/python bench/speed.py                 # seeds and 10,000
    .venv/bin/python bench/speed.py --sizes 87,10000,100000 --runs 5

Not part of `make test`; `make bench` runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write_list  # noqa: E402

OUT = ROOT / "bench" / "out"
READLIST = str(Path(sys.executable).with_name("readlist"))
TODAY = "2026-11-21"

# (name, sizes it applies to, target ratio or None, target seconds at 100k or None)
TARGETS = {
    "--help": (1.2, None, None),
    "list --status todo --limit 20": (1.3, 1.5, 1.0),
    "show REF": (1.3, 1.5, 1.0),
    "progress": (1.3, 1.5, 1.0),
    'search "difusion model"': (1.3, 2.0, 1.5),
    "complete REF (bash)": (1.3, 2.0, 1.5),
    "done REF": (1.5, 2.0, 2.0),
    "tag REF x": (1.5, 2.0, 2.0),
    "note REF text": (1.5, 2.0, 2.0),
    "ingest 1,000 entries (half duplicates)": (None, "3 s", 10.0),
    "first command after a hand edit": (None, "4 s", 40.0),
}

MINIMAL_APP = textwrap.dedent(
    """
    import typer

    app = typer.Typer()

    @app.command()
    def main() -> None:
        pass

    app()
    """
)


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)
    peak_kb: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000


def run_once(args: list[str], env: dict[str, str], check: bool = True) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if check and code != 0:
        raise SystemExit(f"{' '.join(args)} failed ({code}): {stderr.strip()}")
    return elapsed, usage.ru_maxrss


def timed(args: list[str], env: dict[str, str], runs: int, prepare=None) -> Timing:
    timing = Timing()
    run_once(args, env, check=True) if prepare is None else None  # warm-up
    for _ in range(runs):
        if prepare is not None:
            prepare()
        elapsed, peak = run_once(args, env)
        timing.samples.append(elapsed)
        timing.peak_kb = max(timing.peak_kb, peak)
    return timing


def new_entries_markdown(path: Path, size: int, count: int = 1000) -> None:
    """A Markdown list of `count` entries: half new papers, half already in the list."""
    from bench.generate import generate_records, markdown_list

    records = generate_records(size + count // 2, seed=1)
    fresh = records[size:]
    step = max(1, size // (count - len(fresh)))
    known = records[:size:step][: count - len(fresh)]
    path.write_text(markdown_list(fresh + known, seed=2), encoding="utf-8")


def bench_size(size: int, runs: int, minimal: float, results: dict) -> None:
    work = OUT / f"list-{size}"
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "cache"
    path = work / "readlist.yaml"
    pristine = work / "pristine.yaml"
    if size == 87:
        shutil.copyfile(ROOT / "data" / "readlist.yaml", pristine)
        ref = "2208.12242"
    else:
        if not pristine.exists():
            write_list(pristine, size, seed=1, challenge_start=date(2026, 11, 1))
        ref = None
    shutil.copyfile(pristine, path)
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "READLIST_CACHE_DIR": str(cache), "READLIST_TODAY": TODAY}
    env.pop("READLIST_FILE", None)
    base = [READLIST, "--file", str(path)]
    run_once([*base, "list", "--limit", "1"], env)  # build the index
    if ref is None:
        ref = json.loads(
            subprocess.run(
                [*base, "list", "--json", "--limit", "1", "--sort", "title"],
                capture_output=True,
                env=env,
                check=True,
            ).stdout
        )[0]["id"]
    rows: dict[str, Timing] = {}
    commands = {
        "list --status todo --limit 20": ["list", "--status", "todo", "--limit", "20"],
        "show REF": ["show", ref],
        "progress": ["progress"],
        'search "difusion model"': ["search", "difusion model"],
        "done REF": ["done", ref],
        "tag REF x": ["tag", ref, "x"],
        "note REF text": ["note", ref, "text"],
    }
    if size == 87:
        rows["--help"] = timed([READLIST, "--help"], env, runs)
    time.sleep(2.1)  # let the file settle, as it would between a user's commands
    for name, args in commands.items():
        rows[name] = timed([*base, *args], env, runs)
        print(f"  {size:>7} {name:<40} {rows[name].median_ms:8.0f} ms", flush=True)
    # What a shell's completion script runs for `readlist --file LIST show 21<TAB>`.
    asked = {**env, "_READLIST_COMPLETE": "bash", "_READLIST_CWORD": "3"}
    rows["complete REF (bash)"] = timed([*base, "show", ref[:2]], asked, runs)
    if size >= 10000:
        big_runs = max(2, runs // 2) if size < 100000 else 2
        entries = work / "new-entries.md"
        new_entries_markdown(entries, size)
        shutil.copyfile(pristine, path)
        shutil.rmtree(cache, ignore_errors=True)
        run_once([*base, "list", "--limit", "1"], env)
        pristine_cache = work / "pristine-cache"
        shutil.rmtree(pristine_cache, ignore_errors=True)
        shutil.copytree(cache, pristine_cache)

        def restore() -> None:
            shutil.copyfile(pristine, path)
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(pristine_cache, cache)

        name = "ingest 1,000 entries (half duplicates)"
        rows[name] = timed([*base, "ingest", str(entries)], env, big_runs, prepare=restore)
        print(f"  {size:>7} {name:<40} {rows[name].median_ms:8.0f} ms", flush=True)

        def hand_edit() -> None:
            text = path.read_bytes()
            marker = b"status: todo"
            at = text.find(marker, len(text) // 2)
            path.write_bytes(text[:at] + b"status: done" + text[at + len(marker) :])

        name = "first command after a hand edit"
        rows[name] = timed(
            [*base, "list", "--status", "todo", "--limit", "20"], env, big_runs, prepare=hand_edit
        )
        print(f"  {size:>7} {name:<40} {rows[name].median_ms:8.0f} ms", flush=True)
    results[size] = {
        name: {
            "median_ms": round(t.median_ms, 1),
            "ratio": round(t.median_ms / minimal, 2),
            "peak_mb": round(t.peak_kb / 1024, 1),
        }
        for name, t in rows.items()
    }


def verdict(name: str, size: int, cell: dict) -> str:
    small, medium, large = TARGETS[name]
    target = {87: small, 10000: medium, 100000: large}.get(size)
    if target is None:
        return ""
    if isinstance(target, str):  # seconds, written "3 s"
        limit = float(target.split()[0])
        return "ok" if cell["median_ms"] <= limit * 1000 else f"MISS (>{target})"
    if size == 100000:
        return "ok" if cell["median_ms"] <= target * 1000 else f"MISS (>{target} s)"
    return "ok" if cell["ratio"] <= target else f"MISS (>{target}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="87,10000", help="comma-separated list sizes")
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # Time readlist as an installed package runs: from byte-compiled modules, as the Typer app
    # it is compared with does.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "readlist")], check=True)
    minimal_app = OUT / "minimal_typer_app.py"
    minimal_app.write_text(MINIMAL_APP, encoding="utf-8")
    minimal = timed([sys.executable, str(minimal_app)], dict(os.environ), options.runs).median_ms
    print(f"minimal Typer app (one no-op command): {minimal:.0f} ms", flush=True)
    results: dict[int, dict] = {}
    for size in (int(s) for s in options.sizes.split(",")):
        bench_size(size, options.runs, minimal, results)
    print()
    print(f"{'command':<40} {'papers':>7} {'median':>9} {'ratio':>6} {'peak':>8}  target")
    for size, rows in results.items():
        for name, cell in rows.items():
            print(
                f"{name:<40} {size:>7} {cell['median_ms']:7.0f}ms {cell['ratio']:5.2f}x "
                f"{cell['peak_mb']:6.0f}MB  {verdict(name, size, cell)}"
            )
    peak = max((c["peak_mb"] for rows in results.values() for c in rows.values()), default=0)
    print(
        f"\nminimal Typer app: {minimal:.0f} ms; peak memory of any readlist process: {peak:.0f} MB"
    )
    (OUT / "speed.json").write_text(
        json.dumps({"minimal_ms": minimal, "results": results}, indent=2), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
