"""The callbacks the core hands progress through (the CLI draws them; the core never prints)."""

from __future__ import annotations

from collections.abc import Callable

# on_progress(done, total): called as long work advances.
ProgressFn = Callable[[int, int], None]
