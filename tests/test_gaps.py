import subprocess
import sys
from pathlib import Path

import pytest

from skillgap.extract import extract_document
from skillgap.advice import effective_levels
from skillgap.gaps import analyze_gaps
from skillgap.models import RawDocument
from skillgap.profile import parse_profile
from skillgap.results import Quote

JOBS = {
    "ko.md": ("ML 엔지니어", "바람페이",
              "자격요건\n- 파이썬 필수\n- 쿠버네티스 기반 서비스 배포 경험\n\n우대사항\n- 스파크 경험"),
    "en.md": ("ML Engineer", "Northwind",
              "Requirements\n- Python\n- Kubernetes in production\n- Spark\n\nNice to have\n- Docker"),
    "de.txt": ("Data Engineer", None, "Requirements\n- Spark and SQL\n\nBenefits\n- free lunch"),
    "none.txt": ("Office manager", None, "Requirements\n- a friendly attitude"),
}


@pytest.fixture
def jobs(mini_taxonomy, mini_matcher):
    return [extract_document(RawDocument(src, text, title, company), mini_taxonomy, mini_matcher)
            for src, (title, company, text) in JOBS.items()]


@pytest.fixture
def profile(mini_taxonomy):
    return parse_profile("skills:\n  Python: 4\n  PyTorch: 4\n  Kubernetes: 1\n  Docker: 3\n",
                         Path("profiles/me.yaml"), mini_taxonomy)


def analysis(jobs, profile, taxonomy):
    return analyze_gaps(jobs, profile, taxonomy, "2026-11-23T10:00:00+09:00")


def test_gap_ranking_and_scores(jobs, profile, mini_taxonomy):
    data = analysis(jobs, profile, mini_taxonomy)
    gaps = {g.id: g for g in data.gaps}
    assert [g.rank for g in data.gaps] == list(range(1, len(data.gaps) + 1))
    assert list(gaps)[:2] == ["apache-spark", "kubernetes"]
    spark = gaps["apache-spark"]
    assert spark.demand == 0.75 and spark.your_level == 0 and spark.level_source == "unrated"
    assert spark.required_count == 2 and spark.preferred_count == 1
    # importance (1.0 + 1.0 + 0.6) / 4 jobs, shortfall √((3 - 0) / 3)
    assert spark.gap_score == 0.65
    kube = gaps["kubernetes"]
    assert kube.gap_score == round(0.5 * ((3 - 1) / 3) ** 0.5, 3)
    assert "python" not in gaps and "docker" not in gaps
    assert kube.why.en == "Asked by 2 of 4 postings (required in 2); you are at level 1, they expect 3."
    assert kube.why.ko == "공고 4개 중 2개가 요구 (필수 2곳) — 현재 레벨 1, 기대 레벨 3."
    assert "does not rate Apache Spark" in spark.why.en and "Apache Spark 레벨이 없어요" in spark.why.ko


def test_evidence_quotes_point_into_the_posting(jobs, profile, mini_taxonomy):
    data = analysis(jobs, profile, mini_taxonomy)
    kube = next(g for g in data.gaps if g.id == "kubernetes")
    assert kube.evidence[0] == Quote(job_id="job-1", job_title="ML 엔지니어 · 바람페이", section="required",
                                     before="", match="쿠버네티스", after=" 기반 서비스 배포 경험")


def test_job_match_and_missing_required(jobs, profile, mini_taxonomy):
    data = analysis(jobs, profile, mini_taxonomy)
    by_source = {j.source: j for j in data.jobs}
    ko = by_source["ko.md"]
    assert ko.missing_required == ("kubernetes",) and ko.missing_preferred == ("apache-spark",)
    assert ko.have == ("python",)
    # weights: python 1.0 (met), kubernetes 1.0 (1/3 met), spark 0.6 (0 met)
    assert ko.match == round((1.0 + 1 / 3) / 2.6, 3)
    assert by_source["none.txt"].match is None
    assert data.overall_match == round(sum(j.match for j in data.jobs[:3]) / 3, 3)


def test_categories_rank_by_their_largest_gaps_not_by_how_many_small_ones(mini_taxonomy, mini_matcher):
    # Six postings ask for many ML skills (the person is a little short on each) and for Kubernetes
    # (unknown): deployment is what is missing, however many small ML shortfalls add up to.
    text = ("Requirements\n- 5+ years of experience\n- PyTorch, scikit-learn, deep learning and machine learning\n"
            "- Python, SQL\n- Kubernetes\n")
    jobs = [extract_document(RawDocument(f"{i}.md", text), mini_taxonomy, mini_matcher) for i in range(6)]
    profile = parse_profile("skills:\n  PyTorch: 4\n  scikit-learn: 3\n  딥러닝: 3\n  머신러닝: 3\n"
                            "  Python: 3\n  SQL: 3\n", Path("me.yaml"), mini_taxonomy)
    data = analyze_gaps(jobs, profile, mini_taxonomy, "t")
    small = [g.gap_score for g in data.gaps if g.id != "kubernetes"]
    assert len(small) == 5 and sum(small) > next(g.gap_score for g in data.gaps if g.id == "kubernetes")
    assert data.categories[0].id == "deployment-ops" and data.categories[0].skills == ("kubernetes",)


def test_strengths_are_skills_you_meet(jobs, profile, mini_taxonomy):
    data = analysis(jobs, profile, mini_taxonomy)
    assert [s.id for s in data.strengths][:2] == ["python", "docker"]


def test_parent_level_is_inferred_from_children(profile, mini_taxonomy):
    levels = effective_levels(profile, mini_taxonomy)
    assert levels["deep-learning"] == (4, "pytorch")   # the field of a tool in real use: its level
    assert levels["machine-learning"] == (3, "pytorch")
    assert levels["python"] == (4, None)


def test_deterministic(jobs, profile, mini_taxonomy):
    assert analysis(jobs, profile, mini_taxonomy) == analysis(jobs, profile, mini_taxonomy)


def test_generic_words_count_half_and_unrated_ones_are_not_gaps(mini_taxonomy, mini_matcher):
    job = extract_document(RawDocument("ops.md", "주요업무\n- 쿠버네티스 클러스터 운영"), mini_taxonomy, mini_matcher)
    rated = parse_profile("skills:\n  Python: 3\n  운영: 0\n", Path("me.yaml"), mini_taxonomy)
    gaps = {g.id: g.gap_score for g in analyze_gaps([job], rated, mini_taxonomy, "t").gaps}
    assert gaps["operations"] == round(gaps["kubernetes"] * 0.5, 3)
    unrated = parse_profile("skills:\n  Python: 3\n", Path("me.yaml"), mini_taxonomy)
    data = analyze_gaps([job], unrated, mini_taxonomy, "t")
    assert "operations" not in {g.id for g in data.gaps}
    assert [s.id for s in data.stressed] == ["operations"]


def test_concept_level_is_inferred_from_a_stated_parent_concept(mini_taxonomy):
    from skillgap.taxonomy import Skill, Taxonomy

    taxonomy = Taxonomy([*mini_taxonomy, Skill("model-training", "Model training", "ml-dl", kind="concept",
                                               parents=("machine-learning",))], list(mini_taxonomy.categories.values()))
    profile = parse_profile("skills:\n  머신러닝: 4\n  Docker: 3\n", Path("me.yaml"), taxonomy)
    levels = effective_levels(profile, taxonomy)
    assert levels["model-training"] == (3, "machine-learning")
    assert "kubernetes" not in levels            # tools are never inferred from a parent


def test_demand_rows_are_the_vectorizer_matrix(jobs):
    from skillgap.gaps import demand_frame
    from skillgap.vectorize import SkillVectorizer

    vectorizer = SkillVectorizer()
    matrix = vectorizer.fit_transform(jobs).tocoo()
    names = vectorizer.get_feature_names_out()
    frame = demand_frame(jobs)
    assert list(zip(frame["job"], frame["skill"], frame["weight"])) == \
        list(zip(matrix.row.tolist(), names[matrix.col].tolist(), matrix.data.tolist()))


def test_asks_come_job_by_job_in_id_order_whether_plain_or_resolved(profile, mini_taxonomy):
    from skillgap.advice import bundled_advice
    from skillgap.gaps import _asks
    from skillgap.postings import Posting

    postings = [
        Posting("a.md", None, None, "en", None, ("sql", "docker", "apache-spark"), (1.0, 0.6, 1.0), ()),
        Posting("b.md", None, None, "en", 6, ("r", "kubernetes"), (1.0, 1.0), ()),  # the person's Python stands in for R
        Posting("c.md", None, None, "en", None, ("rust", "go", "communication"), (1.0, 0.6, 1.0), (("go",), ("rust",), ())),
        Posting("d.md", None, None, "en", None, ("kubernetes", "java"), (0.6, 1.0), ()),
    ]
    advice = bundled_advice()
    asks = _asks(postings, effective_levels(profile, mini_taxonomy, advice), profile.skills, mini_taxonomy, advice)
    frame = asks.frame
    assert [(job, asks.skill_ids[skill], requirement, weight, target) for job, skill, requirement, weight, target
            in zip(frame["job"], frame["skill"], frame["requirement"], frame["weight"], frame["target"])] == [
        (0, "apache-spark", 0, 1.0, 3), (0, "docker", 1, 0.6, 2), (0, "sql", 0, 1.0, 3),
        (1, "kubernetes", 0, 1.0, 4), (1, "python", 0, 1.0, 4),
        (2, "rust", 0, 1.0, 3),
        (3, "java", 0, 1.0, 3), (3, "kubernetes", 1, 0.6, 2)]
    assert asks.covered == {"r": {"python"}} and asks.covered_jobs == {"r": {1}}
    assert asks.alternatives == {"rust": {"go"}} and asks.stressed == {"communication": [1, 1]}


def test_the_asks_rows_peak_at_a_few_copies_of_themselves(profile, mini_taxonomy):
    import tracemalloc

    from skillgap.advice import bundled_advice
    from skillgap.gaps import _asks
    from skillgap.postings import Posting

    # 200,000 postings ask about four million times: each row's arrays are let go once copied, so the peak
    # is the frame's 33 bytes a row about twice (about 70 bytes a row; the Python objects of a row would be ten times that).
    skills = ("apache-spark", "docker", "java", "kubernetes", "python", "rust", "sql")
    postings = [Posting(f"{n}.md", None, None, "en", n % 9, skills, (1.0, 0.6, 0.8, 1.0, 0.3, 1.0, 0.6),
                        (("java",), (), ("rust",), (), (), (), ()) if n % 3 else ()) for n in range(20_000)]
    advice = bundled_advice()
    levels = effective_levels(profile, mini_taxonomy, advice)
    tracemalloc.start()
    try:
        asks = _asks(postings, levels, profile.skills, mini_taxonomy, advice)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(asks.frame) > 100_000 and peak < 100 * len(asks.frame)


def test_a_report_does_not_import_scikit_learn():
    # scikit-learn takes about a second and 100 MB to import; only SkillVectorizer's users need it.
    code = ("import sys, skillgap.analysis, skillgap.gaps, skillgap.report; "
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_quotes_taken_before_the_texts_go_give_the_same_analysis(jobs, profile, mini_taxonomy):
    from dataclasses import replace

    from skillgap.evidence import evidence_quotes

    evidence = evidence_quotes(jobs)
    without_texts = [replace(job, text="", sections=()) for job in jobs]
    assert analyze_gaps(without_texts, profile, mini_taxonomy, "t", evidence=evidence) == \
        analyze_gaps(jobs, profile, mini_taxonomy, "t")
    assert [quote["job_id"] for quote in evidence["apache-spark"]] == ["job-2", "job-3", "job-1"]  # required first
