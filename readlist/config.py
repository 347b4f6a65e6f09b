"""The settings people choose once, each declared once in SETTINGS: its key in the config file
(TOML), the environment variables that override it, its default, and what it is for (the
default list, pacing, thresholds, export and table style, and what has no place in the reading
list: a Semantic Scholar API key, the address Crossref's polite pool asks for).

The file is READLIST_CONFIG, else config.toml in the user's config folder
(~/.config/readlist/ on Linux). An environment variable beats the file; an option beats both.
A key the table does not know, or a value of the wrong kind, is an error naming the key and the
file.

    [semantic_scholar]
    api_key = "..."
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any, NamedTuple

from readlist.errors import UsageError


class Setting(NamedTuple):
    key: str  # dotted: "arxiv.delay" is `delay` in the file's [arxiv] table
    kind: str  # "path", "seconds", "score" (0-100), "choice" or "text"
    default: Any
    help: str
    env: str | None = None
    choices: tuple[str, ...] = ()
    other_env: tuple[str, ...] = ()  # also read, after `env`

    @property
    def envs(self) -> tuple[str, ...]:
        return ((self.env,) if self.env else ()) + self.other_env


SETTINGS: tuple[Setting, ...] = (
    Setting("list", "path", None, "The reading list when --file is not given.", "READLIST_FILE"),
    Setting(
        "cache", "path", None, "Where the index and API answers are kept.", "READLIST_CACHE_DIR"
    ),
    Setting(
        "arxiv.delay", "seconds", 3.0, "Seconds between requests to arXiv.", "READLIST_ARXIV_DELAY"
    ),
    Setting(
        "arxiv.timeout", "seconds", 30.0, "Seconds to wait for an answer.", "READLIST_ARXIV_TIMEOUT"
    ),
    Setting("search.cutoff", "score", 40.0, "The lowest score (0-100) `search` shows."),
    Setting("resolve.threshold", "score", 90.0, "How close (0-100) `resolve` needs a title match."),
    Setting(
        "export.group_by",
        "choice",
        "status",
        "How `export markdown` groups papers.",
        choices=("status", "tag", "challenge", "none"),
    ),
    Setting(
        "table.style",
        "choice",
        "heavy-head",
        "The border of tables on a terminal.",
        choices=("heavy-head", "rounded", "square", "simple", "minimal", "ascii", "none"),
    ),
    Setting(
        "semantic_scholar.api_key",
        "text",
        None,
        "Your Semantic Scholar API key (more requests a second).",
        "READLIST_S2_API_KEY",
        other_env=("S2_API_KEY",),
    ),
    Setting(
        "crossref.mailto",
        "text",
        None,
        "The address Crossref's polite pool asks for.",
        "READLIST_MAILTO",
    ),
)
BY_KEY = {s.key: s for s in SETTINGS}


class Value(NamedTuple):
    setting: Setting
    value: Any
    origin: str  # "default", the environment variable's name, or the config file's path


def config_path() -> tuple[Path, str]:
    """The config file, and what chose it."""
    from readlist.paths import config_choice

    return config_choice()


def _sections() -> set[str]:
    return {s.key.split(".", 1)[0] for s in SETTINGS if "." in s.key}


def _named(key: str) -> str:
    """How the file writes a key: `[arxiv] delay`, or `list`."""
    section, dot, name = key.partition(".")
    return f"[{section}] {name}" if dot else key


def _flatten(table: dict[str, Any], path: Path, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path, key + "."))
        elif key in _sections():
            raise UsageError(f"{path}: [{key}] must be a table of settings")
        else:
            flat[key] = value
    return flat


def _file_values(path: Path) -> dict[str, Any]:
    """The settings the config file sets, checked; {} when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc}); fix it or set READLIST_CONFIG") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc}); fix that line") from None
    values = {}
    for key, raw in _flatten(data, path).items():
        setting = BY_KEY.get(key)
        if setting is None:
            close = difflib.get_close_matches(key, BY_KEY, n=1)
            hint = f"; did you mean {close[0]}?" if close else f" (known: {', '.join(BY_KEY)})"
            raise UsageError(f"{path}: unknown setting {key!r}{hint}")
        values[key] = _checked(setting, raw, f"{path}: {_named(key)}")
    return values


def _checked(setting: Setting, raw: Any, where: str) -> Any:
    """`raw` as the setting's kind; UsageError saying what `where` should hold."""
    if setting.kind == "path":
        if isinstance(raw, str) and raw.strip():
            return Path(raw.strip()).expanduser()
        raise UsageError(f"{where} must be a path (text), not {raw!r}")
    if setting.kind in ("seconds", "score"):
        top = 3600 if setting.kind == "seconds" else 100
        try:
            number = float(raw)
        except (TypeError, ValueError):
            number = -1.0
        if isinstance(raw, bool) or not 0 <= number <= top:
            raise UsageError(f"{where} must be a number from 0 to {top}, not {raw!r}")
        return number
    if setting.kind == "text":
        if isinstance(raw, str):
            return raw.strip() or None
        name = setting.key.rpartition(".")[2]
        raise UsageError(f'{where} must be text, such as {name} = "..."')
    if raw not in setting.choices:
        raise UsageError(f"{where} must be one of {', '.join(setting.choices)}, not {raw!r}")
    return raw


def check() -> None:
    """Read the config file, if there is one; UsageError naming the file and key at fault."""
    _file_values(config_path()[0])


def file_value(key: str) -> Any:
    """What the config file sets `key` to (checked), or None."""
    path, _ = config_path()
    return _file_values(path).get(key)


def get(key: str) -> Any:
    """A setting for code whose environment variable, if any, is read where it is used: the
    config file's value, else the default."""
    found = file_value(key)
    return BY_KEY[key].default if found is None else found


def effective() -> list[Value]:
    """Every setting's value now, and where it comes from (for `readlist config`)."""
    path, _ = config_path()
    from_file = _file_values(path)
    values = []
    for setting in SETTINGS:
        given = next(
            ((n, os.environ[n].strip()) for n in setting.envs if os.environ.get(n, "").strip()),
            None,
        )
        if given is not None:
            values.append(Value(setting, given[1], given[0]))
        elif setting.key in from_file:
            values.append(Value(setting, from_file[setting.key], str(path)))
        else:
            values.append(Value(setting, setting.default, "default"))
    return values


def setting(section: str, key: str) -> str | None:
    """A text setting (an API key, an address): its environment variables, else the config
    file, else None."""
    found = next(v for v in effective() if v.setting.key == f"{section}.{key}")
    return None if found.value is None else str(found.value)
