"""A stand-in for the user's $EDITOR in `readlist edit` tests: a Python script run on the
file, as an EDITOR command line."""

from __future__ import annotations

import sys
from pathlib import Path


def editor_command(tmp_path: Path, body: str, readlist: list[str] | None = None) -> str:
    """An EDITOR that runs `body` with the file's `path` and its `text` (and `os`) at hand.
    With `readlist` (a readlist command line), `body` may also call `readlist(*args)`, which runs
    it on the same list while the editor is open."""
    prelude = "import os, subprocess, sys\npath = sys.argv[1]\n"
    prelude += "text = open(path, encoding='utf-8').read()\n"
    if readlist is not None:
        prelude += (
            "def readlist(*args):\n"
            f"    subprocess.run({readlist!r} + list(args), check=True, capture_output=True)\n"
        )
    script = tmp_path / "editor.py"
    script.write_text(prelude + body + "\n", encoding="utf-8")
    return f"{sys.executable} {script}"
