"""Frozen values passed between the pipeline stages (load → clean → sections → extract → gaps)."""
from __future__ import annotations

from dataclasses import dataclass, field

import orjson

SECTION_KINDS = ("required", "preferred", "responsibility", "other")
# Strength order for a skill's `requirement` label (DESIGN.md): required > preferred > responsibility > other.
REQUIREMENT_RANK = {"required": 3, "preferred": 2, "responsibility": 1, "other": 0}
# A skill's weight is the highest of its mentions' sections, so more evidence never lowers it.
REQUIREMENT_WEIGHT = {"required": 1.0, "preferred": 0.6, "responsibility": 0.8, "other": 0.3}


# slots=True: a corpus holds hundreds of thousands of hits and mentions, and without a __dict__
# each takes a third of the memory (a posting in memory: 15 KB → 7 KB).
@dataclass(frozen=True, slots=True)
class RawDocument:
    """A job description as read from disk: its visible text plus any metadata the file carried."""

    source: str
    text: str
    title: str | None = None
    company: str | None = None
    format: str = "txt"


@dataclass(frozen=True, slots=True)
class Section:
    """A span [start, end) of the cleaned text and the kind of section it belongs to."""

    kind: str
    start: int
    end: int
    header: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a skill alias in the cleaned text."""

    text: str
    section: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SkillHit:
    """A skill found in one job description, with every mention and its strongest section."""

    id: str
    name: str
    category: str
    requirement: str
    weight: float
    mentions: tuple[Mention, ...] = ()
    # Skills this one is named beside as an alternative ("PyTorch or TensorFlow"); empty when it is asked on its own.
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JobExtraction:
    """Everything extracted from one job description."""

    source: str
    title: str | None
    company: str | None
    language: str
    years_min: int | None
    skills: tuple[SkillHit, ...]
    text: str = field(repr=False, default="")
    sections: tuple[Section, ...] = field(repr=False, default=())

    def to_dict(self) -> dict:
        """Return the `skillgap extract --format json` object for this job."""
        return {
            "source": self.source,
            "title": self.title,
            "company": self.company,
            "language": self.language,
            "years_min": self.years_min,
            "skills": [
                {
                    "id": s.id,
                    "name": s.name,
                    "category": s.category,
                    "requirement": s.requirement,
                    "weight": s.weight,
                    "mentions": [
                        {"text": m.text, "section": m.section, "start": m.start, "end": m.end}
                        for m in s.mentions
                    ],
                    "alternatives": list(s.alternatives),
                }
                for s in self.skills
            ],
        }

    def to_json(self) -> bytes:
        """Return `to_dict()` as compact UTF-8 JSON, fast.

        orjson writes the slotted hits and mentions itself, fields in declaration order, which is
        the contract's order; no dict per mention is made.
        """
        return orjson.dumps({"source": self.source, "title": self.title, "company": self.company,
                             "language": self.language, "years_min": self.years_min, "skills": self.skills})
