"""Tests for skillgap.load: discovering files, decoding bytes, visible text and metadata."""
from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap import load
from skillgap.errors import InputError
from skillgap.load import decode_bytes, discover, looks_binary, read_at_most, read_document

KO_TEXT = "머신러닝 엔지니어\n토스\n\n자격요건\n- 파이썬 3년 이상\n- 쿠버네티스 경험 우대\n"
EN_TEXT = "Machine Learning Engineer\nToss\n\nRequirements\n- Python, 3+ years\n- Kubernetes is a plus\n"
TEXTS = pytest.mark.parametrize("text", [KO_TEXT, EN_TEXT], ids=["ko", "en"])

SUPPORTED_HINT = "supported types: .txt .md .html .htm .json; save the posting as .txt"
JSON_TEXT_HINT = 'add a "description" (or "text", "content", "body") field with the posting\'s text'


def write(path: Path, content: str | bytes) -> Path:
    """Create `path` (and its folders) holding `content`, UTF-8 encoded when text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def error_of(path: Path, **kwargs) -> str:
    """Return the message of the InputError that reading `path` raises."""
    with pytest.raises(InputError) as caught:
        read_document(path, **kwargs)
    return str(caught.value)


# ---------------------------------------------------------------- decoding


@TEXTS
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("cp949"),
        lambda t: t.encode("euc-kr"),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "cp949", "euc-kr"],
)
def test_each_encoding_decodes_to_the_exact_original(tmp_path, text, encode):
    path = write(tmp_path / "jd.txt", encode(text))
    assert read_document(path).text == text


def test_cp949_only_hangul_decodes(tmp_path):
    # Hangul syllables outside EUC-KR's 2,350 exist only in CP949's extension.
    text = "똠얌꿍 데이터 엔지니어 채용"
    assert read_document(write(tmp_path / "jd.txt", text.encode("cp949"))).text == text


@TEXTS
def test_windows_and_old_mac_newlines_become_lf(tmp_path, text):
    crlf = write(tmp_path / "crlf.txt", text.replace("\n", "\r\n"))
    cr = write(tmp_path / "cr.txt", text.replace("\n", "\r"))
    assert read_document(crlf).text == text
    assert read_document(cr).text == text


def test_western_european_text_falls_back_to_charset_detection():
    text = "Entwickler für Datenbanken – Müller GmbH sucht “Python”-Erfahrung"
    assert decode_bytes(text.encode("cp1252"), "jd.txt") == text


def test_broken_utf8_is_an_error_not_mojibake(tmp_path):
    data = KO_TEXT.encode("utf-8")
    path = write(tmp_path / "jd.txt", data[:12] + b"\xff" + data[12:])
    assert error_of(path) == (
        f"{path}: cannot decode as UTF-8, UTF-16 or CP949/EUC-KR (invalid byte 0xff at offset 12)"
        " — re-save the file as UTF-8"
    )


def test_a_character_cut_at_the_end_of_the_file_is_dropped():
    assert decode_bytes("파이썬".encode("utf-8")[:-1], "jd.txt") == "파이"


@given(
    st.text(
        st.characters(
            blacklist_categories=("Cc", "Cs", "Co"), blacklist_characters="\ufeff", whitelist_characters="\n\t"
        ),
        min_size=1,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
)
def test_unicode_text_round_trips(text, encoding):
    data = text.encode(encoding)
    assert not looks_binary(data)
    assert decode_bytes(data, "jd.txt") == text


# ---------------------------------------------------------------- binary, empty, large, unreadable


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04 not really text \x05\x06\x07\x08",
    ],
    ids=["png", "zip", "all-bytes", "control-chars"],
)
def test_binary_file_is_refused(tmp_path, data):
    path = write(tmp_path / "jd.txt", data)
    assert looks_binary(data)
    assert error_of(path) == (
        f"{path}: looks like a binary file, not text — save the posting as .txt, .md, .html or .json"
    )


@pytest.mark.parametrize("name, data, text", [
    ("jd.txt", b"Backend Engineer\x00\n\nRequirements\n- Python\x00\x00\n", "Backend Engineer\n\nRequirements\n- Python"),
    ("jd.md", "# 백엔드 개발자\x00\n\n자격요건\n- 파이썬\x00\n".encode("utf-8"), "# 백엔드 개발자\n\n자격요건\n- 파이썬"),
    ("jd.html", b"<h1>ML\x00 Engineer</h1><p>Kuber\x00netes</p>", "ML Engineer\nKubernetes"),
])
def test_stray_nuls_in_text_are_dropped_not_read_as_binary_or_utf16(tmp_path, name, data, text):
    assert read_document(write(tmp_path / name, data)).text.strip() == text


@TEXTS
def test_text_is_not_binary(text):
    assert not looks_binary(text.encode("utf-8"))
    assert not looks_binary(text.encode("utf-16-le"))
    assert not looks_binary(text.encode("cp949"))


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  ", "\ufeff \n".encode("utf-8"), " \n".encode("utf-16")])
@pytest.mark.parametrize("name", ["jd.txt", "jd.md", "jd.html", "jd.json"])
def test_empty_or_blank_file(tmp_path, data, name):
    path = write(tmp_path / name, data)
    assert error_of(path) == f"{path}: file is empty — paste the job description into it, or remove it"


def test_file_over_the_limit_is_skipped(tmp_path):
    path = write(tmp_path / "jd.txt", "x" * 150)
    assert error_of(path, max_bytes=100) == (
        f"{path}: file is too large (150 bytes; the limit is 100 bytes)"
        " — files over the limit are skipped; save only the posting's text"
    )
    assert read_document(path, max_bytes=150).text == "x" * 150


@pytest.mark.parametrize("name", ["jd.txt", "jd.md", "jd.json"])
def test_text_over_the_character_limit_is_skipped(tmp_path, name):
    body = "\n".join(["파이썬 3년 이상"] * 20)  # 199 characters, 459 bytes
    content = json.dumps({"description": body}) if name == "jd.json" else body
    path = write(tmp_path / name, content)
    assert error_of(path, max_chars=198) == (
        f"{path}: text is too long for one posting (199 characters; the limit is 198) — save each posting as its "
        "own file"
    )
    assert read_document(path, max_chars=199).text == body


def test_html_with_too_much_text_is_refused_before_parsing(tmp_path, monkeypatch):
    rows = "".join(f"<tr><td>row {i}</td><td>Python</td></tr>" for i in range(50))
    path = write(tmp_path / "jd.html", f"<html><head><script>{'x' * 5000}</script></head><body><table>{rows}"
                 "</table></body></html>")

    def no_parse(*args, **kwargs):
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(load, "_parse_html", no_parse)
    assert error_of(path, max_chars=200) == (
        f"{path}: text is too long for one posting (about 691 characters; the limit is 200) — save each posting "
        "as its own file"
    )


def test_html_with_long_markup_but_little_text_is_read(tmp_path):
    scripts = "<script>var data = " + json.dumps(list(range(100_000))) + ";</script>"
    path = write(tmp_path / "jd.html", f"<html><head>{scripts}</head><body><h1>ML Engineer</h1><p>Python</p></body>"
                 "</html>")
    assert read_document(path, max_chars=1_000).text == "ML Engineer\nPython"


@pytest.mark.parametrize("name, markup, problem", [
    ("jd.html", "<p>Python</p>" + "<br>" * 120_000, "holds 120,002 tags, more markup than a job posting page"),
    ("jd.html", "<!-- -->" * 120_000 + "<p>파이썬</p>", "holds 120,002 tags"),
    ("jd.html", "<div " + "a " * 150_000 + ">Python</div>", "its tags hold about 150,001 attributes"),
    ("jd.json", json.dumps({"title": "T", "description": "<p>Python</p>" + "<i></i>" * 60_000}), "holds 120,002 tags"),
])
def test_markup_denser_than_any_posting_page_is_refused_before_parsing(tmp_path, monkeypatch, name, markup, problem):
    path = write(tmp_path / name, markup)

    def no_parse(*args, **kwargs):
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(load, "_parse_html", no_parse)
    message = error_of(path)
    assert message.startswith(f"{path}: {problem}") and "save the posting's text as a .txt file" in message


def test_a_saved_page_of_tens_of_thousands_of_tags_is_read(tmp_path):
    menus = "<nav>" + "<a href='/x' class='menu item'>메뉴</a>" * 20_000 + "</nav>"
    path = write(tmp_path / "jd.html", f"<html><body>{menus}<h1>ML Engineer</h1><p>Python, PyTorch</p></body></html>")
    assert read_document(path).text.endswith("ML Engineer\nPython, PyTorch")


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "jd.txt"
    with open(path, "wb") as handle:
        handle.truncate(25 * 1024 * 1024)  # sparse: costs no disk space
    monkeypatch.setattr(load, "open", _fail_open, raising=False)
    assert error_of(path) == (
        f"{path}: file is too large (25.0 MB; the limit is 10.0 MB)"
        " — files over the limit are skipped; save only the posting's text"
    )


def _fail_open(*args, **kwargs):
    raise AssertionError("the file was opened")


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "jd.txt", EN_TEXT)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load, "open", denied, raising=False)
    assert error_of(path) == f"{path}: cannot read file (permission denied) — check its permissions"


def test_fifo_is_refused_without_blocking(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("jd.txt")
    assert error_of(Path("jd.txt")) == "jd.txt: not a regular file — give a job-description file"
    assert [str(p) for p in discover(["jd.txt"])[1]] == [
        "jd.txt: not a regular file or folder — give job-description files or folders of them"
    ]


def test_missing_file(tmp_path):
    path = tmp_path / "gone.txt"
    assert error_of(path) == f"{path}: no such file or folder — check the path"


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_unsupported_type_is_refused_by_read_document(tmp_path, suffix):
    path = write(tmp_path / f"jd{suffix}", b"whatever")
    assert error_of(path) == f"{path}: unsupported file type '{suffix}' — {SUPPORTED_HINT}"


def test_source_defaults_to_the_path_and_can_be_given(tmp_path):
    path = write(tmp_path / "jd.txt", EN_TEXT)
    assert read_document(path).source == str(path)
    assert read_document(path, source="jobs/jd.txt").source == "jobs/jd.txt"
    assert error_of(write(tmp_path / "e.txt", ""), source="jobs/e.txt").startswith("jobs/e.txt: file is empty")


@pytest.mark.parametrize("name", ["jd.txt", "jd.md", "jd.html", "jd.json"])
def test_reading_leaves_the_file_untouched(tmp_path, name):
    content = {
        "jd.txt": KO_TEXT,
        "jd.md": "# " + EN_TEXT,
        "jd.html": "<h1>ML Engineer</h1><p>Python</p>",
        "jd.json": json.dumps({"title": "ML Engineer", "description": KO_TEXT}),
    }[name].encode("cp949")
    path = write(tmp_path / name, content)
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    read_document(path)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == 1_600_000_000_000_000_000


# ---------------------------------------------------------------- plain text and markdown


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n  # 데이터 엔지니어  \n\n본문입니다.", "데이터 엔지니어"),
        ("## ML Engineer\n\nWe build models.", "ML Engineer"),
        ("x" * 81 + "\n\nbody", None),
        ("## 주요업무\n- 모델 서빙", None),
        ("**URL:** https://example.com/jobs/1\n\nData Engineer\n\n주요업무", "Data Engineer"),
    ],
)
def test_plain_text_title_is_a_short_first_line(tmp_path, text, title):
    document = read_document(write(tmp_path / "jd.md", text))
    assert (document.title, document.company, document.format) == (title, None, "md")
    assert document.text == text


@pytest.mark.parametrize(
    ("text", "title", "company"),
    [
        # Jumpit / Wanted: the title, then the company on the very next line.
        (KO_TEXT, "머신러닝 엔지니어", "토스"),
        (EN_TEXT, "Machine Learning Engineer", "Toss"),
        ("Flutter 개발자\n(주)코보시스\n\n경력: 2~10년", "Flutter 개발자", "(주)코보시스"),
        ("펌웨어 개발자\n트리즈엔지니어링\n\n주요업무", "펌웨어 개발자", "트리즈엔지니어링"),
        # LinkedIn / Glassdoor / Google: "Company — City" on the second line; the title may be long.
        ("Software Engineer - AI/ML Systems\nSnorkel AI — Redwood City, CA\n\nAbout", "Software Engineer - AI/ML Systems",
         "Snorkel AI"),
        ("Data Scientist\nVisa Inc. — Austin, TX\n", "Data Scientist", "Visa Inc."),
        ("Data Scientist\nUniversity of Maryland Medical System — Linthicum, MD\n", "Data Scientist",
         "University of Maryland Medical System"),
        ("백엔드 개발자\n토스 · 서울 강남구\n", "백엔드 개발자", "토스"),
        ("Technical Account Manager, Google Technical Services Global Customer Care (English, Japanese)\n"
         "Google — Dublin, Ireland\n", "Technical Account Manager, Google Technical Services Global Customer Care "
         "(English, Japanese)", "Google"),
        ("Role: Python / Machine Learning Engineer\nPinnacle Group, Inc. — Jersey City, NJ\n",
         "Python / Machine Learning Engineer", "Pinnacle Group, Inc."),
        # One line: "Title — Company", "Title | Company", "Title @ Company", "Title - Company", markdown or not.
        ("# Senior Data Engineer — Bluefin Logistics\n\n**Location:** Remote", "Senior Data Engineer",
         "Bluefin Logistics"),
        ("# ML Engineer (추천/개인화) — 바람페이\n\n## 팀 소개", "ML Engineer (추천/개인화)", "바람페이"),
        ("데이터 엔지니어 | 당근\n\n자격요건\n- SQL", "데이터 엔지니어", "당근"),
        ("ML Engineer @ Toss\n\nRequirements", "ML Engineer", "Toss"),
        ("데이터 분석가 - 쿠팡\n\n자격요건", "데이터 분석가", "쿠팡"),
        # Labels near the top, front matter included.
        ("ML Engineer\n\nCompany: Toss\nLocation: Seoul\n", "ML Engineer", "Toss"),
        ("**회사명:** 바람페이\n\n머신러닝 엔지니어\n\n자격요건", "머신러닝 엔지니어", "바람페이"),
        ("---\ntitle: 데이터 엔지니어\ncompany: 하늘마켓\n---\n본문", "데이터 엔지니어", "하늘마켓"),
        # Not a company: a sentence, a section header, a job detail after a hyphen, a bullet.
        ("Data Engineer\nWe are looking for a data engineer.\n", "Data Engineer", None),
        ("데이터 엔지니어\n함께 성장할 동료를 찾습니다\n", "데이터 엔지니어", None),
        ("Data Engineer\nRequirements\n- Python", "Data Engineer", None),
        ("데이터 엔지니어\n자격요건\n- 파이썬", "데이터 엔지니어", None),
        ("Data Engineer - Remote\n\nRequirements", "Data Engineer - Remote", None),
        ("Backend Developer - Senior\n\nAbout", "Backend Developer - Senior", None),
        ("[Tech] Data Engineer - 데이터 파이프라인 개발 및 운영(DSP, 팩토리)\n\n본문",
         "[Tech] Data Engineer - 데이터 파이프라인 개발 및 운영(DSP, 팩토리)", None),
        ("ML Engineer\n- Python 3+ years\n", "ML Engineer", None),
        ("데이터 엔지니어\n경력 3년 이상\n", "데이터 엔지니어", None),
    ],
)
def test_plain_text_title_and_company(tmp_path, text, title, company):
    for name in ("jd.txt", "jd.md"):
        document = read_document(write(tmp_path / name, text))
        assert (document.title, document.company) == (title, company)
        assert document.text == text


# ---------------------------------------------------------------- HTML


def html_page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


@pytest.mark.parametrize(
    ("title", "company", "body", "expected"),
    [
        ("ML 엔지니어", "토스", "<h3>자격요건</h3><ul><li>파이썬</li><li>• SQL</li></ul>",
         "ML 엔지니어\n\n자격요건\n- 파이썬\n- SQL"),
        ("ML Engineer", "Toss", "<h3>Requirements</h3><ul><li>Python</li><li>• SQL</li></ul>",
         "ML Engineer\n\nRequirements\n- Python\n- SQL"),
    ],
    ids=["ko", "en"],
)
def test_html_visible_text_drops_scripts_and_styles(tmp_path, title, company, body, expected):
    page = html_page(
        f"<h1>{title}</h1><script>var skills = ['Java'];</script><style>.x {{ color: red }}</style>"
        f"<noscript>Enable JavaScript</noscript><template><p>Golang</p></template>"
        f"<svg><title>icon</title><text>Rust</text></svg><!-- Scala -->{body}"
        f"<div hidden>Haskell</div><span style='display: none'>Perl</span>",
        head=f"<title>{title} | {company}</title><style>body {{}}</style>",
    )
    document = read_document(write(tmp_path / "jd.html", page))
    assert document.text == expected
    assert (document.title, document.company, document.format) == (title, company, "html")


def test_html_blocks_breaks_and_lists(tmp_path):
    markup = (
        "<div>Intro <b>bold</b>\n   text</div><p>a<br>b<br><br>c</p>"
        "<ul><li><p>in a paragraph</p></li><li>Skills:<ul><li>k8s</li></ul></li><li> </li></ul>"
        "<pre>line 1\nline 2</pre><div style='white-space: pre-line'>x\ny</div>"
        "<table><tr><th>자격요건</th><td>Python 3년</td></tr></table>"
        "<dl><dt>경력</dt><dd>3년 이상</dd></dl><p></p><p></p><h2>Next</h2>&nbsp;tail&amp;end"
        "<p>\n  We use <b>Python</b>\n  and SQL.\n</p><div class='desc'>\n• 주요업무\n\n\n• 우대사항\n</div>"
    )
    document = read_document(write(tmp_path / "jd.htm", markup))
    assert document.text == (
        "Intro bold text\na\nb\n\nc\n- in a paragraph\n- Skills:\n- k8s\nline 1\nline 2\nx\ny\n"
        "자격요건\nPython 3년\n경력\n3년 이상\n\nNext\ntail&end\nWe use Python and SQL.\n• 주요업무\n\n• 우대사항"
    )


@pytest.mark.parametrize(
    "ld",
    [
        {"@context": "https://schema.org", "@type": "JobPosting", "title": "데이터 엔지니어",
         "hiringOrganization": {"@type": "Organization", "name": "당근"}},
        [{"@type": "BreadcrumbList"}, {"@type": "JobPosting", "title": "데이터 엔지니어", "hiringOrganization": "당근"}],
        {"@graph": [{"@type": "WebPage"}, {"@type": ["JobPosting"], "title": "데이터 엔지니어",
                                            "hiringOrganization": [{"name": "당근"}]}]},
    ],
    ids=["object", "list", "graph"],
)
def test_html_title_and_company_from_json_ld(tmp_path, ld):
    page = html_page("<h1>Other heading</h1><p>Kotlin 경험</p>", head=f"<title>채용 - 사이트 - 공고</title>{json_ld(ld)}")
    document = read_document(write(tmp_path / "jd.html", page))
    assert (document.title, document.company) == ("데이터 엔지니어", "당근")
    assert document.text == "Other heading\nKotlin 경험"


def test_malformed_json_ld_is_ignored(tmp_path):
    broken = '<script type="application/ld+json">{"title": </script>'
    page = html_page("<p>Go</p>", head=f"<title>Backend Engineer - Daangn</title>{broken}")
    document = read_document(write(tmp_path / "jd.html", page))
    assert (document.title, document.company, document.text) == ("Backend Engineer", "Daangn", "Go")


@pytest.mark.parametrize(
    ("head", "body", "title", "company"),
    [
        ("<title>ML Engineer | Toss</title>", "", "ML Engineer", "Toss"),
        ("<title>ML Engineer - NLP | Toss</title>", "", "ML Engineer - NLP", "Toss"),
        ("<title>ML Engineer | Toss | 원티드</title>", "", "ML Engineer | Toss | 원티드", None),
        ("<title>Senior - Backend - Seoul</title>", "", "Senior - Backend - Seoul", None),
        ("<title>원티드</title>", "", "원티드", None),
        ("", "<h1> 백엔드\n개발자 </h1>", "백엔드 개발자", None),
        ("", "", None, None),
    ],
)
def test_html_title_fallbacks(tmp_path, head, body, title, company):
    document = read_document(write(tmp_path / "jd.html", html_page(body + "<p>Python</p>", head=head)))
    assert (document.title, document.company) == (title, company)


@pytest.mark.parametrize("escaped", [False, True])
def test_html_with_little_body_text_uses_the_json_ld_description(tmp_path, escaped):
    description = "<h2>자격요건</h2><ul><li>PyTorch 경험</li><li>Docker</li></ul><p>Kubernetes 운영 경험</p>"
    if escaped:
        description = description.replace("<", "&lt;").replace(">", "&gt;")
    ld = {"@type": "JobPosting", "title": "ML 엔지니어", "description": description}
    page = html_page("<div id='app'></div><noscript>JavaScript를 켜 주세요</noscript>", head=json_ld(ld))
    document = read_document(write(tmp_path / "jd.html", page))
    assert document.text == "자격요건\n- PyTorch 경험\n- Docker\nKubernetes 운영 경험"


def test_html_body_wins_over_a_similar_json_ld_description(tmp_path):
    ld = {"@type": "JobPosting", "title": "ML Engineer", "description": "<p>Python and SQL required</p>"}
    page = html_page("<p>Python and SQL required, as shown on the page</p>", head=json_ld(ld))
    document = read_document(write(tmp_path / "jd.html", page))
    assert document.text == "Python and SQL required, as shown on the page"


def test_html_without_visible_text(tmp_path):
    page = html_page("<div id='root'></div><script>render()</script>", head="<title>Jobs</title>")
    path = write(tmp_path / "jd.html", page)
    assert error_of(path) == (
        f"{path}: HTML has no visible text"
        " — the page may build its text with JavaScript; copy the posting's text into a .txt file"
    )


@pytest.mark.parametrize("markup, text", [
    ("<p>Python</p><!-- never closed <p>SQL</p>", "Python"),                       # the rest is a comment
    ("<html><body><![x]><p>Python</p></body></html>", "Python"),                   # a marked section is skipped
    ("<textarea><p>Python</p></textarea><p>SQL</p>", "<p>Python</p>\nSQL"),        # a text area's text is text
    ("<h1>Data Engineer<div><p>Requirements<ul><li>Python<li>Spark</div></span></p></html", "Data Engineer\n"
     "Requirements\n- Python\n- Spark"),                                         # no stray "</html" at the end
])
def test_broken_html_reads_as_a_browser_shows_it(tmp_path, markup, text):
    assert read_document(write(tmp_path / "jd.html", markup)).text == text


def test_deeply_nested_html_does_not_exhaust_recursion(tmp_path):
    markup = "<div>" * 3000 + "Python" + "</div>" * 3000
    assert read_document(write(tmp_path / "jd.html", markup)).text == "Python"


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize(
    ("data", "title", "company", "text"),
    [
        ({"title": "데이터 분석가", "company": "쿠팡", "description": "SQL 필수\nTableau 우대"},
         "데이터 분석가", "쿠팡", "SQL 필수\nTableau 우대"),
        ({"title": "Data Analyst", "company": {"name": "Coupang"}, "text": "SQL required\nTableau a plus"},
         "Data Analyst", "Coupang", "SQL required\nTableau a plus"),
        ({"title": "Data Analyst", "content": "<p>SQL &amp; Python</p><ul><li>Tableau</li></ul>"},
         "Data Analyst", None, "SQL & Python\n- Tableau"),
        ({"body": ["첫 줄", "둘째 줄"]}, None, None, "첫 줄\n둘째 줄"),
        ({"description": "Python\r\nSQL\rGo"}, None, None, "Python\nSQL\nGo"),
        ({"@context": "https://schema.org/", "@type": "JobPosting", "title": "R&amp;D Engineer",
          "hiringOrganization": {"@type": "Organization", "name": "네이버"},
          "description": "&lt;p&gt;C++ 경험&lt;/p&gt;&lt;ul&gt;&lt;li&gt;CUDA&lt;/li&gt;&lt;/ul&gt;"},
         "R&D Engineer", "네이버", "C++ 경험\n- CUDA"),
        ({"Title": "Data Engineer", "COMPANY": {"Name": "Toss"}, "DESCRIPTION": "<p>Spark</p>"},
         "Data Engineer", "Toss", "Spark"),
        ({"job": {"position": "ML 엔지니어", "company": {"name": "바람페이"},
                  "detail": {"intro": "결제 회사예요", "main_tasks": "<b>모델 서빙</b>", "requirements": "• 파이썬",
                             "preferred_points": "• 스파크", "benefits": "점심 제공"}}},
         "ML 엔지니어", "바람페이", "About\n결제 회사예요\n\nResponsibilities\n모델 서빙\n\nRequirements\n• 파이썬\n\n"
         "Preferred qualifications\n• 스파크\n\nBenefits\n점심 제공"),
        ({"posting": {"title": "Backend Engineer", "qualifications": "Go, PostgreSQL", "duties": "Run the API"}},
         "Backend Engineer", None, "Qualifications\nGo, PostgreSQL\n\nResponsibilities\nRun the API"),
    ],
    ids=["ko-plain", "en-text-key", "html-content", "list-of-lines", "crlf", "job-posting", "keys-in-any-case",
         "ko-job-board-sections", "en-job-board-sections"],
)
def test_json_posting(tmp_path, data, title, company, text):
    document = read_document(write(tmp_path / "jd.json", json.dumps(data, ensure_ascii=False)))
    assert (document.title, document.company, document.text, document.format) == (title, company, text, "json")


def test_malformed_json_names_line_and_column(tmp_path):
    path = write(tmp_path / "jd.json", '{"title": "ML 엔지니어",\n "company": "토스"\n "description": "x"}')
    assert error_of(path) == (
        f"{path}: malformed JSON at line 3, column 2: Expecting ',' delimiter"
        " — fix the JSON syntax, or save the posting as .txt"
    )


@pytest.mark.parametrize(
    ("content", "problem", "hint"),
    [
        ('[{"title": "A", "description": "x"}]', "a JSON list of postings is not supported",
         "save each posting as its own .json file"),
        ('"just a string"', "JSON is not an object with the posting's fields", JSON_TEXT_HINT),
        ('{"title": "ML Engineer", "company": "Toss"}', "JSON has no usable text field", JSON_TEXT_HINT),
        ('{"title": "ML Engineer", "description": "  "}', "JSON has no usable text field", JSON_TEXT_HINT),
        ('{"description": "<div><script>x()</script></div>"}', "JSON has no usable text field", JSON_TEXT_HINT),
    ],
)
def test_unusable_json(tmp_path, content, problem, hint):
    path = write(tmp_path / "jd.json", content)
    assert error_of(path) == f"{path}: {problem} — {hint}"


# ---------------------------------------------------------------- discovering files


def test_discover_walks_nested_folders_in_sorted_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["jobs/b.md", "jobs/a.txt", "jobs/sub/z.HTML", "jobs/sub/deeper/c.json", "jobs/c.htm",
                 "jobs/.hidden.txt", "jobs/.git/x.txt", "jobs/.DS_Store", "jobs/Thumbs.db",
                 "jobs/notes.txt~", "jobs/~$draft.docx", "single.txt"]:
        write(tmp_path / name, "x")
    files, problems = discover(["jobs/", "single.txt"])
    assert [str(f) for f in files] == [
        "jobs/a.txt", "jobs/b.md", "jobs/c.htm", "jobs/sub/deeper/c.json", "jobs/sub/z.HTML", "single.txt"
    ]
    assert problems == []


def test_discover_keeps_absolute_paths_as_given(tmp_path):
    write(tmp_path / "jobs" / "a.txt", "x")
    files, _ = discover([tmp_path / "jobs"])
    assert files == [tmp_path / "jobs" / "a.txt"]


def test_discover_reports_unsupported_and_missing_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jobs/a.txt", "x")
    write(tmp_path / "jobs/resume.docx", b"PK\x03\x04")
    write(tmp_path / "jobs/README", "x")
    write(tmp_path / "posting.pdf", b"%PDF-1.7")
    files, problems = discover(["jobs", "posting.pdf", "nowhere"])
    assert files == [Path("jobs/a.txt")]
    assert [str(p) for p in problems] == [
        f"jobs/README: unsupported file type (no extension) — {SUPPORTED_HINT}",
        f"jobs/resume.docx: unsupported file type '.docx' — {SUPPORTED_HINT}",
        f"posting.pdf: unsupported file type '.pdf' — {SUPPORTED_HINT}",
        "nowhere: no such file or folder — check the path",
    ]
    assert all(isinstance(p, InputError) for p in problems)


def test_discover_lists_each_file_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jobs/a.txt", "x")
    os.symlink("jobs", tmp_path / "alias")
    files, problems = discover(["jobs", "jobs/a.txt", "alias"])
    assert (files, problems) == ([Path("jobs/a.txt")], [])


def test_discover_reports_symlink_loops_without_hanging(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jobs/sub/a.txt", "x")
    os.symlink("..", tmp_path / "jobs/sub/up")
    os.symlink("self", tmp_path / "jobs/self")
    os.symlink("missing.txt", tmp_path / "jobs/broken.txt")
    files, problems = discover(["jobs"])
    assert files == [Path("jobs/sub/a.txt")]
    assert [str(p) for p in problems] == [
        "jobs/broken.txt: broken symlink (its target does not exist) — fix or remove the link",
        "jobs/self: symlink loop — remove the link or point it elsewhere",
        "jobs/sub/up: symlink loop (the link points back to a folder that contains it)"
        " — remove the link or point it elsewhere",
    ]


def test_discovered_files_read_with_their_given_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jobs/ko.txt", KO_TEXT.encode("cp949"))
    write(tmp_path / "jobs/en.txt", EN_TEXT.encode("utf-16"))
    files, _ = discover(["jobs"])
    documents = [read_document(f) for f in files]
    assert [(d.source, d.title) for d in documents] == [
        ("jobs/en.txt", "Machine Learning Engineer"),
        ("jobs/ko.txt", "머신러닝 엔지니어"),
    ]


@pytest.mark.parametrize("expected, limit", [(0, 11), (5, 11), (10, 11), (3, 4)])
def test_read_at_most_reads_what_one_read_up_to_the_limit_reads(tmp_path, expected, limit):
    path = tmp_path / "grown.txt"
    path.write_bytes(b"0123456789")  # 10 bytes, though the size taken before may have been `expected`
    with open(path, "rb") as handle:
        assert read_at_most(handle, limit, expected) == b"0123456789"[:limit]


@pytest.mark.parametrize("markup", ["https://example.com/jobs/123", '<?xml version="1.0"?><job><p>Python</p></job>'])
def test_bs4_warnings_never_reach_stderr(tmp_path, recwarn, markup):
    read_document(write(tmp_path / "jd.html", markup))
    assert not recwarn.list   # "looks like a file name", "XML parsed as HTML": the page is read either way
