"""The items of a papers list in bytes, without PyYAML: where they start (the cut that lets one
record be rewritten alone), and a strict reader that says whether an item reads as a record.

The reader is the first half of a write's read-back check (readlist.splice.check). It follows
YAML 1.1 as PyYAML's safe loader reads it, not readlist's writer: it knows a small part of
YAML (one mapping per item: plain, single-quoted, literal and folded scalars; flow and block
lists; flow mappings in lists) and the implicit types of that loader's resolver table, and it
answers True only when it is sure the text reads as the record, type for type. Anything else
(a text it does not know, a doubt, a difference) is left to libyaml (yamlio.reads_as), which
decides; so a wrong writer can never get past the check, and PyYAML is imported only when the
reader cannot vouch for the text.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

# The first line after the papers list: anything at column 0 that is not an item or a comment.
REGION_END = re.compile(rb"^(?![ \t\r\n#]|-[ \t]|-\r?\n|-\r?$)", re.MULTILINE)


def item_start(indent: int) -> re.Pattern[bytes]:
    """A line that starts an item of the papers list, at its indentation."""
    return re.compile(rb"^" + b" " * indent + rb"-(?:[ \t]|\r?$)", re.MULTILINE)


def cut_records(data: bytes, start: int, end: int, indent: int) -> list[int] | None:
    """Where the records of data[start:end] start, for a piece of a papers list at `indent`
    that must begin with a record and stay inside the list; None when it does not."""
    if start == end:
        return []
    if end < len(data) and data[end - 1 : end] != b"\n":
        return None  # what follows would not start a line
    starts = [m.start() for m in item_start(indent).finditer(data, start, end)]
    if not starts or starts[0] != start:
        return None
    outside = REGION_END.search(data, start, end)
    if outside is not None and outside.start() < end:  # a line that ends the papers list
        return None
    return starts


# --- the strict reader ----------------------------------------------------------------------

# PyYAML's implicit resolvers (YAML 1.1) for what a plain scalar may turn into besides text.
# Only bool and null can start with a letter; int, float, timestamp, merge (<<) and value (=)
# start with a digit, a sign, a dot, '<' or '='.
_BOOL = re.compile(
    r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\Z"
)
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
# The forms of those it reads here (a subset of the int and timestamp resolvers' forms).
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_KEY = re.compile(r"[a-z_][a-z0-9_]*\Z")
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
# What ends or changes a plain scalar inside a flow collection ([...], {...}).
_FLOW_SPECIAL = frozenset(",[]{}:#?")


class _Unsure(Exception):
    """The text is outside what this reader knows for certain."""


def reads_as(data: bytes, starts: list[int], expected: list[dict[str, Any]], indent: int) -> bool:
    """True when the items of `data` (one starting at each of `starts`) surely read as the
    `expected` records, each value of the very same type; False when unsure (libyaml decides
    then)."""
    if len(starts) != len(expected):
        return False
    try:
        items = [
            data[start:end].decode("utf-8")
            for start, end in zip(starts, [*starts[1:], len(data)], strict=True)
        ]
        return all(
            _same(_item(item, indent), record) for item, record in zip(items, expected, strict=True)
        )
    except (_Unsure, UnicodeDecodeError):
        return False


def _same(read: Any, expected: Any) -> bool:
    """Equal and of the same type all the way down (so that True is not 1, nor a date a
    datetime), mappings in the same key order."""
    if type(read) is not type(expected):
        return False
    if type(read) is dict:
        return list(read) == list(expected) and all(_same(read[k], expected[k]) for k in read)
    if type(read) is list:
        return len(read) == len(expected) and all(map(_same, read, expected))
    return bool(read == expected)


def _item(text: str, indent: int) -> dict[str, Any]:
    """One item (`- key: value` and its other lines, at `indent`) as the mapping it holds."""
    if "\r" in text or not text.endswith("\n"):
        raise _Unsure
    pad = " " * indent
    lines = []
    for line in text[:-1].split("\n"):
        if line and not line.startswith(pad):
            raise _Unsure
        lines.append(line[indent:])
    if not lines[0].startswith("- "):
        raise _Unsure
    lines[0] = "  " + lines[0][2:]
    record: dict[str, Any] = {}
    at = 0
    while at < len(lines):
        line = lines[at]
        at += 1
        key, colon, rest = line[2:].partition(":")
        if not line.startswith("  ") or not colon or not _is_key(key) or key in record:
            raise _Unsure
        if rest == "":  # a block list: `  - value` lines at the key's indentation
            values = []
            while at < len(lines) and lines[at].startswith("  - "):
                values.append(_value(lines[at][4:], flow=False))
                at += 1
            if not values:
                raise _Unsure  # (an empty value: null)
            record[key] = values
        elif rest in (" |-", " >-"):
            block = []
            while at < len(lines) and (lines[at].startswith("    ") or not lines[at]):
                block.append(lines[at])
                at += 1
            record[key] = _block(block, folded=rest == " >-")
        elif rest.startswith(" "):
            record[key] = _value(rest[1:], flow=False)
        else:
            raise _Unsure
    return record


@lru_cache(maxsize=256)  # (a record's few keys, read once per record written)
def _is_key(key: str) -> bool:
    return bool(_KEY.match(key)) and not _BOOL.match(key) and not _NULL.match(key)


def _block(lines: list[str], folded: bool) -> str:
    """A literal (`|-`) or folded (`>-`) block's text: its lines at four spaces (the first
    not indented further), printable, no white space at their ends; a folded one has no
    empty lines (its lines join with single spaces)."""
    if not lines or not lines[0].strip() or lines[0][4:5] == " ":
        raise _Unsure
    content = []
    for line in lines:
        body = line[4:]
        if line and (not body.isprintable() or body != body.rstrip()):
            raise _Unsure
        if folded and (not body or body[0] == " "):
            raise _Unsure
        content.append(body)
    return " ".join(content) if folded else "\n".join(content).rstrip("\n")


def _value(token: str, flow: bool) -> Any:
    """A value written on one line: a scalar, a flow list (`[a, b]`) or, in a block list, a
    flow mapping (`{day: 1, paper: x}`)."""
    if token.startswith("[") and token.endswith("]") and not flow:
        return [_scalar(item, flow=True) for item in _flow_items(token[1:-1])]
    if token.startswith("{") and token.endswith("}") and not flow:
        pairs: dict[str, Any] = {}
        for item in _flow_items(token[1:-1], keyed=True):
            key, _, value = item.partition(": ")
            if not _is_key(key) or key in pairs:
                raise _Unsure
            pairs[key] = _scalar(value, flow=True)
        return pairs
    return _scalar(token, flow)


def _flow_items(body: str, keyed: bool = False) -> list[str]:
    """The items of a flow collection's inside, `a, 'b, c', d` (each `key: value` when
    `keyed`), split where a comma and a space end one."""
    items = []
    at = 0
    while True:
        value_at = at
        if keyed:
            colon = body.find(": ", at)
            if colon < 0:
                raise _Unsure
            value_at = colon + 2
        if body.startswith("'", value_at):
            quoted = _QUOTED.match(body, value_at)
            if quoted is None:
                raise _Unsure
            end = quoted.end()
        else:
            end = body.find(",", value_at)
            end = len(body) if end < 0 else end
        items.append(body[at:end])
        if end == len(body):
            return items
        if not body.startswith(", ", end):
            raise _Unsure
        at = end + 2


def _scalar(token: str, flow: bool) -> Any:
    """A single-quoted or plain scalar's value, as PyYAML's safe loader builds it."""
    if not token or not token.isprintable():
        raise _Unsure
    if token[0] == "'":
        quoted = _QUOTED.fullmatch(token)
        if quoted is None:
            raise _Unsure
        return quoted.group(1).replace("''", "'")
    if _DECIMAL.match(token):
        if len(token) > 100:
            raise _Unsure  # (Python may refuse to convert a long one)
        return int(token)
    if _DATE.match(token):
        try:
            return date.fromisoformat(token)
        except ValueError:
            raise _Unsure from None
    if token in ("true", "false"):
        return token == "true"
    # Text: a plain scalar that starts with a letter (no indicator, no number, no date) and
    # that no resolver reads as a boolean or null; nothing in it may end it early (`: `,
    # ` #`, a final colon; in a flow collection, its indicators).
    if not token[0].isalpha() or _BOOL.match(token) or _NULL.match(token):
        raise _Unsure
    if token != token.strip() or "  " in token or ": " in token or " #" in token:
        raise _Unsure
    if token.endswith(":") or (flow and any(c in _FLOW_SPECIAL for c in token)):
        raise _Unsure
    return token
