"""Read and validate a skill profile (YAML, see DESIGN.md) against the taxonomy."""
from __future__ import annotations

import reprlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from skillgap.errors import InputError, ProfileError, yaml_problem
from skillgap.limits_yaml import LimitedLoader, read_yaml_bytes
from skillgap.load import decode_bytes
from skillgap.taxonomy import Taxonomy
from skillgap.terminal import safe_label

KNOWN_KEYS = ("name", "language", "target_roles", "skills")
ENTRY_KEYS = ("level", "evidence", "last_used", "note")
LANGUAGES = ("ko", "en")
MAX_LEVEL = 5
# A did-you-mean costs about 20 ms (8,000 unknown names took 87 s): only the first ones get one.
SUGGESTED_UNKNOWN = 20
# Warnings about single entries shown before the rest are counted in one line.
SHOWN_ENTRY_WARNINGS = 50
MAX_NAME = 100
# last_used outside these years is a typo (24 for 2024), not a date.
YEARS = range(1950, 2101)


@dataclass(frozen=True)
class ProfileSkill:
    """One profile entry resolved to a taxonomy skill."""

    skill_id: str
    given_name: str
    level: int
    evidence: str | None = None
    last_used: int | None = None


@dataclass(frozen=True)
class Profile:
    """A person's skills and preferences, resolved against the taxonomy."""

    path: str
    stem: str
    name: str
    language: str | None
    target_roles: tuple[str, ...]
    skills: dict[str, ProfileSkill]
    warnings: tuple[str, ...] = ()
    unknown: tuple[str, ...] = field(default=())

    def level(self, skill_id: str) -> int:
        """Return the stated level of a skill, 0 when the profile does not mention it."""
        entry = self.skills.get(skill_id)
        return entry.level if entry else 0


class _Loader(LimitedLoader):
    """A safe YAML loader that remembers keys given twice in one mapping (YAML keeps only the last)."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[object, int, int]] = []  # key, first line, repeated line

    def construct_mapping(self, node, deep=False):
        lines: dict[object, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = self.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if key in lines:
                self.duplicates.append((key, lines[key], line))
            lines[key] = line
        return super().construct_mapping(node, deep)


def _load_yaml(text: str) -> tuple[object, list[tuple[object, int, int]]]:
    loader = _Loader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def _parse_level(value, label: str, problems: list[str]):
    """Return (level, evidence, last_used) from a scalar or a mapping entry, or None after noting a problem."""
    evidence = last_used = None
    if isinstance(value, dict):
        extra = sorted(set(map(str, value)) - set(ENTRY_KEYS))
        if extra:
            problems.append(f"skill '{label}': unknown key(s) {', '.join(extra)} — use level, evidence, last_used")
            return None
        if "level" not in value:
            problems.append(f"skill '{label}': a mapping needs a 'level' (0–{MAX_LEVEL})")
            return None
        evidence = value.get("evidence")
        last_used = value.get("last_used")
        if last_used is not None and (isinstance(last_used, bool) or last_used not in YEARS):
            problems.append(f"skill '{label}': last_used must be a year like 2024, got {_short(last_used)}")
            return None
        if isinstance(evidence, (dict, list)):
            problems.append(f"skill '{label}': evidence must be text, got {type(evidence).__name__}")
            return None
        value = value["level"]
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"skill '{label}': level must be a whole number 0–{MAX_LEVEL}, got {_short(value)}")
        return None
    if not 0 <= value <= MAX_LEVEL:
        problems.append(f"skill '{label}': level {_short(value)} is outside 0–{MAX_LEVEL} "
                        "(0 none · 1 aware · 2 basic · 3 working · 4 strong · 5 expert)")
        return None
    return value, (str(evidence) if evidence is not None else None), last_used


def parse_profile(text: str, path: Path, taxonomy: Taxonomy) -> Profile:
    """Validate profile YAML text; raise ProfileError listing every problem found."""
    try:
        data, duplicates = _load_yaml(text)
    except yaml.YAMLError as exc:
        raise ProfileError(path, [yaml_problem(exc)]) from None
    except (ValueError, OverflowError):  # PyYAML's own number constructors: 1e999:00, a 10,000-digit integer
        raise ProfileError(path, ["a number in the profile is too large to read — levels are 0–5, years like 2024"]) \
            from None
    if data is None:
        raise ProfileError(path, ["the profile is empty — add a 'skills:' mapping such as 'Python: 3'"])
    if not isinstance(data, dict):
        raise ProfileError(path, [f"expected a mapping with keys {', '.join(KNOWN_KEYS)}, got {type(data).__name__}"])
    problems: list[str] = []
    warnings: list[str] = [f"{path}: '{key}' is given twice (lines {first} and {again}); line {again} is used"
                           for key, first, again in duplicates]
    for key in data:
        if key not in KNOWN_KEYS:
            warnings.append(f"{path}: unknown key '{key}' ignored (known keys: {', '.join(KNOWN_KEYS)})")
    name = data.get("name") or path.stem
    if not isinstance(name, (str, int, float)) or (isinstance(name, int) and name.bit_length() > _MAX_SHOWN_BITS):
        problems.append(f"name must be text, got {type(name).__name__}")
        name = path.stem
    language = data.get("language")
    if language is not None and language not in LANGUAGES:
        problems.append(f"language must be 'ko' or 'en', got {_short(language)}")
        language = None
    roles = data.get("target_roles") or []
    if isinstance(roles, str):
        roles = [roles]
    if not isinstance(roles, list) or any(isinstance(role, (dict, list)) for role in roles):
        problems.append(f"target_roles must be a list of role names, got {_describe(roles)}")
        roles = []
    raw_skills = data.get("skills")
    if raw_skills is None:
        raw_skills = {}
    if not isinstance(raw_skills, dict):
        problems.append(f"skills must be a mapping of skill name → level, got {type(raw_skills).__name__}")
        raw_skills = {}
    if not raw_skills and not problems:
        warnings.append(f"{path}: the profile lists no skills; every skill the postings ask for will show as a gap")

    skills: dict[str, ProfileSkill] = {}
    unknown: list[str] = []
    for raw_name, value in raw_skills.items():
        label = str(raw_name)
        parsed = _parse_level(value, label, problems)
        if parsed is None:
            continue
        skill = taxonomy.resolve(label)
        if skill is None:
            hint = taxonomy.did_you_mean(label) if len(unknown) < SUGGESTED_UNKNOWN else []
            suggestion = f" — did you mean {' or '.join(repr(h) for h in hint)}?" if hint else \
                " — add it to profiles/taxonomy.yaml to teach skillgap this skill"
            warnings.append(f"{path}: unknown skill '{label}' skipped{suggestion}")
            unknown.append(label)
            continue
        level, evidence, last_used = parsed
        previous = skills.get(skill.id)
        if previous:
            warnings.append(f"{path}: '{label}' and '{previous.given_name}' are both {skill.name}; "
                            f"using the higher level")
            if previous.level >= level:
                continue
        skills[skill.id] = ProfileSkill(skill.id, label, level, evidence, last_used)
    if len(warnings) > SHOWN_ENTRY_WARNINGS:
        warnings[SHOWN_ENTRY_WARNINGS:] = [f"{path}: … and {len(warnings) - SHOWN_ENTRY_WARNINGS:,} more warnings "
                                           "like these (unknown or repeated names)"]
    if problems:
        # Everything to fix in one go: the warnings (unknown names, ignored keys) come along.
        prefix = f"{path}: "
        raise ProfileError(path, problems + [w.removeprefix(prefix) for w in warnings])
    # The name heads the report and the terminal: one line, no control or bidi characters.
    name = safe_label(str(name), MAX_NAME) or path.stem
    return Profile(str(path), path.stem, name, language, tuple(map(str, roles)), skills,
                   tuple(warnings), tuple(unknown))


def _describe(value: object) -> str:
    return type(value).__name__ if not isinstance(value, list) else _short(value)


def _short(value: object) -> str:
    """Return a value's repr, shortened (reprlib) without walking all of a large value."""
    if isinstance(value, int) and value.bit_length() > _MAX_SHOWN_BITS:
        return "a number of over 18 digits"  # Python refuses to print one of over 4,300 (YAML's 0x… has no limit)
    return _REPR.repr(value)


_MAX_SHOWN_BITS = 60
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60


def load_profile(path: Path, taxonomy: Taxonomy) -> Profile:
    """Read a profile file (read-only; UTF-8, UTF-16 or CP949) and validate it."""
    if path.is_dir():
        raise ProfileError(path, ["is a folder, not a profile file — pass the YAML file itself, "
                                  "e.g. --profile profiles/me.yaml"])
    try:
        data = read_yaml_bytes(path)
    except FileNotFoundError:
        raise ProfileError(path, ["profile not found — create it (see profiles/me.yaml) or pass --profile"]) from None
    except OSError as exc:
        raise ProfileError(path, [f"cannot read the profile: {exc.strerror or exc}"]) from None
    except ValueError as exc:
        raise ProfileError(path, [f"{exc} — give your profile YAML file"]) from None
    try:
        text = decode_bytes(data, path)
    except InputError as exc:
        raise ProfileError(path, [f"{exc.problem} — {exc.hint}"]) from None
    return parse_profile(text.removeprefix("\ufeff"), path, taxonomy)
