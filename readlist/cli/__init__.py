"""The command line: `readlist` and `python -m readlist`."""

from __future__ import annotations

from readlist.cli import (
    arxiv_cmds,  # noqa: F401  (registers the commands)
    challenge_cmds,  # noqa: F401  (registers the commands)
    export_cmds,  # noqa: F401  (registers the commands)
    papers,  # noqa: F401  (registers the commands)
)
from readlist.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="readlist")
