"""The content-hash extraction cache: same results as without it, never stale, never in the way."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from skillgap import cache
from skillgap.analysis import extract_paths
from skillgap.cache import (DB_NAME, ExtractCache, decode_job, default_cache_dir, encode_job, extractor_version,
                            taxonomy_digest)
from skillgap.extract import extract_document
from skillgap.models import RawDocument
from skillgap.taxonomy import Taxonomy

POSTINGS = {
    "ko-ml.md": "ML 엔지니어 · 바람페이\n자격요건\n- 파이썬 3년 이상\n- 쿠버네티스 기반 서비스 배포 경험\n\n우대사항\n- 스파크 경험\n",
    "en-data.txt": "Data Engineer\nRequirements\n- 5+ years of Python and SQL\n- Spark in production\n\n"
                   "Nice to have\n- Docker, Kubernetes\n",
    "mixed.txt": "Backend 개발자\n주요업무\n- Django 서버 개발\n자격요건\n- Git, Java 경험\n",
}


@pytest.fixture
def jobs_dir(tmp_path) -> Path:
    folder = tmp_path / "jobs"
    folder.mkdir()
    for name, text in POSTINGS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def snapshot(run) -> list:
    """Everything an extraction run returns, including the cleaned text and sections."""
    return ([(j.to_dict(), j.text, j.sections) for j in run.jobs], [str(p) for p in run.problems], run.notes)


@pytest.mark.parametrize("name", sorted(POSTINGS))
def test_an_entry_decodes_to_the_same_extraction(name, mini_taxonomy, mini_matcher):
    job = extract_document(RawDocument(name, POSTINGS[name], "Title", "Company"), mini_taxonomy, mini_matcher)
    decoded, digest = decode_job(encode_job(job), name)
    assert decoded == job
    assert digest == cache.text_digest(job.text)


def test_the_generic_entry_format_gives_the_same_extraction(mini_taxonomy, mini_matcher, monkeypatch):
    job = extract_document(RawDocument("a.md", POSTINGS["ko-ml.md"], "T", None), mini_taxonomy, mini_matcher)
    fast = encode_job(job)
    monkeypatch.setattr(cache, "_KNOWN_LAYOUT", False)  # what a new field in models.py falls back to
    assert decode_job(fast, "a.md")[0] == decode_job(encode_job(job), "a.md")[0] == job


def test_entries_are_json_not_pickle(mini_taxonomy, mini_matcher):
    job = extract_document(RawDocument("a.txt", POSTINGS["en-data.txt"]), mini_taxonomy, mini_matcher)
    blob = encode_job(job)
    start = 4 + int.from_bytes(blob[:4], "big")
    summary = json.loads(blob[4:start])  # a cache that came with a cloned project cannot run code
    raw = zlib.decompress(blob[start:])
    end = 4 + int.from_bytes(raw[:4], "big")
    assert raw[4:end].decode("utf-8") == job.text
    header = json.loads(raw[end:])
    assert summary[1] == header[1][0] == job.title


def test_a_second_run_is_answered_from_the_cache(jobs_dir, tmp_path, mini_taxonomy):
    uncached = extract_paths([jobs_dir], mini_taxonomy, cache_dir=None)
    first = extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    second = extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    assert first.stats["extracted"] == 3 and first.stats["cached"] == 0
    assert second.stats["extracted"] == 0 and second.stats["cached"] == 3
    assert snapshot(uncached) == snapshot(first) == snapshot(second)
    assert (tmp_path / "c" / DB_NAME).is_file()


def test_no_cache_dir_writes_nothing(jobs_dir, tmp_path, monkeypatch, mini_taxonomy):
    monkeypatch.chdir(tmp_path)
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=None)
    assert not (tmp_path / ".skillgap-cache").exists()


def test_the_default_folder_and_the_environment_variable(jobs_dir, tmp_path, monkeypatch, mini_taxonomy):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    assert default_cache_dir() == Path(".skillgap-cache")
    extract_paths([jobs_dir], mini_taxonomy)
    assert (tmp_path / ".skillgap-cache" / DB_NAME).is_file()
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "elsewhere"))
    extract_paths([jobs_dir], mini_taxonomy)
    assert (tmp_path / "elsewhere" / DB_NAME).is_file()


def test_an_edited_posting_is_extracted_again(jobs_dir, tmp_path, mini_taxonomy):
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    posting = jobs_dir / "en-data.txt"
    posting.write_text(POSTINGS["en-data.txt"] + "- Django\n", encoding="utf-8")
    run = extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    assert run.stats["extracted"] == 1 and run.stats["cached"] == 2
    assert snapshot(run) == snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=None))
    assert "django" in {s["id"] for j in run.jobs if j.source.endswith("en-data.txt") for s in j.to_dict()["skills"]}


def test_a_touched_or_copied_posting_is_recognised_by_its_content(jobs_dir, tmp_path, mini_taxonomy):
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    os.utime(jobs_dir / "ko-ml.md", ns=(1, 1))
    moved = tmp_path / "moved"
    (jobs_dir / "mixed.txt").rename(moved.with_suffix(".txt"))
    run = extract_paths([jobs_dir, moved.with_suffix(".txt")], mini_taxonomy, cache_dir=tmp_path / "c")
    assert run.stats == {**run.stats, "extracted": 0, "cached": 3}
    assert run.jobs[-1].source == str(moved.with_suffix(".txt"))


def test_the_same_bytes_in_another_format_are_another_entry(tmp_path, mini_taxonomy):
    text = "<h1>Data Engineer</h1><h2>Requirements</h2><ul><li>Python</li></ul>"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.html").write_text(text, encoding="utf-8")
    run = extract_paths([tmp_path / "a.txt", tmp_path / "a.html"], mini_taxonomy, cache_dir=tmp_path / "c")
    assert run.stats["extracted"] == 2
    assert run.jobs[0].text != run.jobs[1].text


def test_another_taxonomy_or_extractor_misses(jobs_dir, tmp_path, mini_taxonomy, monkeypatch):
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    skills = [replace(s, aliases=(*s.aliases, "Py")) if s.id == "python" else s for s in mini_taxonomy]
    other = Taxonomy(skills, list(mini_taxonomy.categories.values()), "test")
    assert taxonomy_digest(other) != taxonomy_digest(mini_taxonomy)
    assert extract_paths([jobs_dir], other, cache_dir=tmp_path / "c").stats["extracted"] == 3
    monkeypatch.setattr(cache, "extractor_version", lambda: "a code change")
    assert extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c").stats["extracted"] == 3


def test_the_extractor_version_covers_every_module_extraction_runs():
    modules = cache._extraction_modules()
    assert {"extract", "sections", "experience", "clean", "load", "models", "phrases",
            "taxonomy", "cache"} <= modules
    assert "report" not in modules and "gaps" not in modules
    assert len(extractor_version()) == 24


def test_the_taxonomy_digest_does_not_depend_on_the_hash_seed():
    code = "from skillgap.taxonomy import bundled_taxonomy; from skillgap.cache import taxonomy_digest; " \
           "print(taxonomy_digest(bundled_taxonomy()))"
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_a_corrupt_entry_is_ignored_and_rewritten(jobs_dir, tmp_path, mini_taxonomy):
    expected = snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=None))
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    with sqlite3.connect(tmp_path / "c" / DB_NAME) as db:
        db.execute("UPDATE entries SET payload = ?", (b"not an entry",))
    run = extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    assert run.stats["extracted"] == 3 and snapshot(run) == expected
    assert extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c").stats["cached"] == 3


def test_a_corrupt_database_file_is_replaced(jobs_dir, tmp_path, mini_taxonomy):
    expected = snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=None))
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"garbage " * 1000)
    assert snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=folder)) == expected
    assert extract_paths([jobs_dir], mini_taxonomy, cache_dir=folder).stats["cached"] == 3


def test_an_unusable_cache_folder_does_not_stop_the_run(jobs_dir, tmp_path, mini_taxonomy):
    expected = snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=None))
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    assert ExtractCache.open(not_a_folder) is None
    assert snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=not_a_folder)) == expected
    too_long = tmp_path / ("x" * 5000)        # a name the system refuses (ENAMETOOLONG)
    assert ExtractCache.open(too_long) is None
    assert snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=too_long)) == expected


def test_the_cache_folder_is_safe_to_delete(jobs_dir, tmp_path, mini_taxonomy):
    import shutil

    extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    shutil.rmtree(tmp_path / "c")
    run = extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    assert run.stats["extracted"] == 3 and len(run.jobs) == 3


def test_copies_are_extracted_once_and_counted_once(jobs_dir, tmp_path, mini_taxonomy):
    for n in range(3):
        (jobs_dir / f"zz-copy-{n}.md").write_bytes((jobs_dir / "ko-ml.md").read_bytes())
    cold = extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    warm = extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")
    plain = extract_paths([jobs_dir], mini_taxonomy, cache_dir=None)
    assert cold.stats["extracted"] == 3 and cold.stats["copies"] == 3
    assert warm.stats["cached"] == 3 and warm.stats["copies"] == 3
    assert snapshot(cold) == snapshot(warm) == snapshot(plain)
    assert plain.notes == [f"{jobs_dir / f'zz-copy-{n}.md'}: same posting as {jobs_dir / 'ko-ml.md'} — counted once"
                           for n in range(3)]


def test_unreadable_files_are_reported_with_or_without_cache(jobs_dir, tmp_path, mini_taxonomy):
    (jobs_dir / "empty.txt").write_text("", encoding="utf-8")
    (jobs_dir / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    plain = extract_paths([jobs_dir], mini_taxonomy, cache_dir=None)
    for _ in range(2):
        assert snapshot(extract_paths([jobs_dir], mini_taxonomy, cache_dir=tmp_path / "c")) == snapshot(plain)
    assert len(plain.problems) == 2


def test_an_older_cache_layout_is_replaced(jobs_dir, tmp_path, mini_taxonomy):
    folder = tmp_path / "c"
    folder.mkdir()
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, payload BLOB)")
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=folder)
    assert extract_paths([jobs_dir], mini_taxonomy, cache_dir=folder).stats["cached"] == 3


def test_entries_of_other_skillgap_versions_are_pruned(jobs_dir, tmp_path, mini_taxonomy, monkeypatch):
    folder = tmp_path / "c"
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=folder)
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute("UPDATE entries SET version = 'old', used = used - 2")
    monkeypatch.setattr(cache, "extractor_version", lambda: "new")
    extract_paths([jobs_dir], mini_taxonomy, cache_dir=folder)
    with sqlite3.connect(folder / DB_NAME) as db:
        assert db.execute("SELECT DISTINCT version FROM entries").fetchall() == [("new",)]
