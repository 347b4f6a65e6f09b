"""What an ingest did, for the CLI to show: per file (format, papers found, warnings), per entry
(new, merged, unchanged or skipped, and why), per challenge, and the counts of the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NEW, MERGED, UNCHANGED, SKIPPED = "new", "merged", "unchanged", "skipped"


@dataclass
class FileReport:
    """One input: what it was read as and how many entries it held; `error` when it could not
    be read at all (then nothing of it was ingested)."""

    name: str
    format: str | None = None
    found: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class EntryOutcome:
    """What became of one entry of a document."""

    action: str  # NEW, MERGED, UNCHANGED or SKIPPED
    source: str
    label: str
    paper_id: str | None = None
    reason: str = ""  # merged/unchanged: how it matched; skipped: why
    filled: list[str] = field(default_factory=list)  # the fields a merge filled in


@dataclass
class ChallengeOutcome:
    name: str
    created: bool
    days: int
    start: str | None
    days_added: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    # breaks the document announced, recorded: {paused, resumed, said, source}
    breaks: list[dict[str, str | None]] = field(default_factory=list)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    entries: list[EntryOutcome] = field(default_factory=list)
    challenges: list[ChallengeOutcome] = field(default_factory=list)
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for entry in self.entries if entry.action == action)

    @property
    def files_read(self) -> int:
        return sum(1 for f in self.files if f.error is None)

    @property
    def failed_files(self) -> list[FileReport]:
        return [f for f in self.files if f.error is not None]

    @property
    def empty_files(self) -> list[FileReport]:
        """Files read in which nothing was found: finding nothing is not success."""
        return [f for f in self.files if f.error is None and f.format and not f.found]

    @property
    def found(self) -> int:
        return len(self.entries)

    def summary(self) -> str:
        """The one line every run ends with."""
        files = self.files_read
        text = (
            f"{files} file{'s' if files != 1 else ''} read, {self.found} "
            f"paper{'s' if self.found != 1 else ''} found: {self.count(NEW)} new, "
            f"{self.count(MERGED)} merged, {self.count(UNCHANGED)} unchanged, "
            f"{self.count(SKIPPED)} skipped"
        )
        failed = len(self.failed_files)
        if failed:
            text += f"; {failed} file{'s' if failed != 1 else ''} not read"
        empty = len(self.empty_files)
        if empty:
            text += f"; nothing found in {empty} file{'s' if empty != 1 else ''}"
        if self.dry_run:
            return f"Dry run, nothing written: {text}."
        return text[0].upper() + text[1:] + "."

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "summary": {
                "files_read": self.files_read,
                "files_not_read": len(self.failed_files),
                "files_without_papers": len(self.empty_files),
                "found": self.found,
                NEW: self.count(NEW),
                MERGED: self.count(MERGED),
                UNCHANGED: self.count(UNCHANGED),
                SKIPPED: self.count(SKIPPED),
            },
            "files": [vars(f) for f in self.files],
            "entries": [vars(e) for e in self.entries],
            "challenges": [
                {**vars(c), "skipped": [list(pair) for pair in c.skipped]} for c in self.challenges
            ],
        }
