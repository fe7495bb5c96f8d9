"""Compare extracted job descriptions with a profile: demand, targets, gap scores, matches, evidence.

The ranking follows what a senior engineer would advise (issue #12):
- a set of alternatives ("PyTorch or TensorFlow", "AWS, GCP 등") is met by any member the person
  has, and an unmet set is one gap, carried by the member the person is closest to;
- soft skills and general fields the profile does not rate are unknown, not 0: they are listed as
  what the postings stress, not ranked as study gaps;
- levels the profile implies (a parent of a stated tool, NumPy for PyTorch) are used and shown as inferred;
- a family (clouds, SQL databases, server languages) is one gap, and a third member counts half;
- the core skills of the role the person aims at count more, legacy tools less;
- categories rank by their largest gaps, not by the sum of many small ones.
"""
from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, repeat

import numpy as np
import pandas as pd

from skillgap.advice import WORKING, Advice, Role, bundled_advice, effective_levels
from skillgap.evidence import EvidenceCollector, job_id
from skillgap.models import REQUIREMENT_WEIGHT, JobExtraction
from skillgap.postings import Posting, posting_of
from skillgap.profile import Profile
from skillgap.results import (AimedRole, Bi, CategoryScore, Covered, Gap, GapReport, JobSkill, PostingMatch, Quote,
                              Skipped, Strength, Stressed, best_first, with_object_particle, JOBS_DETAILED)
from skillgap.taxonomy import Taxonomy
from skillgap.terminal import escape_controls, escape_surrogates

# Level a posting expects for a skill, by the section that asks for it (levels: 3 = used in a real project).
TARGET_BY_REQUIREMENT = {"required": 3, "responsibility": 3, "preferred": 2, "other": 2}
SENIOR_YEARS = 5
# Generic words (운영, cloud), soft skills the profile rates and broad fields (data engineering: 80 skills
# below it in the taxonomy) say less about what to study than a named tool or technique, so their gaps
# count for less. Broad: at least BROAD descendants; wide: at least WIDE. A tool is studyable however many
# tools sit under it (Kubernetes), but a platform of BROAD services (AWS) counts as wide.
SPECIFICITY = {"context_only": 0.5, "soft": 0.75, "broad": 0.4, "wide": 0.6, "concept": 0.8}
BROAD, WIDE = 30, 10
# A skill used in real projects (level 3, WORKING) deepens on the job: a new skill comes first in what to study.
DEEPENING = 0.5
# A stated tool at this level or above stands in for an interchangeable one the postings name.
SUBSTITUTE_LEVEL = 2
# A category ranks by its few largest gaps (halving weights), not by how many small ones it holds.
TOP_PER_CATEGORY = 3
# A gap in the core of the role the person aims at counts this much more than an ask the role only tolerates.
ROLE_CORE = 1.5
# Once the person has begun a core field (data visualization 2), its tools are the employer's choice, not the core.
FIELD_BEGUN = 2
# A tool its successors have replaced in new work (advice.yaml `legacy`) is learnt on the job that needs it.
LEGACY = 0.5
# An ask from another field than the role the profile aims at (deep learning in a data engineer's postings).
OUTSIDE_ROLE = 0.7
# Asked by fewer than a third of the postings, a language the aimed role does not use and the person has not
# begun (Go for a Unity developer, C for a QA tester), or a business domain no aimed core names (blockchain for
# an Android engineer): one employer's stack or industry, learnt on the job that needs it.
EMPLOYERS_OWN = 0.4
_REQUIREMENT_OF_WEIGHT = {weight: requirement for requirement, weight in REQUIREMENT_WEIGHT.items()}
# The demand rows hold a requirement as its index in REQUIREMENTS.
REQUIREMENTS = tuple(REQUIREMENT_WEIGHT)
_CODE_OF_WEIGHT = {weight: code for code, weight in enumerate(REQUIREMENT_WEIGHT.values())}
_REQUIRED, _PREFERRED = REQUIREMENTS.index("required"), REQUIREMENTS.index("preferred")


def aimed_roles(profile: Profile, jobs: Sequence[Posting], advice: Advice) -> tuple[Role, ...]:
    """Return the roles the person aims at: those their target_roles name, else those most postings' titles name."""
    named: set[str] = set()
    for title in profile.target_roles:
        matching = [r for r in advice.roles if r.titles.search(title)]
        # "임베디드 소프트웨어 개발자" aims at embedded work, not at software engineering in general.
        named.update(r.id for r in ([r for r in matching if not r.general] or matching))
    if named or profile.target_roles:
        return tuple(r for r in advice.roles if r.id in named)
    # Each distinct title is searched once: 200,000 postings hold a few thousand titles.
    titles = Counter(job.title for job in jobs if job.title)
    total = sum(titles.values())
    return tuple(r for r in advice.roles if 2 * sum(n for t, n in titles.items() if r.titles.search(t)) > total > 0)


@dataclass(frozen=True)
class _RoleFit:
    """A role aimed at, with what the ranking reads of its core worked out once per analysis."""

    role: Role
    fields: frozenset[str]         # the categories its core spans
    home: frozenset[str]           # those holding more than half of it (software engineering for embedded work)
    families: frozenset[int]       # the families its core chooses from (Java, Python, Go: server languages)
    met_families: frozenset[int]   # those the person already works in (level 3) through a core member


def _role_fits(roles: tuple[Role, ...], taxonomy: Taxonomy, levels, advice: Advice) -> tuple[_RoleFit, ...]:
    fits = []
    for role in roles:
        chosen = [c for c in role.core if c in advice.family]
        categories = Counter(taxonomy.skills[c].category for c in role.core if c in taxonomy.skills)
        fits.append(_RoleFit(
            role, frozenset(categories),
            frozenset(c for c, n in categories.items() if 2 * n > categories.total()),
            frozenset(advice.family[c] for c in chosen),
            frozenset(advice.family[c] for c in chosen if levels.get(c, (0, None))[0] >= WORKING)))
    return tuple(fits)


def _in_core(skill_id: str, fits: tuple[_RoleFit, ...], taxonomy: Taxonomy, levels, advice: Advice) -> Role | None:
    """Return the role whose core holds the skill (below level 3) or a field above it that the person has not begun.

    A core names choices (Java, Python, Go for a backend): who works in one has met that part of it.
    """
    family = advice.family.get(skill_id)
    for fit in fits:
        if family in fit.met_families:
            continue
        if skill_id in fit.role.core or any(a in fit.role.core and taxonomy.skills[a].kind == "concept"
                                            and levels.get(a, (0, None))[0] < FIELD_BEGUN
                                            for a in taxonomy.ancestors(skill_id)):
            return fit.role
    return None


@dataclass(frozen=True)
class _Outside:
    """Why an ask lies outside the role aimed at: another field, or another role's stack in a shared one."""

    aimed: Role
    stack_of: Role | None = None   # the role whose core holds the tool (React: frontend, for an Android aim)
    unbegun_language: bool = False  # a language the person has not begun, asked by few postings
    domain: bool = False            # a business domain, asked by few postings


def _outside_weight(outside: _Outside | None) -> float:
    if outside is None:
        return 1.0
    return EMPLOYERS_OWN if outside.unbegun_language or outside.domain else OUTSIDE_ROLE


def _outside_roles(skill_id: str, fits: tuple[_RoleFit, ...], taxonomy: Taxonomy, advice: Advice) -> _Outside | None:
    """Return why the skill lies outside every role aimed at, else None.

    Outside is in none of their cores' fields (categories). A language no aimed core names is outside too
    (C for an Android engineer, Java for security work), and so is a tool another role's core holds when no
    aimed core does (React for an Android engineer), though it shares their field.
    """
    if not fits:
        return None
    skill = taxonomy.skills[skill_id]
    family = advice.family.get(skill_id)
    stack_of = next((r for r in advice.roles if skill_id in r.core or not r.core.isdisjoint(skill.parents)),
                    None) if skill.kind == "tool" else None
    # A core names the languages of the role: another one (C++ for an iOS engineer) is another role's work.
    field_suffices = stack_of is None and skill.category not in advice.one_at_a_time_categories
    for fit in fits:
        core = fit.role.core
        if skill_id not in core and family in fit.families:
            continue
        if skill_id in core or any(a in core for a in taxonomy.ancestors(skill_id)):
            return None
        if field_suffices and skill.category in fit.fields:
            return None
    in_fields = any(skill.category in fit.fields for fit in fits)
    return _Outside(fits[0].role, stack_of if in_fields else None)


@lru_cache(maxsize=4)
def _descendants(taxonomy: Taxonomy) -> dict[str, int]:
    counts: dict[str, int] = {}
    for skill in taxonomy:
        for ancestor in taxonomy.ancestors(skill.id):
            counts[ancestor] = counts.get(ancestor, 0) + 1
    return counts


def _specificity(skill, taxonomy: Taxonomy) -> float:
    if skill.context_only:
        return SPECIFICITY["context_only"]
    if skill.kind == "soft":
        return SPECIFICITY["soft"]
    below = _descendants(taxonomy).get(skill.id, 0)
    if skill.kind != "concept":
        return SPECIFICITY["wide"] if below >= BROAD else 1.0
    if below >= BROAD:
        return SPECIFICITY["broad"]
    if below >= WIDE:
        return SPECIFICITY["wide"]
    return SPECIFICITY["concept"]


def _job_target(requirement: str, years: int | None) -> int:
    target = TARGET_BY_REQUIREMENT[requirement]
    if years is not None and years >= SENIOR_YEARS and requirement in ("required", "responsibility"):
        target += 1
    return target


@dataclass
class _Asks:
    """What the postings ask, once alternatives and unrated general skills are set aside."""

    frame: pd.DataFrame                       # one row per (job, skill asked); skill: an index into skill_ids
    skill_ids: list[str]
    alternatives: dict[str, set[str]]         # carrying skill → the alternatives it stands for
    covered: dict[str, set[str]]              # alternative → the skills of the person that cover it
    covered_jobs: dict[str, set[int]]
    stressed: dict[str, list[int]]            # unrated soft skill or field → [jobs, required asks]


def _asks(jobs: list[Posting], levels, stated, taxonomy: Taxonomy, advice: Advice,
          core: frozenset[str] = frozenset()) -> _Asks:
    """Return the postings' asks; `stated` are the skills the profile rates (general ones count only then).

    Of a set a posting accepts, the member to learn is the one the person is closest to, then one the
    role aimed at uses (`core`), then the one most postings name.
    """
    # Every ask of every posting is a row of a few numpy arrays (200,000 postings ask about four million times);
    # each array is let go as soon as what is kept of it is copied, so the peak stays a few rows' worth.
    flat = list(chain.from_iterable(job.skills for job in jobs))
    code_of = {skill_id: code for code, skill_id in enumerate(dict.fromkeys(flat))}
    codes = np.fromiter(map(code_of.__getitem__, flat), dtype=np.int64, count=len(flat))
    del flat
    weights = np.fromiter(chain.from_iterable(job.weights for job in jobs), dtype=np.float64, count=len(codes))
    row_job = np.repeat(np.arange(len(jobs)), [len(job.skills) for job in jobs])
    asked_in = dict(zip(code_of, np.bincount(codes, minlength=len(code_of)).tolist()))
    # Unrated soft skills and general fields are unknown, not missing: they are tallied apart, not asked.
    general = np.array([s not in stated and advice.is_general(taxonomy.skills[s]) for s in code_of], dtype=bool)
    on_general = general[codes]
    asked = np.bincount(codes[on_general], minlength=len(code_of))
    required = np.bincount(codes[on_general], weights=weights[on_general] == REQUIREMENT_WEIGHT["required"],
                           minlength=len(code_of))
    stressed = {skill_id: [int(asked[code]), int(required[code])] for skill_id, code in code_of.items() if asked[code]}
    # A posting that names alternatives, or a tool the person's own can stand in for, is resolved skill by skill;
    # the others (most) ask for each of their skills as they are.
    general_ids = {skill_id for skill_id, is_general in zip(code_of, general.tolist()) if is_general}
    stand_ins = {skill_id: mine for skill_id in code_of
                 if skill_id not in general_ids and (mine := _stand_ins(skill_id, stated, advice))}
    entangled = np.array([bool(job.alternatives) for job in jobs], dtype=bool)
    entangled[row_job[np.isin(codes, [code_of[s] for s in stand_ins])]] = True
    plain = ~on_general
    del on_general
    plain &= ~entangled[row_job]
    row_job, codes, weights = row_job[plain], codes[plain], weights[plain]
    del plain
    # A target level by requirement (rows) for a junior and a senior posting (columns), see `_job_target`.
    targets = np.array([[_job_target(r, None), _job_target(r, SENIOR_YEARS)] for r in REQUIREMENTS], dtype=np.int64)
    senior = np.array([job.years_min is not None and job.years_min >= SENIOR_YEARS for job in jobs], dtype=np.int8)
    requirement = _requirement_codes(weights)
    columns = [row_job, codes, requirement, weights, targets[requirement, senior[row_job]]]
    del row_job, codes, requirement, weights
    resolved = (array("q"), array("q"), array("b"), array("d"), array("q"))  # the same columns, for the others
    target_by_seniority = targets.T.tolist()  # plain lists, read ask by ask
    alternatives: dict[str, set[str]] = {}
    covered: dict[str, set[str]] = {}
    covered_jobs: dict[str, set[int]] = {}
    for index in np.flatnonzero(entangled).tolist():
        job = jobs[index]
        asks = {skill_id: (weight, others) for skill_id, weight, others
                in zip(job.skills, job.weights, job.alternatives or repeat(())) if skill_id not in general_ids}
        _offer_substitutes(asks, stand_ins)
        for group in _alternative_sets(asks):
            level = {s: levels.get(s, (0, None))[0] for s in group}
            on_own = [s for s in group if not asks[s][1]]
            best = max(on_own or group, key=lambda s: (_carrying_level(s, level[s], s in job.skills, advice),
                                                       s in core, asked_in.get(s, 0), -advice.rank.get(s, 0), s))
            weight = max(asks[s][0] for s in group)
            target = _job_target(_REQUIREMENT_OF_WEIGHT[weight], job.years_min)
            for other in group - {best}:
                del asks[other]
                if level[best] >= target:
                    covered.setdefault(other, set()).add(best)
                    covered_jobs.setdefault(other, set()).add(index)
                elif not on_own:  # a skill the posting also asks for by itself has no stand-in
                    alternatives.setdefault(best, set()).add(other)
            asks[best] = (weight, ())
        asked_weights = [weight for weight, _ in asks.values()]
        asked_requirements = [_CODE_OF_WEIGHT[weight] for weight in asked_weights]
        target_of = target_by_seniority[senior[index]]
        for column, values in zip(resolved, (repeat(index, len(asks)), [code_of.setdefault(s, len(code_of)) for s in asks],
                                             asked_requirements, asked_weights, [target_of[r] for r in asked_requirements])):
            column.extend(values)
    skill_ids = list(code_of)
    for number, more in enumerate(resolved):
        columns[number] = np.concatenate([columns[number], np.frombuffer(more, dtype=columns[number].dtype)])
    del resolved, more
    # Rows job by job, each job's skills in the order of their ids (`_jobs` reads each job's rows as one slice).
    id_order = np.empty(len(skill_ids), dtype=np.int64)
    id_order[sorted(range(len(skill_ids)), key=skill_ids.__getitem__)] = np.arange(len(skill_ids))
    order = np.lexsort((id_order[columns[1]], columns[0]))
    for number, column in enumerate(columns):
        columns[number] = column[order]
    del order, column
    frame = pd.DataFrame(dict(zip(("job", "skill", "requirement", "weight", "target"), columns)))
    return _Asks(frame, skill_ids, alternatives, covered, covered_jobs, stressed)


def _requirement_codes(weights: np.ndarray) -> np.ndarray:
    """Return the index in REQUIREMENTS of each ask's weight (a weight is its strongest section's)."""
    codes = np.full(len(weights), -1, dtype=np.int8)
    for weight, code in _CODE_OF_WEIGHT.items():
        codes[weights == weight] = code
    if len(codes) and codes.min() < 0:
        raise KeyError(float(weights[codes.argmin()]))  # as a lookup in _CODE_OF_WEIGHT would
    return codes


def _carrying_level(skill_id: str, level: int, named: bool, advice: Advice) -> int:
    """Return how much a level counts in choosing which member of a set to learn.

    Between interchangeable frameworks the posting names, a basic level (TensorFlow 2) is no reason to
    keep to one: the one most postings name, then the usual start (PyTorch), is the better investment. A
    level in real use, a tool the person brought in as their substitute (Python for a posting's R), and
    any level in a skill without such twins keep their weight.
    """
    return level if level >= WORKING or not named or skill_id not in advice.interchangeable else 0


def _offer_substitutes(asks: dict[str, tuple[float, tuple[str, ...]]], stand_ins: dict[str, list[str]]) -> None:
    """Let a tool the person uses stand in for an interchangeable one a posting names (R for a Python user).

    A senior engineer does not advise learning TensorFlow to a PyTorch user or R to someone learning
    Python: the posting's ask is taken as "this or the one you use", so the demand goes to the skill
    the person is building. `stand_ins`: `_stand_ins` of the skills that have some.
    """
    for skill_id in [s for s in asks if s in stand_ins]:
        mine = stand_ins[skill_id]
        weight, others = asks[skill_id]
        asks[skill_id] = (weight, tuple(dict.fromkeys((*others, *mine))))
        for tool in mine:
            if tool not in asks:
                asks[tool] = (weight, (skill_id,))


def _stand_ins(skill_id: str, stated, advice: Advice) -> list[str]:
    """Return the tools the person uses that can stand in for a skill they do not rate (none for one they rate)."""
    if skill_id in stated:
        return []
    return [t for t in advice.interchangeable.get(skill_id, ()) if t in stated and stated[t].level >= SUBSTITUTE_LEVEL]


def _alternative_sets(asks: dict[str, tuple[float, tuple[str, ...]]]) -> list[set[str]]:
    """Return the connected sets (two or more skills) of a posting's alternatives."""
    sets: list[set[str]] = []
    for skill_id, (_, others) in asks.items():
        if not others:
            continue  # most asks: alone, a skill makes no set
        linked = {skill_id, *(o for o in others if o in asks)}
        if len(linked) < 2:
            continue
        joined = [s for s in sets if s & linked]
        for s in joined:
            sets.remove(s)
            linked |= s
        sets.append(linked)
    return sets


@dataclass
class _Families:
    carried: dict[str, list[str]]   # the gap that stands for its family → the other members that are gaps
    folded: set[str]
    score: dict[str, float]         # the family's highest gap score, given to the gap that stands for it
    working: dict[str, tuple[str, ...]]  # ... and the members the person already works in, most used first


def _fold_families(per_skill: pd.DataFrame, advice: Advice, levels) -> _Families:
    """Fold the gaps of one family (AWS, GCP, Azure) into one, which keeps the family's highest score.

    Postings that each name a different cloud or SQL database do not make three things to study: a
    senior engineer says "learn one well; the others transfer". The one to learn is the member the
    person has begun (deepen the AWS you have at 2; not a framework at a basic level, see
    `_carrying_level`), else the largest gap. A member the person already
    works in (level 3) is that first one: the rest are new asks, and fold among themselves.
    """
    members: dict[int, list[tuple[int, float, str]]] = {}
    for skill_id, score, level in zip(per_skill["skill"], per_skill["gap_score"], per_skill["your_level"]):
        number = advice.family.get(skill_id)
        if number is not None and score > 0 and level < WORKING:
            members.setdefault(number, []).append((int(level), float(score), skill_id))
    families = _Families({}, set(), {}, {})
    working: dict[int, list[str]] = {}
    for skill_id, (level, _) in sorted(levels.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if level >= WORKING and skill_id in advice.family:
            working.setdefault(advice.family[skill_id], []).append(skill_id)
    for number, group in members.items():
        carrier = max(group, key=lambda m: (_carrying_level(m[2], m[0], True, advice), m[1], -advice.rank.get(m[2], 0)))
        score = max(m[1] for m in group)
        # Who works in two of a family (Python and Java) picks up a third on the job: it counts half.
        if len(working.get(number, ())) >= 2:
            score = round(score * DEEPENING, 3)
        elif len(group) < 2:
            continue
        families.working[carrier[2]] = tuple(working.get(number, ()))
        families.carried[carrier[2]] = [m[2] for m in group if m is not carrier]
        families.folded.update(m[2] for m in group if m is not carrier)
        families.score[carrier[2]] = score
    return families


def demand_frame(jobs: list[JobExtraction]) -> pd.DataFrame:
    """Return one row per (job, explicitly mentioned skill): requirement, weight and target level."""
    from skillgap.taxonomy import bundled_taxonomy

    asks = _asks([posting_of(job) for job in jobs], {}, set(), bundled_taxonomy(), Advice(frozenset(), frozenset(), {}))
    return asks.frame.assign(skill=np.array(asks.skill_ids, dtype=object)[asks.frame["skill"].to_numpy()],
                             requirement=np.array(REQUIREMENTS, dtype=object)[asks.frame["requirement"].to_numpy()])


def _why(skill, n_jobs: int, total: int, required: int, preferred: int, level: int, target: int,
         level_source: str, inferred_from: str | None, alternatives: list[str], related: list[str],
         working: tuple[str, ...], core_to: Role | None, roles_stated: bool, legacy: bool,
         outside: _Outside | None, taxonomy: Taxonomy) -> Bi:
    detail_en = ", ".join(x for x in (f"required in {required}" if required else "",
                                       f"preferred in {preferred}" if preferred else "") if x)
    detail_ko = ", ".join(x for x in (f"필수 {required}곳" if required else "",
                                       f"우대 {preferred}곳" if preferred else "") if x)
    en = f"Asked by {n_jobs} of {total} postings" + (f" ({detail_en})" if detail_en else "") + \
        f"; you are at level {level}, they expect {target}."
    ko = f"공고 {total}개 중 {n_jobs}개가 요구" + (f" ({detail_ko})" if detail_ko else "") + \
        f" — 현재 레벨 {level}, 기대 레벨 {target}."
    if level >= WORKING:
        en += " You already use it, so it counts half: a skill you lack comes first."
        ko += " 이미 실무에서 쓰고 있어서 절반만 반영했어요. 없는 기술이 먼저예요."
    if legacy:
        en += " Newer tools have taken its place in new work; learn it on a job that needs it, so it counts half."
        ko += " 새 프로젝트에서는 후속 기술이 자리를 대신해서, 필요한 회사에서 익히면 돼요. 절반만 반영했어요."
    if core_to and roles_stated:
        en += f" It is core to the {core_to.name.en} role you aim at, so it counts more."
        ko += f" 목표 역할({core_to.name.ko})의 핵심 기술이라 더 무겁게 반영했어요."
    elif core_to:
        en += f" Most of your postings are {core_to.name.en} roles, and it is core to them, so it counts more."
        ko += f" 모은 공고 대부분이 {core_to.name.ko} 직무이고 그 핵심 기술이라 더 무겁게 반영했어요."
    if outside and outside.unbegun_language:
        en += (f" It is a language your target role ({outside.aimed.name.en}) does not use and you have not begun,"
               " asked by few of your postings: learn it when a job needs it, so it counts much less.")
        ko += (f" 목표 역할({outside.aimed.name.ko})이 쓰지 않는 언어이고 아직 시작하지 않았으며 요구하는 공고도 적어요."
               " 필요한 회사에서 익히면 되니 훨씬 덜 무겁게 반영했어요.")
    elif outside and outside.domain:
        en += (f" It is a business domain, not a skill of your target role ({outside.aimed.name.en}), and few of"
               " your postings ask for it: learn it when you choose that industry, so it counts much less.")
        ko += (f" 목표 역할({outside.aimed.name.ko})의 기술이 아니라 사업 분야이고 요구하는 공고도 적어요."
               " 그 분야를 고를 때 익히면 되니 훨씬 덜 무겁게 반영했어요.")
    elif outside and outside.stack_of:
        en += (f" It belongs to the {outside.stack_of.name.en} stack rather than your target role"
               f" ({outside.aimed.name.en}), so it counts less.")
        ko += f" 목표 역할({outside.aimed.name.ko})보다 {outside.stack_of.name.ko}의 기술이라 덜 무겁게 반영했어요."
    elif outside:
        en += f" It lies outside the fields of your target role ({outside.aimed.name.en}), so it counts less."
        ko += f" 목표 역할({outside.aimed.name.ko})의 분야 밖이라 덜 무겁게 반영했어요."
    if level_source == "inferred" and inferred_from:
        source = taxonomy.skills[inferred_from]
        en += f" Your level is inferred from {source.name}."
        ko += f" 현재 레벨은 {source.name_ko or source.name}에서 추정했어요."
    elif level_source == "unrated":
        en += f" Your profile does not rate {skill.name}; add it if you know it."
        ko += f" 프로필에 {skill.name_ko or skill.name} 레벨이 없어요. 알고 있다면 추가하세요."
    if alternatives:
        others = [taxonomy.skills[a] for a in alternatives[:4]]
        en += f" Some postings accept {', '.join(o.name for o in others)} instead: any one closes the gap."
        ko += f" 일부 공고는 {', '.join(o.name_ko or o.name for o in others)}도 인정해요. 하나만 갖춰도 충분해요."
    related = [r for r in related if r not in alternatives[:4]]  # named once: as a stand-in
    if related:
        kin_en = ", ".join(taxonomy.skills[r].name for r in related[:4])
        kin_ko = ", ".join(taxonomy.skills[r].name_ko or taxonomy.skills[r].name for r in related[:4])
        if len(working) == 1:
            have = taxonomy.skills[working[0]]
            en += f" Other postings name {kin_en} for the same job; you already work in {have.name}, so one more is enough."
            ko += f" 다른 공고는 같은 역할로 {kin_ko} 등을 요구해요. 이미 {have.name_ko or have.name} 경험이 있으니 하나만 더 익히면 충분해요."
        elif not working:
            en += f" Other postings name {kin_en} for the same job: learn one well first; the rest transfer."
            ko += f" 다른 공고의 {kin_ko}도 같은 역할이에요. 하나를 먼저 제대로 익히면 나머지는 쉽게 옮겨 가요."
    if len(working) >= 2:
        have_en = " and ".join(taxonomy.skills[w].name for w in working[:2])
        have_ko = ", ".join(taxonomy.skills[w].name_ko or taxonomy.skills[w].name for w in working[:2])
        en += f" You already work in {have_en}; a third of the same kind is learned on the job, so it counts half."
        ko += f" 이미 {with_object_particle(have_ko)} 실무에서 쓰고 있어요. 같은 종류의 세 번째는 일하며 익히면 되니 절반만 반영했어요."
    return Bi(en, ko)


def analyze_gaps(jobs: Sequence[JobExtraction | Posting], profile: Profile, taxonomy: Taxonomy, generated_at: str,
                 skipped: list[Skipped] | None = None, evidence: dict[str, list[dict]] | None = None) -> GapReport:
    """Return the analysis of jobs (extractions, or `postings.Posting`s) against a profile (see `results.GapReport`).

    `evidence` is `evidence_quotes(jobs)` taken earlier, when the jobs given here no longer carry
    their texts; by default it is taken from `jobs`.
    """
    jobs = [job if isinstance(job, Posting) else posting_of(job) for job in jobs]
    if evidence is None:
        collector = EvidenceCollector()
        jobs = [collector.take_posting(index, job) for index, job in enumerate(jobs)]
        evidence = collector.quotes()
    total = len(jobs)
    advice = bundled_advice()
    levels = effective_levels(profile, taxonomy, advice)
    roles = aimed_roles(profile, jobs, advice)
    fits = _role_fits(roles, taxonomy, levels, advice)
    asks = _asks(jobs, levels, profile.skills, taxonomy, advice, frozenset().union(*(r.core for r in roles)))
    frame = asks.frame
    level_of = np.array([levels.get(s, (0, None))[0] for s in asks.skill_ids], dtype=np.int64)
    frame["your_level"] = level_of[frame["skill"].to_numpy()]
    frame["met_share"] = (frame["your_level"] / frame["target"]).clip(upper=1.0)

    gaps: list[Gap] = []
    strengths: list[Strength] = []
    if total and not frame.empty:
        per_skill = frame.assign(
            required=frame["requirement"] == _REQUIRED, preferred=frame["requirement"] == _PREFERRED,
            wt=frame["weight"] * frame["target"],
        ).groupby("skill").agg(
            job_count=("job", "nunique"), weight_sum=("weight", "sum"), wt=("wt", "sum"),
            required_count=("required", "sum"), preferred_count=("preferred", "sum"),
        )
        per_skill.index = pd.Index([asks.skill_ids[code] for code in per_skill.index], name="skill")
        per_skill["target_level"] = ((per_skill["wt"] / per_skill["weight_sum"]) + 0.5).astype(int).clip(1, 5)
        per_skill["importance"] = per_skill["weight_sum"] / total
        per_skill["demand"] = per_skill["job_count"] / total
        per_skill["your_level"] = [levels.get(s, (0, None))[0] for s in per_skill.index]
        # The square root: the first level up on a skill most postings ask for is worth more than a
        # linear share says (Docker 2 → 3 asked by seven postings beats a tool one posting names).
        shortfall = np.sqrt((per_skill["target_level"] - per_skill["your_level"]).clip(lower=0) / per_skill["target_level"])
        deepening = np.where(per_skill["your_level"] >= WORKING, DEEPENING, 1.0)
        # One employer's pick among many postings is its stack, not the role's core.
        core_of = {s: _in_core(s, fits, taxonomy, levels, advice) if level < WORKING and (jobs_asking > 1 or total < 5) else None
                   for s, level, jobs_asking in zip(per_skill.index, per_skill["your_level"], per_skill["job_count"])}
        # Only roles the profile names: a role read from the postings' titles describes them, not the person.
        outside = {s: _outside_roles(s, fits, taxonomy, advice) if profile.target_roles else None for s in per_skill.index}
        for s, level, jobs_asking in zip(per_skill.index, per_skill["your_level"], per_skill["job_count"]):
            if 3 * jobs_asking >= total or level > 0:
                continue
            if outside[s] and taxonomy.skills[s].category in advice.one_at_a_time_categories:
                outside[s] = replace(outside[s], unbegun_language=True)
            elif s in advice.domains and fits and not any(s in f.role.core or not f.role.core.isdisjoint(
                    taxonomy.ancestors(s)) for f in fits):
                outside[s] = _Outside(fits[0].role, domain=True)
        per_skill["gap_score"] = (per_skill["importance"] * shortfall * deepening *
                                  [_specificity(taxonomy.skills[s], taxonomy) * (ROLE_CORE if core_of[s] else 1.0)
                                   * (LEGACY if s in advice.legacy else 1.0) * _outside_weight(outside[s])
                                   for s in per_skill.index]).round(3)
        per_skill = _highest_first(per_skill.reset_index())
        related = _fold_families(per_skill, advice, levels)
        if related.score:
            per_skill["gap_score"] = [related.score.get(s, g) for s, g in zip(per_skill["skill"], per_skill["gap_score"])]
            per_skill = _highest_first(per_skill)
        for row in per_skill.itertuples(index=False):
            if row.skill in related.folded:
                continue
            skill = taxonomy.skills[row.skill]
            level, inferred = levels.get(row.skill, (0, None))
            if row.gap_score > 0:
                source = "stated" if row.skill in profile.skills else "inferred" if inferred else "unrated"
                alternatives = sorted(asks.alternatives.get(row.skill, ()))
                gaps.append(Gap(
                    rank=len(gaps) + 1, id=skill.id, name=skill.name, name_ko=skill.name_ko,
                    category=skill.category, kind=skill.kind, demand=round(float(row.demand), 3),
                    your_level=int(row.your_level), target_level=int(row.target_level),
                    gap_score=float(row.gap_score), importance=round(float(row.importance), 3),
                    job_count=int(row.job_count), required_count=int(row.required_count),
                    preferred_count=int(row.preferred_count), level_source=source, inferred_from=inferred,
                    alternatives=tuple(alternatives),
                    why=_why(skill, int(row.job_count), total, int(row.required_count),
                             int(row.preferred_count), int(row.your_level), int(row.target_level), source,
                             inferred, alternatives, related.carried.get(row.skill, []),
                             related.working.get(row.skill, ()), core_of[row.skill],
                             bool(profile.target_roles), row.skill in advice.legacy, outside[row.skill], taxonomy),
                    evidence=tuple(Quote(**q) for q in evidence.get(row.skill, ())),
                    related=tuple(related.carried.get(row.skill, ())),
                ))
            else:
                strengths.append(Strength(skill.id, skill.name, skill.name_ko, skill.category,
                                          round(float(row.demand), 3), int(row.your_level), int(row.target_level),
                                          round(float(row.importance), 3), inferred))
    strengths.sort(key=lambda s: (-s.importance, -s.your_level, s.id))
    stressed = sorted((Stressed(sid, taxonomy.skills[sid].name, taxonomy.skills[sid].name_ko, taxonomy.skills[sid].kind,
                                n, required, round(n / total, 3)) for sid, (n, required) in asks.stressed.items()),
                      key=lambda s: (-s.job_count, -s.required_count, s.id))
    covered = sorted((Covered(sid, taxonomy.skills[sid].name, taxonomy.skills[sid].name_ko, tuple(sorted(by)),
                              len(asks.covered_jobs[sid])) for sid, by in asks.covered.items()),
                     key=lambda c: (-c.job_count, c.id))

    return GapReport(
        profile=escape_surrogates(profile.stem), profile_name=profile.name, language=profile.language or "en",
        generated_at=generated_at, job_count=total, overall_match=_overall(frame),
        jobs=_jobs(jobs, frame, asks.skill_ids, taxonomy), gaps=tuple(gaps),
        categories=_categories(gaps, frame, asks.skill_ids, taxonomy, total,
                               advice.foundation_categories.difference(*(fit.home for fit in fits)),
                               advice.one_at_a_time_categories),
        strengths=tuple(strengths), stressed=tuple(stressed), covered=tuple(covered),
        skipped=tuple(skipped or ()), profile_warnings=tuple(escape_controls(w) for w in profile.warnings),
        roles=tuple(AimedRole(r.id, r.name.en, r.name.ko, "profile" if profile.target_roles else "postings")
                    for r in roles),
    )


def _highest_first(per_skill: pd.DataFrame) -> pd.DataFrame:
    return per_skill.sort_values(["gap_score", "demand", "skill"], ascending=[False, False, True], kind="mergesort")


def _overall(frame: pd.DataFrame) -> float | None:
    if frame.empty:
        return None
    per_job = (frame["weight"] * frame["met_share"]).groupby(frame["job"]).sum() / frame.groupby("job")["weight"].sum()
    return round(float(per_job.mean()), 3)


def _jobs(jobs: list[Posting], frame, skill_ids: list[str], taxonomy: Taxonomy) -> tuple[PostingMatch, ...]:
    # The frame lists the rows job by job, so each job's rows are one slice; the match sums stay numpy's.
    weights, met_shares = frame["weight"].to_numpy(dtype=float), frame["met_share"].to_numpy(dtype=float)
    ends = np.cumsum(np.bincount(frame["job"].to_numpy(dtype=int), minlength=len(jobs))).tolist()
    starts = [0, *ends[:-1]]
    met_weights = weights * met_shares
    matches = [round(float(met_weights[start:end].sum() / weights[start:end].sum()), 3)
               if end > start else None for start, end in zip(starts, ends)]
    your_level, target = frame["your_level"].to_numpy(), frame["target"].to_numpy()
    requirement, skills = frame["requirement"].to_numpy(), frame["skill"].to_numpy()
    # Where each row goes: have, partial, missing required, missing preferred, or none of them.
    met = your_level >= target
    place = np.select([met, your_level >= 2, requirement == _REQUIRED, requirement == _PREFERRED], [0, 1, 2, 3], 4)
    # As plain lists, sliced job by job: a numpy slice per posting costs more than its few rows.
    asked_ids, places = np.array(skill_ids, dtype=object)[skills].tolist(), place.tolist()
    detailed = set(best_first(matches, JOBS_DETAILED))
    out = []
    for index, (job, start, end, match) in enumerate(zip(jobs, starts, ends, matches)):
        asked = asked_ids[start:end]
        lists: tuple[list[str], ...] = ([], [], [], [], [])
        for skill_id, where in zip(asked, places[start:end]):
            lists[where].append(skill_id)
        have, partial, missing_required, missing_preferred, _ = lists
        detail = _job_skills(asked, requirement[start:end].tolist(), weights[start:end].tolist(),
                             your_level[start:end].tolist(), target[start:end].tolist(), taxonomy) \
            if index in detailed else ()
        out.append(PostingMatch(job_id(index), job.source, job.title, job.company, job.language, job.years_min, match,
                                tuple(missing_required), tuple(missing_preferred), tuple(partial), tuple(have), detail))
    return tuple(out)


def _job_skills(skill_ids, requirements, weights, your_levels, targets, taxonomy: Taxonomy) -> tuple[JobSkill, ...]:
    out = []
    for skill_id, requirement, weight, your_level, target in zip(skill_ids, requirements, weights, your_levels, targets):
        skill = taxonomy.skills[skill_id]
        out.append(JobSkill(skill_id, skill.name, skill.name_ko, skill.category, REQUIREMENTS[requirement], weight,
                            your_level, target, your_level >= target))
    return tuple(out)


def _categories(gaps: list[Gap], frame: pd.DataFrame, skill_ids: list[str], taxonomy: Taxonomy,
                total: int, foundations: frozenset[str] = frozenset(),
                one_at_a_time: frozenset[str] = frozenset()) -> tuple[CategoryScore, ...]:
    """Rank categories by their largest gaps: the highest gap score, plus half the next, plus a quarter of the third.

    A category is what the person should turn to when something in it is far from what many postings
    ask; twenty small shortfalls in a field the person is strong in (ML for an ML engineer) are not that.
    Foundations every posting builds on (software engineering) come after the fields: "turn to software
    engineering" names no area, while their gaps still rank among the gaps.
    A category learnt one member at a time (a programming language) counts its largest gap alone: three
    languages missing are one language to learn next, not a field three times as far.
    """
    if frame.empty:
        return ()
    category_of = frame["skill"].map({code: taxonomy.skills[skill_ids[code]].category for code in frame["skill"].unique()})
    demand = frame.assign(category=category_of).groupby("category")["job"].nunique() / total
    members: dict[str, list[Gap]] = {}
    for gap in gaps:
        members.setdefault(gap.category, []).append(gap)
    scores = {cid: sum(g.gap_score / 2 ** i
                       for i, g in enumerate(found[:1 if cid in one_at_a_time else TOP_PER_CATEGORY]))
              for cid, found in members.items()}
    ranked = sorted(scores.items(), key=lambda kv: (kv[0] in foundations, -kv[1], kv[0]))
    return tuple(CategoryScore(rank, cid, taxonomy.category_name(cid, "en"), taxonomy.category_name(cid, "ko"),
                               round(score, 3), round(float(demand.get(cid, 0.0)), 3), tuple(g.id for g in members[cid]))
                 for rank, (cid, score) in enumerate(ranked, 1))
