"""The skill weights of one posting: a row of the JD × skill matrix, with no scikit-learn or SciPy.

`gaps` builds its demand table from these rows directly and `vectorize.SkillVectorizer` wraps
them in the scikit-learn estimator contract; keeping them apart spares every report the second
or so it takes to import scikit-learn.
"""
from __future__ import annotations

from skillgap.clean import clean_text
from skillgap.models import REQUIREMENT_WEIGHT, JobExtraction
from skillgap.taxonomy import Taxonomy, bundled_taxonomy

WEIGHTINGS = ("requirement", "binary", "count")


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
        found, _ = extract_text(clean_text(doc), tax, matcher_of(tax))
        hits = [(s.id, s.weight, s.requirement, len(s.mentions)) for s in found]
    elif isinstance(doc, JobExtraction):
        hits = [(s.id, s.weight, s.requirement, len(s.mentions)) for s in doc.skills]
    elif isinstance(doc, dict):
        hits = [(s["id"], s.get("weight"), s.get("requirement"), len(s["mentions"])) for s in doc.get("skills", [])]
    else:
        raise TypeError(f"SkillVectorizer expects JobExtraction, dict or str documents, got {type(doc).__name__}")
    weights: dict[str, float] = {}
    for skill_id, weight, requirement, mentions in hits:
        if not mentions and not include_implied:
            continue
        if weighting == "binary":
            value = 1.0
        elif weighting == "count":
            value = float(max(mentions, 1))
        else:
            value = float(weight or REQUIREMENT_WEIGHT[requirement])
        weights[skill_id] = max(weights.get(skill_id, 0.0), value)
    return weights
