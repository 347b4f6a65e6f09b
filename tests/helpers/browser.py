"""Headless Chromium (Debian's package) as the tests run it: offline, with a private profile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MISSING = "headless Chromium is not installed (Debian: apt-get install chromium)"


def run(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium headless with `args`; nothing is fetched even if a page asks (a closed proxy)."""
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--proxy-server=127.0.0.1:9",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
