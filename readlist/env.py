"""Settings read from environment variables, checked the same way everywhere (a light module:
the lock, written by every command, reads its timeout here)."""

from __future__ import annotations

import os

from readlist.errors import UsageError


def seconds_from_env(name: str, default: float, *, allow_zero: bool) -> float:
    """A number of seconds from the environment variable `name` (0 to 3600), or `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value != value or value < 0 or (value == 0 and not allow_zero) or value > 3600:
        lowest = "0" if allow_zero else "more than 0"
        raise UsageError(f"{name}={raw!r} is not a number of seconds; give {lowest} up to 3600")
    return value
