"""Property-based tests: the pipeline's invariants hold for arbitrary Korean/Latin/emoji/control text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap.analysis import matcher_for
from skillgap.clean import clean_text
from skillgap.experience import years_min
from skillgap.extract import extract_text
from skillgap.sections import split_sections
from skillgap.taxonomy import bundled_taxonomy
from loop_helpers import typed

bs4 = pytest.importorskip("bs4")

FIXTURE = Path(__file__).parent / "fixtures" / "analysis_en.json"
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces a posting is made of, so that generated text hits headers, aliases and year phrases often.
FRAGMENTS = [
    "자격요건", "우대사항", "주요업무", "Requirements", "Nice to have", "Responsibilities", "About us",
    "파이썬", "Python", "쿠버네티스", "k8s", "Kubernetes", "Spark", "스파크", "C++", "C#", "Go", "R", "SQL",
    "PyTorch", "머신러닝", "ML", "3년 이상", "경력 5년", "5+ years of experience", "신입", "10년",
    "- ", "• ", "ㆍ", "·", ":", "\n", "\n\n", "\r\n", " ", "\t", "\u200b", "\ufeff", "\u00ad", "①",
    "ｐｙｔｈｏｎ", "ﾊﾟｲｿﾝ", "🚀", "👩‍💻", "<script>", "{{ x }}", "{% if %}", "&amp;", "\x00", "\x1b", "\x7f",
]
CHARS = st.characters(blacklist_categories=("Cs",))
KOREAN = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
MIXED = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARS, max_size=8), st.text(KOREAN, max_size=6)),
                 max_size=60).map("".join)


@pytest.fixture(scope="module")
def taxonomy():
    return bundled_taxonomy()


@pytest.fixture(scope="module")
def matcher(taxonomy):
    return matcher_for(taxonomy)


@EXAMPLES
@given(MIXED)
def test_extractor_never_raises_and_every_mention_points_at_its_text(taxonomy, matcher, raw):
    text = clean_text(raw)
    hits, sections = extract_text(text, taxonomy, matcher)
    for hit in hits:
        assert hit.id in taxonomy.skills
        for mention in hit.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start:mention.end] == mention.text


@EXAMPLES
@given(MIXED)
def test_sections_tile_the_whole_text(raw):
    text = clean_text(raw)
    sections = split_sections(text)
    assert sections[0].start == 0 and sections[-1].end == len(text)
    for before, after in zip(sections, sections[1:]):
        assert before.end == after.start
    assert all(s.start <= s.end for s in sections)
    assert "".join(text[s.start:s.end] for s in sections) == text


@EXAMPLES
@given(st.one_of(MIXED, st.text(CHARS)))
def test_clean_text_is_idempotent(raw):
    once = clean_text(raw)
    assert clean_text(once) == once


@EXAMPLES
@given(MIXED)
def test_years_min_is_none_or_a_plausible_number(raw):
    text = clean_text(raw)
    years = years_min(text, split_sections(text))
    assert years is None or (isinstance(years, int) and 0 < years <= 30)


# ---------------------------------------------------------------- the report escapes whatever a posting says

PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "javascript:alert(1)",
    "\"><b id=injected>", "'><i>", "{{ 7*7 }}", "{% raw %}", "</textarea>", "<!--", "]]>", "&lt;b&gt;", "<a href=x>",
    "<style>*{}</style>", "<iframe src=x>", "</script><script>alert(1)</script>", "\" onmouseover=\"alert(1)",
]
# At least one payload, mixed with arbitrary text.
ATTACK = st.tuples(st.sampled_from(PAYLOADS),
                   st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(CHARS, max_size=10)), max_size=5)
                   ).map(lambda parts: "".join((parts[0], *parts[1])))


def _analysis(text: str) -> dict:
    """Return a trimmed English fixture analysis with every posting-derived field replaced by `text`."""
    analysis = json.loads(FIXTURE.read_text(encoding="utf-8"))
    analysis["gaps"], analysis["jobs"] = analysis["gaps"][:3], analysis["jobs"][:2]
    analysis["profile_name"] = text
    for job in analysis["jobs"]:
        job.update(source=text, title=text, company=text)
    for gap in analysis["gaps"]:
        for evidence in gap.get("evidence", []):
            evidence.update(job_title=text, before=text, after=text + " ")
    analysis["skipped"] = [{"source": text, "message": text}]
    analysis["profile_warnings"] = [text]
    return analysis


def _shape(soup) -> list[tuple[str, tuple[str, ...]]]:
    """Return every element's name and attribute names, in document order."""
    return [(tag.name, tuple(sorted(tag.attrs))) for tag in soup.find_all(True)]


@pytest.fixture(scope="module")
def render():
    """Render through the real template; charts (skill and category names only) are left out for speed."""
    from skillgap import report
    from skillgap.plan import load_resources, make_plan

    resources = load_resources()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "_demand_chart", lambda gaps: None)

        def render(analysis: dict):
            plan = make_plan(typed(analysis), resources)
            html = report.render_html(report.build_page(typed(analysis), "en", history=[], plan=plan, resources=resources))
            return bs4.BeautifulSoup(html, "html.parser")
        yield render


@pytest.fixture(scope="module")
def harmless_shape(render):
    return _shape(render(_analysis("Data Engineer")))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ATTACK)
def test_report_shows_posting_text_escaped(render, harmless_shape, text):
    soup = render(_analysis(text))
    # Whatever the posting says, the page has the same elements and attributes as with harmless text.
    assert _shape(soup) == harmless_shape
    assert soup.find(id="injected") is None
    assert text.strip() in soup.get_text()
