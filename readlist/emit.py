"""The writer of paper records: every field it can write unambiguously (text, whole numbers,
booleans, dates, lists of text and lists of flat mappings, with conservative quoting) is written
here, in the style the field table gives it: one key per line, flow lists on one line, other
lists as block lists, rows of mappings one a line, long folded texts wrapped at ABSTRACT_WIDTH,
multi-line texts as literal blocks. It needs no PyYAML, so changing one paper does not pay for
importing it (about 15 ms of every write).

A field it cannot write (nested mappings, floats, unprintable text...) is left to PyYAML, one
field at a time (readlist.yamlio.dump_record), so that the two never write the same value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from readlist.models import PAPER_FIELDS, Style

ABSTRACT_WIDTH = 80
BLOCK_KEYS = frozenset(s.name for s in PAPER_FIELDS if s.style in (Style.LITERAL, Style.FOLDED))
FOLDED_KEYS = frozenset(s.name for s in PAPER_FIELDS if s.style is Style.FOLDED)
FLOW_LIST_KEYS = frozenset(s.name for s in PAPER_FIELDS if s.style is Style.FLOW)
ROWS_KEYS = frozenset(s.name for s in PAPER_FIELDS if s.style is Style.ROWS)

# Characters that cannot start plain (unquoted) text, and what YAML would read as another type
# (numbers, dates, .inf: they start with a digit, sign, dot or tilde).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_FIRST = _INDICATORS | frozenset("0123456789+.~ ")
_FLOW_INDICATORS = frozenset(",[]{}")
_KEY = re.compile(r"[a-z_][a-z0-9_]*")
# Words YAML 1.1 reads as booleans or null, or as its "value" and "merge" keys.
_RESERVED = frozenset(["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "=", "<<"])


_FOLDED_LINE = re.compile(rf"\S.{{0,{ABSTRACT_WIDTH - 1}}}(?= |$)|\S+")


class Unsupported(Exception):
    """A value this emitter does not write; PyYAML will."""


def _plain(value: str, flow: bool) -> bool:
    """True when `value` reads back as this very text without quotes."""
    return (
        value[0] not in _NOT_FIRST
        and value[-1] not in " :"
        and ": " not in value
        and " #" not in value
        and "  " not in value
        and "\t" not in value
        and value.lower() not in _RESERVED
        # In a flow list PyYAML reads ':' before '?' (and other indicators) as a mapping.
        and not (flow and (":" in value or any(c in _FLOW_INDICATORS for c in value)))
    )


def _text(value: str, flow: bool = False) -> str:
    if not value or not value.isprintable():
        raise Unsupported
    if _plain(value, flow):
        return value
    return "'" + value.replace("'", "''") + "'"


def _scalar(value: Any, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        raise Unsupported
    if isinstance(value, date):
        return value.isoformat()
    if type(value) is str:
        return _text(value, flow)
    raise Unsupported


def _folded(value: str) -> list[str] | None:
    """The lines of a folded block (`>-`), or None when the text cannot be folded exactly."""
    if not value.isprintable() or value != value.strip() or "  " in value or "\t" in value:
        return None
    # Words one space apart (the only white space a printable text holds), as many on a line
    # as fit: a line is the longest run that fits and ends before a space, or one long word.
    return _FOLDED_LINE.findall(value)


def _literal(value: str) -> list[str] | None:
    """The lines of a literal block (`|-`), or None when it needs indicators we do not write."""
    if value.startswith(("\n", " ")) or value.endswith("\n"):
        return None
    lines = value.split("\n")
    for line in lines:
        if line and (not line.isprintable() or not line.strip()):
            return None
        if line != line.rstrip():
            return None
    return lines


def _flow_mapping(row: Any) -> str:
    """`{started: 2024-03-01, finished: 2024-03-09}`. Raises Unsupported."""
    if not isinstance(row, dict) or not row:
        raise Unsupported
    for key in row:
        if not isinstance(key, str) or not _KEY.fullmatch(key) or key.lower() in _RESERVED:
            raise Unsupported
    return "{" + ", ".join(f"{k}: {_scalar(v, flow=True)}" for k, v in row.items()) + "}"


def record(data: dict[str, Any]) -> str | None:
    """A paper record as a YAML sequence item, or None when a field needs PyYAML."""
    if not data:
        return None
    try:
        return sequence_item([field_lines(key, value) for key, value in data.items()])
    except Unsupported:
        return None


def sequence_item(fields: list[list[str]]) -> str:
    """A sequence item from each field's lines (as field_lines gives them)."""
    lines = [line for field in fields for line in field]
    return "- " + lines[0] + "\n" + "".join(f"  {ln}\n" if ln.strip() else "\n" for ln in lines[1:])


@lru_cache(maxsize=256)  # (a record's few keys, written once per record)
def _plain_key(key: str) -> bool:
    """A key written as it is: a lowercase name YAML reads as text."""
    return bool(_KEY.fullmatch(key)) and key.lower() not in _RESERVED


def field_lines(key: Any, value: Any) -> list[str]:
    """One field of a record as YAML lines at the record's indentation. Raises Unsupported."""
    if not isinstance(key, str) or not _plain_key(key):
        raise Unsupported
    if isinstance(value, list):
        if not value:
            raise Unsupported
        if key in FLOW_LIST_KEYS:
            return [f"{key}: [{', '.join(_scalar(v, flow=True) for v in value)}]"]
        if key in ROWS_KEYS:
            return [f"{key}:", *(f"- {_flow_mapping(row)}" for row in value)]
        return [f"{key}:", *(f"- {_scalar(v)}" for v in value)]
    if type(value) is str and key in BLOCK_KEYS:
        if "\n" in value:
            lines = _literal(value)
            if lines is None:
                raise Unsupported
            return [f"{key}: |-", *(f"  {line}" if line else "" for line in lines)]
        if key in FOLDED_KEYS and len(value) > ABSTRACT_WIDTH:
            folded = _folded(value)
            if folded is None:
                raise Unsupported
            return [f"{key}: >-", *(f"  {line}" for line in folded)]
    return [f"{key}: {_scalar(value)}"]
