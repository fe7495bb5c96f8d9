"""The analysis keeps a posting as a few tuples (postings.Posting), not as its extraction."""
import zlib
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from skillgap import batch, cache, gaps
from skillgap.analysis import analyze
from skillgap.cache import MAX_ENTRY_BYTES, decode_fields, encode_job
from skillgap.extract import extract_document
from skillgap.gaps import analyze_gaps
from skillgap.models import RawDocument
from skillgap.postings import posting_from_entry, posting_from_fields, posting_of
from skillgap.profile import parse_profile

TEXTS = [
    "Requirements\n- Python and Kubernetes\n- PyTorch or TensorFlow\n\nNice to have\n- Docker",
    "자격요건\n- 파이썬\n- 쿠버네티스\n\n우대사항\n- 스파크",
    "Requirements\n- Spark and SQL\n- Docker",
    "Requirements\n- Python\n\nNice to have\n- Kubernetes, Docker",
    "Requirements\n- a friendly attitude",
]


@pytest.fixture
def jobs(mini_taxonomy, mini_matcher):
    return [extract_document(RawDocument(f"p{i}.md", text, f"Job {i}", "Acme"), mini_taxonomy, mini_matcher)
            for i, text in enumerate(TEXTS)]


@pytest.fixture
def profile(mini_taxonomy):
    return parse_profile("skills:\n  Python: 4\n  PyTorch: 3\n  Docker: 1\n", Path("me.yaml"), mini_taxonomy)


def test_a_cache_entry_reduces_to_the_posting_of_its_extraction(jobs):
    for job in jobs:
        values, _ = decode_fields(encode_job(job))
        posting = posting_from_fields(values, job.source)
        assert posting == posting_of(job)
        assert posting.skills == tuple(h.id for h in job.skills if h.mentions) and posting.text == job.text
        cached, digest = posting_from_entry(encode_job(job), job.source)
        assert digest == cache.text_digest(job.text)
        assert cached._replace(text=cached.text()) == posting._replace(strongest=cached.strongest)  # text read when asked
        assert [tuple(mention) for mention in cached.strongest] == list(posting.strongest)  # left as JSON lists


def test_a_planted_entry_is_refused_before_its_text_is_inflated():
    summary = b'["digest",null,null,"en",null,[],[],[],[]]'
    bomb = len(summary).to_bytes(4, "big") + summary + \
        zlib.compress((MAX_ENTRY_BYTES + 1).to_bytes(4, "big") + b"\0" * (MAX_ENTRY_BYTES * 8), 9)
    posting, _ = posting_from_entry(bomb, "x.txt")
    with pytest.raises(ValueError, match="cache entry too large"):
        posting.text()
    with pytest.raises(ValueError, match="not a cache entry"):
        posting_from_entry(b"\0\0\0\x09[1,2,3]", "x.txt")


def test_postings_and_extractions_give_the_same_analysis(jobs, profile, mini_taxonomy):
    assert analyze_gaps([posting_of(job) for job in jobs], profile, mini_taxonomy, "t") == \
        analyze_gaps(jobs, profile, mini_taxonomy, "t")


def test_only_the_best_matches_keep_their_per_skill_detail(jobs, profile, mini_taxonomy, monkeypatch):
    full = analyze_gaps(jobs, profile, mini_taxonomy, "t")
    monkeypatch.setattr(gaps, "JOBS_DETAILED", 2)
    bounded = analyze_gaps(jobs, profile, mini_taxonomy, "t")
    best = sorted((j for j in full.jobs if j.match is not None), key=lambda j: -j.match)[:2]
    assert {j.id for j in bounded.jobs if j.skills} == {j.id for j in best}
    # Every posting still says what it misses and has; only the detail of the others goes.
    assert [replace(j, skills=()) for j in bounded.jobs] == [replace(j, skills=()) for j in full.jobs]
    assert replace(bounded, jobs=()) == replace(full, jobs=())


def write_project(tmp_path, monkeypatch) -> None:
    """Make tmp_path the working folder, with TEXTS as postings in jobs/ and a profile me.yaml."""
    monkeypatch.chdir(tmp_path)
    Path("jobs").mkdir()
    for i, text in enumerate(TEXTS):
        Path(f"jobs/p{i}.md").write_text(text, encoding="utf-8")
    Path("me.yaml").write_text("skills:\n  Python: 4\n", encoding="utf-8")


def record_calls(monkeypatch, module, name: str) -> list:
    """Make `module.name` record the first argument of each call, then run as before; return the record."""
    calls, real = [], getattr(module, name)

    def recording(first, *args, **kwargs):
        calls.append(first)
        return real(first, *args, **kwargs)

    monkeypatch.setattr(module, name, recording)
    return calls


def test_a_report_run_keeps_postings_not_extractions(tmp_path, mini_taxonomy, monkeypatch):
    write_project(tmp_path, monkeypatch)
    analysed = record_calls(monkeypatch, gaps, "analyze_gaps")
    for _ in range(2):  # extracted, then from the cache
        analysed.clear()
        result = analyze(Path("jobs"), Path("me.yaml"), taxonomy=mini_taxonomy, cache_dir=tmp_path / "cache", workers=1)
        kept = [job for jobs in analysed for job in jobs]
        assert all(type(job).__name__ == "Posting" and job.text == "" and job.strongest == () for job in kept)
        assert result.report.gaps and result.report.gaps[0].evidence


def test_a_cached_posting_whose_text_cannot_be_read_is_extracted_again(tmp_path, mini_taxonomy, monkeypatch):
    import sqlite3

    from skillgap.cache import DB_NAME

    write_project(tmp_path, monkeypatch)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    fresh = analyze(Path("jobs"), Path("me.yaml"), now=now, taxonomy=mini_taxonomy, cache_dir=tmp_path / "cache", workers=1)
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    for key, payload in db.execute("SELECT key, payload FROM entries").fetchall():
        start = 4 + int.from_bytes(payload[:4], "big")
        raw = zlib.decompress(payload[start:])
        size = int.from_bytes(raw[:4], "big") + 10 ** 6  # the summary reads well, the text does not
        damaged = payload[:start] + zlib.compress(size.to_bytes(4, "big") + raw[4:])
        db.execute("UPDATE entries SET payload = ? WHERE key = ?", (damaged, key))
    db.commit()
    db.close()
    extracted = record_calls(monkeypatch, batch, "_extract_one")
    again = analyze(Path("jobs"), Path("me.yaml"), now=now, taxonomy=mini_taxonomy, cache_dir=tmp_path / "cache", workers=1)
    assert extracted and again.report == fresh.report  # the quoted postings extracted anew, none lost, no quote changed
