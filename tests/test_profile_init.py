"""`skillgap profile init`: a profile drafted from a résumé, with suggested levels and evidence comments."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from loop_helpers import run

from skillgap.profile import load_profile
from skillgap.taxonomy import load_taxonomy

KO_RESUME = """# 김지우

## 소개
3년 차 머신러닝 엔지니어입니다.

## 기술 스택
- 언어: 파이썬, SQL, 자바
- 도구: Git, 도커
- 관심 기술: 쿠버네티스

## 경력
### 바람페이 · ML Engineer (2022.03 – 현재)
- PyTorch로 상담 분류 모델을 학습하고 실서비스에 배포해 운영
- 스파크로 로그 집계 파이프라인 개발

### 누리소프트 · 데이터 분석가 (2019.01 – 2022.02)
- scikit-learn으로 이탈 예측 모델 개발
- PyTorch로 감성 분석 데모 개발
- SQL 쿼리 작성

## 교육
- Coursera 딥러닝 과정 수료
"""

EN_RESUME = """Jiwoo Kim — ML Engineer
jiwoo@example.com

SUMMARY
Machine learning engineer who shipped recommendation models to production.

SKILLS
Python, SQL, Docker, Git
Currently learning: Kubernetes

EXPERIENCE
Barampay, ML Engineer, 2022 – present
- Trained ranking models with PyTorch and deployed them behind a Django API
- Built Spark jobs for feature pipelines

Nuri Soft, Data Analyst, 2019 – 2022
- Churn models with scikit-learn and SQL
- Prototype sentiment model in PyTorch

EDUCATION
B.S. Statistics; Coursera Deep Learning course
"""

KO_PROFILE = """\
# skillgap 프로필 초안 — resume.md 에서 `skillgap profile init` 으로 만들었어요.
# 레벨은 이력서에 기술이 나오는 방식으로 추정한 값이에요. 직접 고쳐 주세요:
#   2 = 목록에만 있음 · 3 = 경력·프로젝트에서 사용 · 4 = 여러 경력·프로젝트 또는 운영·배포 경험.
# 레벨: 0 모름 · 1 들어 봄 · 2 기초 (튜토리얼) · 3 실무 (실제 프로젝트) ·
#       4 능숙 (프로덕션) · 5 전문가
# 이력서에 없는 기술은 추가하고 더 쓰지 않는 기술은 지운 뒤 실행하세요: skillgap profile check

name: 김지우
language: ko
# target_roles: [ML Engineer]    # 선택: 원하는 직무 (그 직무의 핵심 기술을 먼저 보여 줘요)

skills:
  # ── Ml Dl ──
  PyTorch: 4            # "PyTorch로 상담 분류 모델을 학습하고 실서비스에 배포해 운영" (경력·프로젝트 2곳, 운영·배포)
  Machine learning: 3   # "3년 차 머신러닝 엔지니어입니다." (사용)
  scikit-learn: 3       # "scikit-learn으로 이탈 예측 모델 개발" (사용)
  Deep learning: 2      # "Coursera 딥러닝 과정 수료" (교육)

  # ── Big Data ──
  Apache Spark: 3       # "스파크로 로그 집계 파이프라인 개발" (사용)

  # ── Databases ──
  SQL: 3                # "SQL 쿼리 작성" (사용)

  # ── Deployment Ops ──
  Docker: 2             # "도구: Git, 도커" (목록)
  Kubernetes: 1         # "관심 기술: 쿠버네티스" (학습 중)

  # ── Programming Languages ──
  Python: 2             # "언어: 파이썬, SQL, 자바" (목록)
  Java: 2               # "언어: 파이썬, SQL, 자바" (목록)

  # ── Tools ──
  Git: 2                # "도구: Git, 도커" (목록)
"""

KO_LEVELS = {"pytorch": 4, "machine-learning": 3, "scikit-learn": 3, "deep-learning": 2, "apache-spark": 3,
             "sql": 3, "docker": 2, "kubernetes": 1, "python": 2, "java": 2, "git": 2}
EN_LEVELS = {"machine-learning": 4, "pytorch": 4, "scikit-learn": 3, "deep-learning": 2, "django": 4,
             "apache-spark": 3, "sql": 3, "docker": 2, "kubernetes": 1, "python": 2, "git": 2}


def levels(path: Path) -> dict[str, int]:
    profile = load_profile(path, load_taxonomy())
    assert profile.warnings == () and profile.unknown == ()
    return {sid: entry.level for sid, entry in profile.skills.items()}


def test_korean_resume_drafts_a_commented_profile(mini_project):
    (mini_project / "resume.md").write_text(KO_RESUME, encoding="utf-8")
    code, out, err = run("profile", "init", "--from", "resume.md")
    assert (code, err) == (0, "")
    assert out == ("profiles/me.yaml 을(를) 만들었어요: resume.md 에서 기술 11개를 찾았고 레벨은 추정값이에요 — "
                   "파일을 열어 고쳐 주세요\n다음: 관심 있는 공고를 job_descriptions/ 에 저장하세요: skillgap add 파일|URL ... (여러 개 한 번에), 그다음: skillgap report\n")
    # The project is ready for the next hint's command: its postings folder exists.
    assert (mini_project / "job_descriptions").is_dir()
    assert (mini_project / "profiles/me.yaml").read_text(encoding="utf-8") == KO_PROFILE
    assert levels(mini_project / "profiles/me.yaml") == KO_LEVELS
    assert sorted(p.name for p in (mini_project / "profiles").iterdir()) == ["me.yaml"]  # no temp file left


def test_english_resume(mini_project):
    (mini_project / "resume.txt").write_text(EN_RESUME, encoding="utf-8")
    code, out, err = run("profile", "init", "--from", "resume.txt", "--output", "profiles/jiwoo.yaml")
    assert (code, err) == (0, "")
    assert out == ("wrote profiles/jiwoo.yaml: 11 skills from resume.txt; the levels are guesses — open the file "
                   "and correct them\nnext: save the postings you care about into job_descriptions/: skillgap add FILE|URL ... (several at once), then: skillgap report\n")
    text = (mini_project / "profiles/jiwoo.yaml").read_text(encoding="utf-8")
    assert text.startswith("# skillgap profile drafted from resume.txt by `skillgap profile init`.\n")
    assert "\nname: Jiwoo Kim\nlanguage: en\n" in text
    assert '  PyTorch: 4            # "Trained ranking models with PyTorch and deployed them behind a Django…" ' \
           "(2 roles/projects, production)\n" in text
    assert '  Kubernetes: 1         # "Currently learning: Kubernetes" (learning)\n' in text
    assert '  Docker: 2             # "Python, SQL, Docker, Git" (listed)\n' in text
    assert levels(mini_project / "profiles/jiwoo.yaml") == EN_LEVELS


def test_lang_option_overrides_the_resume_language(mini_project):
    (mini_project / "resume.md").write_text(KO_RESUME, encoding="utf-8")
    code, out, _ = run("profile", "init", "--from", "resume.md", "--lang", "en")
    assert code == 0 and out.startswith("wrote profiles/me.yaml: 11 skills from resume.md;")
    text = (mini_project / "profiles/me.yaml").read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    assert '  PyTorch: 4            # "PyTorch로 상담 분류 모델을 학습하고 실서비스에 배포해 운영" ' \
           "(2 roles/projects, production)\n" in text


def test_an_existing_profile_is_kept_without_force(mini_project):
    (mini_project / "resume.md").write_text(KO_RESUME, encoding="utf-8")
    (mini_project / "profiles").mkdir()
    (mini_project / "profiles/me.yaml").write_text("skills:\n  Python: 5\n", encoding="utf-8")
    code, out, err = run("profile", "init", "--from", "resume.md")
    assert (code, out) == (2, "")
    assert err == ("error: profiles/me.yaml: a profile already exists — edit it, pass --force to overwrite it, "
                   "or choose another --output FILE\n")
    assert (mini_project / "profiles/me.yaml").read_text(encoding="utf-8") == "skills:\n  Python: 5\n"
    assert run("profile", "init", "--from", "resume.md", "--force")[0] == 0
    assert (mini_project / "profiles/me.yaml").read_text(encoding="utf-8") == KO_PROFILE


def test_resume_without_known_skills_still_gives_a_loadable_template(mini_project):
    (mini_project / "cv.txt").write_text("Jiwoo Kim\n\nI like hiking and cooking.\n", encoding="utf-8")
    code, out, err = run("profile", "init", "--from", "cv.txt")
    assert code == 0
    assert out == "next: save the postings you care about into job_descriptions/: skillgap add FILE|URL ... (several at once), then: skillgap report\n"
    assert err == "warning: no known skill was found in cv.txt; add your skills to profiles/me.yaml by hand\n"
    text = (mini_project / "profiles/me.yaml").read_text(encoding="utf-8")
    assert text.endswith("skills: {}\n  # no known skill was found in the résumé — add yours by hand, e.g. Python: 3\n")
    assert load_profile(mini_project / "profiles/me.yaml", load_taxonomy()).skills == {}


def test_names_yaml_would_misread_are_quoted(mini_project):
    (mini_project / "cv.md").write_text("# yes\n\n## Skills\n- C++, C#, Go 언어\n", encoding="utf-8")
    assert run("profile", "init", "--from", "cv.md")[0] == 0
    text = (mini_project / "profiles/me.yaml").read_text(encoding="utf-8")
    assert "\nname: 'yes'\n" in text and "\n  C#: 2 " in text and "\n  C++: 2 " in text
    assert levels(mini_project / "profiles/me.yaml") == {"cpp": 2, "csharp": 2, "go": 2}


@pytest.mark.parametrize("name, content, message", [
    ("resume.rtf", b"{\\rtf1 Python}", "error: resume.rtf: unsupported résumé type '.rtf' — use a .md, .txt, "
                                       ".pdf or .docx file"),
    ("missing.md", None, "error: missing.md: no such file — check the path"),
    ("blank.md", b"\n \n", "error: blank.md: no text found — write or paste your résumé into it"),
])
def test_unreadable_resumes(mini_project, name, content, message):
    if content is not None:
        (mini_project / name).write_bytes(content)
    code, out, err = run("profile", "init", "--from", name)
    assert (code, out, err) == (2, "", message + "\n")
    assert not (mini_project / "profiles").exists()


@pytest.mark.parametrize("name, module, extra, what", [
    ("cv.pdf", "pypdf", "pdf", "PDF résumés needs pypdf"),
    ("cv.docx", "docx", "docx", "Word résumés needs python-docx"),
])
def test_missing_optional_reader_names_the_extra(mini_project, monkeypatch, name, module, extra, what):
    monkeypatch.setitem(sys.modules, module, None)  # makes the import fail as if not installed
    (mini_project / name).write_bytes(b"PK\x03\x04" if extra == "docx" else b"%PDF-1.4\n")
    code, _, err = run("profile", "init", "--from", name)
    assert code == 2
    assert err == f"error: {name}: reading {what} — run: pip install 'skillgap[{extra}]' (or save the résumé as .txt)\n"


def test_word_resume_keeps_headings_and_bullets(mini_project):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("김지우")
    document.add_heading("기술 스택", level=1)
    document.add_paragraph("파이썬, 도커, Git", style="List Bullet")
    document.add_heading("경력", level=1)
    document.add_paragraph("바람페이 · ML Engineer")
    document.add_paragraph("PyTorch로 추천 모델 학습 및 배포", style="List Bullet")
    document.add_paragraph("누리소프트 · 데이터 분석가")
    document.add_paragraph("PyTorch로 이탈 예측 모델 개발", style="List Bullet")
    document.save(mini_project / "cv.docx")
    assert run("profile", "init", "--from", "cv.docx")[0] == 0
    assert levels(mini_project / "profiles/me.yaml") == {"python": 2, "docker": 2, "git": 2, "machine-learning": 3,
                                                   "pytorch": 4}


def _pdf(lines: list[str]) -> bytes:
    """Return a one-page PDF showing `lines` in Helvetica (ASCII only)."""
    text = " T* ".join(f"({line})Tj" for line in lines)
    stream = f"BT /F1 11 Tf 14 TL 72 720 Td {text} ET".encode()
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
               b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_pdf_resume(mini_project):
    pytest.importorskip("pypdf")
    (mini_project / "cv.pdf").write_bytes(_pdf(["Jiwoo Kim", "", "SKILLS", "Python, SQL, Git", "", "EXPERIENCE",
                                           "Barampay, ML Engineer", "- Deployed PyTorch models to production"]))
    code, out, _ = run("profile", "init", "--from", "cv.pdf")
    assert code == 0 and out.startswith("wrote profiles/me.yaml: 5 skills from cv.pdf;")
    assert levels(mini_project / "profiles/me.yaml") == {"python": 2, "sql": 2, "git": 2, "machine-learning": 3,
                                                   "pytorch": 4}


def test_broken_pdf_is_one_line(mini_project):
    pytest.importorskip("pypdf")
    (mini_project / "cv.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf")
    code, _, err = run("profile", "init", "--from", "cv.pdf")
    assert code == 2
    assert err.startswith("error: cv.pdf: cannot read the PDF (") and err.endswith(") — save the résumé as .txt\n")
    assert err.count("\n") == 1
