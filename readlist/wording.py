"""How text meets the reader: choices named in English (`or_list`), and control characters
escaped on their way to a terminal or an export (`visible`)."""

from __future__ import annotations

import re
from collections.abc import Sequence


def or_list(words: Sequence[str]) -> str:
    """'a, b, c or d'."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


# C0 controls but tab, newline and carriage return; DEL; C1 controls (0x9b is a one-byte CSI).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """`text` with every control character (ESC, BEL, CSI...) written as a `\\u001b` escape: what
    reaches a terminal or an export can never move the cursor, clear the screen or set a title.
    The escape is JSON's own, so JSON text stays valid."""
    if text.isprintable() or not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
