"""The config file: each setting's value and origin, precedence (option > environment > file >
default), a bad key or value named with its file, and `readlist where`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readlist.cli import app
from readlist.errors import UsageError
from tests.conftest import Cli


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "readlist.toml"
    monkeypatch.setenv("READLIST_CONFIG", str(path))
    return path


def settings(cli: Cli) -> dict[str, dict[str, object]]:
    shown = json.loads(cli.ok("config", "--json").stdout)
    return {row["key"]: row for row in shown["settings"]}


def test_defaults_and_where_each_setting_comes_from(
    cli: Cli, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READLIST_ARXIV_DELAY")  # conftest's 0
    assert settings(cli)["arxiv.delay"] == {
        "key": "arxiv.delay",
        "value": 3.0,
        "from": "default",
        "env": "READLIST_ARXIV_DELAY",
        "help": "Seconds between requests to arXiv.",
    }
    config_file.write_text("[arxiv]\ndelay = 5\n[search]\ncutoff = 55\n", encoding="utf-8")
    monkeypatch.setenv("READLIST_ARXIV_DELAY", "7")
    shown = settings(cli)
    assert (shown["arxiv.delay"]["value"], shown["arxiv.delay"]["from"]) == (
        "7",
        "READLIST_ARXIV_DELAY",
    )
    assert (shown["search.cutoff"]["value"], shown["search.cutoff"]["from"]) == (
        55.0,
        str(config_file),
    )
    text = cli.ok("config").stdout
    assert text.splitlines()[0] == f"Config file: {config_file} (READLIST_CONFIG)"
    assert re.search(rf"\n  search\.cutoff +55 +from {re.escape(str(config_file))}\n", text)


def test_the_arxiv_client_takes_its_pacing_from_the_file(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readlist.arxiv_client import Settings

    config_file.write_text("[arxiv]\ndelay = 6\ntimeout = 12\n", encoding="utf-8")
    monkeypatch.delenv("READLIST_ARXIV_DELAY", raising=False)
    found = Settings.from_env()
    assert (found.delay, found.timeout) == (6.0, 12.0)
    monkeypatch.setenv("READLIST_ARXIV_TIMEOUT", "20")  # the environment beats the file
    assert Settings.from_env().timeout == 20.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[search]\ncutof = 30\n", "unknown setting 'search.cutof'; did you mean search.cutoff?"),
        ("colour = 'red'\n", "unknown setting 'colour' (known: list, cache, arxiv.delay"),
        ("[arxiv]\ndelay = 'soon'\n", "[arxiv] delay must be a number from 0 to 3600, not 'soon'"),
        ("[table]\nstyle = 'fancy'\n", "[table] style must be one of heavy-head, rounded"),
        ("[arxiv\n", "not valid TOML"),
    ],
)
def test_a_bad_config_names_the_key_and_the_file(
    sample: Cli, config_file: Path, text: str, message: str
) -> None:
    config_file.write_text(text, encoding="utf-8")
    result = sample("config")
    assert result.exit_code == UsageError.exit_code
    assert result.stderr.startswith(f"readlist: error: {config_file}: ")
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert sample("list").exit_code == UsageError.exit_code  # every command says so


def test_the_list_from_the_config_file_and_where_says_why(
    sample: Cli, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text(f"list = {str(sample.path)!r}\n", encoding="utf-8")
    runner = CliRunner()
    listed = runner.invoke(app, ["list", "-q"])
    assert listed.exit_code == 0 and "pali" in listed.stdout.split()
    where = json.loads(runner.invoke(app, ["where", "--json"]).stdout)
    assert where["list"] == {
        "path": str(sample.path),
        "chosen_by": f"list in {config_file}",
        "exists": True,
    }
    assert where["config"]["chosen_by"] == "READLIST_CONFIG"
    assert where["index"]["path"].endswith(".sqlite3")
    other = sample.path.with_name("other.yaml")
    monkeypatch.setenv("READLIST_FILE", str(other))  # the environment beats the file
    text = runner.invoke(app, ["where"]).stdout
    assert f"list    {other}  (READLIST_FILE, does not exist yet)" in text
    option = runner.invoke(app, ["where", "--file", str(sample.path)]).stdout
    assert f"list    {sample.path}  (--file)" in option


def test_export_grouping_and_table_style_from_the_file(sample: Cli, config_file: Path) -> None:
    by_status = sample.ok("export", "markdown").stdout
    config_file.write_text("[export]\ngroup_by = 'tag'\n[table]\nstyle = 'ascii'\n", "utf-8")
    by_tag = sample.ok("export", "markdown").stdout
    assert by_tag != by_status and by_tag == sample.ok("export", "md", "-g", "tag").stdout
    drawn = sample.ok("list", env={"READLIST_FORCE_RICH": "1"}).stdout
    assert "+----" in drawn and "━" not in drawn


def test_search_cutoff_from_the_file(sample: Cli, config_file: Path) -> None:
    assert sample.ok("search", "guided", "-q").stdout.split()[0] == "2210.03142"
    config_file.write_text("[search]\ncutoff = 100.0\n", encoding="utf-8")
    assert sample("search", "guided difusion sampler").exit_code == 3  # nothing that good
