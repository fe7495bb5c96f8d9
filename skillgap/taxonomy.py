"""The skill taxonomy: bundled package data plus the user's own extensions."""
from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from skillgap.errors import TaxonomyError, yaml_problem
from skillgap.limits_yaml import LimitedLoader, read_yaml_bytes
from skillgap.terminal import safe_label
from skillgap.phrases import pattern_problem
from skillgap.phrases import bundled_phrases

USER_TAXONOMY_NAME = "taxonomy.yaml"
MAX_ANCESTORS = 64
# Ten thousand skills with aliases fit in half of this; YAML is read at about 50 KB/s.
USER_TAXONOMY_MAX_BYTES = 1024 * 1024
# Also invisible characters a name copied from a web page or a chat may carry: soft hyphen, zero-width
# space / joiners, word joiner, BOM and the Hangul fillers.
_KEY_STRIP = re.compile("[\\s\\-_./\u00ad\u200b-\u200d\u2060\ufeff\u115f\u1160\u3164]+")
_SLUG_STRIP = re.compile(r"[^0-9a-z가-힣]+")


def normalize_key(name: str) -> str:
    """Return the lookup key of a skill name: NFKC, case-folded, without spaces, dashes, dots or slashes."""
    return _KEY_STRIP.sub("", unicodedata.normalize("NFKC", name).casefold())


def slugify(name: str) -> str:
    """Return a skill id made from a name ("Apache Spark" → "apache-spark")."""
    return _SLUG_STRIP.sub("-", unicodedata.normalize("NFKC", name).lower()).strip("-")


@dataclass(frozen=True)
class Category:
    """A group of skills the report ranks as a whole (e.g. Big-data processing)."""

    id: str
    name: str
    name_ko: str | None = None


@dataclass(frozen=True)
class Skill:
    """One skill with every surface form that names it."""

    id: str
    name: str
    category: str
    kind: str = "tool"
    name_ko: str | None = None
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    exact_case: frozenset[str] = field(default_factory=frozenset)
    ambiguous: bool = False
    context_only: bool = False
    implied_only: bool = False
    head_noun: bool = False
    patterns: tuple[str, ...] = ()
    onet: dict | None = field(default=None, compare=False, hash=False)
    esco: str | None = None
    # Known only from labelled postings (learn_build), with no curated entry: its category is a guess.
    learned_only: bool = False
    # Forms the labelled postings show naming something else ("product management" the team): still resolved
    # (a profile may say them), never matched in a posting's text.
    unmatched: frozenset[str] = field(default_factory=frozenset)

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Return the name, the Korean name and the aliases, without duplicates."""
        forms = [self.name, *([self.name_ko] if self.name_ko else []), *self.aliases]
        return tuple(dict.fromkeys(forms))

    def to_dict(self) -> dict:
        """Return the `skillgap taxonomy --format json` object."""
        aliases = [a for a in self.surface_forms if a != self.name]
        return {"id": self.id, "name": self.name, "category": self.category, "aliases": aliases,
                "name_ko": self.name_ko, "kind": self.kind, "parents": list(self.parents)}


class Taxonomy:
    """Skills and categories with lookup by id, name or alias in either language."""

    def __init__(self, skills: list[Skill], categories: list[Category], version: str = ""):
        self.skills: dict[str, Skill] = {s.id: s for s in skills}
        self.categories: dict[str, Category] = {c.id: c for c in categories}
        self.version = version
        self._by_key: dict[str, str] = {}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        for skill in skills:
            for form in (skill.id, *skill.surface_forms):
                self._by_key.setdefault(normalize_key(form), skill.id)

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self):
        return iter(self.skills.values())

    def resolve(self, name: str) -> Skill | None:
        """Return the skill a name, id or alias refers to, or None."""
        skill_id = self._by_key.get(normalize_key(name))
        return self.skills.get(skill_id) if skill_id else None

    def did_you_mean(self, name: str, limit: int = 3) -> list[str]:
        """Return the display names of the skills whose names or aliases are closest to `name`."""
        # Hangul compared letter by letter (jamo): 파이쏜 is one vowel away from 파이썬, not one syllable in three.
        if not hasattr(self, "_by_jamo"):
            self._by_jamo = {unicodedata.normalize("NFD", k): k for k in self._by_key}
        key = unicodedata.normalize("NFD", normalize_key(name))
        close = difflib.get_close_matches(key, list(self._by_jamo), n=limit * 3, cutoff=0.72)
        names = [self.skills[self._by_key[self._by_jamo[k]]].name for k in close]
        return list(dict.fromkeys(names))[:limit]

    def ancestors(self, skill_id: str) -> tuple[str, ...]:
        """Return every parent, grandparent, … of a skill, nearest first, without cycles."""
        found = self._ancestors.get(skill_id)
        if found is None:  # asked for every skill of every posting: remembered
            found = self._ancestors[skill_id] = tuple(self._find_ancestors(skill_id))
        return found

    def _find_ancestors(self, skill_id: str) -> list[str]:
        # The bundled tree is a few levels deep; a user's taxonomy.yaml could chain thousands (asked for
        # every skill, that is millions of steps and entries): the nearest MAX_ANCESTORS are enough.
        seen: dict[str, None] = {}
        queue = deque(self.skills[skill_id].parents)
        while queue and len(seen) < MAX_ANCESTORS:
            parent = queue.popleft()
            if parent in seen or parent == skill_id or parent not in self.skills:
                continue
            seen[parent] = None
            queue.extend(self.skills[parent].parents)
        return list(seen)

    def skill_name(self, skill_id: str, lang: str = "en") -> str:
        """Return a skill's display name in `lang`: its Korean name when it has one, else its name, else the id."""
        skill = self.skills.get(skill_id)
        if not skill:
            return skill_id
        return skill.name_ko if lang == "ko" and skill.name_ko else skill.name

    def category_name(self, category_id: str, lang: str = "en") -> str:
        """Return a category's display name in `lang`, falling back to English and then the id."""
        cat = self.categories.get(category_id)
        if not cat:
            return category_id
        return (cat.name_ko if lang == "ko" and cat.name_ko else cat.name)

    @property
    def fingerprint(self) -> str:
        """Return a short hash that changes whenever any skill or alias changes (cache key)."""
        digest = hashlib.sha256()
        for skill in sorted(self.skills.values(), key=lambda s: s.id):
            digest.update(repr((skill.id, skill.category, skill.surface_forms, skill.parents,
                                sorted(skill.exact_case), skill.ambiguous, skill.context_only,
                                skill.implied_only, skill.head_noun, skill.patterns, sorted(skill.unmatched))).encode())
        return digest.hexdigest()[:16]


def _skill_from_dict(data: dict, origin: str) -> Skill:
    try:
        return Skill(
            id=str(data["id"]),
            name=str(data["name"]),
            category=str(data["category"]),
            kind=str(data.get("kind") or "tool"),
            name_ko=data.get("name_ko") or None,
            aliases=tuple(str(a) for a in data.get("aliases") or ()),
            parents=tuple(str(p) for p in data.get("parents") or ()),
            exact_case=frozenset(str(a) for a in data.get("exact_case") or ()),
            ambiguous=bool(data.get("ambiguous", False)),
            context_only=bool(data.get("context_only", False)),
            implied_only=bool(data.get("implied_only", False)),
            head_noun=bool(data.get("head_noun", False)),
            patterns=tuple(str(p) for p in data.get("patterns") or ()),
            onet=data.get("onet"),
            esco=data.get("esco"),
            learned_only=data.get("sources") == ["learned"],
            unmatched=frozenset(str(a) for a in data.get("unmatched") or ()),
        )
    except (KeyError, TypeError) as exc:
        raise TaxonomyError(f"{origin}: skill entry {data!r:.80} lacks {exc}") from None


@lru_cache(maxsize=1)
def bundled_taxonomy() -> Taxonomy:
    """Load the taxonomy shipped with the package."""
    raw = (resources.files("skillgap") / "data" / "taxonomy.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    phrases = bundled_phrases()
    skills = [_skill_from_dict({**s, "patterns": phrases.get(s["id"], ())}, "bundled taxonomy")
              for s in data["skills"]]
    categories = [Category(c["id"], c["name"], c.get("name_ko")) for c in data["categories"]]
    return Taxonomy(skills, categories, data.get("version", ""))


def extend_taxonomy(base: Taxonomy, path: Path) -> Taxonomy:
    """Return `base` plus the skills and aliases of a user's taxonomy YAML file.

    Entries with the id (or name) of a known skill add aliases to it; others become new skills.
    """
    try:
        data = yaml.load(read_yaml_bytes(path, USER_TAXONOMY_MAX_BYTES).decode("utf-8-sig"), Loader=LimitedLoader) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: {yaml_problem(exc)}") from None
    except UnicodeDecodeError as exc:
        raise TaxonomyError(f"{path}: cannot decode as UTF-8 (invalid byte 0x{exc.object[exc.start]:02x} at offset "
                            f"{exc.start}) — re-save the file as UTF-8") from None
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read the taxonomy file: {exc.strerror}") from None
    except ValueError as exc:
        raise TaxonomyError(f"{path}: {exc} — give your taxonomy YAML file") from None
    entries = data.get("skills") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise TaxonomyError(f"{path}: expected a top-level 'skills:' list of entries")
    problems = [problem for number, entry in enumerate(entries, 1) for problem in _entry_problems(number, entry)]
    if problems:
        raise TaxonomyError("\n".join(f"{path}: {problem}" for problem in problems))
    skills = dict(base.skills)
    categories = dict(base.categories)
    for entry in entries:
        entry = {key: _shown_names(key, [value] if key in _LIST_FIELDS and isinstance(value, str) else value)
                 for key, value in entry.items()}  # "aliases: k8s" is one alias, not three letters
        known = skills.get(str(entry.get("id", ""))) or base.resolve(str(entry.get("id") or entry["name"]))
        aliases = tuple(str(a) for a in entry.get("aliases") or ())
        patterns = tuple(str(p) for p in entry.get("patterns") or ())
        if known:
            skills[known.id] = replace(known, aliases=tuple(dict.fromkeys((*known.aliases, *aliases))),
                                       patterns=tuple(dict.fromkeys((*known.patterns, *patterns))))
            continue
        category = str(entry.get("category") or "software-engineering")
        if category not in categories:
            categories[category] = Category(category, category.replace("-", " ").title())
        new = {"id": entry.get("id") or slugify(str(entry["name"])), "name": entry.get("name") or entry["id"],
               "category": category, **{k: v for k, v in entry.items() if k not in ("id", "name", "category")}}
        skill = _skill_from_dict(new, str(path))
        skills[skill.id] = skill
    return Taxonomy(list(skills.values()), list(categories.values()), base.version + "+user")


_LIST_FIELDS = ("aliases", "parents", "exact_case", "patterns")
_TEXT_FIELDS = ("id", "name", "category", "kind", "name_ko")
_SHOWN_FIELDS = ("id", "name", "category", "name_ko", "aliases")
_NAME_LIMIT = 200


def _shown_names(key: str, value: object) -> object:
    """Return a field the terminal and the report show without control or bidi characters (a shared file may hold them)."""
    if key not in _SHOWN_FIELDS or value is None:
        return value
    if isinstance(value, list):
        return [safe_label(str(item), _NAME_LIMIT) or "?" for item in value]
    return safe_label(str(value), _NAME_LIMIT) or "?"


def _not_a_name(value: object) -> str | None:
    """Return what a value is when it cannot be a name (YAML reads 2024 as a number, which can): else None."""
    if isinstance(value, int) and value.bit_length() > 60:
        return "a number of over 18 digits"  # Python refuses to print one of over 4,300
    if isinstance(value, (dict, list, set, tuple, bytes)):
        return type(value).__name__
    return None


def _entry_problems(number: int, entry: object) -> list[str]:
    """Return what is wrong with one entry of a user's taxonomy file."""
    if not isinstance(entry, dict) or not (entry.get("id") or entry.get("name")):
        return [f"skills entry {number} needs at least an 'id' or a 'name'"]
    shown = entry.get("name") or entry.get("id")
    label = f"skills entry {number} ({'?' if _not_a_name(shown) else shown})"
    problems = [f"{label}: {key} must be text, got {_not_a_name(entry[key])}"
                for key in _TEXT_FIELDS if _not_a_name(entry.get(key))]
    for key in _LIST_FIELDS:
        value = entry.get(key)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, list):
            problems.append(f"{label}: {key} must be a list of names, got {_not_a_name(value) or type(value).__name__}")
        elif any(_not_a_name(item) for item in value):
            kind = next(_not_a_name(item) for item in value if _not_a_name(item))
            problems.append(f"{label}: {key} must be a list of names, got a list holding a {kind}")
    patterns = entry.get("patterns")
    for pattern in [patterns] if isinstance(patterns, str) else patterns if isinstance(patterns, list) else []:
        problem = pattern_problem(str(pattern).lower())
        if problem:
            problems.append(f"{label}: {problem}")
    return problems


def load_taxonomy(user_file: Path | None = None, required: bool = False) -> Taxonomy:
    """Return the bundled taxonomy, extended by `user_file` when it exists (it must when `required`)."""
    base = bundled_taxonomy()
    if user_file is not None and user_file.is_file():
        return extend_taxonomy(base, user_file)
    if user_file is not None and required and not user_file.exists():
        raise TaxonomyError(f"{user_file}: taxonomy file not found — check the --taxonomy path")
    if user_file is not None and user_file.exists():
        fix = "pass the YAML file itself" if required else "rename the folder; this name is for your skills YAML file"
        raise TaxonomyError(f"{user_file}: is a folder, not a taxonomy file — {fix}")
    return base
