"""The settings people choose once, each declared once in SETTINGS: its key in the config file
(TOML), the environment variable that overrides it, its default, and what it is for.

The file is READLIST_CONFIG, else config.toml in the user's config folder
(~/.config/readlist/ on Linux). An environment variable beats the file; an option beats both.
A key the table does not know, or a value of the wrong kind, is an error naming the key and the
file.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readlist.errors import UsageError

CONFIG_ENV = "READLIST_CONFIG"
CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class Setting:
    key: str  # dotted: "arxiv.delay" is `delay` in the file's [arxiv] table
    kind: str  # "path", "seconds", "score" (0-100) or "choice"
    default: Any
    help: str
    env: str | None = None
    choices: tuple[str, ...] = ()


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
)
BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Value:
    setting: Setting
    value: Any
    origin: str  # "default", the environment variable's name, or the config file's path


def config_path() -> tuple[Path, str]:
    """The config file, and what chose it."""
    given = os.environ.get(CONFIG_ENV, "").strip()
    if given:
        return Path(given).expanduser(), CONFIG_ENV
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or "~/.config"
        return Path(base).expanduser() / "readlist" / CONFIG_NAME, "the user config folder"
    import platformdirs

    return platformdirs.user_config_path("readlist") / CONFIG_NAME, "the user config folder"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, key + "."))
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
        raise UsageError(f"cannot read the config file {path}: {exc}") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc}); fix or remove the file") from None
    values = {}
    for key, raw in _flatten(data).items():
        setting = BY_KEY.get(key)
        if setting is None:
            close = difflib.get_close_matches(key, BY_KEY, n=1)
            hint = f"; did you mean {close[0]}?" if close else f" (known: {', '.join(BY_KEY)})"
            raise UsageError(f"{path}: unknown setting {key!r}{hint}")
        values[key] = _checked(setting, raw, f"{path}: {key}")
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
        given = os.environ.get(setting.env, "").strip() if setting.env else ""
        if given and setting.env:
            values.append(Value(setting, given, setting.env))
        elif setting.key in from_file:
            values.append(Value(setting, from_file[setting.key], str(path)))
        else:
            values.append(Value(setting, setting.default, "default"))
    return values
