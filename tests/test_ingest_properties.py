"""Property tests: any text given to any parser gives candidates or a ReadlistError, never
another exception; detection always names a format; a merge never loses or duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.errors import ReadlistError
from readlist.ingest import detect, pipeline, reader
from readlist.ingest.candidate import Candidate
from readlist.store import Store

# Property tests: hundreds of generated documents per parser.
pytestmark = pytest.mark.slow

# Pieces of the documents readlist reads, so that generated text reaches the parsers' branches.
FRAGMENTS = [
    "\n",
    "\n\n",
    "## ",
    "### ",
    "# ",
    "> ",
    ">\n",
    "- ",
    "* ",
    "1. ",
    "- [x] ",
    "- [ ] ",
    "**",
    "__",
    "[",
    "]",
    "(",
    ")",
    "](https://arxiv.org/abs/2208.12242)",
    "https://arxiv.org/abs/2313.99999",
    "https://arxiv.org/pdf/2210.03629v2.pdf",
    "arXiv:cond-mat/9911396",
    "2208.12242",
    " : ",
    ": ",
    " · ",
    "**done**",
    "tags: a, b",
    "*Untitled:* ",
    "<details><summary>Abstract</summary>",
    "</details>",
    "<!-- readlist export: markdown v1 -->\n",
    "| ",
    " |",
    "|---|---|\n",
    "Title",
    "Name,Date,Paper Link,Status,Tweet link ",
    "title,link,status,day,challenge\n",
    "dreambooth,2-Jan-23,",
    '<a href="https://arxiv.org/abs/2208.12242">x</a>',
    "Done ✨",
    "Day 7 #30daysofDiffusion",
    "Paper: ",
    "arXiv.org",
    "@misc{key,",
    "title = {",
    '{\\"u}',
    "}",
    '"',
    "author = {A and B},",
    "eprint = {2208.12242},",
    '@string{x = "y"}',
    ",",
    ";",
    "\t",
    "\\",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "Diffusion Models Beat GANs on Image Synthesis",
    " We propose a method that is long enough to look like an abstract of a paper. " * 3,
    "\ufeff",
    "\r\n",
    "\u2028",
    "\x00",
]

documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40).map(
    "".join
)

PARSERS = sorted(detect.FORMATS)


@pytest.mark.parametrize("format_name", PARSERS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents)
def test_every_parser_gives_candidates_or_a_clear_error(format_name: str, text: str) -> None:
    parse = detect.parser(format_name)
    try:
        found = parse(text, "doc.txt")
    except ReadlistError as exc:
        assert exc.message.startswith("doc.txt")
        return
    assert isinstance(found, list)
    for candidate in found:
        assert isinstance(candidate, Candidate)
        assert candidate.source.startswith("doc.txt:")
        line = int(candidate.source.rsplit(":", 1)[1])
        assert 1 <= line <= max(1, len(text.splitlines()) + 1)


@settings(max_examples=200, deadline=None)
@given(text=documents, name=st.sampled_from(["a.md", "a.txt", "a.bib", "a.csv", "a", "<stdin>"]))
def test_detection_always_names_a_format(text: str, name: str) -> None:
    assert detect.detect(text, name) in detect.FORMATS


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    document = reader.read_bytes(data, "<stdin>", 1000)
    assert (document.text is None) != (document.error is None)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=documents)
def test_merging_any_document_is_whole_and_idempotent(text: str, tmp_path: Path) -> None:
    """Every entry is accounted for once, and merging the same document again changes
    nothing (into a list that is only in memory here: the store's scratch transaction)."""
    store = Store(tmp_path / "never-written.yaml")
    document = pipeline.parse_input(reader.read_bytes(text.encode("utf-8", "replace"), "d", None))
    if document.file.error:
        return
    library = store.load()
    txn = pipeline.scratch_transaction(library)
    first = pipeline.ingest(txn, [document])
    assert first.found == len(document.candidates)
    assert first.count("new") == len(txn.added)
    second = pipeline.ingest(txn, [document])
    assert second.count("new") == 0
    assert second.count("merged") == 0
    assert not (tmp_path / "never-written.yaml").exists()
