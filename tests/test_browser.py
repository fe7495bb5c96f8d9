"""Open the generated report in headless Chromium and use it as a person would."""
import json
import os
import shutil
from pathlib import Path

import pytest

from skillgap import report
from loop_helpers import typed

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = os.environ.get("SKILLGAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# Posting text that would set the flag if the page ever ran it.
PAYLOADS = ["<script>window.__pwned = 1</script>", "<img src=x onerror=\"window.__pwned = 1\">",
            "<svg onload=\"window.__pwned = 1\"></svg>", "javascript:window.__pwned=1", "{{ 7*7 }}"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


def load(name):
    return json.loads((FIXTURES / f"analysis_{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    analysis = load("ko")
    evidence = analysis["gaps"][0]["evidence"][0]
    evidence["before"] = PAYLOADS[0] + " "
    evidence["after"] = " " + " ".join(PAYLOADS[1:])
    analysis["jobs"][1]["title"] = PAYLOADS[1]
    return report.write_report(typed(analysis), out / "me-2026-11-23.html", "ko")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def many_gaps():
    """Return the Korean fixture with 40 gaps, more than the table shows at first."""
    analysis = load("ko")
    extra = []
    for i in range(40 - len(analysis["gaps"])):
        gap = dict(analysis["gaps"][-1], id=f"extra-skill-{i}", name=f"Extra skill {i}", name_ko=None,
                   rank=len(analysis["gaps"]) + i + 1, gap_score=0.01)
        extra.append(gap)
    analysis["gaps"] += extra
    return analysis


@pytest.fixture(scope="module")
def many_path(tmp_path_factory):
    return report.write_report(typed(many_gaps()), tmp_path_factory.mktemp("many") / "me.html", "ko")


def open_report(browser, path):
    """Open a report from disk, recording console errors and every request the page makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(path.as_uri())
    return context, page


@pytest.fixture
def page(browser, report_path):
    context, page = open_report(browser, report_path)
    yield page
    assert page.errors == []
    assert page.requests == [report_path.as_uri()]
    context.close()


@pytest.fixture
def many_page(browser, many_path):
    context, page = open_report(browser, many_path)
    yield page
    assert page.errors == []
    assert page.requests == [many_path.as_uri()]
    context.close()


def gap_values(page, key):
    return page.eval_on_selector_all("#gap-table tbody.gap", f"rows => rows.map(r => r.getAttribute('data-{key}'))")


def test_page_loads_without_errors_or_requests_and_the_payload_never_runs(page):
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    page.locator("#gap-kubernetes summary").click()
    quote = page.locator("#gap-kubernetes .quotes li").first
    assert PAYLOADS[0] in quote.inner_text()
    assert quote.locator("mark").is_visible()
    assert page.evaluate("window.__pwned") is None
    # The script ran under the CSP: the count line is filled in.
    assert page.locator("#gap-count").inner_text() == "20개 중 20개 표시"


def test_sorting_by_demand_then_reversing(page):
    ranks = [int(r) for r in gap_values(page, "rank")]
    assert ranks == sorted(ranks)
    header = page.locator("#gap-table thead th").nth(3)
    header.locator("button").click()
    demand = [float(v) for v in gap_values(page, "demand")]
    assert demand == sorted(demand, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    # Equal demand keeps the ranked order.
    rows = list(zip(demand, (int(r) for r in gap_values(page, "rank"))))
    assert rows == sorted(rows, key=lambda row: (-row[0], row[1]))
    header.locator("button").click()
    demand = [float(v) for v in gap_values(page, "demand")]
    assert demand == sorted(demand)
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("#gap-table thead th").first.get_attribute("aria-sort") == "none"


def test_sorting_by_gap_score(page):
    page.locator("#gap-table thead button[data-key=rank]").click()  # rank is already ascending: now descending
    assert [int(r) for r in gap_values(page, "rank")] == list(range(20, 0, -1))
    page.locator("#gap-table thead button[data-key=gap]").click()
    gaps = [float(v) for v in gap_values(page, "gap")]
    assert gaps == sorted(gaps, reverse=True)


def test_language_switch_changes_visible_text_in_place(page):
    heading = page.locator("#plan-h")
    assert heading.inner_text() == "다음 달 집중 학습"
    assert page.title() == "기술 격차 리포트 · 지우"
    page.locator("[data-set-lang=en]").click()
    assert heading.inner_text() == "Next month's focus"
    assert page.title() == "Skill gap report · 지우"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#gap-kubernetes th.skill").inner_text() == "Kubernetes"
    assert page.locator("#gap-filter").get_attribute("placeholder") == "e.g. Kubernetes"
    assert page.locator("#gap-count").inner_text() == "20 of 20 shown"
    assert page.locator("[data-set-lang=en]").get_attribute("aria-pressed") == "true"
    page.locator("[data-set-lang=ko]").click()
    assert page.locator("#gap-kubernetes th.skill").inner_text() == "쿠버네티스"


def test_filter_by_text_and_category(page):
    page.locator("#gap-filter").fill("쿠버")
    assert page.locator("#gap-table tbody.gap:visible").count() == 1
    assert page.locator("#gap-count").inner_text() == "20개 중 1개 표시"
    page.locator("#gap-filter").fill("")
    page.locator("#category-filter").select_option("deployment-ops")
    visible = page.eval_on_selector_all("#gap-table tbody.gap:not([hidden])", "rows => rows.map(r => r.id)")
    assert visible == ["gap-kubernetes", "gap-docker", "gap-ci-cd"]
    page.locator("#gap-filter").fill("no such skill")
    assert page.locator("#no-matches").is_visible()


def test_long_gap_table_shows_the_top_rows_until_show_all(many_page):
    rows = many_page.locator("#gap-table tbody.gap:visible")
    assert rows.count() == report.GAP_ROWS_SHOWN
    assert many_page.locator("#gap-count").inner_text() == f"40개 중 {report.GAP_ROWS_SHOWN}개 표시"
    # Sorting re-picks the first rows from the new order.
    many_page.locator("#gap-table thead button[data-key=rank]").click()
    first = many_page.eval_on_selector_all("#gap-table tbody.gap:not([hidden])", "rows => rows.map(r => r.dataset.rank)")
    assert first == [str(rank) for rank in range(40, 40 - report.GAP_ROWS_SHOWN, -1)]
    # A filter searches every row, not only the visible ones.
    many_page.locator("#gap-filter").fill("extra skill 1")
    assert rows.count() == 11  # 1 and 10–19
    assert not many_page.locator("#show-all").is_visible()
    many_page.locator("#gap-filter").fill("")
    many_page.locator("#show-all").click()
    assert rows.count() == 40
    assert not many_page.locator("#show-all").is_visible()
    assert many_page.locator("#gap-count").inner_text() == "40개 중 40개 표시"


def test_evidence_link_jumps_to_the_posting_card(page):
    page.locator("#gap-model-serving summary").click()
    page.locator("#gap-model-serving .cite a").first.click()
    assert page.evaluate("location.hash") == "#job-1"
    assert page.locator("#job-1").is_visible()


def test_print_layout_hides_controls_and_shows_quotes(page):
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    assert not page.locator("#gap-filter").is_visible()
    assert page.locator("#gap-docker .quotes mark").first.is_visible()


def test_screenshot(page, tmp_path):
    # Into a temporary folder: the tests never write into the user's reports/.
    target = tmp_path / "screenshot-report.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 50_000
