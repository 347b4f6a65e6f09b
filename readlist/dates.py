"""Dates as the user types them, and "today" (fixed by READLIST_TODAY for tests and examples)."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from typing import overload

from readlist.errors import UsageError

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

# 2-Jan-23, 02-Jan-2023, 2 Jan 2023
_DAY_MON_YEAR = re.compile(r"^(\d{1,2})[-/ ]([A-Za-z]{3,9})[-/ ,]+(\d{2}|\d{4})$")
# Jan 2, 2023 / January 2 2023
_MON_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_RELATIVE = re.compile(r"^-(\d+)d$")


def today() -> date:
    """Today's date, or READLIST_TODAY (an ISO date) when it is set."""
    fixed = os.environ.get("READLIST_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed.strip())
        except ValueError:
            raise UsageError(
                f"READLIST_TODAY={fixed!r} is not a date: set it to an ISO date such as 2023-01-02"
            ) from None
    return date.today()


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def parse_date(text: str) -> date | None:
    """A date from the forms people write; None when `text` is not one of them.

    ISO (2023-01-02, 2023/01/02), 2-Jan-23, 2 January 2023, Jan 2, 2023,
    and the words today, yesterday and -Nd (N days ago).
    """
    value = text.strip()
    lowered = value.lower()
    if lowered == "today":
        return today()
    if lowered == "yesterday":
        return today() - timedelta(days=1)
    relative = _RELATIVE.match(lowered)
    if relative:
        try:
            return today() - timedelta(days=int(relative.group(1)))
        except (OverflowError, ValueError):  # before year 1, or too many digits for an int
            return None
    try:
        return date.fromisoformat(value.replace("/", "-"))
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for pattern, order in ((_DAY_MON_YEAR, "dmy"), (_MON_DAY_YEAR, "mdy")):
        found = pattern.match(value)
        if not found:
            continue
        parts = dict(zip(order, found.groups(), strict=True))
        month = _MONTHS.get(parts["m"].lower())
        if month is None:
            return None
        try:
            return date(_year(parts["y"]), month, int(parts["d"]))
        except ValueError:
            return None
    return None


@overload
def parse_date_option(text: str, option: str) -> date: ...


@overload
def parse_date_option(text: str | None, option: str) -> date | None: ...


def parse_date_option(text: str | None, option: str) -> date | None:
    """`parse_date` for a command-line option (None when the option was not given): a clear
    UsageError when it is not a date, an empty one included."""
    if text is None:
        return None
    parsed = parse_date(text)
    if parsed is None:
        raise UsageError(
            f"{option} {text!r} is not a date: use an ISO date such as 2023-01-02, "
            "or today, yesterday, -3d"
        )
    return parsed
