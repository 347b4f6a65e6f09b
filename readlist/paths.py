"""Where the reading list, readlist's cache and its settings file live. One function decides
each."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "readlist"
LIST_NAME = "readlist.yaml"
EMBEDDED_DEFAULT = Path("data") / LIST_NAME


_XDG = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
}


def _user_dir(kind: str) -> Path:
    # platformdirs costs ~15 ms to import; on Linux the XDG rules it applies are two lines.
    if sys.platform.startswith("linux"):
        env, default = _XDG[kind]
        base = os.environ.get(env, "").strip() or default
        return Path(base).expanduser() / APP_NAME
    import platformdirs

    if kind == "data":
        return platformdirs.user_data_path(APP_NAME)
    if kind == "config":
        return platformdirs.user_config_path(APP_NAME)
    return platformdirs.user_cache_path(APP_NAME)


def list_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The reading list to use (see list_choice)."""
    return list_choice(option)[0]


def list_choice(option: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """The reading list to use, and what chose it: --file, else READLIST_FILE, else `list` in
    the config file, else ./data/readlist.yaml when it exists (the repository's embedded
    default), else readlist.yaml in the user's data folder."""
    from readlist import config

    if option:
        return _regular_file(Path(option).expanduser(), "--file"), "--file"
    env = os.environ.get("READLIST_FILE", "").strip()
    if env:
        return _regular_file(Path(env).expanduser(), "READLIST_FILE"), "READLIST_FILE"
    chosen = config.file_value("list")
    if chosen is not None:
        where = str(config.config_path()[0])
        return _regular_file(chosen, f"list in {where}"), f"list in {where}"
    if EMBEDDED_DEFAULT.is_file():
        return EMBEDDED_DEFAULT, "./data/readlist.yaml is in this folder"
    return _user_dir("data") / LIST_NAME, "the default: the user data folder"


def _regular_file(path: Path, given_by: str) -> Path:
    """`path`, when it is a file or does not exist yet: a device, pipe, socket or folder would
    block the read, never end it, or be replaced by the first write."""
    import stat

    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return path
    except OSError:
        return path  # the store says what is wrong when it reads it
    if not stat.S_ISREG(mode):
        from readlist.errors import StorageError

        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"
        raise StorageError(
            f"{path} ({given_by}) is {kind}; point {given_by} at a YAML reading list"
        )
    return path


# The files readlist keeps beside a reading list, by role: never a document or an export target.
COMPANION_SUFFIXES = {"backup": ".bak", "lock": ".lock", "journal": ".journal"}


def companion(list_file: Path, role: str) -> Path:
    """The file beside `list_file` that has `role` (backup, lock, journal)."""
    return list_file.with_name(list_file.name + COMPANION_SUFFIXES[role])


def own_files(list_file: Path) -> dict[str, Path]:
    """The reading list and its companions, by what they are to the user."""
    files = {"the reading list": list_file}
    files.update(
        {f"the reading list's {role}": companion(list_file, role) for role in COMPANION_SUFFIXES}
    )
    return files


def cache_dir() -> Path:
    """readlist's cache (derived index, arXiv responses); see cache_choice."""
    return cache_choice()[0]


def cache_choice() -> tuple[Path, str]:
    """The cache folder, and what chose it: READLIST_CACHE_DIR, else `cache` in the config
    file, else the user cache folder."""
    env = os.environ.get("READLIST_CACHE_DIR", "").strip()
    if env:
        return Path(env).expanduser(), "READLIST_CACHE_DIR"
    from readlist import config

    chosen = config.file_value("cache")
    if chosen is not None:
        return chosen, f"cache in {config.config_path()[0]}"
    return _user_dir("cache"), "the default: the user cache folder"


def config_path() -> Path:
    """readlist's config file; see config_choice."""
    return config_choice()[0]


def config_choice() -> tuple[Path, str]:
    """The config file, and what chose it: READLIST_CONFIG, else config.toml in the user's
    config folder."""
    env = os.environ.get("READLIST_CONFIG", "").strip()
    if env:
        return Path(env).expanduser(), "READLIST_CONFIG"
    return _user_dir("config") / "config.toml", "the default: the user config folder"
