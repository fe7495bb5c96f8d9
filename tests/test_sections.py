import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap import sections
from skillgap.clean import clean_text, fold_case
from skillgap.sections import header_kind, is_job_text, section_at, split_sections


@pytest.mark.parametrize("line, kind", [
    ("주요업무", "responsibility"), ("[담당업무]", "responsibility"), ("🚀 주요 업무", "responsibility"),
    ("합류하면 함께 할 업무예요", "responsibility"), ("1) 주요업무", "responsibility"),
    ("What you'll do", "responsibility"), ("## Responsibilities", "responsibility"),
    ("자격요건", "required"), ("■ 필수 요건", "required"), ("이런 분과 함께하고 싶어요", "required"),
    ("Minimum qualifications:", "required"), ("**Requirements**", "required"), ("What we're looking for", "required"),
    ("우대사항", "preferred"), ("➕ 우대 사항", "preferred"), ("이런 분이면 더 좋아요!", "preferred"),
    ("Preferred qualifications", "preferred"), ("Nice to have", "preferred"), ("Bonus points", "preferred"),
    ("혜택 및 복지", "other"), ("[ 우리는 이런 혜택이 있어요 ]", "other"), ("토스로의 합류여정", "other"),
    ("Benefits", "other"), ("About us", "other"),
])
def test_header_families(line, kind):
    assert header_kind(line) == kind


@pytest.mark.parametrize("line", [
    "파이썬을 활용한 데이터 파이프라인 구축 경험", "Experience with Kubernetes in production",
    "자격요건을 갖추신 분은 아래 링크로 지원해주세요. 서류 검토 후 연락드리겠습니다. 감사합니다 많은 지원 바랍니다.", "",
])
def test_content_lines_are_not_headers(line):
    assert header_kind(line) is None


def kinds_of(text):
    text = clean_text(text)
    return text, split_sections(text)


@pytest.mark.parametrize("raw", [
    "회사소개\n좋은 회사\n\n주요업무\n- 모델 개발\n\n자격요건\n- 파이썬\n\n우대사항\n- 스파크\n\n혜택 및 복지\n- 간식",
    "About us\nGreat\n\nResponsibilities\n- Build\n\nRequirements\n- Python\n\nNice to have\n- Spark\n\nBenefits\n- Food",
])
def test_sections_in_order_and_tile_the_text(raw):
    text, sections = kinds_of(raw)
    assert [s.kind for s in sections] == ["other", "responsibility", "required", "preferred", "other"]
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:]))
    assert section_at(sections, text.index("Python" if "Python" in text else "파이썬")).kind == "required"


def test_toss_style_endings_split_required_and_preferred():
    text, sections = kinds_of("이런 분과 함께하고 싶어요\n- Python 경험이 필요해요\n- Spark 경험이 있으면 좋아요\n")
    assert section_at(sections, text.index("Python")).kind == "required"
    assert section_at(sections, text.index("Spark")).kind == "preferred"


def test_english_plus_marks_preferred_line():
    text, sections = kinds_of("Requirements\n- Python\n- Experience with Spark is a plus\n")
    assert section_at(sections, text.index("Python")).kind == "required"
    assert section_at(sections, text.index("Spark")).kind == "preferred"


def test_glued_headers_without_newlines():
    text, sections = kinds_of("주요업무• 파이프라인 개발자격요건• Python 경험우대사항• Spark 경험혜택 및 복지• 간식")
    assert section_at(sections, text.index("파이프라인")).kind == "responsibility"
    assert section_at(sections, text.index("Python")).kind == "required"
    assert section_at(sections, text.index("Spark")).kind == "preferred"
    assert section_at(sections, text.index("간식")).kind == "other"


def test_document_without_headers_is_required_after_title():
    text, sections = kinds_of("Data Engineer\nWe need Python and Spark experience.")
    assert section_at(sections, 0).kind == "other"
    assert section_at(sections, text.index("Python")).kind == "required"


@pytest.mark.parametrize("raw, word, kind", [
    ("Title\n\nRequirements: Python and SQL\nBenefits: free lunch", "Python", "required"),
    ("Title\n\nBenefits: free lunch and Python classes", "Python", "other"),
    ("제목\n\n자격요건: 파이썬 3년 이상", "파이썬", "required"),
    ("Title\n\nNote: Python is our main language", "Python", "required"),
])
def test_header_and_content_on_one_line(raw, word, kind):
    text, sections = kinds_of(raw)
    assert section_at(sections, text.index(word)).kind == kind


@pytest.mark.parametrize("line, kind", [
    ("# Ideal Candidate", "required"), ("IV. Knowledge, Skills and Abilities", "required"),
    ("Strong Pluses", "preferred"), ("Preferred Skills and Experience:", "preferred"), ("PREFERENCES", "preferred"),
    ("Knowledge, Skills & Abilities Required:", "required"),
    ("### 🔍 이런 분이라면 더욱 좋아요", "preferred"), ("이런 분을 모시고 싶어요", "required"),
    ("요구경험 및 역량", "required"), ("전형안내", "other"),
    ("As a Machine Learning Engineer, You Will", "responsibility"), ("In this newly created role, you will:", "responsibility"),
    ("You Are a Good Fit If You Have", "required"), ("We'd love to hear from you if you have:", "required"),
    ("Added bonus if you have", "preferred"), ("Added bonuses:", "preferred"),
    ("What we are looking for:", "required"), ("Who are we looking for?", "required"),
    ("■ 선호하는 인재", "preferred"), ("우대하는 경험", "preferred"),
])
def test_more_header_shapes(line, kind):
    assert header_kind(line) == kind


GLUED_PIECES = ["주요업무", "주요 업무", "담당업무", "직무소개", "자격요건", "자격 요건", "우대사항", "혜택 및 복지", "복리후생",
                "채용절차", "전형 절차", "지원자격", "필수요건", "주요", "지원", "우대", "•", "▶", "-", ":", "1", ".", " ", "\n",
                "근무지서울", "Python", "경험", "을", "를", "가", "a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GLUED_PIECES), max_size=50).map("".join))
def test_lines_skipped_for_glued_headers_have_none(text):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sections, "_GLUED_HINTS", tuple(set(text)))  # every line searched, as without the hint
        searched = split_sections(text)
    assert split_sections(text) == searched


def test_lines_skipped_for_glued_headers_have_none_in_the_examples():
    for path in sorted((Path(__file__).parents[1] / "examples" / "job_descriptions").iterdir()):
        text = clean_text(path.read_text(encoding="utf-8"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sections, "_GLUED_HINTS", tuple(set(text)))
            searched = split_sections(text)
        assert split_sections(text) == searched, path.name


PREFERRED_PIECES = ["좋아요", "더 좋", "우대", "(우대)", "[우대]", "환영합니다", "가산점", "플러스입니다", "Plus", "PLUS.", "pluſ",
                    "is a plus", "Nice to have", "nice-to-have", "Preferred", "desirable", "Would be great", "bonus points",
                    "a bonus", "advantage", " ", ".", "!", ")", "]", "-", "\n", "Python", "경험", "a", "İ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PREFERRED_PIECES), max_size=30).map("".join))
def test_every_preferred_line_holds_a_hint_word(text):
    folded = fold_case(text)
    for line in folded.split("\n"):
        for m in re.finditer(sections._PREFERRED_LINE, line):
            assert any(hint in m.group() for hint in sections._PREFERRED_HINTS)


PASTED = ("Data Engineer at Example Corp. We build the data platform that powers our shipping products and our "
          "customers rely on it every day, so we care a great deal about the quality of what we ship and the people "
          "who ship it. Main Responsibilities Design batch pipelines in Airflow and keep them healthy. "
          "Required Qualifications 3+ years of Python and SQL. You gather requirements from analysts. "
          "Preferred Qualifications Experience with Kafka. Benefits Free lunch.")


def test_headers_inside_a_pasted_paragraph_still_open_sections():
    found = [(s.kind, PASTED[s.start:s.end].split()[0]) for s in split_sections(PASTED)]
    assert found == [("other", "Data"), ("responsibility", "Main"), ("required", "Required"),
                     ("preferred", "Preferred"), ("other", "Benefits")]
    # "requirements" in a sentence is no header: the required section runs on to "Preferred".
    required = next(s for s in split_sections(PASTED) if s.kind == "required")
    assert "gather requirements" in PASTED[required.start:required.end]


GLUED_EN_PIECES = ["Main", "Key", "Responsibilities", "Requirements", "Qualifications", "Duties", "What", "you'll", "You",
                   "do", "bring", "we're", "Looking", "For", "Nice", "to", "-", "Have", "Benefits", "Perks", "About", "us",
                   "Who", "are", ":", " ", ",", "•", "1", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GLUED_EN_PIECES), max_size=40).map("".join))
def test_every_english_glued_header_holds_a_hint(text):
    for m in sections._GLUED_EN.finditer(text):
        assert any(hint in m.group() for hint in sections._GLUED_EN_HINTS)


@pytest.mark.parametrize("start, end, holds", [
    (0, 100, True), (0, 8, True), (0, 7, False), (5, 13, False), (5, 17, True), (14, 21, True), (14, 20, False),
    (18, 100, False),
])
def test_hints_tell_the_spans_that_hold_a_whole_word(start, end, holds):
    text = "xx, nice ok, plusplus"  # "nice" at 4-8, "plus" at 13-17 and 17-21
    assert sections._Hints(text, ("plus", "nice")).within(start, end) is holds


def test_a_short_line_with_a_header_word_is_not_split():
    text = "Title\nWe ship. Responsibilities Design pipelines.\n"
    assert [s.kind for s in split_sections(text)] == ["other", "required"]


@pytest.mark.parametrize("text, job_text", [
    ("Senior Data Engineer\nLocation: Remote\nYou will build our streaming pipelines", True),
    ("Data Scientist\nAbout the team\nWe build fraud models with deep learning", True),
    ("Data Scientist\nAbout Acme\nAcme builds fraud models with deep learning", False),
    ("데이터 엔지니어\n회사소개\n딥러닝 기반 서비스를 만드는 회사입니다", False),
    ("데이터 엔지니어\n주요업무\n딥러닝 모델 개발", True),
])
def test_job_text_goes_on_under_field_and_team_headers(text, job_text):
    assert is_job_text(section_at(split_sections(text), len(text) - 3)) is job_text
