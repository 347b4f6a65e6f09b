"""Golden files: compare produced bytes with a stored file, or store them when
READLIST_UPDATE_GOLDEN is set (then review the diff before committing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def updating() -> bool:
    return os.environ.get("READLIST_UPDATE_GOLDEN", "") not in ("", "0")


def match_golden(produced: bytes, golden: Path, root: Path) -> None:
    """`produced` equals the bytes of `golden` (line ends too), or is written there."""
    if updating():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
        return
    if not golden.exists():
        pytest.fail(
            f"{golden.relative_to(root)} is missing: generate it with READLIST_UPDATE_GOLDEN=1 "
            "and review it"
        )
    expected = golden.read_bytes()
    assert produced.decode("utf-8") == expected.decode("utf-8")
    assert produced == expected
