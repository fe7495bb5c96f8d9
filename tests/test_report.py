"""Tests for skillgap.report: the page data, the rendered HTML, and the atomic file writes."""
import base64
import copy
import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from skillgap import report, writes
from skillgap.results import Bi
from skillgap.errors import UsageError
from skillgap.plan import PlanItem, Resource
from loop_helpers import typed

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{ 7*7 }}",
           '"><svg onload=alert(1)>']


def load(name):
    return json.loads((FIXTURES / f"analysis_{name}.json").read_text(encoding="utf-8"))


def render(analysis, lang, **kwargs):
    kwargs.setdefault("resources", {"skills": {}, "categories": {}})
    return report.render_html(report.build_page(typed(analysis), lang, **kwargs))


def hostile_analysis():
    """Return the Korean fixture with attack strings wherever posting text reaches the page."""
    analysis = load("ko")
    evidence = analysis["gaps"][0]["evidence"][0]
    evidence["before"], evidence["match"], evidence["after"] = HOSTILE[0], HOSTILE[1], " ".join(HOSTILE[2:])
    evidence["job_title"] = HOSTILE[4]
    analysis["jobs"][0]["title"] = HOSTILE[0]
    analysis["jobs"][0]["company"] = HOSTILE[3]
    analysis["skipped"].append({"source": "x.html", "message": HOSTILE[1]})
    return analysis


@pytest.fixture(scope="module", params=["ko", "en"])
def case(request):
    analysis = load(request.param)
    return analysis, BeautifulSoup(render(analysis, analysis["language"]), "html.parser")


def test_gap_rows_follow_rank_order(case):
    analysis, soup = case
    rows = soup.select("#gap-table tbody.gap")
    assert [int(row["data-rank"]) for row in rows] == [g["rank"] for g in analysis["gaps"]]
    assert [row["id"] for row in rows] == [f"gap-{g['id']}" for g in analysis["gaps"]]
    first = rows[0]
    gap = analysis["gaps"][0]
    assert first.select_one("th.skill").get_text(" ", strip=True).split(" ")[0] == gap["name"].split(" ")[0]
    assert first.select_one(".score-cell").get_text(strip=True) == f"{gap['gap_score']:.2f}"
    assert first.select_one(".level-num").get_text(strip=True) == f"{gap['your_level']}→{gap['target_level']}"


def test_evidence_marks_the_skill_and_links_to_the_posting(case):
    analysis, soup = case
    for gap in analysis["gaps"]:
        row = soup.select_one(f"#gap-{gap['id']}")
        quotes = row.select("details .quotes li")
        assert [q.mark.get_text() for q in quotes] == [e["match"] for e in gap["evidence"]]
        for quote, evidence in zip(quotes, gap["evidence"]):
            # The quote's own "…" marks a cut line; a whole line is shown without one.
            assert quote.blockquote.get_text() == f"{evidence['before']}{evidence['match']}{evidence['after']}"
            link = quote.select_one(".cite a")
            assert link["href"] == f"#{evidence['job_id']}"
            assert soup.select_one(f"article.job#{evidence['job_id']}") is not None


def test_posting_cards_have_anchors_and_details(case):
    analysis, soup = case
    cards = soup.select("article.job")
    assert [card["id"] for card in cards] == [job["id"] for job in analysis["jobs"]]
    for card, job in zip(cards, analysis["jobs"]):
        assert job["title"] in card.h3.get_text()
        assert card.select_one(".job-match").get_text(" ", strip=True).startswith(f"{round(job['match'] * 100)}%")
        chips = card.select("ul.chips")
        counts = [len(ul.select("li")) for ul in chips]
        expected = [n for n in (len(job["missing_required"]), len(job["missing_preferred"]), len(job["have"])) if n]
        assert counts == expected


def test_csp_is_strict_and_hashes_the_only_script(case):
    _, soup = case
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert csp.startswith("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-")
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].string.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    # No inline handlers (CSP would block them) and nothing loaded from anywhere.
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag.name
        for attr in ("src", "href", "xlink:href"):
            value = tag.get(attr)
            if value and tag.name not in ("a",):
                assert value.startswith(("#", "data:")), (tag.name, value)
    assert not soup.find_all(["link"], rel=lambda r: r and "stylesheet" in r)


def test_hostile_posting_text_renders_as_text_only():
    html = render(hostile_analysis(), "ko")
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1
    assert not soup.find_all("img")
    assert not soup.select("svg[onload]")
    for tag in soup.find_all(True):
        for value in tag.attrs.values():
            values = value if isinstance(value, list) else [value]
            assert not any("javascript:" in v or "alert(1)" in v for v in values), tag
    text = soup.get_text()
    for attack in HOSTILE:
        assert attack in text
    quote = soup.select_one("#gap-kubernetes .quotes li")
    assert quote.mark.get_text() == HOSTILE[1]
    assert "49" not in quote.get_text()
    assert soup.select_one("article.job#job-1 h3").get_text(" ", strip=True).startswith(HOSTILE[0])


def test_the_python_filters_escape_what_they_print():
    # A user's taxonomy names the skills: a chip or a level bar prints them as text, never as markup.
    hostile = Bi(HOSTILE[0], HOSTILE[4])
    chips = BeautifulSoup(str(report._chips_html((hostile, Bi("SQL", "SQL")), '"><b>')), "html.parser")
    assert [li.get_text() for li in chips.select("ul.chips li")] == [HOSTILE[0] + HOSTILE[4], "SQL"]
    assert not chips.find_all(["script", "svg", "b"])
    assert str(report._chips_html((), "req")) == '<p class="none"><span data-lang="en" lang="en">None</span>' \
        '<span data-lang="ko" lang="ko">없음</span></p>'
    bar = report._level_bar(4, 3)
    held = BeautifulSoup(str(report._level_html(bar, held=True)), "html.parser")
    assert held.select_one(".level-num.held").get_text() == "yours 4 · asked 3내 레벨 4 · 요구 3"
    assert BeautifulSoup(str(report._level_html(bar)), "html.parser").select_one(".level-num").get_text() == "4→3"


def test_chart_svg_carries_no_posting_text():
    page = report.build_page(typed(hostile_analysis()), "ko", resources={"skills": {}, "categories": {}})
    for chart in (page.demand_chart,):
        for svg in (chart.svg_en, chart.svg_ko):
            assert "alert" not in svg and "<script" not in svg and "7*7" not in svg


def test_unsafe_resource_url_is_shown_without_a_link():
    plan = [PlanItem(id="kubernetes", name="Kubernetes", name_ko="쿠버네티스", category="deployment-ops", rank=1,
                     gap_score=0.4, demand=0.5, your_level=1, target_level=3, why_en="because", why_ko="왜냐하면",
                     steps_en=("step",), steps_ko=("단계",),
                     resources=(Resource("Bad", "javascript:alert(1)"), Resource("Good", "https://kubernetes.io/")),
                     effort_hours=20)]
    soup = BeautifulSoup(render(load("ko"), "ko", plan=plan), "html.parser")
    links = soup.select("#plan-kubernetes ul.links li")
    assert links[0].a is None and links[0].get_text(" ", strip=True).startswith("Bad")
    assert links[1].a["href"] == "https://kubernetes.io/"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_both_languages_are_in_the_page_and_lang_selects_one(lang):
    soup = BeautifulSoup(render(load("ko"), lang), "html.parser")
    assert soup.html["lang"] == lang
    for key in ("plan_title", "gaps_title", "jobs_title", "progress_title", "first_run"):
        assert soup.find("span", attrs={"data-lang": "en"}, string=report.UI[key].en), key
        assert soup.find("span", attrs={"data-lang": "ko"}, string=report.UI[key].ko), key
    assert soup.select_one('[data-set-lang="ko"]')["aria-pressed"] == ("true" if lang == "ko" else "false")
    assert soup.title.get_text() == ("기술 격차 리포트 · 지우" if lang == "ko" else "Skill gap report · 지우")
    # A skill name in both languages where the taxonomy has a Korean name.
    skill = soup.select_one("#gap-kubernetes th.skill")
    assert skill.find(attrs={"data-lang": "en"}).get_text() == "Kubernetes"
    assert skill.find(attrs={"data-lang": "ko"}).get_text() == "쿠버네티스"


def test_every_ui_string_has_both_languages():
    for key, text in report.UI.items():
        assert text.en.strip() and text.ko.strip(), key
        assert re.search(r"[가-힣]", text.ko) or text.ko == text.en, key


def test_build_page_rejects_unknown_language():
    with pytest.raises(ValueError, match="report language must be one of ko, en, not 'fr'"):
        report.build_page(typed(load("ko")), "fr")


def test_headings_charts_and_sections_are_accessible(case):
    _, soup = case
    assert len(soup.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    figures = soup.find_all("figure")
    assert len(figures) == 1  # demand-vs-level; no trend on a first run; the categories are one table
    for figure in figures:
        assert figure.figcaption.get_text(strip=True)
        for img in figure.select('[role="img"]'):
            assert img["aria-label"].strip()
            assert img.svg is not None and img.svg.find("text") is not None
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_korean_chart_labels_stay_text():
    soup = BeautifulSoup(render(load("ko"), "ko"), "html.parser")
    ko_chart = soup.select_one('#demand [data-lang="ko"] svg')
    labels = {t.get_text() for t in ko_chart.find_all("text")}
    assert "쿠버네티스" in labels and "현재 수준 → 기대 수준" in labels


def test_first_run_note_without_history(case):
    _, soup = case
    assert soup.select_one("#progress .first-run") is not None


def test_progress_with_history():
    previous, current = load("en_previous"), load("en")
    soup = BeautifulSoup(render(current, "en", history=[report.make_snapshot(typed(previous))]), "html.parser")
    progress = soup.select_one("#progress")
    assert progress.select_one('.delta [data-lang="en"]').get_text() == "+2 pts"
    assert progress.select_one('.delta [data-lang="ko"]').get_text() == "+2%p"
    boxes = {box.h3.find(attrs={"data-lang": "en"}).get_text(): box for box in progress.select(".progress-box")}
    assert [box.select_one(".count-badge").get_text() for box in boxes.values()] == ["2", "4", "2", "1", "1"]
    closed = boxes["Gaps closed"].get_text(" ", strip=True)
    assert "Tableau" in closed and "CI/CD" in closed
    assert "Docker" in boxes["Gaps narrowed"].get_text()
    assert "orbit-applied-scientist.json" in boxes["Postings added"].get_text()
    assert progress.figure.select('[role="img"]')[0]["aria-label"].startswith("Line chart of overall match")


def test_write_report_writes_html_and_matching_json(tmp_path):
    analysis = load("ko")
    html_path = report.write_report(typed(analysis), tmp_path / "reports" / "me-2026-11-23.html", "ko")
    assert html_path == tmp_path / "reports" / "me-2026-11-23.html"
    twin = html_path.with_suffix(".json").read_text(encoding="utf-8")
    data = json.loads(twin)
    assert {key: value for key, value in data.items() if key != "plan"} == json.loads(json.dumps(typed(analysis).to_dict()))
    assert twin.startswith('{\n  "profile": ') and twin.endswith("}\n")  # indented for people, one final newline
    for field in ("profile", "generated_at", "job_count", "jobs", "gaps", "categories", "plan"):
        assert field in data
    for job in data["jobs"]:
        assert {"source", "title", "company", "match", "missing_required"} <= job.keys()
    for gap in data["gaps"]:
        assert {"rank", "id", "name", "category", "gap_score", "demand", "your_level", "target_level"} <= gap.keys()
    for category in data["categories"]:
        assert {"rank", "id", "name", "gap_score"} <= category.keys()
    assert 1 <= len(data["plan"]["items"]) <= 5 and data["plan"]["total_effort_hours"] <= 60
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("#gap-table tbody.gap")["id"] == f"gap-{data['gaps'][0]['id']}"
    assert [li["id"] for li in soup.select("#plan li.plan-card")] == [f"plan-{i['id']}" for i in data["plan"]["items"]]
    assert "쿠버네티스" in html_path.with_suffix(".json").read_text(encoding="utf-8")  # ensure_ascii=False
    assert sorted(p.name for p in html_path.parent.iterdir()) == ["history.jsonl", "me-2026-11-23.html",
                                                                  "me-2026-11-23.json"]


def test_write_report_records_history_once_per_analysis(tmp_path):
    out = tmp_path / "reports"
    report.write_report(typed(load("en_previous")), out / "alex-2026-10-24.html", "en")
    html_path = report.write_report(typed(load("en")), out / "alex-2026-11-23.html", "en")
    report.write_report(typed(load("en")), out / "alex-2026-11-23.html", "en")
    assert len((out / "history.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('#progress .delta [data-lang="en"]').get_text() == "+2 pts"


def test_corrupt_history_is_reported_in_the_page(tmp_path):
    history = tmp_path / "history.jsonl"
    history.write_text("garbage\n", encoding="utf-8")
    html_path = report.write_report(typed(load("en")), tmp_path / "r.html", "en", history_path=history)
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert f"{history}: line 1 from the end is not valid JSON — skipped" in soup.select_one("#skipped").get_text()


def test_no_files_when_rendering_raises(tmp_path, monkeypatch):
    def boom(page):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(report, "render_html", boom)
    with pytest.raises(RuntimeError, match="template exploded"):
        report.write_report(typed(load("ko")), tmp_path / "r.html", "ko")
    assert list(tmp_path.iterdir()) == []


def test_failed_replace_leaves_neither_file_nor_temp(tmp_path, monkeypatch):
    real_replace = os.replace
    calls = []

    def second_replace_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(report.os, "replace", second_replace_fails)
    with pytest.raises(UsageError, match=r"cannot write the report \(disk full\)"):  # one line, no traceback
        report.write_report(typed(load("ko")), tmp_path / "r.html", "ko")
    # The JSON was already in place; it is removed so no JSON exists without its HTML.
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "r.html"
    writes.write_atomic(path, "old")
    with pytest.raises(UnicodeEncodeError):
        writes.write_atomic(path, "new \ud800")  # a lone surrogate cannot be encoded
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_analysis_without_gaps_or_jobs_still_renders(tmp_path):
    analysis = {"profile": "me", "profile_name": "Jiwoo", "language": "en", "generated_at": "2026-11-23T10:00:00+09:00",
                "job_count": 0, "overall_match": 0.0, "jobs": [], "gaps": [], "categories": [], "strengths": [],
                "skipped": []}
    html_path = report.write_report(typed(analysis), tmp_path / "r.html", "en")
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("#gap-table") is None and soup.find("figure") is None
    assert report.UI["plan_empty"].en in soup.select_one("#plan").get_text()
    assert json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))["plan"]["items"] == []


def test_gap_rows_past_the_first_screen_start_hidden():
    analysis = load("ko")
    analysis["gaps"] = [dict(analysis["gaps"][0], id=f"s{i}", rank=i + 1) for i in range(30)]
    soup = BeautifulSoup(render(analysis, "ko"), "html.parser")
    hidden = [row.has_attr("hidden") for row in soup.select("#gap-table tbody.gap")]
    assert hidden == [False] * report.GAP_ROWS_SHOWN + [True] * (30 - report.GAP_ROWS_SHOWN)
    assert soup.select_one("#show-all").find(attrs={"data-lang": "en"}).get_text() == "Show all 30 gaps"


def test_posting_without_known_skills_and_partial_skills():
    analysis = load("en")
    analysis["jobs"][0].update(match=None, skills=[], missing_required=[], missing_preferred=[], have=[])
    analysis["jobs"][1]["partial"] = ["pytorch"]
    soup = BeautifulSoup(render(analysis, "en"), "html.parser")
    first, second = soup.select("article.job")[:2]
    assert first.select_one(".job-match").get_text(" ", strip=True).startswith("—")
    assert "band-none" in first.select_one(".job-match")["class"]
    assert [li.get_text(" ", strip=True) for li in second.select("ul.chips li.part")] == ["PyTorch 파이토치"]


def test_profile_warnings_are_shown_as_notices():
    analysis = load("en")
    analysis["profile_warnings"] = ["profiles/alex.yaml: unknown skill 'pyhton' — did you mean 'Python'?"]
    soup = BeautifulSoup(render(analysis, "en"), "html.parser")
    assert "unknown skill 'pyhton'" in soup.select_one("#skipped").get_text()


def test_render_does_not_mutate_the_analysis():
    analysis = load("ko")
    before = copy.deepcopy(analysis)
    render(analysis, "ko")
    assert analysis == before


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_many_postings_show_the_best_matching_cards_first(monkeypatch, lang):
    monkeypatch.setattr(report, "JOB_CARDS_SHOWN", 3)
    analysis = load("en")
    analysis["jobs"][3]["match"] = None  # a posting without known skills never outranks one with a match
    analysis["jobs"][5]["match"] = analysis["jobs"][2]["match"]  # a tie keeps the analysis order
    soup = BeautifulSoup(render(analysis, lang), "html.parser")
    assert [card["id"] for card in soup.select("article.job")] == ["job-1", "job-3", "job-6"]
    intro = soup.select_one("#jobs .intro")
    assert intro.find(attrs={"data-lang": "en"}).get_text().startswith("The 3 postings of 6 that match you best")
    assert intro.find(attrs={"data-lang": "ko"}).get_text().startswith("공고 6개 중 가장 잘 맞는 3개를")
    # A quote from a posting without a card names it without a dead link.
    quotes = soup.select("#gap-docker .quotes li .cite")
    assert [quote.a for quote in quotes] == [None, None]
    assert quotes[0].get_text().startswith(analysis["gaps"][1]["evidence"][0]["job_title"])
    assert soup.select_one("#gap-dbt .quotes li .cite a")["href"] == "#job-3"


def test_every_posting_gets_a_card_up_to_the_limit(monkeypatch):
    analysis = load("en")
    monkeypatch.setattr(report, "JOB_CARDS_SHOWN", len(analysis["jobs"]))
    soup = BeautifulSoup(render(analysis, "en"), "html.parser")
    assert [card["id"] for card in soup.select("article.job")] == [job["id"] for job in analysis["jobs"]]
    assert soup.select_one("#jobs .intro").get_text() == report.UI["jobs_intro"].en + report.UI["jobs_intro"].ko


@pytest.mark.parametrize("name", ["ko", "en", "en_previous"])
def test_json_chunks_are_orjson_indented_piece_by_piece(name):
    import orjson

    analysis = load(name)
    analysis["strengths"], analysis["nested"] = [], {"a": [1, {"b": []}], "c": {}}
    for data in (analysis, {}, {"only": []}):
        assert b"".join(report.json_chunks(data)) == orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


@pytest.mark.parametrize("roles, en, ko", [
    ([], "No target role", "목표 역할이 없어요"),
    ([{"id": "data-engineer", "name": "data engineer", "name_ko": "데이터 엔지니어", "source": "profile"}],
     "Ranked for: data engineer (your profile's target_roles)", "목표 역할: 데이터 엔지니어 (프로필의 target_roles)"),
    ([{"id": "backend", "name": "backend engineer", "name_ko": "백엔드 개발자", "source": "postings"}],
     "Ranked for: backend engineer, the role most of your postings name", "목표 역할: 백엔드 개발자 (공고 제목 대부분"),
])
def test_the_page_says_which_role_the_ranking_weighs(roles, en, ko):
    analysis = load("en")
    analysis["roles"] = roles
    soup = BeautifulSoup(render(analysis, "en"), "html.parser")
    note = soup.select_one(".hero p.roles")
    assert note.find(attrs={"data-lang": "en"}).get_text().startswith(en)
    assert note.find(attrs={"data-lang": "ko"}).get_text().startswith(ko)
