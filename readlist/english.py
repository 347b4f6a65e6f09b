"""How help texts and error messages name a set of choices in English."""

from __future__ import annotations

from collections.abc import Sequence


def or_list(words: Sequence[str]) -> str:
    """'a, b, c or d'."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"
