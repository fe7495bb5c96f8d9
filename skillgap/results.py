"""The analysis result as frozen values: built once by `gaps.analyze_gaps`, read by every writer.

`to_dict` gives the report JSON of DESIGN.md (extended); `GapReport.from_dict` reads such a JSON back
(history, fixtures) into the same values.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True, slots=True)
class Bi:
    """Text in English and Korean: a gap's reason, a label of the page; each reader picks its language."""

    en: str
    ko: str


def with_object_particle(word: str) -> str:
    """Return a Korean noun with its object particle: 을 after a final consonant, 를 after a vowel.

    A word ending in Latin letters keeps both (을(를)): how it is read aloud decides, and the spelling does not tell.
    """
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return word + ("을" if (ord(last) - ord("가")) % 28 else "를")
    if last.isdigit():
        return word + ("를" if last in "2459" else "을")
    return word + "을(를)"


@dataclass(frozen=True, slots=True)
class Quote:
    """Where a posting asks for a skill: the words around the mention."""

    job_id: str
    job_title: str
    section: str
    before: str
    match: str
    after: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A skill the postings ask for above the person's level."""

    rank: int
    id: str
    name: str
    name_ko: str | None
    category: str
    kind: str
    demand: float            # share of postings that ask for it
    your_level: int
    target_level: int
    gap_score: float
    importance: float        # summed posting weights / postings
    job_count: int
    required_count: int
    preferred_count: int
    level_source: str        # "stated", "inferred" or "unrated"
    inferred_from: str | None
    alternatives: tuple[str, ...]   # skills the postings accept instead; any one closes the gap
    why: Bi
    evidence: tuple[Quote, ...]
    related: tuple[str, ...] = ()   # tools of its family other postings name (GCP, Azure for AWS): folded into it


@dataclass(frozen=True, slots=True)
class Strength:
    """A skill the postings ask for that the person already has at the expected level."""

    id: str
    name: str
    name_ko: str | None
    category: str
    demand: float
    your_level: int
    target_level: int
    importance: float
    inferred_from: str | None


@dataclass(frozen=True, slots=True)
class AimedRole:
    """A role the ranking weighs the core skills of, and where it came from ("profile": target_roles, or
    "postings": most postings' titles)."""

    id: str
    name: str
    name_ko: str
    source: str


@dataclass(frozen=True, slots=True)
class Stressed:
    """A soft skill or general field the postings stress and the profile does not rate."""

    id: str
    name: str
    name_ko: str | None
    kind: str
    job_count: int
    required_count: int
    demand: float


@dataclass(frozen=True, slots=True)
class Covered:
    """A skill the postings name only as an alternative to one the person has."""

    id: str
    name: str
    name_ko: str | None
    covered_by: tuple[str, ...]
    job_count: int


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """A category ranked by its largest gaps."""

    rank: int
    id: str
    name: str
    name_ko: str | None
    gap_score: float         # its largest gap score, plus half the second and a quarter of the third
    demand: float            # share of postings that ask for something in it
    skills: tuple[str, ...]  # its gaps, highest first


@dataclass(frozen=True, slots=True)
class JobSkill:
    """One skill of one posting, against the person's level."""

    id: str
    name: str
    name_ko: str | None
    category: str
    requirement: str
    weight: float
    your_level: int
    target_level: int
    met: bool


@dataclass(frozen=True, slots=True)
class PostingMatch:
    """How one posting matches the profile."""

    id: str
    source: str
    title: str | None
    company: str | None
    language: str
    years_min: int | None
    match: float | None
    missing_required: tuple[str, ...]
    missing_preferred: tuple[str, ...]
    partial: tuple[str, ...]
    have: tuple[str, ...]
    skills: tuple[JobSkill, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input file that could not be used, and why."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class GapReport:
    """Everything the report, the plan, the history, the summary and the JSON are made from."""

    profile: str
    profile_name: str
    language: str
    generated_at: str
    job_count: int
    overall_match: float | None
    jobs: tuple[PostingMatch, ...]
    gaps: tuple[Gap, ...]
    categories: tuple[CategoryScore, ...]
    strengths: tuple[Strength, ...]
    stressed: tuple[Stressed, ...]
    covered: tuple[Covered, ...]
    skipped: tuple[Skipped, ...]
    profile_warnings: tuple[str, ...]
    roles: tuple[AimedRole, ...] = ()

    def to_dict(self) -> dict:
        """Return the report JSON (DESIGN.md, extended)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> GapReport:
        """Read a report JSON back; fields it lacks (older reports) take empty values."""
        return _build(cls, data)


# Postings that keep their per-skill detail (`PostingMatch.skills`) when there are more: the best
# matches, which get a card in the report. The others list their skills by id only (have, partial,
# missing_*): at 200,000 postings the detail would be most of the report's memory and JSON.
JOBS_DETAILED = 200


def best_first(matches: Sequence[float | None], count: int) -> list[int]:
    """Return the places of the `count` best matches, best first: no match ranks last, a tie keeps the order."""
    return sorted(range(len(matches)), key=lambda i: (matches[i] is None, -(matches[i] or 0.0)))[:count]


_NESTED = {
    (GapReport, "jobs"): PostingMatch, (GapReport, "gaps"): Gap, (GapReport, "categories"): CategoryScore,
    (GapReport, "strengths"): Strength, (GapReport, "stressed"): Stressed, (GapReport, "covered"): Covered,
    (GapReport, "skipped"): Skipped, (GapReport, "roles"): AimedRole, (PostingMatch, "skills"): JobSkill,
    (Gap, "evidence"): Quote,
}
_EMPTY = {"int": 0, "float": 0.0, "str": "", "bool": False}


def _build(cls, data: dict):
    values = {}
    for f in fields(cls):
        value = data.get(f.name)
        inner = _NESTED.get((cls, f.name))
        if inner is not None:
            value = tuple(_build(inner, item) for item in value or ())
        elif f.type.startswith("tuple"):
            value = tuple(value or ())
        elif f.name == "why":
            value = Bi(**value) if isinstance(value, dict) else Bi("", "")
        elif value is None and "None" not in f.type:
            value = _EMPTY.get(f.type, "")
        values[f.name] = value
    return cls(**values)
