"""Pick next month's study focus from a gap analysis: a few gaps, prerequisites first, with steps."""
from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from importlib import resources as importlib_resources

import yaml

from skillgap.results import Gap, GapReport, with_object_particle

MAX_ITEMS = 5
# A month of evening study: the plan aims for this many hours in total.
MONTH_HOURS = (40, 60)
# A prerequisite the user already knows at this level needs no study.
PREREQ_MET_LEVEL = 3
# Who has begun a skill (level 2) got past its prerequisites: deepening deep learning 2 → 3 does not wait
# for statistics 0 → 4.
BEGUN_LEVEL = 2
# Without a resource entry, assume this many hours per level still to climb.
HOURS_PER_LEVEL = 10

# Steps for a skill without its own in resources.yaml, by kind: a tool is learnt from its guide and a
# project, a concept from a course chapter applied to a problem. Category steps are not used: what
# suits "Data science" in general ("turn a notebook into a codebase") is wrong for Algorithms.
GENERIC_STEPS = {
    "tool": {
        "en": (
            "Work through the official getting-started guide for {name}.",
            "Build a small end-to-end project that uses {name}.",
            "Write down what you built and what you learned, and add it to your profile's evidence.",
        ),
        "ko": (
            "{name} 공식 시작 가이드를 끝까지 따라 해 보세요.",
            "{name} 활용 미니 프로젝트를 처음부터 끝까지 만들어 보세요.",
            "만든 것과 배운 점을 정리해 프로필의 evidence에 적어 두세요.",
        ),
    },
    "concept": {
        "en": (
            "Learn the core ideas of {name} from one course or book chapter, taking notes as you go.",
            "Apply {name} to a small problem of your own, from start to finish.",
            "Explain what you did and why in a short write-up, and add it to your profile's evidence.",
        ),
        "ko": (
            "강의나 책의 한 장을 골라 {name}의 핵심 개념을 정리하며 익혀 보세요.",
            "내 문제 하나에 {name_object} 처음부터 끝까지 적용해 보세요.",
            "무엇을 왜 했는지 짧은 글로 정리해 프로필의 evidence에 적어 두세요.",
        ),
    },
}
# The smallest useful share of a long skill to start in a month.
MIN_PART_HOURS = 10


@dataclass(frozen=True)
class Resource:
    """A study resource: a course, a book, documentation or a hands-on lab."""

    title: str
    url: str
    kind: str = ""
    free: bool | None = None


@dataclass(frozen=True)
class PlanItem:
    """One skill to study next month, with the reasons, steps and resources."""

    id: str
    name: str
    name_ko: str | None
    category: str
    rank: int
    gap_score: float
    demand: float
    your_level: int
    target_level: int
    why_en: str
    why_ko: str
    steps_en: tuple[str, ...]
    steps_ko: tuple[str, ...]
    resources: tuple[Resource, ...]
    effort_hours: int                # hours planned for this month
    prerequisite_for: tuple[str, ...] = ()
    total_effort_hours: int = 0      # hours to reach the target level; more than effort_hours when started this month


def load_resources() -> dict:
    """Load the bundled study resources, or empty tables when the file is not shipped."""
    path = importlib_resources.files("skillgap") / "data" / "resources.yaml"
    if not path.is_file():
        return {"skills": {}, "categories": {}}
    tables = _top_level_tables(path.read_text(encoding="utf-8"))
    return {"skills": tables.get("skills") or {}, "categories": tables.get("categories") or {}}


# A top-level key of resources.yaml (skills:, categories:), and an entry of one of its tables: a key two spaces
# in. Each starts a line; looking for the newline first is several times faster than a MULTILINE "^".
_TABLE = re.compile(r"\n([A-Za-z_]\w*):[ \t]*(?=\n)")
_ENTRY = re.compile(r"\n  ([^\s#][^\n]*?):[ \t]*(?=\n)")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it


def _top_level_tables(text: str) -> dict[str, Mapping]:
    """Return {table name: its entries, each parsed when first read} of a file laid out as resources.yaml is."""
    return {m.group(1): _LazyEntries(text[m.end():end]) for m, end in _split_at(_TABLE, text)}


def _split_at(pattern: re.Pattern, text: str) -> Iterator[tuple[re.Match, int]]:
    """Return each match of `pattern` in `text` with where its part ends: the next match's start, or the end."""
    found = list(pattern.finditer(text))
    return zip(found, [m.start() for m in found[1:]] + [len(text)])


class _LazyEntries(Mapping):
    """The entries of one table of resources.yaml, each parsed by YAML the first time it is read.

    A plan reads a dozen of its 174 skills; parsing all of them took a tenth of a second of every report
    (even libyaml's loader builds its values in Python).
    """

    def __init__(self, text: str):
        self._chunks = {m.group(1).strip("'\""): text[m.start() + 1:end] for m, end in _split_at(_ENTRY, text)}
        self._parsed: dict = {}

    def __getitem__(self, key):
        if key not in self._parsed:
            chunk = yaml.load(self._chunks[key], Loader=_YAML_LOADER)
            self._parsed[key] = next(iter(chunk.values()))
        return self._parsed[key]

    def __iter__(self) -> Iterator:
        return iter(self._chunks)

    def __len__(self) -> int:
        return len(self._chunks)


def make_plan(analysis: GapReport, resources: dict, max_items: int = MAX_ITEMS) -> list[PlanItem]:
    """Choose gaps to study next month, each preceded by its unmet prerequisites.

    The plan fits the month by construction: items are added in priority order while the total stays
    within MONTH_HOURS[1], until it reaches MONTH_HOURS[0]; a skill too long for what is left of the
    month is started, with the hours that fit.
    """
    gaps = {g.id: g for g in analysis.gaps}
    skill_res = (resources or {}).get("skills") or {}
    order = sorted(gaps.values(), key=_priority, reverse=True)

    chosen: list[str] = []
    needed_by: dict[str, list[str]] = {}
    month: dict[str, int] = {}
    hours = 0
    for gap in order:
        if len(chosen) >= max_items or hours >= MONTH_HOURS[0]:
            break
        if gap.id in chosen:
            continue
        bundle = [] if gap.your_level >= BEGUN_LEVEL else \
            [p for p in _unmet_prerequisites(gap.id, gaps, skill_res) if p not in chosen]
        bundle.append(gap.id)
        if len(chosen) + len(bundle) > max_items:
            continue
        efforts = [_effort(gaps[s], skill_res) for s in bundle]
        room = MONTH_HOURS[1] - hours - sum(efforts[:-1])
        if room < min(efforts[-1], MIN_PART_HOURS):
            continue
        efforts[-1] = min(efforts[-1], 5 * (room // 5))
        for prereq in bundle[:-1]:
            needed_by.setdefault(prereq, []).append(gap.id)
        for skill_id, effort in zip(bundle, efforts):
            month[skill_id] = effort
        chosen.extend(bundle)
        hours += sum(efforts)

    job_count = analysis.job_count or 1
    return [_item(gaps[s], tuple(needed_by.get(s, ())), gaps, resources or {}, job_count, month[s]) for s in chosen]


def plan_summary(items: list[PlanItem]) -> dict:
    """Return total effort and whether it fits one month of study."""
    total = sum(item.effort_hours for item in items)
    return {"total_effort_hours": total, "fits_month": total <= MONTH_HOURS[1],
            "month_hours": list(MONTH_HOURS)}


def plan_to_dict(items: list[PlanItem]) -> dict:
    """Return the plan as the JSON object stored beside the report."""
    return {"items": [asdict(item) for item in items], **plan_summary(items)}


def _priority(gap: dict) -> tuple:
    # Gap score already blends demand and distance; required asks break ties.
    return (gap.gap_score, gap.required_count, gap.demand, gap.id)


def _unmet_prerequisites(skill_id: str, gaps: dict[str, Gap], skill_res: dict) -> list[str]:
    """Return gap prerequisites of `skill_id`, deepest first, skipping those known at level ≥ 3."""
    ordered: list[str] = []
    seen = {skill_id}

    def visit(sid: str) -> None:
        for prereq in (skill_res.get(sid) or {}).get("prerequisites") or []:
            if prereq in seen:
                continue
            seen.add(prereq)
            gap = gaps.get(prereq)
            if gap is None or gap.your_level >= PREREQ_MET_LEVEL:
                continue
            visit(prereq)
            ordered.append(prereq)

    visit(skill_id)
    return ordered


def _effort(gap: Gap, skill_res: dict) -> int:
    """Estimate hours to close this gap, rounded up to 5 h."""
    climb = max(1, gap.target_level - gap.your_level)
    entry = skill_res.get(gap.id) or {}
    if entry.get("effort_hours"):
        # Resource hours are from zero to level 3 (working); scale by the levels still to climb.
        hours = entry["effort_hours"] * climb / 3
    else:
        hours = HOURS_PER_LEVEL * climb
    return max(5, 5 * math.ceil(hours / 5))


def _item(gap: Gap, prerequisite_for: tuple[str, ...], gaps: dict[str, Gap], resources: dict, job_count: int,
          month_hours: int) -> PlanItem:
    skill_res = (resources.get("skills") or {}).get(gap.id) or {}
    cat_res = (resources.get("categories") or {}).get(gap.category) or {}
    steps = skill_res.get("steps") or {}
    generic = GENERIC_STEPS["tool" if gap.kind == "tool" else "concept"]
    name_ko = gap.name_ko or gap.name
    steps_en = tuple(steps.get("en") or (s.format(name=gap.name) for s in generic["en"]))
    steps_ko = tuple(steps.get("ko") or (s.format(name=name_ko, name_object=with_object_particle(name_ko))
                                          for s in generic["ko"]))
    found = skill_res.get("resources") or cat_res.get("resources") or []
    total = _effort(gap, resources.get("skills") or {})
    why_en, why_ko = _why(gap, prerequisite_for, gaps, job_count)
    if month_hours < total:
        why_en += f" This month: the first {month_hours} h of about {total} h."
        why_ko += f" 이번 달에는 약 {total}시간 중 처음 {month_hours}시간을 써요."
    return PlanItem(
        id=gap.id, name=gap.name, name_ko=gap.name_ko, category=gap.category,
        rank=gap.rank, gap_score=gap.gap_score, demand=gap.demand,
        your_level=gap.your_level, target_level=gap.target_level,
        why_en=why_en, why_ko=why_ko, steps_en=steps_en, steps_ko=steps_ko,
        resources=tuple(Resource(title=r["title"], url=r["url"], kind=r.get("kind", ""), free=r.get("free"))
                        for r in found if r.get("title") and r.get("url")),
        effort_hours=month_hours,
        prerequisite_for=prerequisite_for,
        total_effort_hours=total,
    )


def _why(gap: Gap, prerequisite_for: tuple[str, ...], gaps: dict[str, Gap], job_count: int) -> tuple[str, str]:
    asked = gap.job_count
    required = gap.required_count
    demand = round(gap.demand * 100)
    your, target = gap.your_level, gap.target_level
    en = (f"Asked by {asked} of {job_count} postings ({demand}% demand"
          + (f", required in {required}" if required else "")
          + f"); you are at level {your}, they expect {target} (gap score {gap.gap_score:.2f}).")
    ko = (f"공고 {job_count}개 중 {asked}개에서 요구해요(수요 {demand}%"
          + (f", 필수 {required}개" if required else "")
          + f"). 현재 수준 {your} → 기대 수준 {target}, 격차 점수 {gap.gap_score:.2f}.")
    if prerequisite_for:
        names_en = ", ".join(gaps[s].name for s in prerequisite_for)
        names_ko = ", ".join(gaps[s].name_ko or gaps[s].name for s in prerequisite_for)
        en = f"A prerequisite for {names_en}. " + en
        ko = f"{names_ko}의 선수 지식이에요. " + ko
    return en, ko
