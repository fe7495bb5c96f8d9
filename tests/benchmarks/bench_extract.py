#!/usr/bin/env python3
"""Benchmark extraction and `skillgap report` on the shared corpus (README, "Performance").

    python tests/benchmarks/bench_extract.py                 # the whole corpus, every figure
    python tests/benchmarks/bench_extract.py --limit 200     # a slice, for a quick look

Prints, for the postings in ../shared/corpus (next to the repository):
  1. extraction end to end (read, decode, clean, sections, extract) in one process and in worker
     processes, in postings/s and MB/s, against a bare Aho-Corasick scan (pyahocorasick `iter`
     over the lower-cased raw text with the same aliases, no boundary checks) measured in the
     same run, and their ratio;
  2. `skillgap report` over all of them (a subprocess): wall time and peak RSS, with a cold and a
     warm cache, and after adding one posting;
  3. peak memory with the corpus replicated 10 times (copies of the same files, then 10 distinct
     variants of each), to show that memory follows the distinct postings, not the bytes read;
     then `skillgap report` over the 10 distinct variants, from the cache that run filled.

Wall times depend on the machine and on what else runs on it; each figure is the best of
`--repeat` runs where that is cheap. Exit status 2 when the corpus is missing.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
PROFILE = REPO / "examples" / "profiles" / "me.yaml"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of postings (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N postings (0: all)")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (default: one per CPU)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the extraction timings; the best is shown")
    parser.add_argument("--skip-report", action="store_true", help="skip the `skillgap report` runs")
    parser.add_argument("--skip-x10", action="store_true", help="skip the corpus replicated ten times")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench_extract: corpus not found at {args.corpus} — the benchmark needs ../shared/corpus next to the "
              "repository (or pass --corpus DIR)", file=sys.stderr)
        return 2

    from skillgap.load import discover
    from skillgap.taxonomy import load_taxonomy

    files, _ = discover([args.corpus])  # index.csv and other non-postings are reported by discover, not timed
    if args.limit:
        files = files[:args.limit]
    size = sum(f.stat().st_size for f in files)
    taxonomy = load_taxonomy(None)
    compile_bytecode()
    figures: dict[str, object] = {"postings": len(files), "bytes": size, "cpus": os.cpu_count()}
    print(f"corpus: {len(files):,} postings, {size / 1e6:.1f} MB ({args.corpus})")

    one = best(args.repeat, lambda: extract_in_process(files, taxonomy))
    bare = best(args.repeat, lambda: bare_scan(files, taxonomy))
    workers = args.workers or None
    parallel, used = min(extract_with_workers(files, workers) for _ in range(max(1, args.repeat)))
    figures.update(extract_1_process_s=one, bare_scan_s=bare, extract_workers_s=parallel, workers=used)
    print(rate("extraction, 1 process", len(files), size, one))
    print(rate("bare Aho-Corasick scan", len(files), size, bare))
    print(f"ratio extraction / bare scan: {one / bare:.1f}x in 1 process, {parallel / bare:.1f}x with "
          f"{used} process{'es' if used > 1 else ''}")
    print(rate(f"extract_paths, {used} process{'es' if used > 1 else ''}", len(files), size, parallel) +
          "  (no cache, start-up included)")

    if not args.skip_report:
        figures.update(report_runs(files, workers))
    if not args.skip_x10:
        figures.update(replicated(files, workers))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


# ---------------------------------------------------------------- in-process timings


def best(repeat: int, run) -> float:
    """Return the shortest wall time of `repeat` runs of `run()`."""
    return min(run() for _ in range(max(1, repeat)))


def extract_in_process(files: list[Path], taxonomy) -> float:
    """Time read → decode → clean → sections → extract for every file, in this process (after a warm-up)."""
    from skillgap.errors import InputError
    from skillgap.extract import Matcher, extract_document
    from skillgap.load import read_document

    matcher = Matcher(taxonomy)
    for path in files[:50]:  # compile what is compiled on first use, as a long run would have
        try:
            extract_document(read_document(path, str(path)), taxonomy, matcher)
        except InputError:
            pass
    start = time.perf_counter()
    for path in files:
        try:
            extract_document(read_document(path, str(path)), taxonomy, matcher)
        except InputError:
            pass
    return time.perf_counter() - start


def bare_scan(files: list[Path], taxonomy) -> float:
    """Time the floor: read each file, decode it, lower-case it and run the alias automaton over it."""
    import ahocorasick

    from skillgap.extract import Matcher

    automaton = ahocorasick.Automaton()  # the same aliases, built outside the timing
    for key in Matcher(taxonomy).alias_keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    start = time.perf_counter()
    hits = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace").lower()
        for _ in automaton.iter(text):
            hits += 1
    return time.perf_counter() - start


def extract_with_workers(files: list[Path], workers: int | None) -> tuple[float, int]:
    """Time `extract_paths` without a cache in a fresh process: worker start-up and matcher builds included."""
    with tempfile.TemporaryDirectory(prefix="skillgap-bench-") as tmp:
        link_postings(files, Path(tmp) / "jobs")
        env = {**os.environ, **({"SKILLGAP_WORKERS": str(workers)} if workers else {})}
        figure = measure([sys.executable, "-c", _TIMED_EXTRACT, str(Path(tmp) / "jobs")], Path(tmp), env)
    result = json.loads(figure["stdout"].strip().splitlines()[-1])
    return result["seconds"], result["workers"]


_TIMED_EXTRACT = """
import json, sys, time
from pathlib import Path
from skillgap.analysis import extract_paths
from skillgap.taxonomy import load_taxonomy
taxonomy = load_taxonomy(None)
start = time.perf_counter()
run = extract_paths([Path(sys.argv[1])], taxonomy, cache_dir=None)
print(json.dumps({"seconds": time.perf_counter() - start, "workers": run.stats["workers"]}))
"""


def compile_bytecode() -> None:
    """Compile skillgap's modules to bytecode once, as an installed copy has them (pip compiles on install).

    Where PYTHONDONTWRITEBYTECODE is set (this project's sandboxes do), an editable checkout has none,
    and every timed command would compile skillgap's source anew: a quarter of a second per process.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "skillgap")], check=True)


def rate(label: str, count: int, size: int, seconds: float) -> str:
    return f"{label + ':':34} {count / seconds:8,.0f} postings/s {size / seconds / 1e6:7.2f} MB/s  ({seconds:.2f} s)"


# ---------------------------------------------------------------- skillgap report, as a user runs it


def report_runs(files: list[Path], workers: int | None) -> dict:
    """Run `skillgap report` cold, warm and after adding one posting; print wall time and memory."""
    figures = {}
    with tempfile.TemporaryDirectory(prefix="skillgap-bench-") as tmp:
        project = Path(tmp)
        link_postings(files, project / "jobs")
        (project / "profiles").mkdir()
        shutil.copy(PROFILE, project / "profiles" / "me.yaml")
        env = {**os.environ, "SKILLGAP_CACHE_DIR": str(project / "cache")}
        if workers:
            env["SKILLGAP_WORKERS"] = str(workers)
        command = [sys.executable, "-m", "skillgap", "report", "--jobs", "jobs", "--profile", "profiles/me.yaml",
                   "--output", "reports/bench.html"]
        for label in ("cold cache", "warm cache"):
            figures[label] = measure(command, project, env)
            figures[label].pop("stdout")
            print(report_line(f"report, {label}", figures[label]))
        added = project / "jobs" / "zz-added-posting.txt"
        added.write_text(files[0].read_text(encoding="utf-8", errors="replace") + "\n\n(added for the benchmark)\n",
                         encoding="utf-8")
        figures["one posting added"] = measure(command, project, env)
        figures["one posting added"].pop("stdout")
        extra = figures["one posting added"]["wall_s"] - figures["warm cache"]["wall_s"]
        print(report_line("report, one posting added", figures["one posting added"]) +
              f"  (extra work over the warm run: {extra:+.2f} s)")
    return {"report": figures}


def link_postings(files: list[Path], folder: Path, copies: int = 1, distinct: bool = False) -> None:
    """Put the postings in `folder`: symbolic links, or real copies (`copies` > 1), each copy distinct or not."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, path in enumerate(files):
        name = f"{number:05d}-{path.name}"
        if copies == 1:
            (folder / name).symlink_to(path.resolve())
            continue
        data = path.read_bytes()
        for copy in range(copies):
            target = folder / f"copy{copy}" / name
            target.parent.mkdir(exist_ok=True)
            # A distinct copy differs by a line at the end: another posting as far as skillgap can tell.
            target.write_bytes(data + f"\n\nref {copy}-{number}\n".encode() if distinct else data)


def measure(command: list[str], cwd: Path, env: dict) -> dict:
    """Run a command; return its wall time, CPU time, the peak RSS of its largest process and the peak PSS of its tree.

    PSS (proportional set size) counts memory shared by forked workers once, so the tree's figure is
    what the run costs the machine; the largest process's RSS comes from the kernel (wait4), and so
    does the CPU time, the workers' included, which other work on the machine barely changes.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode not in (0, 1):
        raise SystemExit(f"bench_extract: {' '.join(command[2:5])} failed ({process.returncode}): {stderr[-800:]}")
    rss_kb = sampler.largest or (usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024)
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(rss_kb / 1024, 1), "tree_pss_mb": round(sampler.total / 1024, 1), "stdout": stdout}


def report_line(label: str, figure: dict) -> str:
    tree = f", whole process tree {figure['tree_pss_mb']:.0f} MB PSS" if figure["tree_pss_mb"] else ""
    return f"{label + ':':34} {figure['wall_s']:8.2f} s wall, peak RSS {figure['peak_rss_mb']:.0f} MB{tree}"


class _TreeSampler(threading.Thread):
    """Sample the memory of a process and its descendants from /proc (Linux; zero elsewhere)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.total = 0  # KB, the largest sum of PSS seen
        self.largest = 0  # KB, the largest VmHWM of one process of the tree
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            tree = _descendants(self.pid)
            self.total = max(self.total, sum(_pss_kb(pid) for pid in tree))
            self.largest = max(self.largest, *(_hwm_kb(pid) for pid in tree), 0)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _hwm_kb(pid: int) -> int:
    """A process's own peak RSS (VmHWM), which starts afresh at exec: unlike wait4's ru_maxrss, which on
    Linux starts at the RSS of the parent that forked it (this script, after it parsed a run's output)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------- memory with ten times the corpus


def replicated(files: list[Path], workers: int | None) -> dict:
    """Extract the corpus ×1 and ×10 (copies, then distinct variants) in a subprocess; print time and memory."""
    figures = {}
    env = {**os.environ, **({"SKILLGAP_WORKERS": str(workers)} if workers else {})}
    with tempfile.TemporaryDirectory(prefix="skillgap-bench-x10-") as tmp:
        root = Path(tmp)
        (root / "empty").mkdir()
        link_postings(files, root / "x1")
        link_postings(files, root / "x10-copies", copies=10)
        link_postings(files, root / "x10-distinct", copies=10, distinct=True)
        baseline = measure([sys.executable, "-c", _EXTRACT_ONLY, str(root / "empty"), str(root / "cache-empty")],
                           root, env)["peak_rss_mb"]
        for name in ("x1", "x10-copies", "x10-distinct"):
            figure = measure([sys.executable, "-c", _EXTRACT_ONLY, str(root / name), str(root / f"cache-{name}")],
                             root, env)
            figure.update(json.loads(figure.pop("stdout").strip().splitlines()[-1]))
            figure["over_empty_run_mb"] = round(figure["peak_rss_mb"] - baseline, 1)
            figures[name] = figure
            per_posting = figure["over_empty_run_mb"] * 1024 / max(figure["kept"], 1)
            print(f"{'extract, corpus ' + name + ':':34} {figure['wall_s']:8.2f} s wall, peak RSS "
                  f"{figure['peak_rss_mb']:.0f} MB (+{figure['over_empty_run_mb']:.0f} MB over no postings) for "
                  f"{figure['files']:,} files, {figure['kept']:,} postings kept, {per_posting:.1f} KB each")
        (root / "profiles").mkdir()
        shutil.copy(PROFILE, root / "profiles" / "me.yaml")
        report = measure([sys.executable, "-m", "skillgap", "report", "--jobs", "x10-distinct", "--profile",
                          "profiles/me.yaml", "--output", "reports/x10.html"], root,
                         {**env, "SKILLGAP_CACHE_DIR": str(root / "cache-x10-distinct")})
        report.pop("stdout")
        figures["report x10-distinct"] = report
        print(report_line("report, corpus x10-distinct, warm", report) +
              f"  ({figures['x10-distinct']['kept']:,} postings)")
    figures["empty_run_mb"] = baseline
    return {"replicated": figures}


# Extraction alone, as `skillgap report` runs it (cache on), then what stays in memory.
_EXTRACT_ONLY = """
import json, sys
from pathlib import Path
from skillgap.analysis import extract_paths
from skillgap.taxonomy import load_taxonomy
run = extract_paths([Path(sys.argv[1])], load_taxonomy(None), cache_dir=Path(sys.argv[2]))
print(json.dumps({"files": run.stats["files"], "kept": len(run.jobs), "extracted": run.stats["extracted"],
                  "copies": run.stats["copies"], "workers": run.stats["workers"]}))
"""


if __name__ == "__main__":
    sys.exit(main())
