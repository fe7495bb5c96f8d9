"""`skillgap add`: files, pasted text and URLs (served from 127.0.0.1 only) saved under clean names."""
from __future__ import annotations

import io
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from loop_helpers import EN_POSTING, KO_POSTING, run

from skillgap.add import posting_stem
from skillgap.errors import InputError
from skillgap.fetch import fetch

KO_PREVIEW = ("skills: PyTorch, Kubernetes, Python, Docker, Operations (required) · Apache Spark, "
              "Big data processing (preferred) · Machine learning (other)\n")
NEXT = "next: skillgap report\n"
EN_PREVIEW = "skills: Python, SQL, Apache Spark, Hadoop (required) · Docker, Kubernetes, Django (preferred)\n"
FALLBACK = "save the page in your browser and run: skillgap add FILE"


def saved_files(root):
    folder = root / "job_descriptions"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("name, text, saved, label, preview", [
    ("바람페이 공고.md", KO_POSTING, "ml-engineer-바람페이.md", "ML Engineer (추천/개인화) · 바람페이", KO_PREVIEW),
    ("posting.txt", EN_POSTING, "data-engineer-acme-logistics.txt", "Data Engineer · Acme Logistics", EN_PREVIEW),
])
def test_file_is_copied_under_a_clean_name_with_a_preview(mini_project, name, text, saved, label, preview):
    source = mini_project / "downloads" / name
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    before = source.stat().st_mtime_ns
    code, out, err = run("add", str(source))
    assert (code, err) == (0, "")
    assert out == f"saved job_descriptions/{saved}  ({label})\n" + preview + NEXT
    assert (mini_project / "job_descriptions" / saved).read_bytes() == source.read_bytes()
    assert source.stat().st_mtime_ns == before and source.read_text(encoding="utf-8") == text


def test_same_posting_twice_is_refused_naming_the_saved_file(mini_project):
    (mini_project / "a.md").write_text(KO_POSTING, encoding="utf-8")
    # The same text with other line endings and spacing cleans to the same posting.
    (mini_project / "b.md").write_text(KO_POSTING.replace("\n", "\r\n").replace("- ", "-  "), encoding="utf-8")
    assert run("add", "a.md")[0] == 0
    code, out, err = run("add", "b.md")
    assert (code, out) == (1, "")
    assert err == "error: b.md: already saved as job_descriptions/ml-engineer-바람페이.md (same text) — nothing added\n"
    assert saved_files(mini_project) == ["ml-engineer-바람페이.md"]


def test_a_different_posting_with_the_same_name_gets_a_number(mini_project):
    (mini_project / "a.md").write_text(KO_POSTING, encoding="utf-8")
    (mini_project / "b.md").write_text(KO_POSTING.replace("3년", "5년"), encoding="utf-8")
    (mini_project / "c.txt").write_text(KO_POSTING.replace("3년", "7년"), encoding="utf-8")
    outputs = [run("add", name)[1].splitlines()[0] for name in ("a.md", "b.md", "c.txt")]
    assert [line.split("  ")[0] for line in outputs] == [
        "saved job_descriptions/ml-engineer-바람페이.md",
        "saved job_descriptions/ml-engineer-바람페이-2.md",
        "saved job_descriptions/ml-engineer-바람페이-3.txt",
    ]


def test_name_and_jobs_options(mini_project):
    (mini_project / "p.txt").write_text(EN_POSTING, encoding="utf-8")
    code, out, _ = run("add", "p.txt", "--jobs", "postings/2026", "--name", "Acme DE.txt")
    assert code == 0
    assert out.splitlines()[0] == "saved postings/2026/acme-de.txt  (Data Engineer · Acme Logistics)"
    assert (mini_project / "postings/2026/acme-de.txt").read_text(encoding="utf-8") == EN_POSTING


@pytest.mark.parametrize("setup, source, message", [
    (None, "missing.md", "error: missing.md: no such file or folder — check the path"),
    ("resume.pdf", "resume.pdf", "error: resume.pdf: unsupported file type '.pdf' — supported types: "
                                 ".txt .md .html .htm .json; save the posting as .txt"),
    ("empty.txt", "empty.txt", "error: empty.txt: file is empty — paste the job description into it, or remove it"),
    ("folder", "folder", "error: folder: is a folder — give one posting file (or copy the folder's files "
                         "into the job-description folder)"),
    (None, "ftp://example.com/job.txt", "error: ftp://example.com/job.txt: unsupported URL scheme 'ftp' — "
                                        "give an http:// or https:// address, or a file"),
    (None, "http://127.0.0.1:port/job", "error: http://127.0.0.1:port/job: malformed URL (Port could not be cast "
                                        "to integer value as 'port') — check the address"),
    (None, "https://", "error: https://: the URL has no host name — check the address"),
])
def test_unusable_sources_are_one_line_errors(mini_project, setup, source, message):
    if setup == "folder":
        (mini_project / setup).mkdir()
    elif setup:
        (mini_project / setup).write_bytes(b"%PDF-1.4" if setup.endswith(".pdf") else b"")
    code, out, err = run("add", source)
    assert (code, out, err) == (2, "", message + "\n")
    assert saved_files(mini_project) == []


# ---------------------------------------------------------------- pasted text


def test_pasted_text_is_saved_as_utf8(mini_project, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(KO_POSTING))
    code, out, err = run("add", "-")
    assert (code, err) == (0, "")
    assert out == "saved job_descriptions/ml-engineer-바람페이.txt  (ML Engineer (추천/개인화) · 바람페이)\n" + KO_PREVIEW + NEXT


def test_pasted_cp949_bytes_are_saved_as_utf8(mini_project, monkeypatch):
    text = KO_POSTING.replace(" — ", " - ")  # CP949 has no em dash
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("cp949")), encoding="utf-8"))
    assert run("add", "-")[0] == 0
    assert (mini_project / "job_descriptions/ml-engineer-바람페이.txt").read_text(encoding="utf-8") == text


def test_pasted_json_keeps_its_type(mini_project, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"title": "Data Engineer", "company": "Acme", '
                                                  '"description": "Requirements\\n- Python and SQL"}'))
    code, out, _ = run("add", "-")
    assert code == 0
    assert out == "saved job_descriptions/data-engineer-acme.json  (Data Engineer · Acme)\n" \
                  "skills: Python, SQL (required)\n" + NEXT


def test_nothing_pasted(mini_project, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(" \n"))
    code, out, err = run("add", "-")
    assert (code, out) == (2, "")
    assert err == "error: <stdin>: nothing was pasted — paste the posting's text, then press Ctrl-D " \
                  "(Ctrl-Z Enter on Windows)\n"
    assert saved_files(mini_project) == []


# ---------------------------------------------------------------- URLs, from a local server


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client hangs up on purpose in the too-large tests


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route["agent"] = self.headers["User-Agent"]
        if route.get("delay"):
            time.sleep(route["delay"])
        self.send_response(route.get("status", 200))
        for key, value in route.get("headers", {}).items():
            self.send_header(key, value)
        body = route.get("body", b"")
        if route.get("length", True):
            self.send_header("Content-Length", str(route.get("claimed", len(body))))
        self.end_headers()
        for start in range(0, len(body), 1 << 16):
            self.wfile.write(body[start:start + (1 << 16)])

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A web server on 127.0.0.1 in a thread; tests fill `routes` with path → response."""
    routes: dict = {}
    httpd = _Server(("127.0.0.1", 0), type("Handler", (_Handler,), {"routes": routes}))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", routes
    httpd.shutdown()
    httpd.server_close()


JSON_LD_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>채용 공고 | 잡보드</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting",
 "title": "ML Engineer", "hiringOrganization": {"@type": "Organization", "name": "바람페이"},
 "description": "<p>자격요건</p><ul><li>파이썬</li></ul>"}</script></head>
<body><h1>ML Engineer</h1><h2>자격요건</h2><ul><li>파이썬과 PyTorch 경험</li><li>쿠버네티스 운영 경험</li></ul>
</body></html>""".encode()


def test_url_with_json_ld_is_saved_as_fetched(mini_project, server):
    base, routes = server
    routes["/jobs/1"] = {"headers": {"Content-Type": "text/html; charset=utf-8"}, "body": JSON_LD_PAGE}
    code, out, err = run("add", f"{base}/jobs/1")
    assert (code, err) == (0, "")
    assert out == "saved job_descriptions/ml-engineer-바람페이.html  (ML Engineer · 바람페이)\n" \
                  "skills: Python, PyTorch, Kubernetes, Operations (required) · Machine learning (other)\n" + NEXT
    assert (mini_project / "job_descriptions/ml-engineer-바람페이.html").read_bytes() == JSON_LD_PAGE


def test_redirect_is_followed(mini_project, server):
    base, routes = server
    routes["/old"] = {"status": 302, "headers": {"Location": "/new"}}
    routes["/new"] = {"headers": {"Content-Type": "text/plain; charset=utf-8"}, "body": EN_POSTING.encode()}
    code, out, _ = run("add", f"{base}/old")
    assert code == 0
    assert out == "saved job_descriptions/data-engineer-acme-logistics.txt  (Data Engineer · Acme Logistics)\n" \
        + EN_PREVIEW + NEXT


@pytest.mark.parametrize("content_type, saved", [
    ("application/json", "data-engineer-acme.json"),
    ("application/ld+json", "data-engineer-acme.json"),
    (None, "data-engineer-acme.json"),
])
def test_extension_comes_from_the_content_type(mini_project, server, content_type, saved):
    base, routes = server
    headers = {"Content-Type": content_type} if content_type else {}
    routes["/job.php"] = {"headers": headers, "body": b'{"title": "Data Engineer", "company": "Acme", '
                                                      b'"description": "Requirements: SQL"}'}
    assert run("add", f"{base}/job.php")[0] == 0
    assert saved_files(mini_project) == [saved]


def test_http_error_is_one_line_with_the_fallback(mini_project, server):
    base, _ = server
    code, out, err = run("add", f"{base}/missing")
    assert (code, out) == (2, "")
    assert err == f"error: {base}/missing: could not fetch (HTTP 404 Not Found) — {FALLBACK}\n"
    assert saved_files(mini_project) == []


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_a_page_over_5_mb_is_refused_while_reading(mini_project, server, declared):
    base, routes = server
    body = b"<html><body>" + b"x" * (5 * 1024 * 1024) + b"</body></html>"
    routes["/big"] = {"headers": {"Content-Type": "text/html"}, "body": body if not declared else b"",
                      "length": declared, "claimed": len(body)}
    code, out, err = run("add", f"{base}/big")
    assert (code, out) == (2, "")
    assert err == f"error: {base}/big: could not fetch (the page is larger than 5 MB) — {FALLBACK}\n"
    assert saved_files(mini_project) == []  # not even the hidden staging file


def test_unsupported_content_type(mini_project, server):
    base, routes = server
    routes["/cv.pdf"] = {"headers": {"Content-Type": "application/pdf"}, "body": b"%PDF-1.4"}
    code, _, err = run("add", f"{base}/cv.pdf")
    assert code == 2
    assert err == f"error: {base}/cv.pdf: unsupported content type 'application/pdf' — {FALLBACK}\n"


def test_connection_refused(mini_project):
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = run("add", f"http://127.0.0.1:{port}/job")
    assert code == 2
    assert err == f"error: http://127.0.0.1:{port}/job: could not fetch (connection refused) — {FALLBACK}\n"


def test_offline_dns_failure_says_so(mini_project, monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    code, _, err = run("add", "https://careers.example.com/jobs/42")
    assert code == 2
    assert err == ("error: https://careers.example.com/jobs/42: could not fetch (cannot resolve the host name — "
                   f"are you offline?) — {FALLBACK}\n")


def test_fetch_times_out(server):
    base, routes = server
    routes["/slow"] = {"delay": 1.0, "body": b"late"}
    with pytest.raises(InputError) as info:
        fetch(f"{base}/slow", timeout=0.2)
    assert str(info.value) == f"{base}/slow: could not fetch (no answer within 0.2 s) — {FALLBACK}"


def test_fetch_sends_a_user_agent(server):
    base, routes = server
    routes["/ua"] = {"body": b"ok", "headers": {"Content-Type": "text/plain"}}
    page = fetch(f"{base}/ua")
    assert (page.url, page.data, page.content_type) == (f"{base}/ua", b"ok", "text/plain")
    assert routes["/ua"]["agent"].startswith("Mozilla/5.0 (compatible; skillgap/")


# ---------------------------------------------------------------- file names


@pytest.mark.parametrize("title, company, stem", [
    ("ML Engineer (추천/개인화) — 바람페이", None, "ml-engineer-바람페이"),
    ("[하늘마켓] 데이터 엔지니어 (데이터플랫폼팀, 4년 이상)", None, "데이터-엔지니어-하늘마켓"),
    ("Senior ML Engineer", "Toss", "senior-ml-engineer-toss"),
    ("하늘마켓 데이터 엔지니어", "하늘마켓", "하늘마켓-데이터-엔지니어"),
    ('Backend: API/DB *Lead* "remote" <?>', None, "backend-api-db-lead-remote"),
    ("ＭＬ　Ｅｎｇｉｎｅｅｒ", "Ｔｏｓｓ", "ml-engineer-toss"),
    ("../../etc/passwd", None, "etc-passwd"),
    ("CON", None, "con-posting"),
    ("", None, "posting"),
    (None, None, "posting"),
])
def test_posting_stem(title, company, stem):
    assert posting_stem(title, company) == stem


def test_long_titles_are_capped_and_keep_the_company():
    stem = posting_stem("Senior Staff Machine Learning Engineer, Search Ranking and Recommendation Infrastructure",
                        "Northwind Analytics")
    assert stem == "senior-staff-machine-learning-engineer-northwind-analytics"
    assert len(stem) <= 60


def test_several_postings_at_once_and_one_bad_source(mini_project):
    downloads = mini_project / "downloads"
    downloads.mkdir()
    (downloads / "a.md").write_text(KO_POSTING, encoding="utf-8")
    (downloads / "b.txt").write_text(EN_POSTING, encoding="utf-8")
    code, out, err = run("add", "downloads/a.md", "downloads/missing.md", "downloads/b.txt")
    assert code == 1
    assert err.startswith("error: downloads/missing.md: ") and err.count("\n") == 1
    assert out.splitlines()[0] == "saved job_descriptions/ml-engineer-바람페이.md  (ML Engineer (추천/개인화) · 바람페이)"
    assert out.endswith(NEXT)
    assert sorted(p.name for p in (mini_project / "job_descriptions").iterdir()) == [
        "data-engineer-acme-logistics.txt", "ml-engineer-바람페이.md"]
