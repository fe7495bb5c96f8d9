"""`skillgap extract --format json` written a posting at a time: the DESIGN.md contract, as UTF-8."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import orjson

from skillgap.analysis import extract_paths
from skillgap.cache import fields_json, job_fields
from skillgap.cli import _write_json_lines, main
from skillgap.taxonomy import load_taxonomy

POSTINGS = Path(__file__).resolve().parents[1] / "examples" / "job_descriptions"


def test_to_json_is_to_dict_in_the_contracts_key_order():
    run = extract_paths([POSTINGS], load_taxonomy(None), cache_dir=None, workers=1)
    assert run.jobs
    for job in run.jobs:
        encoded = job.to_json()
        assert orjson.loads(encoded) == job.to_dict()
        assert list(orjson.loads(encoded)) == ["source", "title", "company", "language", "years_min", "skills"]
        for skill in orjson.loads(encoded)["skills"]:
            assert list(skill) == ["id", "name", "category", "requirement", "weight", "mentions", "alternatives"]
            assert all(list(m) == ["text", "section", "start", "end"] for m in skill["mentions"])


def test_the_json_made_from_fields_is_the_jobs_own_byte_for_byte():
    for job in extract_paths([POSTINGS], load_taxonomy(None), cache_dir=None, workers=1).jobs:
        assert fields_json(job_fields(job), job.source) == job.to_json()


def test_the_command_writes_a_json_array_of_raw_utf8_one_posting_a_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "skillgap", "extract", "--no-cache", "--format", "json",
                             str(POSTINGS)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    parsed = json.loads(result.stdout)
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(parsed) + 2
    assert "\\u" not in result.stdout.decode("utf-8")  # Korean stays Korean, as ensure_ascii=False wrote it
    assert any("쿠버네티스" in line or "파이썬" in line for line in lines)
    in_process = io.StringIO()
    assert main(["extract", "--no-cache", "--format", "json", str(POSTINGS)], stdout=in_process,
                stderr=io.StringIO()) == 0
    assert json.loads(in_process.getvalue()) == parsed  # a text stream gets the same array


def test_no_postings_is_an_empty_array():
    out = io.StringIO()
    _write_json_lines(out, iter(()))
    assert json.loads(out.getvalue()) == [] and out.getvalue().endswith("\n")
