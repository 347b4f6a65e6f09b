"""The command line: `readlist` and `python -m readlist`."""

from __future__ import annotations

from readlist.cli import ingest_cmd, papers  # noqa: F401  (registers the commands)
from readlist.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="readlist")
