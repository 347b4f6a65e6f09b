"""A process that changes a reading list as fast as it can, until it is killed (crash tests).

It prints `begin STEP` before each transaction and `end STEP` once it is committed, so that the
test knows whether a kill landed inside a write and which additions were committed."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from readlist.models import Paper
from readlist.store import Store


def _say(line: str) -> None:
    """One whole line in one write (a kill may still cut it: the test reads whole lines only)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(path: str, seed: int) -> None:
    store = Store(Path(path))
    rng = random.Random(seed)
    step = 0
    while True:
        step += 1
        _say(f"begin {step}")
        with store.transaction() as txn:
            if step % 3 == 0:
                txn.add(Paper(id=f"w{seed}-{step}", title=f"Written by {seed} at step {step}"))
            else:
                target = txn.get(f"p{rng.randrange(200)}")
                assert target is not None
                changed = target.copy()
                changed.notes = f"step {step} " * rng.randrange(1, 40)
                txn.update(changed)
        _say(f"end {step}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
