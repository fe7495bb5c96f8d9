"""Shared pieces of the everyday-loop CLI tests (add, profile init/check, watch): postings and `run`."""
from __future__ import annotations

import io

from skillgap.cli import main

KO_POSTING = """ML Engineer (추천/개인화) — 바람페이

주요업무
- PyTorch로 추천 모델을 개발하고 쿠버네티스 기반으로 서빙해요.

자격요건
- 파이썬과 PyTorch 경험 3년 이상
- 도커와 쿠버네티스 운영 경험

우대사항
- 스파크로 대용량 데이터 처리 경험
"""

EN_POSTING = """Data Engineer
Acme Logistics

Requirements
- Python and SQL
- Apache Spark or Hadoop

Nice to have
- Docker, Kubernetes
- Django
"""


def run(*argv: str) -> tuple[int, str, str]:
    """Run the real CLI and return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()



def typed(analysis):
    """Return a report JSON dict (as the fixtures and tests build them) as the GapReport the writers take."""
    from skillgap.results import GapReport

    return analysis if isinstance(analysis, GapReport) else GapReport.from_dict(analysis)
