"""Hostile postings and user files: whatever they hold, each is analysed or skipped in one line, and the run goes on."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap.errors import InputError, ProfileError, TaxonomyError
from skillgap import load
from skillgap.load import COMPANY_LIMIT, JSON_MAX_DEPTH, TITLE_LIMIT, discover, json_too_deep, read_document
from skillgap.phrases import PhraseScanner
from skillgap.profile import load_profile
from skillgap.taxonomy import bundled_taxonomy, extend_taxonomy
from skillgap.terminal import SafeStream, escape_controls

from loop_helpers import run

REPO = Path(__file__).resolve().parents[1]
PROFILE = "name: Alex\nskills:\n  Python: 3\n"
BODY = "Data Engineer\n\nRequirements\n- Python and SQL\n- Kubernetes\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project folder (the working folder) with a profile and one good posting."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SKILLGAP_CACHE_DIR", str(tmp_path / ".cache"))
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles/me.yaml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "job_descriptions").mkdir()
    (tmp_path / "job_descriptions/good.txt").write_text(BODY, encoding="utf-8")
    return tmp_path



def _nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


# ---------------------------------------------------------------- 1. postings that crashed the run


@pytest.mark.parametrize("wrap", [
    lambda deep: f'{{"title": "T", "description": "Python", "extra": {deep}}}',
    lambda deep: f'<html><script type="application/ld+json">{deep}</script><body><p>Python developer</p></body></html>',
], ids=["json", "json-ld"])
def test_deep_json_is_skipped_or_ignored_and_the_report_goes_on(project, wrap):
    suffix = ".json" if "title" in wrap("x") else ".html"
    (project / f"job_descriptions/deep{suffix}").write_text(wrap(_nested(100_000)), encoding="utf-8")
    code, out, err = run("report")
    assert out.splitlines()[-1].startswith("reports/me-")
    if suffix == ".json":
        assert code == 1
        assert err == (f"skipped: job_descriptions/deep.json: JSON is nested more than {JSON_MAX_DEPTH} levels deep "
                       "— save the posting's text as .txt\n")
    else:  # the JSON-LD is ignored like broken JSON-LD; the page's text is used
        assert (code, err) == (0, "")


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(0, 3000), brackets=st.sampled_from(["[]", "{}"]), strings=st.booleans())
def test_json_depth_is_measured_outside_strings(depth, brackets, strings):
    opening, closing = brackets
    inner = '"[[[{{{"' if strings else "1"
    if opening == "{":
        text = '{"a":' * depth + inner + "}" * depth
    else:
        text = opening * depth + inner + closing * depth
    assert json_too_deep(text) == (depth > JSON_MAX_DEPTH)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(0, 5000), kind=st.sampled_from(["json", "json-ld"]))
def test_any_nesting_is_read_or_refused_in_one_line(tmp_path, depth, kind):
    path = tmp_path / ("p.json" if kind == "json" else "p.html")
    deep = '{"a":' * depth + "1" + "}" * depth
    if kind == "json":
        path.write_text(f'{{"title": "T", "description": "Python", "x": {deep}}}', encoding="utf-8")
    else:
        path.write_text(f'<script type="application/ld+json">{deep}</script><p>Python</p>', encoding="utf-8")
    try:
        doc = read_document(path)
    except InputError as exc:
        assert kind == "json" and depth + 1 > JSON_MAX_DEPTH  # + the posting's own object around "x"
        assert "\n" not in str(exc)
    else:
        assert "Python" in doc.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40),
       description=st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), min_size=1, max_size=200))
def test_any_code_point_in_a_json_posting_is_read_cached_and_printed(tmp_path, title, description):
    """Any code point, lone surrogates included (as JSON escapes), through load, cache, JSON and table output."""
    path = tmp_path / "any.json"
    path.write_text(json.dumps({"title": title, "company": title, "description": description + " Python"}),
                    encoding="ascii")  # ensure_ascii: surrogates become "\\udXXX" escapes, as an attacker writes them
    for argv in (["extract", str(path)], ["extract", str(path), "--format", "table"]):  # the second from the cache
        code, out, err = run(*argv)
        assert code in (0, 1, 2), err
        assert "Traceback" not in err
        assert not any(ch in out + err for ch in "\x1b\x9b\u202e\u2066") and not any(
            0xD800 <= ord(ch) <= 0xDFFF for ch in out + err)
        if argv[-1] != "table" and code == 0:
            records = json.loads(out)
            assert "python" in {skill["id"] for skill in records[0]["skills"]}


def test_lone_surrogates_in_a_posting_reach_the_report(project):
    (project / "job_descriptions/sur.json").write_text(
        '{"title": "ML \\ud800 Engineer", "company": "\\udfffCorp", "description": "Python \\ud83d and Kubernetes"}',
        encoding="utf-8")
    code, out, err = run("report")
    assert (code, err) == (0, "")
    twin = json.loads((project / out.splitlines()[-1]).with_suffix(".json").read_text(encoding="utf-8"))
    titles = {job["title"] for job in twin["jobs"]}
    assert "ML \ufffd Engineer" in titles


def test_a_page_saved_by_add_url_with_surrogates_never_breaks_later_runs(project, monkeypatch):
    page = '<script type="application/ld+json">{"@type": "JobPosting", "title": "A\\ud800", ' \
           '"description": "Python"}</script><p>Python and SQL</p>'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(page.encode()), encoding="utf-8"))
    code, out, err = run("add", "-")
    assert code == 0 and out.startswith("saved job_descriptions/a.html  (A\ufffd)")
    assert run("report")[0] == 0
    assert run("report")[0] == 0  # the cached entry reads back too


def test_long_titles_and_companies_are_cut_like_the_text(project):
    (project / "job_descriptions/long.json").write_text(json.dumps(
        {"title": "T" * 9_000_000, "company": "C" * 1_000_000, "description": "Python"}), encoding="utf-8")
    doc = read_document(project / "job_descriptions/long.json")
    assert len(doc.title) == TITLE_LIMIT and doc.title.endswith("…")
    assert len(doc.company) == COMPANY_LIMIT
    code, out, _ = run("report")
    assert code == 0
    assert (project / out.splitlines()[-1]).stat().st_size < 2_000_000


def test_file_names_that_are_not_utf8_are_skipped_in_one_line(project):
    os.close(os.open(os.fsencode(project / "job_descriptions") + b"/bad\xff\xfe.txt", os.O_CREAT | os.O_WRONLY))
    with open(os.fsencode(project / "job_descriptions") + b"/bad\xff\xfe.txt", "w") as f:
        f.write(BODY)
    code, out, err = run("report")
    assert code == 1
    assert err == ("skipped: job_descriptions/bad\\udcff\\udcfe.txt: the file name is not valid UTF-8 — rename the "
                   "file (e.g. with your file manager)\n")


# ---------------------------------------------------------------- 3. resource exhaustion in user files

BOMB = "".join(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}" if i else '"lol"'] * 9) + "]\n"
               for i in range(10))


@pytest.mark.parametrize("kind", ["profile", "taxonomy"])
def test_yaml_alias_bombs_are_refused_quickly(project, kind):
    text = BOMB + ("skills:\n  Python: *j\n" if kind == "profile" else "skills:\n  - {name: Bomb, aliases: *j}\n")
    target = project / ("profiles/me.yaml" if kind == "profile" else "profiles/taxonomy.yaml")
    target.write_text(text, encoding="utf-8")
    started = time.monotonic()
    code, out, err = run("report")
    assert time.monotonic() - started < 60  # unguarded, the bomb takes 8 GB and does not finish
    assert code == 2
    assert "holds more than 200,000 values, counting what its '*' aliases repeat (line" in err
    assert "lol" not in err and len(err) < 400


@pytest.mark.parametrize("text, problem", [
    ("a: &a [*a]\n", "an alias refers to the value that contains it"),
    ("skills:\n  Python: " + "9" * 5000 + "\n", "a number too long to read"),
    ("skills: " + "[" * 200 + "]" * 200 + "\n", "nested more than 50 levels deep"),
])
def test_recursive_and_deep_yaml_is_refused(tmp_path, text, problem):
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=problem):
        load_profile(path, bundled_taxonomy())


@pytest.mark.parametrize("entry, problem", [
    ("PyTorch: {level: 4, last_used: 2024-13-01}", "line 3, column 34: '2024-13-01' cannot be read as a date"),
    ("PyTorch: {level: 4, last_used: !!timestamp 작년 봄}", "'작년 봄' cannot be read as a date"),
    ("PyTorch: !!int ''", "line 3, column 12: '' cannot be read as a whole number"),
    ("PyTorch: !!int 넷", "'넷' cannot be read as a whole number"),
    ("PyTorch: !!float ''", "'' cannot be read as a number"),
    ("PyTorch: !!bool maybe", "'maybe' cannot be read as true or false"),
    ("? !!timestamp x\n  : 3", "'x' cannot be read as a date"),
    ("PyTorch: !!int \"\\e[31m4\"", r"'\x1b[31m4' cannot be read as a whole number"),   # escaped, never raw
])
def test_a_value_its_tag_cannot_make_is_a_problem_with_its_place(tmp_path, entry, problem):
    path = tmp_path / "me.yaml"
    path.write_text(f"name: 지우\nskills:\n  {entry}\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path, bundled_taxonomy())
    assert problem in caught.value.problems[0] and "\x1b" not in str(caught.value)


def test_a_control_character_yaml_refuses_is_named_on_one_line(tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text("name: 지우\nskills:\n  Py\x9bthon: 4\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path, bundled_taxonomy())
    assert caught.value.problems == ["invalid YAML: character 22 of the file, U+009B, is a control character YAML "
                                     "does not allow — delete it"]


def test_a_profile_name_that_is_not_text_is_a_problem(tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text("name: !!binary 7/7+\nskills:\n  Python: 4\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="name must be text, got bytes"):
        load_profile(path, bundled_taxonomy())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.recursive(st.one_of(st.integers(), st.text(max_size=10), st.booleans(), st.none()),
                             lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                          max_size=4),
                             max_leaves=30))
def test_any_yaml_document_within_the_limits_is_a_profile_or_a_listed_problem(tmp_path, document):
    import yaml

    path = tmp_path / "any.yaml"
    path.write_text(yaml.safe_dump({"skills": document}), encoding="utf-8")
    try:
        load_profile(path, bundled_taxonomy())
    except ProfileError as exc:
        assert exc.problems


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_profile_is_refused(project, source):
    code, _, err = run("report", "--profile", source)
    assert code == 2
    assert err == f"error: {source}: not a regular file (a device, pipe or socket is never read) — give your " \
                  "profile YAML file\n"


def test_a_huge_profile_is_refused(project):
    (project / "profiles/me.yaml").write_bytes(b"skills:\n" + b"  # padding\n" * 200_000)
    code, _, err = run("report")
    assert code == 2
    assert err == "error: profiles/me.yaml: file is too large (over 1,024 KB) for a skillgap YAML file — give your " \
                  "profile YAML file\n"


def test_endless_stdin_is_cut_at_the_limit(project, monkeypatch):
    class Zero(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(Zero())))
    code, out, err = run("add", "-")
    assert code == 2
    assert err == "error: <stdin>: more than 10 MB were pasted — paste one posting's text, or save it as a file " \
                  "and run: skillgap add FILE\n"


def test_thousands_of_unknown_profile_names_get_few_suggestions(project, monkeypatch):
    # A did-you-mean costs milliseconds each: 8,000 of them took 87 s. Only the first ones get one.
    from skillgap.taxonomy import Taxonomy

    asked = []
    did_you_mean = Taxonomy.did_you_mean
    monkeypatch.setattr(Taxonomy, "did_you_mean", lambda self, name: asked.append(name) or did_you_mean(self, name))
    (project / "profiles/me.yaml").write_text(
        "skills:\n" + "".join(f"  zzqx{i}: 3\n" for i in range(8000)), encoding="utf-8")
    code, _, err = run("report")
    assert len(asked) <= 2 * 20  # the profile's warnings, and the report's alerts
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 51
    assert lines[-1] == "warning: profiles/me.yaml: … and 7,950 more warnings like these (unknown or repeated names)"


@pytest.mark.parametrize("pattern, problem", [
    ("*", "'*' is not a word"),
    ("… x", "must start and end with a word"),
    ("x ||", "'' is not a word"),
    ("a … b … c … d … e … f", "is too long"),
])
def test_malformed_user_patterns_are_listed(tmp_path, pattern, problem):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(f"skills:\n  - name: Thing\n    patterns: [{json.dumps(pattern)}]\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=rf"skills entry 1 \(Thing\): phrase pattern .*{problem}"):
        extend_taxonomy(bundled_taxonomy(), path)


@pytest.mark.parametrize("pattern, text", [
    ("data … data … data … pipeline", "data " * 40_000),
    ("a … b … c … d", ("a b c " * 20) + "x" * 3000),
    ("x … x … x … y", "x " * 100_000),
])
def test_gap_patterns_take_linear_time(pattern, text):
    scanner = PhraseScanner({"s": (pattern,)})
    started = time.monotonic()
    list(scanner.finditer(text, text))
    assert time.monotonic() - started < 10  # 0.1 s here; with backtracking into each gap, minutes


def test_phrase_gaps_still_find_a_later_fit_of_several_words():
    text = "model development all the way to launching into production"
    scanner = PhraseScanner({"model-deployment": ("model* … in|to|into production",)})
    assert [(start, end) for start, end, _ in scanner.finditer(text, text)] == [(0, len(text))]


def test_fifty_thousand_skipped_files_print_a_bounded_list(project):
    folder = project / "job_descriptions"
    for number in range(50_000):
        (folder / f"x{number:05}.pdf").touch()
    code, out, err = run("report")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 21 and lines[-1] == "skipped: … and 49,980 more"
    html = (project / out.splitlines()[-1]).read_text(encoding="utf-8")
    assert html.count("unsupported file type") == 100
    assert "… and 49,900 more (all are in the JSON file beside this report)" in html


# ---------------------------------------------------------------- 4. the terminal


ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202eevil\u2066"


def test_control_and_bidi_characters_never_reach_the_terminal(project):
    (project / "job_descriptions" / f"odd{ESCAPES}.txt").write_text(
        f"Title {ESCAPES}\nCompany: {ESCAPES}Corp\n\n" + BODY, encoding="utf-8")
    (project / "job_descriptions" / f"bad{ESCAPES}.pdf").touch()
    outputs = [run("report"), run("extract", "job_descriptions", "--format", "table"),
               run("extract", "job_descriptions")]
    for code, out, err in outputs:
        assert code == 1
        for ch in "\x1b\x07\x9b\u202e\u2066":
            assert ch not in out + err
    assert "skipped: job_descriptions/bad\\u001b]0;PWNED\\u0007\\u001b[2J\\u009b31m\\u202eevil\\u2066.pdf" in outputs[0][2]
    sources = {record["source"] for record in json.loads(outputs[2][1])}  # the escapes are JSON's own
    assert f"job_descriptions/odd{ESCAPES}.txt" in sources


def test_the_safe_stream_keeps_lines_and_tabs():
    buffer = io.StringIO()
    SafeStream(buffer).write("a\tb\nc\x1b[31m\r\x85")
    assert buffer.getvalue() == "a\tb\nc\\u001b[31m\\u000d\\u0085"
    assert escape_controls("\ud800") == "\\ud800"
    # bidi marks and the line separators a terminal may break at (a name faking a second "skipped:" line)
    assert escape_controls("이름\u200e\u200f\u061c\u2028skipped: x\u2029") == \
        "이름\\u200e\\u200f\\u061c\\u2028skipped: x\\u2029"


def test_report_labels_are_bidi_isolated(project):
    (project / "job_descriptions/rtl.txt").write_text("משרה\u202e Engineer\nCompany: עברית\n\n" + BODY,
                                                      encoding="utf-8")
    code, out, _ = run("report")
    html = (project / out.splitlines()[-1]).read_text(encoding="utf-8")
    assert "\u202e" not in html
    assert "<bdi>משרה Engineer</bdi>" in html


@pytest.mark.parametrize("name, content", [
    ("big-number.json", '{"title": "Data Engineer", "description": "Python", "years": ' + "9" * 5000 + "}"),
    ("marked-section.html", "<html><body><![x]><p>Python</p></body></html>"),  # html.parser raised AssertionError
])
def test_a_posting_that_breaks_a_parser_costs_only_itself(project, name, content):
    Path("job_descriptions", name).write_text(content, encoding="utf-8")
    code, out, err = run("report")
    assert "Traceback" not in err
    assert Path(out.splitlines()[-1]).is_file()               # the report of the good posting
    if code == 1:
        assert any(name in line for line in err.splitlines())  # skipped, with the file named


def test_extract_json_escapes_what_a_terminal_could_act_on(tmp_path):
    # DEL, C1 and bidi controls are valid inside JSON strings; printed raw, a terminal may act on them.
    name = "n\u009b31mx\u007f\u2066.json"
    (tmp_path / name).write_text(json.dumps({"title": "Data Engineer", "description": "Python"}), encoding="utf-8")
    code, out, err = run("extract", str(tmp_path / name), "--no-cache")
    assert code == 0 and not any(ch in out for ch in "\u009b\u007f\u2066")
    assert json.loads(out)[0]["source"].endswith(name)  # the same string, escaped


def test_folders_nested_thousands_deep_are_skipped_not_walked(tmp_path):
    deep = tmp_path / "jobs"
    for _ in range(300):  # past the interpreter's recursion limit for a walk that recurses
        deep = deep / "x"
    deep.mkdir(parents=True)
    (deep / "a.txt").write_text("Engineer\nRequirements\n- Python", encoding="utf-8")
    (tmp_path / "jobs" / "b.txt").write_text("Engineer\nRequirements\n- Python", encoding="utf-8")
    code, out, err = run("extract", str(tmp_path / "jobs"), "--no-cache", "--format", "table")
    assert code == 1 and "Traceback" not in err
    assert "folders nested more than 32 deep" in err and "b.txt" in out


def test_links_to_system_files_and_to_folders_holding_the_postings_are_not_walked(tmp_path):
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    (jobs / "a.txt").write_text("Engineer\nRequirements\n- Python", encoding="utf-8")
    (jobs / "environ.txt").symlink_to("/proc/self/environ")   # the process's environment, secrets and all
    (jobs / "root").symlink_to("/")                            # the whole disk
    (jobs / "up").symlink_to(tmp_path)                         # the project, this folder inside it
    files, problems = discover([jobs])
    assert files == [jobs / "a.txt"]
    messages = sorted(str(p) for p in problems)
    assert messages[0].startswith(f"{jobs / 'environ.txt'}: a link to /proc/") and "not a posting" in messages[0]
    assert messages[1] == f"{jobs / 'root'}: a link to /, a folder that holds the postings folder itself — remove " \
                          "the link; link the folder of postings itself"
    assert messages[2].startswith(f"{jobs / 'up'}: a link to {tmp_path}, a folder that holds")


def test_a_walk_stops_after_so_many_entries_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_WALKED_ENTRIES", 25)
    for folder in ("a", "b", "c"):
        for i in range(10):
            path = tmp_path / "jobs" / folder / f"{i}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("공고\n자격요건\n- 파이썬", encoding="utf-8")
    files, problems = discover([tmp_path / "jobs"])
    assert len(files) == 20 and len(problems) == 1
    assert str(problems[0]).startswith(f"{tmp_path / 'jobs' / 'c'}: more than 25 files and folders to look through")


@pytest.mark.parametrize("level", ["0x" + "f" * 5000, "0b" + "1" * 20000, "9" * 4200])
def test_a_profile_level_of_thousands_of_digits_is_one_clear_problem(project, level):
    (project / "profiles/me.yaml").write_text(f"skills:\n  Python: {level}\n", encoding="utf-8")
    code, _, err = run("report")
    assert code == 2 and "Traceback" not in err
    assert "is outside 0–5" in err and len(err) < 1000


@pytest.mark.parametrize("yaml_text", ["name: 0x" + "f" * 5000 + "\nskills:\n  Python: 3\n",
                                       "skills:\n  Python: " + "9" * 400 + ":30.5\n",
                                       "skills:\n  Python: " + ":".join(["59"] * 3000) + "\n"])
def test_numbers_yaml_cannot_build_are_one_clear_problem(project, yaml_text):
    (project / "profiles/me.yaml").write_text(yaml_text, encoding="utf-8")
    code, _, err = run("report")
    assert code == 2 and "Traceback" not in err and len(err) < 1000


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp949"])
def test_a_terminal_that_cannot_show_a_character_gets_an_escape(tmp_path, encoding):
    posting = tmp_path / "p.json"
    posting.write_text(json.dumps({"title": "Schön 🐍 엔지니어", "description": "Python"}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "skillgap", "extract", str(posting), "--no-cache", "--format", "table"],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": encoding}, timeout=120)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert b"\\U0001f40d" in done.stdout


def test_unknown_profile_names_with_controls_reach_the_page_escaped(project):
    (project / "profiles/me.yaml").write_text('skills:\n  "Pyth\\e[2Jon": 4\n  "Dock\\x9ber": 3\n  Python: 3\n',
                                              encoding="utf-8")
    code, out, err = run("report")
    page = Path(out.splitlines()[-1]).read_text(encoding="utf-8")
    assert code == 1 and "\x1b" not in page and "\x9b" not in page
    assert "Pyth\\u001b[2Jon" in page


def test_add_from_a_closed_standard_input_is_one_line(tmp_path):
    done = subprocess.run(f"{sys.executable} -m skillgap add - <&-", shell=True, capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "nothing was pasted" in done.stderr


def test_a_user_taxonomy_chaining_thousands_of_parents_stays_quick(tmp_path):
    from skillgap.taxonomy import MAX_ANCESTORS, load_taxonomy

    chain = "".join(f"  - {{id: chain-{i}, name: Chain link {i}, category: tools, parents: [chain-{i + 1}]}}\n"
                    for i in range(5000))
    (tmp_path / "taxonomy.yaml").write_text("skills:\n" + chain, encoding="utf-8")
    taxonomy = load_taxonomy(tmp_path / "taxonomy.yaml")
    started = time.monotonic()
    longest = max(len(taxonomy.ancestors(f"chain-{i}")) for i in range(5000))
    assert longest == MAX_ANCESTORS
    assert time.monotonic() - started < 60  # unbounded: 25 million list scans and entries


@pytest.mark.parametrize("depth, refused", [(JSON_MAX_DEPTH - 1, False), (JSON_MAX_DEPTH, True)])
def test_json_nesting_limit_counts_the_postings_own_object(tmp_path, depth, refused):
    path = tmp_path / "p.json"
    path.write_text('{"description": "Python", "x": ' + '{"a":' * depth + "1" + "}" * depth + "}", encoding="utf-8")
    if refused:
        with pytest.raises(InputError, match=f"more than {JSON_MAX_DEPTH} levels"):
            read_document(path)
    else:
        assert "Python" in read_document(path).text


@pytest.mark.parametrize("zone", ["UTC+25", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_any_time_zone_gives_a_report_named_for_the_day_it_states(project, zone):
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()  # TZ=UTC+25 is a zone libc keeps and Python's datetime cannot represent
    try:
        code, out, err = run("report")
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
    assert code == 0 and "Traceback" not in err
    html = Path(out.splitlines()[-1])
    generated = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))["generated_at"]
    assert html.name == f"me-{generated[:10]}.html"


@pytest.mark.parametrize("stem", ["가" * 83, "a" * 250])   # 249 and 250 bytes: a file system allows 255
def test_a_profile_name_too_long_for_a_report_name_is_cut(project, stem):
    (project / "profiles/me.yaml").rename(project / "profiles" / f"{stem}.yaml")
    code, out, err = run("report")
    assert code == 0 and "Traceback" not in err
    html = Path(out.splitlines()[-1])
    assert len(html.name.encode("utf-8")) <= 120 + len("-2026-12-08.html") and html.name.startswith(stem[:40])
    assert html.with_suffix(".json").is_file()
