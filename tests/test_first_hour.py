"""The first hour of a new user, in Korean and in English: from a clone to their own report and its progress."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from loop_helpers import run, typed

from skillgap import check, summary, watch, workspace
from skillgap.charts import _trend_labels
from skillgap.cli import _ADD_TEXT, _INIT_TEXT, _SUGGEST_TEXT
from skillgap.report import UI, write_report
from skillgap.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
RESUME = """# 박민준
## 경력
- 결제 API를 FastAPI와 MySQL로 개발해 운영 배포
- PyTorch로 이상 거래 탐지 모델 학습, 실서비스 배포
## 기술
Python, Docker, Git, RabbitMQ
"""
POSTING = """ML 엔지니어 — 오르빗랩스

자격요건
- Python, PyTorch 3년 이상
- 쿠버네티스와 도커 운영 경험
- MLflow 실험 관리

우대사항
- Kafka, Spark
"""


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A fresh clone as far as the CLI can tell: only examples/ in the working folder."""
    shutil.copytree(REPO / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("reports", ".skillgap-cache"))
    (tmp_path / "resume.md").write_text(RESUME, encoding="utf-8")
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "orbit.txt").write_text(POSTING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_clone_to_own_report_in_three_commands_without_the_examples(clone):
    code, out, err = run("report")  # the example report, said to be one, kept inside examples/
    assert code == 0 and out.splitlines()[-1].startswith("examples/reports/me-")
    assert err.startswith("note: no profile or postings of yours here yet, so this uses the examples in examples/")
    assert run("profile", "init", "--from", "resume.md")[0] == 0
    assert run("add", "downloads/orbit.txt")[0] == 0
    code, out, err = run("report")
    assert (code, err) == (0, "")
    data = json.loads(Path(out.splitlines()[-1]).with_suffix(".json").read_text(encoding="utf-8"))
    assert [job["source"] for job in data["jobs"]] == ["job_descriptions/ml-엔지니어-오르빗랩스.txt"]
    history = (clone / "reports" / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(history) == 1  # the example run's snapshot stayed in examples/reports/
    assert sorted(p.name for p in clone.iterdir()) == [
        ".skillgap-cache", "downloads", "examples", "job_descriptions", "profiles", "reports", "resume.md"]


def test_every_printed_next_step_works(clone):
    _, out, _ = run("profile", "init", "--from", "resume.md")
    assert out.splitlines()[-1].startswith("다음: 관심 있는 공고를 job_descriptions/ 에 저장하세요: skillgap add")
    code, out, _ = run("report")  # before any posting: the hint is the add command, not a stack of errors
    assert code == 2
    _, out, _ = run("add", "downloads/orbit.txt")
    assert out.splitlines()[-1] == "다음: skillgap report"
    assert run("profile", "check")[0] == 0
    assert run("report")[0] == 0


@pytest.mark.parametrize("setup, message", [
    (lambda root: None, "no profiles/ or job_descriptions/ here — run skillgap in your project folder"),
    (lambda root: (root / "profiles").mkdir(), "profiles/: no profile yet — draft one from your résumé: "
                                               "skillgap profile init --from RESUME"),
])
def test_a_missing_profile_names_profile_init(tmp_path, monkeypatch, setup, message):
    monkeypatch.chdir(tmp_path)
    setup(tmp_path)
    code, out, err = run("report")
    assert (code, out) == (2, "") and message in err and "profile init" in err


def test_postings_elsewhere_keep_reports_and_cache_beside_them(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("other")
    shutil.move(project / "job_descriptions", elsewhere / "job_descriptions")
    code, out, _ = run("report", "--jobs", str(elsewhere / "job_descriptions"), "--output", "mine/r.html")
    assert code == 0
    assert (elsewhere / "reports" / "history.jsonl").is_file() and (elsewhere / ".skillgap-cache").is_dir()
    assert not (project / "reports").exists() and not (project / ".skillgap-cache").exists()
    assert sorted(p.name for p in (project / "mine").iterdir()) == ["r.html", "r.json"]


def test_a_typo_in_a_strong_skill_heads_the_summary_and_the_report(project):
    Path("profiles/me.yaml").write_text("language: ko\nskills:\n  Pytroch: 4\n  Python: 4\n", encoding="utf-8")
    code, out, _ = run("report")
    assert code == 1
    assert out.splitlines()[0] == ("! profiles/me.yaml: 'Pytroch' 은(는) 모르는 기술이라 없는 것으로 계산했어요 — "
                                   "혹시 'PyTorch'? 프로필에서 이름을 고쳐 주세요.")
    soup = BeautifulSoup(Path(out.splitlines()[-1]).read_text(encoding="utf-8"), "html.parser")
    first = soup.select_one("main > section")
    assert first["id"] == "alerts" and "'PyTorch'" in first.get_text()


def test_an_unchanged_run_adds_no_snapshot_and_a_change_does(project):
    for _ in range(3):
        assert run("report")[0] == 0
    history = Path("reports/history.jsonl")
    assert len(history.read_text(encoding="utf-8").splitlines()) == 1
    profile = Path("profiles/me.yaml")
    profile.write_text(profile.read_text(encoding="utf-8").replace("쿠버네티스: 1", "쿠버네티스: 3"), encoding="utf-8")
    _, out, _ = run("report")
    assert len(history.read_text(encoding="utf-8").splitlines()) == 2
    _, out, _ = run("report")  # re-run after the change: still shows what the change did
    soup = BeautifulSoup(Path(out.splitlines()[-1]).read_text(encoding="utf-8"), "html.parser")
    assert "Kubernetes" in soup.select_one("#progress").get_text()


def test_trend_labels_stay_distinct_within_a_day():
    assert _trend_labels(["2026-12-01T09:00:00+09:00", "2026-12-07T10:00:00+09:00", "2026-12-07T10:00:30+09:00",
                          "2026-12-08T08:00:00+09:00"]) == ["12-01", "12-07 10:00:00", "12-07 10:00:30", "12-08"]


def test_a_strength_reads_as_held_not_as_a_decline(tmp_path):
    analysis = json.loads((REPO / "tests" / "fixtures" / "analysis_en.json").read_text(encoding="utf-8"))
    strength = {**analysis["gaps"][0], "your_level": 4, "target_level": 3}
    analysis["strengths"] = [strength]
    soup = BeautifulSoup(write_report(typed(analysis), tmp_path / "r.html", "en").read_text(encoding="utf-8"), "html.parser")
    card = soup.select_one("#strengths li")
    assert card.select_one('.level-num [data-lang="en"]').get_text() == "yours 4 · asked 3"
    assert card.select_one('.level-num [data-lang="ko"]').get_text() == "내 레벨 4 · 요구 3"
    assert "→" not in card.get_text()


def test_product_names_stay_latin_in_korean_and_concepts_are_translated():
    taxonomy = load_taxonomy()
    for skill_id, name in (("mysql", "MySQL"), ("mlflow", "MLflow"), ("fastapi", "FastAPI"), ("opencv", "OpenCV"),
                           ("rabbitmq", "RabbitMQ"), ("kubernetes", "Kubernetes")):
        assert taxonomy.skill_name(skill_id, "ko") == name
        assert taxonomy.resolve(taxonomy.skills[skill_id].aliases[0]) is taxonomy.skills[skill_id]
    assert taxonomy.skill_name("natural-language-processing", "ko") == "자연어 처리"
    assert taxonomy.resolve("마이에스큐엘").id == "mysql"  # the Korean spelling still finds the skill


def test_suggest_prints_a_header_and_no_domains_or_clause_fragments(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "a.txt").write_text(
        "Data Engineer — Acme\n\nRequirements\n- Python, Flyte, Docker\n- See www.dol.gov and acme.com\n\n"
        "자격요건\n- 빠르게 배포가 되어야 하기 때문에 자동화 경험\n", encoding="utf-8")
    code, out, _ = run("suggest", "jobs", "--min-docs", "1")
    assert code == 0
    lines = out.splitlines()
    assert re.fullmatch(r"\s*postings  term\s+example line", lines[0])
    assert "Flyte" in out and "dol.gov" not in out and "acme.com" not in out and "때문" not in out


# Every English UI string a Korean run could print: none may show up in that run's output.
ENGLISH_UI = [text for table in (summary._TEXT["en"], check._TEXT["en"], watch._TEXT["en"], workspace._TEXT["en"],
                                 _INIT_TEXT["en"], _ADD_TEXT["en"], _SUGGEST_TEXT["en"])
              for value in table.values() for text in ([value] if isinstance(value, str) else value)]
ENGLISH_WORDS = sorted({word for text in ENGLISH_UI for word in re.findall(r"[A-Za-z]{4,}", re.sub(r"\{\w+\}", "", text))}
                       - {"skillgap", "profile", "check", "report", "init", "from", "RESUME", "FILE", "postings",
                          "Ctrl", "Enter", "Windows", "profiles", "taxonomy", "yaml", "jobs", "watch", "lang",
                          "output", "force", "suggest", "skills", "name", "category", "software", "engineering"})


def _english_words(text: str) -> set[str]:
    return {word for word in ENGLISH_WORDS if re.search(rf"(?<![\w/.-]){word}(?![\w/.-])", text)}


def test_a_korean_run_prints_no_english_ui_string(clone, monkeypatch):
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    outputs = [run("report"), run("profile", "init", "--from", "resume.md"), run("report"),
               run("add", "downloads/orbit.txt"), run("profile", "check"), run("report"),
               run("suggest", "--min-docs", "1")]
    for code, out, err in outputs:
        assert not _english_words(out + err), out + err
    stop = __import__("threading").Event()
    stop.set()
    lines: list[str] = []

    class Out:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    watch.watch_loop(lambda: None, Path("job_descriptions"), Path("profiles"), Out(), Out(), stop_event=stop,
                     lang="ko")
    assert not _english_words("".join(lines)) and "지켜보" in "".join(lines)
    html = Path(outputs[-2][1].splitlines()[-1]).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select('[data-lang="en"], script, style, code, svg'):
        tag.decompose()
    prefixes = {ui.en.split("{")[0] for ui in UI.values() if ui.en != ui.ko}
    assert not [prefix for prefix in prefixes if len(prefix) > 12 and prefix in soup.get_text()]


def test_one_name_per_figure_in_korean():
    korean = "\n".join([*summary._TEXT["ko"].values(), *(ui.ko for ui in UI.values()),
                        (REPO / "README.ko.md").read_text(encoding="utf-8")])
    assert "전체 매칭" not in korean and "능숙" not in korean and "보고서" not in korean


def _headings(path: Path) -> list[str]:
    """Return the Markdown headings outside code blocks: their level and any command they name."""
    headings, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            headings.append(f"{level} {' '.join(re.findall(r'`[^`]+`', line))}")
    return headings


def test_readme_ko_has_every_heading_of_readme_in_order():
    english, korean = _headings(REPO / "README.md"), _headings(REPO / "README.ko.md")
    assert len(english) > 15 and korean == english
