"""The one exception hierarchy: every failure the user can meet, with its exit code.

The CLI catches `ReadlistError` in one place and prints `message` as one line on stderr
(plus `details`, when there are some, such as the candidates of an ambiguous reference).
"""

from __future__ import annotations


class ReadlistError(Exception):
    """Base class: a failure with a message that says what went wrong and how to fix it."""

    exit_code = 1

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return self.message


class Declined(ReadlistError):
    """A question (`rm`: remove it?) answered no: nothing was done."""

    exit_code = 1


class UsageError(ReadlistError):
    """A bad argument or option value."""

    exit_code = 2


class NotFoundError(ReadlistError):
    """A reference (paper, challenge, file) that matches nothing."""

    exit_code = 3


class AmbiguousError(ReadlistError):
    """A reference that matches several papers; `details` lists them, `ids` are their ids."""

    exit_code = 4

    def __init__(
        self, message: str, details: list[str] | None = None, ids: list[str] | None = None
    ) -> None:
        super().__init__(message, details)
        self.ids = ids or []


class DuplicateError(ReadlistError):
    """Adding something that is already there."""

    exit_code = 5


class ChallengeError(ReadlistError):
    """A challenge operation that cannot be done (day out of range, date before start...)."""

    exit_code = 6


class DataError(ReadlistError):
    """The reading list on disk is malformed or holds an invalid record."""

    exit_code = 65


class InputError(ReadlistError):
    """A document given to ingest (or an edited record) cannot be read."""

    exit_code = 66


class StorageError(ReadlistError):
    """The reading list cannot be read or written (permissions, full disk, lock)."""

    exit_code = 74


class NetworkError(ReadlistError):
    """arXiv cannot be reached or answers with an error, after retries."""

    exit_code = 69


class ConflictError(ReadlistError):
    """A merge left clashes in the list to resolve (`readlist conflicts`)."""

    exit_code = 1


class GitError(ReadlistError):
    """git cannot do what sharing needs: no repository or remote, a refused push, a merge of
    other files."""

    exit_code = 75


class Interrupted(ReadlistError):
    """Ctrl-C: whatever was finished is saved, the rest is listed."""

    exit_code = 130


class NotCached(NetworkError):
    """--offline, and the cache has no answer for what was asked."""
