"""Requests and wall time of the network commands on the seeds (issue 14), against the tests'
local API servers on 127.0.0.1 (real pacing switched off: READLIST_ARXIV_DELAY=0), each
command run as the installed `readlist` in a subprocess with an empty cache.

    .venv/bin/python bench/network.py

Prints, per command, how many requests each local server counted, the wall time, and what the
command's last line said. Not part of `make test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.arxiv_server import ArxivServer  # noqa: E402

READLIST = str(Path(sys.executable).with_name("readlist"))


def run(args: list[str], env: dict[str, str]) -> tuple[float, str, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [READLIST, *args], env=env, capture_output=True, text=True, timeout=900, check=False
    )
    elapsed = time.perf_counter() - started
    return elapsed, done.stdout + done.stderr, done.returncode


def summary(output: str) -> str:
    lines = output.splitlines()
    said = [line for line in lines if line.startswith(("Searching", "Searched", "No match"))]
    resolved = sum(line.startswith("Resolved") for line in lines)
    return f"{resolved} resolved; " + "; ".join(line[:120] for line in said)


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    arxiv = ArxivServer()
    arxiv.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            shutil.copytree(ROOT / "seeds", work / "seeds")
            env = dict(os.environ)
            env.update(
                READLIST_FILE=str(work / "list.yaml"),
                READLIST_CACHE_DIR=str(work / "cache"),
                READLIST_TODAY="2026-11-21",
                READLIST_ARXIV_URL=arxiv.url,
                READLIST_ARXIV_DELAY="0",
                READLIST_ARXIV_TIMEOUT="10",
            )
            run(["ingest", str(work / "seeds")], env)
            for command in (["resolve", "--yes"],):
                before = len(arxiv.requests)
                elapsed, output, code = run(command, env)
                sent = len(arxiv.requests) - before
                print(f"readlist {' '.join(command)}: {sent} requests to arXiv, {elapsed:.1f} s")
                print(f"  exit {code}; {summary(output)}")
                if verbose:
                    print(output)
    finally:
        arxiv.stop()


if __name__ == "__main__":
    main()
