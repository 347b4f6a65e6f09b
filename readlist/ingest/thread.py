"""Reading-challenge threads (#30daysofDiffusion): "Day N #hashtag" posts with their "Paper: URL"
link, title and abstract, plus spreadsheet rows pasted into the thread. Every paper is done and
on its challenge day; the challenge takes its name from the hashtag."""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from readlist.export.post import DEFAULT_LENGTH as POST_LENGTH
from readlist.ids import arxiv_in
from readlist.ingest import plain
from readlist.ingest.candidate import BreakNote, Candidate, ChallengeRef
from readlist.ingest.entry_text import (
    clean_abstract,
    clean_title,
    is_furniture,
    reads_like_abstract,
    reads_like_title,
)
from readlist.ingest.tables import candidate_from_row, header_roles, is_header_name
from readlist.models import Status

DEFAULT_DAYS = 30
DAY_LINE = re.compile(r"^\s*day\s*#?\s*(\d{1,3})\b(?:\s*(?:/|of)\s*\d{1,3})?(.*)$", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w#])#(\w*[^\W\d_]\w*)")
_PAPER_MARKER = re.compile(r"^\s*(?:paper|arxiv|link|pdf)\s*[:\-–—]\s*\S", re.IGNORECASE)
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>.*?</a>", re.IGNORECASE | re.S)
_DAYS_OF = re.compile(r"\b(\d{1,3})\s*days?\s+of\b", re.IGNORECASE)
_DAYS_ANY = re.compile(r"\b(\d{1,3})[\s-]*days?\b", re.IGNORECASE)
# "take a couple of weeks' break", "taking a 2-week break", "took a few days of pause"
_BREAK = re.compile(
    r"\b(?:take|taking|took|on)\s+(?:a\s+|an\s+)?"
    r"(?:(?P<count>couple\s+of|few|\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"[\s-]*)?(?:(?P<unit>day|week|month)s?['’]?\s+(?:of\s+)?)?(?:long\s+)?"
    r"(?:break|pause|hiatus)\b",
    re.IGNORECASE,
)
_COUNTS = {"couple of": 2, "few": 3, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_COUNTS.update({"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10})
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


def is_day_line(line: str) -> bool:
    """'Day 15 #30daysofDiffusion ...': a day number followed by a hashtag, or alone."""
    found = DAY_LINE.match(line)
    if not found:
        return False
    rest = found.group(2).strip()
    return not rest or rest.startswith(("#", ":", "-", "–", "—", "of #", "/"))


@dataclass
class _Day:
    index: int  # line index of the "Day N" line
    day: int
    hashtag: str | None


def _main_hashtag(days: list[_Day], text: str) -> str | None:
    tags = Counter(d.hashtag for d in days if d.hashtag)
    if tags:
        return tags.most_common(1)[0][0]
    everywhere = _HASHTAG.findall(text)
    for tag in everywhere:
        if re.search(r"\d+\s*days?", tag, re.IGNORECASE):
            return tag
    return everywhere[0] if everywhere else None


def _length(text: str, hashtag: str | None) -> int | None:
    said = _DAYS_OF.search(text)
    if said:
        return int(said.group(1))
    if hashtag:
        in_tag = re.match(r"(\d{1,3})", hashtag)
        if in_tag:
            return int(in_tag.group(1))
    anywhere = _DAYS_ANY.search(text)
    return int(anywhere.group(1)) if anywhere else None


def _next_text_line(lines: list[str], start: int, stop: int) -> int | None:
    for index in range(start, stop):
        line = lines[index].strip()
        if not line or is_furniture(line) or _PAPER_MARKER.match(line):
            continue
        if all(word.startswith("#") for word in line.split()):
            continue
        return index
    return None


def _paragraph(lines: list[str], start: int, stop: int) -> tuple[str, int]:
    """The paragraph that starts at `start` and the index after it."""
    end = start
    while end < stop and lines[end].strip():
        end += 1
    return " ".join(line.strip() for line in lines[start:end]), end


def _sheet(
    line: str, source: str, challenge: ChallengeRef | None
) -> tuple[list[Candidate], bool] | None:
    """Spreadsheet rows pasted into one line ('Name,Date,Paper Link,Status,Tweet link
    dreambooth,2-Jan-23,<url>,Done ✨,<url>'): the rows as Candidates, or None when the line
    holds no header. The bool says whether the whole line was understood."""
    text = _HTML_LINK.sub(lambda m: m.group(1), line)
    tokens = text.split(",")
    if len(tokens) < 3:
        return None
    first = tokens[0].split()
    header: list[str] = []
    for cut in range(len(first)):
        if is_header_name(" ".join(first[cut:])):
            header = [" ".join(first[cut:])]
            break
    if not header:
        return None
    position, glued = 1, None
    while position < len(tokens):
        token = tokens[position].strip()
        if is_header_name(token):
            header.append(token)
            position += 1
            continue
        words = token.split()
        for cut in range(len(words) - 1, 0, -1):
            if is_header_name(" ".join(words[:cut])):
                header.append(" ".join(words[:cut]))
                glued = " ".join(words[cut:])
                break
        break
    roles = header_roles(header)
    if roles is None or len(header) < 2:
        return None
    data = ([glued] if glued is not None else []) + tokens[position + 1 :]
    width = len(header)
    rows: list[list[str]] = []
    row: list[str] = []
    understood = True
    for number, token in enumerate(data):
        cell = token.strip()
        if len(row) == width - 1:
            # The last cell of a row and the first of the next one, run together.
            last, _, rest = _split_glued(cell)
            row.append(last)
            rows.append(row)
            row = [rest] if rest else []
            if number == len(data) - 1 and rest:
                understood = False  # a cut-off row ("tex...")
        else:
            row.append(cell)
    if row and len(row) > 1:
        understood = False
    candidates = []
    for day, cells in enumerate(rows, start=1):
        found = candidate_from_row(cells, roles, source)
        if found is None:
            continue
        if challenge is not None and found.challenge is None:
            found.challenge = _ref(challenge, _day_of(cells, roles) or day)
        candidates.append(found)
    return candidates, understood


def _split_glued(cell: str) -> tuple[str, str, str]:
    if cell.startswith(("http://", "https://")):
        head, _, rest = cell.partition(" ")
        return head, " ", rest.strip()
    head, space, rest = cell.rpartition(" ")
    if not space:
        return cell, "", ""
    return head, space, rest


def _day_of(cells: list[str], roles: dict[int, str]) -> int | None:
    for position, role in roles.items():
        if role == "day" and position < len(cells):
            found = re.search(r"\d+", cells[position])
            if found:
                return int(found.group())
    return None


def _ref(challenge: ChallengeRef, day: int) -> ChallengeRef:
    return dataclasses.replace(challenge, day=day)


def _break_note(lines: list[str], source_name: str, last_day: int) -> BreakNote | None:
    """The thread's word that its reader is taking a break, after its last day."""
    if not last_day:
        return None
    for number, line in enumerate(lines, start=1):
        found = _BREAK.search(line)
        if found is None:
            continue
        count, unit = found.group("count"), found.group("unit")
        days = None
        if unit:
            word = re.sub(r"\s+", " ", count or "one").lower()
            amount = int(word) if word.isdigit() else _COUNTS.get(word, 1)
            days = amount * _UNIT_DAYS[unit.lower()] or None
        sentence = re.split(r"(?<=[.!?])\s+", line[: found.end()])[-1]
        rest = line[found.end() :]
        sentence += rest[: (rest.find(".") + 1) or len(rest)]
        return BreakNote(last_day, days, sentence.strip(), f"{source_name}:{number}")
    return None


def _sheet_lines(
    lines: list[str], index: int, source_name: str, challenge: ChallengeRef | None
) -> tuple[list[Candidate], int] | None:
    """A header line followed by CSV rows on their own lines: (candidates, lines used)."""
    try:
        header = next(csv.reader([lines[index]]))
    except (csv.Error, StopIteration):
        return None
    roles = header_roles(header)
    if roles is None or len(header) < 2 or not all(is_header_name(c) for c in header):
        return None
    candidates: list[Candidate] = []
    end = index + 1
    while end < len(lines) and lines[end].count(",") >= len(header) - 1:
        try:
            cells = next(csv.reader([lines[end]]))
        except (csv.Error, StopIteration):
            break
        found = candidate_from_row(cells, roles, f"{source_name}:{end + 1}")
        if found is not None:
            if challenge is not None and found.challenge is None:
                found.challenge = _ref(challenge, _day_of(cells, roles) or end - index)
            candidates.append(found)
        end += 1
    return candidates, end - index


def parse(text: str, source_name: str) -> list[Candidate]:
    lines = text.splitlines()
    days: list[_Day] = []
    for index, line in enumerate(lines):
        if is_day_line(line):
            day_match = DAY_LINE.match(line)
            assert day_match is not None
            tags = _HASHTAG.findall(day_match.group(2))
            days.append(_Day(index, int(day_match.group(1)), tags[0] if tags else None))
    hashtag = _main_hashtag(days, text)
    challenge = None
    if hashtag:
        length = _length(text, hashtag)
        most = max((d.day for d in days), default=0)
        length = max(length or DEFAULT_DAYS, most) if length or most else DEFAULT_DAYS
        pause = _break_note(lines, source_name, most)
        challenge = ChallengeRef(hashtag, 0, f"#{hashtag}", length, pause=pause)

    consumed: set[int] = set()
    candidates: list[tuple[int, Candidate]] = []

    # Paper links: "Paper: URL" lines, each given to the nearest Day line with no other Day
    # line in between (above it first, as the posts read: description, Paper:, Day N, title).
    markers = [i for i, line in enumerate(lines) if _PAPER_MARKER.match(line) and arxiv_in(line)[1]]
    day_lines = [d.index for d in days]
    free_markers = list(markers)
    # Posts that open with their Day line (readlist's own `challenge post`: "Day N #tag", the
    # title, a note, "Paper: URL") take the link below; scraped threads put it above.
    day_first = bool(days and markers) and days[0].index < markers[0]
    for position, entry in enumerate(days):
        previous = day_lines[position - 1] if position else -1
        following = day_lines[position + 1] if position + 1 < len(days) else len(lines)
        above = [m for m in free_markers if previous < m < entry.index]
        below = [m for m in free_markers if entry.index < m < following]
        if day_first:
            marker = below[0] if below else (above[-1] if above else None)
        else:
            marker = above[-1] if above else (below[0] if below else None)
        if marker is not None:
            free_markers.remove(marker)
            consumed.add(marker)
        title_at = _next_text_line(lines, entry.index + 1, following)
        title = abstract = None
        if title_at is not None and reads_like_title(lines[title_at], min_words=1):
            title = clean_title(lines[title_at])
            consumed.add(title_at)
            body_at = _next_text_line(lines, title_at + 1, following)
            if body_at is not None:
                paragraph, _end = _paragraph(lines, body_at, following)
                # a post's note (a short paragraph before its Paper: line) is no abstract
                before_link = marker is not None and body_at < marker
                too_short = day_first and before_link and len(paragraph) <= POST_LENGTH
                if reads_like_abstract(paragraph) and not is_day_line(paragraph) and not too_short:
                    abstract = clean_abstract(paragraph)
        line_at = marker if marker is not None else entry.index
        candidate = Candidate(
            source=f"{source_name}:{line_at + 1}",
            title=title,
            abstract=abstract,
            status=Status.DONE,
        )
        if marker is not None:
            found_id, _raw, problem = arxiv_in(lines[marker])
            if found_id:
                candidate.arxiv, candidate.version = found_id.id, found_id.version
            else:
                candidate.notes = problem
        if challenge is not None:
            candidate.challenge = _ref(challenge, entry.day)
        if candidate.title or candidate.arxiv:
            candidates.append((line_at, candidate))
        else:
            candidates.append(
                (
                    line_at,
                    Candidate(
                        source=candidate.source,
                        problem=f"day {entry.day} names no paper (no 'Paper:' link and no "
                        "title after the Day line)",
                    ),
                )
            )

    # Spreadsheet rows pasted into the thread.
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in consumed or line.count(",") < 2:
            index += 1
            continue
        block = _sheet_lines(lines, index, source_name, challenge)
        if block is not None and block[0]:
            for offset, row in enumerate(block[0]):
                candidates.append((index + 1 + offset, row))
            consumed.update(range(index, index + block[1]))
            index += block[1]
            continue
        glued = _sheet(line, f"{source_name}:{index + 1}", challenge)
        if glued is not None and glued[0]:
            candidates.extend((index, row) for row in glued[0])
            consumed.add(index)
        index += 1

    # Any other arXiv link in the thread is a paper too (not on a challenge day).
    for index, line in enumerate(lines):
        if index in consumed or index in day_lines:
            continue
        for other in plain.parse(line, source_name):
            other.source = f"{source_name}:{index + 1}"
            candidates.append((index, other))
    candidates.sort(key=lambda pair: pair[0])
    return [candidate for _, candidate in candidates]
