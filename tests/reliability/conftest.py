"""Fixtures of the reliability tests."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A private character device (a null device, as /dev/null is) in the test's own folder.

    Never the machine's /dev/null or /dev/zero: were readlist to regress and replace its target
    with a regular file (as root it can), the machine would lose its /dev/null."""
    node = tmp_path / "null-device"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here ({exc.strerror}); needs root")
    return node
