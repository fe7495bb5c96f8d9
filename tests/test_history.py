"""Tests for skillgap.history: the run log and progress between runs."""
import json
from pathlib import Path

import pytest

from skillgap.history import append_snapshot, compare, load_history, make_snapshot
from loop_helpers import typed

FIXTURES = Path(__file__).parent / "fixtures"


def load(name):
    return json.loads((FIXTURES / f"analysis_{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def previous():
    return load("en_previous")


@pytest.fixture
def current():
    return load("en")


def test_append_then_load_in_order(tmp_path, previous, current):
    path = tmp_path / "reports" / "history.jsonl"
    append_snapshot(path, typed(previous))
    append_snapshot(path, typed(current))
    append_snapshot(path, typed(load("ko")))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    snapshots, warnings = load_history(path, "alex")
    assert warnings == []
    assert [s["generated_at"] for s in snapshots] == [previous["generated_at"], current["generated_at"]]
    assert snapshots[1]["overall_match"] == current["overall_match"]
    assert snapshots[1]["jobs"]["job_descriptions/northwind-senior-ds.md"] == 0.87
    assert snapshots[1]["skills"]["dbt"] == {"name": "dbt", "name_ko": None, "gap": 0.27, "level": 0, "target": 3,
                                             "demand": 0.33}
    ko, _ = load_history(path, "me")
    assert ko[0]["skills"]["kubernetes"]["name_ko"] == "쿠버네티스"


def test_only_the_last_snapshots_are_kept_when_asked(tmp_path, previous, current):
    path = tmp_path / "history.jsonl"
    for number in range(5):
        append_snapshot(path, typed({**(previous if number % 2 else current), "generated_at": f"2026-11-0{number + 1}"}))
    append_snapshot(path, typed(load("ko")))
    with open(path, "a", encoding="utf-8") as f:
        f.write("{not json\n")
    snapshots, warnings = load_history(path, "alex", last=2)
    assert [s["generated_at"] for s in snapshots] == ["2026-11-04", "2026-11-05"]
    assert snapshots[0]["overall_match"] == previous["overall_match"]
    assert warnings == [f"{path}: line 1 from the end is not valid JSON — skipped"]


def test_missing_history_is_empty(tmp_path):
    assert load_history(tmp_path / "nope.jsonl", "me") == ([], [])


def test_corrupt_lines_are_skipped_with_a_warning(tmp_path, previous, current):
    path = tmp_path / "history.jsonl"
    append_snapshot(path, typed(previous))
    with open(path, "a", encoding="utf-8") as f:
        f.write("{not json\n")
        f.write('["a list"]\n')
    append_snapshot(path, typed(current))
    snapshots, warnings = load_history(path, "alex")
    assert [s["generated_at"] for s in snapshots] == [previous["generated_at"], current["generated_at"]]
    assert warnings == [f"{path}: line 2 from the end is not a skillgap snapshot — skipped",
                        f"{path}: line 3 from the end is not valid JSON — skipped"]


def test_a_line_cut_short_does_not_swallow_the_next_one(tmp_path, previous, current):
    path = tmp_path / "history.jsonl"
    append_snapshot(path, typed(previous))
    with open(path, "a", encoding="utf-8") as f:
        f.write('{"v": 1, "generated_at": "2026-11-0')  # a crash mid-write: no newline
    append_snapshot(path, typed(current))
    snapshots, warnings = load_history(path, "alex")
    assert [s["generated_at"] for s in snapshots] == [previous["generated_at"], current["generated_at"]]
    assert len(warnings) == 1 and "line 2" in warnings[0]


def test_snapshot_keeps_every_demanded_skill_and_strengths():
    gaps = [{"rank": i + 1, "id": f"s{i}", "name": f"S{i}", "gap_score": round(1 - i / 100, 2), "demand": 0.5,
             "your_level": 0, "target_level": 3} for i in range(80)]
    strengths = [{"id": "python", "name": "Python", "your_level": 4, "target_level": 3, "demand": 1.0}]
    snapshot = make_snapshot(typed({"profile": "me", "generated_at": "2026-11-23T10:00:00+09:00", "overall_match": 0.5,
                              "jobs": [], "gaps": gaps, "strengths": strengths}))
    assert len(snapshot["skills"]) == 81
    assert "s79" in snapshot["skills"]
    assert snapshot["skills"]["python"]["gap"] == 0.0


def test_compare_reports_closed_narrowed_new_and_jobs(previous, current):
    progress = compare(make_snapshot(typed(previous)), make_snapshot(typed(current)))
    assert progress.match_before == 0.62 and progress.match_after == 0.64
    assert progress.match_delta == pytest.approx(0.02)
    # Tableau (2 → 3) and CI/CD (1 → 2) now meet what postings expect.
    assert [c.id for c in progress.gaps_closed] == ["tableau", "ci-cd"]
    assert progress.gaps_closed[0].level_before == 2 and progress.gaps_closed[0].level_after == 3
    narrowed = {c.id: (c.before, c.after) for c in progress.gaps_narrowed}
    assert narrowed["docker"] == (0.33, 0.22)
    assert "dbt" not in narrowed  # unchanged
    assert [c.id for c in progress.new_demands] == ["recommender-systems", "elasticsearch"]
    assert progress.jobs_added == ("job_descriptions/orbit-applied-scientist.json",)
    assert progress.jobs_removed == ("job_descriptions/lighthouse-bi-analyst.md",)


def test_compare_same_snapshot_shows_no_change(current):
    snapshot = make_snapshot(typed(current))
    progress = compare(snapshot, snapshot)
    assert progress.match_delta == 0
    assert progress.gaps_closed == progress.gaps_narrowed == progress.new_demands == ()
    assert progress.jobs_added == progress.jobs_removed == ()


def test_a_skill_no_longer_asked_for_is_not_counted_as_closed(previous, current):
    before = make_snapshot(typed(previous))
    after = make_snapshot(typed(current))
    del after["skills"]["dbt"]  # no posting asks for dbt any more
    progress = compare(before, after)
    assert "dbt" not in {c.id for c in progress.gaps_closed}


def test_a_skill_that_moves_up_the_ranking_is_not_a_new_demand():
    def analysis(stamp, gaps):
        return {"profile": "me", "generated_at": stamp, "overall_match": 0.5, "jobs": [], "strengths": [],
                "gaps": [{"rank": i + 1, "id": sid, "name": sid, "gap_score": score, "demand": 0.5,
                          "your_level": 0, "target_level": 3} for i, (sid, score) in enumerate(gaps)]}

    before = analysis("2026-11-01T10:00:00+09:00", [(f"s{i}", 0.9 - i / 100) for i in range(70)])
    after = analysis("2026-11-02T10:00:00+09:00", [(f"s{i}", 0.9 - i / 100) for i in range(1, 70)] + [("new", 0.2)])
    progress = compare(make_snapshot(typed(before)), make_snapshot(typed(after)))
    assert [c.id for c in progress.new_demands] == ["new"]
