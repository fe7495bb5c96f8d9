"""Phrase patterns for skills postings describe in words ("collaborate with", "대용량 데이터를 처리")."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_GAP = "…"
_GAP_RE = r"[^\n.;!?。]{0,40}?"
_HANGUL = "가-힣"
_PARTICLES = r"(?:을|를|이|가|은|는|과|와|에|에서|으로|로|의|도|및|하는|한|할|하여|해|하고|하기|적|적인|적으로)?"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _word(token: str) -> str:
    """Return the regex of one token: alternatives, stems (*) and literal words."""
    options = []
    for option in token.split("|"):
        stem = option.endswith("*")
        word = option.rstrip("*")
        body = r"[\s-]?".join(re.escape(part) for part in word.split("-")) if "-" in word else re.escape(word)
        hangul_end = _is_hangul(word[-1])
        if stem:
            body += f"[{_HANGUL}]*" if hangul_end else r"[A-Za-z]*"
        elif hangul_end:
            body += _PARTICLES
        else:
            body += r"(?![A-Za-z0-9])"
        options.append(body)
    return "(?:" + "|".join(options) + ")"


def compile_pattern(pattern: str) -> str:
    """Translate one phrase pattern (see data/phrases.yaml) into a regular expression string."""
    tokens = pattern.split()
    if not tokens or tokens[0] == _GAP or tokens[-1] == _GAP:
        raise ValueError(f"phrase pattern {pattern!r} must start and end with a word")
    parts = []
    for token in tokens:
        parts.append(_GAP_RE if token == _GAP else _word(token))
    first = tokens[0].split("|")[0]
    start = f"(?<![{_HANGUL}])" if _is_hangul(first[0]) else r"(?<![A-Za-z0-9])"
    joined = parts[0]
    for previous, part in zip(tokens, parts[1:]):
        joined += part if previous == _GAP or part == _GAP_RE else r"\s*" + part
    return start + joined


def build_regex(patterns_by_skill: dict[str, tuple[str, ...]]) -> tuple[re.Pattern | None, list[str]]:
    """Compile every skill's patterns into one regex; return it and the skill id of each group."""
    groups, owners = [], []
    for skill_id, patterns in sorted(patterns_by_skill.items()):
        for pattern in patterns:
            groups.append(f"({compile_pattern(pattern)})")
            owners.append(skill_id)
    if not groups:
        return None, owners
    return re.compile("|".join(groups), re.IGNORECASE), owners


@lru_cache(maxsize=1)
def bundled_phrases() -> dict[str, tuple[str, ...]]:
    """Load the bundled phrase patterns: {skill id: patterns}."""
    raw = (resources.files("skillgap") / "data" / "phrases.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    return {str(k): tuple(str(p) for p in v) for k, v in data.items()}
