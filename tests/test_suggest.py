import io
import json

import pytest

from skillgap.cli import main
from skillgap.extract import extract_document
from skillgap.models import RawDocument
from skillgap.suggest import suggest_terms

POSTINGS = {
    "en.txt": "Data Engineer\n\nRequirements\n- Python, Flyte, Docker\n- Experience with LangGraph agents\n"
              "- Excellent communication\n\nBenefits\n- Lunch at MegaCafe2",
    "ko.txt": "데이터 엔지니어\n\n자격요건\n- 파이썬, Flyte 기반 파이프라인\n- LangGraph 에이전트 경험\n",
}
# Two Korean postings of one company: unknown concepts written in Hangul, next to generic phrases, known skills
# (파이썬, 도커, 하둡, 쿠버네티스), verb forms, the company's own product and a benefit both postings share.
KO_SHARED = "- 산업공학 또는 통계학 관련 학위\n- 문제를 주도적으로 개선해 본 경험\n"
KO_POSTINGS = {
    "ko-a.txt": "ML 엔지니어\n하늘랩\n\n주요업무\n- 실시간 피처 스토어 및 결제 게이트웨이 구축\n- 온디바이스 추론 최적화\n"
                "- 다양한 서비스 데이터 관리 업무\n- 하늘랩 콘솔 개발\n- 대화형 검색 랭킹 고도화\n\n자격요건\n"
                "- 파이썬, 세그먼트, 도커 사용 경험\n- 하둡 클러스터 구축 경험\n" + KO_SHARED +
                "\n복지\n- 사내 피트니스센터 이용 지원\n",
    "ko-b.txt": "데이터 엔지니어\n하늘랩\n\n담당 업무\n- 피처 스토어를 활용한 추천 개발\n- 결제 게이트웨이를 이용한 정산 관리\n"
                "- 신규 시스템 구축 경험\n- 하늘랩 콘솔 개발\n- 사내 세그먼트 운영\n\n우대사항\n- 쿠버네티스, 세그먼트, 하둡 경험\n"
                "- 온디바이스 추론 경험이 있으신 분\n" + KO_SHARED + "\n복지\n- 사내 피트니스센터 이용 지원\n",
}
KO_UNKNOWN = [("결제 게이트웨이", 2), ("온디바이스 추론", 2), ("피처 스토어", 2), ("세그먼트", 2)]


def jobs(taxonomy, matcher, postings=POSTINGS, company=None):
    return [extract_document(RawDocument(name, text, company=company), taxonomy, matcher)
            for name, text in postings.items()]


def test_unknown_product_names_used_by_several_postings(mini_taxonomy, mini_matcher):
    found = suggest_terms(jobs(mini_taxonomy, mini_matcher), mini_taxonomy, mini_matcher)
    assert [(s.term, s.documents) for s in found] == [("Flyte", 2), ("LangGraph", 2)]
    assert found[0].example == "Python, Flyte, Docker"  # the list bullet is layout, not the example


def test_single_posting_threshold_and_boilerplate(mini_taxonomy, mini_matcher):
    found = suggest_terms(jobs(mini_taxonomy, mini_matcher), mini_taxonomy, mini_matcher, min_documents=1)
    terms = {s.term for s in found}
    assert {"Flyte", "LangGraph"} <= terms
    assert "MegaCafe2" not in terms            # benefits are not the job
    assert "Excellent" not in terms and "Python" not in terms


def test_unknown_korean_concepts_used_by_several_postings(mini_taxonomy, mini_matcher):
    found = suggest_terms(jobs(mini_taxonomy, mini_matcher, KO_POSTINGS, company="(주)하늘랩"),
                          mini_taxonomy, mini_matcher)
    # Before an activity word (구축, 최적화, 경험), with its particle stripped (스토어를, 게이트웨이를), joined by 및,
    # or listed between known skills; 게이트웨이 keeps its 이 (a vowel comes before it, so it is no particle).
    assert [(s.term, s.documents) for s in found] == KO_UNKNOWN
    assert found[2].example == "실시간 피처 스토어 및 결제 게이트웨이 구축"


def test_korean_generic_known_and_other_section_words_are_not_suggested(mini_taxonomy, mini_matcher):
    found = suggest_terms(jobs(mini_taxonomy, mini_matcher, KO_POSTINGS, company="하늘랩"), mini_taxonomy,
                          mini_matcher, min_documents=1)
    # One posting qualifies the term (실시간 피처 스토어), both count for 피처 스토어; a part used no more often than
    # its whole (검색 랭킹) is not listed again. Generic words (다양한 서비스 데이터, 신규 시스템, 사내 세그먼트), two-syllable
    # words alone (추천, 정산), adverbs (주도적으로), fields of study (산업공학, 통계학), known skills (하둡 클러스터),
    # the company's product (하늘랩 콘솔) and the benefits section (피트니스센터) are left out.
    assert {(s.term, s.documents) for s in found} == {*KO_UNKNOWN, ("실시간 피처 스토어", 1), ("대화형 검색 랭킹", 1)}


def test_korean_and_latin_terms_ranked_together(mini_taxonomy, mini_matcher):
    postings = {name: POSTINGS[english] + "\n" + KO_POSTINGS[name]
                for name, english in zip(KO_POSTINGS, ("en.txt", "ko.txt"))}
    found = suggest_terms(jobs(mini_taxonomy, mini_matcher, postings, company="하늘랩"), mini_taxonomy, mini_matcher,
                          top=5)
    assert [s.term for s in found] == ["결제 게이트웨이", "온디바이스 추론", "피처 스토어", "Flyte", "LangGraph"]


@pytest.mark.parametrize("postings, expected", [(POSTINGS, {"Flyte", "ZorbLax"}),
                                                (KO_POSTINGS, {"결제 게이트웨이", "조르브락스"})])
def test_cli_suggest(postings, expected, tmp_path, monkeypatch):
    # Invented names, so that the bundled taxonomy cannot know them; the company line names 하늘랩.
    (tmp_path / "job_descriptions").mkdir()
    for name, text in postings.items():
        text = text.replace("LangGraph", "ZorbLax").replace("세그먼트", "조르브락스")
        (tmp_path / "job_descriptions" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["suggest", "--format", "json"], out, err) == 0
    assert {row["term"] for row in json.loads(out.getvalue())} == expected
