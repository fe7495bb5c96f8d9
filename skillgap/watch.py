"""Re-run the report whenever the postings, the profile or the user's taxonomy file change."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from skillgap.errors import SkillgapError, UsageError
from skillgap.load import SUPPORTED_SUFFIXES

DEBOUNCE_MS = 400
PROFILE_SUFFIXES = (".yaml", ".yml")
_NAMED_CHANGES = 3


def change_filter(jobs_dir: Path, profile_dir: Path, ignore: Iterable[Path] = ()) -> Callable[[object, str], bool]:
    """Return a watchfiles filter that passes postings under `jobs_dir` and YAML files in `profile_dir`.

    Hidden files, editor backups (`~`) and the paths in `ignore` (the report itself, when it
    is written inside a watched folder) never trigger a run.
    """
    jobs, profiles = jobs_dir.resolve(), profile_dir.resolve()
    ignored = {p.resolve() for p in ignore}

    def wanted(_change, raw: str) -> bool:
        path = Path(raw)
        if path in ignored or path.name.endswith("~"):
            return False
        if path.parent == profiles and path.suffix.lower() in PROFILE_SUFFIXES:
            return not path.name.startswith(".")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or jobs not in path.parents:
            return False
        return not any(part.startswith(".") for part in path.relative_to(jobs).parts)

    return wanted


def watch_loop(run_once: Callable[[], object], jobs_dir: Path, profile_dir: Path, out, err, *,
               ignore: Iterable[Path] = (), debounce_ms: int = DEBOUNCE_MS, stop_event=None) -> None:
    """Call `run_once` now and after every relevant change, until Ctrl-C or `stop_event` is set.

    A SkillgapError from one run (say, a profile saved half-typed) is printed to `err` and the
    watch goes on.
    """
    for folder, option in ((jobs_dir, "--jobs DIR"), (profile_dir, "--profile FILE")):
        if not folder.is_dir():
            raise UsageError(f"{folder}: folder not found — create it or pass {option}")
    folders = [jobs_dir.resolve(), profile_dir.resolve()]
    try:
        _run_safely(run_once, out, err)
        print(f"watching {_shown(jobs_dir)}/ and {_shown(profile_dir)}/ — press Ctrl-C to stop", file=out, flush=True)
        for changes in watchfiles.watch(*dict.fromkeys(folders), watch_filter=change_filter(jobs_dir, profile_dir, ignore),
                                        debounce=debounce_ms, stop_event=stop_event):
            print(f"changed: {_describe(changes)}", file=out)
            _run_safely(run_once, out, err)
    except KeyboardInterrupt:
        pass
    print("stopped watching", file=out, flush=True)


def _run_safely(run_once: Callable[[], object], out, err) -> None:
    try:
        run_once()
    except SkillgapError as exc:
        print(f"error: {exc}", file=err)
    out.flush()
    err.flush()


def _describe(changes: set[tuple[object, str]]) -> str:
    names = sorted({_shown(Path(path)) for _, path in changes})
    more = len(names) - _NAMED_CHANGES
    return ", ".join(names[:_NAMED_CHANGES]) + (f" and {more} more" if more > 0 else "")


def _shown(path: Path) -> str:
    """Return a path relative to the working folder when it lies inside it."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)
