"""Extraction across processes: the same results in the same order, one matcher per worker."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from skillgap import batch, extract
from skillgap.analysis import extract_paths
from skillgap.batch import extract_record
from skillgap.extract import extract_document
from skillgap.load import read_document
from skillgap.models import RawDocument

KO = "ML 엔지니어\n자격요건\n- 파이썬 {n}년 이상\n- 쿠버네티스 기반 배포 경험\n우대사항\n- 스파크\n"
EN = "Data Engineer {n}\nRequirements\n- {n}+ years of Python and SQL\n- Spark\nNice to have\n- Docker\n"


@pytest.fixture
def many_jobs(tmp_path) -> Path:
    """Twenty-four postings with unreadable files and copies in between, so order matters."""
    folder = tmp_path / "jobs"
    folder.mkdir()
    for n in range(24):
        text = (KO if n % 2 else EN).format(n=n + 1)
        (folder / f"{n:02d}-posting.{'md' if n % 3 else 'txt'}").write_text(text, encoding="utf-8")
    (folder / "05-empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "11-binary.txt").write_bytes(b"%PDF-1.4" + bytes(64))
    (folder / "17-copy.txt").write_bytes((folder / "03-posting.txt").read_bytes())
    return folder


def outcome(run) -> tuple:
    return ([(j.to_dict(), j.text, j.sections) for j in run.jobs], [str(p) for p in run.problems], run.notes)


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_workers_give_the_same_results_in_the_same_order(many_jobs, tmp_path, mini_taxonomy, cache):
    folder = tmp_path / "c" if cache else None
    one = extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=1)
    two = extract_paths([many_jobs], mini_taxonomy, cache_dir=folder, workers=2)
    assert two.stats["workers"] == 2
    assert outcome(one) == outcome(two)
    assert [p.path for p in two.problems] == [str(many_jobs / "05-empty.txt"), str(many_jobs / "11-binary.txt")]
    assert two.notes == [f"{many_jobs / '17-copy.txt'}: same posting as {many_jobs / '03-posting.txt'} — counted once"]


def test_few_files_are_extracted_in_this_process(many_jobs, mini_taxonomy, monkeypatch):
    monkeypatch.delenv(batch.WORKERS_ENV, raising=False)
    assert extract_paths([many_jobs], mini_taxonomy, cache_dir=None).stats["workers"] == 1
    assert batch._worker_count(None, batch.PARALLEL_MIN_FILES - 1) == 1
    assert batch._worker_count(None, 10_000) == min(batch._available_cpus(), batch._MAX_WORKERS)
    assert batch._worker_count(4, 3) == 3
    monkeypatch.setenv(batch.WORKERS_ENV, "3")
    assert batch._worker_count(None, 50) == 3


def test_each_worker_builds_the_matcher_once(many_jobs, tmp_path, mini_taxonomy, monkeypatch):
    log = tmp_path / "built.log"

    class CountingMatcher(extract.Matcher):
        def __init__(self, taxonomy):
            import os

            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n")
            super().__init__(taxonomy)

    monkeypatch.setattr(extract, "Matcher", CountingMatcher)
    monkeypatch.setattr(batch, "_MATCHERS", {})
    if batch.sys.platform.startswith("linux"):  # forked workers see the patched class
        run = extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=2)
        pids = log.read_text(encoding="utf-8").split()
        assert run.stats["workers"] == 2
        assert len(pids) == len(set(pids)) <= 2  # once per worker, whatever the number of chunks


def test_this_process_extracts_beside_its_worker(many_jobs, tmp_path, mini_taxonomy, monkeypatch):
    import os

    log = tmp_path / "extracted-by.log"
    real = batch._extract_one

    def logged(*args, **kwargs):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "_extract_one", logged)
    if batch.sys.platform.startswith("linux"):  # the forked worker sees the patched function
        run = extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=2)
        by_process = log.read_text(encoding="utf-8").split()
        assert run.stats["workers"] == 2 and len(by_process) == len(list(many_jobs.iterdir()))  # each file once
        assert str(os.getpid()) in by_process and len(set(by_process)) == 2


def test_no_processes_falls_back_to_this_one(many_jobs, mini_taxonomy, monkeypatch):
    expected = outcome(extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=1))

    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_processes)
    run = extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=2)
    assert run.stats["workers"] == 1
    assert outcome(run) == expected


def test_extract_record_is_a_pure_picklable_function(mini_taxonomy, mini_matcher):
    text = KO.format(n=3)
    record = extract_record("a.md", text, "ML 엔지니어", "바람페이", mini_taxonomy)
    expected = extract_document(RawDocument("a.md", text, "ML 엔지니어", "바람페이"), mini_taxonomy, mini_matcher)
    assert record == expected.to_dict()
    assert record == extract_record("a.md", text, "ML 엔지니어", "바람페이", mini_taxonomy)
    again = pickle.loads(pickle.dumps(extract_record))
    assert again("a.md", text, "ML 엔지니어", "바람페이", pickle.loads(pickle.dumps(mini_taxonomy))) == record
    json.dumps(record)  # plain data, ready for a Dask bag or a Spark row


def test_extract_record_defaults_to_the_bundled_taxonomy(mini_taxonomy, monkeypatch):
    import skillgap.taxonomy

    monkeypatch.setattr(skillgap.taxonomy, "bundled_taxonomy", lambda: mini_taxonomy)
    assert extract_record("a.txt", EN.format(n=2)) == extract_record("a.txt", EN.format(n=2), taxonomy=mini_taxonomy)


def test_real_postings_are_the_same_in_parallel(shared_dir, tmp_path):
    from skillgap.load import discover
    from skillgap.taxonomy import load_taxonomy

    files, _ = discover([shared_dir / "corpus"])
    sample = [f for f in files if f.suffix != ".csv"][::90]
    taxonomy = load_taxonomy(None)
    one = extract_paths(sample, taxonomy, cache_dir=None, workers=1)
    two = extract_paths(sample, taxonomy, cache_dir=tmp_path / "c", workers=2)
    warm = extract_paths(sample, taxonomy, cache_dir=tmp_path / "c", workers=2)
    assert outcome(one) == outcome(two) == outcome(warm)
    assert warm.stats["cached"] == len(one.jobs)
    assert [j.to_dict() for j in one.jobs[:3]] == \
        [extract_record(str(p), d.text, d.title, d.company, taxonomy)
         for p, d in ((p, read_document(p, str(p))) for p in sample[:3])]


def test_workers_started_early_for_files_the_cache_knows_by_content(tmp_path, mini_taxonomy):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    for n in range(batch.PARALLEL_MIN_FILES + 10):
        (first / f"{n:03d}.txt").write_text(EN.format(n=n), encoding="utf-8")
    cold = extract_paths([first], mini_taxonomy, cache_dir=tmp_path / "c")
    first.rename(second)  # new paths, same bytes: processes start before the cache recognises them
    warm = extract_paths([second], mini_taxonomy, cache_dir=tmp_path / "c")
    assert warm.stats["cached"] == len(cold.jobs) and warm.stats["extracted"] == 0
    assert [j.to_dict()["skills"] for j in warm.jobs] == [j.to_dict()["skills"] for j in cold.jobs]


def test_the_garbage_collector_runs_in_workers_and_is_restored(many_jobs, mini_taxonomy):
    import gc

    assert gc.isenabled()
    extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=2)
    assert gc.isenabled()
    batch._init_worker(mini_taxonomy)
    assert gc.isenabled()


def test_in_process_extraction_collects_only_what_it_makes(many_jobs, mini_taxonomy, monkeypatch):
    import gc

    seen = []
    real = batch._extract_one
    monkeypatch.setattr(batch, "_extract_one",
                        lambda *args, **kw: seen.append((gc.isenabled(), gc.get_freeze_count() > 0)) or real(*args, **kw))
    with batch.collector_paused():
        extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=1)
        assert not gc.isenabled()
    assert seen and set(seen) == {(True, True)}  # collecting, the objects made before set aside
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.freeze()  # someone else's frozen objects are left frozen
    try:
        extract_paths([many_jobs], mini_taxonomy, cache_dir=None, workers=1)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
