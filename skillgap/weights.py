"""The skill weights of one posting: a row of the JD × skill matrix, with no scikit-learn or SciPy.

`gaps` builds its demand table from these rows directly and `vectorize.SkillVectorizer` wraps
them in the scikit-learn estimator contract; keeping them apart spares every report the second
or so it takes to import scikit-learn.
"""
from __future__ import annotations

from dataclasses import fields

from skillgap.clean import clean_text
from skillgap.models import REQUIREMENT_WEIGHT, JobExtraction, SkillHit
from skillgap.taxonomy import Taxonomy, bundled_taxonomy

WEIGHTINGS = ("requirement", "binary", "count")

_HIT_FIELDS = tuple(f.name for f in fields(SkillHit))


def _hit_dict(hit: SkillHit) -> dict:
    """Return a SkillHit's fields as a dict (the mentions kept as objects)."""
    return {name: getattr(hit, name) for name in _HIT_FIELDS}


def skill_weights(doc, taxonomy: Taxonomy | None = None, weighting: str = "requirement",
                  include_implied: bool = False) -> dict[str, float]:
    """Return {skill id: weight} for one document (a JobExtraction, an extract-JSON dict or raw text).

    "requirement" weighs each skill by its strongest section, "binary" marks presence and "count"
    counts mentions; skills only implied by another (no mentions) count when `include_implied`.
    Raw text is extracted with `taxonomy` (the bundled one by default).
    """
    if isinstance(doc, str):
        from skillgap.batch import matcher_of
        from skillgap.extract import extract_text

        tax = taxonomy or bundled_taxonomy()
        skills, _ = extract_text(clean_text(doc), tax, matcher_of(tax))
        skills = [_hit_dict(s) for s in skills]
    elif isinstance(doc, JobExtraction):
        skills = [_hit_dict(s) for s in doc.skills]
    elif isinstance(doc, dict):
        skills = doc.get("skills", [])
    else:
        raise TypeError(f"SkillVectorizer expects JobExtraction, dict or str documents, got {type(doc).__name__}")
    weights: dict[str, float] = {}
    for skill in skills:
        if not skill["mentions"] and not include_implied:
            continue
        if weighting == "binary":
            value = 1.0
        elif weighting == "count":
            value = float(max(len(skill["mentions"]), 1))
        else:
            value = float(skill.get("weight") or REQUIREMENT_WEIGHT[skill["requirement"]])
        weights[skill["id"]] = max(weights.get(skill["id"], 0.0), value)
    return weights
