"""The library entry points: extract skills from job files, and analyse them against a profile."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from skillgap.errors import InputError, UsageError
from skillgap.extract import Matcher, extract_document
from skillgap.gaps import analyze_gaps
from skillgap.load import discover, read_document
from skillgap.models import JobExtraction
from skillgap.profile import Profile, load_profile
from skillgap.taxonomy import USER_TAXONOMY_NAME, Taxonomy, load_taxonomy

PROFILE_SUFFIXES = (".yaml", ".yml")


@lru_cache(maxsize=4)
def matcher_for(taxonomy: Taxonomy) -> Matcher:
    """Return the (cached) alias automaton of a taxonomy."""
    return Matcher(taxonomy)


@dataclass
class ExtractRun:
    """Extraction results for a set of paths plus every file that could not be used."""

    jobs: list[JobExtraction] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def extract_paths(paths: list[str | Path], taxonomy: Taxonomy) -> ExtractRun:
    """Read and extract every job-description file under `paths`; bad files become problems, not failures."""
    files, problems = discover(paths)
    run = ExtractRun(problems=list(problems))
    matcher = matcher_for(taxonomy)
    seen: dict[str, str] = {}
    for path in files:
        try:
            doc = read_document(Path(path), str(path))
        except InputError as exc:
            run.problems.append(exc)
            continue
        job = extract_document(doc, taxonomy, matcher)
        digest = hashlib.sha256(job.text.encode("utf-8")).hexdigest()
        if digest in seen:
            run.notes.append(f"{job.source}: same posting as {seen[digest]} — counted once")
            continue
        seen[digest] = job.source
        run.jobs.append(job)
    return run


def find_profile(profiles_dir: Path) -> Path:
    """Return the single profile in a folder, or raise a UsageError that says what to do."""
    if not profiles_dir.is_dir():
        raise UsageError(f"{profiles_dir}: no profiles folder — create {profiles_dir}/me.yaml or pass --profile FILE")
    found = sorted(p for p in profiles_dir.iterdir()
                   if p.suffix in PROFILE_SUFFIXES and p.name != USER_TAXONOMY_NAME and not p.name.startswith("."))
    if not found:
        raise UsageError(f"{profiles_dir}: no profile (*.yaml) found — create {profiles_dir}/me.yaml "
                         "(see the README) or pass --profile FILE")
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise UsageError(f"{profiles_dir}: several profiles ({names}) — choose one with --profile FILE")
    return found[0]


def user_taxonomy_path(profile_path: Path | None) -> Path:
    """Return where the user's taxonomy extensions live: beside the profile, else profiles/taxonomy.yaml."""
    folder = profile_path.parent if profile_path else Path("profiles")
    return folder / USER_TAXONOMY_NAME


@dataclass
class Analysis:
    """The outcome of `analyze`: the analysis dict plus what went wrong on the way."""

    data: dict
    profile: Profile
    taxonomy: Taxonomy
    problems: list[InputError]
    notes: list[str]


def analyze(jobs_dir: Path, profile_path: Path, now: datetime | None = None,
            taxonomy: Taxonomy | None = None) -> Analysis:
    """Extract every job description in `jobs_dir` and compare it with the profile."""
    if jobs_dir.is_file():
        raise UsageError(f"{jobs_dir}: is a file, not a folder — pass the folder that holds your postings with "
                         f"--jobs DIR (skillgap extract {jobs_dir} reads a single file)")
    if not jobs_dir.is_dir():
        raise UsageError(f"{jobs_dir}: job-description folder not found — create it and drop postings "
                         "(.txt .md .html .htm .json) into it, or pass --jobs DIR")
    taxonomy = taxonomy or load_taxonomy(user_taxonomy_path(profile_path))
    profile = load_profile(profile_path, taxonomy)
    run = extract_paths([jobs_dir], taxonomy)
    if not run.jobs:
        detail = f" ({len(run.problems)} file(s) could not be read)" if run.problems else ""
        raise UsageError(f"{jobs_dir}: no usable job descriptions{detail} — add .txt, .md, .html, .htm or .json "
                         "postings to the folder")
    stamp = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    skipped = [{"source": p.path, "message": str(p)} for p in run.problems]
    data = analyze_gaps(run.jobs, profile, taxonomy, stamp, skipped)
    return Analysis(data, profile, taxonomy, run.problems, run.notes)
