"""A posting as the analysis keeps it: what it asks, in a few tuples, instead of its extraction.

A report over 200,000 postings cannot keep every extraction (hits and mentions: about 9 KB each);
the gap analysis needs per posting only the skills it mentions, their weights and alternatives,
and its title, source, company, years and language. The text and the strongest mention of each
skill ride along only until the evidence quotes are taken (`evidence.EvidenceCollector.take_posting`).
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple

from skillgap.cache import TEXT_FIELD, decode_summary, job_fields, posting_summary
from skillgap.models import REQUIREMENT_WEIGHT, JobExtraction

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
    text: str | Callable[[], str] = ""  # a function for a cached posting's: read only if quoted
    # per skill: (section rank, section, start, end); read once, as the quotes are taken, so left as decoded
    strongest: Sequence[Sequence[int | str]] = ()


def posting_from_fields(values: list, source: str) -> Posting:
    """Return the posting `cache.job_fields` describes, under `source`, without building its hits and mentions."""
    return posting_from_summary(posting_summary(values), source, values[TEXT_FIELD])


def posting_from_entry(blob: bytes, source: str) -> tuple[Posting, str]:
    """Return (the posting a cache entry holds, under `source`; the digest of its text), from its summary alone.

    Raises as `cache.decode_job` does.
    """
    summary, digest, text = decode_summary(blob)
    return posting_from_summary(summary, source, text), digest


def posting_from_summary(summary: list, source: str, text: str | Callable[[], str], intern=sys.intern) -> Posting:
    """Return the posting a `cache.posting_summary` describes, under `source`, with its text."""
    title, company, language, years, skills, weights, alternatives, strongest = summary
    # map() over the lists: a warm report makes 5,000 postings of some 20 skills each.
    return Posting(source, title, company, intern(language), years, tuple(map(intern, skills)),
                   tuple(map(_WEIGHTS.get, weights, weights)),
                   tuple([tuple(map(intern, others)) for others in alternatives]), text, strongest)


def posting_of(job: JobExtraction) -> Posting:
    """Return the posting an extraction reduces to (its text kept until the quotes are taken)."""
    return posting_from_fields(job_fields(job), job.source)
