"""Bad input never costs the user their report: encodings, hostile files, broken profiles, atomic writes.

Every case runs the real CLI (`main(argv, stdout, stderr)` in-process, or in two processes for the
concurrency test) in a copy of the bundled example project and asserts the exact messages.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from loop_helpers import run

REPO = Path(__file__).resolve().parents[1]
GOOD = sorted(p.name for p in (REPO / "examples" / "job_descriptions").iterdir())
SUPPORTED = "supported types: .txt .md .html .htm .json; save the posting as .txt"

KO_POSTING = """머신러닝 엔지니어
토스

자격요건
- 파이썬 3년 이상
- 쿠버네티스 운영 경험
"""




def report_json(path: str = "reports/out.json") -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def card_sources(path: str = "reports/out.html") -> list[str]:
    """Return the source of every posting card in an HTML report."""
    soup = BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")
    return [code.get_text() for code in soup.select("article.job .job-meta code")]


def fingerprints(*roots: Path) -> dict[str, tuple[str, int]]:
    """Return the checksum and modification time of every file under `roots`."""
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for root in roots for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def input_fingerprints(project: Path) -> dict[str, tuple[str, int]]:
    return fingerprints(project / "job_descriptions", project / "profiles")


# ---------------------------------------------------------------- 1. decoding, end to end


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: t.encode("utf-8-sig"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    lambda t: t.encode("cp949"),
    lambda t: t.encode("euc-kr"),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp949", "euc-kr"])
def test_korean_posting_in_each_encoding_extracts_the_same(project, encode):
    Path("posting.txt").write_bytes(encode(KO_POSTING))
    code, out, err = run("extract", "posting.txt")
    assert (code, err) == (0, "")
    [job] = json.loads(out)
    assert (job["title"], job["company"], job["language"], job["years_min"]) == ("머신러닝 엔지니어", "토스", "ko", 3)
    mentions = {s["id"]: [m["text"] for m in s["mentions"]] for s in job["skills"]}
    assert mentions["python"] == ["파이썬"] and mentions["kubernetes"] == ["쿠버네티스"]


def test_undecodable_bytes_are_named_with_the_fix(project):
    data = KO_POSTING.encode("utf-8")
    Path("posting.txt").write_bytes(data[:26] + b"\xff" + data[26:])  # after "머신러닝 엔지니어\n"
    code, out, err = run("extract", "posting.txt")
    assert (code, out) == (2, "[]\n")  # still a JSON array for whatever reads stdout
    assert err == ("skipped: posting.txt: cannot decode as UTF-8, UTF-16 or CP949/EUC-KR (invalid byte 0xff at "
                   "offset 26) — re-save the file as UTF-8\n")


# ---------------------------------------------------------------- 2. files that are not postings


def add_bad_files(jobs: Path) -> list[str]:
    """Drop every kind of unusable file among the good postings; return the exact stderr lines expected."""
    (jobs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00")
    (jobs / "empty.md").write_bytes(b"")
    (jobs / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (jobs / "resume.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    (jobs / "offer.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (jobs / "broken.json").write_text('{"title": "Data Engineer", "description": "Python', encoding="utf-8")
    (jobs / "list.json").write_text('[{"title": "a"}, {"title": "b"}]', encoding="utf-8")
    (jobs / "app.html").write_text("<html><body><div id=root></div><script>render()</script></body></html>",
                                   encoding="utf-8")
    with open(jobs / "huge.txt", "w", encoding="utf-8") as handle:  # 25 MB of real text
        handle.write("Python and SQL, three years of experience.\n" * 610_000)
    (jobs / "pasted-many.txt").write_text("Data Engineer\n\nRequirements\n- Python\n" * 8_000, encoding="utf-8")
    nested = jobs / "archive" / "2025"
    nested.mkdir(parents=True)
    os.symlink("..", nested / "loop")
    os.symlink("gone.md", jobs / "dangling.md")
    return [
        "skipped: job_descriptions/archive/2025/loop: symlink loop (the link points back to a folder that contains "
        "it) — remove the link or point it elsewhere",
        "skipped: job_descriptions/dangling.md: broken symlink (its target does not exist) — fix or remove the link",
        f"skipped: job_descriptions/offer.pdf: unsupported file type '.pdf' — {SUPPORTED}",
        f"skipped: job_descriptions/resume.docx: unsupported file type '.docx' — {SUPPORTED}",
        "skipped: job_descriptions/app.html: HTML has no visible text — the page may build its text with JavaScript; "
        "copy the posting's text into a .txt file",
        "skipped: job_descriptions/blank.txt: file is empty — paste the job description into it, or remove it",
        "skipped: job_descriptions/broken.json: malformed JSON at line 1, column 43: Unterminated string starting "
        "at — fix the JSON syntax, or save the posting as .txt",
        "skipped: job_descriptions/empty.md: file is empty — paste the job description into it, or remove it",
        "skipped: job_descriptions/huge.txt: file is too large (25.0 MB; the limit is 10.0 MB) — files over the "
        "limit are skipped; save only the posting's text",
        "skipped: job_descriptions/list.json: a JSON list of postings is not supported — save each posting as its "
        "own .json file",
        "skipped: job_descriptions/pasted-many.txt: text is too long for one posting (296,000 characters; the limit "
        "is 200,000) — save each posting as its own file",
        "skipped: job_descriptions/photo.txt: looks like a binary file, not text — save the posting as .txt, .md, "
        ".html or .json",
    ]


def test_report_skips_every_bad_file_by_name_and_writes_the_good_ones(project):
    jobs = project / "job_descriptions"
    expected = add_bad_files(jobs)
    # Good postings too: one in a nested folder, one saved twice under another name, one with broken markup.
    shutil.copy(jobs / "ko-llm-engineer-sori-labs.txt", jobs / "archive" / "2025" / "sori-labs.txt")
    shutil.copy(jobs / "ko-ml-engineer-barampay.md", jobs / "zz-barampay-copy.md")
    (jobs / "tag-soup.html").write_text("<html><body><h1>Data Engineer</h1><div><p>Requirements<ul><li>Python 3년 "
                                        "<b>이상<li>Spark</div></span></p></html", encoding="utf-8")
    code, out, err = run("report", "--output", "reports/out.html")
    assert code == 1
    assert err.splitlines() == [
        "note: job_descriptions/ko-llm-engineer-sori-labs.txt: same posting as "
        "job_descriptions/archive/2025/sori-labs.txt — counted once",
        "note: job_descriptions/zz-barampay-copy.md: same posting as job_descriptions/ko-ml-engineer-barampay.md "
        "— counted once",
        *expected,
    ]
    assert out.splitlines()[-1] == "reports/out.html"
    good = sorted(["job_descriptions/archive/2025/sori-labs.txt", "job_descriptions/tag-soup.html",
                   *(f"job_descriptions/{name}" for name in GOOD if name != "ko-llm-engineer-sori-labs.txt")])
    data = report_json()
    assert sorted(job["source"] for job in data["jobs"]) == good
    assert data["job_count"] == len(good) == 9
    assert len(data["skipped"]) == len(expected)
    assert sorted(card_sources()) == good


def test_huge_file_is_skipped_quickly(project):
    add_bad_files(project / "job_descriptions")
    started = datetime.now()
    code, _, err = run("extract", "job_descriptions/huge.txt", "job_descriptions/pasted-many.txt")
    assert code == 2 and len(err.splitlines()) == 2
    assert (datetime.now() - started).total_seconds() < 10  # about 0.01 s; a read of 25 MB would show


def test_extract_says_a_duplicate_is_counted_once(project):
    shutil.copy("job_descriptions/ko-ml-engineer-barampay.md", "copy.md")
    code, out, err = run("extract", "job_descriptions/ko-ml-engineer-barampay.md", "copy.md")
    assert code == 0
    assert err == "note: copy.md: same posting as job_descriptions/ko-ml-engineer-barampay.md — counted once\n"
    assert [job["source"] for job in json.loads(out)] == ["job_descriptions/ko-ml-engineer-barampay.md"]


def test_unreadable_posting_is_skipped(project):
    locked = project / "job_descriptions" / "locked.txt"
    locked.write_text(KO_POSTING, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: a chmod 000 file is still readable")
        code, _, err = run("report", "--output", "reports/out.html")
    finally:
        locked.chmod(0o644)
    assert code == 1
    assert err == "skipped: job_descriptions/locked.txt: cannot read file (permission denied) — check its permissions\n"
    assert len(report_json()["jobs"]) == len(GOOD)


def test_nothing_usable_is_exit_2_naming_each_file(project):
    jobs = project / "job_descriptions"
    shutil.rmtree(jobs)
    jobs.mkdir()
    (jobs / "a.txt").write_bytes(b"")
    (jobs / "b.docx").write_bytes(b"PK\x03\x04")
    code, out, err = run("report")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: job_descriptions: no usable job descriptions (2 file(s) could not be read) — add .txt, .md, .html, "
        ".htm or .json postings to the folder",
        f"skipped: job_descriptions/b.docx: unsupported file type '.docx' — {SUPPORTED}",
        "skipped: job_descriptions/a.txt: file is empty — paste the job description into it, or remove it",
    ]
    assert not Path("reports").exists()


# ---------------------------------------------------------------- 3. profile mistakes, through the CLI

ERROR_LEVEL = "level 7 is outside 0–5 (0 none · 1 aware · 2 basic · 3 working · 4 strong · 5 expert)"


@pytest.mark.parametrize("text, lines", [
    ("skills:\n  Python: 4\n   Docker: 2\n",
     ["error: profiles/me.yaml: invalid YAML at line 3, column 10: mapping values are not allowed here"]),
    ("skills:\n  - Python\n  Docker: 2\n",
     ["error: profiles/me.yaml: invalid YAML at line 3, column 3: expected <block end>, but found '?'"]),
    ("", ["error: profiles/me.yaml: the profile is empty — add a 'skills:' mapping such as 'Python: 3'"]),
    ("# only a comment\n", ["error: profiles/me.yaml: the profile is empty — add a 'skills:' mapping such as "
                            "'Python: 3'"]),
    ("skills: 3\n", ["error: profiles/me.yaml: skills must be a mapping of skill name → level, got int"]),
    # Every problem at once, the unknown names and keys included.
    ("name: [지우]\nlanguage: kr\nhobbies: go\ntarget_roles: {a: 1}\nskills:\n  pyhton: 3\n  쿠버네티: 2\n"
     "  Python: 7\n  Docker: -1\n  SQL: 'high'\n  Git: 2.5\n  Kafka: true\n  Spark: {level: 2, years: 3}\n"
     "  Django: {level: 2, last_used: 24}\n  Airflow: {evidence: 'a DAG'}\n",
     ["error: profiles/me.yaml: name must be text, got list",
      "profiles/me.yaml: language must be 'ko' or 'en', got 'kr'",
      "profiles/me.yaml: target_roles must be a list of role names, got dict",
      f"profiles/me.yaml: skill 'Python': {ERROR_LEVEL}",
      "profiles/me.yaml: skill 'Docker': level -1 is outside 0–5 (0 none · 1 aware · 2 basic · 3 working · "
      "4 strong · 5 expert)",
      "profiles/me.yaml: skill 'SQL': level must be a whole number 0–5, got 'high'",
      "profiles/me.yaml: skill 'Git': level must be a whole number 0–5, got 2.5",
      "profiles/me.yaml: skill 'Kafka': level must be a whole number 0–5, got True",
      "profiles/me.yaml: skill 'Spark': unknown key(s) years — use level, evidence, last_used",
      "profiles/me.yaml: skill 'Django': last_used must be a year like 2024, got 24",
      "profiles/me.yaml: skill 'Airflow': a mapping needs a 'level' (0–5)",
      "profiles/me.yaml: unknown key 'hobbies' ignored (known keys: name, language, target_roles, skills)",
      "profiles/me.yaml: unknown skill 'pyhton' skipped — did you mean 'Python' or 'Jupyter'?",
      "profiles/me.yaml: unknown skill '쿠버네티' skipped — did you mean 'Kubernetes'?"]),
])
def test_broken_profile_is_exit_2_with_every_problem(project, text, lines):
    Path("profiles/me.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("report")
    assert (code, out) == (2, "")
    assert err.splitlines() == lines
    assert not Path("reports").exists()


@pytest.mark.parametrize("name, hint", [
    ("pyhton", "did you mean 'Python' or 'Jupyter'?"),
    ("쿠버네티", "did you mean 'Kubernetes'?"),
    ("파이쏜", "did you mean 'Python' or 'Pinecone'?"),
])
def test_unknown_skill_is_warned_and_the_report_still_written(project, name, hint):
    Path("profiles/me.yaml").write_text(f"name: 지우\nskills:\n  PyTorch: 4\n  {name}: 3\n", encoding="utf-8")
    code, out, err = run("report", "--output", "reports/out.html")
    assert code == 1
    assert err == f"warning: profiles/me.yaml: unknown skill '{name}' skipped — {hint}\n"
    # The summary opens with it too: a misspelt strong skill would otherwise read as the top gap.
    assert out.splitlines()[0] == (f"! profiles/me.yaml: '{name}' is not a skill skillgap knows, so it counts as "
                                   f"missing — {hint} Fix the name in the profile.")
    assert out.splitlines()[-1] == "reports/out.html" and report_json()["job_count"] == len(GOOD)


@pytest.mark.parametrize("text, warning", [
    ("name: 지우\nskills:\n", "warning: profiles/me.yaml: the profile lists no skills; every skill the postings ask "
     "for will show as a gap"),
    ("skills:\n  Python: 3\n  Python: 4\n", "warning: profiles/me.yaml: 'Python' is given twice (lines 2 and 3); "
     "line 3 is used"),
    ("skills:\n  Python: 3\nemail: me@example.com\n", "warning: profiles/me.yaml: unknown key 'email' ignored "
     "(known keys: name, language, target_roles, skills)"),
])
def test_profile_warnings_do_not_stop_the_report(project, text, warning):
    Path("profiles/me.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("report", "--output", "reports/out.html")
    assert (code, err) == (0, warning + "\n")
    assert Path("reports/out.html").is_file()


@pytest.mark.parametrize("encoding", ["utf-16", "cp949", "utf-8-sig"])
def test_profile_saved_in_a_windows_encoding_is_read(project, encoding):
    Path("profiles/me.yaml").write_bytes("name: 지우\nskills:\n  파이썬: 4\n  쿠버네티스: 1\n".encode(encoding))
    code, _, err = run("report", "--output", "reports/out.html")
    assert (code, err) == (0, "")
    assert report_json()["profile_name"] == "지우"


def test_undecodable_profile(project):
    Path("profiles/me.yaml").write_bytes("skills:\n  파이썬: 4\n".encode("utf-8") + b"\xff" + "  도커: 3\n".encode("utf-8"))
    code, _, err = run("report")
    assert code == 2
    assert err == ("error: profiles/me.yaml: cannot decode as UTF-8, UTF-16 or CP949/EUC-KR (invalid byte 0xff at "
                   "offset 23) — re-save the file as UTF-8\n")


# ---------------------------------------------------------------- 7. one error boundary: no tracebacks


def _boundary_cases(root: Path) -> None:
    (root / "folder.yaml").mkdir()
    (root / "reports" / "taken.html").mkdir(parents=True)
    (root / "reports" / "pair.json").mkdir()
    (root / "a-file").write_text("x", encoding="utf-8")
    (root / "jobs.txt").write_text(KO_POSTING, encoding="utf-8")


@pytest.mark.parametrize("argv, message", [
    (("report", "--profile", "folder.yaml"),
     "error: folder.yaml: is a folder, not a profile file — pass the YAML file itself, e.g. --profile "
     "profiles/me.yaml"),
    (("report", "--profile", "profiles"),
     "error: profiles: is a folder, not a profile file — pass the YAML file itself, e.g. --profile profiles/me.yaml"),
    (("report", "--profile", "nowhere.yaml"),
     "error: nowhere.yaml: profile not found — create it (see profiles/me.yaml) or pass --profile"),
    (("report", "--jobs", "jobs.txt"),
     "error: jobs.txt: is a file, not a folder — pass the folder that holds your postings with --jobs DIR "
     "(skillgap extract jobs.txt reads a single file)"),
    (("report", "--output", "reports/taken.html"),
     "error: reports/taken.html: is a folder — give the report a file name, e.g. reports/taken.html/report.html"),
    (("report", "--output", "reports/pair.html"),
     "error: reports/pair.json: is a folder, so the report's JSON cannot be written beside reports/pair.html — "
     "rename the folder or choose another --output"),
    (("report", "--output", "a-file/report.html"), "error: a-file: is a file, not a folder — choose another --output"),
    (("report", "--output", "a-file/deeper/report.html"),
     "error: a-file: is a file, not a folder — choose another --output"),
    (("report", "--output", "reports/out.json"),
     "error: reports/out.json: the report path names the HTML file and the JSON is written beside it — use a name "
     "ending in .html, e.g. reports/out.html"),
    (("extract", "jobs.txt", "--taxonomy", "none.yaml"),
     "error: none.yaml: taxonomy file not found — check the --taxonomy path"),
    (("taxonomy", "--taxonomy", "folder.yaml"),
     "error: folder.yaml: is a folder, not a taxonomy file — pass the YAML file itself"),
])
def test_user_errors_are_one_line_and_exit_2(project, argv, message):
    _boundary_cases(project)
    code, _, err = run(*argv)
    assert code == 2
    assert err.splitlines()[-1] == message
    assert "Traceback" not in err


@pytest.mark.parametrize("content, message", [
    (b"skills: [\n", "error: profiles/taxonomy.yaml: invalid YAML at line 2, column 1: expected the node content, "
     "but found '<stream end>'"),
    (b"- kubernetes\n", "error: profiles/taxonomy.yaml: expected a top-level 'skills:' list of entries"),
    (b"skills:\n  - name: Foo\n    aliases: 5\n  - category: x\n",
     "error: profiles/taxonomy.yaml: skills entry 1 (Foo): aliases must be a list of names, got int\n"
     "profiles/taxonomy.yaml: skills entry 2 needs at least an 'id' or a 'name'"),
    (b"skills:\n  - id: 0x" + b"f" * 3600 + b"\n    name: \xed\x97\xa5\n  - name: Bar\n    aliases: [[a], b]\n",
     "error: profiles/taxonomy.yaml: skills entry 1 (\ud5e5): id must be text, got a number of over 18 digits\n"
     "profiles/taxonomy.yaml: skills entry 2 (Bar): aliases must be a list of names, got a list holding a list"),
    (b"skills:\n  - name: Foo\n    kind: !!bool maybe\n", "error: profiles/taxonomy.yaml: invalid YAML at line 3, "
     "column 11: 'maybe' cannot be read as true or false"),
    (b"skills:\n  - name: \xff\xfe\n", "error: profiles/taxonomy.yaml: cannot decode as UTF-8 (invalid byte 0xff at "
     "offset 18) — re-save the file as UTF-8"),
    (None, "error: profiles/taxonomy.yaml: is a folder, not a taxonomy file — rename the folder; this name is for "
     "your skills YAML file"),
])
@pytest.mark.parametrize("argv", [("report",), ("extract", "job_descriptions"), ("taxonomy",)])
def test_broken_user_taxonomy(project, content, message, argv):
    target = project / "profiles" / "taxonomy.yaml"
    target.mkdir() if content is None else target.write_bytes(content)
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err == message + "\n"


def test_a_single_string_alias_is_one_alias(project):
    Path("profiles/taxonomy.yaml").write_text("skills:\n  - name: Foo Tool\n    aliases: footl\n", encoding="utf-8")
    code, out, _ = run("taxonomy", "--search", "Foo Tool", "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["aliases"] == ["footl"]


def test_unwritable_report_folder(project, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, out, err = run("report", "--output", "locked/out.html")
    assert code == 2
    assert err == ("error: locked: cannot write the report (permission denied) — check the folder's permissions and "
                   "free space, or choose another --output\n")


def test_report_folder_that_cannot_be_created(project, monkeypatch):
    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", denied)
    code, _, err = run("report", "--output", "new/out.html")
    assert code == 2
    assert err == "error: new: cannot create the report folder (permission denied) — choose another --output\n"


def test_history_that_is_a_folder(project):
    Path("reports/history.jsonl").mkdir(parents=True)
    code, _, err = run("report", "--output", "reports/out.html")
    assert code == 2
    assert err == ("error: reports/history.jsonl: cannot record this run (is a directory); the report was written to "
                   "reports/out.html — fix or remove reports/history.jsonl\n")
    assert Path("reports/out.html").is_file()


# ---------------------------------------------------------------- 4. never a half-written report, never a touched input


def test_inputs_are_untouched_by_a_run_that_skips_files(project):
    add_bad_files(project / "job_descriptions")
    before = input_fingerprints(project)
    assert run("report", "--output", "reports/out.html")[0] == 1
    assert input_fingerprints(project) == before


@pytest.mark.parametrize("breakage", ["profile", "output"])
def test_inputs_are_untouched_by_a_failed_run(project, breakage):
    if breakage == "profile":
        Path("profiles/me.yaml").write_text("skills:\n  Python: 9\n", encoding="utf-8")
    else:
        Path("reports/out.html").mkdir(parents=True)
    before = input_fingerprints(project)
    assert run("report", "--output", "reports/out.html")[0] == 2
    assert input_fingerprints(project) == before


def test_a_failed_write_leaves_the_previous_report_whole(project, monkeypatch):
    from skillgap import report

    assert run("report", "--output", "reports/out.html")[0] == 0
    before = fingerprints(project / "reports")

    def broken(page):
        raise RuntimeError("template bug")

    monkeypatch.setattr(report, "render_html", broken)
    with pytest.raises(RuntimeError):
        run("report", "--output", "reports/out.html")
    assert fingerprints(project / "reports") == before
    assert sorted(p.name for p in (project / "reports").iterdir()) == ["history.jsonl", "out.html", "out.json"]


def test_a_failure_between_the_two_files_leaves_no_mismatched_pair(project, monkeypatch):
    from skillgap import report

    assert run("report", "--output", "reports/out.html")[0] == 0
    real = os.replace

    def fail_on_html(src, dst):
        if str(dst).endswith(".html"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(report.os, "replace", fail_on_html)
    code, _, err = run("report", "--output", "reports/out.html", "--lang", "en")
    assert code == 2
    assert err == ("error: reports: cannot write the report (no space left on device) — check the folder's "
                   "permissions and free space, or choose another --output\n")
    names = sorted(p.name for p in (project / "reports").iterdir())
    assert names == ["history.jsonl", "out.html"]  # the new JSON was taken back; no temp files are left
    assert len(Path("reports/history.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def assert_consistent_pair(html_path: Path) -> dict:
    """Check that an HTML report and its JSON come from the same run; return the JSON."""
    data = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    when = datetime.fromisoformat(data["generated_at"])
    assert soup.html["lang"] == data["language"]
    assert f"{when:%H:%M}" in soup.select_one("p.meta").get_text()
    assert len(soup.select("article.job")) == data["job_count"]
    return data


def assert_whole_history(path: Path, runs: int) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline
    assert len(lines[:-1]) == runs
    assert all(json.loads(line)["profile"] == "me" for line in lines[:-1])


def _spawn(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True)


# Two real `skillgap report` runs in two processes, writing the same report and history. Each pauses
# between replacing the JSON and the HTML: the first long, the second briefly after waiting for the
# first. Without the folder lock the result is the second's JSON beside the first's HTML.
RACING_WRITER = r"""
import os, sys, time
from pathlib import Path
from skillgap.cli import main

me, other, lang = sys.argv[1:4]
real = os.replace

def replace(src, dst):
    if str(dst).endswith(".json"):
        Path(me).touch()
        deadline = time.monotonic() + 1.0
        while not Path(other).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        if me == "second":
            time.sleep(0.1)
        real(src, dst)
        if me == "first":
            time.sleep(0.5)
        return
    real(src, dst)

os.replace = replace
sys.exit(main(["report", "--output", "reports/same.html", "--lang", lang]))
"""


def test_two_runs_at_once_leave_a_consistent_pair_and_whole_history(project):
    writers = [_spawn(RACING_WRITER, "first", "second", "en"), _spawn(RACING_WRITER, "second", "first", "ko")]
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], results
    assert all(out.splitlines()[-1] == "reports/same.html" and err == "" for out, err in results)
    assert assert_consistent_pair(project / "reports" / "same.html")["job_count"] == len(GOOD)
    assert_whole_history(project / "reports" / "history.jsonl", 2)
    assert sorted(p.name for p in (project / "reports").iterdir()) == ["history.jsonl", "same.html", "same.json"]


# ---------------------------------------------------------------- 5. hostile postings, through the real pipeline, in Chromium

HOSTILE_TXT = """<img src=x onerror="window.__pwned=1"> Data Engineer {{ 7*7 }}
Evil Corp

Requirements
- Python <script>window.__pwned=1</script> and SQL
- Kubernetes <a href="javascript:window.__pwned=1">docs</a> {% if true %}yes{% endif %}
- <svg onload="window.__pwned=1"></svg> Docker, 3+ years
"""
# In a page, live tags are dropped but escaped ones are text the posting shows.
HOSTILE_HTML = """<html><head><title>&lt;script&gt;window.__pwned=1&lt;/script&gt; ML Engineer | Evil Labs</title>
<script>window.__pwned = 1</script></head>
<body onload="window.__pwned=1"><h1>ML Engineer</h1>
<h2>Requirements</h2><ul><li>PyTorch &lt;img src=x onerror=window.__pwned=1&gt; in production</li>
<li><a href="javascript:window.__pwned=1">Spark</a> and {{ config }}</li></ul></body></html>
"""


def test_hostile_postings_are_shown_as_text_and_never_run(project):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    chromium = os.environ.get("SKILLGAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip(f"no Chromium at {chromium} (apt-get install chromium)")
    Path("job_descriptions/evil.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    Path("job_descriptions/evil.html").write_text(HOSTILE_HTML, encoding="utf-8")
    code, out, err = run("report", "--output", "reports/out.html", "--lang", "en")
    assert (code, err) == (0, "")
    report = (project / "reports" / "out.html").resolve()
    data = report_json()
    titles = {job["source"]: (job["title"], job["company"]) for job in data["jobs"]}
    assert titles["job_descriptions/evil.txt"] == ('<img src=x onerror="window.__pwned=1"> Data Engineer {{ 7*7 }}',
                                                   "Evil Corp")
    assert titles["job_descriptions/evil.html"] == ("<script>window.__pwned=1</script> ML Engineer", "Evil Labs")

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            requests, errors = [], []
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(report.as_uri())
            for details in page.locator("details").all():  # open every evidence quote
                details.evaluate("node => node.open = true")
            text = page.locator("body").inner_text()
            pwned = page.evaluate("window.__pwned")
            injected = page.evaluate("""() => ({
                images: document.images.length,
                svgWithHandlers: document.querySelectorAll('svg[onload]').length,
                jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
                scripts: document.scripts.length})""")
        finally:
            browser.close()
    assert pwned is None
    assert requests == [report.as_uri()] and errors == []
    assert injected == {"images": 0, "svgWithHandlers": 0, "jsLinks": 0, "scripts": 1}
    assert '<img src=x onerror="window.__pwned=1"> Data Engineer {{ 7*7 }} · Evil Corp' in text
    assert "<script>window.__pwned=1</script> ML Engineer · Evil Labs" in text
    assert "<script>window.__pwned=1</script>" in text and "{% if true %}" in text
