"""Keep one JSON line per report run and compare runs to show progress."""
from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from skillgap.results import Gap, GapReport, Strength
from skillgap.writes import check_appendable, write_files_atomic

SNAPSHOT_VERSION = 1
# The history keeps the newest runs that fit in this many bytes: a snapshot holds every posting's
# match, so a folder of 5,000 postings writes about 300 KB a run; past the limit the file is cut
# back to half of it, oldest runs first, and only its tail is ever read.
MAX_BYTES = 32 * 1024 * 1024
_BLOCK = 1024 * 1024
# Unreadable lines reported before the rest of the file is given up on (a file of garbage is not a history).
MAX_WARNINGS = 20
# Enough skills to compare runs without the history file growing large.
# A gap score change smaller than this is noise from rounding, not progress.
EPSILON = 0.005


@dataclass(frozen=True)
class SkillChange:
    """A skill whose gap changed between two runs."""

    id: str
    name: str
    name_ko: str | None
    before: float
    after: float
    level_before: int
    level_after: int


@dataclass(frozen=True)
class Progress:
    """What changed between the previous run and this one."""

    previous_at: str
    current_at: str
    match_before: float
    match_after: float
    match_delta: float
    gaps_closed: tuple[SkillChange, ...]
    gaps_narrowed: tuple[SkillChange, ...]
    new_demands: tuple[SkillChange, ...]
    jobs_added: tuple[str, ...]
    jobs_removed: tuple[str, ...]


def make_snapshot(analysis: GapReport) -> dict:
    """Return the history record of one analysis: overall match, top skills and per-job match."""
    skills = {}
    # Every demanded skill is kept, so a "new demand" is one no earlier posting set asked for.
    for gap in analysis.gaps:
        skills[gap.id] = _skill_record(gap, gap.gap_score)
    # Strengths are recorded with gap 0 so a closed gap can be told from a vanished demand.
    for strength in analysis.strengths:
        skills.setdefault(strength.id, _skill_record(strength, 0.0))
    return {
        "v": SNAPSHOT_VERSION,
        "generated_at": analysis.generated_at,
        "profile": analysis.profile,
        "job_count": analysis.job_count,
        "overall_match": analysis.overall_match,
        "skills": skills,
        "jobs": {job.source: job.match for job in analysis.jobs},
    }


def same_state(previous: dict, current: dict) -> bool:
    """Tell whether two snapshots record the same results: only their times differ."""
    return all(previous.get(key) == current.get(key)
               for key in ("profile", "job_count", "overall_match", "skills", "jobs"))


def append_snapshot(history_path: Path, analysis: GapReport) -> dict:
    """Append this analysis's snapshot to the history file as one line and return it.

    The line is written whole or not at all: a short write (a full disk) is undone and raised as
    OSError. A link leading out of the project, or a hard link, is never written through
    (writes.check_appendable).
    """
    snapshot = make_snapshot(analysis)
    line = (json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    history_path = Path(history_path)
    history_path.parent.mkdir(parents=True, exist_ok=True)
    check_appendable(history_path)
    fd = os.open(history_path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        # A line cut short by an earlier crash must not swallow this one.
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        try:
            written = os.write(fd, line)
        except OSError:
            os.ftruncate(fd, size)
            raise
        if written < len(line):
            os.ftruncate(fd, size)
            raise OSError(errno.ENOSPC, "no space left on device")
    finally:
        os.close(fd)
    if size + len(line) > MAX_BYTES:
        _keep_newest(history_path, MAX_BYTES // 2)
    return snapshot


def _keep_newest(history_path: Path, budget: int) -> None:
    """Rewrite the history with only its newest whole lines that fit in `budget` bytes (atomically)."""
    with open(history_path, "rb") as f:
        f.seek(max(0, os.fstat(f.fileno()).st_size - budget))
        tail = f.read()
    tail = tail[tail.find(b"\n") + 1:] if tail.count(b"\n") > 1 else tail
    write_files_atomic({history_path: [tail]})


def load_history(history_path: Path, profile: str, last: int | None = None) -> tuple[list[dict], list[str]]:
    """Return this profile's snapshots, oldest first (only the `last` ones), and a warning per unreadable line.

    The file is read from its end, a block at a time, until `last` snapshots of the profile are
    found or MAX_BYTES are read: memory and time stay those of the runs shown, however long the
    history. Line numbers in warnings count from the end ("line 3 from the end").
    """
    history_path = Path(history_path)
    if not history_path.is_file():
        return [], []
    snapshots: list[dict] = []
    warnings: list[str] = []
    try:
        lines = _lines_from_end(history_path)
        for number, line in enumerate(lines, 1):
            if last is not None and len(snapshots) >= last:
                break
            if len(warnings) == MAX_WARNINGS:
                warnings.append(f"{history_path}: more than {MAX_WARNINGS} unreadable lines — older runs are not read")
                break
            record = _record(line, history_path, number, warnings)
            if record is not None and record.get("profile") == profile:
                snapshots.append(record)
    except OSError as err:
        return [], [f"{history_path}: cannot read the history ({err.strerror or err}) — progress is not shown"]
    snapshots.reverse()
    return snapshots, warnings


def _lines_from_end(path: Path) -> Iterator[bytes]:
    """Yield the file's non-blank lines, newest first, reading at most MAX_BYTES from its end."""
    with open(path, "rb") as f:
        position = os.fstat(f.fileno()).st_size
        floor = max(0, position - MAX_BYTES)
        partial = b""  # the end of a line that starts in an earlier block
        while position > floor:
            step = min(_BLOCK, position - floor)
            position -= step
            f.seek(position)
            partial, *whole = (f.read(step) + partial).split(b"\n")
            yield from (line for line in reversed(whole) if line.strip())
        if floor == 0 and partial.strip():
            yield partial


def _record(line: bytes, path: Path, number: int, warnings: list[str]) -> dict | None:
    try:
        record = orjson.loads(line)
    except json.JSONDecodeError:
        warnings.append(f"{path}: line {number} from the end is not valid JSON — skipped")
        return None
    if not isinstance(record, dict) or not isinstance(record.get("skills"), dict):
        warnings.append(f"{path}: line {number} from the end is not a skillgap snapshot — skipped")
        return None
    return record


def compare(previous: dict, current: dict) -> Progress:
    """Compare two snapshots: gaps closed or narrowed, new demands, match change, jobs added/removed."""
    before, after = previous.get("skills", {}), current.get("skills", {})
    closed, narrowed, new = [], [], []
    for sid, now in after.items():
        old = before.get(sid)
        if old is None:
            if now["gap"] > 0:
                new.append(_change(sid, None, now))
        elif old["gap"] > 0 and now["gap"] <= 0:
            closed.append(_change(sid, old, now))
        elif now["gap"] < old["gap"] - EPSILON and now["gap"] > 0:
            narrowed.append(_change(sid, old, now))
    jobs_before, jobs_after = set(previous.get("jobs", {})), set(current.get("jobs", {}))
    match_before = previous.get("overall_match", 0.0)
    match_after = current.get("overall_match", 0.0)
    return Progress(
        previous_at=previous.get("generated_at") or "",
        current_at=current.get("generated_at") or "",
        match_before=match_before,
        match_after=match_after,
        match_delta=round(match_after - match_before, 4),
        gaps_closed=tuple(sorted(closed, key=lambda c: -c.before)),
        gaps_narrowed=tuple(sorted(narrowed, key=lambda c: c.after - c.before)),
        new_demands=tuple(sorted(new, key=lambda c: -c.after)),
        jobs_added=tuple(sorted(jobs_after - jobs_before)),
        jobs_removed=tuple(sorted(jobs_before - jobs_after)),
    )


def _skill_record(entry: Gap | Strength, gap: float) -> dict:
    return {"name": entry.name, "name_ko": entry.name_ko, "gap": gap, "level": entry.your_level,
            "target": entry.target_level, "demand": entry.demand}


def _change(sid: str, old: dict | None, now: dict) -> SkillChange:
    return SkillChange(
        id=sid, name=now.get("name", sid), name_ko=now.get("name_ko"),
        before=old["gap"] if old else 0.0, after=now["gap"],
        level_before=old["level"] if old else now["level"], level_after=now["level"],
    )
