"""The ten slowest imports of `readlist list` (issue 16): what every listing pays before it reads.

Runs the installed command with `-X importtime` on a copy of the embedded list (index warm) and
prints, per imported module, the median of its cumulative import time over the runs.

    .venv/bin/python bench/imports.py [--runs 7] [--top 10] [-- list ARGS...]

`make bench` runs it before bench/speed.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READLIST = str(Path(sys.executable).with_name("readlist"))


def profile(args: list[str], env: dict[str, str]) -> dict[str, int]:
    """Cumulative import time in microseconds of each module one run imported."""
    result = subprocess.run([READLIST, *args], capture_output=True, text=True, env=env, check=True)
    times = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit():
            times[name.strip()] = int(cumulative)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("command", nargs="*", default=["list"])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        list_file = Path(scratch) / "readlist.yaml"
        shutil.copyfile(ROOT / "data" / "readlist.yaml", list_file)
        env = dict(os.environ, READLIST_CACHE_DIR=str(Path(scratch) / "cache"), NO_COLOR="1")
        args = ["--file", str(list_file), *options.command]
        subprocess.run([READLIST, *args], capture_output=True, env=env, check=True)  # warm
        env["PYTHONPROFILEIMPORTTIME"] = "1"
        samples: dict[str, list[int]] = defaultdict(list)
        for _ in range(options.runs):
            for name, micros in profile(args, env).items():
                samples[name].append(micros)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    slowest = sorted(medians.items(), key=lambda item: -item[1])[: options.top]
    print(f"The {options.top} slowest imports of `readlist {' '.join(options.command)}`")
    print(f"(cumulative, median of {options.runs} runs; {len(medians)} modules imported in all)")
    for name, micros in slowest:
        print(f"  {micros / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
