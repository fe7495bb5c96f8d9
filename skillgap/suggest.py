"""Find frequent terms in the user's postings that the taxonomy does not know yet."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from skillgap.extract import Matcher
from skillgap.models import JobExtraction
from skillgap.sections import header_kind
from skillgap.taxonomy import Taxonomy, normalize_key

# Product-like tokens: CamelCase, ALLCAPS, with digits or tech punctuation (vLLM, LangGraph, K8s, Node.js).
# Korean postings write tools in Latin letters (research/korean.md), so Latin tokens cover both languages.
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]|[A-Za-z]{2,}")
_TECHY = re.compile(r"^[A-Z]?[a-z]+[A-Z][A-Za-z]*$|[A-Za-z][0-9]|[0-9][A-Za-z]|[+#]|\.[a-z]{2}|^[A-Z]{3,}$")
_KNOWN = "\u2063"  # invisible separator: marks where a known skill was in the text
# A word listed next to known skills is most likely another technology ("Python, Dagster, Airflow").
_LIST_NEIGHBOUR = re.compile(rf"{_KNOWN}[^\S\n]*[,/|][^\S\n]*$|^[^\S\n]*[,/|][^\S\n]*{_KNOWN}")
_JOB_WORDS = frozenset("""
experience experiences team teams years year work working ability skills skill knowledge strong
understanding including etc plus preferred required requirements responsibilities role company
candidate candidates us our we you your job position qualifications degree bachelor master phd ph.d
new build building develop developing development design designing support using use tools tool
data product products business services service systems system solutions solution engineer engineers
engineering platform platforms models model environment environments related field fields excellent
familiarity proficiency proven solid expertise demonstrated deep hands-on minimum equal opportunity
employer e.g i.e bs ms ba pm ui ux api apis it ai ml hr ceo cto usd krw eeo ok nyc usa llc pto faq hsa
stem b2b b2c app web inc ltd corp physics economics electrical computer
""".split())
_JOB_SECTIONS = ("required", "preferred", "responsibility")
@dataclass(frozen=True)
class Suggestion:
    """A term the taxonomy does not know, how many postings use it, and one example line."""

    term: str
    documents: int
    example: str
    source: str


def _is_candidate(token: str, text: str, start: int, end: int, known: set[str]) -> bool:
    lowered = token.lower()
    if len(token) < 2 or lowered in ENGLISH_STOP_WORDS or lowered in _JOB_WORDS or normalize_key(token) in known:
        return False
    if _TECHY.search(token):
        return True
    return token[0].isupper() and bool(_LIST_NEIGHBOUR.search(text[max(0, start - 12):start]) or
                                       _LIST_NEIGHBOUR.search(text[end:end + 12]))


def _candidate_terms(text: str, known: set[str]) -> list[str]:
    """Return the unknown, product-like words and adjacent word pairs of one posting's job sections."""
    terms: list[str] = []
    previous_end, previous = -2, ""
    for m in _TOKEN.finditer(text):
        token = m.group().strip(".-")
        if not _is_candidate(token, text, m.start(), m.end(), known):
            previous_end = -2
            continue
        terms.append(token)
        if text[previous_end:m.start()] == " ":
            terms.append(f"{previous} {token}")
        previous_end, previous = m.end(), token
    return terms


def _masked_job_text(job: JobExtraction, matcher: Matcher) -> str:
    """Return the posting's responsibility / required / preferred text with known skills blanked out."""
    chars = list(job.text)
    for cand in matcher.matches(job.text):
        chars[cand.start:cand.end] = _KNOWN * (cand.end - cand.start)
    masked = "".join(chars)
    parts = [masked[s.start:s.end] for s in job.sections if s.kind in _JOB_SECTIONS]
    return "\n".join(line for part in parts for line in part.split("\n") if not header_kind(line))


def _example(text: str, term: str, width: int = 100) -> str:
    """Return the line around the first use of `term`, shortened to about `width` characters."""
    at = max(text.find(term), 0)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start: len(text) if line_end < 0 else line_end].strip()
    if len(line) <= width:
        return line
    start = max(0, min(at - line_start - width // 3, len(line) - width))
    return ("…" if start else "") + line[start:start + width] + "…"


def suggest_terms(jobs: list[JobExtraction], taxonomy: Taxonomy, matcher: Matcher,
                  top: int = 20, min_documents: int = 2) -> list[Suggestion]:
    """Rank unknown terms by how many postings use them (scikit-learn document counts)."""
    if not jobs:
        return []
    known = {normalize_key(form) for skill in taxonomy for form in (skill.id, *skill.surface_forms)}
    texts = [_masked_job_text(job, matcher) for job in jobs]
    vectorizer = CountVectorizer(analyzer=lambda text: _candidate_terms(text, known), binary=True,
                                 min_df=min(min_documents, len(jobs)), lowercase=False)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # no term reaches min_df
        return []
    document_counts = counts.sum(axis=0).A1
    terms = vectorizer.get_feature_names_out()
    ranked = sorted(range(len(terms)), key=lambda i: (-document_counts[i], -len(terms[i].split()), terms[i]))
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for index in ranked:
        term = terms[index]
        key = normalize_key(term)
        if key in seen:
            continue
        seen.add(key)
        job = jobs[counts[:, index].nonzero()[0][0]]
        suggestions.append(Suggestion(term, int(document_counts[index]), _example(job.text, term), job.source))
        if len(suggestions) >= top:
            break
    return suggestions
