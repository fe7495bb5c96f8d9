"""Check a profile: how each entry resolved, which names are unknown, what the postings ask for that it lacks."""
from __future__ import annotations

from dataclasses import dataclass

from skillgap.display import pad, width
from skillgap.advice import effective_levels
from skillgap.models import JobExtraction
from skillgap.profile import SUGGESTED_UNKNOWN, Profile
from skillgap.taxonomy import Taxonomy

MISSING_SHOWN = 20
_TEXT = {
    "en": {
        "title": "{path} ({name}): {count} skills resolved, {unknown} unknown",
        "head": ("given name", "skill id", "category", "level"),
        "unknown": "unknown", "did_you_mean": "did you mean {names}?",
        "teach": "add it to {taxonomy} to teach skillgap this skill",
        "missing": "Asked for by the {jobs} postings in {folder} but not in your profile ({count}):",
        "row": "{n}/{jobs} postings", "required": "required {n}", "preferred": "preferred {n}",
        "elsewhere": "elsewhere {n}", "more": "… and {n} more (see the report)",
        "none_missing": "Your profile mentions every skill the {jobs} postings in {folder} ask for.",
        "no_jobs": "No usable postings in {folder} — add some to see which skills they ask for that "
                   "your profile lacks.",
        "next": "Add the missing skills you have to the profile with a level (0 if you have none of it).",
        "or": " or ",
    },
    "ko": {
        "title": "{path} ({name}): 기술 {count}개 확인, 모르는 이름 {unknown}개",
        "head": ("적은 이름", "기술 ID", "분류", "레벨"),
        "unknown": "모르는 기술", "did_you_mean": "혹시 {names}?",
        "teach": "{taxonomy} 에 추가하면 skillgap 이 이 기술을 배워요",
        "missing": "{folder} 의 공고 {jobs}개가 요구하지만 프로필에 없는 기술 ({count}개):",
        "row": "공고 {n}/{jobs}개", "required": "필수 {n}", "preferred": "우대 {n}",
        "elsewhere": "기타 {n}", "more": "… 외 {n}개 (보고서에서 확인하세요)",
        "none_missing": "{folder} 의 공고 {jobs}개가 요구하는 기술이 프로필에 모두 있어요.",
        "no_jobs": "{folder} 에 읽을 수 있는 공고가 없어요 — 공고를 넣으면 프로필에 없는 요구 기술을 보여 드려요.",
        "next": "가진 기술은 레벨과 함께 프로필에 추가하세요 (전혀 모르면 0).",
        "or": " 또는 ",
    },
}


@dataclass(frozen=True)
class ResolvedEntry:
    """A profile entry and the taxonomy skill it names."""

    given: str
    skill_id: str
    name: str
    category: str
    level: int


@dataclass(frozen=True)
class UnknownEntry:
    """A profile name the taxonomy does not know, with the closest known names."""

    given: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class MissingSkill:
    """A skill the postings mention explicitly that the profile does not cover at all."""

    skill_id: str
    name: str
    category: str
    postings: int
    required: int
    preferred: int


@dataclass(frozen=True)
class ProfileCheck:
    """Everything `skillgap profile check` reports."""

    path: str
    name: str
    entries: tuple[ResolvedEntry, ...]
    unknown: tuple[UnknownEntry, ...]
    missing: tuple[MissingSkill, ...]
    job_count: int


def check_profile(profile: Profile, taxonomy: Taxonomy, jobs: list[JobExtraction]) -> ProfileCheck:
    """Resolve the profile's entries and rank the skills the postings ask for that it does not cover.

    A skill counts as covered when the profile states it (any level, even 0) or implies it
    through a child (PyTorch covers Deep learning). Missing skills are ordered by how many
    postings ask for them, then by how many require them.
    """
    entries = tuple(ResolvedEntry(e.given_name, e.skill_id, taxonomy.skills[e.skill_id].name,
                                  taxonomy.skills[e.skill_id].category, e.level) for e in profile.skills.values())
    unknown = tuple(UnknownEntry(name, tuple(taxonomy.did_you_mean(name)) if number < SUGGESTED_UNKNOWN else ())
                    for number, name in enumerate(profile.unknown))
    covered = effective_levels(profile, taxonomy)
    counts: dict[str, list[int]] = {}
    for job in jobs:
        for hit in job.skills:
            if hit.mentions and hit.id not in covered:
                tally = counts.setdefault(hit.id, [0, 0, 0])
                tally[0] += 1
                tally[1] += hit.requirement == "required"
                tally[2] += hit.requirement == "preferred"
    missing = sorted(
        (MissingSkill(sid, taxonomy.skills[sid].name, taxonomy.skills[sid].category, *tally)
         for sid, tally in counts.items()),
        key=lambda m: (-m.postings, -m.required, -m.preferred, m.name.casefold()),
    )
    return ProfileCheck(profile.path, profile.name, entries, unknown, tuple(missing), len(jobs))


def format_check(check: ProfileCheck, taxonomy: Taxonomy, lang: str, jobs_folder: str, taxonomy_file: str) -> str:
    """Return the check as terminal text in `lang` ("ko" or "en")."""
    t = _TEXT[lang]
    lines = [t["title"].format(path=check.path, name=check.name, count=len(check.entries),
                               unknown=len(check.unknown))]
    rows = [(e.given, e.skill_id, taxonomy.category_name(e.category, lang), str(e.level))
            for e in check.entries]
    widths = [max(width(r[i]) for r in [t["head"], *rows]) + 2 for i in range(4)]
    lines.append("  " + "".join(pad(cell, w) for cell, w in zip(t["head"], widths)).rstrip())
    for row in rows:
        lines.append("  " + "".join(pad(cell, w) for cell, w in zip(row, widths)).rstrip())
    for entry in check.unknown:
        if entry.suggestions:
            hint = t["did_you_mean"].format(names=t["or"].join(f"'{s}'" for s in entry.suggestions))
        else:
            hint = t["teach"].format(taxonomy=taxonomy_file)
        lines.append(f"  {pad(entry.given, widths[0])}? {t['unknown']} — {hint}")
    lines.append("")
    folder = jobs_folder.rstrip("/") + "/"
    if not check.job_count:
        lines.append(t["no_jobs"].format(folder=folder))
    elif not check.missing:
        lines.append(t["none_missing"].format(jobs=check.job_count, folder=folder))
    else:
        lines.append(t["missing"].format(jobs=check.job_count, folder=folder, count=len(check.missing)))
        shown = check.missing[:MISSING_SHOWN]
        names = [taxonomy.skill_name(m.skill_id, lang) for m in shown]
        name_width = max(width(name) for name in names) + 2
        for m, name in zip(shown, names):
            parts = [t["row"].format(n=m.postings, jobs=check.job_count)]
            parts += [t[key].format(n=n) for key, n in (("required", m.required), ("preferred", m.preferred),
                                                         ("elsewhere", m.postings - m.required - m.preferred)) if n]
            lines.append(f"  {pad(name, name_width)}{' · '.join(parts)}")
        if len(check.missing) > MISSING_SHOWN:
            lines.append("  " + t["more"].format(n=len(check.missing) - MISSING_SHOWN))
        lines.append(t["next"])
    return "\n".join(lines)

