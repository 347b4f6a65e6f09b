"""readlist's settings file (TOML), for what has no place in the reading list: a Semantic
Scholar API key and the address Crossref's polite pool asks for. An environment variable
always wins over the file.

    [semantic_scholar]
    api_key = "..."

    [crossref]
    mailto = "you@example.org"
"""

from __future__ import annotations

import os

from readlist.errors import UsageError

# (section, key) -> the environment variables that override it, first found wins.
SETTINGS = {
    ("semantic_scholar", "api_key"): ("READLIST_S2_API_KEY", "S2_API_KEY"),
    ("crossref", "mailto"): ("READLIST_MAILTO",),
}


def setting(section: str, key: str) -> str | None:
    """A setting: from its environment variables, else from the settings file, else None.
    A settings file that cannot be read as TOML, or a value that is not text, is a UsageError
    naming the file (and line) and how to fix it."""
    for name in SETTINGS[(section, key)]:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    data = _read()
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise UsageError(f"{_where()}: [{section}] must be a table of settings")
    written = table.get(key)
    if written is None:
        return None
    if not isinstance(written, str):
        raise UsageError(f'{_where()}: [{section}] {key} must be text, such as {key} = "..."')
    return written.strip() or None


def _where() -> str:
    from readlist.paths import config_path

    return str(config_path())


def _read() -> dict[str, object]:
    import tomllib

    from readlist.paths import config_path

    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc}); fix it or set READLIST_CONFIG") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc}); fix that line") from None
