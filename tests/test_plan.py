"""Tests for skillgap.plan: choosing next month's study focus."""
import json
import re
from pathlib import Path

import pytest

from skillgap.plan import MONTH_HOURS, load_resources, make_plan, plan_summary, plan_to_dict
from skillgap.results import GapReport
from skillgap.taxonomy import bundled_taxonomy

FIXTURES = Path(__file__).parent / "fixtures"
HANGUL = re.compile(r"[가-힣]")

RESOURCES = {
    "skills": {
        "kubernetes": {
            "prerequisites": ["docker", "linux"],
            "effort_hours": 30,
            "steps": {"en": ["Run a local cluster with kind"], "ko": ["kind로 로컬 클러스터 띄우기"]},
            "resources": [{"title": "Kubernetes Basics", "url": "https://kubernetes.io/docs/tutorials/", "kind": "tutorial",
                           "free": True}],
        },
        "docker": {
            "prerequisites": ["linux"],
            "effort_hours": 15,
            "steps": {"en": ["Write a Dockerfile"], "ko": ["Dockerfile 작성하기"]},
            "resources": [{"title": "Docker Get started", "url": "https://docs.docker.com/get-started/", "kind": "docs",
                           "free": True}],
        },
    },
    "categories": {
        "data-engineering": {
            "steps": {"en": ["Build one small pipeline end to end"], "ko": ["작은 파이프라인 하나를 끝까지 만들기"]},
            "resources": [{"title": "Data Engineering Zoomcamp", "url": "https://github.com/DataTalksClub/data-engineering-zoomcamp"}],
        },
    },
}


def gap(sid, score, rank, your=0, target=3, category="deployment-ops", demand=0.5, required=1, asked=2, name_ko=None):
    return {"rank": rank, "id": sid, "name": sid.title(), "name_ko": name_ko, "category": category, "gap_score": score,
            "demand": demand, "your_level": your, "target_level": target, "importance": 0.9, "job_count": asked,
            "required_count": required, "preferred_count": asked - required}


def analysis(*gaps, job_count=4):
    return GapReport.from_dict({"profile": "me", "job_count": job_count, "jobs": [], "gaps": list(gaps)})


def test_prerequisite_gap_comes_first_and_says_why():
    plan = make_plan(analysis(gap("kubernetes", 0.8, 1), gap("spark", 0.5, 2, category="data-engineering"),
                              gap("docker", 0.1, 3, your=1)), RESOURCES)
    ids = [item.id for item in plan]
    assert ids.index("docker") < ids.index("kubernetes")
    docker = plan[ids.index("docker")]
    assert docker.prerequisite_for == ("kubernetes",)
    assert docker.why_en.startswith("A prerequisite for Kubernetes. Asked by 2 of 4 postings")
    assert docker.why_ko.startswith("Kubernetes의 선수 지식이에요. 공고 4개 중 2개")


def test_prerequisite_already_known_at_working_level_is_not_added():
    # Docker is a gap (3 → 4) but the user already works with it, so Kubernetes does not wait for it.
    plan = make_plan(analysis(gap("kubernetes", 0.8, 1), gap("docker", 0.05, 2, your=3, target=4)), RESOURCES,
                     max_items=1)
    assert [item.id for item in plan] == ["kubernetes"]
    assert plan[0].prerequisite_for == ()


def test_a_skill_already_begun_does_not_wait_for_its_prerequisites():
    # Kubernetes 2 → 3 is deepening: its prerequisites were met when it was begun, whatever Docker's gap.
    plan = make_plan(analysis(gap("kubernetes", 0.8, 1, your=2), gap("docker", 0.1, 2, your=0, target=4)),
                     RESOURCES, max_items=1)
    assert [item.id for item in plan] == ["kubernetes"]
    assert "선수" not in plan[0].why_ko and "prerequisite" not in plan[0].why_en.lower()


def test_prerequisite_that_is_not_a_gap_is_skipped():
    # linux is a prerequisite of both, but no posting asks for it, so it is not in the plan.
    plan = make_plan(analysis(gap("kubernetes", 0.8, 1), gap("docker", 0.1, 2)), RESOURCES)
    assert [item.id for item in plan] == ["docker", "kubernetes"]


def test_bundle_that_does_not_fit_max_items_is_passed_over():
    # Kubernetes needs Docker first; with room for one item only, the next gap is taken instead.
    plan = make_plan(analysis(gap("kubernetes", 0.8, 1), gap("spark", 0.5, 2, category="data-engineering"),
                              gap("docker", 0.1, 3)), RESOURCES, max_items=1)
    assert [item.id for item in plan] == ["spark"]


@pytest.mark.parametrize("max_items", [1, 3, 5])
def test_max_items_is_respected(max_items):
    gaps = [gap(f"skill-{i}", 1 - i / 10, i + 1, category="data-engineering") for i in range(8)]
    plan = make_plan(analysis(*gaps), {"skills": {}, "categories": {}}, max_items=max_items)
    assert len(plan) <= max_items
    assert [item.id for item in plan] == [f"skill-{i}" for i in range(len(plan))]


def test_the_plan_fits_the_month_by_construction():
    # Each skill takes 35 h: the first fits, the second is started with what is left of the 60 h.
    heavy = {"skills": {f"s{i}": {"effort_hours": 35} for i in range(6)}, "categories": {}}
    plan = make_plan(analysis(*[gap(f"s{i}", 1 - i / 10, i + 1, your=0, target=3) for i in range(6)]), heavy)
    assert [(item.id, item.effort_hours, item.total_effort_hours) for item in plan] == \
        [("s0", 35, 35), ("s1", 25, 35)]
    assert "first 25 h of about 35 h" in plan[1].why_en and "처음 25시간" in plan[1].why_ko
    summary = plan_summary(plan)
    assert MONTH_HOURS[0] <= summary["total_effort_hours"] == 60 <= MONTH_HOURS[1]
    assert summary["fits_month"] is True


@pytest.mark.parametrize("efforts", [(5, 5, 5, 5, 5, 5, 5), (80, 10, 10), (25, 25, 25, 25), (35, 35, 35)])
def test_any_mix_of_efforts_stays_within_the_month(efforts):
    resources = {"skills": {f"s{i}": {"effort_hours": e} for i, e in enumerate(efforts)}, "categories": {}}
    plan = make_plan(analysis(*[gap(f"s{i}", 1 - i / 10, i + 1) for i in range(len(efforts))]), resources)
    total = plan_summary(plan)["total_effort_hours"]
    assert total <= MONTH_HOURS[1]
    assert total >= MONTH_HOURS[0] or len(plan) == 5 or len(plan) == len(efforts)


def test_small_plan_fits_a_month():
    plan = make_plan(analysis(gap("kubernetes", 0.8, 1, your=2), gap("docker", 0.1, 2, your=2)), RESOURCES)
    summary = plan_summary(plan)
    assert summary["total_effort_hours"] == sum(item.effort_hours for item in plan) <= MONTH_HOURS[1]
    assert summary["fits_month"] is True


def test_effort_scales_with_levels_to_climb_and_rounds_to_five_hours():
    plan = make_plan(analysis(gap("docker", 0.3, 1, your=2, target=3), gap("kubernetes", 0.8, 2, your=0, target=3)),
                     RESOURCES)
    effort = {item.id: item.effort_hours for item in plan}
    assert effort == {"docker": 5, "kubernetes": 30}


def test_steps_in_both_languages_from_skill_entry():
    (item,) = make_plan(analysis(gap("docker", 0.3, 1)), RESOURCES)
    assert item.steps_en == ("Write a Dockerfile",)
    assert item.steps_ko == ("Dockerfile 작성하기",)
    assert item.resources[0].url == "https://docs.docker.com/get-started/"


def test_steps_are_the_skills_own_or_fit_its_kind_never_the_categorys():
    concept = {**gap("algorithms", 0.5, 1, category="data-engineering"), "kind": "concept"}
    plan = make_plan(analysis(concept, gap("rust", 0.4, 2, category="programming-languages", name_ko="러스트")),
                     RESOURCES)
    algorithms, rust = plan
    assert algorithms.steps_en != ("Build one small pipeline end to end",)
    assert all("Algorithms" in step or "it" in step for step in algorithms.steps_en[:2])
    assert "course or book chapter" in algorithms.steps_en[0]
    assert algorithms.resources[0].title == "Data Engineering Zoomcamp"  # the category's reading stays
    assert any("Rust" in step for step in rust.steps_en)
    assert any("러스트" in step for step in rust.steps_ko)
    assert rust.resources == ()
    assert rust.effort_hours == 30  # 10 h per level, 0 → 3


@pytest.mark.parametrize("name_ko, applied", [("보안 관제", "보안 관제를"), ("데이터 분석", "데이터 분석을"),
                                              ("Kubernetes", "Kubernetes을(를)")])
def test_the_korean_fallback_steps_take_the_particle_the_name_ends_with(name_ko, applied):
    concept = {**gap("security-operations", 0.5, 1, category="security", name_ko=name_ko), "kind": "concept"}
    (item,) = make_plan(analysis(concept), RESOURCES)
    assert f"내 문제 하나에 {applied} 처음부터 끝까지" in item.steps_ko[1]


def test_why_cites_demand_required_count_and_levels():
    (item,) = make_plan(analysis(gap("docker", 0.3, 1, demand=0.75, required=2, asked=3, your=1, target=3),
                                 job_count=4), RESOURCES)
    assert item.why_en == ("Asked by 3 of 4 postings (75% demand, required in 2); you are at level 1, "
                           "they expect 3 (gap score 0.30).")
    assert item.why_ko == "공고 4개 중 3개에서 요구해요(수요 75%, 필수 2개). 현재 수준 1 → 기대 수준 3, 격차 점수 0.30."


def test_no_gaps_no_plan():
    assert make_plan(analysis(), RESOURCES) == []
    assert plan_to_dict([]) == {"items": [], "total_effort_hours": 0, "fits_month": True,
                                "month_hours": list(MONTH_HOURS)}


def test_plan_to_dict_is_json_ready():
    plan = make_plan(analysis(gap("kubernetes", 0.8, 1), gap("docker", 0.1, 2)), RESOURCES)
    data = json.loads(json.dumps(plan_to_dict(plan), ensure_ascii=False))
    assert [item["id"] for item in data["items"]] == ["docker", "kubernetes"]
    assert data["items"][1]["resources"][0]["title"] == "Kubernetes Basics"
    assert data["total_effort_hours"] == sum(item["effort_hours"] for item in data["items"])


def test_bundled_resources_read_entry_by_entry_equal_the_whole_file_parsed():
    import yaml
    from importlib import resources

    text = (resources.files("skillgap") / "data" / "resources.yaml").read_text(encoding="utf-8")
    whole = yaml.safe_load(text)
    loaded = load_resources()
    for table in ("skills", "categories"):
        assert list(loaded[table]) == list(whole[table])  # every entry found, in the file's order
        assert {key: loaded[table][key] for key in loaded[table]} == whole[table]
    assert loaded["skills"].get("no-such-skill") is None


@pytest.mark.parametrize("name", ["ko", "en"])
def test_bundled_resources_give_a_full_plan_for_the_fixtures(name):
    fixture = GapReport.from_dict(json.loads((FIXTURES / f"analysis_{name}.json").read_text(encoding="utf-8")))
    plan = make_plan(fixture, load_resources())
    assert 1 <= len(plan) <= 5 and plan_summary(plan)["total_effort_hours"] <= MONTH_HOURS[1]
    for item in plan:
        assert item.steps_en and item.steps_ko
        assert all(HANGUL.search(step) for step in item.steps_ko)
        assert all(r.url.startswith("https://") for r in item.resources)
    # Within the plan, every chosen prerequisite comes before the skill that needs it.
    position = {item.id: i for i, item in enumerate(plan)}
    for item in plan:
        for needer in item.prerequisite_for:
            assert position[item.id] < position[needer]


# Skills whose steps may assume the learner trains models: the ML categories and the MLOps tools.
ML_CATEGORIES = {"ml-dl", "llm-genai"}
MLOPS_SKILLS = {"mlops", "mlflow", "kubeflow", "model-serving", "model-deployment", "sagemaker", "experiment-tracking"}
# Wording that takes the learner's own ML work for granted; a backend, frontend or QA engineer has none.
# Naming a model as one option among others ("a web backend, a data job or a model API") stays allowed.
ASSUMES_ML_EN = re.compile(r"\byour (?:ML\b|models?\b|model's|PyTorch|training)|"
                           r"\bthe model(?:'s)? API\b|\b(?:one|an?) ML (?:project|workflow|application)", re.I)
ASSUMES_ML_KO = re.compile(r"내 (?:ML|모델|학습)|모델 API|ML (?:업무|작업|프로젝트|저장소|워크플로|애플리케이션)|모델용")
BUNDLED = load_resources()


def _not_ml_specific(category: str, skill_id: str = "") -> bool:
    return category not in ML_CATEGORIES and skill_id not in MLOPS_SKILLS


def _assumes_ml(steps_en, steps_ko) -> list[str]:
    return [s for s in steps_en if ASSUMES_ML_EN.search(s)] + [s for s in steps_ko if ASSUMES_ML_KO.search(s)]


def test_the_ml_wording_check_catches_what_it_is_for():
    assert _assumes_ml(["Instrument your model API", "Write a Dockerfile for one of your models",
                        "Rewrite a script from your ML work"], ["내 모델 추론 코드", "모델 API를 배포하기"]) == [
        "Instrument your model API", "Write a Dockerfile for one of your models", "Rewrite a script from your ML work",
        "내 모델 추론 코드", "모델 API를 배포하기"]
    assert _assumes_ml(["Write a Dockerfile for one of your services (a web backend, a data job or a model API)"],
                       ["내 서비스 하나(웹 백엔드, 데이터 잡, 모델 서빙 API 등)"]) == []


def _general_skills() -> list[str]:
    taxonomy = bundled_taxonomy()
    return sorted(sid for sid in BUNDLED["skills"] if _not_ml_specific(taxonomy.skills[sid].category, sid))


@pytest.mark.parametrize("skill_id", _general_skills())
def test_plan_steps_of_a_general_skill_do_not_assume_ml_work(skill_id):
    # A Java developer moving to data engineering gets this skill as a gap: its steps must fit them too.
    skill = bundled_taxonomy().skills[skill_id]
    plan = make_plan(analysis(gap(skill_id, 0.9, 1, category=skill.category)), BUNDLED, max_items=1)
    assert [item.id for item in plan] == [skill_id]
    assert _assumes_ml(plan[0].steps_en, plan[0].steps_ko) == []
