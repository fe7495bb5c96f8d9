"""`skillgap watch`: reruns on changes, survives a broken profile, stops on Ctrl-C or a stop event."""
from __future__ import annotations

import _thread
import io
import threading
import time
from pathlib import Path

import pytest
from loop_helpers import EN_POSTING, KO_POSTING, run

from skillgap.cli import main
from skillgap.errors import ProfileError
from skillgap.watch import change_filter, watch_loop

PATIENCE_S = 15


def wait_for(condition, poke=None, timeout=PATIENCE_S):
    """Poll `condition` until true; call `poke` now and every 2 s meanwhile (a change made while the
    watcher is still starting is not seen, so it is made again)."""
    deadline = time.monotonic() + timeout
    next_poke = 0.0
    while time.monotonic() < deadline:
        if condition():
            return
        if poke and time.monotonic() >= next_poke:
            poke()
            next_poke = time.monotonic() + 2
        time.sleep(0.02)
    raise AssertionError("timed out waiting for the watcher")


@pytest.fixture
def folders(tmp_path):
    (tmp_path / "job_descriptions/sub").mkdir(parents=True)
    (tmp_path / "profiles").mkdir()
    return tmp_path


@pytest.mark.parametrize("relative, wanted", [
    ("job_descriptions/new.md", True),
    ("job_descriptions/sub/page.HTML", True),
    ("profiles/me.yaml", True),
    ("profiles/taxonomy.yaml", True),
    ("job_descriptions/.new.md.swp", False),
    ("job_descriptions/.skillgap-add-1a2b.md", False),
    ("job_descriptions/notes.md~", False),
    ("job_descriptions/cv.pdf", False),
    ("job_descriptions/.cache/x.md", False),
    ("profiles/.me.yaml.tmp", False),
    ("profiles/old/me.yaml", False),
    ("reports/me.html", False),
    ("job_descriptions/report.html", False),
])
def test_change_filter(folders, relative, wanted):
    keep = change_filter(folders / "job_descriptions", folders / "profiles",
                         ignore=[folders / "job_descriptions/report.html"])
    assert keep(None, str((folders / relative).resolve())) is wanted


def test_loop_runs_at_start_and_after_each_change_until_stopped(folders):
    out, err = io.StringIO(), io.StringIO()
    runs = []
    stop = threading.Event()

    def run_once():
        runs.append(time.monotonic())
        if len(runs) == 2:
            raise ProfileError("profiles/me.yaml", ["invalid YAML at line 2, column 3: oops"])

    thread = threading.Thread(target=watch_loop, args=(run_once, folders / "job_descriptions",
                                                       folders / "profiles", out, err),
                              kwargs={"debounce_ms": 50, "stop_event": stop})
    thread.start()
    try:
        wait_for(lambda: "watching" in out.getvalue())
        posting = folders / "job_descriptions/sub/new.md"
        wait_for(lambda: len(runs) >= 2, poke=lambda: posting.write_text(KO_POSTING + str(time.time())))
        profile = folders / "profiles/me.yaml"
        wait_for(lambda: len(runs) >= 3, poke=lambda: profile.write_text(f"skills: {{}}  # {time.time()}\n"))
    finally:
        stop.set()
        thread.join(timeout=PATIENCE_S)
    assert not thread.is_alive()
    assert err.getvalue() == "error: profiles/me.yaml: invalid YAML at line 2, column 3: oops\n"
    lines = out.getvalue().splitlines()
    assert lines[0] == f"watching {folders / 'job_descriptions'}/ and {folders / 'profiles'}/ — press Ctrl-C to stop"
    assert lines[-1] == "stopped watching"
    assert f"changed: {(folders / 'job_descriptions/sub/new.md').resolve()}" in lines


def test_missing_folder_is_a_usage_error(mini_project):
    (mini_project / "profiles").mkdir()
    (mini_project / "profiles" / "me.yaml").write_text("skills:\n  Python: 3\n", encoding="utf-8")
    code, out, err = run("watch")
    assert (code, out) == (2, "")
    assert err == "error: job_descriptions: folder not found — create it or pass --jobs DIR\n"


def test_cli_regenerates_on_change_keeps_going_after_errors_and_exits_0_on_ctrl_c(mini_project):
    (mini_project / "job_descriptions").mkdir()
    (mini_project / "job_descriptions/ko-ml.md").write_text(KO_POSTING, encoding="utf-8")
    (mini_project / "profiles").mkdir()
    profile = mini_project / "profiles/me.yaml"
    profile.write_text("name: 지우\nlanguage: en\nskills:\n  Python: 4\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    finished = threading.Event()

    def user():
        """Act as the person at the keyboard: break the profile, fix it, add a posting, press Ctrl-C."""
        try:
            wait_for(lambda: "watching" in out.getvalue())
            wait_for(lambda: "error: profiles/me.yaml" in err.getvalue(),
                     poke=lambda: profile.write_text("skills:\n  Python: [\n", encoding="utf-8"))
            wait_for(lambda: out.getvalue().count("Overall match") >= 2,
                     poke=lambda: profile.write_text("language: en\nskills:\n  Python: 4\n  Kubernetes: 3\n",
                                                     encoding="utf-8"))
            posting = mini_project / "job_descriptions/en-de.txt"
            wait_for(lambda: out.getvalue().count("Overall match") >= 3,
                     poke=lambda: posting.write_text(EN_POSTING + f"\n{time.time()}\n", encoding="utf-8"))
        finally:
            # What Ctrl-C does; pressed again if the first one landed where Python ignores it (a finalizer).
            for _ in range(3):
                if finished.is_set():
                    break
                _thread.interrupt_main()
                finished.wait(PATIENCE_S / 3)

    helper = threading.Thread(target=user)
    helper.start()
    try:
        code = main(["watch"], out, err)
    finally:
        finished.set()
        helper.join(timeout=PATIENCE_S)
    assert code == 0
    lines = out.getvalue().splitlines()
    report = str(Path("reports") / f"me-{time.strftime('%Y-%m-%d')}.html")
    assert lines[lines.index("watching job_descriptions/ and profiles/ — press Ctrl-C to stop") - 1] == report
    changes = [line for line in lines if line.startswith("changed: ")]
    assert changes[0] == "changed: profiles/me.yaml"
    assert any("job_descriptions/en-de.txt" in line for line in changes)
    assert err.getvalue().startswith("error: profiles/me.yaml: invalid YAML at line 3")
    # One run at start and one per change; each either wrote the report or printed its error.
    assert lines.count(report) + err.getvalue().count("error: ") == 1 + len(changes)
    assert lines[-1] == "stopped watching"
    assert (mini_project / report).is_file() and (mini_project / report).with_suffix(".json").is_file()
