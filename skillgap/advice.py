"""What the ranking knows beyond the taxonomy's tree (data/advice.yaml), and the levels a profile implies.

Apart from the gap analysis so that `profile check`, which shows the levels, does not import pandas.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources

import yaml

from skillgap.profile import Profile
from skillgap.results import Bi
from skillgap.taxonomy import Skill, Taxonomy

# A skill used in real projects: its parent and what it implies are known at the same level.
WORKING = 3


@dataclass(frozen=True)
class Role:
    """A kind of role (data engineer) and the skills a senior engineer names as its core."""

    id: str
    name: Bi
    titles: re.Pattern
    core: frozenset[str]
    general: bool = False   # a role the others refine (software engineer): aimed at only when none of them is


@dataclass(frozen=True)
class Advice:
    """What the ranking knows beyond the taxonomy's tree (data/advice.yaml)."""

    generic: frozenset[str]
    general_categories: frozenset[str]
    implies: dict[str, tuple[str, ...]]
    interchangeable: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # skill → its family (interchangeable or similar tools): one member well first, the rest transfer
    family: dict[str, int] = field(default_factory=dict)
    # skill → its place in its list in advice.yaml: of two equal choices, the earlier one is the usual start
    rank: dict[str, int] = field(default_factory=dict)
    # categories every posting builds on (software engineering): ranked after the fields in "where the gaps are"
    foundation_categories: frozenset[str] = frozenset()
    # categories learnt one member at a time (a language): weighed by their largest gap alone
    one_at_a_time_categories: frozenset[str] = frozenset()
    roles: tuple[Role, ...] = ()
    legacy: frozenset[str] = frozenset()
    # `implies` without the families: what using a skill really includes (Tableau → dashboards)
    comes_with: dict[str, tuple[str, ...]] = field(default_factory=dict)
    known_in_field: frozenset[str] = frozenset()
    # category → the categories inference treats as its field (itself and its kin)
    field_of: dict[str, frozenset[str]] = field(default_factory=dict)
    # business domains (blockchain, autonomous driving): the industry of an employer, not a role's skill
    domains: frozenset[str] = frozenset()

    def same_field(self, category: str, other: str) -> bool:
        return category == other or other in self.field_of.get(category, ())

    def is_general(self, skill) -> bool:
        """Tell whether a skill, unrated, is unknown rather than missing: a soft skill, a general field, or
        one only the labelled postings taught us (consulting, account management), whose field is a guess."""
        return skill.kind == "soft" or skill.context_only or skill.id in self.generic \
            or skill.category in self.general_categories or skill.learned_only


@lru_cache(maxsize=1)
def bundled_advice() -> Advice:
    """Load data/advice.yaml: general fields, and the skills a stated skill implies."""
    text = (importlib_resources.files("skillgap") / "data" / "advice.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    comes_with = {k: tuple(v) for k, v in (data.get("implies") or {}).items()}
    implies = {k: list(v) for k, v in comes_with.items()}
    interchangeable: dict[str, list[str]] = {}
    for tools in data.get("interchangeable") or ():
        for tool in tools:
            interchangeable.setdefault(tool, []).extend(t for t in tools if t != tool)
    for tools in (*(data.get("interchangeable") or ()), *(data.get("similar") or ())):
        for tool in tools:
            implies.setdefault(tool, []).extend(t for t in tools if t != tool)
    family: dict[str, int] = {}
    rank: dict[str, int] = {}
    for number, tools in enumerate((*(data.get("interchangeable") or ()), *(data.get("similar") or ()),
                                    *(data.get("one_first") or ()))):
        for place, tool in enumerate(tools):
            rank.setdefault(tool, place)
        joined = {family[t] for t in tools if t in family}  # Python is in [python, r] and in the languages
        for tool, old in list(family.items()):
            if old in joined:
                family[tool] = number
        family.update((tool, number) for tool in tools)
    return Advice(frozenset(data.get("generic") or ()), frozenset(data.get("general_categories") or ()),
                  {k: tuple(dict.fromkeys(v)) for k, v in implies.items()},
                  {k: tuple(dict.fromkeys(v)) for k, v in interchangeable.items()}, family, rank,
                  frozenset(data.get("foundation_categories") or ()),
                  frozenset(data.get("one_at_a_time_categories") or ()),
                  tuple(Role(r["id"], Bi(r["name"]["en"], r["name"]["ko"]), re.compile(r["titles"], re.IGNORECASE),
                             frozenset(r["core"]), bool(r.get("general"))) for r in data.get("roles") or ()),
                  frozenset(data.get("legacy") or ()), comes_with, frozenset(data.get("known_in_field") or ()),
                  {c: frozenset(kin) for kin in data.get("kin_categories") or () for c in kin},
                  frozenset(data.get("domains") or ()))


def effective_levels(profile: Profile, taxonomy: Taxonomy,
                     advice: Advice | None = None) -> dict[str, tuple[int, str | None]]:
    """Return {skill id: (level, inferred-from skill id or None)}.

    A stated level wins. A skill the profile does not state gets one level less than the best
    stated skill it can be inferred from: a child (Spring Boot 2 → Spring 1), a skill the stated
    one implies (pandas 2 → NumPy 1), a tool of its family (PyTorch 4 → TensorFlow 3), or, for a concept,
    its stated parent concept of the same field (Machine learning 4 → Model training 3, NLP 5 → large
    language models 4). The parent of a skill used in real work (level 3 or more), and what it implies, get
    the same level: MySQL 3 is working knowledge of relational databases and SQL; so does a field two
    stated skills in real use lie under (Tableau 3, Google Analytics 3 → data analysis 3). A named model or a
    field's everyday practice (GPT, prompt engineering) gets the level of its field from working level on.
    """
    advice = advice or bundled_advice()
    levels: dict[str, tuple[int, str | None]] = {sid: (e.level, None) for sid, e in profile.skills.items()}

    def offer(skill_id: str, level: int, source: str) -> None:
        if skill_id not in profile.skills and level > levels.get(skill_id, (-1, None))[0]:
            levels[skill_id] = (level, source)

    working_under: dict[str, list[tuple[int, str]]] = {}
    for sid, entry in profile.skills.items():
        if sid in taxonomy.skills:
            for ancestor in taxonomy.ancestors(sid):
                direct = ancestor in taxonomy.skills[sid].parents and entry.level >= WORKING
                offer(ancestor, entry.level if direct else max(entry.level - 1, 0), sid)
                if entry.level >= WORKING:
                    working_under.setdefault(ancestor, []).append((entry.level, sid))
            for implied in advice.implies.get(sid, ()):
                if implied in taxonomy.skills:
                    included = implied in advice.comes_with.get(sid, ()) and entry.level >= WORKING
                    offer(implied, entry.level if included else max(entry.level - 1, 0), sid)
    # Two skills of a field in real use are real use of the field: SQL 4 and Tableau 3 → data analysis 3.
    for ancestor, used in working_under.items():
        if len(used) >= 2:
            offer(ancestor, *sorted(used, reverse=True)[1])
    # Only within a field: Machine learning 4 says nothing of MLOps (deployment-ops), a child of it.
    subfields: dict[str, Skill] = {}  # by id: a concept under two stated fields is one subfield
    for skill in taxonomy:
        if skill.kind == "concept":
            for parent in skill.parents:
                stated_parent = taxonomy.skills.get(parent)
                if parent in profile.skills and stated_parent is not None and stated_parent.kind == "concept" \
                        and advice.same_field(stated_parent.category, skill.category):
                    offer(skill.id, max(profile.skills[parent].level - 1, 0), parent)
                    subfields[skill.id] = skill
    # A subfield known well says the same of the field it belongs to: LLMs 4 (from NLP 5) → generative AI 3.
    for skill in subfields.values():
        level, source = levels[skill.id]
        for parent in skill.parents:
            offer(parent, max(level - 1, 0), source)
    # Outer practice first: a field's supervised learning before its classification.
    for known in sorted(advice.known_in_field & taxonomy.skills.keys(), key=lambda k: (len(taxonomy.ancestors(k)), k)):
        fields = [(levels[p][0], p) for p in taxonomy.skills[known].parents if p in levels]
        if fields and max(fields)[0] >= WORKING:
            offer(known, *max(fields))
    return levels
