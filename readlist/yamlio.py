"""The reading list's YAML encoding: safe loading, the canonical record layout, and the split of a
file into its header and one chunk per paper record. No disk access here.

A file in the canonical layout reads

    version: 1
    challenges:
    - name: ...
    papers:
    - id: '2208.12242'
      title: ...

Every record starts with a line `- ` at the papers list's indentation, so the file can be cut
into records without parsing it whole; each record then keeps its byte range, which is what lets
the store rewrite one record without touching the others. Files that cannot be cut that way
(flow style, anchors across records...) are parsed whole and rewritten whole.
"""

from __future__ import annotations

import codecs
import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from readlist.emit import (
    ABSTRACT_WIDTH,
    BLOCK_KEYS,
    FLOW_LIST_KEYS,
    FOLDED_KEYS,
    ROWS_KEYS,
    Unsupported,
    field_lines,
    sequence_item,
)
from readlist.errors import DataError
from readlist.items import REGION_END as _REGION_END
from readlist.items import cut_records as cut_records
from readlist.items import item_start as _item
from readlist.models import SourceFloat

try:
    _BaseLoader: type = yaml.CSafeLoader
    _BaseDumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - only where PyYAML was built without libyaml
    _BaseLoader = yaml.SafeLoader
    _BaseDumper = yaml.SafeDumper

FORMAT_VERSION = 1
_UNLIMITED_WIDTH = 1_000_000_000


# What YAML aliases (`*name`) may add to a document beyond what its text holds, in values plus
# characters: a record may reuse an anchor a few times; a "billion laughs" is refused.
ALIAS_GROWTH_LIMIT = 100_000
# What may come before an anchor (`&name`) and what cannot start its name.
_BEFORE_ANCHOR = frozenset(" \t\r\n[{,:")
_NOT_IN_NAME = frozenset(" \t\r\n[]{},")


def _has_anchor(text: str | bytes) -> bool:
    """Whether `text` may hold a YAML anchor: without one there is no alias to measure. Looks
    at each `&` only (a regex over a large file cost more than the load)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace") if b"&" in text else ""
    at = text.find("&")
    while at != -1:
        before = text[at - 1] if at else "\n"
        after = text[at + 1 : at + 2]
        if before in _BEFORE_ANCHOR and after and after not in _NOT_IN_NAME:
            return True
        at = text.find("&", at + 1)
    return False


class Loader(_BaseLoader):
    """The C safe loader (pure-Python SafeLoader only where libyaml is missing), stricter than
    YAML: a key given twice in a mapping is an error (the second would hide the first, and the
    next write would drop it), aliases may not expand beyond ALIAS_GROWTH_LIMIT, and a number
    too long for Python is an error at its line."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._may_alias = not isinstance(stream, str | bytes) or _has_anchor(stream)

    def construct_document(self, node: Any) -> Any:
        if self._may_alias:
            _check_alias_growth(node)
        return super().construct_document(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode) and _has_duplicate_keys(node):
            first_line: dict[str, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                    continue
                line = key_node.start_mark.line + 1
                if key_node.value in first_line:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"the key {key_node.value!r} is given twice (first on line "
                        f"{first_line[key_node.value]}); the second would hide the first: "
                        "merge them into one",
                        key_node.start_mark,
                    )
                first_line[key_node.value] = line
        return super().construct_mapping(node, deep)


def _has_duplicate_keys(node: Any) -> bool:
    """The quick test (set sizes); the loop that names the key runs only when it is true."""
    keys = [key.value for key, _ in node.value if type(key) is yaml.ScalarNode]
    return len(set(keys)) != len(keys)


def _check_alias_growth(root: Any) -> None:
    """Refuse a node graph whose aliases expand it by more than ALIAS_GROWTH_LIMIT (values plus
    characters), or that contains itself; one pass over the distinct nodes."""
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    held = 0
    reused = None
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _child_nodes(node)
        if finished:
            on_path.discard(key)
            expanded[key] = _own_weight(node) + sum(expanded[id(c)] for c in children)
            continue
        if key in expanded:
            reused = reused or node
            continue
        if key in on_path:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias that contains itself; write the value out", node.start_mark
            )
        on_path.add(key)
        held += _own_weight(node)
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    growth = expanded[id(root)] - held
    if growth > ALIAS_GROWTH_LIMIT and reused is not None:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"the aliases of this anchor expand the file by more than {ALIAS_GROWTH_LIMIT:,} "
            "values and characters; write the values out instead of using YAML aliases",
            reused.start_mark,
        )


def _child_nodes(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _own_weight(node: Any) -> int:
    return 1 + (len(node.value) if isinstance(node, yaml.ScalarNode) else 0)


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    try:
        return int(yaml.SafeLoader.construct_yaml_int(loader, node))
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number with {len(node.value):,} characters, too long to read; quote it to keep "
            "it as text",
            node.start_mark,
        ) from None


def _construct_float(loader: Any, node: yaml.ScalarNode) -> float:
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    return SourceFloat(value, node.value)


Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class Folded(str):
    """Text written as a folded block scalar (`>-`), wrapped for reading."""


class Literal(str):
    """Text written as a literal block scalar (`|-`), line breaks kept."""


class DoubleQuoted(str):
    """Text written in double quotes, every character exact (escapes where needed)."""


class Flow(list):
    """A list written on one line: `tags: [Survey, AIGC/CV]`."""


class FlowMap(dict):
    """A mapping written on one line: `- {day: 1, paper: '2208.12242'}`."""


class Dumper(_BaseDumper):
    """The C safe dumper with readlist's scalar and collection styles."""

    def ignore_aliases(self, data: Any) -> bool:
        # Never write anchors and aliases (`&id001`, `*id001`): a started and finished date
        # that are the same object must still read as two plain dates.
        return True


def _str_with_style(style: str) -> Callable[[Any, str], yaml.Node]:
    def represent(dumper: Any, text: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style=style)

    return represent


Dumper.add_representer(Folded, _str_with_style(">"))
Dumper.add_representer(Literal, _str_with_style("|"))
Dumper.add_representer(DoubleQuoted, _str_with_style('"'))
Dumper.add_representer(
    Flow, lambda d, items: d.represent_sequence("tag:yaml.org,2002:seq", list(items), True)
)
Dumper.add_representer(
    FlowMap, lambda d, items: d.represent_mapping("tag:yaml.org,2002:map", dict(items), True)
)
Dumper.add_representer(
    SourceFloat, lambda d, number: d.represent_scalar("tag:yaml.org,2002:float", number.source)
)


def load_text(text: str | bytes, name: str) -> Any:
    """Parse one YAML document; a syntax error becomes a DataError with its line and column."""
    # The collector would walk the growing tree of new objects again and again (half of a big
    # load's time); a parse makes no cycles, so it is paused for the parse.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError(
            f"{where}: {problem}; fix the YAML there (the previous version, if any, is {name}.bak)"
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: not valid YAML ({exc}); fix the file by hand") from None
    finally:
        if collecting:
            gc.enable()


def reads_as(data: bytes, expected: Any, name: str) -> bool:
    """Whether the YAML `data` loads (as load_text loads it) as a value equal to `expected`.
    The parse is libyaml's; where the value is plain data of the kinds readlist writes (text,
    whole numbers, booleans, dates, lists and mappings of them) it is compared node by node,
    which is what load_text would build from those nodes, without building it. Anything else
    (or any difference) is decided by building the value as load_text does."""
    collecting = gc.isenabled()
    gc.disable()
    loader = Loader(data)
    try:
        node = loader.get_single_node()
        if node is not None and not loader._may_alias and _node_is(node, expected):
            return True
        value = loader.construct_document(node) if node is not None else None
        return bool(value == expected)
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()
        if collecting:
            gc.enable()


_STR, _INT, _BOOL, _DATE, _SEQ, _MAP = (
    f"tag:yaml.org,2002:{tag}" for tag in ("str", "int", "bool", "timestamp", "seq", "map")
)


def _node_is(node: Any, value: Any) -> bool:
    """True when the safe constructor would build `value` from `node` exactly: a sufficient
    test (False may still load as `value`; the caller then builds it to decide)."""
    kind, tag = type(value), node.tag
    if kind is str:
        return tag == _STR and node.value == value and type(node) is yaml.ScalarNode
    if kind is dict:
        pairs = node.value
        if tag != _MAP or type(node) is not yaml.MappingNode or len(pairs) != len(value):
            return False
        # Keys in order and equal to a dict's keys: none is given twice, none is a merge key.
        for (key_node, value_node), (key, item) in zip(pairs, value.items(), strict=True):
            if type(key) is not str or not _node_is(key_node, key):
                return False
            if not _node_is(value_node, item):
                return False
        return True
    if kind is list:
        items = node.value
        if tag != _SEQ or type(node) is not yaml.SequenceNode or len(items) != len(value):
            return False
        return all(_node_is(n, v) for n, v in zip(items, value, strict=True))
    if kind is int:
        return tag == _INT and node.value == str(value)
    if kind is bool:
        return tag == _BOOL and node.value == ("true" if value else "false")
    if kind is date:
        return tag == _DATE and node.value == value.isoformat()
    return False


def _dump(data: Any, width: int = _UNLIMITED_WIDTH) -> str:
    return yaml.dump(
        data,
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=width,
        indent=2,
    )


def _styled(key: str, value: Any) -> Any:
    if isinstance(value, str) and key in BLOCK_KEYS:
        block_safe = not value.startswith((" ", "\n")) and not value.endswith(("\n", " "))
        if "\n" in value:
            # A block that would need a chomping or indentation indicator is written quoted.
            return Literal(value) if block_safe else DoubleQuoted(value)
        if key in FOLDED_KEYS and len(value) > ABSTRACT_WIDTH and block_safe:
            return Folded(value)
    if key in FLOW_LIST_KEYS and isinstance(value, list):
        return Flow(value)
    if key in ROWS_KEYS and isinstance(value, list):
        return [FlowMap(row) if isinstance(row, dict) else row for row in value]
    return value


def dump_record(record: dict[str, Any]) -> str:
    """One paper record as a YAML sequence item (`- id: ...`), keys in the order given.

    readlist.emit writes every field it can (all of a common record); PyYAML writes the others,
    one field at a time in the same layout, so a field is written the same way whatever the
    rest of its record holds.
    """
    if not record:
        return "- {}\n"
    fields = []
    for key, value in record.items():
        try:
            fields.append(field_lines(key, value))
        except Unsupported:
            styled = _styled(key, value)
            width = ABSTRACT_WIDTH if isinstance(styled, Folded) else _UNLIMITED_WIDTH
            fields.append(_dump({key: styled}, width=width).splitlines())
    return sequence_item(fields)


def dump_header(header: dict[str, Any], has_papers: bool) -> str:
    """The top of the file: version, challenges, keys readlist does not know, then `papers:`."""
    ordered: dict[str, Any] = {"version": header.get("version", FORMAT_VERSION)}
    challenges = []
    for challenge in header.get("challenges") or []:
        item = dict(challenge)
        for key in ("entries", "breaks"):
            if isinstance(item.get(key), list):
                item[key] = [FlowMap(e) if isinstance(e, dict) else e for e in item[key]]
        if isinstance(item.get("rest_days"), list):
            item["rest_days"] = Flow(item["rest_days"])
        challenges.append(item)
    ordered["challenges"] = challenges
    for key, value in header.items():
        if key not in ("version", "challenges", "papers"):
            ordered[key] = value
    text = _dump(ordered)
    return text + ("papers:\n" if has_papers else "papers: []\n")


def dump_document(header: dict[str, Any], records: list[dict[str, Any]]) -> str:
    """A whole reading list in the canonical layout."""
    return dump_header(header, bool(records)) + "".join(dump_record(r) for r in records)


# --- cutting a file into header and records -------------------------------------------------

_PAPERS_KEY = re.compile(rb"^papers:[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_FIRST_ITEM = re.compile(rb"^( *)-(?:[ \t]|\r?$)", re.MULTILINE)
_BATCH = 256


@dataclass
class Layout:
    """Where the records are in the file's bytes.

    `bounds[i]` is where record i starts and `bounds[i + 1]` where it ends (trailing blank and
    comment lines included); `bounds[-1]` is the end of the papers list.
    """

    region_start: int
    bounds: list[int]
    indent: int
    newline: bytes

    @property
    def region_end(self) -> int:
        return self.bounds[-1]


@dataclass
class ParsedDocument:
    header: dict[str, Any]
    records: list[Any]
    lines: list[int]  # 1-based line of each record, or 0 when unknown
    layout: Layout | None


class CutFailed(Exception):
    """The file could not be read record by record; read it whole instead."""


@dataclass
class DocumentReader:
    """A reading list file whose header is read and whose records are read on demand, a batch
    at a time (so a large file is never held as Python objects all at once)."""

    data: bytes
    name: str
    header: dict[str, Any]
    layout: Layout | None
    whole_records: list[Any] | None = None

    @property
    def total(self) -> int:
        if self.layout is not None:
            return len(self.layout.bounds) - 1
        return len(self.whole_records or [])

    def records(
        self, on_progress: Callable[[int, int], None] | None = None
    ) -> Iterator[tuple[Any, int]]:
        """(record, line) in file order. Raises CutFailed when a batch does not parse as the
        cut promised; the caller then reads the file whole (`read_document(..., whole=True)`)."""
        if self.layout is None:
            for record in self.whole_records or []:
                yield record, 0
            return
        bounds, data, total = self.layout.bounds, self.data, self.total
        line_cache = [0, 1]
        for batch_start in range(0, total, _BATCH):
            batch_end = min(batch_start + _BATCH, total)
            items = load_records(
                data, bounds[batch_start], bounds[batch_end], batch_end - batch_start
            )
            for offset, item in enumerate(items):
                yield item, _line_of(data, bounds[batch_start + offset], line_cache)
            if on_progress:
                on_progress(batch_end, total)


def load_records(data: bytes, start: int, end: int, count: int) -> list[Any]:
    """The `count` records that the cut put between `start` and `end` of `data`; CutFailed when
    those bytes do not parse as exactly that many records."""
    try:
        items = yaml.load(data[start:end], Loader=Loader)
    except yaml.YAMLError:
        raise CutFailed from None
    if not isinstance(items, list) or len(items) != count:
        raise CutFailed
    return items


def _line_of(data: bytes, offset: int, cache: list[int]) -> int:
    """1-based line number of `offset`, counting forward from the last call (offsets ascend)."""
    last_offset, last_line = cache
    line = last_line + data.count(b"\n", last_offset, offset)
    cache[0], cache[1] = offset, line
    return line


def has_aliases(data: bytes, start: int, end: int) -> bool:
    """True when data[start:end] may hold a YAML anchor or alias (`&name`, `*name`), which
    would tie one record to another: one that starts a line, a flow item, or a value after
    `- `, `: ` or `? `. Texts such as `R&D`, `a *word*` or `x*y` do not count."""
    for mark in (b"&", b"*"):
        at = data.find(mark, start, end)
        while at >= 0:
            before = at - 1
            while before >= start and data[before] in b" \t":
                before -= 1
            if (
                before < start
                or data[before] in b"\n[{,"
                or (before < at - 1 and data[before] in b"-:?")
            ):
                return True
            at = data.find(mark, at + 1, end)
    return False


def _cut(data: bytes) -> tuple[int, int, list[int], int] | None:
    keys = list(_PAPERS_KEY.finditer(data))
    if len(keys) != 1:
        return None
    newline_at = data.find(b"\n", keys[0].end())
    region_start = len(data) if newline_at < 0 else newline_at + 1
    end_match = _REGION_END.search(data, region_start)
    region_end = end_match.start() if end_match else len(data)
    first = _FIRST_ITEM.search(data, region_start, region_end)
    if first is None:
        body = data[region_start:region_end]
        if body.strip() and not all(
            ln.strip().startswith(b"#") for ln in body.splitlines() if ln.strip()
        ):
            return None
        return region_start, region_end, [], 0
    indent = len(first.group(1))
    # Nothing but blank lines and comments may come before the first item.
    before = data[region_start : first.start()]
    if any(ln.strip() and not ln.lstrip().startswith(b"#") for ln in before.splitlines()):
        return None
    starts = [m.start() for m in _item(indent).finditer(data, first.start(), region_end)]
    # Comments before the first record belong to the header, so they survive every rewrite.
    return starts[0], region_end, starts, indent


def _check_utf8(data: bytes, name: str) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 24
    for offset in range(0, len(data), step):
        try:
            decoder.decode(data[offset : offset + step], final=offset + step >= len(data))
        except UnicodeDecodeError as exc:
            position = offset + exc.start
            line = data.count(b"\n", 0, position) + 1
            raise DataError(
                f"{name}:{line}: not UTF-8 text (byte {data[position]:#x}); save the file as UTF-8"
            ) from None


def read_document(data: bytes, name: str, whole: bool = False) -> DocumentReader:
    """Read a file's header and find its records. Raises DataError (with line and column) for
    invalid YAML. `whole` skips the record-by-record cut."""
    _check_utf8(data, name)
    if not data.strip():
        return DocumentReader(data, name, {"version": FORMAT_VERSION, "challenges": []}, None, [])
    if not whole and not data.startswith(b"\xef\xbb\xbf"):
        cut = _cut(data)
        if cut is not None:
            reader = _reader_from_cut(data, name, cut)
            if reader is not None:
                return reader
    return _read_whole(data, name)


def parse_document(
    data: bytes,
    name: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> ParsedDocument:
    """Parse a whole reading list file into header and records (validated by the caller)."""
    reader = read_document(data, name)
    try:
        pairs = list(reader.records(on_progress))
    except CutFailed:
        reader = read_document(data, name, whole=True)
        pairs = list(reader.records(on_progress))
    return ParsedDocument(
        reader.header, [r for r, _ in pairs], [line for _, line in pairs], reader.layout
    )


def _check_header(header: Any, name: str) -> dict[str, Any]:
    if not isinstance(header, dict):
        raise DataError(
            f"{name}: the top level must be a mapping with version, challenges and papers; "
            "see README.md for the layout"
        )
    version = header.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise DataError(
            f"{name}: format version {version!r} is not one this readlist knows "
            f"({FORMAT_VERSION}); upgrade readlist or fix the version line"
        )
    challenges = header.get("challenges")
    if challenges is not None and not isinstance(challenges, list):
        raise DataError(f"{name}: 'challenges' must be a list (write 'challenges: []' if none)")
    return header


def _reader_from_cut(
    data: bytes, name: str, cut: tuple[int, int, list[int], int]
) -> DocumentReader | None:
    region_start, region_end, starts, indent = cut
    try:
        header = yaml.load(data[:region_start] + data[region_end:], Loader=Loader)
    except yaml.YAMLError:
        return None
    if not isinstance(header, dict) or header.get("papers", "missing") is not None:
        return None
    header = {k: v for k, v in _check_header(header, name).items() if k != "papers"}
    newline = b"\r\n" if b"\r\n" in data[:region_start] else b"\n"
    layout = Layout(region_start, starts + [region_end], indent, newline)
    return DocumentReader(data, name, header, layout)


def _read_whole(data: bytes, name: str) -> DocumentReader:
    document = load_text(data, name)
    header = _check_header(document, name)
    papers = header.get("papers")
    if papers is None:
        papers = []
    if not isinstance(papers, list):
        raise DataError(f"{name}: 'papers' must be a list of records (write 'papers: []' if none)")
    header = {k: v for k, v in header.items() if k != "papers"}
    return DocumentReader(data, name, header, None, papers)
