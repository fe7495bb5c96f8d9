"""Build the report page from an analysis, render it to self-contained HTML, write it atomically.

Two steps, as in coverage.py: `build_page` turns the analysis into plain named tuples (made at
import in a fraction of a frozen dataclass's time) with every display value pre-formatted in both
languages (no HTML, no I/O); `render_html` only runs the template. `write_report` does all the file
work through one atomic helper.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

import orjson
from markupsafe import Markup, escape

from skillgap import __version__, charts
from skillgap.errors import UsageError
from skillgap.history import Progress, append_snapshot, compare, load_history, make_snapshot, same_state
from skillgap.terminal import escape_controls
from skillgap.results import JOBS_DETAILED, Bi, CategoryScore, Gap, GapReport, PostingMatch, best_first
from skillgap.plan import MONTH_HOURS, PlanItem, load_resources, make_plan, plan_summary, plan_to_dict
from skillgap.writes import remove_stale_temps, write_files_atomic

LANGS = ("ko", "en")
HISTORY_NAME = "history.jsonl"
TREND_POINTS = 12
# Skipped files and notices listed on the page (50,000 skipped files made the page megabytes of them).
SKIPPED_SHOWN = 100
# The category table names this many of each category's gaps, then "+N".
CATEGORY_SKILLS_SHOWN = 8
# The gap table opens with this many rows; the rest are one click (or a filter) away.
GAP_ROWS_SHOWN = 25
# Past this many postings the page shows the cards of the best-matching ones only: thousands of
# cards made a page of tens of megabytes that browsers struggle with. The JSON twin has them all
# (these with their per-skill detail).
JOB_CARDS_SHOWN = JOBS_DETAILED
# Soft skills the postings stress, and covered alternatives: the first few say enough.
NOTES_SHOWN = 12


def _same(text: str) -> Bi:
    return Bi(text, text)


def _fill(template: Bi, **values) -> Bi:
    return Bi(template.en.format(**values), template.ko.format(**values))


def _roles_note(analysis: GapReport) -> Bi:
    """Say which role's core the ranking weighs, and where that came from."""
    if not analysis.roles:
        return UI["roles_none"]
    template = UI["roles_profile"] if analysis.roles[0].source == "profile" else UI["roles_postings"]
    return Bi(template.en.format(names=", ".join(r.name for r in analysis.roles)),
              template.ko.format(names=", ".join(r.name_ko for r in analysis.roles)))


def _covered_note(by: list[Bi]) -> Bi:
    return Bi(UI["covered_by"].en.format(names=", ".join(b.en for b in by)),
              UI["covered_by"].ko.format(names=", ".join(b.ko for b in by)))


# Every fixed UI string, in both languages, so the language switch works without a reload.
UI: dict[str, Bi] = {
    "title": Bi("Skill gap report", "기술 격차 리포트"),
    "alerts_title": Bi("Check your profile first", "먼저 프로필을 확인하세요"),
    "language": Bi("Language", "언어"),
    "print": Bi("Print", "인쇄"),
    "nav_plan": Bi("Plan", "학습 계획"),
    "nav_categories": Bi("Categories", "분야"),
    "nav_gaps": Bi("Gaps", "격차"),
    "nav_progress": Bi("Progress", "변화"),
    "nav_jobs": Bi("Postings", "공고"),
    "nav_strengths": Bi("Strengths", "강점"),
    "overall_match": Bi("Overall match", "전체 적합도"),
    "match_explained": Bi("How much of what the postings ask you already meet, weighted by how strongly they ask.",
                          "공고가 요구하는 기술을 요구 강도에 따라 가중해, 이미 충족한 비율이에요."),
    "roles_profile": Bi("Ranked for: {names} (your profile's target_roles). Its core skills count more.",
                        "목표 역할: {names} (프로필의 target_roles). 그 역할의 핵심 기술을 더 무겁게 봤어요."),
    "roles_postings": Bi("Ranked for: {names}, the role most of your postings name. Set target_roles in your "
                         "profile to choose another.",
                         "목표 역할: {names} (공고 제목 대부분이 가리키는 역할). 다른 역할이면 프로필에 "
                         "target_roles를 적어 주세요."),
    "roles_none": Bi("No target role: neither your profile's target_roles nor most posting titles name a role "
                     "skillgap knows (data engineer, ML engineer, backend, DevOps, …). Set target_roles, e.g. "
                     "[Data Engineer], to weigh that role's core skills.",
                     "목표 역할이 없어요: 프로필의 target_roles도, 공고 제목 대부분도 skillgap이 아는 역할(데이터 "
                     "엔지니어, ML 엔지니어, 백엔드, DevOps …)을 가리키지 않아요. target_roles(예: [데이터 엔지니어])를 "
                     "적으면 그 역할의 핵심 기술을 더 무겁게 봐요."),
    "stat_postings": Bi("Postings", "분석한 공고"),
    "stat_gaps": Bi("Skill gaps", "기술 격차"),
    "stat_top_gap": Bi("Biggest gap", "가장 큰 격차"),
    "stat_strengths": Bi("Strengths", "강점"),
    "plan_title": Bi("Next month's focus", "다음 달 집중 학습"),
    "plan_intro": Bi("The gaps that matter most, with prerequisites first. A month of study is about 40–60 hours.",
                     "가장 중요한 격차를 골라 선수 지식부터 배치했어요. 한 달 학습량은 40~60시간 정도예요."),
    "plan_empty": Bi("Nothing to study: you meet every skill these postings ask for.",
                     "공부할 격차가 없어요. 공고가 요구하는 기술을 모두 충족해요."),
    "prerequisite": Bi("Learn first", "먼저 배우기"),
    "steps": Bi("Steps", "단계"),
    "resources": Bi("Resources", "학습 자료"),
    "free": Bi("free", "무료"),
    "paid": Bi("paid", "유료"),
    "categories_title": Bi("Where the gaps are", "격차가 큰 분야"),
    "categories_intro": Bi("Categories ranked by their largest gaps: the biggest gap score, plus half the second "
                           "and a quarter of the third. Programming languages count their largest gap alone (you "
                           "learn one at a time); software engineering, which every posting builds on, comes after "
                           "the fields, unless most of the role you aim at lies in it (embedded or QA work).",
                           "분야마다 가장 큰 격차로 순위를 매겼어요: 가장 큰 격차 점수 + 두 번째의 절반 + 세 번째의 4분의 1. "
                           "프로그래밍 언어는 한 번에 하나씩 배우니 가장 큰 격차 하나만 세고, 모든 공고의 바탕인 "
                           "소프트웨어 공학은 다른 분야 뒤에 놓아요(목표 역할의 핵심이 대부분 그 안에 있는 임베디드·QA 같은 역할은 "
                           "예외예요)."),
    "th_rank": Bi("Rank", "순위"),
    "th_category": Bi("Category", "분야"),
    "th_gap_score": Bi("Gap score", "격차 점수"),
    "th_demand": Bi("Demand", "수요"),
    "th_skills": Bi("Skills", "기술"),
    "th_skill": Bi("Skill", "기술"),
    "th_level": Bi("You → expected", "현재 → 기대"),
    "th_why": Bi("Why it matters", "중요한 이유"),
    "gaps_title": Bi("Ranked skill gaps", "기술 격차 순위"),
    "gaps_intro": Bi("Demand is the share of postings that ask for a skill. Click a column heading to sort; "
                     "open a row's quotes to see where the postings ask for it.",
                     "수요는 해당 기술을 요구하는 공고의 비율이에요. 열 제목을 누르면 정렬되고, "
                     "인용을 펼치면 공고의 원문을 볼 수 있어요."),
    "filter_label": Bi("Find a skill", "기술 찾기"),
    "filter_placeholder": Bi("e.g. Kubernetes", "예: 쿠버네티스"),
    "category_filter": Bi("Category", "분야"),
    "all_categories": Bi("All categories", "모든 분야"),
    "no_matches": Bi("No skill matches the filter.", "조건에 맞는 기술이 없어요."),
    "shown": Bi("{shown} of {total} shown", "{total}개 중 {shown}개 표시"),
    "show_all": Bi("Show all {total} gaps", "격차 {total}개 모두 보기"),
    "demand_title": Bi("Demand vs your level", "수요와 현재 수준"),
    "progress_title": Bi("Progress since last run", "지난 실행 이후 변화"),
    "first_run": Bi("This is the first report for this profile. Study, update your profile and run skillgap "
                    "again: this section will then show the gaps you closed and your match over time.",
                    "이 프로필의 첫 리포트예요. 공부하고 프로필을 고친 뒤 다시 실행하면, "
                    "여기에서 해소한 격차와 적합도 추이를 볼 수 있어요."),
    "gaps_closed": Bi("Gaps closed", "해소한 격차"),
    "gaps_narrowed": Bi("Gaps narrowed", "좁혀진 격차"),
    "new_demands": Bi("New demands", "새로 요구되는 기술"),
    "jobs_added": Bi("Postings added", "추가된 공고"),
    "jobs_removed": Bi("Postings removed", "빠진 공고"),
    "none": Bi("None", "없음"),
    "trend_title": Bi("Overall match over time", "전체 적합도 추이"),
    "jobs_title": Bi("Postings", "공고별 분석"),
    "jobs_intro": Bi("Each posting you analysed, with what it still needs from you.",
                     "분석한 공고마다 아직 부족한 기술을 정리했어요."),
    "jobs_intro_best": Bi("The {shown} postings of {total} that match you best, best first, with what they still "
                          "need from you. Every posting is in the JSON file beside this report.",
                          "공고 {total}개 중 가장 잘 맞는 {shown}개를 적합도 순으로, 아직 부족한 기술과 함께 "
                          "정리했어요. 모든 공고는 이 리포트 옆의 JSON 파일에 있어요."),
    "match": Bi("match", "적합도"),
    "missing_required": Bi("Missing · required", "부족 · 필수"),
    "missing_preferred": Bi("Missing · preferred", "부족 · 우대"),
    "partial": Bi("Partly there", "일부 갖춤"),
    "have": Bi("You already have", "이미 갖춘 기술"),
    "no_skills_found": Bi("No known skills found", "인식된 기술 없음"),
    "strengths_title": Bi("Your strengths", "강점"),
    "strengths_intro": Bi("Skills the postings ask for where you already meet the bar.",
                          "공고가 요구하는 수준을 이미 충족한 기술이에요."),
    "strengths_empty": Bi("No strengths yet among the skills these postings ask for.",
                          "아직 공고가 요구하는 수준에 도달한 기술이 없어요."),
    "stressed_title": Bi("What these postings also stress", "공고가 함께 강조하는 것"),
    "stressed_intro": Bi("Soft skills and general fields your profile does not rate. They are not ranked as gaps: "
                         "rate them in your profile if you want them compared.",
                         "프로필에 레벨이 없는 소프트 스킬과 일반 분야예요. 격차 순위에는 넣지 않았어요. "
                         "비교하려면 프로필에 레벨을 적어 주세요."),
    "stressed_count": Bi("{n} of {total} postings", "공고 {total}개 중 {n}개"),
    "covered_title": Bi("Alternatives you already cover", "이미 갖춘 대안"),
    "covered_intro": Bi("The postings name these only as one of a set, and you have another member of the set.",
                        "공고가 여러 개 중 하나로만 요구했고, 그중 다른 기술을 이미 갖췄어요."),
    "covered_by": Bi("covered by {names}", "{names}(으)로 충족"),
    "skipped_title": Bi("Skipped files and notices", "건너뛴 파일과 알림"),
    "footer": Bi("Made offline by skillgap {version}. Quotes from job postings are shown as plain text.",
                 "skillgap {version}로 오프라인에서 만들었어요. 공고 인용은 일반 텍스트로만 표시해요."),
}
LEVEL_NAMES = (Bi("none", "없음"), Bi("aware", "들어 봄"), Bi("basic", "기초"), Bi("working", "실무"),
               Bi("strong", "숙련"), Bi("expert", "전문가"))
SECTION_NAMES = {"required": Bi("required", "필수"), "preferred": Bi("preferred", "우대"),
                 "responsibility": Bi("responsibility", "주요 업무"), "other": Bi("other", "기타")}
LANGUAGE_NAMES = {"ko": Bi("Korean", "한국어"), "en": Bi("English", "영어"), "mixed": Bi("Mixed", "혼합")}
RESOURCE_KINDS = {"course": Bi("course", "강의"), "book": Bi("book", "책"), "docs": Bi("docs", "문서"),
                  "tutorial": Bi("tutorial", "튜토리얼"), "video": Bi("video", "영상"),
                  "project": Bi("project", "프로젝트"), "lab": Bi("lab", "실습"),
                  "repo": Bi("repository", "저장소"), "article": Bi("article", "글"), "tool": Bi("tool", "도구")}
# (lower bound, css class, label): the overall match band.
BANDS = ((0.8, "great", Bi("Great", "아주 좋음")), (0.6, "good", Bi("Good", "좋음")),
         (0.4, "fair", Bi("Fair", "보통")), (0.0, "poor", Bi("Poor", "부족")))


class LevelBar(NamedTuple):
    """Five level segments, each s-have (held), s-need (still to learn), s-extra (beyond target) or s-none."""

    your: int
    target: int
    segments: tuple[str, ...]
    label: Bi
    held: Bi


class Evidence(NamedTuple):
    """A quote from a posting; before/match/after are untrusted plain text."""

    job_anchor: str
    job_title: str
    section: Bi
    before: str
    match: str
    after: str


class GapRow(NamedTuple):
    """One row of the ranked gap table, with sortable raw values."""

    rank: int
    id: str
    name: Bi
    search: str
    category_id: str
    category: Bi
    demand: str
    demand_value: float
    level: LevelBar
    climb: int
    gap_score: str
    gap_value: float
    why: Bi
    evidence: tuple[Evidence, ...]
    evidence_summary: Bi


class CategoryRow(NamedTuple):
    """One row of the category ranking."""

    rank: int
    id: str
    name: Bi
    gap_score: str
    bar_percent: int
    demand: str
    skills: tuple[Bi, ...]
    more: str


class Chart(NamedTuple):
    """A chart drawn once per language, with its caption and text alternative."""

    svg_en: str
    svg_ko: str
    caption: Bi
    alt: Bi


class Link(NamedTuple):
    """A study resource; `url` is None when it is not a plain http(s) address."""

    title: str
    url: str | None
    kind: Bi | None
    cost: Bi | None


class PlanCard(NamedTuple):
    """One skill of next month's plan."""

    number: int
    id: str
    name: Bi
    category: Bi
    level: LevelBar
    why: Bi
    prerequisite: bool
    steps_en: tuple[str, ...]
    steps_ko: tuple[str, ...]
    links: tuple[Link, ...]
    effort: Bi


class PlanView(NamedTuple):
    """Next month's plan with its total effort."""

    cards: tuple[PlanCard, ...]
    total: Bi
    fits_month: bool


class ChangeLine(NamedTuple):
    """One line of the progress lists: a skill and how its gap moved."""

    name: Bi
    detail: Bi


class ProgressView(NamedTuple):
    """What changed since the previous run, or only the trend when nothing else is known."""

    summary: Bi
    delta: Bi
    delta_class: str
    closed: tuple[ChangeLine, ...]
    narrowed: tuple[ChangeLine, ...]
    new: tuple[ChangeLine, ...]
    jobs_added: tuple[str, ...]
    jobs_removed: tuple[str, ...]
    trend: Chart


class JobCard(NamedTuple):
    """One posting's card; title, company and source are untrusted plain text."""

    anchor: str
    title: str
    company: str | None
    source: str
    language: Bi
    match: str
    match_percent: int
    band_class: str
    years: Bi
    missing_required: tuple[Bi, ...]
    missing_preferred: tuple[Bi, ...]
    partial: tuple[Bi, ...]
    have: tuple[Bi, ...]


class StrengthRow(NamedTuple):
    """A skill the user already has at or above what postings expect."""

    name: Bi
    category: Bi
    level: LevelBar
    demand: str


class Stat(NamedTuple):
    """A headline number under the overall match."""

    label: Bi
    value: Bi


class NoteRow(NamedTuple):
    """A skill named with a short note: how many postings stress it, or what covers it."""

    name: Bi
    note: Bi


class ReportPage(NamedTuple):
    """Everything the template shows, pre-formatted; the template only loops and prints."""

    lang: str
    ui: dict
    alerts: tuple[Bi, ...]
    title: Bi
    generated: Bi
    roles_note: Bi
    overall_match: str
    overall_percent: int
    band: Bi
    band_class: str
    stats: tuple[Stat, ...]
    plan: PlanView
    categories: tuple[CategoryRow, ...]
    category_options: tuple[tuple[str, Bi], ...]
    gaps: tuple[GapRow, ...]
    gap_rows_shown: int
    show_all: Bi
    demand_chart: Chart | None
    progress: ProgressView | None
    jobs_intro: Bi
    jobs: tuple[JobCard, ...]
    strengths: tuple[StrengthRow, ...]
    stressed: tuple[NoteRow, ...]
    covered: tuple[NoteRow, ...]
    skipped: tuple[str, ...]
    footer: Bi


def build_page(analysis: GapReport, lang: str, history: list[dict] | None = None,
               plan: list[PlanItem] | None = None, resources: dict | None = None,
               notices: list[str] | tuple[str, ...] = (), unknown_skills=()) -> ReportPage:
    """Turn an analysis into the report page's display values, in both languages.

    `history` holds earlier snapshots of this profile, oldest first; this run's snapshot is added
    when it is not already the last one. `plan` defaults to `make_plan(analysis, resources)`.
    `unknown_skills` (`messages.UnknownName`) head the page: a misspelt strong skill would
    otherwise show up only as the top gap.
    """
    if lang not in LANGS:
        raise ValueError(f"report language must be one of {', '.join(LANGS)}, not {lang!r}")
    if plan is None:
        plan = make_plan(analysis, resources if resources is not None else load_resources())
    jobs = analysis.jobs
    shown = _jobs_shown(jobs)
    names = _skill_names(analysis, shown)
    categories = {c.id: _bi_name(c) for c in analysis.categories}
    anchors = {job.id: _anchor(job.id, i) for i, job in enumerate(jobs, 1)}
    # A quote links to its posting's card only when the card is on the page.
    card_anchors = {job.id: anchors[job.id] for job in shown}
    job_count = analysis.job_count
    gaps = analysis.gaps
    strengths = analysis.strengths
    overall = analysis.overall_match or 0.0
    band_class, band = _band(overall)
    who = analysis.profile_name or analysis.profile
    snapshots = _with_current(history or [], make_snapshot(analysis))

    stats = (
        Stat(UI["stat_postings"], _same(str(job_count))),
        Stat(UI["stat_gaps"], _same(str(len(gaps)))),
        Stat(UI["stat_top_gap"], _bi_name(gaps[0]) if gaps else UI["none"]),
        Stat(UI["stat_strengths"], _same(str(len(strengths)))),
    )
    return ReportPage(
        lang=lang,
        ui=UI,
        alerts=tuple(Bi(u.alert("en"), u.alert("ko")) for u in unknown_skills),
        title=Bi(f"{UI['title'].en} · {who}", f"{UI['title'].ko} · {who}"),
        generated=_format_when(analysis.generated_at),
        roles_note=_roles_note(analysis),
        overall_match=_percent(overall),
        overall_percent=round(overall * 100),
        band=band,
        band_class=band_class,
        stats=stats,
        plan=_plan_view(plan, categories),
        categories=_category_rows(analysis.categories, names),
        category_options=tuple((c.id, categories[c.id]) for c in analysis.categories),
        gaps=tuple(_gap_row(g, categories, card_anchors) for g in gaps),
        gap_rows_shown=GAP_ROWS_SHOWN,
        show_all=_fill(UI["show_all"], total=len(gaps)),
        demand_chart=_demand_chart(gaps),
        progress=_progress_view(snapshots),
        jobs_intro=_jobs_intro(len(shown), len(jobs)),
        jobs=tuple(_job_card(job, anchors[job.id], names) for job in shown),
        strengths=tuple(StrengthRow(_bi_name(s), categories.get(s.category, _same(s.category)),
                                    _level_bar(s.your_level, s.target_level), _percent(s.demand)) for s in strengths),
        stressed=tuple(NoteRow(_bi_name(s), _fill(UI["stressed_count"], n=s.job_count, total=job_count))
                       for s in analysis.stressed[:NOTES_SHOWN]),
        covered=tuple(NoteRow(_bi_name(c), _covered_note([names.get(b, _same(b)) for b in c.covered_by]))
                      for c in analysis.covered[:NOTES_SHOWN]),
        skipped=_bounded([*(s.message or s.source for s in analysis.skipped),
                          *(w for w in analysis.profile_warnings if not _names_unknown(w, unknown_skills)),
                          *notices], lang),
        footer=_fill(UI["footer"], version=__version__),
    )


def render_html(page: ReportPage) -> str:
    """Render the page through the package's jinja2 template, with a CSP hash of its one script."""
    env = _environment()
    script = env.get_template("report.js").render()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
           "base-uri 'none'; form-action 'none'")
    return env.get_template("report.html.j2").render(page=page, ui=page.ui, csp=csp)


def write_report(analysis: GapReport, html_path: Path, lang: str, history_path: Path | None = None,
                 unknown_skills=()) -> Path:
    """Write the HTML report and its JSON twin atomically, then record this run in the history.

    The history defaults to `history.jsonl` beside the report. The run is appended only after both
    files are in place, so a failed run leaves no trace; a run whose results equal the last
    snapshot's (the same postings and profile, say after a `touch`) adds nothing.
    """
    html_path = Path(html_path)
    json_path = html_path.with_suffix(".json")
    _check_output(html_path, json_path)
    history_path = Path(history_path) if history_path is not None else html_path.parent / HISTORY_NAME
    resources = load_resources()
    plan = make_plan(analysis, resources)
    past, warnings = load_history(history_path, analysis.profile, last=TREND_POINTS)
    page = build_page(analysis, lang, history=past, plan=plan, resources=resources, notices=warnings,
                      unknown_skills=unknown_skills)
    html = render_html(page)
    # The values themselves, not `to_dict()`: orjson writes the dataclasses as it goes, with no copy of them all.
    twin = json_chunks({**{f.name: getattr(analysis, f.name) for f in fields(analysis)}, "plan": plan_to_dict(plan)})
    _make_folder(html_path.parent)
    # Two runs at once must not pair one run's JSON with the other's HTML, nor interleave history lines.
    with _folder_lock(html_path.parent):
        remove_stale_temps(html_path.parent)  # under the lock no other run is writing here: only killed runs' leftovers
        try:
            write_files_atomic({json_path: twin, html_path: html})
        except OSError as err:
            raise UsageError(f"{html_path.parent}: cannot write the report ({_reason(err)}) — check the folder's "
                             "permissions and free space, or choose another --output") from None
        if not past or not same_state(past[-1], make_snapshot(analysis)):
            try:
                append_snapshot(history_path, analysis)
            except OSError as err:
                raise UsageError(f"{history_path}: cannot record this run ({_reason(err)}); the report was written "
                                 f"to {html_path} — fix or remove {history_path}") from None
    return html_path


def _check_output(html_path: Path, json_path: Path) -> None:
    """Refuse report paths that cannot work, before anything is written, saying what to do instead."""
    if html_path.suffix.lower() == ".json":
        raise UsageError(f"{html_path}: the report path names the HTML file and the JSON is written beside it — "
                         f"use a name ending in .html, e.g. {html_path.with_suffix('.html')}")
    if html_path.is_dir():
        raise UsageError(f"{html_path}: is a folder — give the report a file name, e.g. {html_path / 'report.html'}")
    if html_path.suffix.lower() != ".html":
        raise UsageError(f"{html_path}: the report is an HTML file — use a name ending in .html, "
                         f"e.g. {html_path.with_name(html_path.name + '.html')}")
    if json_path.is_dir():
        raise UsageError(f"{json_path}: is a folder, so the report's JSON cannot be written beside {html_path} — "
                         "rename the folder or choose another --output")
    for path in (html_path, json_path):
        if path.exists() and not path.is_file():  # a device or pipe would be replaced by the report
            raise UsageError(f"{path}: is not a regular file (a device, pipe or socket) — choose another --output")
    if json_path.is_file() and not _is_report_twin(json_path):
        raise UsageError(f"{json_path}: exists and is not a skillgap report's JSON, so writing the report beside it "
                         f"would replace it — choose another --output")
    for folder in html_path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise UsageError(f"{folder}: is a file, not a folder — choose another --output")
            break


def _is_report_twin(path: Path) -> bool:
    """Tell whether a JSON file is one skillgap wrote beside a report (it starts as every twin does)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(_TWIN_START)) == _TWIN_START
    except OSError:
        return False


_TWIN_START = b'{\n  "profile": '


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"{folder}: cannot create the report folder ({_reason(err)}) — "
                         "choose another --output") from None


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder (an flock on the folder itself: no lock file is left behind).

    Where locking is unavailable (Windows, some network drives) the files are still replaced
    atomically one by one.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def json_chunks(data: dict) -> Iterator[bytes]:
    """Yield `data` as indented JSON (orjson's two-space layout, a final newline), a list's or tuple's items one by one.

    orjson because the stdlib encoder falls back to pure Python with an indent (about 1 s for the
    twin of 5,000 postings); item by item because that twin is tens of megabytes, never needed whole.
    """
    yield b"{"
    for number, (key, value) in enumerate(data.items()):
        yield (b",\n  " if number else b"\n  ") + orjson.dumps(key) + b": "
        if isinstance(value, (list, tuple)) and value:
            yield b"["
            for position, item in enumerate(value):
                # Nested one level deeper than when dumped alone; JSON strings hold no raw newline.
                yield (b",\n    " if position else b"\n    ") + \
                    orjson.dumps(item, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")
            yield b"\n  ]"
        else:
            yield orjson.dumps(value, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
    yield b"\n}\n" if data else b"}\n"


@lru_cache(maxsize=1)
def _environment():
    """Return the template environment, built once: compiling the template costs ~30 ms per render."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("skillgap", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(t=_bilingual, level=_level_html, chips=_chips_html)
    return env


# The page's most repeated pieces are jinja2 filters written in Python: a filter is a plain call, where a
# macro or a global function costs jinja2's argument handling on each of thousands of calls. The same few
# names and level bars come back row after row, so each is made once (bounded: `watch` renders again and again).
@lru_cache(maxsize=8192)
def _bilingual(text: Bi):
    """Return a text for the page: once when both languages say the same, else a span per language (escaped)."""
    if text.en == text.ko:
        return escape(text.en)
    return Markup(f'<span data-lang="en" lang="en">{escape(text.en)}</span><span data-lang="ko" lang="ko">{escape(text.ko)}</span>')


@lru_cache(maxsize=256)
def _level_html(bar: LevelBar, held: bool = False):
    """Return a level bar: its five segments, then "2→3" (or, `held`, "yours 4 · asked 3"), then its label for screen readers."""
    segments = "".join(f'<span class="seg {escape(s)}"></span>' for s in bar.segments)
    number = f'<span class="level-num held" aria-hidden="true">{_bilingual(bar.held)}</span>' if held else \
        f'<span class="level-num" aria-hidden="true">{bar.your}<span class="arrow">→</span>{bar.target}</span>'
    return Markup(f'<span class="level"><span class="segs" aria-hidden="true">{segments}</span>{number}'
                  f'<span class="sr-only">{_bilingual(bar.label)}</span></span>')


def _chips_html(items: tuple[Bi, ...], kind: str):
    """Return a posting card's list of skills as chips of a kind (req, pref, part, have), or "none"."""
    if not items:
        return Markup(f'<p class="none">{_bilingual(UI["none"])}</p>')
    kind = escape(kind)
    return Markup('<ul class="chips">' + "".join(f'<li class="chip {kind}">{_bilingual(item)}</li>' for item in items)
                  + "</ul>")


def _bounded(messages: list[str], lang: str) -> tuple[str, ...]:
    """Return the first SKIPPED_SHOWN messages, and a last line counting the rest (all are in the JSON twin)."""
    if len(messages) <= SKIPPED_SHOWN:
        return tuple(messages)
    more = len(messages) - SKIPPED_SHOWN
    last = f"… 외 {more:,}개 더 (모두 옆의 JSON 파일에 있어요)" if lang == "ko" else \
        f"… and {more:,} more (all are in the JSON file beside this report)"
    return (*messages[:SKIPPED_SHOWN], last)


def _with_current(history: list[dict], current: dict) -> list[dict]:
    # A run that changed nothing shows the progress of the last run that did, not "±0 since a minute ago".
    if history and same_state(history[-1], current):
        return list(history)
    return [*history, current]


def _names_unknown(warning: str, unknown_skills) -> bool:
    return any(warning.startswith(f"{u.path}: unknown skill '{u.name}'") for u in unknown_skills)


def _jobs_shown(jobs: tuple[PostingMatch, ...]) -> tuple[PostingMatch, ...]:
    """Return the postings that get a card: all of them, or the JOB_CARDS_SHOWN best matches, best first."""
    if len(jobs) <= JOB_CARDS_SHOWN:
        return jobs
    return tuple(jobs[i] for i in best_first([job.match for job in jobs], JOB_CARDS_SHOWN))


def _jobs_intro(shown: int, total: int) -> Bi:
    if shown == total:
        return UI["jobs_intro"]
    return _fill(UI["jobs_intro_best"], shown=f"{shown:,}", total=f"{total:,}")


def _skill_names(analysis: GapReport, jobs: tuple[PostingMatch, ...]) -> dict[str, Bi]:
    names: dict[str, Bi] = {}
    for job in jobs:
        for skill in job.skills:
            names.setdefault(skill.id, _bi_name(skill))
    for entry in (*analysis.gaps, *analysis.strengths):
        names.setdefault(entry.id, _bi_name(entry))
    return names


def _bi_name(entry) -> Bi:
    """The name of a skill or category in both languages (Korean falls back to the English name)."""
    name = entry.name or entry.id
    return Bi(name, entry.name_ko or name)


def _anchor(job_id: str, index: int) -> str:
    return job_id if re.fullmatch(r"[A-Za-z][\w-]*", job_id or "") else f"job-{index}"


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _band(value: float) -> tuple[str, Bi]:
    for floor, css, label in BANDS:
        if value >= floor:
            return css, label
    return BANDS[-1][1], BANDS[-1][2]


def _format_when(value: str | None) -> Bi:
    try:
        when = datetime.fromisoformat(value or "")
    except ValueError:
        return _same(value or "")
    return Bi(f"{when.day} {when:%b %Y, %H:%M}", f"{when.year}년 {when.month}월 {when.day}일 {when:%H:%M}")


@lru_cache(maxsize=64)
def _level_bar(your: int, target: int) -> LevelBar:
    segments = tuple(("s-have" if i <= target else "s-extra") if i <= your else "s-need" if i <= target else "s-none"
                     for i in range(1, 6))
    label = Bi(f"Level {your} ({LEVEL_NAMES[_clamp(your)].en}) — expected {target} ({LEVEL_NAMES[_clamp(target)].en})",
               f"현재 {your}({LEVEL_NAMES[_clamp(your)].ko}) — 기대 {target}({LEVEL_NAMES[_clamp(target)].ko})")
    # A strength's "4 → 3" would read as a decline: its card says what you have and what is asked.
    held = Bi(f"yours {your} · asked {target}", f"내 레벨 {your} · 요구 {target}")
    return LevelBar(your=your, target=target, segments=segments, label=label, held=held)


def _clamp(level: int) -> int:
    return max(0, min(5, int(level)))


def _gap_row(gap: Gap, categories: dict[str, Bi], anchors: dict[str, str]) -> GapRow:
    name = _bi_name(gap)
    evidence = tuple(
        Evidence(job_anchor=anchors.get(e.job_id, ""), job_title=e.job_title,
                 section=SECTION_NAMES.get(e.section, _same(e.section)), before=e.before, match=e.match, after=e.after)
        for e in gap.evidence)
    return GapRow(
        rank=gap.rank, id=gap.id, name=name,
        search=" ".join(dict.fromkeys([gap.id, name.en.lower(), name.ko.lower()])),
        category_id=gap.category,
        category=categories.get(gap.category, _same(gap.category)),
        demand=_percent(gap.demand), demand_value=gap.demand,
        level=_level_bar(gap.your_level, gap.target_level),
        climb=gap.target_level - gap.your_level,
        gap_score=f"{gap.gap_score:.2f}", gap_value=gap.gap_score,
        why=Bi(gap.why.en, gap.why.ko or gap.why.en),
        evidence=evidence,
        evidence_summary=Bi(f"{len(evidence)} quote{'s' if len(evidence) != 1 else ''} from postings",
                            f"공고 인용 {len(evidence)}개"),
    )


def _category_rows(rows: tuple[CategoryScore, ...], names: dict[str, Bi]) -> tuple[CategoryRow, ...]:
    top = max((c.gap_score for c in rows), default=0.0) or 1.0
    return tuple(CategoryRow(rank=c.rank, id=c.id, name=_bi_name(c), gap_score=f"{c.gap_score:.2f}",
                             bar_percent=round(100 * c.gap_score / top), demand=_percent(c.demand),
                             skills=tuple(names.get(s, _same(s)) for s in c.skills[:CATEGORY_SKILLS_SHOWN]),
                             more=f"+{len(c.skills) - CATEGORY_SKILLS_SHOWN}"
                             if len(c.skills) > CATEGORY_SKILLS_SHOWN else "")
                 for c in rows)


def _demand_chart(gaps: tuple[Gap, ...]) -> Chart | None:
    if not gaps:
        return None
    rows = gaps[:10]
    return Chart(
        svg_en=charts.demand_level_chart(rows, "en"), svg_ko=charts.demand_level_chart(rows, "ko"),
        caption=Bi("Top gaps: how many postings ask (left) and how far you are from the expected level (right).",
                   "상위 격차: 요구하는 공고 비율(왼쪽)과 현재 수준에서 기대 수준까지의 거리(오른쪽)."),
        alt=Bi("Chart of the top gaps. " + "; ".join(
                   f"{g.name}: {_percent(g.demand)} of postings, level {g.your_level} "
                   f"of {g.target_level}" for g in rows) + ".",
               "상위 격차 그래프. " + "; ".join(
                   f"{g.name_ko or g.name}: 공고의 {_percent(g.demand)}, "
                   f"수준 {g.your_level}/{g.target_level}" for g in rows) + "."),
    )


def _plan_view(plan: list[PlanItem], categories: dict[str, Bi]) -> PlanView:
    summary = plan_summary(plan)
    hours = summary["total_effort_hours"]
    low, high = MONTH_HOURS
    if summary["fits_month"]:
        total = Bi(f"About {hours} hours in total — fits in a month ({low}–{high} h).",
                   f"모두 약 {hours}시간 — 한 달({low}~{high}시간) 안에 할 수 있어요.")
    else:
        total = Bi(f"About {hours} hours in total — more than a month ({low}–{high} h); spread it over two.",
                   f"모두 약 {hours}시간 — 한 달({low}~{high}시간)보다 많아요. 두 달에 나눠 보세요.")
    cards = tuple(
        PlanCard(number=i, id=item.id, name=Bi(item.name, item.name_ko or item.name),
                 category=categories.get(item.category, _same(item.category)),
                 level=_level_bar(item.your_level, item.target_level),
                 why=Bi(item.why_en, item.why_ko), prerequisite=bool(item.prerequisite_for),
                 steps_en=item.steps_en, steps_ko=item.steps_ko,
                 links=tuple(_link(r) for r in item.resources),
                 effort=Bi(f"~{item.effort_hours} h", f"약 {item.effort_hours}시간"))
        for i, item in enumerate(plan, 1))
    return PlanView(cards=cards, total=total, fits_month=summary["fits_month"])


def _link(resource) -> Link:
    safe = urlparse(resource.url).scheme in ("http", "https")
    cost = None if resource.free is None else UI["free"] if resource.free else UI["paid"]
    kind = RESOURCE_KINDS.get(resource.kind) or (_same(resource.kind) if resource.kind else None)
    return Link(title=resource.title, url=resource.url if safe else None, kind=kind, cost=cost)


def _progress_view(snapshots: list[dict]) -> ProgressView | None:
    if len(snapshots) < 2:
        return None
    progress: Progress = compare(snapshots[-2], snapshots[-1])
    points = snapshots[-TREND_POINTS:]
    delta = round(progress.match_delta * 100)
    before, after = _percent(progress.match_before), _percent(progress.match_after)
    trend = Chart(
        svg_en=charts.trend_chart(points, "en"), svg_ko=charts.trend_chart(points, "ko"),
        caption=Bi(f"Overall match over the last {len(points)} runs.",
                   f"최근 {len(points)}번 실행의 전체 적합도."),
        alt=Bi("Line chart of overall match: " + ", ".join(
                   f"{_format_when(p.get('generated_at')).en} {_percent(p.get('overall_match', 0))}" for p in points),
               "전체 적합도 꺾은선 그래프: " + ", ".join(
                   f"{_format_when(p.get('generated_at')).ko} {_percent(p.get('overall_match', 0))}" for p in points)),
    )
    return ProgressView(
        summary=Bi(f"Overall match {before} → {after} since {_format_when(progress.previous_at).en}.",
                   f"{_format_when(progress.previous_at).ko} 이후 전체 적합도 {before} → {after}."),
        delta=Bi(f"{delta:+d} pts", f"{delta:+d}%p") if delta else _same("±0"),
        delta_class="up" if delta > 0 else "down" if delta < 0 else "flat",
        closed=tuple(ChangeLine(Bi(c.name, c.name_ko or c.name),
                                Bi(f"level {c.level_before} → {c.level_after}", f"수준 {c.level_before} → {c.level_after}"))
                     for c in progress.gaps_closed),
        narrowed=tuple(ChangeLine(Bi(c.name, c.name_ko or c.name),
                                  Bi(f"gap {c.before:.2f} → {c.after:.2f}", f"격차 {c.before:.2f} → {c.after:.2f}"))
                       for c in progress.gaps_narrowed),
        new=tuple(ChangeLine(Bi(c.name, c.name_ko or c.name),
                             Bi(f"gap {c.after:.2f}", f"격차 {c.after:.2f}")) for c in progress.new_demands),
        jobs_added=progress.jobs_added,
        jobs_removed=progress.jobs_removed,
        trend=trend,
    )


def _job_card(job: PostingMatch, anchor: str, names: dict[str, Bi]) -> JobCard:
    match = job.match
    # A posting with no known skills has no match at all, which is not the same as 0%.
    band_class = _band(match)[0] if match is not None else "none"
    return JobCard(
        anchor=anchor,
        title=job.title or escape_controls(Path(job.source).name),
        company=job.company,
        source=escape_controls(job.source),  # a file name may hold ESC or bidi controls: shown as \u escapes
        language=LANGUAGE_NAMES.get(job.language, _same(job.language)),
        match=_percent(match) if match is not None else "—",
        match_percent=round(match * 100) if match is not None else 0,
        band_class=band_class,
        years=_years(job.years_min),
        missing_required=tuple(names.get(s, _same(s)) for s in job.missing_required),
        missing_preferred=tuple(names.get(s, _same(s)) for s in job.missing_preferred),
        partial=tuple(names.get(s, _same(s)) for s in job.partial),
        have=tuple(names.get(s, _same(s)) for s in job.have),
    )


def _years(years: int | None) -> Bi:
    if years is None:
        return Bi("Experience not stated", "경력 미기재")
    if years == 0:
        return Bi("Entry level welcome", "신입 가능")
    return Bi(f"{years}+ years", f"경력 {years}년 이상")
