"""Speed of readlist's commands at 87 (the seeds), 10,000 and 100,000 papers, against the targets
of issue 16 (speed) and issue 13 (search and completion).

Each command runs several times as a separate process, and each of its runs is paired with a run
of a minimal Typer app with one no-op command (the same interpreter and Typer), so that a ratio
compares the two under the same load. The table gives medians of wall time and of CPU time (user
+ system of the process, steadier on a busy machine), the ratio of readlist's median to the
no-op app's, and the largest resident set of any run. Every timed write changes the file (a
different paper each run, or a tag added then removed), and is checked to have.

    .venv/bin/python bench/speed.py                          # 87, 10,000 and 100,000 papers
    .venv/bin/python bench/speed.py --sizes 87,10000 --runs 7
    .venv/bin/python bench/speed.py --sizes 100000 --big-runs 3

Not part of `make test`; `make bench` runs it. The generated lists are kept in bench/out/ and
reused by later runs.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
READLIST = str(Path(sys.executable).with_name("readlist"))
TODAY = "2026-11-21"
BIG = 100_000

LIST = "list --status todo --limit 20"
SHOW = "show REF"
PROGRESS = "progress"
SEARCH = 'search "difusion model"'
COMPLETE = "complete REF (bash)"
DONE = "done REF (a todo paper each run)"
TAG = "tag REF x (added, then removed)"
NOTE = "note REF text"
HELP = "--help"
INGEST = "ingest 1,000 entries (half known)"
HAND_EDIT = "first command after a hand edit"
READS = (LIST, SHOW, PROGRESS, SEARCH)
WRITES = (DONE, TAG, NOTE)


@dataclass(frozen=True)
class Target:
    """One acceptance line: at `size` papers, the row's `measure` (ratio to the no-op app, or
    milliseconds) at most `limit`; `source` names the issue."""

    size: int
    measure: str  # "ratio" or "ms"
    limit: float
    source: str

    def label(self) -> str:
        amount = f"{self.limit:g}x" if self.measure == "ratio" else f"<{self.limit:g} ms"
        return f"{amount} ({self.source})"

    def holds(self, cell: dict) -> bool:
        value = cell["ratio"] if self.measure == "ratio" else cell["median_ms"]
        return bool(value <= self.limit)


TARGETS: dict[str, list[Target]] = {
    **{name: [Target(10000, "ratio", 1.5, "#16 reads")] for name in READS},
    **{name: [Target(10000, "ratio", 2.5, "#16 writes")] for name in WRITES},
    SEARCH: [Target(10000, "ratio", 1.5, "#16 reads"), Target(10000, "ratio", 2.0, "#13")],
    COMPLETE: [Target(10000, "ratio", 2.0, "#13"), Target(10000, "ms", 150, "#13")],
    LIST: [Target(10000, "ratio", 1.5, "#16 reads"), Target(BIG, "ms", 150, "#16")],
    HAND_EDIT: [Target(BIG, "ms", 1000, "#16")],
}
for _name in WRITES:  # "a change to one paper under 0.5 s" at 100,000
    TARGETS[_name].append(Target(BIG, "ms", 500, "#16"))
PEAK_LIMIT_MB = {BIG: 600}  # issue 16: peak memory at 100,000 papers

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
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    noop_wall: list[float] = field(default_factory=list)
    noop_cpu: list[float] = field(default_factory=list)
    peak_kb: int = 0

    def cell(self) -> dict:
        wall = statistics.median(self.wall) * 1000
        cpu = statistics.median(self.cpu) * 1000
        noop = statistics.median(self.noop_wall) * 1000 if self.noop_wall else 0.0
        noop_cpu = statistics.median(self.noop_cpu) * 1000 if self.noop_cpu else 0.0
        return {
            "median_ms": round(wall, 1),
            "cpu_ms": round(cpu, 1),
            "noop_ms": round(noop, 1),
            "ratio": round(wall / noop, 2) if noop else None,
            "cpu_ratio": round(cpu / noop_cpu, 2) if noop_cpu else None,
            "peak_mb": round(self.peak_kb / 1024, 1),
            "runs_ms": [round(s * 1000, 1) for s in self.wall],
        }


def run_once(args: list[str], env: dict[str, str], check: bool = True) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system) and peak RSS (KB) of one process."""
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
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


class Bench:
    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.minimal = OUT / "minimal_typer_app.py"
        self.minimal.write_text(MINIMAL_APP, encoding="utf-8")

    def noop(self, extra: tuple[str, ...] = ()) -> list[str]:
        return [sys.executable, str(self.minimal), *extra]

    def timed(
        self,
        args_for: Callable[[int], list[str]],
        env: dict[str, str],
        *,
        runs: int | None = None,
        prepare: Callable[[], None] | None = None,
        changes: Path | None = None,
        noop_args: tuple[str, ...] = (),
    ) -> Timing:
        """Run `args_for(n)` for n = 0 (warm-up) to runs, each timed run paired with a no-op
        run; `changes`: the file each run must change."""
        timing = Timing()
        runs = runs or self.runs
        warm_up = prepare is None  # (a prepared run starts from the same state each time)
        for number in range(runs + warm_up):
            if prepare is not None:
                prepare()
            before = _stat(changes) if changes is not None else None
            elapsed, cpu, peak = run_once(args_for(number), env)
            if changes is not None and _stat(changes) == before:
                raise SystemExit(f"`{' '.join(args_for(number))}` did not change {changes}")
            if warm_up and number == 0:
                continue
            timing.wall.append(elapsed)
            timing.cpu.append(cpu)
            timing.peak_kb = max(timing.peak_kb, peak)
            noop_wall, noop_cpu, _ = run_once(self.noop(noop_args), dict(os.environ))
            timing.noop_wall.append(noop_wall)
            timing.noop_cpu.append(noop_cpu)
        return timing


def _stat(path: Path) -> tuple[int, ...]:
    st = path.stat()
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def in_subprocess(code: str) -> None:
    """Run `code` (which may import bench.generate) in a process of its own: the lists it builds
    would otherwise stay in this one, whose size a child started by vfork reports as its own
    peak memory (the kernel keeps the larger of the two at exec)."""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def generate_list(path: Path, size: int) -> None:
    in_subprocess(
        "from datetime import date; from pathlib import Path; "
        "from bench.generate import write_list; "
        f"write_list(Path({str(path)!r}), {size}, seed=1, challenge_start=date(2026, 11, 1))"
    )


def new_entries_markdown(path: Path, size: int, count: int = 1000) -> None:
    """A Markdown list of `count` entries: half new papers, half already in the list."""
    in_subprocess(
        "from pathlib import Path; from bench.generate import generate_records, markdown_list; "
        f"size, count = {size}, {count}; "
        "records = generate_records(size + count // 2, seed=1); fresh = records[size:]; "
        "step = max(1, size // (count - len(fresh))); "
        "known = records[:size:step][: count - len(fresh)]; "
        f"Path({str(path)!r}).write_text(markdown_list(fresh + known, seed=2), encoding='utf-8')"
    )


def bench_size(size: int, bench: Bench, runs: int, results: dict) -> None:
    work = OUT / f"list-{size}"
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "cache"
    path = work / "readlist.yaml"
    pristine = work / "pristine.yaml"
    if size == 87:
        shutil.copyfile(ROOT / "data" / "readlist.yaml", pristine)
    elif not pristine.exists():
        print(f"  generating {size:,} papers...", flush=True)
        generate_list(pristine, size)
    shutil.copyfile(pristine, path)
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "READLIST_CACHE_DIR": str(cache), "READLIST_TODAY": TODAY}
    env.pop("READLIST_FILE", None)
    base = [READLIST, "--file", str(path)]
    started = time.perf_counter()
    run_once([*base, "list", "--limit", "1"], env)  # build the index
    print(f"  {size:>7} {'(index built)':<40} {time.perf_counter() - started:8.1f} s", flush=True)
    todo = [
        paper["id"]
        for paper in json.loads(
            subprocess.run(
                [*base, "list", "--json", "--status", "todo", "--sort", "title", "--limit", "60"],
                capture_output=True,
                env=env,
                check=True,
            ).stdout
        )
    ]
    ref = "2208.12242" if size == 87 else todo[0]
    rows: dict[str, Timing] = {}

    def report(name: str) -> None:
        cell = rows[name].cell()
        print(f"  {size:>7} {name:<40} {cell['median_ms']:8.0f} ms", flush=True)

    if size == 87:
        rows[HELP] = bench.timed(lambda n: [READLIST, "--help"], env, runs=runs)
        report(HELP)
        rows[HELP + " (minimal app's --help as the base)"] = bench.timed(
            lambda n: [READLIST, "--help"], env, runs=runs, noop_args=("--help",)
        )
    time.sleep(2.1)  # let the file settle, as it would between a user's commands
    reads = {
        LIST: ["list", "--status", "todo", "--limit", "20"],
        SHOW: ["show", ref],
        PROGRESS: ["progress"],
        SEARCH: ["search", "difusion model"],
    }
    for name, args in reads.items():
        rows[name] = bench.timed(lambda n, args=args: [*base, *args], env, runs=runs)
        report(name)
    # What a shell's completion script runs for `readlist --file LIST show 21<TAB>`.
    asked = {**env, "_READLIST_COMPLETE": "bash", "_READLIST_CWORD": "3"}
    rows[COMPLETE] = bench.timed(lambda n: [*base, "show", ref[:2]], asked, runs=runs)
    report(COMPLETE)
    others = [i for i in todo if i != ref]
    writes: dict[str, Callable[[int], list[str]]] = {
        DONE: lambda n: [*base, "done", others[n]],
        TAG: lambda n: [*base, "tag", ref, "x", *(["--remove"] if n % 2 else [])],
        NOTE: lambda n: [*base, "note", ref, f"text {n}"],
    }
    for name, args_for in writes.items():
        rows[name] = bench.timed(args_for, env, runs=runs, changes=path)
        report(name)
    if size >= 10000:
        big_runs = max(2, runs // 2) if size < BIG else runs
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

        rows[INGEST] = bench.timed(
            lambda n: [*base, "ingest", str(entries)], env, runs=big_runs, prepare=restore
        )
        report(INGEST)
        restore()

        def hand_edit() -> None:
            """One record changed by hand (its status), as an editor saves it: in place (in a
            process of its own, as the file is large: see in_subprocess)."""
            in_subprocess(
                f"from pathlib import Path; path = Path({str(path)!r}); text = path.read_bytes(); "
                "at = text.find(b'status: todo', len(text) // 2); "
                "path.write_bytes(text[:at] + b'status: done' + text[at + 12 :])"
            )

        rows[HAND_EDIT] = bench.timed(
            lambda n: [*base, *reads[LIST]], env, runs=big_runs, prepare=hand_edit
        )
        report(HAND_EDIT)
    results[size] = {name: timing.cell() for name, timing in rows.items()}


def verdict(name: str, size: int, cell: dict) -> str:
    found = [t for t in TARGETS.get(name, []) if t.size == size]
    return "  ".join(f"{t.label()} {'ok' if t.holds(cell) else 'MISS'}" for t in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"87,10000,{BIG}", help="comma-separated list sizes")
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    parser.add_argument("--big-runs", type=int, default=3, help=f"runs at {BIG:,} papers")
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # Time readlist as an installed package runs: from byte-compiled modules, as the Typer app
    # it is compared with does.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "readlist")], check=True)
    bench = Bench(options.runs)
    results: dict[int, dict] = {}
    for size in (int(s) for s in options.sizes.split(",")):
        runs = options.big_runs if size >= BIG else options.runs
        bench_size(size, bench, runs, results)
    print()
    print(
        f"{'command':<44} {'papers':>7} {'median':>9} {'no-op':>6} {'ratio':>6} "
        f"{'cpu':>7} {'ratio':>6} {'peak':>7}  target (issue)"
    )
    for size, rows in results.items():
        for name, cell in rows.items():
            ratio, cpu_ratio = (
                f"{cell[key]:5.2f}x" if cell[key] is not None else "     -"
                for key in ("ratio", "cpu_ratio")
            )
            print(
                f"{name:<44} {size:>7} {cell['median_ms']:7.0f}ms {cell['noop_ms']:4.0f}ms {ratio} "
                f"{cell['cpu_ms']:5.0f}ms {cpu_ratio} {cell['peak_mb']:5.0f}MB  "
                f"{verdict(name, size, cell)}"
            )
    print()
    for size, rows in results.items():
        peak = max(c["peak_mb"] for c in rows.values())
        limit = PEAK_LIMIT_MB.get(size)
        target = f"  <{limit} MB (#16) {'ok' if peak < limit else 'MISS'}" if limit else ""
        print(f"peak memory of any readlist process at {size:,} papers: {peak:.0f} MB{target}")
    print(
        "(ratio: medians against the no-op Typer app run beside each command, of wall time, on\n"
        "which the targets are judged, and of CPU time, steadier when the machine is busy; "
        f"the bench took {time.perf_counter() - started:.0f} s)"
    )
    (OUT / "speed.json").write_text(json.dumps({"results": results}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
