import io

from skillgap.results import GapReport
from skillgap.summary import format_summary, print_summary

DATA = GapReport.from_dict({"job_count": 4, "overall_match": 0.615, "skipped": [{"source": "x"}],
                            "gaps": [{"rank": 1, "name": "Kubernetes", "name_ko": "쿠버네티스", "gap_score": 0.5,
                                      "your_level": 1, "target_level": 3, "demand": 0.75}]})


def test_english_summary():
    assert format_summary(DATA, "en").splitlines() == [
        "Overall match: 62% · 4 postings · 1 skipped",
        "Top gaps:",
        "  1. Kubernetes                   0.50  (level 1 → 3, 75%)",
    ]


def test_korean_summary_uses_korean_names():
    lines = format_summary(DATA, "ko").splitlines()
    assert lines[0] == "전체 적합도: 62% · 공고 4개 · 건너뛴 파일 1개"
    assert lines[2].startswith("  1. 쿠버네티스")


def test_the_role_the_ranking_weighs_follows_the_count():
    data = GapReport.from_dict({"job_count": 3, "overall_match": 0.5, "gaps": [], "roles": [
        {"id": "data-engineer", "name": "data engineer", "name_ko": "데이터 엔지니어", "source": "profile"}]})
    assert format_summary(data, "en").splitlines()[0] == "Overall match: 50% · 3 postings · for: data engineer"
    assert format_summary(data, "ko").splitlines()[0] == "전체 적합도: 50% · 공고 3개 · 목표 역할: 데이터 엔지니어"
    out = _Terminal()
    print_summary(data, "ko", out)
    assert "목표 역할: 데이터 엔지니어" in out.getvalue()


def test_no_gaps_and_plain_output_when_not_a_terminal():
    out = io.StringIO()
    print_summary(GapReport.from_dict({"job_count": 2, "overall_match": 1.0, "gaps": []}), "en", out)
    assert out.getvalue() == ("Overall match: 100% · 2 postings\n"
                              "No gaps: you meet every skill these postings ask for.\n")


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_for_many_files():
    from skillgap.summary import ProgressBar

    piped, terminal, few = io.StringIO(), _Terminal(), _Terminal()
    for stream, total in ((piped, 80), (terminal, 80), (few, 5)):
        bar = ProgressBar(stream, "Reading postings")
        for done in range(1, total + 1):
            bar(done, total)
        bar.close()
    assert piped.getvalue() == "" and few.getvalue() == ""
    assert "Reading postings" in terminal.getvalue()
