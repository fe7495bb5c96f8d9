"""The ranking advises as a senior engineer would: alternatives, unrated soft skills, implied levels, demand."""
import json
from pathlib import Path

import pytest

from skillgap.alternatives import alternatives_of
from skillgap.extract import extract_document
from skillgap.advice import bundled_advice, effective_levels
from skillgap.gaps import analyze_gaps
from skillgap.models import RawDocument
from skillgap.profile import parse_profile
from skillgap.results import GapReport
from skillgap.taxonomy import bundled_taxonomy

CATEGORY = {"pytorch": "ml", "tensorflow": "ml", "keras": "ml", "scikit-learn": "ml", "aws": "cloud",
            "gcp": "cloud", "azure": "cloud", "python": "lang", "java": "lang", "go": "lang", "sql": "db",
            "spark": "big", "flink": "big", "docker": "ops", "kubernetes": "ops"}


def alternatives(text: str, *names: str) -> dict:
    spans, at = [], 0
    for name in names:
        at = text.index(name, at)
        spans.append((at, at + len(name), name.lower()))
        at += len(name)
    return alternatives_of(text, spans, lambda skill, unworded: CATEGORY.get(skill))


@pytest.mark.parametrize("text, names", [
    ("ML libraries, e.g. scikit-learn, LightGBM, PyTorch, TensorFlow", ("scikit-learn", "PyTorch", "TensorFlow")),
    ("딥러닝 프레임워크(scikit-learn, PyTorch, TensorFlow, Keras 등) 경험", ("scikit-learn", "PyTorch", "TensorFlow", "Keras")),
    ("Experience with PyTorch or TensorFlow", ("PyTorch", "TensorFlow")),
    ("PyTorch나 TensorFlow 사용 경험", ("PyTorch", "TensorFlow")),
    ("Public Cloud(AWS, Azure, GCP 등) 경험", ("AWS", "Azure", "GCP")),
    ("Python, Java, Go 등 한 가지 이상의 언어로 서비스 운영 경험", ("Python", "Java", "Go")),
    ("Proficiency in Python, Java, and/or Go", ("Python", "Java", "Go")),
    ("AWS/GCP 운영 경험", ("AWS", "GCP")),
])
def test_sets_of_alternatives_in_both_languages(text, names):
    found = alternatives(text, *names)
    ids = {n.lower() for n in names}
    assert set(found) == ids
    assert all(set(others) == ids - {skill} for skill, others in found.items())


@pytest.mark.parametrize("text, names", [
    ("Strong Python and SQL", ("Python", "SQL")),
    ("Python, Java, and Go", ("Python", "Java", "Go")),          # all three asked
    ("Docker, Kubernetes 등 컨테이너 기술 경험", ("Docker", "Kubernetes")),  # a list of what the work uses
    ("Python, SQL or Spark", ("Python", "SQL", "Spark")),        # no two of one kind
    ("Python 필수.\nJava 우대", ("Python", "Java")),             # separate lines
])
def test_lists_that_ask_for_every_member(text, names):
    assert alternatives(text, *names) == {}


def test_only_the_members_joined_by_or_are_alternatives():
    assert alternatives("Python and Spark or Flink", "Python", "Spark", "Flink") == \
        {"spark": ("flink",), "flink": ("spark",)}


def test_a_member_also_asked_on_its_own_is_not_an_alternative():
    found = alternatives("PyTorch or TensorFlow. Must know PyTorch well", "PyTorch", "TensorFlow", "PyTorch")
    assert found == {"tensorflow": ("pytorch",)}


@pytest.fixture(scope="module")
def taxonomy():
    return bundled_taxonomy()


@pytest.fixture(scope="module")
def matcher(taxonomy):
    from skillgap.batch import matcher_of

    return matcher_of(taxonomy)


def report(taxonomy, matcher, postings: list[str], profile_yaml: str) -> GapReport:
    jobs = [extract_document(RawDocument(f"{i}.md", text, "Engineer"), taxonomy, matcher)
            for i, text in enumerate(postings)]
    return analyze_gaps(jobs, parse_profile(profile_yaml, Path("me.yaml"), taxonomy), taxonomy, "t")


@pytest.mark.parametrize("posting", [
    "Requirements\n- Experience with PyTorch or TensorFlow\n- Kubernetes\n",
    "자격요건\n- 딥러닝 프레임워크(PyTorch, TensorFlow 등) 경험\n- 쿠버네티스 운영 경험\n",
])
def test_a_set_is_met_by_any_member_the_person_has(taxonomy, matcher, posting):
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  PyTorch: 4\n")
    ids = [g.id for g in data.gaps]
    assert "tensorflow" not in ids and "kubernetes" in ids
    assert [(c.id, c.covered_by) for c in data.covered] == [("tensorflow", ("pytorch",))]


def test_an_unmet_set_is_one_gap_that_names_the_others(taxonomy, matcher):
    posting = "Requirements\n- Cloud experience (AWS, GCP or Azure)\n- Docker\n"
    data = report(taxonomy, matcher, [posting] * 4, "skills:\n  Docker: 3\n  GCP: 1\n")
    clouds = [g for g in data.gaps if g.id in ("aws", "gcp", "azure")]
    assert [g.id for g in clouds] == ["gcp"]             # carried by the one the person is closest to
    assert clouds[0].alternatives == ("aws", "azure")
    assert "Amazon Web Services" in clouds[0].why.en and "Microsoft Azure" in clouds[0].why.ko


@pytest.mark.parametrize("posting", [
    "Requirements\n- Strong communication and collaboration skills\n- Problem solving, agile mindset\n- Kubernetes\n"
    "- Open source contributions\n- Requirements analysis with clients\n- Windows environment\n",
    "자격요건\n- 원활한 커뮤니케이션과 협업 능력\n- 문제 해결 능력, 알고리즘 역량\n- 쿠버네티스 운영 경험\n"
    "- 오픈소스 기여 경험\n- 고객 요구사항 분석 경험\n- Windows 환경 개발 경험\n",
])
def test_unrated_soft_skills_and_fields_are_stressed_not_ranked(taxonomy, matcher, posting):
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  Python: 4\n")
    assert [g.id for g in data.gaps] == ["kubernetes"]
    stressed = {s.id for s in data.stressed}
    assert {"communication", "collaboration", "problem-solving", "open-source", "requirements-analysis", "windows"} <= stressed
    assert all(s.job_count == 3 for s in data.stressed)
    rated = report(taxonomy, matcher, [posting] * 3, "skills:\n  Python: 4\n  Windows: 1\n")
    assert "windows" in {g.id for g in rated.gaps}                    # rated low, it is a gap again


def test_a_soft_skill_the_profile_rates_low_is_a_gap(taxonomy, matcher):
    posting = "Requirements\n- Strong communication skills\n- Kubernetes\n"
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  Communication: 1\n")
    assert "communication" in {g.id for g in data.gaps}
    assert "communication" not in {s.id for s in data.stressed}


def test_levels_the_profile_implies_are_inferred_and_shown(taxonomy):
    profile = parse_profile("skills:\n  PyTorch: 4\n  AWS: 4\n  Spring Boot: 3\n", Path("me.yaml"), taxonomy)
    levels = effective_levels(profile, taxonomy, bundled_advice())
    assert levels["numpy"] == (4, "pytorch")           # PyTorch work is NumPy work: the same level from 3
    assert levels["tensorflow"] == (3, "pytorch")      # one framework for another
    assert levels["gcp"] == (3, "aws")
    assert levels["spring"] == (3, "spring-boot")      # Spring Boot 3 is working Spring
    assert levels["deep-learning"] == (4, "pytorch")   # the field of a tool used in real work: the same level
    assert levels["machine-learning"] == (3, "pytorch")  # ... and one below further up


@pytest.mark.parametrize("profile, parent, level", [
    ("skills:\n  MySQL: 3\n", "relational-databases", 3), ("skills:\n  MySQL: 2\n", "relational-databases", 1),
    ("skills:\n  마이에스큐엘: 3\n", "relational-databases", 3),
])
def test_the_parent_of_a_skill_in_real_use_gets_its_level(taxonomy, profile, parent, level):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert levels[parent] == (level, "mysql")


@pytest.mark.parametrize("profile, level", [("skills:\n  Tableau: 3\n", 3), ("skills:\n  태블로: 2\n", 1)])
def test_what_a_skill_in_real_use_includes_gets_its_level(taxonomy, profile, level):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert levels["dashboarding"] == (level, "tableau")


def test_a_family_member_is_still_inferred_one_below(taxonomy):
    levels = effective_levels(parse_profile("skills:\n  AWS: 4\n  PyTorch: 3\n", Path("me.yaml"), taxonomy),
                              taxonomy, bundled_advice())
    assert levels["gcp"] == (3, "aws") and levels["tensorflow"] == (2, "pytorch")


def test_an_inferred_level_is_named_in_the_why(taxonomy, matcher):
    posting = "Requirements\n- NumPy expert\n"
    data = report(taxonomy, matcher, [posting] * 2, "skills:\n  PyTorch: 2\n")
    numpy = next(g for g in data.gaps if g.id == "numpy")
    assert numpy.level_source == "inferred" and numpy.inferred_from == "pytorch"
    assert "inferred from PyTorch" in numpy.why.en and "PyTorch에서 추정" in numpy.why.ko


@pytest.mark.parametrize("base, extra", [
    ("Responsibilities\n- Run Kubernetes clusters\n", "Nice to have\n- Kubernetes certification\n"),
    ("주요업무\n- 쿠버네티스 클러스터 운영\n", "우대사항\n- 쿠버네티스 자격증\n"),
])
def test_more_evidence_never_lowers_demand(taxonomy, matcher, base, extra):
    before = report(taxonomy, matcher, [base], "skills:\n  Python: 3\n")
    after = report(taxonomy, matcher, [base + extra], "skills:\n  Python: 3\n")
    score = {g.id: g.gap_score for g in before.gaps}["kubernetes"]
    assert {g.id: g.gap_score for g in after.gaps}["kubernetes"] >= score


@pytest.mark.parametrize("title", ["Kubernetes Platform Engineer", "쿠버네티스 플랫폼 엔지니어"])
def test_a_tool_in_the_job_title_counts_as_an_ask(taxonomy, matcher, title):
    job = extract_document(RawDocument("t.md", f"{title}\n\nAbout us\nWe build things.\n"), taxonomy, matcher)
    kubernetes = next(h for h in job.skills if h.id == "kubernetes")
    assert kubernetes.requirement == "other" and kubernetes.weight == 0.8


@pytest.mark.parametrize("title", ["Data Engineer", "데이터 엔지니어"])
def test_a_field_in_the_job_title_names_the_role_not_an_ask(taxonomy, matcher, title):
    body = "\n\nRequirements\n- Apache Spark\n"
    job = extract_document(RawDocument("t.md", title + body), taxonomy, matcher)
    field = next(h for h in job.skills if h.id == "data-engineering")
    assert field.weight == 0.3
    gaps = report(taxonomy, matcher, [title + body], "skills:\n  Java: 4\n").gaps
    assert [g.id for g in gaps][0] == "apache-spark"


def test_the_report_json_reads_back_into_the_same_values(taxonomy, matcher):
    posting = "Requirements\n- PyTorch or TensorFlow\n- Kubernetes, communication\n"
    data = report(taxonomy, matcher, [posting] * 2, "skills:\n  Python: 4\n")
    assert GapReport.from_dict(data.to_dict()) == data


def test_a_slash_between_tools_of_different_kinds_lists_both(taxonomy, matcher):
    posting = "Requirements\n- Docker/Kubernetes in production\n- PyTorch/TensorFlow\n"
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  Docker: 3\n  PyTorch: 4\n")
    ids = {g.id for g in data.gaps}
    assert "kubernetes" in ids                        # not covered by Docker
    assert "tensorflow" not in ids and [c.id for c in data.covered] == ["tensorflow"]


def test_an_interchangeable_tool_the_person_uses_takes_the_ask(taxonomy, matcher):
    # R named on its own, to someone building Python: the ask goes to Python, not to learning R.
    posting = "Requirements\n- Strong R skills for statistical analysis\n"
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  Python: 2\n")
    ids = [g.id for g in data.gaps]
    assert "r" not in ids and "python" in ids
    assert next(g for g in data.gaps if g.id == "python").alternatives == ("r",)


def test_a_similar_platform_is_inferred_but_still_asked_for(taxonomy, matcher):
    # A GCP shop wants GCP: AWS 3 makes GCP 2 (inferred), not a GCP ask met by AWS.
    posting = "Requirements\n- Google Cloud Platform (BigQuery, Vertex AI) in production\n"
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  AWS: 3\n")
    gcp = next(g for g in data.gaps if g.id == "gcp")
    assert (gcp.your_level, gcp.level_source, gcp.inferred_from) == (2, "inferred", "aws")


@pytest.mark.parametrize("postings, members", [
    (["Requirements\n- AWS in production\n", "Requirements\n- AWS\n", "Requirements\n- Microsoft Azure\n",
      "Requirements\n- GCP\n"], ("aws", "azure", "gcp")),
    (["자격요건\n- AWS 운영 경험\n", "자격요건\n- AWS 사용 경험\n", "자격요건\n- Azure 운영 경험\n",
      "자격요건\n- GCP 운영 경험\n"], ("aws", "azure", "gcp")),
    (["Requirements\n- Amazon SageMaker\n", "Requirements\n- SageMaker pipelines\n", "Requirements\n- Vertex AI\n",
      "Requirements\n- Azure Machine Learning\n"], ("sagemaker", "google-vertex-ai", "azure-machine-learning")),
    (["자격요건\n- SageMaker 운영 경험\n", "자격요건\n- SageMaker 사용 경험\n", "자격요건\n- Vertex AI 경험\n",
      "자격요건\n- Azure Machine Learning 경험\n"], ("sagemaker", "google-vertex-ai", "azure-machine-learning")),
])
def test_postings_naming_different_clouds_make_one_gap(taxonomy, matcher, postings, members):
    # One cloud (or its ML platform) learnt well first; the others transfer: the one asked most carries them.
    data = report(taxonomy, matcher, postings, "skills:\n  Python: 3\n")
    found = [g for g in data.gaps if g.id in members]
    assert [g.id for g in found] == [members[0]]
    assert set(found[0].related) == set(members[1:])
    assert "learn one well first" in found[0].why.en and "하나를 먼저" in found[0].why.ko
    assert GapReport.from_dict(data.to_dict()).gaps[0].related == found[0].related


@pytest.mark.parametrize("lang_line", ["Requirements\n- Golang\n", "자격요건\n- Golang 경험\n"])
def test_a_second_language_is_advised_as_one_more_to_someone_working_in_one(taxonomy, matcher, lang_line):
    postings = ["Requirements\n- Python\n"] * 3 + [lang_line]
    data = report(taxonomy, matcher, postings, "skills:\n  Java: 4\n")
    python = next(g for g in data.gaps if g.id == "python")
    assert python.related == ("go",)
    assert "you already work in Java" in python.why.en and "이미 Java 경험이 있으니" in python.why.ko


def test_a_second_server_language_is_folded_into_the_first(taxonomy, matcher):
    postings = ["Requirements\n- Python for data pipelines\n"] * 3 + ["Requirements\n- Java\n"]
    data = report(taxonomy, matcher, postings, "skills:\n  Python: 1\n")
    ids = [g.id for g in data.gaps]
    assert "java" not in ids and next(g for g in data.gaps if g.id == "python").related == ("java",)


@pytest.mark.parametrize("posting", ["Requirements\n- Golang\n- Docker\n", "자격요건\n- Golang 경험\n- Docker 경험\n"])
def test_a_third_language_counts_half_for_someone_working_in_two(taxonomy, matcher, posting):
    one = report(taxonomy, matcher, [posting] * 2, "skills:\n  Java: 4\n")
    two = report(taxonomy, matcher, [posting] * 2, "skills:\n  Java: 4\n  Python: 3\n")
    go_one, go_two = (next(g for g in data.gaps if g.id == "go") for data in (one, two))
    assert go_two.gap_score == pytest.approx(go_one.gap_score / 2, abs=0.001)
    assert [g.id for g in two.gaps][0] == "docker"
    assert "You already work in Java and Python" in go_two.why.en and "이미 Java, Python을(를)" in go_two.why.ko


@pytest.mark.parametrize("postings", [
    ["Requirements\n- Python for analysis\n"] * 3 + ["Requirements\n- MATLAB\n", "Requirements\n- SAS\n"],
    ["자격요건\n- Python 분석 경험\n"] * 3 + ["자격요건\n- MATLAB 경험\n", "자격요건\n- SAS 경험\n"],
])
def test_statistical_software_folds_into_the_language_the_person_is_learning(taxonomy, matcher, postings):
    data = report(taxonomy, matcher, postings, "skills:\n  Python: 2\n")
    ids = [g.id for g in data.gaps]
    assert "matlab" not in ids and "sas" not in ids
    assert set(next(g for g in data.gaps if g.id == "python").related) == {"matlab", "sas"}


def test_a_tool_the_person_has_is_not_folded_away(taxonomy, matcher):
    # Only gaps fold into gaps: Java 4 is met, so a Go ask stays a gap of its own.
    data = report(taxonomy, matcher, ["Requirements\n- Java\n- Golang\n"] * 2, "skills:\n  Java: 4\n")
    assert "go" in [g.id for g in data.gaps] and "java" in [s.id for s in data.strengths]


@pytest.mark.parametrize("profile", ["skills:\n  Machine learning: 4\n", "skills:\n  머신러닝: 4\n"])
def test_a_field_implies_its_own_subfields_only(taxonomy, profile):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert levels["model-training"] == (3, "machine-learning")
    assert levels["supervised-learning"] == (4, "machine-learning")   # the field's everyday practice: its level
    assert "mlops" not in levels          # ML (ml-dl) says nothing of MLOps (deployment-ops)


@pytest.mark.parametrize("profile", ["skills:\n  Natural language processing: 5\n", "skills:\n  자연어 처리: 5\n"])
def test_a_field_passes_to_its_subfields_in_a_kin_category(taxonomy, profile):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert levels["large-language-models"] == (4, "natural-language-processing")   # ml-dl → llm-genai
    assert "rag" not in levels                                                       # not two steps down


@pytest.mark.parametrize("profile", ["skills:\n  Natural language processing: 5\n", "skills:\n  자연어 처리: 5\n"])
def test_a_subfield_known_well_says_so_of_its_own_field(taxonomy, profile):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert levels["generative-ai"] == (3, "natural-language-processing")    # through LLMs 4


@pytest.mark.parametrize("profile", ["skills:\n  Tableau: 3\n  Google Analytics: 3\n",
                                     "skills:\n  태블로: 3\n  구글 애널리틱스: 3\n"])
def test_two_skills_of_a_field_in_real_use_are_real_use_of_the_field(taxonomy, profile):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert levels["data-analysis"][0] == 3
    one = effective_levels(parse_profile("skills:\n  Tableau: 3\n", Path("me.yaml"), taxonomy), taxonomy)
    assert one["data-analysis"] == (2, "tableau")


@pytest.mark.parametrize("profile, known, level", [
    ("skills:\n  Natural language processing: 5\n", "gpt", 4),     # through LLMs, inferred at 4
    ("skills:\n  Transformers: 4\n", "bert", 4),
    ("skills:\n  객체 탐지: 3\n", "yolo", 3),
    ("skills:\n  Large language models: 3\n", "prompt-engineering", 3),
    ("skills:\n  Deep learning: 4\n", "classification", 4),     # ML 4 → supervised learning 4 → classification
    ("skills:\n  머신러닝: 3\n", "model-evaluation", 3),
])
def test_named_models_are_known_to_whoever_works_in_their_field(taxonomy, profile, known, level):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert levels[known][0] == level


@pytest.mark.parametrize("profile", ["skills:\n  Deep learning: 2\n", "skills:\n  대규모 언어 모델: 2\n"])
def test_a_basic_level_in_a_field_does_not_cover_its_models(taxonomy, profile):
    levels = effective_levels(parse_profile(profile, Path("me.yaml"), taxonomy), taxonomy, bundled_advice())
    assert "gpt" not in levels and "llama" not in levels


@pytest.mark.parametrize("line, apart, either", [
    ("Experience with containerization technologies, such as Docker and Kubernetes", {"docker", "kubernetes"}, set()),
    ("컨테이너 기술 경험 (예: Docker, Kubernetes)", {"docker", "kubernetes"}, set()),
    ("Public cloud experience, e.g. AWS, GCP", set(), {"aws", "gcp"}),
    ("퍼블릭 클라우드(AWS, GCP 등) 운영 경험", set(), {"aws", "gcp"}),
    ("Docker or Kubernetes", set(), {"docker", "kubernetes"}),   # said in words: either will do
])
def test_examples_without_or_are_alternatives_only_among_tools_of_one_kind(taxonomy, matcher, line, apart, either):
    job = extract_document(RawDocument("t.md", f"Requirements\n- {line}\n"), taxonomy, matcher)
    others = {h.id: set(h.alternatives) for h in job.skills}
    assert all(not others[s] for s in apart)
    assert all(others[s] == either - {s} for s in either)


@pytest.mark.parametrize("posting", [
    "Requirements\n- 5+ years of experience\n- Docker\n- Redis\n",
    "자격요건\n- 경력 5년 이상\n- Docker 운영 경험\n- Redis 사용 경험\n",
])
def test_a_new_skill_comes_before_deepening_one_in_use(taxonomy, matcher, posting):
    # Docker 3 → 4 for senior postings is learnt on the job; Redis, missing, is what to study.
    gaps = {g.id: g for g in report(taxonomy, matcher, [posting] * 3, "skills:\n  Docker: 3\n  Redis: 1\n").gaps}
    assert gaps["docker"].target_level == 4 and gaps["redis"].gap_score > 2 * gaps["docker"].gap_score
    assert "counts half" in gaps["docker"].why.en and "절반만" in gaps["docker"].why.ko
    assert "counts half" not in gaps["redis"].why.en and "절반만" not in gaps["redis"].why.ko


@pytest.mark.parametrize("posting", [
    "Requirements\n- Python\n- Experience with Python, Java or Scala\n",
    "자격요건\n- Python 필수\n- Python, Java 또는 Scala 경험\n",
])
def test_a_skill_also_asked_by_itself_names_no_stand_ins(taxonomy, matcher, posting):
    gaps = {g.id: g for g in report(taxonomy, matcher, [posting] * 2, "skills:\n  Python: 1\n").gaps}
    assert gaps["python"].alternatives == () and "instead" not in gaps["python"].why.en


@pytest.mark.parametrize("posting", ["Requirements\n- Proposal writing for enterprise clients\n- Kubernetes\n",
                                     "자격요건\n- 제안서 작성 경험\n- Kubernetes 운영 경험\n"])
def test_a_skill_only_the_labels_taught_is_stressed_not_ranked(taxonomy, matcher, posting):
    assert taxonomy.skills["proposal-writing"].learned_only and not taxonomy.skills["kubernetes"].learned_only
    data = report(taxonomy, matcher, [posting] * 2, "skills:\n  Python: 3\n")
    assert "proposal-writing" not in {g.id for g in data.gaps} and "proposal-writing" in {s.id for s in data.stressed}
    assert "kubernetes" in {g.id for g in data.gaps}


@pytest.mark.parametrize("either", ["Requirements\n- PyTorch or TensorFlow\n", "자격요건\n- PyTorch 또는 TensorFlow 경험\n"])
def test_a_basic_level_in_one_framework_does_not_choose_which_to_learn(taxonomy, matcher, either):
    # TensorFlow 2 (basic) and postings that accept either, one of which names PyTorch alone: PyTorch.
    postings = [either, either, "Requirements\n- PyTorch\n"]
    gaps = {g.id: g for g in report(taxonomy, matcher, postings, "skills:\n  TensorFlow: 2\n").gaps}
    assert "pytorch" in gaps and "tensorflow" not in gaps
    # ... but a framework in real use (3) carries the set, and PyTorch alone is one more posting's ask.
    gaps = {g.id: g for g in report(taxonomy, matcher, [either, either], "skills:\n  TensorFlow: 3\n").gaps}
    assert "pytorch" not in gaps


@pytest.mark.parametrize("posting", ["Requirements\n- Python\n- REST API design\n- Preferred: Kubernetes\n",
                                     "자격요건\n- Python 개발 경험\n- REST API 설계\n우대사항\n- Kubernetes 운영 경험\n"])
def test_a_missing_language_ranks_among_the_fields_software_engineering_after(taxonomy, matcher, posting):
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  Java: 3\n")
    score = {c.id: c.gap_score for c in data.categories}
    assert score["programming-languages"] > score["deployment-ops"]
    assert data.categories[0].id == "programming-languages"           # "learn Python" names an area to turn to
    assert data.categories[-1].id == "software-engineering"           # "turn to software engineering" does not
    assert data.gaps[0].id == "python"


@pytest.mark.parametrize("posting", [
    "Requirements\n- Python, C++ and TypeScript\n- Kubernetes\n- Preferred: Docker, Terraform\n",
    "자격요건\n- Python, C++, TypeScript 개발 경험\n- 쿠버네티스 운영 경험\n우대사항\n- Docker, Terraform\n",
])
def test_languages_count_as_one_to_learn_next_among_categories(taxonomy, matcher, posting):
    data = report(taxonomy, matcher, [posting] * 3, "skills:\n  Java: 3\n")
    gaps = {g.id: g.gap_score for g in data.gaps}
    category = {c.id: c for c in data.categories}
    languages, ops = category["programming-languages"], category["deployment-ops"]
    assert set(languages.skills) == {"python", "cpp", "typescript"}
    assert languages.gap_score == max(gaps[s] for s in languages.skills)  # three missing are one to learn next
    assert ops.gap_score > max(gaps[s] for s in ops.skills)               # a field adds up its gaps
    assert data.categories[0].id == "deployment-ops"


def titled_report(taxonomy, matcher, titled: list[tuple[str, str]], profile_yaml: str) -> GapReport:
    jobs = [extract_document(RawDocument(f"{i}.md", text, title), taxonomy, matcher)
            for i, (title, text) in enumerate(titled)]
    return analyze_gaps(jobs, parse_profile(profile_yaml, Path("me.yaml"), taxonomy), taxonomy, "t")


ROLE_POSTINGS = {"en": "Requirements\n- Apache Airflow\n- Tableau\n", "ko": "자격요건\n- Airflow 경험\n- Tableau 경험\n"}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("role, first, second", [
    ("Data Engineer", "apache-airflow", "tableau"), ("데이터 엔지니어", "apache-airflow", "tableau"),
    ("Data Analyst", "tableau", "apache-airflow"), ("데이터 분석가", "tableau", "apache-airflow"),
])
def test_the_core_of_the_role_aimed_at_ranks_first(taxonomy, matcher, lang, role, first, second):
    data = titled_report(taxonomy, matcher, [("Engineer", ROLE_POSTINGS[lang])] * 3,
                         f"target_roles: [{role}]\nskills:\n  SQL: 3\n")
    ids = [g.id for g in data.gaps]
    assert ids.index(first) < ids.index(second)
    top = data.gaps[ids.index(first)]
    assert "role you aim at" in top.why.en and "목표 역할" in top.why.ko
    assert "role you aim at" not in data.gaps[ids.index(second)].why.en


@pytest.mark.parametrize("title", ["Senior Data Engineer", "데이터 엔지니어 (경력)"])
def test_without_target_roles_the_postings_titles_name_the_role(taxonomy, matcher, title):
    data = titled_report(taxonomy, matcher, [(title, ROLE_POSTINGS["en"])] * 2 + [("Analyst", ROLE_POSTINGS["en"])],
                         "skills:\n  SQL: 3\n")
    assert data.gaps[0].id == "apache-airflow"
    assert "Most of your postings are data engineer roles" in data.gaps[0].why.en
    assert "데이터 엔지니어 직무" in data.gaps[0].why.ko


@pytest.mark.parametrize("target, roles", [
    ("AI Engineer", ["llm-engineer"]),                 # builds on models: RAG, agents, evaluation
    ("AI 엔지니어", ["ml-engineer", "llm-engineer"]),  # in Korean postings, model training as often as LLM apps
    ("AI researcher", ["ml-engineer"]),
])
def test_an_ai_engineer_aim_names_the_llm_role(taxonomy, matcher, target, roles):
    data = titled_report(taxonomy, matcher, [("Engineer", ROLE_POSTINGS["en"])] * 2,
                         f"target_roles: [{target}]\nskills:\n  SQL: 3\n")
    assert [r.id for r in data.roles] == roles


def test_a_core_skill_already_in_use_gets_no_role_weight(taxonomy, matcher):
    senior = "Requirements\n- 5+ years of experience\n- Apache Airflow\n- Tableau\n"
    data = titled_report(taxonomy, matcher, [("Engineer", senior)] * 3,
                         "target_roles: [Data Engineer]\nskills:\n  Airflow: 3\n")
    airflow = next(g for g in data.gaps if g.id == "apache-airflow")
    assert "role you aim at" not in airflow.why.en and data.gaps[0].id == "tableau"


@pytest.mark.parametrize("one, many", [
    ("Requirements\n- Apache Airflow\n- Tableau\n- Kafka\n", "Requirements\n- Tableau\n"),
    ("자격요건\n- Airflow 경험\n- Tableau 경험\n- Kafka 경험\n", "자격요건\n- Tableau 경험\n"),
])
def test_one_postings_pick_among_many_gets_no_role_weight(taxonomy, matcher, one, many):
    data = titled_report(taxonomy, matcher, [("Engineer", one)] + [("Engineer", many)] * 5,
                         "target_roles: [Data Engineer]\nskills:\n  SQL: 3\n")
    airflow = next(g for g in data.gaps if g.id == "apache-airflow")
    assert airflow.job_count == 1 and "role you aim at" not in airflow.why.en and "목표 역할" not in airflow.why.ko
    two = titled_report(taxonomy, matcher, [("Engineer", one)] * 2 + [("Engineer", many)] * 4,
                        "target_roles: [Data Engineer]\nskills:\n  SQL: 3\n")
    assert "role you aim at" in next(g for g in two.gaps if g.id == "apache-airflow").why.en


@pytest.mark.parametrize("posting", ["Requirements\n- Matplotlib\n- Airflow\n", "자격요건\n- Matplotlib 경험\n- Airflow 경험\n"])
def test_the_tools_of_a_core_field_the_person_has_begun_are_no_core(taxonomy, matcher, posting):
    def why(profile):
        data = titled_report(taxonomy, matcher, [("Analyst", posting)] * 3, "target_roles: [Data Analyst]\n" + profile)
        return next(g for g in data.gaps if g.id == "matplotlib").why
    assert "role you aim at" in why("skills:\n  SQL: 3\n").en              # visualization is core and not begun
    begun = why("skills:\n  SQL: 3\n  Data visualization: 2\n")
    assert "role you aim at" not in begun.en and "목표 역할" not in begun.ko


@pytest.mark.parametrize("posting", ["Requirements\n- Python\n- Redis\n", "자격요건\n- Python 경험\n- Redis 경험\n"])
def test_a_core_language_is_met_by_working_in_another_of_its_family(taxonomy, matcher, posting):
    def why(profile):
        data = titled_report(taxonomy, matcher, [("Backend", posting)] * 3, "target_roles: [Backend Engineer]\n" + profile)
        return next(g for g in data.gaps if g.id == "python").why
    assert "role you aim at" in why("skills:\n  Java: 2\n").en
    working = why("skills:\n  Java: 3\n")
    assert "role you aim at" not in working.en and "목표 역할" not in working.ko
    ml = titled_report(taxonomy, matcher, [("ML", posting)] * 3, "target_roles: [ML Engineer]\nskills:\n  Java: 5\n")
    assert "role you aim at" in next(g for g in ml.gaps if g.id == "python").why.en    # Java is no ML choice


@pytest.mark.parametrize("posting", ["Requirements\n- Apache Airflow\n- TensorFlow\n",
                                     "자격요건\n- Airflow 경험\n- TensorFlow 경험\n"])
def test_an_ask_outside_the_fields_of_the_role_aimed_at_counts_less(taxonomy, matcher, posting):
    def tensorflow(profile):
        data = titled_report(taxonomy, matcher, [("Engineer", posting)] * 3, profile + "skills:\n  SQL: 3\n")
        return next(g for g in data.gaps if g.id == "tensorflow")
    aimed, unaimed = tensorflow("target_roles: [Data Engineer]\n"), tensorflow("")
    assert aimed.gap_score < unaimed.gap_score
    assert "outside the fields of your target role (data engineer)" in aimed.why.en and "분야 밖" in aimed.why.ko
    assert "outside" not in unaimed.why.en                       # a role read from titles is not the person's aim


@pytest.mark.parametrize("role", ["Android Developer", "안드로이드 개발자"])
def test_a_second_mobile_platform_is_not_core_to_an_android_engineer(taxonomy, matcher, role):
    posting = "Requirements\n- Android\n- iOS\n- Jetpack Compose\n"
    data = titled_report(taxonomy, matcher, [("Mobile", posting)] * 3,
                         f"target_roles: [{role}]\nskills:\n  Android: 4\n  Kotlin: 4\n")
    ios = next(g for g in data.gaps if g.id == "ios")
    assert data.gaps[0].id == "jetpack-compose" and "role you aim at" not in ios.why.en
    assert [r.id for r in data.roles] == ["android"]


@pytest.mark.parametrize("posting", ["Requirements\n- Java, C++ or Python\n- Java\n- SIEM\n",
                                     "자격요건\n- Java, C++, Python 중 하나 이상\n- Java 경험\n- SIEM 운영 경험\n"])
def test_of_a_set_the_language_the_role_aimed_at_uses_is_the_one_to_learn(taxonomy, matcher, posting):
    data = titled_report(taxonomy, matcher, [("Security", posting), ("Security", "Requirements\n- Java, C++ or Python\n")],
                         "target_roles: [Security Engineer]\nskills:\n  Linux: 3\n")
    assert data.gaps[0].id == "python" and set(data.gaps[0].alternatives) == {"cpp", "java"}   # Python carries the set
    assert "java" not in [g.id for g in data.gaps]                  # and the posting's own Java folds into it


def test_a_language_beside_the_one_the_core_chose_is_outside_the_role(taxonomy, matcher):
    data = titled_report(taxonomy, matcher, [("Security", "Requirements\n- Java\n- SIEM\n")] * 2,
                         "target_roles: [보안 엔지니어]\nskills:\n  Linux: 3\n")
    java = next(g for g in data.gaps if g.id == "java")
    assert "backend engineer stack rather than your target role (security engineer)" in java.why.en
    assert "목표 역할(보안 엔지니어)보다 백엔드 개발자의 기술이라" in java.why.ko


@pytest.mark.parametrize("title, posting, aim, skill, stack, stack_ko", [
    ("Android", "Requirements\n- Kotlin\n- Android SDK\n- React.js web apps\n", "Android Engineer",
     "react", "frontend engineer", "프론트엔드 개발자"),
    ("안드로이드", "자격요건\n- Kotlin 개발 경험\n- Android SDK\n- React.js 웹 개발 경험\n", "안드로이드 개발자",
     "react", "frontend engineer", "프론트엔드 개발자"),
    # a language no aimed core names, though languages are a field of the core
    ("Android", "Requirements\n- Kotlin\n- Android SDK\n- C programming\n", "Android Engineer",
     "c", "embedded / firmware engineer", "임베디드·펌웨어 개발자"),
    ("안드로이드", "자격요건\n- Kotlin 개발 경험\n- Android SDK\n- C 언어 경험\n", "안드로이드 개발자",
     "c", "embedded / firmware engineer", "임베디드·펌웨어 개발자"),
])
def test_another_roles_stack_in_a_shared_field_counts_less(taxonomy, matcher, title, posting, aim, skill, stack, stack_ko):
    profile = "skills:\n  Java: 3\n"
    aimed = {g.id: g for g in titled_report(taxonomy, matcher, [(title, posting)] * 3,
                                             f"target_roles: [{aim}]\n" + profile).gaps}
    unaimed = {g.id: g for g in titled_report(taxonomy, matcher, [(title, posting)] * 3, profile).gaps}
    assert aimed[skill].gap_score == pytest.approx(unaimed[skill].gap_score * 0.7, abs=0.002)
    assert f"belongs to the {stack} stack rather than your target role (Android engineer)" in aimed[skill].why.en
    assert f"{stack_ko}의 기술이라 덜 무겁게" in aimed[skill].why.ko
    for own in ("android", "kotlin"):                                   # the aimed role's own stack and language
        assert own in aimed and "counts less" not in aimed[own].why.en


@pytest.mark.parametrize("own, aside, aim", [
    ("Requirements\n- Unity engine\n- Shader programming\n", "Requirements\n- Unity engine\n- Shader programming\n- Rust programming\n",
     "Game Client Developer"),
    ("자격요건\n- Unity 엔진 경험\n- 셰이더 프로그래밍\n", "자격요건\n- Unity 엔진 경험\n- 셰이더 프로그래밍\n- Rust 개발 경험\n",
     "게임 클라이언트 개발자"),
])
def test_an_unbegun_language_few_postings_ask_for_is_that_employers_stack(taxonomy, matcher, own, aside, aim):
    def rust(profile: str, asking: int):
        postings = [("Unity", aside)] * asking + [("Unity", own)] * (6 - asking)
        return next(g for g in titled_report(taxonomy, matcher, postings, f"target_roles: [{aim}]\n" + profile).gaps
                    if g.id == "rust")
    few, begun, many = (rust("skills:\n  C#: 3\n", 1), rust("skills:\n  C#: 3\n  Rust: 1\n", 1),
                        rust("skills:\n  C#: 3\n", 2))
    assert few.gap_score == pytest.approx(many.gap_score / 2 * 0.4 / 0.7, abs=0.002)   # one posting in six, not two
    assert "language your target role (game client developer) does not use and you have not begun" in few.why.en
    assert "아직 시작하지 않았으며" in few.why.ko
    assert "have not begun" not in begun.why.en and "have not begun" not in many.why.en
    assert "counts less" in many.why.en


@pytest.mark.parametrize("posting, aim", [
    ("Requirements\n- Kotlin\n- Android SDK\n- Blockchain experience\n", "Android Engineer"),
    ("자격요건\n- Kotlin 경험\n- Android SDK\n- 블록체인 서비스 경험\n", "안드로이드 개발자"),
])
def test_a_business_domain_few_postings_ask_for_counts_much_less(taxonomy, matcher, posting, aim):
    plain = posting.rsplit("\n- ", 1)[0] + "\n"
    def blockchain(asking: int):
        postings = [("Android", posting)] * asking + [("Android", plain)] * (6 - asking)
        data = titled_report(taxonomy, matcher, postings, f"target_roles: [{aim}]\nskills:\n  Kotlin: 3\n")
        return next(g for g in data.gaps if g.id == "blockchain")
    few, many = blockchain(1), blockchain(2)
    assert few.gap_score == pytest.approx(many.gap_score / 2 * 0.4, abs=0.002)
    assert "business domain, not a skill of your target role (Android engineer)" in few.why.en
    assert "사업 분야이고" in few.why.ko and "business domain" not in many.why.en


@pytest.mark.parametrize("posting", ["Requirements\n- Terraform\n- MLflow\n", "자격요건\n- Terraform 경험\n- MLflow 경험\n"])
def test_a_tool_of_a_field_another_role_is_built_on_is_that_roles_stack(taxonomy, matcher, posting):
    data = titled_report(taxonomy, matcher, [("ML", posting)] * 3, "target_roles: [ML Engineer]\nskills:\n  Python: 4\n")
    terraform = next(g for g in data.gaps if g.id == "terraform")   # its field, infrastructure as code, is DevOps' core
    assert "DevOps / platform engineer stack rather than your target role (ML engineer)" in terraform.why.en


def test_a_server_language_is_another_stack_for_a_frontend_aim(taxonomy, matcher):
    data = titled_report(taxonomy, matcher, [("Frontend", "Requirements\n- TypeScript\n- Java\n")] * 3,
                         "target_roles: [Frontend Engineer]\nskills:\n  HTML: 4\n  JavaScript: 2\n")
    gaps = {g.id: g for g in data.gaps}
    assert "backend engineer stack rather than your target role (frontend engineer)" in gaps["java"].why.en
    assert data.gaps[0].id == "typescript" and gaps["java"].gap_score < gaps["typescript"].gap_score / 2


@pytest.mark.parametrize("posting", ["Requirements\n- React Native\n- Next.js\n", "자격요건\n- React Native 경험\n- Next.js 경험\n"])
def test_a_tool_built_on_a_core_tool_is_not_core_itself(taxonomy, matcher, posting):
    data = titled_report(taxonomy, matcher, [("Frontend", posting)] * 3, "target_roles: [Frontend Engineer]\nskills:\n  HTML: 4\n")
    native = next(g for g in data.gaps if g.id == "react-native")     # a child of React in the taxonomy
    assert "role you aim at" not in native.why.en and data.gaps[0].id == "nextjs"


def test_every_role_names_skills_the_taxonomy_has_and_is_found_by_its_names(taxonomy):
    roles = bundled_advice().roles
    assert len(roles) >= 10
    for role in roles:
        assert role.core <= set(taxonomy.skills), role.id
        assert role.titles.search(role.name.en) and role.titles.search(role.name.ko), role.id


@pytest.mark.parametrize("posting", ["Requirements\n- Apache Hadoop\n- Apache Kafka\n", "자격요건\n- 하둡 경험\n- 카프카 경험\n"])
def test_a_legacy_tool_counts_half_and_says_why(taxonomy, matcher, posting):
    data = report(taxonomy, matcher, [posting] * 2, "skills:\n  Python: 3\n")
    gaps = {g.id: g for g in data.gaps}
    assert gaps["apache-hadoop"].gap_score == pytest.approx(gaps["apache-kafka"].gap_score / 2, abs=0.001)
    assert "Newer tools have taken its place" in gaps["apache-hadoop"].why.en
    assert "후속 기술" in gaps["apache-hadoop"].why.ko and "후속 기술" not in gaps["apache-kafka"].why.ko


@pytest.mark.parametrize("postings", [
    ["Requirements\n- PyTorch or TensorFlow\n"] * 2 + ["Requirements\n- PyTorch\n"] * 2 + ["Requirements\n- TensorFlow\n"],
    ["자격요건\n- PyTorch 또는 TensorFlow 경험\n"] * 2 + ["자격요건\n- PyTorch 경험\n"] * 2 + ["자격요건\n- TensorFlow 경험\n"],
])
def test_a_stand_in_is_named_once(taxonomy, matcher, postings):
    data = report(taxonomy, matcher, postings, "skills:\n  Python: 3\n")
    frameworks = [g for g in data.gaps if g.id in ("pytorch", "tensorflow")]
    assert [(g.id, g.alternatives, g.related) for g in frameworks] == [("pytorch", ("tensorflow",), ("tensorflow",))]
    other = "PyTorch" if frameworks[0].id == "tensorflow" else "TensorFlow"
    assert frameworks[0].why.en.count(other) == 1 and frameworks[0].why.ko.count(other) == 1


def test_the_roles_weighed_are_in_the_report_json(taxonomy, matcher):
    data = titled_report(taxonomy, matcher, [("ML Engineer", ROLE_POSTINGS["en"])] * 2, "skills:\n  SQL: 3\n")
    assert [(r.id, r.source) for r in data.roles] == [("ml-engineer", "postings")]
    assert GapReport.from_dict(json.loads(json.dumps(data.to_dict()))).roles == data.roles
    stated = titled_report(taxonomy, matcher, [("ML Engineer", ROLE_POSTINGS["en"])] * 2,
                           "target_roles: [데이터 엔지니어]\nskills:\n  SQL: 3\n")
    assert [(r.id, r.name, r.name_ko, r.source) for r in stated.roles] == [
        ("data-engineer", "data engineer", "데이터 엔지니어", "profile")]


@pytest.mark.parametrize("target, roles", [
    ("임베디드 소프트웨어 개발자", ["embedded"]),          # embedded work, not software engineering in general
    ("Embedded Software Engineer", ["embedded"]),
    ("소프트웨어 엔지니어", ["software-engineer"]),       # the general role stands when nothing refines it
    ("Software Engineer", ["software-engineer"]),
    ("QA 엔지니어", ["qa"]), ("Test Automation Engineer", ["qa"]),
    ("게임 클라이언트 개발자", ["game-client"]), ("Unity Developer", ["game-client"]),
    ("DBA", ["dba"]), ("데이터베이스 엔지니어", ["dba"]),
])
def test_a_specific_role_refines_the_general_software_engineer(taxonomy, matcher, target, roles):
    data = titled_report(taxonomy, matcher, [("Engineer", ROLE_POSTINGS["en"])] * 2,
                         f"target_roles: [{target}]\nskills:\n  C: 3\n")
    assert [r.id for r in data.roles] == roles


@pytest.mark.parametrize("posting", ["Requirements\n- Linux\n- Kafka\n", "자격요건\n- 리눅스 환경 경험\n- Kafka 경험\n"])
def test_who_runs_airflow_or_docker_has_worked_on_linux(taxonomy, matcher, posting):
    levels = effective_levels(parse_profile("skills:\n  Airflow: 3\n  Docker: 2\n", Path("me.yaml"), taxonomy),
                              taxonomy, bundled_advice())
    assert levels["linux"] == (3, "apache-airflow")
    data = report(taxonomy, matcher, [posting] * 2, "skills:\n  Airflow: 3\n  Docker: 2\n")
    assert "linux" not in [g.id for g in data.gaps] and "apache-kafka" in [g.id for g in data.gaps]


@pytest.mark.parametrize("posting", [
    "Requirements\n- Firmware development on MCUs\n- UART, SPI, I2C\n- RTOS\n- Python\n",
    "자격요건\n- MCU 펌웨어 개발 경험\n- UART, SPI, I2C 통신 경험\n- RTOS 경험\n- Python 경험\n",
])
def test_software_engineering_is_the_field_of_an_embedded_aim(taxonomy, matcher, posting):
    profile = "skills:\n  C: 3\n"
    embedded = titled_report(taxonomy, matcher, [("Firmware", posting)] * 3,
                             "target_roles: [임베디드 개발자]\n" + profile)
    assert embedded.categories[0].id == "software-engineering"
    general = titled_report(taxonomy, matcher, [("Firmware", posting)] * 3, "target_roles: [Backend Engineer]\n" + profile)
    assert general.categories[-1].id == "software-engineering"    # for other aims it comes after the fields
