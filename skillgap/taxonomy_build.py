"""Build the bundled skill taxonomy (skillgap/data/taxonomy.json).

The hand-curated core (data/curated.yaml) is merged with public skill lists found under
`--sources` (by default `<repo>/../shared/taxonomy-sources`):

* O*NET Technology Skills: commodity codes and Hot Technology / In Demand flags, and further
  tools named for computer, data and engineering occupations;
* ESCO ICT and transversal skills: concept URIs, plus named ICT knowledge items;
* a Korean–English IT glossary: Korean aliases of known skills;
* Korean job-board tech-stack tags: Korean aliases and common tools of Korean postings.

Curated entries win every conflict. The output is deterministic: the same inputs give the
same bytes. Run as `python -m skillgap.taxonomy_build [--sources DIR] [--out FILE]`.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_SOURCES = REPO_DIR.parent / "shared" / "taxonomy-sources"
DEFAULT_CURATED = PACKAGE_DIR / "data" / "curated.yaml"
DEFAULT_OUT = PACKAGE_DIR / "data" / "taxonomy.json"
KINDS = ("tool", "concept", "soft")
SOURCE_ORDER = ("curated", "onet", "esco", "ko-glossary", "ko-platform-tags")

_KEY_STRIP = re.compile(r"[\s\-_./]+")
_SLUG_STRIP = re.compile(r"[^0-9a-z]+")
_HANGUL = re.compile(r"[가-힣]")


def alias_key(text: str) -> str:
    """Return the matching key of a surface form, as the loader computes it (NFKC, casefold, no separators)."""
    return _KEY_STRIP.sub("", unicodedata.normalize("NFKC", text).casefold())


def slugify(name: str) -> str:
    """Return an ASCII id slug for a skill name ("C++" → "c-plus-plus" is avoided by explicit ids)."""
    text = unicodedata.normalize("NFKC", name).lower().replace("+", " plus ").replace("#", " sharp ")
    return _SLUG_STRIP.sub("-", text).strip("-")


def has_hangul(text: str) -> bool:
    """Tell whether a string contains Hangul syllables."""
    return bool(_HANGUL.search(text))


class BuildError(Exception):
    """The sources or the curated file are inconsistent (bad parent, clashing curated alias, ...)."""


# --------------------------------------------------------------------------- curated core


def load_curated(path: Path) -> tuple[str, list[dict], dict[str, dict]]:
    """Read curated.yaml into (version, categories, skills by id)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    categories = [dict(c) for c in data["categories"]]
    category_ids = {c["id"] for c in categories}
    skills: dict[str, dict] = {}
    for category, by_kind in data["skills"].items():
        if category not in category_ids:
            raise BuildError(f"curated: unknown category {category!r}")
        for kind, entries in by_kind.items():
            if kind not in KINDS:
                raise BuildError(f"curated: unknown kind {kind!r} in {category}")
            for entry in entries:
                skill = new_skill(entry["name"], category, kind, entry.get("id"), "curated")
                if skill["id"] in skills:
                    raise BuildError(f"curated: duplicate id {skill['id']!r}")
                skill["name_ko"] = entry.get("ko")
                skill["aliases"] = [str(a) for a in entry.get("aliases") or ()]
                if skill["name_ko"]:
                    skill["aliases"].insert(0, skill["name_ko"])
                skill["parents"] = list(entry.get("parents") or ())
                skill["exact_case"] = [str(a) for a in entry.get("exact_case") or ()]
                skill["ambiguous"] = bool(entry.get("ambiguous", False))
                skill["context_only"] = bool(entry.get("context_only", False))
                skills[skill["id"]] = skill
    return str(data["version"]), categories, skills


def new_skill(name: str, category: str, kind: str, skill_id: str | None, source: str) -> dict:
    """Return a fresh skill record in the output schema."""
    return {"id": skill_id or slugify(name), "name": name, "name_ko": None, "category": category,
            "kind": kind, "aliases": [], "parents": [], "exact_case": [], "ambiguous": False,
            "context_only": False, "onet": None, "esco": None, "sources": {source}}


# --------------------------------------------------------------------------- index


class Index:
    """Look up skills by the key of any surface form; remembers which forms are curated."""

    def __init__(self, skills: dict[str, dict]):
        self.skills = skills
        self.by_key: dict[str, set[str]] = defaultdict(set)
        for skill in skills.values():
            self.add_forms(skill)

    def add_forms(self, skill: dict) -> None:
        """Register every surface form of a skill."""
        for form in (skill["id"], skill["name"], *skill["aliases"]):
            self.by_key[alias_key(form)].add(skill["id"])

    def find(self, *forms: str) -> str | None:
        """Return the id of the skill one of `forms` names, when exactly one skill claims it."""
        for form in forms:
            ids = self.by_key.get(alias_key(form), set())
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def claimed(self, form: str) -> bool:
        """Tell whether any skill already uses this surface form."""
        return bool(self.by_key.get(alias_key(form)))


def add_alias(index: Index, skill_id: str, alias: str, source: str) -> bool:
    """Add an alias to a skill unless another skill already uses it; return whether it was added."""
    alias = alias.strip()
    if not alias or index.claimed(alias) and skill_id not in index.by_key[alias_key(alias)]:
        return False
    skill = index.skills[skill_id]
    if alias_key(alias) in {alias_key(f) for f in (skill["name"], *skill["aliases"])}:
        return False
    skill["aliases"].append(alias)
    skill["sources"].add(source)
    index.by_key[alias_key(alias)].add(skill_id)
    return True


# --------------------------------------------------------------------------- finishing


def ancestors(skills: dict[str, dict], skill_id: str) -> set[str]:
    """Return every ancestor id of a skill."""
    seen: set[str] = set()
    queue = list(skills[skill_id]["parents"])
    while queue:
        parent = queue.pop()
        if parent not in seen and parent in skills:
            seen.add(parent)
            queue.extend(skills[parent]["parents"])
    return seen


def resolve_clashes(skills: dict[str, dict], strict: bool) -> list[str]:
    """Keep each surface form on one skill only; drop it from the less specific one.

    The owner is, in order: the skill whose name (or Korean name) the form is; the descendant
    when one skill is an ancestor of the other; the curated skill; the smaller id. With
    `strict`, a clash between two curated aliases is reported instead (fix it in curated.yaml).
    """
    problems: list[str] = []
    owners: dict[str, list[str]] = defaultdict(list)
    for skill in skills.values():
        for form in dict.fromkeys(alias_key(f) for f in (skill["name"], *skill["aliases"])):
            owners[form].append(skill["id"])
    for form, ids in sorted(owners.items()):
        if len(ids) < 2:
            continue

        def rank(sid: str) -> tuple:
            skill = skills[sid]
            own = alias_key(skill["name"]) == form or (skill["name_ko"] and alias_key(skill["name_ko"]) == form)
            descendant = any(sid != other and other in ancestors(skills, sid) for other in ids)
            return (not own, not descendant, "curated" not in skill["sources"], sid)

        ids = sorted(ids, key=rank)
        keeper = ids[0]
        for loser in ids[1:]:
            if strict and "curated" in skills[keeper]["sources"] and "curated" in skills[loser]["sources"]:
                problems.append(f"surface form {form!r} on both {keeper} and {loser}")
            if alias_key(skills[loser]["name"]) == form:
                continue  # a name cannot be dropped; the keeper drops its alias instead below
            skills[loser]["aliases"] = [a for a in skills[loser]["aliases"] if alias_key(a) != form]
        if alias_key(skills[keeper]["name"]) != form and any(alias_key(skills[i]["name"]) == form for i in ids[1:]):
            skills[keeper]["aliases"] = [a for a in skills[keeper]["aliases"] if alias_key(a) != form]
    return problems


def finish(version: str, categories: list[dict], skills: dict[str, dict], strict: bool = True) -> dict:
    """Validate, de-duplicate and sort the skills into the output document."""
    problems = resolve_clashes(skills, strict)
    category_ids = {c["id"] for c in categories}
    out = []
    for sid in sorted(skills):
        skill = skills[sid]
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid):
            problems.append(f"bad id {sid!r}")
        if skill["category"] not in category_ids:
            problems.append(f"{sid}: unknown category {skill['category']!r}")
        for parent in skill["parents"]:
            if parent not in skills:
                problems.append(f"{sid}: unknown parent {parent!r}")
            elif sid in ancestors(skills, parent) or parent == sid:
                problems.append(f"{sid}: parent cycle through {parent!r}")
        seen = {alias_key(skill["name"])}
        aliases = []
        for alias in skill["aliases"]:
            if alias_key(alias) and alias_key(alias) not in seen:
                seen.add(alias_key(alias))
                aliases.append(alias)
        forms = {skill["name"], *aliases}
        out.append({
            "id": sid,
            "name": skill["name"],
            "name_ko": skill["name_ko"],
            "category": skill["category"],
            "kind": skill["kind"],
            "aliases": aliases,
            "parents": sorted(dict.fromkeys(skill["parents"])),
            "exact_case": sorted(a for a in dict.fromkeys(skill["exact_case"]) if a in forms),
            "ambiguous": skill["ambiguous"],
            "context_only": skill["context_only"],
            "onet": skill["onet"],
            "esco": skill["esco"],
            "sources": [s for s in SOURCE_ORDER if s in skill["sources"]],
        })
    if problems:
        raise BuildError("taxonomy is inconsistent:\n  " + "\n  ".join(problems))
    return {"version": version, "categories": categories, "skills": out}


def dump(doc: dict) -> str:
    """Serialise the taxonomy compactly: one skill per line, stable key order."""
    lines = ['{"version": ' + json.dumps(doc["version"]) + ",", ' "categories": [']
    lines += [
        "  " + json.dumps(c, ensure_ascii=False) + ("," if i < len(doc["categories"]) - 1 else "")
        for i, c in enumerate(doc["categories"])
    ]
    lines.append(" ],")
    lines.append(' "skills": [')
    lines += [
        "  " + json.dumps(s, ensure_ascii=False) + ("," if i < len(doc["skills"]) - 1 else "")
        for i, s in enumerate(doc["skills"])
    ]
    lines.append(" ]}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- entry point


def build(sources: Path | None, curated: Path = DEFAULT_CURATED) -> dict:
    """Return the taxonomy document built from the curated file and whatever sources exist."""
    version, categories, skills = load_curated(curated)
    return finish(version, categories, skills)


def main(argv: list[str] | None = None) -> int:
    """Build taxonomy.json from the command line."""
    parser = argparse.ArgumentParser(prog="python -m skillgap.taxonomy_build", description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="taxonomy-sources folder")
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED, help="hand-curated YAML")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write taxonomy.json")
    args = parser.parse_args(argv)
    try:
        doc = build(args.sources if args.sources.is_dir() else None, args.curated)
    except BuildError as exc:
        print(f"taxonomy_build: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(dump(doc), encoding="utf-8")
    counts = Counter(s["category"] for s in doc["skills"])
    print(f"wrote {args.out}: {len(doc['skills'])} skills; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
