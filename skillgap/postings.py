"""A posting as the analysis keeps it: what it asks, in a few tuples, instead of its extraction.

A report over 200,000 postings cannot keep every extraction (hits and mentions: about 9 KB each);
the gap analysis needs per posting only the skills it mentions, their weights and alternatives,
and its title, source, company, years and language. The text and the strongest mention of each
skill ride along only until the evidence quotes are taken (`evidence.EvidenceCollector.take_posting`).
"""
from __future__ import annotations

import sys
from typing import NamedTuple

from skillgap.cache import job_fields
from skillgap.models import REQUIREMENT_RANK, REQUIREMENT_WEIGHT, JobExtraction

# One float object per weight for every posting, not one per hit.
_WEIGHTS = {weight: weight for weight in REQUIREMENT_WEIGHT.values()}


class Posting(NamedTuple):
    """One posting's asks: `skills[i]` is mentioned with `weights[i]`, named beside `alternatives[i]`."""

    source: str
    title: str | None
    company: str | None
    language: str
    years_min: int | None
    skills: tuple[str, ...]                   # the skills it mentions, in the extraction's order
    weights: tuple[float, ...]
    alternatives: tuple[tuple[str, ...], ...]  # () when no skill of it has alternatives
    text: str = ""
    strongest: tuple[tuple[int, str, int, int], ...] = ()  # per skill: (section rank, section, start, end)


def posting_from_fields(values: list, source: str, intern=sys.intern) -> Posting:
    """Return the posting `cache.job_fields` describes, under `source`, without building its hits and mentions."""
    title, company, language, years, hits, text = values[:6]
    skills, weights, alternatives, strongest = [], [], [], []
    for skill_id, _, _, _, weight, mentions, others in hits:
        if not mentions:
            continue
        skills.append(intern(skill_id))
        weights.append(_WEIGHTS.get(weight, weight))
        alternatives.append(tuple([intern(o) for o in others]))
        # The first mention in the strongest section: the one a quote shows.
        best = mentions[0] if len(mentions) == 1 else max(mentions, key=lambda m: REQUIREMENT_RANK[m[1]])
        strongest.append((REQUIREMENT_RANK[best[1]], best[1], best[2], best[3]))
    return Posting(source, title, company, intern(language), years, tuple(skills), tuple(weights),
                   tuple(alternatives) if any(alternatives) else (), text, tuple(strongest))


def posting_of(job: JobExtraction) -> Posting:
    """Return the posting an extraction reduces to (its text kept until the quotes are taken)."""
    return posting_from_fields(job_fields(job), job.source)
