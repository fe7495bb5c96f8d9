"""Structure checks for the bundled study resources (skillgap/data/resources.yaml)."""
from __future__ import annotations

import re
from importlib import resources as importlib_resources

import pytest
import yaml

from skillgap.report import RESOURCE_KINDS  # every kind the data uses has a label in both languages
from skillgap.taxonomy import bundled_taxonomy

CATEGORY_IDS = {
    "ml-dl", "llm-genai", "data-science", "big-data", "data-engineering", "databases",
    "deployment-ops", "cloud", "software-engineering", "programming-languages", "web-mobile",
    "security", "tools", "soft-skills",
}
# Prerequisites may name these basics even when the file has no entry for them.
ALLOWED_EXTERNAL_PREREQUISITES = {"python", "sql", "linux", "git", "statistics", "machine-learning", "deep-learning"}
# The gaps an ML engineer most often has; the monthly plan must have material for each.
CORE_GAP_IDS = {
    "apache-spark", "apache-hadoop", "apache-kafka", "apache-airflow", "big-data-processing",
    "data-pipelines", "docker", "kubernetes", "ci-cd", "mlops", "mlflow", "model-serving",
    "model-deployment", "monitoring", "aws", "sql",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses duplicate mapping keys instead of silently keeping the last."""


def _construct_unique_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def _load() -> dict:
    text = (importlib_resources.files("skillgap") / "data" / "resources.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_UniqueKeyLoader)


DATA = _load()
SKILLS = DATA["skills"]
CATEGORIES = DATA["categories"]


def _check_steps(steps: dict) -> None:
    assert set(steps) == {"en", "ko"}
    for lang in ("en", "ko"):
        items = steps[lang]
        assert isinstance(items, list) and 3 <= len(items) <= 4, f"{lang}: want 3-4 steps, got {items!r}"
        for step in items:
            assert isinstance(step, str) and step.strip() == step and len(step) >= 10, step
    assert len(steps["en"]) == len(steps["ko"]), "en and ko step lists differ in length"
    assert all(HANGUL.search(s) for s in steps["ko"]), "every Korean step is written in Korean"
    assert not any(HANGUL.search(s) for s in steps["en"]), "English steps contain Hangul"


def _check_resources(items: list) -> None:
    assert isinstance(items, list) and items, "at least one resource"
    urls = [r["url"] for r in items]
    assert len(urls) == len(set(urls)), f"duplicate URL in {urls}"
    for r in items:
        assert set(r) == {"title", "url", "kind", "free"}, r
        assert isinstance(r["title"], str) and r["title"].strip()
        assert re.match(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$", r["url"]), r["url"]
        assert r["kind"] in RESOURCE_KINDS, r["kind"]
        assert isinstance(r["free"], bool)


def test_top_level_layout():
    assert set(DATA) == {"skills", "categories"}
    assert isinstance(SKILLS, dict) and isinstance(CATEGORIES, dict)


def test_one_fallback_entry_per_category():
    assert set(CATEGORIES) == CATEGORY_IDS


def test_ids_are_the_taxonomy_ids():
    # The plan looks entries up by gap id, and tests tell ML-specific skills apart by taxonomy category.
    taxonomy = bundled_taxonomy()
    assert set(SKILLS) <= set(taxonomy.skills)
    assert CATEGORY_IDS == set(taxonomy.categories)


def test_covers_the_common_gaps():
    assert len(SKILLS) >= 60
    assert CORE_GAP_IDS <= set(SKILLS)


@pytest.mark.parametrize("skill_id", sorted(SKILLS))
def test_skill_entry(skill_id):
    entry = SKILLS[skill_id]
    assert SLUG.match(skill_id), f"{skill_id!r} is not a lowercase slug"
    assert set(entry) == {"prerequisites", "effort_hours", "steps", "resources"}
    effort = entry["effort_hours"]
    assert isinstance(effort, (int, float)) and not isinstance(effort, bool) and 0 < effort <= 200
    prerequisites = entry["prerequisites"]
    assert isinstance(prerequisites, list) and len(prerequisites) == len(set(prerequisites))
    assert skill_id not in prerequisites
    for prerequisite in prerequisites:
        assert prerequisite in SKILLS or prerequisite in ALLOWED_EXTERNAL_PREREQUISITES, prerequisite
    _check_steps(entry["steps"])
    _check_resources(entry["resources"])


@pytest.mark.parametrize("category_id", sorted(CATEGORY_IDS))
def test_category_entry(category_id):
    entry = CATEGORIES[category_id]
    assert set(entry) == {"resources"}  # steps come from the skill or its kind, never its category
    _check_resources(entry["resources"])


def test_prerequisites_have_no_cycles():
    state: dict[str, str] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        if state.get(node) == "done":
            return
        assert state.get(node) != "active", "prerequisite cycle: " + " -> ".join(path + (node,))
        state[node] = "active"
        for nxt in (SKILLS.get(node) or {}).get("prerequisites", []):
            visit(nxt, path + (node,))
        state[node] = "done"

    for skill_id in SKILLS:
        visit(skill_id, ())
