"""`prefiltered` must find exactly what the original regex finds: spans, groups, lastindex, order."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap.alternation import PrefilteredPattern, prefiltered


def _signature(matches) -> list:
    return [(m.span(), m.lastindex, m.group(), m.groups()) for m in matches]


def _patterns() -> dict[str, re.Pattern]:
    from skillgap import experience, sections
    from skillgap.phrases import build_regex, bundled_phrases

    found = {"phrases": build_regex(bundled_phrases())[0]}
    for name in ("_GLUED", "_PREFERRED_LINE"):
        pattern = getattr(sections, name)
        found[f"sections.{name}"] = pattern.original if isinstance(pattern, PrefilteredPattern) else pattern
    for number, pattern in enumerate(experience._PATTERNS):
        found[f"experience.{number}"] = pattern.original if isinstance(pattern, PrefilteredPattern) else pattern
    found.update({
        "groups": re.compile(r"(?<![a-z])(ab)(c)?|(\d+)\s*(년|years?)|\b(x)(y)", re.IGNORECASE),
        "korean": re.compile(r"(?<![가-힣])(파이썬|쿠버네티스)(?:을|를)?|(스파크)"),
        "categories": re.compile(r"(?<![\d.])(\d{1,2})\s*\+|\b(\w+)@"),
    })
    return found


PATTERNS = _patterns()
TEXTS = [
    "",
    "We collaborate closely with cross-functional teams; 3+ years of Python. Nice to have: Spark.",
    "자격요건\n- 파이썬 3년 이상\n- 쿠버네티스를 활용한 배포 경험\n우대사항• 스파크 경험이 있다면 더 좋아요",
    "주요업무• 데이터 파이프라인 담당업무:1. 자격요건2년~5년 복리후생 ABC abc 1.5 years x@y.z xy",
    "İstanbul ſtakeholders KELVIN \u212a 10 YEARS 3-5년 경력 신입~10년 Communicat COMMUNICATION",
]
ALPHABET = "abcxyACXYſKİ \n.,:;-+•()[]0123456789년이상경력파이썬쿠버네티스스파크협업소통좋아요우대" \
           "collaborate communicate stakeholders years plus preferred"


@pytest.mark.parametrize("name", sorted(PATTERNS))
@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_the_original(name, text):
    original = PATTERNS[name]
    fast = prefiltered(original)
    assert _signature(fast.finditer(text)) == _signature(original.finditer(text))
    assert _signature(filter(None, [fast.search(text)])) == _signature(filter(None, [original.search(text)]))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200), st.sampled_from(sorted(PATTERNS)), st.integers(0, 20))
def test_same_matches_on_any_text(text, name, pos):
    original = PATTERNS[name]
    fast = prefiltered(original)
    assert _signature(fast.finditer(text, pos)) == _signature(original.finditer(text, pos))
    assert _signature(filter(None, [fast.search(text, pos)])) == _signature(filter(None, [original.search(text, pos)]))


def test_the_bundled_patterns_are_accelerated():
    assert all(isinstance(prefiltered(p), PrefilteredPattern) for p in PATTERNS.values())


@pytest.mark.parametrize("source, flags", [
    (r"(a)\1|b", 0),           # a backreference changes meaning when a branch stands alone
    (r"(x)|(a)\2", 0),
    (r"(x)|y(a)?(?(2)c|d)", 0),  # a conditional
    (r"a*|b", 0),              # a branch that matches the empty string
    (r".x|b", 0),              # a branch that may start with any character
    (r"[^a]x|b", 0),           # a negated class
    (r"(?i:a)|b", 0),          # inline flags
    (r"a | b", re.VERBOSE),
])
def test_what_it_cannot_model_is_left_alone(source, flags):
    pattern = re.compile(source, flags)
    assert prefiltered(pattern) is pattern


def test_other_methods_are_those_of_the_original():
    pattern = re.compile(r"(?<![a-z])(python)|(java)", re.IGNORECASE)
    fast = prefiltered(pattern)
    assert fast.sub("x", "Python and Java") == "x and x"
    assert fast.original is pattern and fast.pattern == pattern.pattern and fast.groups == 2
    assert prefiltered(None) is None
