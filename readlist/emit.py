"""A small YAML emitter for the common paper record, so that changing one paper does not pay
for importing PyYAML (about 15 ms of every write command).

It handles only what it can write unambiguously: text, whole numbers, booleans, dates and
lists of text, with conservative quoting. For anything else it returns None and the caller
uses PyYAML (readlist.yamlio), which verifies its own output. The output follows the same
layout as yamlio's: one key per line, tags as a flow list, other lists as block lists, long
abstracts folded at ABSTRACT_WIDTH, multi-line texts as literal blocks.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

ABSTRACT_WIDTH = 80
BLOCK_KEYS = frozenset({"abstract", "notes", "comment"})
FLOW_LIST_KEYS = frozenset({"tags"})

# Characters that cannot start plain (unquoted) text, and what YAML would read as another type
# (numbers, dates, .inf: they start with a digit, sign, dot or tilde).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_FIRST = _INDICATORS | frozenset("0123456789+.~ ")
_FLOW_INDICATORS = frozenset(",[]{}")
_KEY = re.compile(r"[a-z_][a-z0-9_]*")
# Words YAML 1.1 reads as booleans or null.
_RESERVED = frozenset(["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"])


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
        and not (flow and any(c in _FLOW_INDICATORS for c in value))
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
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        if current and len(current) + 1 + len(word) > ABSTRACT_WIDTH:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


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


def record(data: dict[str, Any]) -> str | None:
    """A paper record as a YAML sequence item, or None when PyYAML must write it."""
    try:
        return _record(data)
    except Unsupported:
        return None


def _record(data: dict[str, Any]) -> str:
    if not data:
        raise Unsupported
    out: list[str] = []
    for key, value in data.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key) or key.lower() in _RESERVED:
            raise Unsupported
        if isinstance(value, list):
            if not value:
                raise Unsupported
            if key in FLOW_LIST_KEYS:
                out.append(f"{key}: [{', '.join(_scalar(v, flow=True) for v in value)}]")
            else:
                out.append(f"{key}:")
                out.extend(f"- {_scalar(v)}" for v in value)
            continue
        if type(value) is str and key in BLOCK_KEYS:
            if "\n" in value:
                lines = _literal(value)
                if lines is None:
                    raise Unsupported
                out.append(f"{key}: |-")
                out.extend(f"  {line}" if line else "" for line in lines)
                continue
            if key == "abstract" and len(value) > ABSTRACT_WIDTH:
                folded = _folded(value)
                if folded is None:
                    raise Unsupported
                out.append(f"{key}: >-")
                out.extend(f"  {line}" for line in folded)
                continue
        out.append(f"{key}: {_scalar(value)}")
    return "- " + out[0] + "\n" + "".join(f"  {line}\n" if line else "\n" for line in out[1:])
