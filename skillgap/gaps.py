"""Compare extracted job descriptions with a profile: demand, targets, gap scores, matches, evidence."""
from __future__ import annotations

import numpy as np
import pandas as pd

from skillgap.evidence import evidence_quotes, job_id
from skillgap.models import REQUIREMENT_WEIGHT, JobExtraction
from skillgap.profile import Profile
from skillgap.taxonomy import Taxonomy
from skillgap.weights import skill_weights

# Level a posting expects for a skill, by the section that asks for it (levels: 3 = used in a real project).
TARGET_BY_REQUIREMENT = {"required": 3, "responsibility": 3, "preferred": 2, "other": 2}
SENIOR_YEARS = 5
# Generic words (운영, cloud, programming) and soft skills say less about what to study than a named
# tool or technique, so their gaps count for less.
SPECIFICITY = {"context_only": 0.5, "soft": 0.75}
_REQUIREMENT_OF_WEIGHT = {weight: requirement for requirement, weight in REQUIREMENT_WEIGHT.items()}


def effective_levels(profile: Profile, taxonomy: Taxonomy) -> dict[str, tuple[int, str | None]]:
    """Return {skill id: (level, inferred-from skill id or None)}.

    A stated level wins. A skill the profile does not state gets one level less than the best
    stated skill it can be inferred from: a child (PyTorch 4 → Deep learning 3), or, for a concept,
    its stated parent concept (Machine learning 4 → Model training 3).
    """
    levels: dict[str, tuple[int, str | None]] = {sid: (e.level, None) for sid, e in profile.skills.items()}

    def offer(skill_id: str, level: int, source: str) -> None:
        if skill_id not in profile.skills and level > levels.get(skill_id, (-1, None))[0]:
            levels[skill_id] = (level, source)

    for sid, entry in profile.skills.items():
        if sid in taxonomy.skills:
            for ancestor in taxonomy.ancestors(sid):
                offer(ancestor, max(entry.level - 1, 0), sid)
    for skill in taxonomy:
        if skill.kind == "concept":
            for parent in skill.parents:
                if parent in profile.skills and taxonomy.skills.get(parent, skill).kind == "concept":
                    offer(skill.id, max(profile.skills[parent].level - 1, 0), parent)
    return levels


def _specificity(skill) -> float:
    if skill.context_only:
        return SPECIFICITY["context_only"]
    return SPECIFICITY["soft"] if skill.kind == "soft" else 1.0


def _job_target(requirement: str, years: int | None) -> int:
    target = TARGET_BY_REQUIREMENT[requirement]
    if years is not None and years >= SENIOR_YEARS and requirement in ("required", "responsibility"):
        target += 1
    return target


def demand_frame(jobs: list[JobExtraction]) -> pd.DataFrame:
    """Return one row per (job, explicitly mentioned skill): requirement, weight and target level.

    The weights are the rows of `SkillVectorizer`'s JD × skill matrix (`skill_weights`, without
    building the matrix); each weight names the strongest section that asked for the skill.
    """
    columns = ["job", "skill", "requirement", "weight", "target"]
    if not jobs:
        return pd.DataFrame(columns=columns)
    values = {column: [] for column in columns}  # column lists, not a tuple per row: a third of the memory
    for index, job in enumerate(jobs):  # job by job, each job's skills in id order
        for skill_id, weight in sorted(skill_weights(job).items()):
            requirement = _REQUIREMENT_OF_WEIGHT[weight]
            values["job"].append(index)
            values["skill"].append(skill_id)
            values["requirement"].append(requirement)
            values["weight"].append(weight)
            values["target"].append(_job_target(requirement, job.years_min))
    return pd.DataFrame(values)


def _why(n_jobs: int, total: int, required: int, preferred: int, level: int, target: int,
         inferred_from: str | None, taxonomy: Taxonomy) -> dict:
    detail_en = ", ".join(x for x in (f"required in {required}" if required else "",
                                       f"preferred in {preferred}" if preferred else "") if x)
    detail_ko = ", ".join(x for x in (f"필수 {required}곳" if required else "",
                                       f"우대 {preferred}곳" if preferred else "") if x)
    en = f"Asked by {n_jobs} of {total} postings" + (f" ({detail_en})" if detail_en else "") + \
        f"; you are at level {level}, they expect {target}."
    ko = f"공고 {total}개 중 {n_jobs}개가 요구" + (f" ({detail_ko})" if detail_ko else "") + \
        f" — 현재 레벨 {level}, 기대 레벨 {target}."
    if inferred_from:
        name = taxonomy.skills[inferred_from].name
        en += f" Your level is inferred from {name}."
        ko += f" 현재 레벨은 {name}에서 추정했어요."
    return {"en": en, "ko": ko}


def analyze_gaps(jobs: list[JobExtraction], profile: Profile, taxonomy: Taxonomy, generated_at: str,
                 skipped: list[dict] | None = None, evidence: dict[str, list[dict]] | None = None) -> dict:
    """Return the analysis dict (DESIGN.md report JSON plus report details) for jobs against a profile.

    `evidence` is `evidence_quotes(jobs)` taken earlier, when the jobs given here no longer carry
    their texts; by default it is taken from `jobs`.
    """
    total = len(jobs)
    job_ids = [job_id(i) for i in range(total)]
    levels = effective_levels(profile, taxonomy)
    frame = demand_frame(jobs)
    frame["your_level"] = [levels.get(s, (0, None))[0] for s in frame["skill"]]
    frame["met_share"] = (frame["your_level"] / frame["target"]).clip(upper=1.0)

    per_skill = frame.assign(
        required=frame["requirement"] == "required", preferred=frame["requirement"] == "preferred",
    ).groupby("skill").agg(
        job_count=("job", "nunique"),
        weight_sum=("weight", "sum"),
        required_count=("required", "sum"),
        preferred_count=("preferred", "sum"),
    ) if total and not frame.empty else pd.DataFrame()

    gaps, strengths = [], []
    if not per_skill.empty:
        weighted = frame.assign(wt=frame["weight"] * frame["target"]).groupby("skill")["wt"].sum()
        per_skill["target_level"] = ((weighted / per_skill["weight_sum"]) + 0.5).astype(int).clip(1, 5)
        per_skill["importance"] = per_skill["weight_sum"] / total
        per_skill["demand"] = per_skill["job_count"] / total
        per_skill["your_level"] = [levels.get(s, (0, None))[0] for s in per_skill.index]
        shortfall = (per_skill["target_level"] - per_skill["your_level"]).clip(lower=0) / per_skill["target_level"]
        per_skill["gap_score"] = (per_skill["importance"] * shortfall *
                                  [_specificity(taxonomy.skills[s]) for s in per_skill.index]).round(3)
        per_skill = per_skill.reset_index().sort_values(
            ["gap_score", "demand", "skill"], ascending=[False, False, True], kind="mergesort")
        quotes = evidence if evidence is not None else evidence_quotes(jobs)
        for row in per_skill.itertuples(index=False):
            skill = taxonomy.skills[row.skill]
            base = {"id": skill.id, "name": skill.name, "name_ko": skill.name_ko, "category": skill.category,
                    "demand": round(float(row.demand), 3), "your_level": int(row.your_level),
                    "target_level": int(row.target_level)}
            if row.gap_score > 0:
                inferred = levels.get(row.skill, (0, None))[1]
                gaps.append({
                    "rank": len(gaps) + 1, **base, "gap_score": float(row.gap_score),
                    "importance": round(float(row.importance), 3), "job_count": int(row.job_count),
                    "required_count": int(row.required_count), "preferred_count": int(row.preferred_count),
                    "why": _why(int(row.job_count), total, int(row.required_count), int(row.preferred_count),
                                int(row.your_level), int(row.target_level), inferred, taxonomy),
                    "evidence": quotes[row.skill],
                })
            else:
                strengths.append({**base, "importance": round(float(row.importance), 3)})
    strengths.sort(key=lambda s: (-s["importance"], -s["your_level"], s["id"]))

    return {
        "profile": profile.stem,
        "profile_name": profile.name,
        "language": profile.language or "en",
        "generated_at": generated_at,
        "job_count": total,
        "overall_match": _overall(frame),
        "jobs": _jobs(jobs, job_ids, frame, taxonomy, levels),
        "gaps": gaps,
        "categories": _categories(gaps, frame, taxonomy, total),
        "strengths": strengths,
        "skipped": list(skipped or []),
        "profile_warnings": list(profile.warnings),
    }


def _overall(frame: pd.DataFrame) -> float | None:
    if frame.empty:
        return None
    per_job = (frame["weight"] * frame["met_share"]).groupby(frame["job"]).sum() / frame.groupby("job")["weight"].sum()
    return round(float(per_job.mean()), 3)


def _jobs(jobs, job_ids, frame, taxonomy: Taxonomy, levels) -> list[dict]:
    # demand_frame lists the rows job by job, so each job's rows are one slice. The rows are read from
    # plain lists (pandas row by row costs ten times more); the match sums stay numpy's, over the same
    # values in the same order.
    weights, met_shares = frame["weight"].to_numpy(dtype=float), frame["met_share"].to_numpy(dtype=float)
    ends = np.cumsum(np.bincount(frame["job"].to_numpy(), minlength=len(jobs))).tolist()
    columns = [frame[column].tolist() for column in ("skill", "requirement", "weight", "your_level", "target")]
    names = {}
    out = []
    for index, job in enumerate(jobs):
        start, end = ends[index - 1] if index else 0, ends[index]
        match = round(float((weights[start:end] * met_shares[start:end]).sum() / weights[start:end].sum()), 3) \
            if end > start else None
        skills, missing_required, missing_preferred, partial, have = [], [], [], [], []
        for skill_id, requirement, weight, your_level, target in zip(*(column[start:end] for column in columns)):
            name = names.get(skill_id)
            if name is None:
                skill = taxonomy.skills[skill_id]
                name = names[skill_id] = (skill.name, skill.name_ko, skill.category)
            met = your_level >= target
            skills.append({"id": skill_id, "name": name[0], "name_ko": name[1], "category": name[2],
                           "requirement": requirement, "weight": weight, "your_level": your_level,
                           "target_level": target, "met": met})
            if met:
                have.append(skill_id)
            elif your_level >= 2:
                partial.append(skill_id)
            elif requirement == "required":
                missing_required.append(skill_id)
            elif requirement == "preferred":
                missing_preferred.append(skill_id)
        out.append({"id": job_ids[index], "source": job.source, "title": job.title, "company": job.company,
                    "language": job.language, "years_min": job.years_min, "match": match,
                    "missing_required": missing_required, "missing_preferred": missing_preferred,
                    "partial": partial, "have": have, "skills": skills})
    return out


def _categories(gaps: list[dict], frame: pd.DataFrame, taxonomy: Taxonomy, total: int) -> list[dict]:
    if frame.empty:
        return []
    category_of = frame["skill"].map({s: taxonomy.skills[s].category for s in frame["skill"].unique()})
    demand = frame.assign(category=category_of).groupby("category")["job"].nunique() / total
    scores: dict[str, float] = {}
    members: dict[str, list[str]] = {}
    for gap in gaps:
        scores[gap["category"]] = scores.get(gap["category"], 0.0) + gap["gap_score"]
        members.setdefault(gap["category"], []).append(gap["id"])
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"rank": rank, "id": cid, "name": taxonomy.category_name(cid, "en"),
             "name_ko": taxonomy.category_name(cid, "ko"), "gap_score": round(score, 3),
             "demand": round(float(demand.get(cid, 0.0)), 3), "skills": members[cid]}
            for rank, (cid, score) in enumerate(ranked, 1)]
