import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap.clean import clean_text
from skillgap.extract import _DEGREE_BEFORE, extract_text


def found(text, taxonomy, matcher, implied=False):
    skills, _ = extract_text(clean_text(text), taxonomy, matcher, include_implied=implied)
    return {s.id for s in skills if s.mentions or implied}


@pytest.mark.parametrize("text, expected", [
    # Korean: particles and heads may follow an alias
    ("자격요건\n파이썬을 활용한 데이터 처리, 쿠버네티스 기반 서비스", {"python", "kubernetes"}),
    ("자격요건\nKubernetes를 이용한 배포 경험, SQL에 능숙하신 분", {"kubernetes", "sql"}),
    # English: ASCII word boundaries, case-insensitive for long aliases
    ("Requirements\nExperience with kubernetes, PYTHON and scikit-learn", {"kubernetes", "python", "scikit-learn"}),
    ("Requirements\nWe use k8s and Docker daily", {"kubernetes", "docker"}),
])
def test_finds_skills_in_both_languages(text, expected, mini_taxonomy, mini_matcher):
    assert found(text, mini_taxonomy, mini_matcher) == expected


@pytest.mark.parametrize("text, absent", [
    ("자격요건\n포토샵, 일러스트 활용 가능자", "rust"),          # 일러스트 ⊃ 러스트
    ("혜택 및 복지\n하이브리드 근무, 냉장고 간식", "apache-hive"),   # 하이브리드 ⊃ 하이브
    ("혜택 및 복지\n냉장고 간식 무제한", "django"),               # 냉장고 ⊃ 장고
    ("자격요건\n타깃 고객 분석 경험", "git"),                     # 타깃 ⊃ 깃
    ("Requirements\nJavaScript experience", "java"),
    ("Requirements\nPython development", "rust"),
    ("Requirements\nlet's go to the office", "go"),            # lower-case go is not the language
    ("Requirements\nGo to market strategy", "go"),             # no technical context
    ("Requirements\nPlan A and Plan C are options", "c"),
    ("Requirements\nSparky and sparkling data", "apache-spark"),
])
def test_collisions_and_ambiguous_words_are_not_skills(text, absent, mini_taxonomy, mini_matcher):
    assert absent not in found(text, mini_taxonomy, mini_matcher)


@pytest.mark.parametrize("text, expected", [
    ("Requirements\nStrong Go, Python and Kubernetes skills", "go"),
    ("자격요건\nGo 언어로 서버 개발 경험", "go"),
    ("Requirements\nStatistical analysis in R or Python", "r"),
    ("Requirements\nC++ and C# experience", "cpp"),
    ("Requirements\nC++ and C# experience", "csharp"),
])
def test_ambiguous_skills_count_with_context(text, expected, mini_taxonomy, mini_matcher):
    assert expected in found(text, mini_taxonomy, mini_matcher)


def test_cpp_does_not_also_count_c(mini_taxonomy, mini_matcher):
    assert found("Requirements\nC++ with Python", mini_taxonomy, mini_matcher) == {"cpp", "python"}


def test_longest_alias_wins_and_tools_named_inside_count(mini_taxonomy, mini_matcher):
    assert found("Requirements\nSpark Streaming jobs", mini_taxonomy, mini_matcher) == {"spark-streaming",
                                                                                     "apache-spark"}
    assert found("Requirements\nJavaScript", mini_taxonomy, mini_matcher) == {"javascript"}


@pytest.mark.parametrize("text, expected", [
    ("Requirements\nWe run many Dockers", {"docker"}),
    ("Requirements\nSQLs and Hadoops", {"sql", "hadoop"}),
    ("Requirements\nGos and Rs", set()),              # short ambiguous names take no plural
])
def test_plural_forms(text, expected, mini_taxonomy, mini_matcher):
    assert found(text, mini_taxonomy, mini_matcher) == expected


def test_phrase_patterns_find_described_skills():
    from skillgap.analysis import matcher_for
    from skillgap.taxonomy import bundled_taxonomy

    taxonomy = bundled_taxonomy()
    matcher = matcher_for(taxonomy)
    cases = {
        "Requirements\n- Collaborate closely with cross-functional teams": "collaboration",
        "자격요건\n- 동료들과 원활하게 협업할 수 있는 분": "collaboration",
        "Requirements\n- Experience deploying ML models to production": "model-deployment",
        "자격요건\n- 학습한 모델을 서비스에 배포해 본 경험": "model-deployment",
        "자격요건\n- 대용량의 로그 데이터를 다뤄 본 경험": "big-data-processing",
        "Requirements\n- Experience working with large datasets": "big-data-processing",
    }
    for text, skill in cases.items():
        assert skill in found(text, taxonomy, matcher), text



def test_korean_multiword_alias_with_and_without_space(mini_taxonomy, mini_matcher):
    assert "big-data-processing" in found("자격요건\n대용량데이터처리 경험", mini_taxonomy, mini_matcher)
    assert "machine-learning" in found("자격요건\n머신 러닝 모델 개발", mini_taxonomy, mini_matcher)


@pytest.mark.parametrize("text, counted", [
    ("주요업무\n쿠버네티스 클러스터 운영", True),
    ("주요업무\n팀 운영 및 채용 참여", False),
    ("회사소개\n쿠버네티스 클러스터 운영", False),
])
def test_noisy_words_need_a_technical_context(text, counted, mini_taxonomy, mini_matcher):
    assert ("operations" in found(text, mini_taxonomy, mini_matcher)) is counted


def test_mentions_record_offsets_and_section(mini_taxonomy, mini_matcher):
    text = clean_text("회사소개\n파이썬 회사\n\n자격요건\n- 쿠버네티스 운영 경험\n\n우대사항\n- Spark 경험")
    skills, _ = extract_text(text, mini_taxonomy, mini_matcher)
    by_id = {s.id: s for s in skills}
    for skill in skills:
        for m in skill.mentions:
            assert text[m.start:m.end] == m.text
    assert by_id["kubernetes"].requirement == "required"
    assert by_id["kubernetes"].mentions[0].text == "쿠버네티스"
    assert by_id["apache-spark"].requirement == "preferred"
    assert by_id["python"].requirement == "other"


def test_requirement_is_the_strongest_section(mini_taxonomy, mini_matcher):
    text = clean_text("우대사항\n- Docker 경험\n\n자격요건\n- Docker 기반 배포")
    skills, _ = extract_text(text, mini_taxonomy, mini_matcher)
    docker = next(s for s in skills if s.id == "docker")
    assert docker.requirement == "required"
    assert [m.section for m in docker.mentions] == ["preferred", "required"]


def test_implied_parents_have_no_mentions(mini_taxonomy, mini_matcher):
    skills, _ = extract_text(clean_text("Requirements\nPyTorch"), mini_taxonomy, mini_matcher)
    by_id = {s.id: s for s in skills}
    assert by_id["pytorch"].mentions
    assert by_id["deep-learning"].mentions == () and by_id["machine-learning"].mentions == ()
    assert by_id["deep-learning"].requirement == "required"


def test_company_name_in_the_header_is_not_a_skill(mini_taxonomy, mini_matcher):
    from skillgap.extract import extract_document
    from skillgap.models import RawDocument

    doc = RawDocument("d.txt", "ML Engineer\nDocker Inc — Remote\n\nRequirements\n- Docker and Python", "ML Engineer",
                      "Docker Inc")
    job = extract_document(doc, mini_taxonomy, mini_matcher)
    docker = next(s for s in job.skills if s.id == "docker")
    assert [m.section for m in docker.mentions] == ["required"]


def test_common_word_alias_of_an_ambiguous_skill_needs_its_capital():
    from skillgap.analysis import matcher_for
    from skillgap.taxonomy import bundled_taxonomy

    taxonomy = bundled_taxonomy()
    matcher = matcher_for(taxonomy)
    assert "excel" not in found("Requirements\n- Help others excel with SQL and Python", taxonomy, matcher)
    assert "excel" in found("Requirements\n- Excel, SQL and Python", taxonomy, matcher)


@pytest.mark.parametrize("text", [
    "Requirements\n- see https://example.com/docker/python.html",
    "자격요건\n- 지원: HTTP://WWW.EXAMPLE.COM/docker",
    "Requirements\n- mail docker@python.io",
])
def test_nothing_inside_urls_or_addresses_is_a_skill(text, mini_taxonomy, mini_matcher):
    assert found(text, mini_taxonomy, mini_matcher) == set()


@pytest.mark.parametrize("text, absent", [
    ("Requirements\n- BS degree in Machine Learning or related field", "machine-learning"),
    ("자격요건\n- 머신러닝 전공자", "machine-learning"),
])
def test_degrees_and_majors_are_not_skills(text, absent, mini_taxonomy, mini_matcher):
    assert absent not in found(text, mini_taxonomy, mini_matcher)


def test_english_name_with_a_korean_noun():
    from skillgap.analysis import matcher_for
    from skillgap.taxonomy import bundled_taxonomy

    taxonomy = bundled_taxonomy()
    matcher = matcher_for(taxonomy)
    assert "web-development" in found("자격요건\n- Web 개발 경험이 있으신 분", taxonomy, matcher)
    assert "web-development" in found("Requirements\n- Web development experience", taxonomy, matcher)


DEGREE_PIECES = ["bs", "b.s.", "bsc", "ms", "m.sc", "ba", "b.a", "abs", "teams", "jobs", "degree", "master", "phd", "ph.d",
                 "major in", "majoring in", "related field", "학사", "전공 분야", " ", ";", "\n", "_", "1", "in", "cs", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(DEGREE_PIECES), max_size=20).map("".join))
def test_degree_cue_finds_what_its_readable_form_finds(text):
    readable = re.compile(  # as it read before its \b were moved after the first letter
        r"(degree|bachelor|master|ph\.?d|doctorate|\bb\.?s\.?c?\b|\bm\.?s\.?c?\b|\bb\.?a\b|major(?:ing)? in|"
        r"(?:quantitative|technical|related|relevant|stem) (?:field|discipline)|학사|석사|박사|학위|전공분야|전공 분야)"
        r"[^;\n]*$")
    found, expected = _DEGREE_BEFORE.search(text), readable.search(text)
    assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))
