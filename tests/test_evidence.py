"""Tests for skillgap.evidence: the quotes taken while postings stream in equal those taken at the end."""
import json
import random
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from skillgap.analysis import analyze
from skillgap.evidence import EVIDENCE_PER_SKILL, EvidenceCollector, evidence_quotes
from skillgap.extract import extract_document
from skillgap.models import RawDocument
from skillgap.postings import posting_of

POSTINGS = [
    "Requirements\n- Python and Docker\n\nNice to have\n- Kubernetes",
    "Nice to have\n- Python\n\nRequirements\n- Kubernetes in production",
    "Responsibilities\n- Run Docker services\n- Write Python",
    "Requirements\n- Python\n- Docker\n- Kubernetes",
    "Nice to have\n- Docker",
    "Requirements\n- Kubernetes, Python",
]


@pytest.fixture
def jobs(mini_taxonomy, mini_matcher):
    return [extract_document(RawDocument(f"p{i}.md", text, f"Job {i}"), mini_taxonomy, mini_matcher)
            for i, text in enumerate(POSTINGS)]


def test_quotes_in_any_arrival_order_equal_the_quotes_at_the_end(jobs):
    expected = evidence_quotes(jobs)
    assert [q["job_id"] for q in expected["python"]] == ["job-1", "job-4", "job-6"]  # required first, then order
    assert len(expected["docker"]) == EVIDENCE_PER_SKILL
    for seed in range(5):
        arrivals = list(enumerate(jobs))
        random.Random(seed).shuffle(arrivals)
        collector = EvidenceCollector()
        kept = {order: collector.take(order, job) for order, job in arrivals}
        assert collector.quotes() == expected and not collector.incomplete
        assert all(job.text == "" and job.sections == () and job.skills == jobs[order].skills
                   for order, job in kept.items())


def test_postings_in_any_arrival_order_equal_the_quotes_at_the_end(jobs):
    # Three rounds of the postings: Python, Docker and Kubernetes have all their quotes from "required" once the
    # second round's first posting is in (its Docker displaces a "preferred" one), so later postings pass them
    # over, while an earlier posting arriving late still displaces one.
    rounds = [replace(job, source=f"{n}-{job.source}") for n in range(3) for job in jobs]
    expected = evidence_quotes(rounds)
    read = []

    def cached(order, job):  # a cached posting: its text is read only when a quote is cut from it
        return posting_of(job)._replace(text=lambda: read.append(order) or job.text)

    for seed in (None, 0, 1, 2):
        arrivals = list(enumerate(rounds))
        if seed is not None:
            random.Random(seed).shuffle(arrivals)
        collector, read[:] = EvidenceCollector(), []
        for order, job in arrivals:
            collector.take_posting(order, cached(order, job))
        assert collector.quotes() == expected and not collector.incomplete
        if seed is None:
            assert read == [0, 1, 2, 3, 4, 5, 6]


def test_places_count_only_the_postings_kept(jobs):
    collector = EvidenceCollector()
    collector.take(7, jobs[0])
    collector.take(3, jobs[4])
    assert collector.quotes()["docker"][0]["job_id"] == "job-2"  # file 7 is the second posting kept
    assert collector.quotes()["docker"][1]["job_id"] == "job-1"


def test_replacing_a_quoted_posting_makes_the_quotes_incomplete(jobs):
    collector = EvidenceCollector()
    collector.take(5, jobs[0])
    collector.take(2, jobs[4], replaced=6)  # file 6 was never quoted
    assert not collector.incomplete
    collector.take(1, jobs[0], replaced=5)
    assert collector.incomplete


def test_a_posting_displaced_by_an_earlier_copy_with_other_skills(tmp_path, mini_taxonomy, monkeypatch):
    """Same text, another company that is a skill's name: the earlier file, new to the cache, wins."""
    monkeypatch.chdir(tmp_path)
    Path("profiles").mkdir()
    Path("profiles/me.yaml").write_text("skills:\n  Python: 2\n", encoding="utf-8")
    Path("jobs").mkdir()
    posting = {"title": "Platform Engineer", "description": "Requirements\n- Docker and Kubernetes\n- Python"}
    Path("jobs/b.json").write_text(json.dumps({**posting, "company": "Acme"}), encoding="utf-8")
    options = {"profile_path": Path("profiles/me.yaml"), "taxonomy": mini_taxonomy, "workers": 1,
               "now": datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)}
    analyze(Path("jobs"), cache_dir=Path("cache"), **options)  # b.json is cached
    Path("jobs/a.json").write_text(json.dumps({**posting, "company": "Docker"}), encoding="utf-8")
    mixed = analyze(Path("jobs"), cache_dir=Path("cache"), **options).report
    fresh = analyze(Path("jobs"), cache_dir=None, **options).report
    assert mixed == fresh
    assert [job.source for job in mixed.jobs] == ["jobs/a.json"]
    assert "docker" not in {gap.id for gap in mixed.gaps}
    assert {quote.job_title for gap in mixed.gaps for quote in gap.evidence} == \
        {"Platform Engineer · Docker"}
