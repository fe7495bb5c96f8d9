"""The performance benchmark runs end to end on a slice of the corpus and prints every figure."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BENCH = REPO / "tests" / "benchmarks" / "bench_extract.py"


@pytest.fixture
def corpus():
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not available")
    return SHARED / "corpus"


def test_the_benchmark_prints_its_figures(corpus, tmp_path):
    result = subprocess.run([sys.executable, str(BENCH), "--corpus", str(corpus), "--limit", "20",
                             "--json", str(tmp_path / "figures.json")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for label in ("extraction, 1 process:", "bare Aho-Corasick scan:", "ratio extraction / bare scan:",
                  "report, cold cache:", "report, warm cache:", "report, one posting added:",
                  "extract, corpus x1:", "extract, corpus x10-copies:", "extract, corpus x10-distinct:",
                  "report, corpus x10-distinct, warm:"):
        assert label in out
    assert re.search(r"extraction, 1 process: +[\d,]+ postings/s +[\d.]+ MB/s", out)
    assert re.search(r"report, cold cache: +[\d.]+ s wall, peak RSS \d+ MB", out)
    assert "extra work over the warm run" in out
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert figures["postings"] == 20
    assert figures["replicated"]["x10-copies"]["kept"] == figures["replicated"]["x1"]["kept"]
    assert figures["replicated"]["x10-distinct"]["files"] == 200


def test_a_missing_corpus_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, str(BENCH), "--corpus", str(tmp_path / "nowhere")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "corpus not found" in result.stderr and "../shared/corpus" in result.stderr


def test_the_command_benchmark_times_each_command_and_prints_a_table(corpus, tmp_path):
    result = subprocess.run([sys.executable, str(BENCH.with_name("bench_commands.py")), "--corpus", str(corpus),
                             "--limit", "12", "--synthetic", "30", "--runs", "1", "--json", str(tmp_path / "rows.json")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    table = result.stdout[result.stdout.index("| command |"):]
    assert re.search(r"Machine: \d+ CPUs, .+, Python 3\.\d+", result.stdout)
    for label in ("extract --format json`, corpus, 1 process, cold cache", "2 processes, warm cache",
                  "2 processes, --no-cache", "`skillgap report`, corpus, cold cache", "`skillgap report`, corpus, warm cache",
                  "`skillgap report`, 30 synthetic, cold cache", "`skillgap report`, 30 synthetic, warm cache"):
        assert label in table
    rows = {row["label"]: row for row in json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))["rows"]}
    synthetic = rows["`skillgap report`, 30 synthetic, cold cache"]
    assert synthetic["postings"] == 30 and len(synthetic["wall_s"]) == 1
    assert synthetic["output_mb"][0] > 0 and synthetic["peak_rss_mb"][0] > 0  # the JSON twin's size, the RSS


def test_synthetic_postings_are_all_distinct_postings(corpus, tmp_path):
    sys.path.insert(0, str(BENCH.parent))
    from bench_commands import make_synthetic

    from skillgap.analysis import extract_paths
    from skillgap.load import discover
    from skillgap.taxonomy import load_taxonomy

    files, _ = discover([corpus])
    sample = files[:3] + [f for f in files if f.suffix == ".html"][:1]
    assert make_synthetic(sample, tmp_path / "synthetic", 10) == 10
    run = extract_paths([tmp_path / "synthetic"], load_taxonomy(None), cache_dir=None, workers=1)
    assert len(run.jobs) == 10 and not run.notes and not run.problems  # no copy collapsed into another
