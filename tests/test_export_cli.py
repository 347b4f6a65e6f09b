"""`readlist export` on the command line: formats, filters, -o (atomic, never over the list),
and bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from readlist.errors import StorageError, UsageError
from tests.conftest import Cli, readlist_exe, subprocess_env
from tests.test_export_golden import FIXTURE_LIST


@pytest.fixture
def fixture_list(cli: Cli) -> Cli:
    shutil.copyfile(FIXTURE_LIST, cli.path)
    return cli


def exported_ids(cli: Cli, *args: str) -> list[str]:
    return [p["id"] for p in json.loads(cli.ok("export", "json", *args).stdout)["papers"]]


@pytest.mark.slow
def test_output_file_gets_the_same_bytes_as_stdout(fixture_list: Cli, isolated: Path) -> None:
    for fmt, name in (("markdown", "out.md"), ("bibtex", "out.bib"), ("csv", "out.csv")):
        shown = fixture_list.ok("export", fmt).stdout_bytes
        result = fixture_list.ok("export", fmt, "-o", name)
        assert result.stdout == f"Exported 13 papers as {fmt} to {name}\n"
        assert (isolated / name).read_bytes() == shown
    assert sorted(p.name for p in isolated.iterdir()) == sorted(
        ["list.yaml", "out.md", "out.bib", "out.csv"]
    )  # no temp files left


def test_output_file_replaces_an_old_export_and_keeps_its_mode(
    fixture_list: Cli, isolated: Path
) -> None:
    target = isolated / "old.md"
    target.write_text("old\n")
    target.chmod(0o640)
    fixture_list.ok("export", "md", "--status", "reading", "--output", str(target))
    assert target.read_text(encoding="utf-8").startswith("<!-- readlist export: markdown v1 -->")
    assert "**1 paper** · 1 reading" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_new_output_file_is_readable_like_any_other(fixture_list: Cli, isolated: Path) -> None:
    umask = os.umask(0o022)
    try:
        fixture_list.ok("export", "json", "-o", "new.json")
    finally:
        os.umask(umask)
    assert (isolated / "new.json").stat().st_mode & 0o777 == 0o644


def test_dash_means_stdout(fixture_list: Cli, isolated: Path) -> None:
    result = fixture_list.ok("export", "csv", "-o", "-")
    assert result.stdout.startswith("id,title,")
    assert not (isolated / "-").exists()


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["list.yaml", "./list.yaml", "sub/../list.yaml", "link.yaml"])
def test_refuses_to_overwrite_the_reading_list(
    fixture_list: Cli, isolated: Path, spelling: str
) -> None:
    (isolated / "sub").mkdir()
    (isolated / "link.yaml").symlink_to(fixture_list.path)
    before = fixture_list.path.read_bytes()
    result = fixture_list("export", "markdown", "-o", spelling)
    assert result.exit_code == UsageError.exit_code
    assert result.stderr == (
        f"readlist: error: -o {Path(spelling)} is the reading list; export to another file\n"
    )
    assert result.stdout == ""
    assert fixture_list.path.read_bytes() == before


def test_refuses_to_overwrite_the_lists_backup(fixture_list: Cli, isolated: Path) -> None:
    fixture_list.ok("tag", "2208.12242", "extra")  # a change, so that list.yaml.bak exists
    backup = isolated / "list.yaml.bak"
    before = backup.read_bytes()
    result = fixture_list("export", "csv", "-o", "list.yaml.bak")
    assert result.exit_code == UsageError.exit_code
    assert "is the reading list's backup" in result.stderr
    assert backup.read_bytes() == before


def test_refuses_a_folder_and_a_missing_folder(fixture_list: Cli, isolated: Path) -> None:
    result = fixture_list("export", "markdown", "-o", str(isolated))
    assert result.exit_code == UsageError.exit_code
    assert "is a folder: give a file name" in result.stderr
    result = fixture_list("export", "markdown", "-o", "nowhere/out.md")
    assert result.exit_code == StorageError.exit_code
    assert result.stderr == (
        "readlist: error: cannot write nowhere/out.md: the folder nowhere does not exist\n"
    )


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    fixture_list: Cli, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = isolated / "out.md"
    target.write_text("previous export\n")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = fixture_list("export", "markdown", "-o", "out.md")
    assert result.exit_code == StorageError.exit_code
    assert result.stderr == "readlist: error: cannot write out.md: No space left on device\n"
    assert target.read_text() == "previous export\n"
    assert sorted(p.name for p in isolated.iterdir()) == ["list.yaml", "out.md"]


def test_format_names_and_aliases(fixture_list: Cli) -> None:
    assert fixture_list.ok("export", "md").stdout == fixture_list.ok("export", "Markdown").stdout
    assert fixture_list.ok("export", "bib").stdout.startswith("@misc{ruiz2022dreambooth,")
    result = fixture_list("export", "docx")
    assert result.exit_code == UsageError.exit_code
    assert result.stderr == (
        "readlist: error: unknown export format 'docx': use markdown, bibtex, csv, json or html\n"
    )


def test_group_by_is_checked(fixture_list: Cli) -> None:
    result = fixture_list("export", "csv", "--group-by", "tag")
    assert result.exit_code == UsageError.exit_code
    assert result.stderr == "readlist: error: --group-by applies to markdown only, not to csv\n"
    result = fixture_list("export", "markdown", "--group-by", "colour")
    assert result.exit_code == UsageError.exit_code
    assert "not one of: status, tag, challenge, none" in result.stderr


@pytest.mark.slow
def test_filters_select_papers_as_list_does(fixture_list: Cli) -> None:
    assert exported_ids(fixture_list, "--status", "reading", "--status", "skipped") == [
        "script-alert-x-script-friends",
        "2302.00002",
    ]
    assert exported_ids(fixture_list, "--tag", "NLP") == ["2302.00002", "2303.00003"]
    assert exported_ids(fixture_list, "--source", "abstracts-only") == [
        "text-to-image-diffusion-models"
    ]
    assert exported_ids(fixture_list, "distillation") == ["2210.03142"]
    listed = fixture_list.ok("list", "--tag", "diffusion", "--status", "done").stdout
    exported = exported_ids(fixture_list, "--tag", "diffusion", "--status", "done")
    assert [line.split()[0] for line in listed.splitlines()] == exported


def test_filtered_export_shows_only_the_challenges_of_its_papers(fixture_list: Cli) -> None:
    document = json.loads(fixture_list.ok("export", "json", "--tag", "markdown").stdout)
    assert [c["name"] for c in document["challenges"]] == ["Summer of Papers"]
    text = fixture_list.ok("export", "markdown", "--tag", "markdown").stdout
    # The challenge table stays whole: it names papers the filter left out, unlinked.
    assert "| 1 | 2026-11-20 | On Distillation of Guided Diffusion Models | done |" in text
    assert text.count("](") == 1
    assert json.loads(fixture_list.ok("export", "json", "--tag", "nothing").stdout) == {
        "format": "readlist-export",
        "version": 1,
        "papers": [],
        "challenges": [],
    }


def test_export_of_a_list_that_does_not_exist_yet(cli: Cli) -> None:
    assert cli.ok("export", "csv").stdout_bytes == (
        b"id,title,arxiv,link,status,added,started,finished,tags,challenge,day,authors,published,doi,"
        b"openreview,acl,pmlr,dblp,pubmed\r\n"
    )
    assert not cli.path.exists()


@pytest.mark.slow
def test_stdout_is_utf8_whatever_the_locale(fixture_list: Cli) -> None:
    env = subprocess_env(LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    done = subprocess.run(
        [readlist_exe(), "--file", str(fixture_list.path), "export", "markdown"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Jürgen Schmidhuber".encode() in done.stdout
    assert done.stdout == fixture_list.ok("export", "markdown").stdout_bytes


def test_help_has_an_example(cli: Cli) -> None:
    result = cli.ok("export", "--help")
    assert "Export the reading list as Markdown, BibTeX, CSV, JSON or HTML." in result.stdout
    assert "Example: readlist export markdown" in result.stdout
