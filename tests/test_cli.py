"""Drive the real CLI in-process: exit codes, stdout contracts and exact error lines."""
import json
import shutil
from pathlib import Path

import pytest

from loop_helpers import run

REPO = Path(__file__).resolve().parents[1]




def test_extract_json_contract(project):
    code, out, err = run("extract", "job_descriptions/ko-ml-engineer-barampay.md", "--format", "json")
    assert code == 0 and err == ""
    [doc] = json.loads(out)
    assert doc["source"] == "job_descriptions/ko-ml-engineer-barampay.md"
    assert doc["language"] == "ko" and doc["years_min"] == 3
    skills = {s["id"]: s for s in doc["skills"]}
    assert skills["kubernetes"]["requirement"] == "required"
    # "alternatives" extends the contract: the skills a posting names beside this one as one of a set.
    assert all(set(s) == {"id", "name", "category", "requirement", "weight", "mentions", "alternatives"}
               for s in doc["skills"])
    mention = skills["apache-spark"]["mentions"][0]
    assert mention["text"] == "Spark" and mention["section"] in ("required", "preferred", "responsibility", "other")


def test_extract_folder_in_english(project):
    code, out, _ = run("extract", "job_descriptions", "--format", "json")
    docs = json.loads(out)
    assert code == 0 and len(docs) == len(list((project / "job_descriptions").iterdir()))
    en = next(d for d in docs if d["source"].endswith("en-ml-engineer-northwind-analytics.html"))
    assert en["language"] == "en" and en["company"] == "Northwind Analytics"
    assert {"python", "pytorch", "kubernetes"} <= {s["id"] for s in en["skills"]}


def test_extract_skips_bad_files_with_exit_1(project):
    (project / "job_descriptions" / "broken.json").write_text('{"title": "x",', encoding="utf-8")
    (project / "job_descriptions" / "notes.docx").write_bytes(b"PK\x03\x04")
    code, out, err = run("extract", "job_descriptions", "--format", "json")
    assert code == 1
    assert len(json.loads(out)) == 8
    assert "skipped: job_descriptions/notes.docx: unsupported file type '.docx'" in err
    assert "skipped: job_descriptions/broken.json: malformed JSON at line 1" in err


def test_extract_nothing_usable_is_exit_2(project):
    code, out, err = run("extract", "missing.txt")
    assert code == 2
    assert err == "skipped: missing.txt: no such file or folder — check the path\n"


def test_taxonomy_json_and_search(project):
    code, out, _ = run("taxonomy", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 300
    assert {"id", "name", "category", "aliases"} <= set(rows[0])
    code, out, _ = run("taxonomy", "--search", "쿠버네티스", "--format", "json")
    assert json.loads(out)[0]["id"] == "kubernetes"


def test_taxonomy_search_without_match(project):
    code, out, err = run("taxonomy", "--search", "zzqqxx")
    assert code == 1 and out == "" and err == "no skill matches 'zzqqxx'\n"


def test_report_writes_html_and_json_and_prints_path_last(project):
    code, out, err = run("report", "--output", "reports/out.html")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "reports/out.html"
    data = json.loads((project / "reports/out.json").read_text(encoding="utf-8"))
    assert data["job_count"] == 8 and data["profile"] == "me"
    assert data["gaps"][0]["rank"] == 1
    assert (project / "reports/out.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_default_name_and_lang_override(project):
    code, out, _ = run("report", "--lang", "en")
    path = Path(out.strip().splitlines()[-1])
    assert code == 0 and path.parent == Path("reports") and path.name.startswith("me-")
    assert "Overall match" in out


def test_report_skips_broken_posting_with_exit_1(project):
    (project / "job_descriptions" / "empty.txt").write_text("", encoding="utf-8")
    code, out, err = run("report")
    assert code == 1
    assert "skipped: job_descriptions/empty.txt: file is empty — paste the job description into it, or remove it" in err
    assert Path(out.strip().splitlines()[-1]).is_file()


@pytest.mark.parametrize("argv, message", [
    (("report", "--jobs", "nowhere"), "error: nowhere/: no postings folder yet — add the postings you care about: skillgap add FILE|URL"),
    (("report", "--profile", "profiles/none.yaml"), "error: profiles/none.yaml: profile not found"),
    (("report", "--lang", "fr"), "error: skillgap report: argument --lang: invalid choice: 'fr'"),
    (("frobnicate",), "error: skillgap: argument COMMAND: invalid choice: 'frobnicate'"),
    (("report", "--jobs", ""), "error: skillgap report: argument --jobs: an empty path — give a file or folder name"),
    (("report", "--output", " "), "error: skillgap report: argument --output: an empty path"),
    (("profile", "check", "--profile", ""), "argument --profile: an empty path"),
])
def test_usage_errors_exit_2_without_traceback(project, argv, message):
    code, _, err = run(*argv)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_broken_profile_reports_every_problem(project):
    (project / "profiles" / "me.yaml").write_text("skills:\n  Python: 9\n  Docker: lots\n", encoding="utf-8")
    code, _, err = run("report")
    assert code == 2
    assert err.splitlines() == [
        "error: profiles/me.yaml: skill 'Python': level 9 is outside 0–5 "
        "(0 none · 1 aware · 2 basic · 3 working · 4 strong · 5 expert)",
        "profiles/me.yaml: skill 'Docker': level must be a whole number 0–5, got 'lots'",
    ]


def test_several_profiles_need_a_choice(project):
    shutil.copy(project / "profiles" / "me.yaml", project / "profiles" / "you.yaml")
    code, _, err = run("report")
    assert code == 2
    assert err == ("error: profiles/: several profiles (me.yaml, you.yaml) — choose one: "
                   "skillgap report --profile profiles/me.yaml\n")


def test_inputs_are_not_modified(project):
    files = sorted(p for p in project.rglob("*") if p.is_file())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    run("report")
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_no_cache_leaves_no_cache_folder(project):
    code, _, _ = run("extract", "job_descriptions", "--no-cache")
    assert code == 0 and not (project / ".skillgap-cache").exists()
    run("extract", "job_descriptions")
    assert (project / ".skillgap-cache").is_dir()


def test_report_spares_the_analysis_from_the_collector_and_restores_it(project, monkeypatch):
    import gc

    from skillgap import analysis, report

    seen = []
    for module, name in ((analysis, "analyze"), (report, "write_report")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, **k: seen.append(
            (real.__name__, gc.isenabled(), gc.get_freeze_count() > 0)) or real(*a, **k))
    assert gc.isenabled()
    assert run("report", "--output", "reports/out.html")[0] == 0
    # No collections while the analysis is built; the page's cycles are collected, the analysis set aside.
    assert seen == [("analyze", False, False), ("write_report", True, True)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert run("report", "--profile", "profiles/nowhere.yaml")[0] == 2
    assert gc.isenabled()
