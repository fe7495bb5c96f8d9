import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap import experience
from skillgap.clean import clean_text, fold_case
from skillgap.experience import years_min
from skillgap.sections import split_sections


def years(raw):
    text = clean_text(raw)
    return years_min(text, split_sections(text))


@pytest.mark.parametrize("raw, expected", [
    ("자격요건\n- 관련 경력 3년 이상", 3),
    ("자격요건\n- 경력 5년 이상의 백엔드 개발 경험", 5),
    ("자격요건\n- 데이터 엔지니어링 실무 경험 4~7년", 4),
    ("경력: 경력 3~7년\n\n자격요건\n- Python", 3),
    ("경력: 경력 신입~10년\n\n자격요건\n- Python", None),
    ("자격요건\n- 경력무관, 신입 가능", None),
    ("자격요건\n• 경력 : 개발 경력 3년 이상 보유자\n• 신입 : 경력 무관", None),
    # a job board's summary field states the minimum even under another header
    ("데이터 분석가\n\n마감일\n2023.07.31\n경력\n7년 이상\n\n주요 업무\n- 분석", 7),
    # the title's years are the minimum; one tool's own years do not lower it
    ("백엔드 시니어 개발자 (6년 이상)\n\n자격요건\n- 6년 이상의 백엔드 개발 경력\n- 1년 이상의 NestJS 실무 경험", 6),
    ("자격요건\n- 2년 이상 경력\n\n우대사항\n- 7년 이상 경력", 2),
    ("우대사항\n- 7년 이상 경력", None),
    ("혜택 및 복지\n- 근속 3년마다 리프레시 휴가\n- 1년 계약직 후 정규직 전환", None),
    ("Requirements\n- 5+ years of experience in data engineering", 5),
    ("Minimum qualifications:\n- Bachelor's degree and 3 years of experience with Python", 3),
    ("Requirements\n- At least three years of industry experience", 3),
    ("Requirements\n- 3-5 years building ML systems", 3),
    ("자격요건\n- Python\n\n혜택 및 복지\n- 1년 이상 재직자 스톡옵션 지급", None),
    ("Job Description\nSenior profiles with 10 Yrs and a Master's degree", 10),
    ("Responsibilities\n- Our scientists get mentoring and three years of full support", None),
    ("About us\nFounded 20 years ago, we have grown every year.\n\nRequirements\n- Python", None),
])
def test_years_min(raw, expected):
    assert years(raw) == expected


YEAR_PIECES = ["경력", "신입", "3", "10", "5", "년", "이상", "~", "-", "–", "차", "↑", "+", " ", "\n", ".", ":", "years", "Years",
               "YRS", "yr", "three", "FIVE", "to", "or more", "of experience", "experience", "우대사항", "자격요건", "a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(YEAR_PIECES), max_size=40).map("".join).map(clean_text))
def test_patterns_searched_only_near_their_words_find_what_a_full_search_finds(text):
    with pytest.MonkeyPatch.context() as patch:  # every pattern searched, all of the text
        patch.setattr(experience, "_PATTERNS", [(("",), pattern, span) for _, pattern, span in experience._PATTERNS])
        patch.setattr(experience, "_finditer", lambda pattern, folded, words, span: pattern.finditer(folded))
        searched = years_min(text, split_sections(text))
    assert years_min(text, split_sections(text)) == searched
    for words, pattern, (before, after) in experience._PATTERNS:
        for m in pattern.finditer(fold_case(text)):
            found = m.group()
            assert any(at <= before and len(found) - at - len(word) <= after
                       for word in words for at in range(len(found)) if found.startswith(word, at))


# The patterns as they read before they were written to start with a character (see experience._not_after).
_NUM_WORDS = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)"
READABLE = [
    re.compile(r"(?<![\d.])(\d{1,2})\s*(?:년\s*)?[~∼\-–]\s*\d{1,2}\s*년"),
    re.compile(r"(?<![\d.])(\d{1,2})\s*년\s*(?:차\s*)?(?:이상|↑|\+|以上)"),
    re.compile(rf"(?<![\d.])\b{_NUM_WORDS}\s*(?:\+|\s*(?:-|–|to)\s*\d{{1,2}}|\s*or\s+more)?\s*(?:\+\s*)?(?:years?|yrs?)\b"),
]
NUMBER_PIECES = ["1", "23", "2024", ".", "1.5", "3", " ", "\n", "년", "이상", "~", "-", "–", "to", "or more", "+", "years",
                 "yr", "three", "fifteen", "often", "_5", "a1", "x", "차", "↑"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=30).map("".join))
def test_the_patterns_find_what_their_readable_forms_find(text):
    for readable, (_, pattern, _) in zip(READABLE, experience._PATTERNS[2:]):
        assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == \
               [(m.span(), m.groups()) for m in readable.finditer(text)]
