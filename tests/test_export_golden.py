"""Golden files: `readlist export` of known lists must give exactly the bytes stored in
tests/fixtures/export/golden/. After a deliberate change, regenerate them with

    READLIST_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_golden.py

and review the diff before committing.

The lists: the hand-made edge-case list tests/fixtures/export/list.yaml and, when it exists, the
embedded default list data/readlist.yaml (goldens named after each list's file name).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, Cli, default_list_bytes
from tests.helpers.golden import match_golden

EXPORT_FIXTURES = FIXTURES / "export"
GOLDEN = EXPORT_FIXTURES / "golden"
FIXTURE_LIST = EXPORT_FIXTURES / "list.yaml"
DEFAULT_LIST = ROOT / "data" / "readlist.yaml"
LISTS = [FIXTURE_LIST] + ([DEFAULT_LIST] if DEFAULT_LIST.is_file() else [])

# (golden file suffix, export arguments)
VARIANTS = [
    (".md", ["markdown"]),
    (".by-tag.md", ["markdown", "--group-by", "tag"]),
    (".by-challenge.md", ["markdown", "--group-by", "challenge"]),
    (".flat.md", ["markdown", "--group-by", "none"]),
    (".bib", ["bibtex"]),
    (".csv", ["csv"]),
    (".json", ["json"]),
]


def copy_list(source: Path, target: Path) -> None:
    if source == DEFAULT_LIST:
        target.write_bytes(default_list_bytes())  # as committed, whatever the tour did to it
    else:
        shutil.copyfile(source, target)


@pytest.mark.slow
@pytest.mark.parametrize("source", LISTS, ids=lambda p: p.relative_to(ROOT).as_posix())
@pytest.mark.parametrize("suffix,args", VARIANTS, ids=[v[0].lstrip(".") for v in VARIANTS])
def test_export_matches_golden(cli: Cli, source: Path, suffix: str, args: list[str]) -> None:
    copy_list(source, cli.path)
    result = cli.ok("export", *args)
    produced = result.stdout_bytes
    match_golden(produced, GOLDEN / f"{source.stem}{suffix}", ROOT)  # CSV's \r\n too


@pytest.mark.slow
@pytest.mark.parametrize("source", LISTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_export_is_deterministic_and_leaves_the_list_alone(cli: Cli, source: Path) -> None:
    copy_list(source, cli.path)
    before = cli.path.read_bytes()
    for _suffix, args in VARIANTS:
        first = cli.ok("export", *args).stdout_bytes
        second = cli.ok("export", *args).stdout_bytes
        assert first == second, args
    assert cli.path.read_bytes() == before
    assert not cli.path.with_name(cli.path.name + ".bak").exists()
