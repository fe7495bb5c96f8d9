"""Shared fixtures: a small hand-made taxonomy so core tests do not depend on the bundled data."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skillgap.extract import Matcher
from skillgap.taxonomy import Category, Skill, Taxonomy

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _skill(id, name, category, aliases=(), **kw):
    return Skill(id=id, name=name, category=category, aliases=tuple(aliases), **kw)


MINI_SKILLS = [
    _skill("python", "Python", "programming-languages", ["파이썬"], kind="tool"),
    _skill("java", "Java", "programming-languages", ["자바"]),
    _skill("javascript", "JavaScript", "programming-languages", ["자바스크립트", "JS"], exact_case=frozenset({"JS"})),
    _skill("go", "Go", "programming-languages", ["Golang", "고랭"], exact_case=frozenset({"Go"}), ambiguous=True),
    _skill("r", "R", "programming-languages", [], exact_case=frozenset({"R"}), ambiguous=True),
    _skill("c", "C", "programming-languages", [], exact_case=frozenset({"C"}), ambiguous=True),
    _skill("cpp", "C++", "programming-languages", ["c++"]),
    _skill("csharp", "C#", "programming-languages", []),
    _skill("rust", "Rust", "programming-languages", ["러스트"], ambiguous=True),
    _skill("kubernetes", "Kubernetes", "deployment-ops", ["k8s", "쿠버네티스"], parents=("container-orchestration",)),
    _skill("container-orchestration", "Container orchestration", "deployment-ops", ["컨테이너 오케스트레이션"],
           kind="concept"),
    _skill("docker", "Docker", "deployment-ops", ["도커"]),
    _skill("apache-spark", "Apache Spark", "big-data", ["Spark", "스파크", "PySpark"],
           parents=("big-data-processing",)),
    _skill("spark-streaming", "Spark Streaming", "big-data", [], parents=("apache-spark",)),
    _skill("apache-hive", "Apache Hive", "big-data", ["Hive", "하이브"], ambiguous=True),
    _skill("hadoop", "Hadoop", "big-data", ["하둡"], parents=("big-data-processing",)),
    _skill("big-data-processing", "Big data processing", "big-data",
           ["대용량 데이터 처리", "대규모 데이터 처리", "big data", "빅데이터"], kind="concept"),
    _skill("django", "Django", "web-mobile", ["장고"]),
    _skill("git", "Git", "tools", ["깃"]),
    _skill("machine-learning", "Machine learning", "ml-dl", ["머신러닝", "머신 러닝", "ML"], kind="concept"),
    _skill("pytorch", "PyTorch", "ml-dl", ["파이토치"], parents=("deep-learning",)),
    _skill("deep-learning", "Deep learning", "ml-dl", ["딥러닝"], parents=("machine-learning",), kind="concept"),
    _skill("scikit-learn", "scikit-learn", "ml-dl", ["sklearn", "사이킷런"]),
    _skill("sql", "SQL", "databases", []),
    _skill("operations", "Operations", "deployment-ops", ["운영"], kind="concept", context_only=True),
    _skill("model-serving", "Model serving", "deployment-ops", ["모델 서빙", "model serving"], kind="concept"),
    _skill("communication", "Communication", "soft-skills", ["커뮤니케이션", "소통"], kind="soft"),
    _skill("excel", "Excel", "tools", ["엑셀"], ambiguous=True),
]
MINI_CATEGORIES = [Category(c, c.replace("-", " ").title(), None) for c in sorted({s.category for s in MINI_SKILLS})]


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """Run every test in an English locale: the output language follows LANG when neither --lang nor the profile sets it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def mini_taxonomy() -> Taxonomy:
    return Taxonomy(MINI_SKILLS, MINI_CATEGORIES, "test")


@pytest.fixture(scope="session")
def mini_matcher(mini_taxonomy) -> Matcher:
    return Matcher(mini_taxonomy)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the bundled example postings and profile in a fresh folder, as a new user would have it."""
    shutil.copytree(REPO / "examples" / "job_descriptions", tmp_path / "job_descriptions")
    shutil.copytree(REPO / "examples" / "profiles", tmp_path / "profiles")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared is not available")
    return SHARED


@pytest.fixture
def mini_project(tmp_path, monkeypatch, mini_taxonomy) -> Path:
    """An empty project folder as the working directory, with the small taxonomy standing in for the bundled one.

    CLI tests that assert exact output use it, so that output does not move as the bundled taxonomy grows.
    """
    import skillgap.taxonomy

    monkeypatch.setattr(skillgap.taxonomy, "bundled_taxonomy", lambda: mini_taxonomy)
    monkeypatch.chdir(tmp_path)
    return tmp_path
