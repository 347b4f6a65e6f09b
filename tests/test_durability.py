"""Two readlist processes never lose each other's change; a killed write never breaks the list."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from readlist.store import Store
from tests.conftest import ROOT, readlist_exe, subprocess_env, write_list

# Crash and concurrency loops: many processes, each a real readlist.
pytestmark = pytest.mark.slow

ABSTRACT = " ".join(["Diffusion models learn to reverse a gradual noising process."] * 12)


def test_twenty_processes_marking_different_papers_done(list_file: Path) -> None:
    write_list(
        list_file, [{"id": f"p{i}", "title": f"Paper {i}", "abstract": ABSTRACT} for i in range(20)]
    )
    env = subprocess_env()
    procs = [
        subprocess.Popen(
            [readlist_exe(), "--file", str(list_file), "done", f"p{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(20)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "done:" in out
    data = yaml.safe_load(list_file.read_text(encoding="utf-8"))
    assert [p["status"] for p in data["papers"]] == ["done"] * 20
    assert [p["id"] for p in data["papers"]] == [f"p{i}" for i in range(20)]
    # The index agrees with the file.
    assert all(p.status == "done" for p in Store(list_file).load().all())


def test_sigkill_during_writes_never_breaks_the_list(list_file: Path) -> None:
    write_list(
        list_file,
        [{"id": f"p{i}", "title": f"Paper {i}", "abstract": ABSTRACT} for i in range(200)],
    )
    rng = random.Random(7)
    env = subprocess_env(PYTHONPATH=str(ROOT))
    previous_count = 200
    committed: set[str] = set()
    kills_during_writes = 0
    for attempt in range(200):
        if kills_during_writes == 25:
            break
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.writer", str(list_file), str(attempt)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        # Wait for the first committed write, then kill at a random moment of the next ones.
        assert proc.stdout is not None
        while not (line := proc.stdout.readline()).startswith("end"):
            assert line, proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.08))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        said = [line, *proc.stdout.read().splitlines()]
        proc.stdout.close()
        if said[-1].startswith("begin"):  # killed between `begin` and the commit
            kills_during_writes += 1
        # Every addition the writer saw committed (steps 3, 6, ...) is in the file.
        # A line the kill cut short ("end" without its step) was not fully said: not counted.
        ended = [int(m[1]) for line in said if (m := re.fullmatch(r"end (\d+)", line.strip()))]
        committed |= {f"w{attempt}-{step}" for step in ended if step % 3 == 0}
        data = yaml.safe_load(list_file.read_text(encoding="utf-8"))  # must load
        ids = [p["id"] for p in data["papers"]]
        assert ids[:200] == [f"p{i}" for i in range(200)]  # no record lost
        assert committed <= set(ids), sorted(committed - set(ids))
        assert len(ids) == len(set(ids)) >= previous_count
        previous_count = len(ids)
        # readlist itself reads it fine (index rebuilt or reused as the hash says).
        assert len(Store(list_file).load().all()) == len(ids)
    assert kills_during_writes == 25, "too few kills landed inside a write"
    leftovers = [p for p in list_file.parent.iterdir() if p.name.endswith(".tmp")]
    # A killed write may leave its temp file; it is never the list and never read.
    assert all(p.name.startswith(".list.yaml.") for p in leftovers)
