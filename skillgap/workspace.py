"""Where a run reads and writes: the project folder, its postings, profile, reports, history and cache.

A project folder holds `job_descriptions/` and `profiles/`; `reports/` and `.skillgap-cache/` are
made beside them. In a fresh clone of skillgap both folders are empty and `examples/` (a project
folder of its own) holds the examples: `report`, `watch` and `profile check` use it then, and only
then, so the examples never mix with the user's postings or history.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from skillgap.cache import CACHE_ENV, DEFAULT_CACHE_DIRNAME
from skillgap.errors import UsageError
from skillgap.taxonomy import USER_TAXONOMY_NAME

JOBS_DIRNAME = "job_descriptions"
PROFILES_DIRNAME = "profiles"
REPORTS_DIRNAME = "reports"
HISTORY_NAME = "history.jsonl"
EXAMPLES = Path("examples")
PROFILE_SUFFIXES = (".yaml", ".yml")

_TEXT = {
    "en": {
        "not_a_project": "{cwd}: no {profiles}/ or {jobs}/ here — run skillgap in your project folder "
                         "(the one that holds them), or start a project here: skillgap profile init --from RESUME",
        "no_profile": "{profiles}/: no profile yet — draft one from your résumé: skillgap profile init --from "
                      "RESUME (or pass --profile FILE)",
        "several": "{profiles}/: several profiles ({names}) — choose one: skillgap {command} --profile {first}",
        "no_jobs_dir": "{jobs}/: no postings folder yet — add the postings you care about: skillgap add FILE|URL "
                       "(or pass --jobs DIR)",
        "empty_jobs": "{jobs}/: no postings yet — add the postings you care about: skillgap add FILE|URL",
        "examples": "note: no profile or postings of yours here yet, so this uses the examples in {root}/ — "
                    "start your own: skillgap profile init --from RESUME",
    },
    "ko": {
        "not_a_project": "{cwd}: 여기에는 {profiles}/ 도 {jobs}/ 도 없어요 — 프로젝트 폴더(두 폴더가 있는 곳)에서 "
                         "실행하거나, 여기서 새로 시작하세요: skillgap profile init --from 이력서파일",
        "no_profile": "{profiles}/: 아직 프로필이 없어요 — 이력서로 초안을 만드세요: skillgap profile init --from "
                      "이력서파일 (또는 --profile FILE)",
        "several": "{profiles}/: 프로필이 여러 개예요 ({names}) — 하나를 고르세요: skillgap {command} --profile {first}",
        "no_jobs_dir": "{jobs}/: 공고 폴더가 아직 없어요 — 관심 있는 공고를 추가하세요: skillgap add 파일|URL "
                       "(또는 --jobs DIR)",
        "empty_jobs": "{jobs}/: 아직 공고가 없어요 — 관심 있는 공고를 추가하세요: skillgap add 파일|URL",
        "examples": "알림: 아직 내 프로필과 공고가 없어서 {root}/ 의 예시로 실행했어요 — "
                    "내 것으로 시작하려면: skillgap profile init --from 이력서파일",
    },
}


def text(lang: str, key: str, **values) -> str:
    """Return one of this module's messages in `lang`."""
    return _TEXT[lang][key].format(**values)


def environment_language() -> str | None:
    """Return "ko" when the locale (LC_ALL, LC_MESSAGES, LANG, as the C library orders them) is Korean, "en" when set otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return None


def profile_language(path: Path) -> str | None:
    """Return a profile's `language` when it can be read, else None (the run itself reports a broken profile)."""
    import yaml

    from skillgap.limits_yaml import LimitedLoader, read_yaml_bytes

    try:  # within the same limits as the run itself: a hostile profile costs no more here
        data = yaml.load(read_yaml_bytes(path).decode("utf-8-sig"), Loader=LimitedLoader)
    except (OSError, ValueError, yaml.YAMLError):  # UnicodeDecodeError is a ValueError
        return None
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in ("ko", "en") else None


def choose_language(flag: str | None, profile_language: str | None = None) -> str:
    """Return the output language: --lang, else the profile's `language`, else the locale, else English."""
    return flag or profile_language or environment_language() or "en"


def project_language(flag: str | None) -> str:
    """Return the language of a command that reads no profile: --lang, else the project's single profile's, else the locale's."""
    profiles = Path(PROFILES_DIRNAME)
    found = [p for p in profiles.glob("*.y*ml") if p.suffix in PROFILE_SUFFIXES and p.name != USER_TAXONOMY_NAME
             and not p.name.startswith(".")] if profiles.is_dir() else []
    return choose_language(flag, profile_language(found[0]) if len(found) == 1 else None)


@dataclass(frozen=True)
class Workspace:
    """The folders of one run. `example` is true when the bundled examples stand in for the user's data."""

    root: Path
    jobs: Path
    profile: Path
    example: bool = False

    @property
    def reports(self) -> Path:
        """The folder that gets the reports by default, and always the history."""
        return self.root / REPORTS_DIRNAME

    @property
    def history(self) -> Path:
        """The profile's progress history: one file per project, wherever --output puts a report."""
        return self.reports / HISTORY_NAME

    @property
    def cache(self) -> Path:
        """The extraction cache: $SKILLGAP_CACHE_DIR, else beside the postings."""
        return Path(os.environ.get(CACHE_ENV) or self.root / DEFAULT_CACHE_DIRNAME)


def uses_examples(jobs: str | None, profile: str | None, cwd: Path | None = None) -> bool:
    """Tell whether a run should use examples/: no --jobs or --profile, no data of the user's, examples present."""
    cwd = cwd or Path(".")
    return (jobs is None and profile is None
            and not _holds_files(cwd / JOBS_DIRNAME) and not _holds_files(cwd / PROFILES_DIRNAME)
            and (cwd / EXAMPLES / JOBS_DIRNAME).is_dir() and (cwd / EXAMPLES / PROFILES_DIRNAME).is_dir())


def _holds_files(folder: Path) -> bool:
    """Tell whether a folder holds a file of the user's (the clone's .gitkeep placeholders are not)."""
    return folder.is_dir() and any(p.is_file() and not p.name.startswith(".") for p in folder.rglob("*"))


def resolve(jobs: str | None, profile: str | None, lang: str, command: str = "report") -> Workspace:
    """Return the folders for a run from --jobs and --profile, or raise a UsageError that says what to do.

    The project folder is the one that holds the postings folder: reports/ and the cache go there,
    never silently into whatever folder the command was run from.
    """
    here = EXAMPLES if uses_examples(jobs, profile) else Path(".")
    root = Path(jobs).parent if jobs else here
    jobs_dir = Path(jobs) if jobs else root / JOBS_DIRNAME
    if profile:
        profile_path = Path(profile)
    else:
        profiles = here / PROFILES_DIRNAME
        if not profiles.is_dir() and not jobs_dir.is_dir():
            raise UsageError(text(lang, "not_a_project", cwd=Path.cwd(), profiles=PROFILES_DIRNAME, jobs=JOBS_DIRNAME))
        profile_path = find_profile(profiles, lang, command)
    return Workspace(root, jobs_dir, profile_path, example=here == EXAMPLES)


def find_profile(profiles_dir: Path, lang: str = "en", command: str = "report") -> Path:
    """Return the single profile in a folder, or raise a UsageError that says what to do."""
    found = sorted(p for p in profiles_dir.iterdir()
                   if p.suffix in PROFILE_SUFFIXES and p.name != USER_TAXONOMY_NAME and not p.name.startswith(".")) \
        if profiles_dir.is_dir() else []
    if not found:
        raise UsageError(text(lang, "no_profile", profiles=profiles_dir.as_posix()))
    if len(found) > 1:
        raise UsageError(text(lang, "several", profiles=profiles_dir.as_posix(), names=", ".join(p.name for p in found),
                              command=command, first=found[0].as_posix()))
    return found[0]


def check_postings(jobs_dir: Path, lang: str) -> None:
    """Raise a UsageError with the `skillgap add` hint when the postings folder is missing or holds no file."""
    if not jobs_dir.exists():
        raise UsageError(text(lang, "no_jobs_dir", jobs=jobs_dir.as_posix()))
    if jobs_dir.is_dir() and not any(p.is_file() and not p.name.startswith(".") for p in jobs_dir.rglob("*")):
        raise UsageError(text(lang, "empty_jobs", jobs=jobs_dir.as_posix()))
