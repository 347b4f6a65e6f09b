"""Property tests: any records written and read back are equal; unknown fields survive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.models import Paper, Status
from readlist.store import Store
from readlist.yamlio import dump_document, parse_document

settings.register_profile(
    "readlist",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile("readlist")

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)
short = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), short, dates)
unknown_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True), inner, max_size=3),
    ),
    max_leaves=6,
)


def readings(values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A re-read: its dates, and keys of the user's own holding `values`."""
    return st.builds(
        lambda started, finished, extra: {"started": started, **finished, **extra},
        dates,
        st.one_of(st.just({}), dates.map(lambda day: {"finished": day})),
        st.dictionaries(st.from_regex(r"x_[a-z]{1,6}", fullmatch=True), values, max_size=2),
    )


@st.composite
def papers(
    draw: Any,
    index: int = 0,
    text: st.SearchStrategy[str] = texts,
    word: st.SearchStrategy[str] = short,
    notes: st.SearchStrategy[str] = texts,
    abstract: st.SearchStrategy[str] = texts,
    extra_values: st.SearchStrategy[Any] = unknown_values,
) -> Paper:
    """A paper whose texts, short texts, notes, abstract and unknown fields' values (in the
    record and in its re-reads) are drawn from the strategies given."""
    extra = draw(
        st.dictionaries(st.from_regex(r"x_[a-z]{1,10}", fullmatch=True), extra_values, max_size=3)
    )
    return Paper(
        id=f"p{index}-" + draw(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)),
        title=draw(st.one_of(st.none(), text)),
        alias=draw(st.one_of(st.none(), word)),
        version=draw(st.one_of(st.none(), st.integers(1, 30))),
        status=draw(st.sampled_from(list(Status))),
        added=draw(st.one_of(st.none(), dates)),
        finished=draw(st.one_of(st.none(), dates)),
        rereads=draw(st.lists(readings(extra_values), max_size=2)),
        rating=draw(st.one_of(st.none(), st.integers(1, 5))),
        tags=draw(st.lists(word, max_size=4, unique=True)),
        notes=draw(st.one_of(st.none(), notes)),
        authors=draw(st.lists(word, max_size=4)),
        sources=draw(st.lists(word, max_size=2)),
        comment=draw(st.one_of(st.none(), text)),
        abstract=draw(st.one_of(st.none(), abstract)),
        extra=extra,
    )


def _normal(paper: Paper) -> Paper:
    """What a record means after a round trip: empty texts and lists are left out."""
    return Paper.from_dict(paper.to_dict())


@pytest.mark.slow
@given(
    st.lists(st.integers(0, 10**6), min_size=0, max_size=6, unique=True).flatmap(
        lambda keys: st.tuples(*[papers(index=i) for i in range(len(keys))])
    )
)
def test_document_round_trip(records: tuple[Paper, ...]) -> None:
    text = dump_document({"version": 1, "challenges": []}, [p.to_dict() for p in records])
    parsed = parse_document(text.encode("utf-8"), "prop.yaml")
    assert [Paper.from_dict(r) for r in parsed.records] == [_normal(p) for p in records]
    if records:
        assert parsed.layout is not None  # our own output can always be spliced


@pytest.mark.slow
@given(first=papers(index=0), second=papers(index=1), changed=papers(index=0))
def test_spliced_update_round_trip(
    tmp_path_factory: Any, first: Paper, second: Paper, changed: Paper
) -> None:
    path: Path = tmp_path_factory.mktemp("prop") / "list.yaml"
    store = Store(path, index_dir=path.parent / "index")
    with store.transaction() as txn:
        txn.add(first)
        txn.add(second)
    changed.id = first.id
    with store.transaction() as txn:
        txn.update(changed)
    expected = [_normal(changed), _normal(second)]
    assert store.load().all() == expected
    fresh = Store(path, index_dir=path.parent / "fresh").load()
    assert fresh.all() == expected


# Text the fast emitter promises to write: one printable line, or words one space apart. Half
# the pieces are ones YAML gives a meaning to, so that its quoting is tried hard.
YAML_PIECES = ["#", ":", "-", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%"]
YAML_PIECES += ["@", "`", "~", ".", "0", "1.5", "0x1f", "yes", "No", "null", "2023-01-02", ".inf"]
printable = st.text(alphabet=st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=6)
word = st.lists(st.one_of(printable, st.sampled_from(YAML_PIECES)), min_size=1, max_size=4).map(
    "".join
)
line = st.lists(st.one_of(word, st.sampled_from([" ", "  ", " #", ": ", "- "])), min_size=1).map(
    "".join
)
prose = st.lists(word, min_size=1, max_size=40).map(" ".join)
paragraphs = st.lists(prose, min_size=1, max_size=4).map("\n".join)
plain_values = st.one_of(line, st.integers(-(10**6), 10**6), st.booleans(), dates)


# Records as readlist writes them every day: printable texts, dates, numbers.
common_papers = papers(
    text=line, word=line, notes=paragraphs, abstract=prose, extra_values=plain_values
)


@pytest.mark.slow
@given(record=papers(index=0))
def test_one_writer_writes_each_field_the_same_whatever_the_record_holds(record: Paper) -> None:
    import yaml

    from readlist.emit import record as fast_record
    from readlist.yamlio import dump_record

    data = record.to_dict()
    text = dump_record(data)
    assert yaml.load(text, Loader=yaml.CSafeLoader) == [data]
    # The record is its fields, each written as it would be alone...
    alone = [dump_record({key: value}) for key, value in data.items()]
    assert text == alone[0] + "".join("  " + piece[2:] for piece in alone[1:])
    # ...and every field the PyYAML-free writer can write is written by it, byte for byte.
    for (key, value), piece in zip(data.items(), alone, strict=True):
        fast = fast_record({key: value})
        assert fast is None or piece == fast
    fast = fast_record(data)
    assert fast is None or fast == text


def test_a_field_pyyaml_writes_leaves_the_others_as_emit_writes_them() -> None:
    from readlist.emit import record as fast_record
    from readlist.yamlio import dump_record

    plain = {"id": "a", "title": "3D Gaussian Splatting", "alias": "y", "tags": ["x y", "z"]}
    mixed = {**plain, "x_venue": {"name": "ICLR", "year": 2023}}
    assert fast_record(mixed) is None  # a nested mapping needs PyYAML
    assert dump_record(mixed) == fast_record(plain) + "  x_venue:\n    name: ICLR\n    year: 2023\n"


@pytest.mark.slow
@given(record=common_papers)
def test_the_fast_emitter_writes_every_common_record(record: Paper) -> None:
    import yaml

    from readlist.emit import record as fast_record

    data = record.to_dict()
    text = fast_record(data)
    assert text is not None, data
    assert yaml.load(text, Loader=yaml.CSafeLoader) == [data]


def test_fast_emitter_takes_the_common_records() -> None:
    from readlist.emit import record as fast_record

    common = Paper(
        id="2208.12242",
        title="DreamBooth: Fine Tuning Text-to-Image Diffusion Models",
        alias="dreambooth",
        arxiv="2208.12242",
        version=2,
        status=Status.DONE,
        added=dt.date(2026, 11, 21),
        finished=dt.date(2023, 1, 2),
        rating=5,
        tags=["diffusion", "AIGC/CV", "30 days"],
        notes="First line\n\nThird line: with a colon # and a hash",
        authors=["Nataniel Ruiz", "Jürgen Müller", "O'Brien"],
        sources=["seeds/30daysofdiffusion-thread.txt:9"],
        abstract="Large text-to-image models achieved a remarkable leap in the evolution of AI, "
        "enabling high-quality and diverse synthesis of images from a given text prompt.",
    )
    assert fast_record(common.to_dict()) == (
        "- id: '2208.12242'\n"
        "  title: 'DreamBooth: Fine Tuning Text-to-Image Diffusion Models'\n"
        "  alias: dreambooth\n"
        "  arxiv: '2208.12242'\n"
        "  version: 2\n"
        "  status: done\n"
        "  added: 2026-11-21\n"
        "  finished: 2023-01-02\n"
        "  rating: 5\n"
        "  tags: [diffusion, AIGC/CV, '30 days']\n"
        "  notes: |-\n"
        "    First line\n"
        "\n"
        "    Third line: with a colon # and a hash\n"
        "  authors:\n"
        "  - Nataniel Ruiz\n"
        "  - Jürgen Müller\n"
        "  - O'Brien\n"
        "  sources:\n"
        "  - seeds/30daysofdiffusion-thread.txt:9\n"
        "  abstract: >-\n"
        "    Large text-to-image models achieved a remarkable leap in the evolution of AI,\n"
        "    enabling high-quality and diverse synthesis of images from a given text prompt.\n"
    )


def test_texts_yaml_reads_as_other_types_are_quoted() -> None:
    import yaml

    from readlist.yamlio import dump_record

    for text in ("=", "<<", "yes", "~", "null", "1e3", "0x1F", ".5", "-"):
        data = {"id": "a", "title": text, "abstract": text}
        assert yaml.load(dump_record(data), Loader=yaml.CSafeLoader) == [data], text


@given(record=papers(index=0), other=papers(index=0))
def test_reads_as_agrees_with_a_full_load(record: Paper, other: Paper) -> None:
    from readlist.yamlio import dump_record, load_text, reads_as

    data = record.to_dict()
    text = dump_record(data).encode("utf-8")
    assert reads_as(text, [data], "t")
    expected = [other.to_dict()]
    assert reads_as(text, expected, "t") == (load_text(text, "t") == expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- {a: 1}", [{"a": True}]),  # 1 == True: a load compares equal, so must this
        ("- a: 1.5", [{"a": 1.5}]),  # floats are built, not compared node by node
        ("- a: yes", [{"a": "yes"}]),
        ("- a: '1'", [{"a": 1}]),
        ("- a: 007", [{"a": 7}]),  # octal, read as 7
        ("- a: 2024-01-02", [{"a": "2024-01-02"}]),
        ("- a: 2024-01-02 10:00:00", [{"a": dt.date(2024, 1, 2)}]),
        ("- &x a\n- *x", ["a", "a"]),
        ("- {<<: {a: 1}}", [{"a": 1}]),
        ("- {<<: {a: 1}}", [{"<<": {"a": 1}}]),
        ("- [a, b]", [["a", "b"]]),
        ("- [a, b]", [("a", "b")]),
        ("- a: 1\n  b: 2", [{"b": 2, "a": 1}]),  # dicts are equal whatever their order
        ("- a: 1\n  a: 1", [{"a": 1}]),  # a key given twice is an error
        ("- a: [", [{"a": []}]),  # not YAML
        ("", None),
        ("- a\n---\n- b", [["a"]]),  # two documents
    ],
)
def test_reads_as_decides_what_it_cannot_compare_as_a_load_would(text: str, expected: Any) -> None:
    from readlist.errors import DataError
    from readlist.yamlio import load_text, reads_as

    try:
        loaded = load_text(text.encode(), "t") == expected
    except DataError:
        loaded = False
    assert reads_as(text.encode(), expected, "t") == loaded


@given(prose=st.lists(st.one_of(word, st.text("ab", min_size=70, max_size=90)), min_size=1))
def test_a_folded_text_puts_as_many_words_on_a_line_as_fit(prose: list[str]) -> None:
    from readlist.emit import ABSTRACT_WIDTH, _folded

    text = " ".join(prose)
    lines: list[str] = []  # the greedy packing, word by word
    for piece in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(piece) <= ABSTRACT_WIDTH:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    assert _folded(text) == (lines if text.isprintable() else None)


def _careless(data: dict[str, Any]) -> str:
    """A record written with no quoting at all, as a careless writer would."""
    lines = [
        f"{key}: [{', '.join(map(str, value))}]" if isinstance(value, list) else f"{key}: {value}"
        for key, value in data.items()
    ]
    return "- " + "\n  ".join(lines) + "\n"


@given(
    record=st.one_of(common_papers, papers(index=0)),
    careless=st.booleans(),
    indent=st.sampled_from([0, 2]),
)
def test_the_strict_reader_vouches_only_for_what_yaml_reads(
    record: Paper, careless: bool, indent: int
) -> None:
    import yaml

    from readlist import items
    from readlist.yamlio import dump_record

    data = record.to_dict()
    text = _careless(data) if careless else dump_record(data)
    body = "".join(" " * indent + ln if ln.strip() else ln for ln in text.splitlines(True))
    if items.reads_as(body.encode(), [0], [data], indent):
        # Vouched for: libyaml reads exactly this record, each value of the same type.
        assert repr(yaml.load(body, Loader=yaml.CSafeLoader)) == repr([data])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a: yes\n", {"a": "yes"}),
        ("- a: No\n", {"a": "No"}),
        ("- a: =\n", {"a": "="}),
        ("- a: <<\n", {"a": "<<"}),
        ("- a: null\n", {"a": "null"}),
        ("- a: x #y\n", {"a": "x #y"}),
        ("- a: x: y\n", {"a": "x: y"}),
        ("- a: x:\n", {"a": "x:"}),
        ("- a: [b, c]\n", {"a": "[b, c]"}),
        ("- a: [b, c]\n", {"a": ["b", "c"], "b": 1}),
        ("- a: 1\n", {"a": "1"}),
        ("- a: 1\n", {"a": True}),
        ("- a: 007\n", {"a": 7}),
        ("- a: 2024-01-02\n", {"a": "2024-01-02"}),
        ("- a: 'x'\n", {"a": "'x'"}),
        ("- on: x\n", {"on": "x"}),
        ("- a: x\n  a: x\n", {"a": "x"}),
        ("- a: |-\n    x\n     y\n", {"a": "x\ny"}),
        ("- a: >-\n    x\n\n    y\n", {"a": "x y"}),
        ("- a: [x, y:z]\n", {"a": ["x", "y:z"]}),
        ("- a: x\n# a comment\n", {"a": "x"}),
    ],
)
def test_the_strict_reader_leaves_what_yaml_reads_otherwise_to_libyaml(
    text: str, expected: dict[str, Any]
) -> None:
    from readlist import items

    assert not items.reads_as(text.encode(), [0], [expected], 0)


def test_the_strict_reader_vouches_for_every_record_of_the_embedded_list() -> None:
    import yaml

    from readlist import items
    from readlist.emit import record as fast_record
    from tests.conftest import default_list_bytes

    for data in yaml.load(default_list_bytes(), Loader=yaml.CSafeLoader)["papers"]:
        text = fast_record(data)
        assert text is not None and items.reads_as(text.encode(), [0], [data], 0), text
