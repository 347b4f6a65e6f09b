"""readlist side by side with papis and pubs (issue 7's anchors): the same reading list loaded
into each tool's own format, then listing, searching titles, tagging one paper and the first
command after the data changed behind the tool's back, timed as whole commands.

    .venv/bin/python bench/anchors.py --generate 10000      # make a 10,000-paper list, run
    .venv/bin/python bench/anchors.py path/to/readlist.yaml  # run on a list you have

papis and pubs live in their own virtual environment, bench/envs/anchors/venv (made once, from
PyPI, versions pinned below); the libraries converted from a list are cached beside it under the
list's SHA-256, with their own HOME, config and cache folders, so nothing touches the user's.
readlist runs as the repository's .venv/bin/readlist on a copy of the list in bench/out/anchors/.
Every timed command is checked: exit code 0, the expected number of output lines, the tag really
written to the tool's file. The table goes to stdout and bench/out/anchors.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BENCH = REPO / "bench"
ENV_DIR = BENCH / "envs" / "anchors"
VENV = ENV_DIR / "venv"
OUT = BENCH / "out"
WORK = OUT / "anchors"
READLIST = REPO / ".venv" / "bin" / "readlist"

# pubs 0.9.0 breaks with bibtexparser 2.x; papis 0.16.1 works with 1.4.x too.
PINS = ("papis==0.16.1", "pubs==0.9.0", "bibtexparser==1.4.4")
# Bump when build_libraries writes something else, so cached libraries are converted again.
LIBRARY_FORMAT = "anchors-library 2"
SEARCH_WORD = "diffusion"
# Tags the benchmark adds (and removes at the end): letters and digits only, since pubs reads
# "+" and "-" in a tag argument as add and remove.
TAG_PREFIXES = ("anchorsquery", "anchorsfolder")
TOOLS = ("papis", "pubs", "readlist")


class BenchError(Exception):
    """A step of the benchmark failed; the message says which command and why."""


# --- the bench environment with papis and pubs ------------------------------------------------


def ensure_env() -> dict[str, str]:
    """Create bench/envs/anchors/venv with PINS (once); return the installed versions."""
    python = VENV / "bin" / "python"
    marker = VENV / ".pins"
    wanted = "\n".join(PINS) + "\n"
    if not (python.exists() and marker.exists() and marker.read_text() == wanted):
        print(f"Creating {VENV.relative_to(REPO)} with {', '.join(PINS)} (once)", file=sys.stderr)
        shutil.rmtree(VENV, ignore_errors=True)
        _check([sys.executable, "-m", "venv", str(VENV)], "create the bench venv")
        _check(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINS],
            "install papis and pubs from PyPI",
        )
        marker.write_text(wanted)
    script = (
        "import importlib.metadata as m, json, sys\n"
        "names = ['papis', 'pubs', 'bibtexparser', 'PyYAML']\n"
        "print(json.dumps({n: m.version(n) for n in names} | {'python': sys.version.split()[0]}))"
    )
    return json.loads(_check([str(python), "-c", script], "read the installed versions").stdout)


def _check(command: Sequence[str], what: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode != 0:
        raise BenchError(
            f"could not {what}: `{' '.join(command)}` exited {done.returncode}:\n"
            f"{(done.stderr or done.stdout).strip()[-3000:]}"
        )
    return done


# --- the same papers in papis's and pubs's formats --------------------------------------------


@dataclass
class Libraries:
    """Where one list's papers live for each tool, and the environment that isolates them."""

    root: Path
    list_copy: Path
    readlist_cache: Path

    @property
    def papis_dir(self) -> Path:
        return self.root / "papis" / "library"

    @property
    def papis_config(self) -> Path:
        return self.root / "papis" / "config"

    @property
    def papis_cache(self) -> Path:
        return self.root / "papis" / "cache"

    @property
    def pubs_dir(self) -> Path:
        return self.root / "pubs" / "repository"

    @property
    def pubs_config(self) -> Path:
        return self.root / "pubs" / "pubsrc"

    @property
    def home(self) -> Path:
        return self.root / "home"

    def env(self) -> dict[str, str]:
        home = str(self.home)
        return {
            "PATH": f"{VENV / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": home,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "XDG_CONFIG_HOME": f"{home}/.config",
            "XDG_CACHE_HOME": f"{home}/.cache",
            "XDG_DATA_HOME": f"{home}/.local/share",
            "PAPIS_CONFIG_DIR": str(self.papis_config),
            "PAPIS_CACHE_DIR": str(self.papis_cache),
            "PUBSCONF": str(self.pubs_config),
            "READLIST_CACHE_DIR": str(self.readlist_cache),
            "EDITOR": "true",
            "VISUAL": "true",
        }


def _bibtex_escape(text: str) -> str:
    # Valid BibTeX needs these escaped ("28%" would start a comment). pubs decodes LaTeX in every
    # field it shows whenever a backslash is there, so escaped abstracts slow `pubs list` a lot
    # (0.9 s -> 8.8 s at 10,000 papers, 70% with a "\%"); arXiv's own BibTeX has them too.
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def _bibtex_author(name: str) -> str:
    given, _, family = name.rpartition(" ")
    return f"{family}, {given}" if given else family


def build_libraries(list_path: Path, papers: Sequence[Any], libs: Libraries) -> None:
    """Convert `papers` into a papis library and a pubs repository under `libs.root` (once per
    list content: a `.complete` marker says the conversion finished)."""
    import yaml

    marker = libs.root / ".complete"
    if marker.exists() and marker.read_text().split("\n")[0] == LIBRARY_FORMAT:
        return
    print(f"Converting {len(papers)} papers for papis and pubs (once)", file=sys.stderr)
    shutil.rmtree(libs.root, ignore_errors=True)
    for folder in (libs.papis_dir, libs.papis_config, libs.papis_cache, libs.home, libs.pubs_dir):
        folder.mkdir(parents=True, exist_ok=True)
    env = libs.env()

    # papis: one folder per document with its info.yaml, written the way papis writes it.
    libs.papis_config.joinpath("config").write_text(
        "[settings]\n"
        "default-library = bench\n"
        f"cache-dir = {libs.papis_cache}\n"
        "database-backend = papis\n"
        "\n[bench]\n"
        f"dir = {libs.papis_dir}\n",
        encoding="utf-8",
    )
    for paper in papers:
        folder = libs.papis_dir / _papis_folder(paper)
        folder.mkdir(parents=True, exist_ok=True)
        info = _papis_info(paper)
        text = yaml.dump(info, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        folder.joinpath("info.yaml").write_text(text, encoding="utf-8")

    # pubs: its own `init`, then its own `import` of a BibTeX file of the same papers; tags,
    # which BibTeX does not carry for pubs, and the date added then go into each paper's
    # meta/<key>.yaml, as pubs writes it (tags as a YAML set).
    _check(
        ["pubs", "--config", str(libs.pubs_config), "init", "-p", str(libs.pubs_dir)],
        "initialise the pubs repository",
        env=env,
    )
    bib = libs.root / "pubs" / "papers.bib"
    bib.write_text("".join(_bibtex_entry(p) for p in papers), encoding="utf-8")
    started = time.perf_counter()
    _check(
        ["pubs", "--config", str(libs.pubs_config), "import", str(bib)],
        "import the BibTeX file into pubs",
        env=env,
    )
    print(f"  pubs import: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    for paper in papers:
        meta_path = libs.pubs_dir / "meta" / f"{paper.id}.yaml"
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        meta["tags"] = set(paper.tags)
        if paper.added:
            meta["added"] = datetime.combine(paper.added, datetime.min.time())
        meta_path.write_text(
            yaml.safe_dump(meta, allow_unicode=True, encoding=None, indent=4), encoding="utf-8"
        )
    marker.write_text(f"{LIBRARY_FORMAT}\n{list_path}\n")


def _papis_folder(paper: Any) -> str:
    from readlist.models import slugify

    return f"{paper.id}-{slugify(paper.display_title)[:40]}"


def _papis_id(paper: Any) -> str:
    # papis gives every document a `papis_id` (an MD5 hex digest) the first time it indexes it
    # and writes it to info.yaml; a library papis has already used has one, so ours do too.
    return hashlib.md5(f"readlist-anchors {paper.id}".encode()).hexdigest()


def _year(paper: Any) -> int | None:
    """The publication year, else the one a new-style arXiv id starts with (YYMM.NNNNN)."""
    if paper.published:
        return int(paper.published.year)
    if paper.arxiv and re.match(r"\d{4}\.\d{4,5}", paper.arxiv):
        return 2000 + int(paper.arxiv[:2])
    return None


def _papis_info(paper: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "type": "article",
        "title": paper.title,
        "author": " and ".join(_bibtex_author(a) for a in paper.authors),
        "author_list": [
            {"family": a.rpartition(" ")[2], "given": a.rpartition(" ")[0]} for a in paper.authors
        ],
        "year": _year(paper),
        "ref": paper.id,
        "eprint": paper.arxiv,
        "archiveprefix": "arXiv",
        "primaryclass": paper.primary_category,
        "url": paper.link,
        "tags": list(paper.tags),
        "status": str(paper.status),
        "time-added": f"{paper.added.isoformat()}-12:00:00" if paper.added else None,
        "abstract": paper.abstract,
        "papis_id": _papis_id(paper),
    }
    return {k: v for k, v in info.items() if v not in (None, [], "")}


def _bibtex_entry(paper: Any) -> str:
    fields = {
        "title": paper.title,
        "author": " and ".join(_bibtex_author(a) for a in paper.authors),
        "year": str(_year(paper) or ""),
        "eprint": paper.arxiv,
        "archiveprefix": "arXiv",
        "primaryclass": paper.primary_category,
        "url": paper.link,
        "abstract": paper.abstract,
    }
    body = ",\n".join(
        f"  {key} = {{{_bibtex_escape(value)}}}" for key, value in fields.items() if value
    )
    return f"@article{{{paper.id},\n{body}\n}}\n\n"


# --- timing -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    ms: float
    stdout: str
    stderr: str


def run_timed(command: Sequence[str], env: dict[str, str]) -> Outcome:
    """Run a command to completion and time it; a non-zero exit is a BenchError, not a time."""
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise BenchError(
            f"`{' '.join(command)}` exited {done.returncode}; not timing a failing command:\n"
            f"{(done.stderr or done.stdout).strip()[-2000:]}"
        )
    return Outcome(elapsed, done.stdout, done.stderr)


def _lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


@dataclass
class Step:
    """One tool's command for one row: `prepare(i)` runs untimed before run i, `verify(i, out)`
    checks run i did the work (raising BenchError when it did not)."""

    command: Callable[[int], list[str]]
    verify: Callable[[int, Outcome], None]
    prepare: Callable[[int], None] = lambda i: None
    shown: str = ""


@dataclass
class Row:
    name: str
    steps: dict[str, Step]
    times: dict[str, list[float]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    baseline: str | None = None  # a row whose anchors this readlist command is compared with


def measure(rows: Sequence[Row], runs: int, env: dict[str, str]) -> None:
    """Run every row: one warm-up run, then `runs` timed ones; the tools take turns within a run
    so a change of machine load falls on all of them alike."""
    for row in rows:
        print(f"  {row.name}", file=sys.stderr, end="", flush=True)
        row.times = {tool: [] for tool in row.steps}
        for run in range(runs + 1):
            for tool, step in row.steps.items():
                step.prepare(run)
                outcome = run_timed(step.command(run), env)
                step.verify(run, outcome)
                row.lines[tool] = _lines(outcome.stdout)
                if run:
                    row.times[tool].append(outcome.ms)
            print(".", file=sys.stderr, end="", flush=True)
        print(file=sys.stderr)


def expect_lines(expected: int, tool: str) -> Callable[[int, Outcome], None]:
    def verify(run: int, outcome: Outcome) -> None:
        count = _lines(outcome.stdout)
        if count != expected:
            raise BenchError(
                f"{tool} printed {count} lines, expected {expected}; first lines:\n"
                + "\n".join(outcome.stdout.splitlines()[:5])
                + f"\nstderr: {outcome.stderr.strip()[-1000:]}"
            )

    return verify


# --- reading a record back from each tool's files, to see a change was written ----------------


def readlist_record(path: Path, paper_id: str) -> dict[str, Any]:
    """The record of `paper_id` as it is in the YAML file (its lines only are parsed)."""
    import yaml

    text = path.read_text(encoding="utf-8")
    start = re.search(rf"^- id: '?{re.escape(paper_id)}'?$", text, re.MULTILINE)
    if start is None:
        raise BenchError(f"{paper_id} is not in {path}")
    end = re.compile(r"^(- |\S)", re.MULTILINE).search(text, start.end())
    chunk = text[start.start() : end.start() if end else len(text)]
    return yaml.safe_load(chunk)[0]


def papis_record(libs: Libraries, paper: Any) -> dict[str, Any]:
    import yaml

    info = libs.papis_dir / _papis_folder(paper) / "info.yaml"
    return yaml.safe_load(info.read_text(encoding="utf-8"))


def pubs_meta(libs: Libraries, paper: Any) -> dict[str, Any]:
    import yaml

    meta = libs.pubs_dir / "meta" / f"{paper.id}.yaml"
    return yaml.safe_load(meta.read_text(encoding="utf-8"))


# --- the rows ---------------------------------------------------------------------------------


def make_rows(libs: Libraries, papers: Sequence[Any], pubs_cold: bool) -> list[Row]:
    total = len(papers)
    target = papers[len(papers) // 2]
    papis = ["papis", "--color", "no"]
    pubs = ["pubs", "--config", str(libs.pubs_config)]
    readlist = [str(READLIST), "--file", str(libs.list_copy)]
    rows = []

    rows.append(
        Row(
            "list all papers",
            {
                "papis": Step(lambda i: [*papis, "list", "--all"], expect_lines(total, "papis")),
                "pubs": Step(lambda i: [*pubs, "list"], expect_lines(total, "pubs")),
                "readlist": Step(lambda i: [*readlist, "list"], expect_lines(total, "readlist")),
            },
        )
    )

    # papis and pubs search titles; `readlist list WORDS` searches ids, titles, aliases,
    # authors, tags and notes, so it may print more papers: exactly those.
    def has_word(paper: Any) -> bool:
        fields = [paper.id, paper.title, paper.alias, paper.notes, *paper.authors, *paper.tags]
        return any(SEARCH_WORD in (text or "").casefold() for text in fields)

    in_title = {p.id for p in papers if SEARCH_WORD in (p.title or "").casefold()}
    anywhere = {p.id for p in papers if has_word(p)}

    def readlist_found(run: int, outcome: Outcome) -> None:
        found = {line.split()[0] for line in outcome.stdout.splitlines() if line.strip()}
        if found != anywhere:
            raise BenchError(
                f"readlist list {SEARCH_WORD} printed {len(found)} papers, expected the "
                f"{len(anywhere)} with the word; missing {sorted(anywhere - found)[:5]}, "
                f"unexpected {sorted(found - anywhere)[:5]}"
            )

    rows.append(
        Row(
            f"search '{SEARCH_WORD}' (papis, pubs: in titles)",
            {
                "papis": Step(
                    lambda i: [*papis, "list", "--all", f"title:{SEARCH_WORD}"],
                    expect_lines(len(in_title), "papis"),
                ),
                "pubs": Step(
                    lambda i: [*pubs, "list", f"title:{SEARCH_WORD}"],
                    expect_lines(len(in_title), "pubs"),
                ),
                "readlist": Step(lambda i: [*readlist, "list", SEARCH_WORD], readlist_found),
            },
        )
    )

    title_row = rows[-1].name
    # The same search over the same kinds of fields: papis matches a bare word against its
    # match-format (tags, folder, title, authors, year, ref); pubs has no such search.
    rows.append(
        Row(
            f"search '{SEARCH_WORD}' in any field",
            {
                "papis": Step(
                    lambda i: [*papis, "list", "--all", SEARCH_WORD],
                    expect_lines(len(anywhere), "papis"),
                ),
                "readlist": Step(lambda i: [*readlist, "list", SEARCH_WORD], readlist_found),
            },
        )
    )

    def fuzzy_verify(run: int, outcome: Outcome) -> None:
        if _lines(outcome.stdout) < 2 or SEARCH_WORD not in outcome.stdout.casefold():
            raise BenchError(f"readlist search found nothing:\n{outcome.stdout[:500]}")

    rows.append(
        Row(
            f"fuzzy search '{SEARCH_WORD}' (readlist search)",
            {"readlist": Step(lambda i: [*readlist, "search", SEARCH_WORD], fuzzy_verify)},
            baseline=title_row,
        )
    )

    def tag_row(name: str, prefix: str, papis_target: list[str], papis_shown: str) -> Row:
        def tag_of(run: int) -> str:
            return f"{prefix}{run}"

        def written(tool: str, read: Callable[[], Any]) -> Callable[[int, Outcome], None]:
            def verify(run: int, outcome: Outcome) -> None:
                tags = read()
                if tag_of(run) not in tags:
                    raise BenchError(
                        f"{tool} exited 0 but {target.id} has tags {tags}, not {tag_of(run)}:\n"
                        f"{outcome.stdout[-500:]}{outcome.stderr[-500:]}"
                    )

            return verify

        steps = {
            "papis": Step(
                lambda i: [*papis, "tag", "--add", tag_of(i), *papis_target],
                written("papis", lambda: papis_record(libs, target).get("tags", [])),
                shown=papis_shown,
            ),
            "pubs": Step(
                lambda i: [*pubs, "tag", target.id, tag_of(i)],
                written("pubs", lambda: pubs_meta(libs, target).get("tags", [])),
            ),
            "readlist": Step(
                lambda i: [*readlist, "tag", target.id, tag_of(i)],
                written("readlist", lambda: readlist_record(libs.list_copy, target.id)["tags"]),
            ),
        }
        return Row(name, steps)

    # papis finds a document by a query (here its unique papis_id), or is given its folder.
    by_id = f"papis_id:{_papis_id(target)}"
    rows.append(tag_row("tag one paper", TAG_PREFIXES[0], [by_id], f"papis tag --add TAG {by_id}"))
    folder = libs.papis_dir / _papis_folder(target)
    rows.append(
        tag_row(
            "tag one paper, papis given its folder",
            TAG_PREFIXES[1],
            ["--doc-folder", str(folder)],
            f"papis tag --add TAG --doc-folder {folder.name}",
        )
    )

    # Cold: papis after its cache is gone (it never notices a changed info.yaml by itself, so
    # clearing it is what a user does after a hand edit), readlist after a hand edit of the YAML.
    edited = papers[len(papers) // 3]

    def papis_cache_files() -> list[Path]:
        return [path for path in libs.papis_cache.rglob("*") if path.is_file()]

    def clear_papis_cache(run: int) -> None:
        shutil.rmtree(libs.papis_cache)
        libs.papis_cache.mkdir()

    def papis_rebuilt(run: int, outcome: Outcome) -> None:
        expect_lines(total, "papis")(run, outcome)
        if not papis_cache_files():
            raise BenchError(f"papis listed without rebuilding its cache in {libs.papis_cache}")

    def edit_by_hand(run: int) -> None:
        data = libs.list_copy.read_bytes()
        start = re.search(rb"^- id: '?" + re.escape(edited.id.encode()) + rb"'?$", data, re.M)
        title = re.compile(rb"^  title: .*\n", re.MULTILINE).search(
            data, start.end() if start else 0
        )
        if start is None or title is None:
            raise BenchError(f"cannot find the title of {edited.id} in {libs.list_copy}")
        # A JSON string is a YAML double-quoted scalar.
        line = f"  title: {json.dumps(f'{edited.title} (edited {run})', ensure_ascii=False)}\n"
        with open(libs.list_copy, "wb") as out:  # an editor's kind of write: in place
            out.write(data[: title.start()] + line.encode() + data[title.end() :])

    def edit_seen(run: int, outcome: Outcome) -> None:
        expect_lines(total, "readlist")(run, outcome)
        if f"{edited.title} (edited {run})" not in outcome.stdout:
            raise BenchError(f"readlist did not see the hand edit of {edited.id} (run {run})")

    cold_steps = {
        "papis": Step(
            lambda i: [*papis, "list", "--all"],
            papis_rebuilt,
            prepare=clear_papis_cache,
            shown="papis list --all (cache cleared)",
        ),
        "readlist": Step(
            lambda i: [*readlist, "list"],
            edit_seen,
            prepare=edit_by_hand,
            shown="readlist list (after a hand edit)",
        ),
    }
    rows.append(Row("cold: list all, cache gone / YAML hand-edited", cold_steps))
    if pubs_cold:
        cache = libs.pubs_dir / ".cache"
        rows[-1].steps["pubs"] = Step(
            lambda i: [*pubs, "list"],
            expect_lines(total, "pubs"),
            prepare=lambda i: shutil.rmtree(cache, ignore_errors=True),
            shown="pubs list (cache cleared)",
        )
    return rows


def cleanup_tags(libs: Libraries, target: Any, runs: int, env: dict[str, str]) -> None:
    """Take the benchmark's tags off the target paper again, with each tool's own command."""
    tags = [f"{prefix}{run}" for prefix in TAG_PREFIXES for run in range(runs + 1)]
    papis_remove = [arg for tag in tags for arg in ("--remove", tag)]
    commands = [
        ["papis", "--color", "no", "tag", *papis_remove, f"papis_id:{_papis_id(target)}"],
        ["pubs", "--config", str(libs.pubs_config), "tag", target.id, ":" + "-".join(tags)],
        [str(READLIST), "--file", str(libs.list_copy), "tag", "--remove", target.id, *tags],
    ]
    for command in commands:
        _check(command, "remove the benchmark's tags", env=env)
    left = {
        "papis": papis_record(libs, target).get("tags", []),
        "pubs": pubs_meta(libs, target).get("tags", []),
        "readlist": readlist_record(libs.list_copy, target.id).get("tags", []),
    }
    for tool, tool_tags in left.items():
        if set(tags) & set(tool_tags):
            raise BenchError(f"{tool} kept benchmark tags on {target.id}: {tool_tags}")


# --- the report -------------------------------------------------------------------------------


def shown_command(step: Step, command: list[str], libs: Libraries) -> str:
    if step.shown:
        return step.shown
    words = []
    skip = False
    for word in command:
        if skip:
            skip = False
            continue
        if word in ("--config", "--file", "--color"):
            skip = True
            continue
        words.append(Path(word).name if word == str(READLIST) else word)
    return " ".join(words)


def report(
    rows: Sequence[Row], libs: Libraries, meta: dict[str, Any], json_path: Path
) -> dict[str, Any]:
    by_name = {row.name: row for row in rows}
    results = []
    for row in rows:
        medians = {tool: statistics.median(times) for tool, times in row.times.items()}
        anchors_row = by_name[row.baseline] if row.baseline else row
        anchor_medians = [
            statistics.median(anchors_row.times[tool])
            for tool in ("papis", "pubs")
            if tool in anchors_row.times
        ]
        faster_anchor = min(anchor_medians) if anchor_medians else None
        ratio = faster_anchor / medians["readlist"] if faster_anchor else None
        results.append(
            {
                "name": row.name,
                "commands": {
                    tool: shown_command(step, step.command(1), libs)
                    for tool, step in row.steps.items()
                },
                "median_ms": {tool: round(ms, 1) for tool, ms in medians.items()},
                "runs_ms": {tool: [round(t, 1) for t in ts] for tool, ts in row.times.items()},
                "output_lines": row.lines,
                "anchors_from": anchors_row.name,
                "faster_anchor_ms": round(faster_anchor, 1) if faster_anchor else None,
                "ratio": round(ratio, 2) if ratio else None,
                "goal_met": ratio >= 3 if ratio else None,
            }
        )
    document = {**meta, "goal": "readlist >= 3x faster than the faster anchor", "rows": results}
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document


def print_table(document: dict[str, Any]) -> None:
    def cell(value: float | None) -> str:
        return f"{value:,.0f}" if value is not None else "—"

    header = ("command", "papis ms", "pubs ms", "readlist ms", "ratio")
    body = []
    for result in document["rows"]:
        medians = result["median_ms"]
        ratio = result["ratio"]
        body.append(
            (
                result["name"],
                cell(medians.get("papis")),
                cell(medians.get("pubs")),
                cell(medians.get("readlist")),
                f"{ratio:.2f}x{'' if ratio >= 3 else ' (< 3x)'}" if ratio else "—",
            )
        )
    widths = [max(len(r[i]) for r in (header, *body)) for i in range(len(header))]
    for line in (header, tuple("-" * w for w in widths), *body):
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells))
    versions = document["versions"]
    print(
        f"\n{document['papers']:,} papers, median of {document['runs']} runs after a warm-up; "
        f"ratio = faster of papis/pubs / readlist. papis {versions['papis']}, pubs "
        f"{versions['pubs']} (bibtexparser {versions['bibtexparser']}), Python "
        f"{versions['python']}."
    )
    for result in document["rows"]:
        commands = "; ".join(f"{t}: {c}" for t, c in result["commands"].items())
        print(f"  {result['name']}: {commands}")


# --- main -------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("list", nargs="?", type=Path, help="the readlist YAML reading list")
    parser.add_argument(
        "--generate",
        type=int,
        metavar="N",
        help="first write a list of N generated papers (to LIST, else bench/out/anchors/)",
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument(
        "--pubs-cold",
        action="store_true",
        help="also time pubs after its cache is removed (minutes per run at 10,000 papers)",
    )
    parser.add_argument("--json", type=Path, default=OUT / "anchors.json", help="JSON output")
    args = parser.parse_args(argv)
    if args.list is None and args.generate is None:
        parser.error("give a reading list, or --generate N")
    if not READLIST.exists():
        print(f"anchors: error: {READLIST} is missing; run `make install-test`", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except BenchError as exc:
        print(f"anchors: error: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    list_path: Path = args.list or WORK / f"generated-{args.generate}.yaml"
    if args.generate is not None:
        # Always written anew: it takes seconds, and a list made by an older generator would
        # otherwise be measured unawares (the same seed gives the same bytes, so the converted
        # papis and pubs libraries are still reused).
        from bench.generate import write_list

        print(f"Writing {args.generate} generated papers to {list_path}", file=sys.stderr)
        list_path.parent.mkdir(parents=True, exist_ok=True)
        write_list(list_path, args.generate)
    if not list_path.is_file():
        raise BenchError(f"{list_path}: no such reading list")

    versions = ensure_env()
    digest = hashlib.sha256(list_path.read_bytes()).hexdigest()[:16]
    libs = Libraries(
        root=ENV_DIR / "libraries" / digest,
        list_copy=WORK / "readlist.yaml",
        readlist_cache=WORK / "readlist-cache",
    )
    os.environ["READLIST_CACHE_DIR"] = str(libs.readlist_cache)
    from readlist.store import Store

    papers = Store(list_path).load().all()
    if not papers:
        raise BenchError(f"{list_path} has no papers")
    build_libraries(list_path, papers, libs)

    WORK.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(list_path, libs.list_copy)
    env = libs.env()
    _check([str(READLIST), "--file", str(libs.list_copy), "list", "--limit", "1"], "index", env=env)

    load_before = os.getloadavg()
    print(f"Timing ({args.runs} runs + 1 warm-up each)", file=sys.stderr)
    rows = make_rows(libs, papers, args.pubs_cold)
    measure(rows, args.runs, env)
    cleanup_tags(libs, papers[len(papers) // 2], args.runs, env)
    meta = {
        "list": str(list_path),
        "papers": len(papers),
        "runs": args.runs,
        "versions": versions,
        "cpus": os.cpu_count(),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    document = report(rows, libs, meta, args.json)
    print_table(document)
    print(f"\nWritten to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
