"""The reading list as JSON: every field of every record, and the challenges, in one documented
shape (README.md, "Export"). Pure text out.

    {"format": "readlist-export", "version": 1,
     "papers": [<record, keys and order as in the YAML>...],
     "challenges": [<challenge, keys as in the YAML>...]}
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from readlist.models import Challenge, Paper, jsonable

FORMAT_NAME = "readlist-export"
FORMAT_VERSION = 1


def document(papers: Sequence[Paper], challenges: Sequence[Challenge]) -> dict[str, object]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "papers": [jsonable(p.to_dict()) for p in papers],
        "challenges": [jsonable(c.to_dict()) for c in challenges],
    }


def render(papers: Sequence[Paper], challenges: Sequence[Challenge]) -> str:
    """Indented JSON, Unicode as Unicode, keys in the YAML's order."""
    return json.dumps(document(papers, challenges), ensure_ascii=False, indent=2) + "\n"
