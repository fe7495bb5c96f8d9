from pathlib import Path

import pytest

from skillgap.errors import ProfileError
from skillgap.profile import load_profile, parse_profile

P = Path("profiles/me.yaml")


def parse(text, taxonomy):
    return parse_profile(text, P, taxonomy)


@pytest.mark.parametrize("text", [
    "name: 지우\nlanguage: ko\nskills:\n  파이썬: 4\n  쿠버네티스: {level: 1, evidence: 튜토리얼}\n",
    "name: Jiwoo\nlanguage: en\nskills:\n  Python: 4\n  k8s: {level: 1, evidence: tutorial}\n",
    # invisible characters a name copied from a web page or a chat carries: zero-width space, soft hyphen, BOM
    "name: 지우\nskills:\n  \"Py\\u200bthon\": 4\n  \"쿠버\\u00ad네티스\\ufeff\": 1\n",
    "name: Jiwoo\nskills:\n  \"\\ufeffPython\": 4\n  \"K\\u200d8s\\u2060\": 1\n",
])
def test_names_and_aliases_in_either_language_resolve(text, mini_taxonomy):
    profile = parse(text, mini_taxonomy)
    assert profile.level("python") == 4
    assert profile.level("kubernetes") == 1
    assert profile.level("docker") == 0
    assert profile.stem == "me"


@pytest.mark.parametrize("name, suggestion", [("pyhton", "Python"), ("쿠버네티", "Kubernetes")])
def test_unknown_skill_is_warned_with_did_you_mean(name, suggestion, mini_taxonomy):
    profile = parse(f"skills:\n  {name}: 3\n", mini_taxonomy)
    assert profile.unknown == (name,)
    assert profile.warnings == (f"profiles/me.yaml: unknown skill '{name}' skipped — did you mean '{suggestion}'?",)


def test_all_problems_are_reported_together(mini_taxonomy):
    with pytest.raises(ProfileError) as info:
        parse("language: fr\nskills:\n  Python: 7\n  Docker: high\n  Spark: {level: 2, years: 3}\n", mini_taxonomy)
    assert info.value.problems == [
        "language must be 'ko' or 'en', got 'fr'",
        "skill 'Python': level 7 is outside 0–5 (0 none · 1 aware · 2 basic · 3 working · 4 strong · 5 expert)",
        "skill 'Docker': level must be a whole number 0–5, got 'high'",
        "skill 'Spark': unknown key(s) years — use level, evidence, last_used",
    ]
    assert str(info.value).splitlines()[0] == "profiles/me.yaml: language must be 'ko' or 'en', got 'fr'"


def test_yaml_syntax_error_names_line_and_column(mini_taxonomy):
    with pytest.raises(ProfileError) as info:
        parse("skills:\n  Python: 4\n   Docker: 2\n", mini_taxonomy)
    assert str(info.value).startswith("profiles/me.yaml: invalid YAML at line 3, column 10:")


@pytest.mark.parametrize("text, message", [
    ("", "profiles/me.yaml: the profile is empty — add a 'skills:' mapping such as 'Python: 3'"),
    ("- Python\n", "profiles/me.yaml: expected a mapping with keys name, language, target_roles, skills, got list"),
    ("skills: [Python, Docker]\n", "profiles/me.yaml: skills must be a mapping of skill name → level, got list"),
])
def test_wrong_shapes(text, message, mini_taxonomy):
    with pytest.raises(ProfileError) as info:
        parse(text, mini_taxonomy)
    assert str(info.value) == message


def test_unknown_top_level_key_is_warned(mini_taxonomy):
    profile = parse("name: x\nhobbies: [go]\nskills:\n  Python: 2\n", mini_taxonomy)
    assert profile.warnings == ("profiles/me.yaml: unknown key 'hobbies' ignored "
                                "(known keys: name, language, target_roles, skills)",)


def test_duplicate_entries_keep_the_higher_level(mini_taxonomy):
    profile = parse("skills:\n  Python: 2\n  파이썬: 4\n", mini_taxonomy)
    assert profile.level("python") == 4
    assert "both Python" in profile.warnings[0]


def test_missing_profile_file(tmp_path, mini_taxonomy):
    with pytest.raises(ProfileError) as info:
        load_profile(tmp_path / "none.yaml", mini_taxonomy)
    assert "profile not found" in str(info.value)


def test_profile_file_is_not_modified(tmp_path, mini_taxonomy):
    path = tmp_path / "me.yaml"
    path.write_text("skills:\n  Python: 3\n", encoding="utf-8")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load_profile(path, mini_taxonomy)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
