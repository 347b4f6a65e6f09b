"""Requests and wall time of the network commands on the seeds (issue 14), against the tests'
local API servers on 127.0.0.1 (real pacing switched off: READLIST_*_DELAY=0), each command run
as the installed `readlist` in a subprocess with an empty cache: `resolve --yes`, then `enrich`,
then the baseline enrich replaces (Semantic Scholar asked one paper a request).

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
from tests.metadata_servers import CrossrefServer, S2Server  # noqa: E402

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
    said = [
        line
        for line in lines
        if line.startswith(("Searching", "Searched", "No match", "Saved", "readlist: warning"))
    ]
    resolved = sum(line.startswith("Resolved") for line in lines)
    return f"{resolved} resolved; " + "; ".join(line[:120] for line in said)


def one_by_one(env: dict[str, str], list_path: Path) -> None:
    """The baseline `enrich` replaces: Semantic Scholar asked one paper a request (as a loop
    over the `semanticscholar` package's get_paper would), against the same local server."""
    import yaml

    os.environ.update(env)
    from readlist.sources.semantic_scholar import SemanticScholarClient, s2_ref

    papers = yaml.safe_load(list_path.read_text(encoding="utf-8"))["papers"]
    refs = [s2_ref(arxiv=p.get("arxiv"), doi=p.get("doi")) for p in papers if p.get("arxiv")]
    started = time.perf_counter()
    report = SemanticScholarClient(refresh=True).lookup(refs, batch=1)
    elapsed = time.perf_counter() - started
    print(f"one paper a request: {report.requests} requests to Semantic Scholar, {elapsed:.1f} s")


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    arxiv, s2, crossref = ArxivServer(), S2Server(), CrossrefServer()
    for server in (arxiv, s2, crossref):
        server.start()
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
                READLIST_S2_URL=s2.url,
                READLIST_S2_DELAY="0",
                READLIST_CROSSREF_URL=crossref.url,
                READLIST_CROSSREF_DELAY="0",
            )
            run(["ingest", str(work / "seeds")], env)
            servers = {"arXiv": arxiv, "Semantic Scholar": s2, "Crossref": crossref}
            for command in (["resolve", "--yes"], ["enrich"]):
                before = {name: len(server.requests) for name, server in servers.items()}
                elapsed, output, code = run(command, env)
                sent = ", ".join(
                    f"{len(server.requests) - before[name]} requests to {name}"
                    for name, server in servers.items()
                    if len(server.requests) > before[name]
                )
                print(f"readlist {' '.join(command)}: {sent}, {elapsed:.1f} s")
                print(f"  exit {code}; {summary(output)}")
                if verbose:
                    print(output)
            one_by_one(env, work / "list.yaml")
    finally:
        for server in (arxiv, s2, crossref):
            server.stop()


if __name__ == "__main__":
    main()
