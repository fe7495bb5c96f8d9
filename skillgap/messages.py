"""Show the library's English diagnostics in the run's language, and the profile's unknown names as alerts.

The library words its warnings in English (tests and logs rely on them); this catalogue gives the
Korean of each one a user can meet in a normal run. A message it does not know is shown as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from skillgap.profile import SUGGESTED_UNKNOWN, Profile
from skillgap.taxonomy import Taxonomy
from skillgap.terminal import escape_controls

_KOREAN = [
    (re.compile(r"^(?P<path>.+): '(?P<key>.+)' is given twice \(lines (?P<first>\d+) and (?P<again>\d+)\); "
                r"line \d+ is used$"),
     "{path}: '{key}' 가 두 번 있어요 ({first}번째 줄과 {again}번째 줄) — {again}번째 줄을 써요"),
    (re.compile(r"^(?P<path>.+): unknown key '(?P<key>.+)' ignored \(known keys: (?P<keys>.+)\)$"),
     "{path}: 모르는 항목 '{key}' 은(는) 무시했어요 (쓸 수 있는 항목: {keys})"),
    (re.compile(r"^(?P<path>.+): the profile lists no skills; every skill the postings ask for will show as a gap$"),
     "{path}: 프로필에 기술이 하나도 없어서 공고가 요구하는 모든 기술이 격차로 나와요"),
    (re.compile(r"^(?P<path>.+): unknown skill '(?P<name>.+)' skipped — did you mean (?P<names>.+)\?$"),
     "{path}: 모르는 기술 '{name}' 은(는) 건너뛰었어요 — 혹시 {names}?"),
    (re.compile(r"^(?P<path>.+): unknown skill '(?P<name>.+)' skipped — add it to (?P<file>\S+) to teach "
                r"skillgap this skill$"),
     "{path}: 모르는 기술 '{name}' 은(는) 건너뛰었어요 — {file} 에 추가하면 skillgap 이 배워요"),
    (re.compile(r"^(?P<path>.+): '(?P<a>.+)' and '(?P<b>.+)' are both (?P<skill>.+); using the higher level$"),
     "{path}: '{a}' 와 '{b}' 는 같은 기술({skill})이에요 — 더 높은 레벨을 써요"),
]
_ALERT = {
    "en": ("{path}: '{name}' is not a skill skillgap knows, so it counts as missing — did you mean {names}? "
           "Fix the name in the profile.",
           "{path}: '{name}' is not a skill skillgap knows, so it counts as missing — fix the name, or add it to "
           "{taxonomy}."),
    "ko": ("{path}: '{name}' 은(는) 모르는 기술이라 없는 것으로 계산했어요 — 혹시 {names}? 프로필에서 이름을 "
           "고쳐 주세요.",
           "{path}: '{name}' 은(는) 모르는 기술이라 없는 것으로 계산했어요 — 이름을 고치거나 {taxonomy} 에 "
           "추가하세요."),
}
_OR = {"en": " or ", "ko": " 또는 "}


def localize(message: str, lang: str) -> str:
    """Return `message` in `lang` when the catalogue knows it, else unchanged."""
    if lang == "ko":
        for pattern, korean in _KOREAN:
            found = pattern.match(message)
            if found:
                return korean.format(**found.groupdict()).replace(" or ", _OR["ko"])
    return message


@dataclass(frozen=True)
class UnknownName:
    """A profile name the taxonomy does not know: it heads the summary and the report, as an alert."""

    path: str
    name: str
    suggestions: tuple[str, ...]
    taxonomy_file: str

    def alert(self, lang: str) -> str:
        """Return the alert in `lang`: what happened to the name and how to fix it."""
        with_hint, without = _ALERT[lang]
        if self.suggestions:
            return with_hint.format(path=self.path, name=self.name,
                                    names=_OR[lang].join(f"'{s}'" for s in self.suggestions))
        return without.format(path=self.path, name=self.name, taxonomy=self.taxonomy_file)


def unknown_skills(profile: Profile, taxonomy: Taxonomy, taxonomy_file: Path) -> tuple[UnknownName, ...]:
    """Return the first profile names the taxonomy does not know, with their did-you-mean names.

    Bounded as the profile's own suggestions are: a did-you-mean costs milliseconds, and a profile of
    thousands of unknown names is a broken file, not thousands of typos (the warnings count the rest).
    """
    # A name may hold control characters or lone surrogates (YAML "\e", "\ud800"): shown as escapes.
    return tuple(UnknownName(escape_controls(profile.path), escape_controls(name),
                             tuple(taxonomy.did_you_mean(name)), taxonomy_file.as_posix())
                 for name in profile.unknown[:SUGGESTED_UNKNOWN])
