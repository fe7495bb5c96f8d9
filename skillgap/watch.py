"""Re-run the report whenever the postings, the profile or the user's taxonomy file change."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from skillgap.errors import SkillgapError, UsageError
from skillgap.load import SUPPORTED_SUFFIXES
from skillgap.workspace import PROFILE_SUFFIXES

DEBOUNCE_MS = 400
_NAMED_CHANGES = 3
_TEXT = {
    "en": {"watching": "watching {jobs}/ and {profiles}/ — press Ctrl-C to stop", "changed": "changed: {names}",
           "more": " and {n} more", "stopped": "stopped watching"},
    "ko": {"watching": "{jobs}/ 와 {profiles}/ 를 지켜보고 있어요 — 멈추려면 Ctrl-C", "changed": "바뀜: {names}",
           "more": " 외 {n}개", "stopped": "지켜보기를 멈췄어요"},
}


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
               ignore: Iterable[Path] = (), debounce_ms: int = DEBOUNCE_MS, stop_event=None, lang: str = "en") -> None:
    """Call `run_once` now and after every relevant change, until Ctrl-C or `stop_event` is set.

    A SkillgapError from one run (say, a profile saved half-typed) is printed to `err` and the
    watch goes on. The watch's own lines are in `lang`.
    """
    t = _TEXT[lang]
    for folder, option in ((jobs_dir, "--jobs DIR"), (profile_dir, "--profile FILE")):
        if not folder.is_dir():
            raise UsageError(f"{folder}: folder not found — create it or pass {option}")
    folders = [jobs_dir.resolve(), profile_dir.resolve()]
    try:
        _run_safely(run_once, out, err)
        print(t["watching"].format(jobs=_shown(jobs_dir), profiles=_shown(profile_dir)), file=out, flush=True)
        for changes in watchfiles.watch(*dict.fromkeys(folders), watch_filter=change_filter(jobs_dir, profile_dir, ignore),
                                        debounce=debounce_ms, stop_event=stop_event):
            print(t["changed"].format(names=_describe(changes, t)), file=out)
            _run_safely(run_once, out, err)
    except KeyboardInterrupt:
        pass
    print(t["stopped"], file=out, flush=True)


def _run_safely(run_once: Callable[[], object], out, err) -> None:
    try:
        run_once()
    except SkillgapError as exc:
        print(f"error: {exc}", file=err)
    out.flush()
    err.flush()


def _describe(changes: set[tuple[object, str]], t: dict) -> str:
    names = sorted({_shown(Path(path)) for _, path in changes})
    more = len(names) - _NAMED_CHANGES
    return ", ".join(names[:_NAMED_CHANGES]) + (t["more"].format(n=more) if more > 0 else "")


def _shown(path: Path) -> str:
    """Return a path relative to the working folder when it lies inside it."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)
