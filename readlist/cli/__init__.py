"""The command line: `readlist` and `python -m readlist`."""

from __future__ import annotations

# The order of these imports is the order of the sections of `readlist --help`.
# isort: off
from readlist.cli import papers  # noqa: F401  (each module registers its commands)
from readlist.cli import ingest_cmd, export_cmds  # noqa: F401
from readlist.cli import challenge_cmds  # noqa: F401
from readlist.cli import arxiv_cmds  # noqa: F401

# isort: on
from readlist.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="readlist")
