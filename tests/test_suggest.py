import io
import json

from skillgap.cli import main
from skillgap.extract import extract_document
from skillgap.models import RawDocument
from skillgap.suggest import suggest_terms

POSTINGS = {
    "en.txt": "Data Engineer\n\nRequirements\n- Python, Flyte, Docker\n- Experience with LangGraph agents\n"
              "- Excellent communication\n\nBenefits\n- Lunch at MegaCafe2",
    "ko.txt": "데이터 엔지니어\n\n자격요건\n- 파이썬, Flyte 기반 파이프라인\n- LangGraph 에이전트 경험\n",
}


def jobs(taxonomy, matcher):
    return [extract_document(RawDocument(name, text), taxonomy, matcher) for name, text in POSTINGS.items()]


def test_unknown_product_names_used_by_several_postings(mini_taxonomy, mini_matcher):
    found = suggest_terms(jobs(mini_taxonomy, mini_matcher), mini_taxonomy, mini_matcher)
    assert [(s.term, s.documents) for s in found] == [("Flyte", 2), ("LangGraph", 2)]
    assert found[0].example == "- Python, Flyte, Docker"


def test_single_posting_threshold_and_boilerplate(mini_taxonomy, mini_matcher):
    found = suggest_terms(jobs(mini_taxonomy, mini_matcher), mini_taxonomy, mini_matcher, min_documents=1)
    terms = {s.term for s in found}
    assert {"Flyte", "LangGraph"} <= terms
    assert "MegaCafe2" not in terms            # benefits are not the job
    assert "Excellent" not in terms and "Python" not in terms


def test_cli_suggest(tmp_path, monkeypatch):
    (tmp_path / "job_descriptions").mkdir()
    for name, text in POSTINGS.items():
        (tmp_path / "job_descriptions" / name).write_text(text.replace("LangGraph", "ZorbLax"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["suggest", "--format", "json"], out, err) == 0
    assert {row["term"] for row in json.loads(out.getvalue())} == {"Flyte", "ZorbLax"}
