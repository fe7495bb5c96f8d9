#!/usr/bin/env python3
"""Time the user's commands as processes, end to end, cold and warm cache (README, "Performance").

    python tests/benchmarks/bench_commands.py                        # corpus + 200,000 synthetic postings
    python tests/benchmarks/bench_commands.py --synthetic 20000      # a smaller synthetic folder
    python tests/benchmarks/bench_commands.py --synthetic 0 --runs 1 # the corpus rows only, once

Every row is `--runs` runs of a fresh `python -m skillgap` process, its modules compiled to bytecode
beforehand as an installed copy's are (wall time from start to exit,
CPU time of the whole tree, peak RSS of its largest process, both from wait4, JSON output size),
shown as the median with the range. CPU time is the figure other work on the machine changes least. Rows:
  - `skillgap extract --format json` over the corpus with 1 and with 2 processes (SKILLGAP_WORKERS),
    cold (empty cache folder) and warm, and with --no-cache; against the bare Aho-Corasick scan of
    bench_extract.py, measured in this same run, in-process (the floor: no start-up, no output);
  - `skillgap report` over the corpus, cold and warm;
  - `skillgap report` over `--synthetic` postings made from the corpus files, each copy changed by
    a line so that no two are the same posting: cold and warm, with the JSON twin's size.
Ends with a markdown table and the machine (CPUs, model, Python). Exit status 2 without a corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import DEFAULT_CORPUS, PROFILE, REPO, bare_scan, compile_bytecode, link_postings, measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of postings (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N corpus postings (0: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default: %(default)s)")
    parser.add_argument("--synthetic", type=int, default=200_000,
                        help="postings in the synthetic report folder (default: %(default)s; 0 skips it)")
    parser.add_argument("--workers", default="1,2", help="process counts of the extract rows (default: %(default)s)")
    parser.add_argument("--skip-extract", action="store_true", help="leave out the extract rows")
    parser.add_argument("--json", type=Path, help="also write every run's figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench_commands: corpus not found at {args.corpus} — the benchmark needs ../shared/corpus next to "
              "the repository (or pass --corpus DIR)", file=sys.stderr)
        return 2

    from skillgap.load import discover
    from skillgap.taxonomy import load_taxonomy

    files, _ = discover([args.corpus])
    if args.limit:
        files = files[:args.limit]
    runs = max(1, args.runs)
    compile_bytecode()
    rows: list[dict] = []
    machine = machine_info()
    print(f"machine: {machine}\ncorpus: {len(files):,} postings; {runs} run(s) of each command", flush=True)
    with tempfile.TemporaryDirectory(prefix="skillgap-bench-cmd-") as tmp:
        root = Path(tmp)
        link_postings(files, root / "corpus")
        (root / "profiles").mkdir()
        shutil.copy(PROFILE, root / "profiles" / "me.yaml")
        if not args.skip_extract:
            taxonomy = load_taxonomy(None)
            floor = [bare_scan(files, taxonomy) for _ in range(runs)]
            rows.append(row("bare Aho-Corasick scan, in-process (the floor)", len(files),
                            [{"wall_s": s, "cpu_s": s, "peak_rss_mb": 0.0, "output_mb": 0.0} for s in floor]))
            for workers in (int(n) for n in args.workers.split(",")):
                rows += extract_rows(root, len(files), workers, runs)
        rows += report_rows(root, "corpus", "corpus", len(files), runs)
        if args.synthetic:
            started = time.perf_counter()
            made = make_synthetic(files, root / "synthetic", args.synthetic)
            print(f"(made {made:,} synthetic postings in {time.perf_counter() - started:.0f} s)", flush=True)
            rows += report_rows(root, "synthetic", f"{made:,} synthetic", made, runs)
    floor_s = statistics.median(rows[0]["wall_s"]) if not args.skip_extract else None
    print()
    print(markdown(rows, machine, floor_s))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


def machine_info() -> str:
    """CPU count and model, Python, and the commit measured."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    return f"{os.cpu_count()} CPUs, {model}, Python {platform.python_version()}, skillgap at {commit}"


def run_command(command: list[str], cwd: Path, env: dict, output: Path | None = None) -> dict:
    """One run of a command: wall time, peak RSS, and the size of `output` (or of stdout) in MB."""
    figure = measure(command, cwd, env)
    stdout = figure.pop("stdout")
    size = output.stat().st_size if output else len(stdout.encode("utf-8"))
    figure["output_mb"] = round(size / 1e6, 2)
    if output is None and stdout.lstrip().startswith("["):
        figure["items"] = len(json.loads(stdout))  # the extract contract holds: one object per posting
    return figure


def extract_rows(root: Path, count: int, workers: int, runs: int) -> list[dict]:
    """`skillgap extract --format json` over the corpus: cold cache, warm cache, no cache."""
    env = {**os.environ, "SKILLGAP_WORKERS": str(workers)}
    base = [sys.executable, "-m", "skillgap", "extract", "corpus", "--format", "json"]
    cold, warm = [], []
    for number in range(runs):
        env["SKILLGAP_CACHE_DIR"] = str(root / f"cache-extract-{workers}-{number}")
        cold.append(run_command(base, root, env))
        warm.append(run_command(base, root, env))
    none = [run_command(base + ["--no-cache"], root, env) for _ in range(runs)]
    label = f"`skillgap extract --format json`, corpus, {workers} process{'es' if workers > 1 else ''}"
    return [row(f"{label}, cold cache", count, cold), row(f"{label}, warm cache", count, warm),
            row(f"{label}, --no-cache", count, none)]


def report_rows(root: Path, folder: str, name: str, count: int, runs: int) -> list[dict]:
    """`skillgap report` over a folder: each cold run with an empty cache, each warm run right after one."""
    command = [sys.executable, "-m", "skillgap", "report", "--jobs", folder, "--profile", "profiles/me.yaml",
               "--output", f"reports-{folder}/bench.html"]
    twin = root / f"reports-{folder}" / "bench.json"
    cold, warm = [], []
    for number in range(runs):
        env = {**os.environ, "SKILLGAP_CACHE_DIR": str(root / f"cache-{folder}-{number}")}
        cold.append(run_command(command, root, env, twin))
        warm.append(run_command(command, root, env, twin))
        shutil.rmtree(root / f"cache-{folder}-{number}")  # 200,000 entries take room
    return [row(f"`skillgap report`, {name}, cold cache", count, cold),
            row(f"`skillgap report`, {name}, warm cache", count, warm)]


def row(label: str, count: int, figures: list[dict]) -> dict:
    """Collect a row's runs and print it at once, so a long benchmark shows progress."""
    walls = [f["wall_s"] for f in figures]
    result = {"label": label, "postings": count, "wall_s": walls, "cpu_s": [f["cpu_s"] for f in figures],
              "peak_rss_mb": [f["peak_rss_mb"] for f in figures], "output_mb": [f["output_mb"] for f in figures]}
    print(f"{label}: {spread(walls, 's')}, CPU {spread(result['cpu_s'], 's')}, "
          f"{count / statistics.median(walls):,.0f} postings/s, "
          f"peak RSS {spread(result['peak_rss_mb'], ' MB', 0)}, output {spread(result['output_mb'], ' MB', 1)}",
          flush=True)
    return result


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    """'median unit (min–max)' — the median because other work on the machine only ever adds time."""
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:,.{digits}f}{unit}"
    return f"{middle:,.{digits}f}{unit} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def make_synthetic(files: list[Path], folder: Path, count: int) -> int:
    """Write `count` postings cycling over `files`, each copy with its own reference line (so none is a duplicate)."""
    folder.mkdir(parents=True)
    texts = [path.read_bytes() for path in files]
    per_folder = 5000  # a few thousand files per folder, as a user's sub-folders would be
    for number in range(count):
        source = files[number % len(files)]
        data = texts[number % len(texts)]
        mark = f"\n\nReference: SG-{number:06d}\n".encode()
        if source.suffix in (".html", ".htm"):
            cut = data.rfind(b"</body>")
            data = data[:cut] + b"<p>" + mark + b"</p>" + data[cut:] if cut >= 0 else data + mark
        else:
            data = data + mark
        target = folder / f"part{number // per_folder:03d}" / f"{number:06d}{source.suffix}"
        if number % per_folder == 0:
            target.parent.mkdir()
        target.write_bytes(data)
    return count


def markdown(rows: list[dict], machine: str, floor_s: float | None) -> str:
    """The table the README quotes: median (range) of every figure."""
    lines = [f"Machine: {machine}. Median of {len(rows[0]['wall_s'])} run(s), range in brackets.", "",
             "| command | wall time | CPU time | postings/s | ÷ bare scan | peak RSS | output |",
             "|---|---|---|---|---|---|---|"]
    for item in rows:
        median = statistics.median(item["wall_s"])
        ratio = f"{median / floor_s:.1f}×" if floor_s and "skillgap extract" in item["label"] else ""
        rss = spread(item["peak_rss_mb"], " MB", 0) if any(item["peak_rss_mb"]) else "—"
        out = spread(item["output_mb"], " MB", 1) if any(item["output_mb"]) else "—"
        lines.append(f"| {item['label']} | {spread(item['wall_s'], ' s')} | {spread(item['cpu_s'], ' s')} | "
                     f"{item['postings'] / median:,.0f} | "
                     f"{ratio} | {rss} | {out} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
