"""Keep one JSON line per report run and compare runs to show progress."""
from __future__ import annotations

import json
import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import orjson

from skillgap.results import Gap, GapReport, Strength

SNAPSHOT_VERSION = 1
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


def append_snapshot(history_path: Path, analysis: dict) -> dict:
    """Append this analysis's snapshot to the history file as one line and return it."""
    snapshot = make_snapshot(analysis)
    line = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")) + "\n"
    history_path = Path(history_path)
    history_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(history_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        # A line cut short by an earlier crash must not swallow this one.
        if os.fstat(fd).st_size and not _ends_with_newline(history_path):
            line = "\n" + line
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
    return snapshot


def load_history(history_path: Path, profile: str, last: int | None = None) -> tuple[list[dict], list[str]]:
    """Return this profile's snapshots, oldest first (only the `last` ones), and a warning per unreadable line.

    A snapshot holds every posting's match, so a long history of a large folder is large: with
    `last`, memory stays that of `last` snapshots however many runs the file records.
    """
    history_path = Path(history_path)
    if not history_path.is_file():
        return [], []
    snapshots: deque[dict] = deque(maxlen=last)
    warnings: list[str] = []
    try:
        text = history_path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        return [], [f"{history_path}: cannot read the history ({err.strerror or err}) — progress is not shown"]
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except json.JSONDecodeError:
            warnings.append(f"{history_path}: line {number} is not valid JSON — skipped")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("skills"), dict):
            warnings.append(f"{history_path}: line {number} is not a skillgap snapshot — skipped")
            continue
        if record.get("profile") == profile:
            snapshots.append(record)
    return list(snapshots), warnings


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


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"
