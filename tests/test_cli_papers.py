"""The everyday commands through Typer's CliRunner: output, exit codes and the YAML on disk."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from readlist.errors import AmbiguousError, DuplicateError, InputError, NotFoundError, UsageError
from tests.conftest import TODAY, Cli, write_list
from tests.helpers.editor import editor_command


def test_help_lists_every_command(cli: Cli) -> None:
    out = cli.ok("--help").stdout
    for command in (
        "add",
        "list",
        "search",
        "show",
        "start",
        "done",
        "skip",
        "todo",
        "tag",
        "note",
        "rate",
        "rm",
        "edit",
        "open",
    ):
        assert f" {command} " in out


@pytest.mark.parametrize(
    "form",
    [
        "2208.12242",
        "2208.12242v2",
        "arXiv:2208.12242",
        "https://arxiv.org/abs/2208.12242",
        "https://arxiv.org/pdf/2208.12242v2.pdf",
        "https://arxiv.org/html/2208.12242v1",
    ],
)
def test_add_by_any_arxiv_form_gives_one_canonical_record(cli: Cli, form: str) -> None:
    result = cli.ok("add", form, "--offline")
    assert "Added 2208.12242" in result.stdout
    record = cli.papers()["2208.12242"]
    assert record["arxiv"] == "2208.12242"
    assert record["status"] == "todo"
    assert record["added"].isoformat() == TODAY
    assert record["url"] == "https://arxiv.org/abs/2208.12242"
    # Any other form of the same id is the same paper.
    again = cli("add", "arXiv:2208.12242v1", "--offline")
    assert again.exit_code == DuplicateError.exit_code
    assert "already in the list as 2208.12242" in again.stderr
    assert len(cli.papers()) == 1


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [
        ("2208.12242", "https://arxiv.org/abs/2208.12242v2", "2208.12242"),
        ("DreamBooth Fine Tuning Subject Driven", "dreambooth fine-tuning, subject-driven", None),
        ("10.1145/3592433", "https://doi.org/10.1145/3592433", None),
    ],
)
def test_add_the_same_paper_twice_in_one_command_adds_it_once(
    cli: Cli, first: str, second: str, kept: str | None
) -> None:
    result = cli("add", first, second, "--offline")
    assert result.exit_code == DuplicateError.exit_code, result.stdout
    papers = cli.papers()
    assert len(papers) == 1, list(papers)
    only = next(iter(papers))
    assert kept is None or only == kept
    assert result.stdout.count("Added ") == 1
    assert f"already in the list as {only} " in result.stderr
    assert "nothing changed for it" in result.stderr


def test_add_old_style_id(cli: Cli) -> None:
    cli.ok("add", "hep-th/9901001", "--offline")
    assert cli.papers()["hep-th/9901001"]["arxiv"] == "hep-th/9901001"


def test_add_with_tags_note_and_status(cli: Cli) -> None:
    cli.ok(
        "add",
        "2210.03142",
        "--offline",
        "--tag",
        "diffusion",
        "-t",
        "distillation",
        "--note",
        "Two-stage distillation",
        "--status",
        "reading",
    )
    record = cli.papers()["2210.03142"]
    assert record["tags"] == ["diffusion", "distillation"]
    assert record["notes"] == "Two-stage distillation"
    assert record["status"] == "reading"
    assert record["started"].isoformat() == TODAY


def test_add_by_title_and_close_duplicate(cli: Cli) -> None:
    cli.ok("add", "PaLI: A Jointly-Scaled Multilingual Language-Image Model")
    assert (
        cli.papers()["pali"]["title"] == "PaLI: A Jointly-Scaled Multilingual Language-Image Model"
    )
    before = cli.path.read_bytes()
    dup = cli("add", "PaLI: a jointly scaled multilingual language image model")
    assert dup.exit_code == DuplicateError.exit_code
    assert "already in the list as pali" in dup.stderr and "--force" in dup.stderr
    assert cli.path.read_bytes() == before
    cli.ok("add", "PaLI: a jointly scaled multilingual language image model", "--force")
    assert set(cli.papers()) == {"pali", "pali-2"}


def test_add_malformed_arxiv_id_is_a_usage_error(cli: Cli) -> None:
    result = cli("add", "https://arxiv.org/abs/2313.12345")
    assert result.exit_code == UsageError.exit_code
    assert "month 13" in result.stderr
    assert not cli.path.exists()


@pytest.mark.slow
def test_list_filters_sort_limit(sample: Cli) -> None:
    out = sample.ok("list").stdout.splitlines()
    assert [line.split()[0] for line in out] == ["2208.12242", "2210.03142", "pali"]
    assert [ln.split()[0] for ln in sample.ok("list", "--status", "todo").stdout.splitlines()] == [
        "2208.12242"
    ]
    both = sample.ok("list", "-s", "todo", "-s", "done").stdout
    assert "pali" in both and "2210.03142" not in both
    # A tag matches itself and the tags below it.
    assert len(sample.ok("list", "--tag", "AIGC").stdout.splitlines()) == 2
    assert len(sample.ok("list", "--tag", "AIGC/CV").stdout.splitlines()) == 2
    assert len(sample.ok("list", "--tag", "diffusion").stdout.splitlines()) == 2
    assert sample.ok("list", "distillation").stdout.split()[0] == "2210.03142"
    assert sample.ok("list", "ruiz").stdout.split()[0] == "2208.12242"  # authors are searched
    titles = sample.ok("list", "--sort", "title").stdout.splitlines()
    assert [line.split()[0] for line in titles] == ["2208.12242", "2210.03142", "pali"]
    newest = sample.ok("list", "--sort", "added", "--reverse", "--limit", "1").stdout
    assert newest.split()[0] == "pali"
    bad = sample("list", "--sort", "colour")
    assert bad.exit_code == UsageError.exit_code and "--sort" in bad.stderr
    # A title that sorts first although it was added last.
    sample.ok("add", "Attention Is All You Need")
    titles = sample.ok("list", "--sort", "title").stdout.splitlines()
    assert [line.split()[0] for line in titles][:2] == ["attention-is-all-you-need", "2208.12242"]


def test_list_source_filter(cli: Cli) -> None:
    write_list(
        cli.path,
        [
            {"id": "a", "title": "From a list", "sources": ["seeds/aigc-paper-list.md:3"]},
            {"id": "b", "title": "From the thread", "sources": ["seeds/30days.txt:9"]},
        ],
    )
    assert cli.ok("list", "--source", "aigc-paper-list").stdout.split()[0] == "a"


@pytest.mark.slow
def test_list_and_export_filter_on_any_column_of_the_field_table(sample: Cli) -> None:
    def ids(*args: str) -> list[str]:
        return [line.split()[0] for line in sample.ok("list", *args).stdout.splitlines()]

    assert ids("--where", "started=2026-11") == ["2210.03142"]
    assert ids("--where", "arxiv=2208", "--where", "tags=AIGC") == ["2208.12242"]
    assert ids("-w", "tags=diffusion", "-s", "reading") == ["2210.03142"]
    assert sample("list", "--where", "finished=1999").exit_code == NotFoundError.exit_code
    exported = json.loads(sample.ok("export", "json", "--where", "finished=2026").stdout)
    assert [p["id"] for p in exported["papers"]] == ["pali"]
    for bad in ("title=Pa", "started", "status="):
        result = sample("list", "--where", bad)
        assert result.exit_code == UsageError.exit_code and result.stdout == ""
        assert f"--where {bad!r}: give FIELD=TEXT" in result.stderr
        assert "FIELD one of arxiv, status" in result.stderr


@pytest.mark.slow
def test_venue_is_kept_shown_and_filtered(sample: Cli) -> None:
    sample.ok("add", "2303.08774", "--title", "GPT-4 Technical Report", "--offline")
    assert sample.ok("list", "--where", "venue=iclr").stdout.split()[:1] == ["pali"]
    assert sample.ok("list", "ICLR").stdout.split()[:1] == ["pali"]  # words find it too
    nothing = sample("list", "--where", "venue=CVPR")  # finding nothing is not success
    assert nothing.exit_code == NotFoundError.exit_code and nothing.stdout == ""
    shown = sample.ok("show", "pali").stdout.splitlines()
    assert "Venue   ICLR 2023" in shown
    assert shown.index("Venue   ICLR 2023") < next(
        i for i, line in enumerate(shown) if line.startswith("Status")
    )
    # A change to the paper keeps the venue in the YAML, where the field table puts it.
    sample.ok("tag", "pali", "vision")
    record = sample.papers()["pali"]
    assert record["venue"] == "ICLR 2023"
    assert list(record) == ["id", "title", "status", "added", "finished", "tags", "venue"]
    # A venue that is not text is an error naming the paper and field, and nothing changes.
    before = sample.path.read_bytes()
    text = before.decode().replace("venue: ICLR 2023", "venue: {name: ICLR}")
    sample.path.write_text(text, encoding="utf-8")
    bad = sample("list")
    assert bad.exit_code != 0
    assert "paper 'pali': venue: must be text, got dict" in bad.stderr
    assert sample.path.read_text(encoding="utf-8") == text


def test_list_json_has_the_yaml_keys(sample: Cli) -> None:
    records = json.loads(sample.ok("list", "--json").stdout)
    assert [r["id"] for r in records] == ["2208.12242", "2210.03142", "pali"]
    assert records[2]["venue"] == "ICLR 2023"
    assert records[1]["started"] == "2026-11-10"
    assert list(records[0])[:4] == ["id", "title", "arxiv", "status"]


def test_list_is_plain_when_piped_and_a_table_on_a_terminal(sample: Cli) -> None:
    plain = sample.ok("list").stdout
    assert "│" not in plain and "\x1b[" not in plain
    rich = sample.ok("list", env={"READLIST_FORCE_RICH": "1"}).stdout
    assert "Reading list (3 papers)" in rich and "│" in rich
    no_color = sample.ok("list", env={"READLIST_FORCE_RICH": "", "NO_COLOR": "1"}).stdout
    assert no_color == plain


def test_show_by_id_arxiv_form_and_title(sample: Cli) -> None:
    for ref in (
        "2208.12242",
        "https://arxiv.org/abs/2208.12242v3",
        "dreambooth",
        "DreamBooth fine tuning",
    ):
        out = sample.ok("show", ref).stdout
        assert "DreamBooth: Fine Tuning" in out and "Nataniel Ruiz" in out, ref
    text = sample.path.read_text(encoding="utf-8")
    sample.path.write_text(text.replace("  venue: ", "  my_venue: "), encoding="utf-8")
    assert "my_venue  ICLR 2023" in sample.ok("show", "pali").stdout  # unknown keys too


def test_ambiguous_reference_lists_candidates_and_changes_nothing(sample: Cli) -> None:
    before = sample.path.read_bytes()
    result = sample("done", "diffusion")
    assert result.exit_code == AmbiguousError.exit_code
    assert "matches 2 papers" in result.stderr
    assert "2208.12242" in result.stderr and "2210.03142" in result.stderr
    assert sample.path.read_bytes() == before


def test_unknown_reference(sample: Cli) -> None:
    result = sample("show", "quantum gravity")
    assert result.exit_code == NotFoundError.exit_code
    assert "no paper matches 'quantum gravity'" in result.stderr
    missing = sample("show", "2301.00001")
    assert missing.exit_code == NotFoundError.exit_code
    assert "readlist add 2301.00001" in missing.stderr


@pytest.mark.slow
def test_status_commands(sample: Cli) -> None:
    sample.ok("start", "2208.12242")
    record = sample.papers()["2208.12242"]
    assert record["status"] == "reading" and "finished" not in record
    assert record["started"].isoformat() == TODAY
    out = sample.ok("done", "2208.12242", "--date", "2026-11-19").stdout
    assert "on 2026-11-19" in out
    assert sample.papers()["2208.12242"]["finished"].isoformat() == "2026-11-19"
    sample.ok("done", "2210.03142", "--date", "yesterday")
    assert sample.papers()["2210.03142"]["finished"].isoformat() == "2026-11-20"
    sample.ok("skip", "2210.03142")
    assert sample.papers()["2210.03142"]["status"] == "skipped"
    # Back in the queue: the reading it had is kept.
    sample.ok("todo", "pali")
    assert sample.papers()["pali"]["status"] == "todo"
    assert sample.papers()["pali"]["finished"].isoformat() == "2026-11-05"
    bad = sample("done", "pali", "--date", "someday")
    assert bad.exit_code == UsageError.exit_code and "--date 'someday'" in bad.stderr


@pytest.mark.slow
def test_tag_note_rate(sample: Cli) -> None:
    sample.ok("tag", "pali", "vision", "multilingual")
    assert sample.papers()["pali"]["tags"] == ["AIGC/CV", "vision", "multilingual"]
    sample.ok("tag", "pali", "vision", "--remove")
    assert sample.papers()["pali"]["tags"] == ["AIGC/CV", "multilingual"]
    sample.ok("note", "pali", "Scales the ViT to 4B")
    sample.ok("note", "pali", "Second thought")
    assert sample.papers()["pali"]["notes"] == "Scales the ViT to 4B\n\nSecond thought"
    assert "notes: |-" in sample.path.read_text(encoding="utf-8")
    sample.ok("rate", "pali", "5")
    assert sample.papers()["pali"]["rating"] == 5
    bad = sample("rate", "pali", "9")
    assert bad.exit_code == UsageError.exit_code and "1 to 5" in bad.stderr
    sample.ok("rate", "pali", "0")
    assert "rating" not in sample.papers()["pali"]


def test_rm_asks_and_yes_skips_the_question(sample: Cli) -> None:
    before = sample.path.read_bytes()
    declined = sample("rm", "pali", input="n\n")
    assert declined.exit_code == 1 and "Nothing removed" in declined.stdout
    assert sample.path.read_bytes() == before
    accepted = sample("rm", "pali", input="y\n")
    assert accepted.exit_code == 0 and "Removed pali" in accepted.stdout
    assert "pali" not in sample.papers()
    sample.ok("rm", "2210.03142", "--yes")
    assert list(sample.papers()) == ["2208.12242"]


def test_rm_also_removes_the_challenge_day(cli: Cli) -> None:
    write_list(
        cli.path,
        [{"id": "a", "title": "Alpha"}, {"id": "b", "title": "Beta"}],
        challenges=[
            {
                "name": "c",
                "days": 3,
                "entries": [{"day": 1, "paper": "a"}, {"day": 2, "paper": "b"}],
            }
        ],
    )
    out = cli.ok("rm", "a", "--yes").stdout
    assert "its day in: c" in out
    assert cli.data()["challenges"][0]["entries"] == [{"day": 2, "paper": "b"}]


def test_edit_applies_a_valid_edit(sample: Cli, tmp_path: Path) -> None:
    editor = editor_command(
        tmp_path,
        "text = text.replace('status: done', 'status: reading')\n"
        "text += 'my_field: kept\\n'\n"
        "open(path, 'w', encoding='utf-8').write(text)\n",
    )
    result = sample.ok("edit", "pali", env={"EDITOR": editor, "VISUAL": ""})
    assert "Saved pali" in result.stdout
    record = sample.papers()["pali"]
    assert record["status"] == "reading" and record["my_field"] == "kept"


def test_edit_refuses_an_invalid_edit_and_keeps_the_original(sample: Cli, tmp_path: Path) -> None:
    editor = editor_command(
        tmp_path,
        "text = text.replace('status: done', 'status: finished')\n"
        "open(path, 'w', encoding='utf-8').write(text)\n",
    )
    before = sample.path.read_bytes()
    result = sample("edit", "pali", env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == InputError.exit_code
    assert "status" in result.stderr and "'finished' is not one of" in result.stderr
    assert "your edit is kept in" in result.stderr
    assert sample.path.read_bytes() == before


def test_edit_can_rename_and_updates_challenges(cli: Cli, tmp_path: Path) -> None:
    write_list(
        cli.path,
        [{"id": "a", "title": "Alpha"}],
        challenges=[{"name": "c", "days": 3, "entries": [{"day": 1, "paper": "a"}]}],
    )
    editor = editor_command(
        tmp_path,
        "text = text.replace('id: a', 'id: alpha')\n"
        "open(path, 'w', encoding='utf-8').write(text)\n",
    )
    cli.ok("edit", "a", env={"EDITOR": editor, "VISUAL": ""})
    assert list(cli.papers()) == ["alpha"]
    assert cli.data()["challenges"][0]["entries"] == [{"day": 1, "paper": "alpha"}]


def test_edit_without_changes(sample: Cli, tmp_path: Path) -> None:
    editor = editor_command(tmp_path, "")
    before = sample.path.read_bytes()
    assert "No changes" in sample.ok("edit", "pali", env={"EDITOR": editor, "VISUAL": ""}).stdout
    assert sample.path.read_bytes() == before


@pytest.mark.slow
def test_open_uses_the_browser_or_prints_the_link(sample: Cli, tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys\nopen({str(record)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8"
    )
    out = sample.ok("open", "dreambooth", env={"BROWSER": f"{sys.executable} {browser} %s"}).stdout
    assert "https://arxiv.org/abs/2208.12242" in out
    assert record.read_text() == "https://arxiv.org/abs/2208.12242"  # the browser was run
    no_link = sample("open", "pali")
    assert no_link.exit_code == UsageError.exit_code and "has no link" in no_link.stderr
    browse = {"BROWSER": f"{sys.executable} {browser} %s"}
    assert (
        "https://arxiv.org/pdf/2208.12242"
        in sample.ok("open", "dreambooth", "--pdf", env=browse).stdout
    )
    assert record.read_text() == "https://arxiv.org/pdf/2208.12242"
    no_pdf = sample("open", "pali", "--pdf")
    assert no_pdf.exit_code == UsageError.exit_code and "has no PDF link" in no_pdf.stderr


def test_search_is_fuzzy_and_ranked(sample: Cli) -> None:
    out = sample.ok("search", "distilation guided difusion").stdout.splitlines()
    assert out[0].split()[1] == "2210.03142"
    records = json.loads(sample.ok("search", "multilingual image model", "--json").stdout)
    assert records[0]["id"] == "pali" and records[0]["score"] > 80


@pytest.mark.slow
def test_global_file_option_env_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from readlist.cli import app
    from readlist.paths import list_path

    runner = CliRunner()
    env_file = tmp_path / "env.yaml"
    monkeypatch.setenv("READLIST_FILE", str(env_file))
    assert list_path() == env_file
    assert runner.invoke(app, ["add", "Env Paper"]).exit_code == 0
    assert env_file.exists()
    monkeypatch.delenv("READLIST_FILE")
    # Without a data/readlist.yaml here, the user data folder is used.
    assert list_path() == tmp_path / "xdg-data" / "readlist" / "readlist.yaml"
    (Path("data")).mkdir()
    (Path("data") / "readlist.yaml").write_text("version: 1\npapers: []\n", encoding="utf-8")
    assert list_path() == Path("data") / "readlist.yaml"
    assert list_path("other.yaml") == Path("other.yaml")


def test_a_missing_list_is_named_and_not_created(cli: Cli) -> None:
    result = cli("list")
    assert result.exit_code == NotFoundError.exit_code and result.stdout == ""
    assert result.stderr == (
        f"readlist: error: {cli.path} does not exist yet: `readlist add REF` starts it "
        "(`readlist where` says which list is used and why)\n"
    )
    assert not cli.path.exists()


@pytest.mark.parametrize(
    ("pasted", "arxiv"),
    [
        ("https://huggingface.co/papers/2307.10711", "2307.10711"),
        ("https://www.alphaxiv.org/abs/2306.00966", "2306.00966"),
        ("https://doi.org/10.48550/arXiv.2107.13586", "2107.13586"),
        ("https://www.semanticscholar.org/arxiv/2302.03287", "2302.03287"),
    ],
)
def test_add_reads_the_arxiv_id_of_every_pasted_link(cli: Cli, pasted: str, arxiv: str) -> None:
    result = cli.ok("add", pasted, "--offline")
    assert result.stdout.startswith(f"Added {arxiv}") and result.stderr == ""
    paper = cli.papers()[arxiv]
    assert paper["arxiv"] == arxiv and "title" not in paper
    # The same paper pasted again, as its plain id, is the same paper.
    again = cli("add", arxiv, "--offline")
    assert again.exit_code == DuplicateError.exit_code and f"as {arxiv}" in again.stderr


def test_add_keeps_an_unknown_link_as_a_link_and_says_so(cli: Cli) -> None:
    result = cli.ok("add", "https://example.org/papers/some-paper.html", "--offline")
    assert "kept as its link" in result.stderr and "--title" in result.stderr
    (paper,) = cli.papers().values()
    assert paper["url"] == "https://example.org/papers/some-paper.html" and "title" not in paper


@pytest.mark.slow
def test_add_by_doi_keeps_the_doi_and_finds_it_again(cli: Cli) -> None:
    cli.ok("add", "https://doi.org/10.1109/CVPR.2016.90", "--offline")
    (paper,) = cli.papers().values()
    assert paper["doi"] == "10.1109/cvpr.2016.90" and paper["url"] == (
        "https://doi.org/10.1109/cvpr.2016.90"
    )
    again = cli("add", "doi:10.1109/cvpr.2016.90", "--offline")
    assert again.exit_code == DuplicateError.exit_code and paper["id"] in again.stderr
    assert cli.ok("open", "10.1109/CVPR.2016.90", env={"BROWSER": "true"}).stdout


def test_a_ref_with_another_number_is_not_that_paper(cli: Cli) -> None:
    cli.ok("add", "Gemma 2 Technical Report", "--offline")
    result = cli("start", "Gemma 3 Technical Report")
    assert result.exit_code == NotFoundError.exit_code
    assert cli.papers()["gemma-2-technical-report"]["status"] == "todo"
