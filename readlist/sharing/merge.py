"""The three-way merge of reading lists, record by record: what git's merge driver runs.

Papers are matched by id, then (when one side renamed a paper, as `resolve` does) by arXiv id,
DOI or normalised title; papers both sides added are one when their ids or arXiv ids agree.
Each field then follows one rule (`merge_field`): a change on one side wins; tags, sources and
recorded clashes are unioned; notes edited on both sides keep both texts; status only moves
forward (todo -> skipped -> reading -> done); a date both sides set afresh keeps the earliest;
arXiv's metadata comes from the side that fetched it last. Anything else changed on both sides
is a clash: ours' value stays in place and the record gets a `conflicts` list (valid YAML that
`readlist conflicts` lists), never `<<<<<<<` markers.

The result keeps ours' bytes wherever nothing changed: its header and comments, its records in
its order (an unchanged record is not even parsed), theirs' new records appended. Pure: bytes
in, bytes out, no disk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from readlist.errors import DataError
from readlist.models import Challenge, InvalidRecord, Paper, source_fields
from readlist.yamlio import Layout

CONFLICTS = "conflicts"
UNION_KEYS = frozenset({"tags", "sources", CONFLICTS})
# Filled by `fetch` from arXiv: on a clash, the side that asked arXiv last knows best.
ARXIV_KEYS = frozenset({*source_fields("arxiv"), "arxiv_title", "fetched"})
STATUS_ORDER = {"todo": 0, "skipped": 1, "reading": 2, "done": 3}
REMOVED, CHANGED = "removed", "changed"


@dataclass(frozen=True)
class Clash:
    """A field both sides changed differently: `where` is a paper id, `challenge NAME` or
    `list` (the file's header)."""

    where: str
    field: str
    ours: Any
    theirs: Any


@dataclass
class MergeResult:
    data: bytes
    clashes: list[Clash]
    merged: int  # papers changed on both sides and merged field by field


# --- one value, one mapping ---------------------------------------------------------------


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _union(base: Any, ours: Any, theirs: Any) -> list[Any] | None:
    """Ours' items then theirs' new ones, less what either side removed."""
    mine, yours = _items(ours), _items(theirs)
    kept_mine, kept_yours = {repr(x) for x in mine}, {repr(x) for x in yours}
    removed = {repr(x) for x in _items(base)} - (kept_mine & kept_yours)
    seen: set[str] = set()
    out = []
    for item in [*mine, *yours]:
        key = repr(item)
        if key not in removed and key not in seen:
            seen.add(key)
            out.append(item)
    return out or None


def _forward(ours: Any, theirs: Any) -> Any:
    rank_ours = STATUS_ORDER.get(str(ours or "todo").strip().lower())
    rank_theirs = STATUS_ORDER.get(str(theirs or "todo").strip().lower())
    if rank_ours is None or rank_theirs is None:
        return None
    return theirs if rank_theirs > rank_ours else ours


def _both_notes(base: Any, ours: Any, theirs: Any) -> Any:
    """Both texts, once each: ours then what theirs added."""
    if not ours or not theirs:
        return ours or theirs  # one side cleared them: the other's text is not lost
    mine, yours = str(ours), str(theirs)
    if base and mine.startswith(str(base)) and yours.startswith(str(base)):
        return mine + yours[len(str(base)) :]
    if yours in mine:
        return ours
    if mine in yours:
        return theirs
    return f"{mine}\n\n{yours}"


def _is_date(value: Any) -> bool:
    return isinstance(value, date)


def merge_field(key: str, base: Any, ours: Any, theirs: Any, newer: str | None) -> tuple[Any, bool]:
    """The merged value of one field and whether it is a clash (then the value is ours').
    `newer` is the side that fetched arXiv's metadata last, if one did."""
    if ours == theirs or key == "id":  # a record's id is settled by merge_record
        return ours, False
    if ours == base:
        return theirs, False
    if theirs == base:
        return ours, False
    if key in UNION_KEYS:
        return _union(base, ours, theirs), False
    if key == "status":
        forward = _forward(ours, theirs)
        return (forward, False) if forward is not None else (ours, True)
    if key == "notes":
        return _both_notes(base, ours, theirs), False
    if key in ARXIV_KEYS and newer is not None:
        return (ours if newer == "ours" else theirs), False
    if base is None and _is_date(ours) and _is_date(theirs):
        return min(ours, theirs), False  # e.g. both marked it done: the first reading counts
    return ours, True


def _key_order(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Ours' keys in ours' order; theirs' new keys after the key they follow in theirs."""
    order = list(ours)
    placed = set(order)
    previous: str | None = None
    for key in theirs:
        if key not in placed:
            at = order.index(previous) + 1 if previous in placed else 0
            if key != CONFLICTS and "abstract" in placed and at > order.index("abstract"):
                at = order.index("abstract")
            order.insert(at, key)
            placed.add(key)
        previous = key
    return order


def _newer(ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    mine, yours = ours.get("fetched"), theirs.get("fetched")
    if isinstance(mine, date) and isinstance(yours, date) and mine != yours:
        return "ours" if mine > yours else "theirs"
    if _is_date(mine) != _is_date(yours):
        return "ours" if _is_date(mine) else "theirs"
    return None


def merge_mapping(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], prefix: str = ""
) -> tuple[dict[str, Any], list[tuple[str, Any, Any]]]:
    """Merge two mappings field by field; the clashes as (field, ours, theirs)."""
    newer = _newer(ours, theirs)
    out: dict[str, Any] = {}
    clashes: list[tuple[str, Any, Any]] = []
    for key in _key_order(ours, theirs):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if (
            isinstance(o, dict)
            and isinstance(t, dict)
            and isinstance(b, dict | None)
            and o != t
            and key != CONFLICTS
        ):
            value, inner = merge_mapping(b or {}, o, t, f"{prefix}{key}.")
            clashes.extend(inner)
        else:
            value, clash = merge_field(key, b, o, t, newer)
            if clash:
                clashes.append((f"{prefix}{key}", o, t))
        if value is not None:
            out[key] = value
    return out, clashes


def _with_clashes(record: dict[str, Any], clashes: list[tuple[str, Any, Any]]) -> dict[str, Any]:
    if not clashes:
        return record
    noted = [{"field": f, "ours": o, "theirs": t} for f, o, t in clashes]
    out = {k: v for k, v in record.items() if k not in (CONFLICTS, "abstract")}
    out[CONFLICTS] = _union(None, record.get(CONFLICTS), noted)
    if "abstract" in record:
        out["abstract"] = record["abstract"]
    return out


def merge_record(
    base: dict[str, Any] | None, ours: dict[str, Any] | None, theirs: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[tuple[str, Any, Any]]]:
    """One paper's merged record (None: removed) and its new clashes. A record removed on one
    side and changed on the other is kept, with a `record` clash saying so."""
    if ours is None or theirs is None:
        present = theirs if ours is None else ours
        if present is None or present == base:
            return None, []
        if base is None:
            return present, []
        clash = (
            "record",
            REMOVED if ours is None else CHANGED,
            CHANGED if ours is None else REMOVED,
        )
        return _with_clashes(present, [clash]), [clash]
    merged, clashes = merge_mapping(base or {}, ours, theirs)
    base_id = (base or {}).get("id")
    merged["id"] = ours["id"] if ours["id"] != base_id else theirs["id"]
    return _with_clashes(merged, clashes), clashes


# --- reading the three versions -------------------------------------------------------------


@dataclass
class Version:
    name: str
    data: bytes
    header: dict[str, Any]
    layout: Layout | None
    chunks: list[bytes]
    records: dict[int, dict[str, Any]] = field(default_factory=dict)  # parsed, by position
    papers: dict[int, Paper] = field(default_factory=dict)


def read_version(data: bytes, name: str) -> Version:
    from readlist.yamlio import read_document

    reader = read_document(data, name)
    if reader.layout is None:
        version = Version(name, data, reader.header, None, [])
        _take(version, dict(enumerate(reader.whole_records or [])))
        return version
    bounds = reader.layout.bounds
    chunks = [data[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
    return Version(name, data, reader.header, reader.layout, chunks)


def _take(version: Version, records: dict[int, Any]) -> None:
    from readlist.index_build import validated

    for position, record in records.items():
        version.papers[position] = validated(record, 0, position + 1, version.name)
        version.records[position] = record


def parse_chunks(version: Version, positions: list[int]) -> None:
    """Parse the records at `positions` in one YAML load (they are sequence items alike)."""
    import yaml

    from readlist.yamlio import Loader, load_text

    if not positions:
        return
    text = b"".join(
        c if c.endswith(b"\n") else c + b"\n" for c in map(version.chunks.__getitem__, positions)
    )
    try:
        items = yaml.load(text, Loader=Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        items = None
    if not isinstance(items, list) or len(items) != len(positions):
        # The cut did not hold: read the file whole, and merge every record.
        document = load_text(version.data, version.name)
        papers = document.get("papers") if isinstance(document, dict) else None
        version.layout, version.chunks = None, []
        _take(version, dict(enumerate(papers or [])))
        return
    _take(version, dict(zip(positions, items, strict=True)))


def read_differing(versions: Sequence[Version]) -> set[bytes]:
    """Parse the records whose bytes are not the same in every version; return the chunks that
    are (those records are unchanged everywhere and never parsed)."""
    common: set[bytes] = set()
    if all(v.layout is not None for v in versions):
        common = set.intersection(*(set(v.chunks) for v in versions))
    for version in versions:
        if version.layout is not None:
            parse_chunks(version, [i for i, c in enumerate(version.chunks) if c not in common])
    if any(v.layout is None for v in versions):
        # One of them is read whole: no record can be taken on trust by its bytes.
        common = set()
        for version in versions:
            if version.layout is not None:
                parse_chunks(
                    version, [i for i in range(len(version.chunks)) if i not in version.records]
                )
    return common


def _record_id(record: dict[str, Any]) -> str:
    return str(record["id"]).strip()


def _same_paper_keys(paper: Paper) -> list[tuple[str, str]]:
    """What makes two records one paper when their ids differ (readlist.identity's ids): the
    arXiv id (also from an arXiv DOI), else the DOI."""
    from readlist.identity import arxiv_of, doi_of

    keys = []
    arxiv, doi = arxiv_of(paper), doi_of(paper)
    if arxiv:
        keys.append(("arxiv", arxiv))
    if doi:
        keys.append(("doi", doi))
    return keys


def _rename_keys(paper: Paper) -> list[tuple[str, str]]:
    """How a renamed record is found in the base: its arXiv id or DOI, else its title key (the
    base of a paper `resolve` renamed had no arXiv id yet)."""
    from readlist.identity import title_key

    keys = _same_paper_keys(paper)
    if paper.title:
        keys.append(("title", title_key(paper.title)))
    return keys


# --- matching records -----------------------------------------------------------------------


@dataclass
class _Group:
    base: int | None = None
    ours: int | None = None
    theirs: int | None = None
    merged: dict[str, Any] | None = None


def _group(base: Version, ours: Version, theirs: Version) -> list[_Group]:
    groups = [_Group(base=p) for p in base.records]
    by_base_id = {_record_id(base.records[g.base]): g for g in groups if g.base is not None}
    by_base_key: dict[tuple[str, str], _Group] = {}
    for g in groups:
        assert g.base is not None
        for key in _rename_keys(base.papers[g.base]):
            by_base_key.setdefault(key, g)
    new_ours: list[_Group] = []
    found: _Group | None
    for side, version in (("ours", ours), ("theirs", theirs)):
        ids_here = {_record_id(r) for r in version.records.values()}
        unmatched = []
        for position, record in version.records.items():
            found = by_base_id.get(_record_id(record))
            if found is not None and getattr(found, side) is None:
                setattr(found, side, position)
            else:
                unmatched.append(position)
        for position in unmatched:
            found = _renamed_from(version.papers[position], side, by_base_key, base, ids_here)
            if found is None and side == "theirs":
                found = _added_by_ours(version.papers[position], ours, new_ours)
            if found is None:
                found = _Group()
                groups.append(found)
                if side == "ours":
                    new_ours.append(found)
            setattr(found, side, position)
    return groups


def _renamed_from(
    paper: Paper,
    side: str,
    by_base_key: dict[tuple[str, str], _Group],
    base: Version,
    ids_here: set[str],
) -> _Group | None:
    for key in _rename_keys(paper):
        g = by_base_key.get(key)
        if g is not None and getattr(g, side) is None:
            assert g.base is not None
            if _record_id(base.records[g.base]) not in ids_here:
                return g
    return None


def _added_by_ours(paper: Paper, ours: Version, new_ours: list[_Group]) -> _Group | None:
    """The record ours added that is this paper theirs added: same id (unless their arXiv ids
    differ, which makes them two papers) or same arXiv id / DOI."""
    from readlist.identity import arxiv_of

    free = [g for g in new_ours if g.theirs is None]
    for g in free:
        assert g.ours is not None
        mine = ours.papers[g.ours]
        ids = {arxiv_of(mine), arxiv_of(paper)} - {None}
        if mine.id == paper.id and len(ids) <= 1:
            return g
    wanted = set(_same_paper_keys(paper))
    for g in free:
        assert g.ours is not None
        if wanted & set(_same_paper_keys(ours.papers[g.ours])):
            return g
    return None


# --- the header: challenges and the rest ----------------------------------------------------


def _translated(header: dict[str, Any], renames: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The header's challenges by folded name, their entries' paper ids renamed as merged."""
    out = {}
    for raw in header.get("challenges") or []:
        if not isinstance(raw, dict) or not raw.get("name"):
            continue
        challenge = dict(raw)
        entries = {}
        for entry in challenge.get("entries") or []:
            if isinstance(entry, dict) and "day" in entry:
                item = dict(entry)
                paper = str(item.get("paper"))
                item["paper"] = renames.get(paper, paper)
                entries[item["day"]] = item
        challenge["entries"] = entries
        out[str(raw["name"]).casefold()] = challenge
    return out


def _merge_entries(
    base: dict[Any, Any], ours: dict[Any, Any], theirs: dict[Any, Any], days: Any
) -> tuple[list[dict[str, Any]], list[tuple[str, Any, Any]]]:
    """Challenge days unioned; a day both sides planned differently keeps ours' paper."""
    clashes: list[tuple[str, Any, Any]] = []
    merged: dict[Any, dict[str, Any]] = {}
    for day in sorted({*ours, *theirs, *base}, key=lambda d: (str(type(d)), d)):
        b, o, t = base.get(day), ours.get(day), theirs.get(day)
        value, clash = merge_field("entry", b, o, t, None)
        if clash:
            clashes.append((f"day {day}", (o or {}).get("paper"), (t or {}).get("paper")))
        if value is not None:
            merged[day] = value
    # A paper is on one day at most; a day beyond the challenge's length cannot stay.
    seen: dict[Any, Any] = {}
    for day in sorted(merged, key=lambda d: (d not in ours, str(type(d)), d)):
        paper = merged[day].get("paper")
        beyond = isinstance(days, int) and isinstance(day, int) and day > days
        if paper in seen or beyond:
            clashes.append((f"day {day}", (ours.get(day) or {}).get("paper"), paper))
            del merged[day]
        else:
            seen[paper] = day
    return [merged[d] for d in sorted(merged, key=lambda d: (str(type(d)), d))], clashes


def _merge_challenge(
    base: dict[str, Any] | None, ours: dict[str, Any] | None, theirs: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[tuple[str, Any, Any]]]:
    if ours is None or theirs is None:
        present = theirs if ours is None else ours
        if present is None or present == base:
            return None, []
        if base is None:
            return {**present, "entries": list(present["entries"].values())}, []
        clash = (
            "challenge",
            REMOVED if ours is None else CHANGED,
            CHANGED if ours is None else REMOVED,
        )
        entries = list(present["entries"].values())
        return _with_clashes({**present, "entries": entries}, [clash]), [clash]
    b = base or {"entries": {}}
    fields, clashes = merge_mapping(
        {k: v for k, v in b.items() if k != "entries"},
        {k: v for k, v in ours.items() if k != "entries"},
        {k: v for k, v in theirs.items() if k != "entries"},
    )
    entries, entry_clashes = _merge_entries(
        b["entries"], ours["entries"], theirs["entries"], fields.get("days")
    )
    clashes.extend(entry_clashes)
    return _with_clashes({**fields, "entries": entries}, clashes), clashes


def merge_header(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    renames: tuple[dict[str, str], dict[str, str], dict[str, str]],
) -> tuple[dict[str, Any], list[Clash]]:
    """The merged header: challenges by name (days unioned), other keys field by field."""
    clashes: list[Clash] = []
    challenges = [_translated(h, r) for h, r in zip((base, ours, theirs), renames, strict=True)]
    b, o, t = challenges
    merged_challenges = []
    for name in [*o, *(n for n in t if n not in o)]:
        merged, found = _merge_challenge(b.get(name), o.get(name), t.get(name))
        if merged is not None:
            merged_challenges.append(merged)
            label = f"challenge {merged.get('name')}"
            clashes.extend(Clash(label, f, mine, yours) for f, mine, yours in found)
    b_rest, o_rest, t_rest = (
        {k: v for k, v in h.items() if k not in ("version", "challenges")}
        for h in (base, ours, theirs)
    )
    others, found = merge_mapping(b_rest, o_rest, t_rest)
    clashes.extend(Clash("list", f, mine, yours) for f, mine, yours in found)
    header = {"version": ours.get("version", 1), "challenges": merged_challenges}
    header.update(_with_clashes(others, found))
    return header, clashes


# --- the merge ------------------------------------------------------------------------------


def merge(base: bytes, ours: bytes, theirs: bytes, name: str = "readlist.yaml") -> MergeResult:
    """Merge three versions of a reading list file. Raises DataError when one of them is not a
    valid reading list (nothing is merged then)."""
    versions = (
        read_version(base, f"{name} (common ancestor)"),
        read_version(ours, f"{name} (ours)"),
        read_version(theirs, f"{name} (theirs)"),
    )
    b, o, t = versions
    common = read_differing(versions)
    groups = _group(b, o, t)
    clashes: list[Clash] = []
    renames: tuple[dict[str, str], dict[str, str], dict[str, str]] = ({}, {}, {})
    merged_count = 0
    taken: set[str] = set()
    for g in groups:
        records = [
            None if p is None else v.records[p]
            for v, p in zip(versions, (g.base, g.ours, g.theirs), strict=True)
        ]
        g.merged, found = merge_record(*records)
        if records[0] != records[1] and records[0] != records[2] and records[1] != records[2]:
            merged_count += 1
        if g.merged is None:
            continue
        merged_id = _free_id(_record_id(g.merged), taken)
        if merged_id != g.merged["id"]:
            g.merged = {**g.merged, "id": merged_id}
        taken.add(merged_id)
        for rename, record in zip(renames, records, strict=True):
            if record is not None and _record_id(record) != merged_id:
                rename[_record_id(record)] = merged_id
        clashes.extend(Clash(merged_id, f, mine, yours) for f, mine, yours in found)
    header, header_clashes = merge_header(b.header, o.header, t.header, renames)
    _check_header(header, name)
    clashes = header_clashes + clashes
    data = _write(versions, groups, common, header, name)
    return MergeResult(data, clashes, merged_count)


def _free_id(paper_id: str, taken: set[str]) -> str:
    candidate, number = paper_id, 1
    while candidate in taken:
        number += 1
        candidate = f"{paper_id}-{number}"
    return candidate


def _check_header(header: dict[str, Any], name: str) -> None:
    for raw in header["challenges"]:
        try:
            Challenge.from_dict(raw)
        except InvalidRecord as exc:
            raise DataError(
                f"{name}: the merged challenge {raw.get('name')!r} would be invalid "
                f"({exc.field}: {exc.problem}); merge it by hand"
            ) from None


# --- writing the result in ours' layout -----------------------------------------------------

_COMMENT_LINE = re.compile(rb"^[ \t]*#")


def _write(
    versions: tuple[Version, Version, Version],
    groups: list[_Group],
    common: set[bytes],
    header: dict[str, Any],
    name: str,
) -> bytes:
    from readlist.yamlio import dump_document

    base, ours, theirs = versions
    layout = ours.layout
    by_ours = {g.ours: g for g in groups if g.ours is not None}
    appended = sorted(
        (g for g in groups if g.ours is None and g.merged is not None),
        key=lambda g: (g.theirs is None, g.theirs or 0),
    )
    if layout is None or not ours.chunks:
        records = []
        for position in range(len(ours.chunks) or len(ours.records)):
            g = by_ours.get(position)
            if g is not None and g.merged is not None:
                records.append(g.merged)
        records.extend(g.merged for g in appended if g.merged is not None)
        return dump_document(header, records).encode("utf-8")
    pieces = [_header_bytes(versions, header, layout)]
    for position, chunk in enumerate(ours.chunks):
        if chunk in common:
            pieces.append(chunk)
            continue
        g = by_ours[position]
        if g.merged is not None:
            pieces.append(_merged_chunk(g, versions, name))
    for g in appended:
        pieces.append(_appended_chunk(g, versions, name))
    if len(pieces) > 1 and not pieces[-1].endswith(b"\n"):
        pieces[-1] += layout.newline
    pieces.append(ours.data[layout.region_end :])
    return b"".join(_ensure_newline(pieces, layout.newline))


def _ensure_newline(pieces: list[bytes], newline: bytes) -> list[bytes]:
    """A record cut from the end of a file may lack its final newline; one that is followed by
    another record gets it."""
    out = []
    for i, piece in enumerate(pieces):
        if piece and not piece.endswith(b"\n") and i < len(pieces) - 1:
            piece += newline
        out.append(piece)
    return out


def _header_bytes(
    versions: tuple[Version, Version, Version], header: dict[str, Any], layout: Layout
) -> bytes:
    """Ours' header bytes (comments and all) when the merge left it as it was; theirs' when
    only theirs changed it; else the merged header written anew."""
    from readlist.yamlio import dump_header

    base, ours, theirs = versions
    if header == _as_merged(ours.header):
        return ours.data[: layout.region_start]
    if (
        theirs.layout is not None
        and base.layout is not None
        and header == _as_merged(theirs.header)
        and ours.data[: layout.region_start] == base.data[: base.layout.region_start]
        and theirs.layout.newline == layout.newline
    ):
        return theirs.data[: theirs.layout.region_start]
    text = dump_header(header, True).encode("utf-8")
    return text.replace(b"\n", layout.newline) if layout.newline != b"\n" else text


def _as_merged(header: dict[str, Any]) -> dict[str, Any]:
    return {"version": header.get("version", 1), "challenges": [], **header}


def _trailing(version: Version, position: int | None) -> bytes | None:
    from readlist.splice import trailing_comments

    if position is None or version.layout is None:
        return None
    return trailing_comments(version.chunks[position], version.layout.indent)


def _merged_chunk(g: _Group, versions: tuple[Version, Version, Version], name: str) -> bytes:
    base, ours, theirs = versions
    assert g.ours is not None and g.merged is not None and ours.layout is not None
    chunk = ours.chunks[g.ours]
    mine = _trailing(ours, g.ours) or b""
    trailing = mine
    if (
        ours.layout is not None
        and theirs.layout is not None
        and theirs.layout.indent == ours.layout.indent
    ):
        yours, original = _trailing(theirs, g.theirs), _trailing(base, g.base)
        if yours is not None and original is not None and mine == original:
            trailing = yours
    if g.merged == ours.records[g.ours]:
        if trailing == mine:
            return chunk
        body = chunk[: len(chunk) - len(mine)] if mine else chunk
    else:
        body = _dump(g.merged, ours.layout, name)
    if trailing and not body.endswith(b"\n"):
        body += ours.layout.newline
    return body + trailing


def _appended_chunk(g: _Group, versions: tuple[Version, Version, Version], name: str) -> bytes:
    _, ours, theirs = versions
    assert g.merged is not None and ours.layout is not None
    if (
        g.theirs is not None
        and theirs.layout is not None
        and g.merged == theirs.records.get(g.theirs)
        and (theirs.layout.indent, theirs.layout.newline)
        == (ours.layout.indent, ours.layout.newline)
    ):
        return theirs.chunks[g.theirs]
    return _dump(g.merged, ours.layout, name)


def _dump(record: dict[str, Any], layout: Layout, name: str) -> bytes:
    from readlist.splice import record_bytes

    return record_bytes(record, b"", layout.indent, layout.newline, name)
