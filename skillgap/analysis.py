"""The library entry points: extract skills from job files, and analyse them against a profile."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from skillgap.batch import collector_paused, extract_files, matcher_of
from skillgap.cache import DEFAULT_CACHE_DIRNAME, default_cache_dir, job_from_fields
from skillgap.errors import InputError, UsageError
from skillgap.evidence import EvidenceCollector, evidence_quotes
from skillgap.load import discover
from skillgap.models import JobExtraction
from skillgap.postings import posting_from_entry, posting_from_fields
from skillgap.profile import Profile, load_profile
from skillgap.results import GapReport, Skipped
from skillgap.taxonomy import USER_TAXONOMY_NAME, Taxonomy, load_taxonomy
from skillgap.terminal import bounded_lines



# The library's name for the alias automaton of a taxonomy, built once per process.
matcher_for = matcher_of


@dataclass
class ExtractRun:
    """Extraction results for a set of paths plus every file that could not be used."""

    jobs: list[JobExtraction] = field(default_factory=list)  # or what `build` made of each
    problems: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


# `cache_dir` default: $SKILLGAP_CACHE_DIR or .skillgap-cache/ in the working directory.
DEFAULT_CACHE = Path(DEFAULT_CACHE_DIRNAME)


def local_now() -> datetime:
    """Return now in the local time zone, or in UTC where Python cannot represent the zone (TZ=UTC+25)."""
    try:
        return datetime.now().astimezone()
    except (ValueError, OverflowError, OSError):
        return datetime.now(timezone.utc)


def extract_paths(paths: list[str | Path], taxonomy: Taxonomy, cache_dir: Path | None = DEFAULT_CACHE,
                  workers: int | None = None, progress=None, on_job=None, build=job_from_fields,
                  read=None) -> ExtractRun:
    """Read and extract every job-description file under `paths`; bad files become problems, not failures.

    Unchanged files are answered from the content-hash cache in `cache_dir` (None: no cache;
    the default is $SKILLGAP_CACHE_DIR or .skillgap-cache/); many new files are extracted in
    `workers` processes (default: one per CPU). Results come in the order of `discover`, and a
    posting whose cleaned text equals an earlier one's is counted once. `progress(done, total)`
    is told about every file that had to be extracted. `on_job` sees each extraction as it arrives,
    in any order, and returns what to keep of it; `build` makes what it sees, `read` makes it of a cache entry
    (see `batch.extract_files`).
    """
    files, problems = discover(paths)
    if cache_dir is DEFAULT_CACHE:
        cache_dir = default_cache_dir()
    outcome = extract_files(files, taxonomy, cache_dir, workers, progress, on_job, build, read)
    run = ExtractRun(problems=list(problems), stats=outcome.stats)
    seen: dict[str, str] = {}
    for path, job, digest, error in zip(files, outcome.jobs, outcome.text_digests, outcome.errors):
        if error is not None:
            run.problems.append(error)
        elif digest in seen:
            run.notes.append(f"{path}: same posting as {seen[digest]} — counted once")
        else:
            seen[digest] = str(path)  # the job's source
            run.jobs.append(job)
    return run


def user_taxonomy_path(profile_path: Path | None) -> Path:
    """Return where the user's taxonomy extensions live: beside the profile, else profiles/taxonomy.yaml."""
    folder = profile_path.parent if profile_path else Path("profiles")
    return folder / USER_TAXONOMY_NAME


@dataclass
class Analysis:
    """The outcome of `analyze`: the gap report plus what went wrong on the way."""

    report: GapReport
    profile: Profile
    taxonomy: Taxonomy
    problems: list[InputError]
    notes: list[str]


def analyze(jobs_dir: Path, profile_path: Path, now: datetime | None = None,
            taxonomy: Taxonomy | None = None, cache_dir: Path | None = DEFAULT_CACHE,
            workers: int | None = None, progress=None) -> Analysis:
    """Extract every job description in `jobs_dir` and compare it with the profile.

    `cache_dir` and `workers` are those of `extract_paths` (cache_dir=None: no cache).
    """
    if jobs_dir.is_file():
        raise UsageError(f"{jobs_dir}: is a file, not a folder — pass the folder that holds your postings with "
                         f"--jobs DIR (skillgap extract {jobs_dir} reads a single file)")
    if not jobs_dir.is_dir():
        raise UsageError(f"{jobs_dir}: job-description folder not found — create it and drop postings "
                         "(.txt .md .html .htm .json) into it, or pass --jobs DIR")
    taxonomy = taxonomy or load_taxonomy(user_taxonomy_path(profile_path))
    profile = load_profile(profile_path, taxonomy)
    # Each extraction is reduced on arrival to the few tuples the analysis reads (a `Posting`), and
    # its quotes taken and its text let go: memory stays flat in the number of postings.
    evidence = EvidenceCollector()
    run = extract_paths([jobs_dir], taxonomy, cache_dir, workers, progress, on_job=evidence.take_posting,
                        build=posting_from_fields, read=posting_from_entry)
    if evidence.incomplete:  # rare: a quoted posting gave way to an earlier copy; quote from the texts
        run = extract_paths([jobs_dir], taxonomy, cache_dir, workers)
        quotes = evidence_quotes(run.jobs)
    else:
        quotes = evidence.quotes()
    if not run.jobs:
        detail = f" ({len(run.problems)} file(s) could not be read)" if run.problems else ""
        # The boundary prints only the message, so each unusable file comes with it, on its own line.
        skipped = "".join(f"\n{line}" for line in bounded_lines(run.problems, "skipped"))
        raise UsageError(f"{jobs_dir}: no usable job descriptions{detail} — add .txt, .md, .html, .htm or .json "
                         f"postings to the folder{skipped}")
    stamp = (now or local_now()).isoformat(timespec="seconds")
    skipped = [Skipped(p.path, str(p)) for p in run.problems]
    from skillgap.gaps import analyze_gaps  # pandas: a quarter of a second, only when analysing

    with collector_paused():
        result = analyze_gaps(run.jobs, profile, taxonomy, stamp, skipped, quotes)
    return Analysis(result, profile, taxonomy, run.problems, run.notes)
