"""`skillgap profile check`: resolution of each entry, unknown names, and what the postings ask for."""
from __future__ import annotations

import pytest
from loop_helpers import EN_POSTING, KO_POSTING, run

PROFILE = """name: 지우
language: {lang}
skills:
  {python}: 4
  PyTorch: 3
  {docker}: 2
  pyhton: 3
  쿠버네티: 1
  Blorp: 2
"""

KO_OUT = """\
profiles/me.yaml (지우): 기술 3개 확인, 모르는 이름 3개
  적은 이름  기술 ID  분류                   레벨
  파이썬     python   Programming Languages  4
  PyTorch    pytorch  Ml Dl                  3
  도커       docker   Deployment Ops         2
  pyhton     ? 모르는 기술 — 혹시 'Python'?
  쿠버네티   ? 모르는 기술 — 혹시 'Kubernetes'?
  Blorp      ? 모르는 기술 — profiles/taxonomy.yaml 에 추가하면 skillgap 이 이 기술을 배워요

job_descriptions/ 의 공고 2개가 요구하지만 프로필에 없는 기술 (7개):
  Apache Spark         공고 2/2개 · 필수 1 · 우대 1
  Kubernetes           공고 2/2개 · 필수 1 · 우대 1
  Hadoop               공고 1/2개 · 필수 1
  Operations           공고 1/2개 · 필수 1
  SQL                  공고 1/2개 · 필수 1
  Big data processing  공고 1/2개 · 우대 1
  Django               공고 1/2개 · 우대 1
가진 기술은 레벨과 함께 프로필에 추가하세요 (전혀 모르면 0).
"""

EN_OUT = """\
profiles/me.yaml (지우): 3 skills resolved, 3 unknown
  given name  skill id  category               level
  Python      python    Programming Languages  4
  PyTorch     pytorch   Ml Dl                  3
  Docker      docker    Deployment Ops         2
  pyhton      ? unknown — did you mean 'Python'?
  쿠버네티    ? unknown — did you mean 'Kubernetes'?
  Blorp       ? unknown — add it to profiles/taxonomy.yaml to teach skillgap this skill

Asked for by the 2 postings in job_descriptions/ but not in your profile (7):
  Apache Spark         2/2 postings · required 1 · preferred 1
  Kubernetes           2/2 postings · required 1 · preferred 1
  Hadoop               1/2 postings · required 1
  Operations           1/2 postings · required 1
  SQL                  1/2 postings · required 1
  Big data processing  1/2 postings · preferred 1
  Django               1/2 postings · preferred 1
Add the missing skills you have to the profile with a level (0 if you have none of it).
"""


@pytest.fixture
def postings(mini_project):
    (mini_project / "job_descriptions").mkdir()
    (mini_project / "job_descriptions/ko-ml.md").write_text(KO_POSTING, encoding="utf-8")
    (mini_project / "job_descriptions/en-de.txt").write_text(EN_POSTING, encoding="utf-8")
    (mini_project / "profiles").mkdir()
    return mini_project


@pytest.mark.parametrize("lang, python, docker, expected", [
    ("ko", "파이썬", "도커", KO_OUT),
    ("en", "Python", "Docker", EN_OUT),
])
def test_resolution_unknown_names_and_missing_skills(postings, lang, python, docker, expected):
    (postings / "profiles/me.yaml").write_text(PROFILE.format(lang=lang, python=python, docker=docker),
                                               encoding="utf-8")
    code, out, err = run("profile", "check")
    assert (code, err) == (1, "")
    assert out == expected


def test_lang_option_and_explicit_paths(postings):
    (postings / "profiles/jiwoo.yaml").write_text("language: ko\nskills:\n  Python: 4\n", encoding="utf-8")
    (postings / "job_descriptions").rename(postings / "jobs")
    code, out, _ = run("profile", "check", "--profile", "profiles/jiwoo.yaml", "--jobs", "jobs", "--lang", "en")
    assert code == 0
    assert out.splitlines()[:3] == ["profiles/jiwoo.yaml (jiwoo): 1 skills resolved, 0 unknown",
                                    "  given name  skill id  category               level",
                                    "  Python      python    Programming Languages  4"]
    assert out.split("\n\n")[1] == """\
Asked for by the 2 postings in jobs/ but not in your profile (10):
  Apache Spark         2/2 postings · required 1 · preferred 1
  Docker               2/2 postings · required 1 · preferred 1
  Kubernetes           2/2 postings · required 1 · preferred 1
  Hadoop               1/2 postings · required 1
  Operations           1/2 postings · required 1
  PyTorch              1/2 postings · required 1
  SQL                  1/2 postings · required 1
  Big data processing  1/2 postings · preferred 1
  Django               1/2 postings · preferred 1
  Machine learning     1/2 postings · elsewhere 1
Add the missing skills you have to the profile with a level (0 if you have none of it).
"""


def test_a_child_skill_covers_its_parents(postings):
    # PyTorch implies Deep learning and Machine learning, which the Korean posting mentions.
    (postings / "profiles/me.yaml").write_text("skills:\n  PyTorch: 3\n  Kubernetes: 0\n", encoding="utf-8")
    code, out, _ = run("profile", "check")
    assert code == 0
    missing = out.split("not in your profile")[1]
    assert "Machine learning" not in missing and "Kubernetes" not in missing
    assert "  Python               2/2 postings · required 2\n" in missing


def test_every_asked_skill_present(postings):
    (postings / "job_descriptions/en-de.txt").unlink()
    (postings / "profiles/me.yaml").write_text(
        "skills:\n  PyTorch: 3\n  Kubernetes: 1\n  Python: 4\n  Docker: 2\n  운영: 2\n  Spark: 1\n  빅데이터: 1\n"
        "  ML: 3\n", encoding="utf-8")
    code, out, _ = run("profile", "check")
    assert code == 0
    assert out.endswith("\n\nYour profile mentions every skill the 1 postings in job_descriptions/ ask for.\n")


@pytest.mark.parametrize("lang, message", [
    ("en", "No usable postings in job_descriptions/ — add some to see which skills they ask for that your "
           "profile lacks."),
    ("ko", "job_descriptions/ 에 읽을 수 있는 공고가 없어요 — 공고를 넣으면 프로필에 없는 요구 기술을 보여 드려요."),
])
def test_without_postings_the_profile_is_still_checked(mini_project, lang, message):
    (mini_project / "profiles").mkdir()
    (mini_project / "profiles/me.yaml").write_text(f"language: {lang}\nskills:\n  Python: 4\n", encoding="utf-8")
    code, out, err = run("profile", "check")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == message


def test_other_profile_warnings_and_skipped_postings_go_to_stderr(postings):
    (postings / "profiles/me.yaml").write_text("skills:\n  Python: 2\n  파이썬: 4\ngoals: [x]\n", encoding="utf-8")
    (postings / "job_descriptions/broken.json").write_text("{", encoding="utf-8")
    code, _, err = run("profile", "check")
    assert code == 1  # a posting was skipped
    assert err.splitlines() == [
        "warning: profiles/me.yaml: unknown key 'goals' ignored (known keys: name, language, target_roles, skills)",
        "warning: profiles/me.yaml: '파이썬' and 'Python' are both Python; using the higher level",
        "skipped: job_descriptions/broken.json: malformed JSON at line 1, column 2: Expecting property name "
        "enclosed in double quotes — fix the JSON syntax, or save the posting as .txt",
    ]


def test_broken_profile_is_a_usage_error(postings):
    (postings / "profiles/me.yaml").write_text("skills:\n  Python: 9\n", encoding="utf-8")
    code, out, err = run("profile", "check")
    assert (code, out) == (2, "")
    assert err == ("error: profiles/me.yaml: skill 'Python': level 9 is outside 0–5 "
                   "(0 none · 1 aware · 2 basic · 3 working · 4 strong · 5 expert)\n")


def test_no_profile_folder(mini_project):
    code, _, err = run("profile", "check")
    assert code == 2
    assert err == (f"error: {mini_project}: no profiles/ or job_descriptions/ here — run skillgap in your project "
                   "folder (the one that holds them), or start a project here: skillgap profile init --from RESUME\n")


def test_profile_without_action_prints_its_help(mini_project):
    code, out, _ = run("profile")
    assert code == 2
    assert out.startswith("usage: skillgap profile [-h] ACTION ...")
    assert "init" in out and "check" in out


def test_profile_check_does_not_import_pandas():
    import subprocess
    import sys

    # The check shows the levels a profile implies (skillgap.advice); pandas, half a second of start-up, is the
    # gap analysis's.
    code = "import sys, skillgap.check; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
