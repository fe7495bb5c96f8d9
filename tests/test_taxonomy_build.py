"""The bundled taxonomy (skillgap/data/taxonomy.json) and the builder that makes it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from skillgap import taxonomy_build as tb

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SOURCES = SHARED / "taxonomy-sources"
TAXONOMY = REPO / "skillgap" / "data" / "taxonomy.json"
CATEGORY_IDS = {
    "ml-dl", "llm-genai", "data-science", "big-data", "data-engineering", "databases", "deployment-ops",
    "cloud", "software-engineering", "programming-languages", "web-mobile", "security", "tools", "soft-skills",
}
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def doc() -> dict:
    return json.loads(TAXONOMY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def skills(doc) -> dict[str, dict]:
    return {s["id"]: s for s in doc["skills"]}


def korean_aliases(skill: dict) -> list[str]:
    return [a for a in skill["aliases"] if HANGUL.search(a)]


def test_categories_are_exactly_the_agreed_ids(doc):
    assert [c["id"] for c in doc["categories"]] == [
        "ml-dl", "llm-genai", "data-science", "big-data", "data-engineering", "databases", "deployment-ops",
        "cloud", "software-engineering", "programming-languages", "web-mobile", "security", "tools", "soft-skills"]
    assert all(c["name"] and HANGUL.search(c["name_ko"]) for c in doc["categories"])


def test_every_skill_follows_the_schema(doc, skills):
    assert len(skills) == len(doc["skills"]) >= 1500, "ids must be unique and plentiful"
    keys = {"id", "name", "name_ko", "category", "kind", "aliases", "parents", "exact_case", "ambiguous",
            "context_only", "implied_only", "head_noun", "onet", "esco", "sources", "unmatched"}
    for skill in doc["skills"]:
        assert set(skill) == keys, skill["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", skill["id"]), skill["id"]
        assert skill["category"] in CATEGORY_IDS
        assert skill["kind"] in ("tool", "concept", "soft")
        assert skill["name"] not in skill["aliases"]
        assert set(skill["exact_case"]) <= {skill["name"], *skill["aliases"]}
        assert set(skill["unmatched"]) <= {skill["name"], *skill["aliases"]}
        assert skill["sources"] and set(skill["sources"]) <= set(tb.SOURCE_ORDER)
        if skill["onet"] is not None:
            assert re.fullmatch(r"\d{8}", skill["onet"]["commodity"]) and skill["onet"]["commodity_title"]
        if skill["esco"] is not None:
            assert skill["esco"].startswith("http://data.europa.eu/esco/skill/")


def test_parents_exist_and_form_no_cycle(skills):
    for sid in skills:
        seen, stack = set(), list(skills[sid]["parents"])
        while stack:
            parent = stack.pop()
            assert parent in skills, f"{sid}: unknown parent {parent}"
            assert parent != sid, f"{sid} is its own ancestor"
            if parent not in seen:
                seen.add(parent)
                stack.extend(skills[parent]["parents"])


def test_each_surface_form_names_one_skill_only(doc):
    owner: dict[str, str] = {}
    for skill in doc["skills"]:
        for form in {tb.alias_key(f) for f in (skill["name"], *skill["aliases"])}:
            assert form not in owner, f"{form!r} on {owner[form]} and {skill['id']}"
            owner[form] = skill["id"]


def test_big_data_and_deployment_ops_are_populated(skills):
    by_category = {}
    for skill in skills.values():
        by_category.setdefault(skill["category"], set()).add(skill["id"])
    assert {"apache-spark", "apache-hadoop", "apache-kafka", "big-data-processing", "distributed-processing"} <= by_category["big-data"]
    assert {"kubernetes", "docker", "mlops", "ci-cd", "model-serving", "model-deployment", "monitoring"} <= by_category["deployment-ops"]
    assert all(len(ids) >= 30 for ids in by_category.values())


@pytest.mark.parametrize("sid, korean", [
    ("kubernetes", "쿠버네티스"), ("python", "파이썬"), ("machine-learning", "머신러닝"), ("deep-learning", "딥러닝"),
    ("big-data-processing", "대용량 데이터 처리"), ("big-data-processing", "빅데이터"), ("distributed-processing", "분산 처리"),
    ("data-pipelines", "데이터 파이프라인"), ("model-serving", "모델 서빙"), ("model-deployment", "모델 배포"),
    ("ci-cd", "배포 자동화"), ("recommender-systems", "추천 시스템"), ("natural-language-processing", "자연어 처리"),
    ("computer-vision", "컴퓨터 비전"), ("ab-testing", "A/B 테스트"), ("communication", "커뮤니케이션"),
    ("collaboration", "협업"), ("english-proficiency", "영어 능력"), ("scikit-learn", "사이킷런"), ("hugging-face", "허깅페이스"),
])
def test_core_skills_carry_their_korean_forms(skills, sid, korean):
    assert korean in skills[sid]["aliases"]


def test_spaced_korean_spellings_are_kept_next_to_glued_ones(skills):
    # the matcher can glue "형상 관리" into "형상관리" but not split the glued form
    assert {"형상관리", "형상 관리"} <= set(skills["version-control"]["aliases"])


def test_risky_short_forms_are_flagged(skills):
    for sid in ("go", "r", "c", "rust", "spring", "react", "excel", "apache-hive", "ruby", "julia", "dart", "swift"):
        assert skills[sid]["ambiguous"], sid
    assert "Go" in skills["go"]["exact_case"] and "R" in skills["r"]["exact_case"] and "C" in skills["c"]["exact_case"]
    for sid in ("operations", "deployment", "monitoring"):
        assert skills[sid]["context_only"], sid
    forms = {tb.alias_key(a) for s in skills.values() for a in (s["name"], *s["aliases"])}
    # collisions from research/korean.md §3 must not be surface forms of their own
    assert not forms & {tb.alias_key(w) for w in ("노드", "고도", "뷰", "하이브리드", "냉장고", "타깃", "일러스트")}


def test_sources_are_attached(skills):
    assert skills["aws"]["onet"]["hot"] is True
    assert skills["python"]["esco"] and skills["collaboration"]["esco"]
    assert "ko-platform-tags" in skills["spring-boot"]["sources"]
    assert sum(1 for s in skills.values() if "curated" not in s["sources"]) >= 100
    assert sum(1 for s in skills.values() if korean_aliases(s)) >= 400


def test_onet_names_are_split_into_name_and_acronym():
    assert tb.onet_forms("Amazon Web Services AWS software") == (
        "Amazon Web Services AWS", "AWS", "Amazon Web Services", False)
    assert tb.onet_forms("Hypertext markup language HTML") == (
        "Hypertext markup language HTML", "HTML", "Hypertext markup language", True)
    assert tb.onet_forms("Apache Kafka")[1:] == (None, None, False)


def test_curated_alias_clash_is_an_error(tmp_path):
    curated = {"version": "t", "categories": [{"id": "tools", "name": "Tools", "name_ko": "도구"}],
               "skills": {"tools": {"tool": [{"name": "Alpha", "aliases": ["shared"]},
                                             {"name": "Beta", "aliases": ["Shared"]}]}}}
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(curated), encoding="utf-8")
    with pytest.raises(tb.BuildError, match="shared"):
        tb.build(None, path)


def test_unknown_parent_is_an_error(tmp_path):
    curated = {"version": "t", "categories": [{"id": "tools", "name": "Tools", "name_ko": "도구"}],
               "skills": {"tools": {"tool": [{"name": "Alpha", "parents": ["nowhere"]}]}}}
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(curated), encoding="utf-8")
    with pytest.raises(tb.BuildError, match="unknown parent 'nowhere'"):
        tb.build(None, path)


def test_imported_alias_clash_goes_to_the_more_specific_skill():
    skills = {
        "parent": dict(tb.new_skill("Parent", "tools", "concept", "parent", "onet"), aliases=["thing"]),
        "child": dict(tb.new_skill("Child", "tools", "tool", "child", "onet"), aliases=["thing"], parents=["parent"]),
    }
    tb.resolve_clashes(skills, strict=True)
    assert skills["child"]["aliases"] == ["thing"] and skills["parent"]["aliases"] == []


def test_rebuilding_from_the_sources_reproduces_the_committed_file(tmp_path):
    if not SOURCES.is_dir():
        pytest.skip("../shared/taxonomy-sources is not present")
    out = tmp_path / "taxonomy.json"
    assert tb.main(["--sources", str(SOURCES), "--out", str(out)]) == 0
    assert out.read_bytes() == TAXONOMY.read_bytes()


def test_generic_activity_words_are_only_implied(skills):
    for skill_id in ("operations", "programming", "infrastructure", "deployment"):
        assert skills[skill_id]["implied_only"], skill_id
    assert not skills["kubernetes"]["implied_only"]


@pytest.mark.parametrize("name", ["phrases.yaml", "curated.yaml", "resources.yaml"])
def test_bundled_data_files_have_no_duplicate_keys(name):
    from importlib import resources

    from skillgap.profile import _load_yaml

    # PyYAML keeps the last of two equal keys silently: a second block would replace the first.
    _, duplicates = _load_yaml((resources.files("skillgap") / "data" / name).read_text(encoding="utf-8"))
    assert duplicates == []


def test_phrase_alternatives_hold_one_word_each():
    from skillgap.phrases import bundled_phrases

    # Tokens split on spaces, so "tech lead|task lead" would read "tech (lead|task) lead": a word that
    # comes back in another token of the same pattern is the sign of that slip.
    for skill_id, patterns in bundled_phrases().items():
        for pattern in patterns:
            words = [word for token in pattern.split() if token != "…" for word in token.split("|")]
            assert len(words) == len(set(words)), (skill_id, pattern)
