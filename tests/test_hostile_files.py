"""Planted links, leftovers, full disks and killed runs: skillgap never writes outside the project or leaves a mess."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skillgap import history
from skillgap.history import append_snapshot, load_history
from skillgap.results import GapReport

from loop_helpers import run

REPO = Path(__file__).resolve().parents[1]
PROFILE = "name: Alex\nskills:\n  Python: 3\n"
BODY = "Data Engineer\n\nRequirements\n- Python and SQL\n- Kubernetes\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("SKILLGAP_CACHE_DIR", raising=False)
    (root / "profiles").mkdir()
    (root / "profiles/me.yaml").write_text(PROFILE, encoding="utf-8")
    (root / "job_descriptions").mkdir()
    (root / "job_descriptions/good.txt").write_text(BODY, encoding="utf-8")
    return root


def snapshot(at: str, profile: str = "alex", jobs: int = 1) -> GapReport:
    return GapReport.from_dict({"profile": profile, "generated_at": at, "overall_match": 0.5,
                                "jobs": [{"source": f"posting-{n}.txt", "match": 0.5} for n in range(jobs)],
                                "gaps": [{"id": "python", "name": "Python", "gap_score": 0.2}]})


# ---------------------------------------------------------------- 2. planted links


def test_history_linked_outside_is_never_written(project, tmp_path):
    outside = tmp_path / "victim.txt"
    outside.write_text("precious\n", encoding="utf-8")
    (project / "reports").mkdir()
    (project / "reports/history.jsonl").symlink_to(outside)
    code, _, err = run("report")
    assert code == 2
    assert err.endswith(f"error: reports/history.jsonl: cannot record this run (it is a link to {outside}, outside "
                        "this project; skillgap does not write through it — remove the link); the report was written "
                        f"to {next((project / 'reports').glob('me-*.html')).relative_to(project)} — fix or remove "
                        "reports/history.jsonl\n")
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_history_linked_inside_the_project_is_followed(project):
    (project / "reports").mkdir()
    (project / "keep").mkdir()
    (project / "reports/history.jsonl").symlink_to(project / "keep/history.jsonl")
    assert run("report")[0] == 0
    assert len((project / "keep/history.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_a_dangling_cache_readme_link_creates_nothing(project, tmp_path):
    target = tmp_path / "created-by-skillgap.txt"
    (project / ".skillgap-cache").mkdir()
    (project / ".skillgap-cache/README.txt").symlink_to(target)
    (project / ".skillgap-cache/extract-v1.sqlite3").symlink_to(tmp_path / "other.db")
    assert run("report")[0] == 0
    assert not target.exists() and not (tmp_path / "other.db").exists()
    assert (project / ".skillgap-cache/README.txt").is_file()
    assert not (project / ".skillgap-cache/README.txt").is_symlink()


def test_a_cache_folder_linked_outside_is_not_used(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / ".skillgap-cache").symlink_to(outside)
    assert run("report")[0] == 0
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("folder, argv, option", [
    ("reports", ("report",), "--output FILE.html"),
    ("job_descriptions", ("add", "posting.txt"), "--jobs DIR"),
])
def test_default_folders_linked_outside_are_refused(project, tmp_path, folder, argv, option):
    outside = tmp_path / "outside"
    outside.mkdir()
    if folder == "job_descriptions":
        (project / "posting.txt").write_text(BODY, encoding="utf-8")
        (project / "job_descriptions/good.txt").rename(outside / "good.txt")
        (project / "job_descriptions").rmdir()
    (project / folder).symlink_to(outside)
    before = sorted(outside.iterdir())
    code, _, err = run(*argv)
    assert code == 2
    assert err.splitlines()[-1] == (f"error: {folder}: is a link to {outside}, outside this project — skillgap does "
                                    f"not write through it; remove the link, or pass {option}")
    assert sorted(outside.iterdir()) == before


@pytest.mark.parametrize("output, message", [
    ("report.txt", "report.txt: the report is an HTML file — use a name ending in .html, e.g. report.txt.html"),
    ("report", "report: the report is an HTML file — use a name ending in .html, e.g. report.html"),
])
def test_output_must_be_html(project, output, message):
    code, _, err = run("report", "--output", output)
    assert (code, err.splitlines()[-1]) == (2, f"error: {message}")
    assert not Path(output).exists()


def test_output_over_a_pipe_is_refused(project):
    os.mkfifo("pipe.html")
    code, _, err = run("report", "--output", "pipe.html")
    assert code == 2
    assert err.splitlines()[-1] == "error: pipe.html: is not a regular file (a device, pipe or socket) — choose " \
                                   "another --output"
    assert Path("pipe.html").is_fifo()


# ---------------------------------------------------------------- 3. history: bounded


def test_history_is_read_from_its_end_only(tmp_path, monkeypatch):
    path = tmp_path / "history.jsonl"
    for day in range(1, 29):
        append_snapshot(path, snapshot(f"2026-11-{day:02}"))
    monkeypatch.setattr(history, "MAX_BYTES", 1500)  # only the lines wholly within the last 1,500 bytes are read
    within = len(path.read_bytes()[-1500:].split(b"\n")[1:-1])
    snapshots, warnings = load_history(path, "alex")
    assert 3 < within < 28
    assert [s["generated_at"] for s in snapshots] == [f"2026-11-{day:02}" for day in range(29 - within, 29)]
    assert warnings == []


def test_history_keeps_the_newest_runs_when_it_grows_past_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(history, "MAX_BYTES", 4000)
    path = tmp_path / "history.jsonl"
    for day in range(1, 29):
        append_snapshot(path, snapshot(f"2026-11-{day:02}"))
        assert path.stat().st_size <= 4000
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["generated_at"] == "2026-11-28"
    assert all(json.loads(line) for line in lines)  # only whole lines are kept
    assert list(tmp_path.glob(".*.tmp")) == []


def test_a_full_disk_during_the_history_append_leaves_no_cut_line(tmp_path):
    """RLIMIT_FSIZE makes the kernel cut the write short exactly as a full disk does (EFBIG for ENOSPC)."""
    path = tmp_path / "history.jsonl"
    append_snapshot(path, snapshot("2026-11-01"))
    size = path.stat().st_size
    big = snapshot("2026-11-02", jobs=2000).to_dict()
    script = (
        "import json, resource, signal, sys\n"
        "from pathlib import Path\n"
        "from skillgap.history import append_snapshot\n"
        "from skillgap.results import GapReport\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({size + 1000}, {size + 1000}))\n"
        "try:\n"
        f"    append_snapshot(Path({str(path)!r}), GapReport.from_dict(json.loads(sys.stdin.read())))\n"
        "except OSError as err:\n"
        "    print('refused:', err.strerror)\n")
    done = subprocess.run([sys.executable, "-c", script], input=json.dumps(big), capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.stdout.startswith("refused: "), done.stderr
    assert path.stat().st_size == size
    snapshots, warnings = load_history(path, "alex")
    assert ([s["generated_at"] for s in snapshots], warnings) == (["2026-11-01"], [])


# ---------------------------------------------------------------- 6. processes and leftovers


def test_temp_files_of_killed_runs_are_removed_by_the_next_run(project):
    reports = project / "reports"
    reports.mkdir()
    stale = [reports / ".me-2026-01-01.html.ab12cd34.tmp", reports / ".history.jsonl.zz99yy88.tmp"]
    fresh = reports / ".me-2026-01-01.json.qq11ww22.tmp"
    mine = reports / ".notes.txt"
    for path in (*stale, fresh, mine):
        path.write_text("x", encoding="utf-8")
    old = time.time() - 3600
    for path in (*stale, mine):
        os.utime(path, (old, old))
    (project / "job_descriptions/.skillgap-add-0a1b2c3d.txt").write_text("x", encoding="utf-8")
    os.utime(project / "job_descriptions/.skillgap-add-0a1b2c3d.txt", (old, old))
    assert run("report")[0] == 0
    assert [p.exists() for p in (*stale, fresh, mine)] == [False, False, True, True]
    (project / "posting.txt").write_text(BODY.replace("Data", "Platform"), encoding="utf-8")
    assert run("add", "posting.txt")[0] == 0
    assert not (project / "job_descriptions/.skillgap-add-0a1b2c3d.txt").exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]) != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_a_cold_report_is_killed(project):
    folder = project / "job_descriptions"
    for number in range(600):
        (folder / f"p{number}.txt").write_text(f"Engineer {number}\n\nRequirements\n" + "- Python and SQL, Docker\n"
                                               * 200 + f"- item {number}\n", encoding="utf-8")
    env = {**os.environ, "SKILLGAP_WORKERS": "3", "SKILLGAP_CACHE_DIR": str(project / ".cache")}
    child = subprocess.Popen([sys.executable, "-m", "skillgap", "report", "--no-cache"], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
            workers = [pid for pid in _children(child.pid) if _alive(pid)]
        assert len(workers) >= 2, "the report finished before its workers could be seen"
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers))
    finally:
        if child.poll() is None:
            child.kill()


def test_a_planted_cache_entry_that_inflates_to_gigabytes_is_refused():
    import zlib

    from skillgap.cache import MAX_ENTRY_BYTES, decode_job

    bomb = b"\0\0\0\x02[]" + zlib.compress(b"\0" * (MAX_ENTRY_BYTES * 8), 9)  # an empty summary, then gigabytes
    with pytest.raises(ValueError, match="cache entry too large"):
        decode_job(bomb, "x.txt")


def test_a_history_of_garbage_is_given_up_on_after_twenty_lines(tmp_path):
    path = tmp_path / "history.jsonl"
    path.write_bytes(b"garbage\n" * 100_000)
    snapshots, warnings = load_history(path, "alex")
    assert snapshots == [] and len(warnings) == 21
    assert warnings[-1] == f"{path}: more than 20 unreadable lines — older runs are not read"


@pytest.mark.parametrize("output, extra", [
    ("job_descriptions/posting.html", []),                  # would replace a posting (and be read as one)
    ("job_descriptions/new/report.html", []),               # would be read as a posting next time
    ("alt/profile.html", ["--profile", "alt/profile.json"]),  # the JSON twin is the profile itself
])
def test_output_among_the_inputs_is_refused(project, output, extra):
    Path("job_descriptions/posting.html").write_text("<h1>Data Engineer</h1><p>Requirements: Python</p>", "utf-8")
    Path("alt").mkdir()
    Path("alt/profile.json").write_text('{"skills": {"Python": 3}}', encoding="utf-8")
    before = {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()}
    code, _, err = run("report", "--output", output, *extra)
    assert code == 2 and "skillgap only reads its inputs" in err.splitlines()[-1]
    assert {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()} == before


def test_a_history_hard_linked_elsewhere_is_never_appended_to(project, tmp_path):
    outside = tmp_path / "victim.jsonl"
    outside.write_text('{"precious": true}\n', encoding="utf-8")
    Path("reports").mkdir()
    os.link(outside, "reports/history.jsonl")
    code, _, err = run("report")
    assert code == 2 and "other hard links" in err.splitlines()[-1]
    assert outside.read_text(encoding="utf-8") == '{"precious": true}\n'
    assert list(Path("reports").glob("*.html"))  # the report itself is written (beside, by rename)


def test_stdout_on_a_full_disk_or_closed_is_one_line_not_a_traceback(project):
    for redirect in (">/dev/full", ">&-"):
        done = subprocess.run(f"{sys.executable} -m skillgap report {redirect}", shell=True, capture_output=True,
                              text=True, cwd=project, timeout=120)
        assert "Traceback" not in done.stderr
        assert list((project / "reports").glob("*.html"))  # the report is written whatever became of stdout
    assert done.returncode == 0 and done.stderr == ""      # closed stdout: silent


def test_a_json_file_that_is_not_a_report_twin_is_never_replaced(project):
    Path("notes.json").write_text('{"mine": true}\n', encoding="utf-8")
    code, _, err = run("report", "--output", "notes.html")
    assert code == 2 and "is not a skillgap report's JSON" in err.splitlines()[-1]
    assert Path("notes.json").read_text(encoding="utf-8") == '{"mine": true}\n'
    assert run("report", "--output", "r.html")[0] in (0, 1) and run("report", "--output", "r.html")[0] in (0, 1)
