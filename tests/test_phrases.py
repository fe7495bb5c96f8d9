"""`PhraseScanner` must find exactly what one alternation regex of all phrase patterns finds."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap.clean import clean_text, fold_case
from skillgap.phrases import PhraseScanner, build_regex, bundled_phrases

REPO = Path(__file__).resolve().parents[1]
OWN_PATTERNS = {"team": ("team|teamwork … player*", "cross-functional team*", "협업*"), "care": ("care* team",),
                # "데이터" starts phrases with either lookbehind; the last ends in Hangul stems after a gap.
                "pipeline": ("data|데이터 파이프라인*", "데이터 … 처리*|분석*"),
                # "in" and "c++" must end a word; "in" of "in-depth" need not.
                "words": ("in concert with", "in-depth … knowledge*", "c++ developer*")}
# A cased letter beyond ASCII anywhere in a pattern: the alternation serves then.
CASED_START = {**OWN_PATTERNS, "care": ("Ärzte team",)}
CASED_LATER = {**OWN_PATTERNS, "care": ("team … ärzte",)}
TEXTS = [
    "",
    "We collaborate closely with cross-functional teams and communicate with stakeholders.",
    "COLLABORATE and Cross Functional Teams; teamwork player; team-based work, TEAMBASED.",
    "데이터 파이프라인을 만들고 data 파이프라인 운영, 데이터를 빠르게 처리하는 일; 빅데이터 분석",
    "자격요건\n- 동료들과 원활하게 협업할 수 있는 분\n- 대용량의 로그 데이터를 다뤄 본 경험\n- 소통을 잘 하시는 분",
    "Experience deploying ML models to production; working with large datasets; mentoring junior engineers.",
    "Working in concert with; inconcert with; in-depth, indepth and in depth knowledge; into C++ developers, c++developer.",
    "İstanbul ſtakeholders ıntegration KELVIN \u212a COLLABORATİNG coſt Ärzte team ÄRZTE TEAM",
]
WORDS = ["collaborate", "closely", "with", "cross", "functional", "team", "teams", "teamwork", "player",
         "communicate", "mentor", "ML", "models", "production", "협업", "협업을", "소통", "데이터", "처리", "대용량의",
         "파이프라인을", "분석하는", "data", "Ärzte", "ärzte", "ÄRZTE", "caring", "CARE", "İ", "ı", "ſ", "\u212a", "-", " ", "\n", ".", ";", "a", "b", "가", "in", "concert", "depth", "knowledge", "c++",
         "developer"]


def _alternation_matches(patterns, text):
    regex, owners = build_regex(patterns)
    return [(m.start(), m.end(), owners[m.lastindex - 1]) for m in regex.finditer(text)] if regex else []


def _scanned(scanner, text):
    return list(scanner.finditer(text, fold_case(text)))


@pytest.fixture(scope="module")
def bundled():
    return PhraseScanner(bundled_phrases())


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("patterns", ["bundled", "own", "cased start", "cased later"])
def test_same_matches_as_the_alternation(text, patterns, bundled):
    source = {"bundled": bundled_phrases(), "own": OWN_PATTERNS, "cased start": CASED_START,
              "cased later": CASED_LATER}[patterns]
    scanner = bundled if patterns == "bundled" else PhraseScanner(source)
    assert _scanned(scanner, text) == _alternation_matches(source, text)


def test_same_matches_in_the_example_postings(bundled):
    postings = sorted((REPO / "examples" / "job_descriptions").iterdir())
    assert postings
    for path in postings:
        text = clean_text(path.read_text(encoding="utf-8"))
        assert _scanned(bundled, text) == _alternation_matches(bundled_phrases(), text), path.name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_same_matches_on_any_text(bundled, text):
    assert _scanned(bundled, text) == _alternation_matches(bundled_phrases(), text)
    assert _scanned(PhraseScanner(OWN_PATTERNS), text) == _alternation_matches(OWN_PATTERNS, text)
    assert _scanned(PhraseScanner(CASED_START), text) == _alternation_matches(CASED_START, text)
    assert _scanned(PhraseScanner(CASED_LATER), text) == _alternation_matches(CASED_LATER, text)


def test_no_patterns_find_nothing():
    scanner = PhraseScanner({})
    assert not scanner and _scanned(scanner, "collaborate") == []
