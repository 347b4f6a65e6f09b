"""`readlist where` and `readlist config` on screen: aligned text, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readlist.config import Value


def where_text(places: dict[str, tuple[str, str, bool | None]], *, as_json: bool) -> str:
    """Each place (list, index, cache, config): its path, what chose it, whether it exists."""
    if as_json:
        rows = {
            name: {"path": p, "chosen_by": why, "exists": e} for name, (p, why, e) in places.items()
        }
        return json.dumps(rows, ensure_ascii=False, indent=2)
    width = max(len(name) for name in places)
    lines = []
    for name, (path, why, exists) in places.items():
        state = "" if exists is None else ("" if exists else ", does not exist yet")
        lines.append(f"{name:<{width}}  {path}  ({why}{state})")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def settings_text(config_file: tuple[Path, str], values: Sequence[Value], *, as_json: bool) -> str:
    """Every setting: key, value, origin; and the config file in use."""
    path, why = config_file
    if as_json:
        rows = [
            {
                "key": v.setting.key,
                "value": str(v.value) if isinstance(v.value, Path) else v.value,
                "from": v.origin,
                "env": v.setting.env,
                "help": v.setting.help,
            }
            for v in values
        ]
        return json.dumps({"file": str(path), "settings": rows}, ensure_ascii=False, indent=2)
    exists = (
        ""
        if path.exists()
        else ", none there: every setting is its default or from the environment"
    )
    lines = [f"Config file: {path} ({why}{exists})"]
    key_width = max(len(v.setting.key) for v in values)
    value_width = max(len(_shown(v.value)) for v in values)
    for v in values:
        lines.append(
            f"  {v.setting.key:<{key_width}}  {_shown(v.value):<{value_width}}  from {v.origin}"
        )
    return "\n".join(lines)
