"""Find frequent terms in the user's postings that the taxonomy does not know yet."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from skillgap.extract import HEADS, SUFFIXES, Matcher
from skillgap.models import JobExtraction
from skillgap.sections import header_kind
from skillgap.taxonomy import Taxonomy, normalize_key

# Product-like tokens: CamelCase, ALLCAPS, with digits or tech punctuation (vLLM, LangGraph, K8s, Node.js).
# Korean postings write tools in Latin letters too (research/korean.md); their Hangul concepts come below.
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
# Web addresses name a site, never a skill: www.dol.gov, healthiq.com.
_DOMAIN = re.compile(r"^www\.|\.(?:com|net|org|gov|edu|io|ai|co|kr|jp|us|uk|de)$", re.IGNORECASE)
# A list item's marker opens many example lines ("- Kafka 기반 …"): the example starts after it.
_BULLET = re.compile(r"^(?:[-–*•·▪‣◦●○■□▶►➤✓✔]|\d{1,2}[.)])\s+")
_LEGAL_FORM = re.compile(r"\(주\)|㈜|주식회사|\(유\)")

# Korean postings write concepts in Hangul: "피처 스토어 구축", "실시간 이상 탐지 경험". A candidate is a noun phrase
# of one to three words right before an activity word, or a whole item in a list next to known skills
# (▒ in the examples stands for the _KNOWN marker). Space-separated Hangul words; a word glued to a known skill or a number ("▒▒를", "1년") is that one's ending.
_HANGUL_RUN = re.compile(rf"(?<![\w{_KNOWN}])[가-힣]+(?: [가-힣]+)*")
_ACTIVITIES = frozenset("""
구축 개발 설계 운영 경험 활용 처리 분석 최적화 도입 관리 역량 구현 적용 연구 고도화 개선 이해 지식 능력 경력
사용 이용 기반 관련 연동 배포 자동화 모니터링 튜닝 실무 전문가 수행 작성 검증 통한 대한 관한 참여 참가 근무 진행
담당 제공 지원 협업 주도 기획 수립 대응 해결 설치 출시 제작 유지보수 보유 게재 발표 수상
""".split())
# Verb endings after an activity word: 구축하고, 개발한, 운영해본, 활용하여.
_VERB_ENDING = re.compile(r"(?:하|해|한|할|했|되|된|될|돼)[가-힣]*$")
# Particles that close a noun phrase ("카탈로그를 활용한", "본인이"), with whether the syllable before them must end
# in a consonant (이/을/과 follow one, 가/를/와 a vowel): that tells 고객이 from 게이트웨이 and 분석가. The other
# SUFFIXES end too many nouns (파이프라인, 시각화) or verbs (준하는) to strip from an unknown word.
_CLOSING_PARTICLES = {
    "에서의": None, "으로의": True, "에서": None, "으로": True, "에는": None, "에도": None, "과의": True, "와의": False,
    "로서": None, "로써": None, "이나": True, "들을": None, "들의": None, "들과": None, "들이": None, "마다": None,
    "을": True, "를": False, "이": True, "가": False, "과": True, "와": False, "로": False, "나": False, "의": None,
    "에": None, "도": None, "들": None, "외": None}
_FIRST_SYLLABLE, _FINALS, _RIEUL = 0xAC00, 28, 8  # Hangul syllables come in blocks of 28 finals; ㄹ is number 8
_AND = frozenset("및 또는 혹은".split())
_AND_PARTICLES = ("과", "와", "이나", "나")
# Endings of adnominal, adverbial and connective forms (다양한, 수집된, 새로운, 빠르게, 처음부터): no nouns.
_INFLECTED = re.compile(r"[된는운은던될게본며히른든난]$|[가-힣]{2}[한적고진]$|"
                        r"(?:하고|되고|있고|없고|하며|하여|해서|하면|으면|다면|거나|부터|까지|보다|도록|는지|적인|"
                        r"어야|아야|여야|하기|되기|있기|없기)$")
# Words that cannot stand inside a noun phrase: conjunctions, quantities, postpositions, demonstratives.
_PHRASE_BREAKS = _AND | frozenset("""
그리고 등 등의 등을 등에 중 하나 이상 이하 위해 통해 위한 대해 주로 이를 여러 모든 만들어 위에서 이런 그런 어떤
때문 때문에 때문입니다 역시
""".split())
# Generic modifiers and settings: trimmed from the start of a phrase ("신규 서비스", "고객사 온프레미스").
# Other generic words may start a term (데이터 드리프트, 웹 표준), so they are trimmed from the end only.
_MODIFIERS_KO = frozenset("""
다양한 관련 신규 사내 자사 내부 외부 전반 주요 핵심 기존 최신 대규모 대용량 각종 기타 직접 상용 유관 해당 전체 자체
고객사 회사 업무 프로젝트 팀 전사 고객 사용자 경험 관심 기본 기초 실제 신입 비개발 다른
""".split())
# Words that alone name no skill: trimmed from the end of a phrase ("커머스 서비스"); a phrase of nothing else is
# dropped. HEADS adds the head nouns an alias may take (시스템, 플랫폼, 모델 …).
_GENERIC_KO = _MODIFIERS_KO | HEADS | frozenset("""
서비스 데이터 시스템 이해 능력 개발 운영 구축 기술 환경 분야 도메인 솔루션 제품 플랫폼 프로그램 기능 모델 프로세스
방법 문제 해결 성능 품질 효율 소프트웨어 하드웨어 웹 앱 모바일 어플리케이션 애플리케이션 보고서 컴퓨터 클라이언트
프로덕트 개념 방식 이론 작업 가공 과제 구조 논문 단위 방법론 비즈니스 유지 전략 체계 컨설팅 컨텐츠 콘텐츠 결과
프로그래밍 리소스 스크립트 시나리오 산업 가이드 디자인 업데이트 케이스 트렌드 피드백 이미지 명령어 연구 자격증 사업
신사업 스타트업 전문성 인사이트 상용화 정책 요구 사항 요구사항 과정 업종 제안서 병역특례 자기개발 기획자 디자이너
구성원 타부서 부서 포트폴리오 글로벌 공공기관 신기술 이슈 내용 실무자 직무 직군 범위 상황 사이트 웹사이트 소스코드
도출 테이블 파트너 스쿼드 산출물 리포트 디바이스 인터페이스 작성자 홈페이지 영역
""".split())
# A lone two-syllable Korean noun is everyday vocabulary (직무, 참여, 화면) far more often than a skill;
# single-word skills are mostly longer loanwords (거버넌스, 미들웨어, 세그먼트).
_MIN_LONE_SYLLABLES = 3
_MAX_PHRASE_WORDS = 3
# A run right after a known skill or a Latin word and one space goes on from that name: "▒▒▒ 모델링", "AI 연구".
_AFTER_NAME = re.compile(rf"[\w{_KNOWN}] $")
# Both ends of a whole list item: "▒▒▒, 세그먼트, ▒▒▒", "(처리량, ▒▒▒)".
_ITEM_START = re.compile(r"(?:^|[,/(·:•-])\s*$")
_ITEM_END = re.compile(r"\s*(?:[,/)·]|$)")
# Fields of study are no skills: "컴퓨터공학, 전기전자 관련 학위".
_DEGREE_LINE = re.compile(r"전공|학위|학과|학사|석사|박사|졸업|대졸")


@dataclass(frozen=True)
class Suggestion:
    """A term the taxonomy does not know, how many postings use it, and one example line."""

    term: str
    documents: int
    example: str
    source: str


def _is_candidate(token: str, text: str, start: int, end: int, known: set[str]) -> bool:
    lowered = token.lower()
    if len(token) < 2 or lowered in ENGLISH_STOP_WORDS or lowered in _JOB_WORDS or normalize_key(token) in known \
            or _DOMAIN.search(token):
        return False
    if _TECHY.search(token):
        return True
    return token[0].isupper() and bool(_LIST_NEIGHBOUR.search(text[max(0, start - 12):start]) or
                                       _LIST_NEIGHBOUR.search(text[end:end + 12]))


def _candidate_terms(text: str, known: set[str]) -> list[str]:
    """Return the unknown terms of one posting's job sections: product-like words and pairs, Korean phrases."""
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
    return terms + _korean_phrases(text, known)


def _is_activity(word: str) -> bool:
    return any(word.startswith(a) and (len(word) == len(a) or word[len(a):] in SUFFIXES or
                                       _VERB_ENDING.match(word[len(a):])) for a in _ACTIVITIES)


def _closing_particle(word: str) -> str:
    """Return the particle that ends `word` ("" for none), checked against the syllable before it."""
    for particle, after_consonant in _CLOSING_PARTICLES.items():
        stem = word[:-len(particle)]
        if not word.endswith(particle) or len(stem) < 2:
            continue
        final = (ord(stem[-1]) - _FIRST_SYLLABLE) % _FINALS
        if after_consonant is None or (final != 0) == after_consonant or particle == "로" and final == _RIEUL:
            return particle
    return ""


def _is_noun(word: str) -> bool:
    # One syllable alone is a particle or a bound noun far more often than a skill word (를, 수, 중).
    return len(word) >= 2 and word not in _PHRASE_BREAKS and not _is_activity(word) and not _INFLECTED.search(word)


def _is_generic(word: str) -> bool:
    """Return whether `word` is a generic word or two glued together (웹서비스, 개발환경)."""
    return word in _GENERIC_KO or any(word[:cut] in _GENERIC_KO and word[cut:] in _GENERIC_KO
                                       for cut in range(1, len(word)))


def _noun_phrase(words: list[str], end: int) -> tuple[int, list[str]]:
    """Return where the noun phrase ending before `end` starts, and its words (the last one's particle stripped)."""
    last = words[end - 1]
    stem = last[:len(last) - len(_closing_particle(last))]
    if not _is_noun(stem) or _INFLECTED.search(last):
        return end, []
    start = end - 1
    while start > 0 and end - start < _MAX_PHRASE_WORDS and _is_noun(words[start - 1]) \
            and not _closing_particle(words[start - 1]):
        start -= 1
    return start, [*words[start:end - 1], stem]


def _specific(phrase: list[str], known: set[str]) -> str:
    """Return `phrase` without generic words at its ends, or "" when it is generic, too short or already known."""
    end = len(phrase)
    while end and _is_generic(phrase[end - 1]):
        end -= 1
    start = 0
    while start < end and phrase[start] in _MODIFIERS_KO:
        start += 1
    kept = phrase[start:end]
    if not kept or len(kept) == 1 and len(kept[0]) < _MIN_LONE_SYLLABLES:
        return ""
    key = normalize_key("".join(kept))
    # Known as it stands, or a known alias glued to a head noun (이상탐지모델).
    if key in known or any(key.endswith(head) and key[:-len(head)] in known for head in HEADS):
        return ""
    return " ".join(kept)


def _korean_phrases(text: str, known: set[str]) -> list[str]:
    """Return the unknown Korean noun phrases (1-3 words) of a posting's masked job text.

    A phrase counts where it stands right before an activity word ("피처 스토어 구축") or, as a compound, before
    a known skill ("데이터 드리프트 ▒▒▒▒"), with the phrases joined to it by 및/과/와; or where it is a whole
    item in a list next to known skills ("▒▒▒, 세그먼트, ▒▒▒").
    """
    phrases: list[str] = []
    for line in text.split("\n"):
        if _DEGREE_LINE.search(line):
            continue
        for run in _HANGUL_RUN.finditer(line):
            words = run.group().split(" ")
            before, after = line[max(0, run.start() - 12):run.start()], line[run.end():run.end() + 12]
            heads = [(i, 1) for i in range(1, len(words)) if _is_activity(words[i])]
            if after.startswith(" " + _KNOWN):
                heads.append((len(words), 2))  # "데이터 드리프트 ▒▒▒▒", not "온라인 ▒▒▒▒▒▒"
            for end, min_words in heads:
                phrases.extend(_phrases_before(words, end, min_words, bool(_AFTER_NAME.search(before))))
            item = [word.removesuffix("등") for word in words if word not in _PHRASE_BREAKS]
            if item and item[-1] and (_LIST_NEIGHBOUR.search(before) and _ITEM_END.match(after) or
                                      _ITEM_START.search(before) and _LIST_NEIGHBOUR.match(after)):
                start, phrase = _noun_phrase(item, len(item))
                phrases.append(phrase if start == 0 else [])
    terms = [term for term in (_specific(phrase, known) for phrase in phrases) if term]
    # "실시간 피처 스토어" also counts as "피처 스토어", so postings that qualify a term differently pool on it.
    tails = [_specific(term.split()[1:], known) for term in terms if term.count(" ") == _MAX_PHRASE_WORDS - 1]
    return terms + [tail for tail in tails if " " in tail]


def _phrases_before(words: list[str], end: int, min_words: int, after_name: bool) -> list[list[str]]:
    """Return the noun phrase ending before `end` and those joined to it: "A 및 B 구축", "A와 B 구축"."""
    phrases: list[list[str]] = []
    while end > 0:
        start, phrase = _noun_phrase(words, end)
        if not phrase or start == 0 and after_name:
            break
        if len(phrase) >= min_words:
            phrases.append(phrase)
        if start > 1 and words[start - 1] in _AND:
            end = start - 1
        elif start > 0 and _closing_particle(words[start - 1]) in _AND_PARTICLES:
            end = start
        else:
            break
    return phrases


def _masked_job_text(job: JobExtraction, matcher: Matcher) -> str:
    """Return the posting's responsibility / required / preferred text with known skills blanked out."""
    chars = list(job.text)
    for cand in matcher.matches(job.text):
        chars[cand.start:cand.end] = _KNOWN * (cand.end - cand.start)
    masked = "".join(chars)
    # The company's own name is no skill, however often its postings repeat it ("미리디 서비스 개발").
    company = _LEGAL_FORM.sub("", job.company or "").strip()
    if len(company) >= 2:
        masked = masked.replace(company, " " * len(company))
    parts = [masked[s.start:s.end] for s in job.sections if s.kind in _JOB_SECTIONS]
    return "\n".join(line for part in parts for line in part.split("\n") if not header_kind(line))


def _example(job: JobExtraction, term: str, width: int = 100) -> str:
    """Return the line around the first use of `term` in the job sections (else anywhere), shortened to `width`."""
    text = job.text
    spans = [(s.start, s.end) for s in job.sections if s.kind in _JOB_SECTIONS] + [(0, len(text))]
    at = next((found for found in (text.find(term, start, end) for start, end in spans) if found >= 0), 0)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = _BULLET.sub("", text[line_start: len(text) if line_end < 0 else line_end].strip())
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
        # A part of a listed term used by as many postings only ever comes with it ("피처 스토어" in "실시간 피처 스토어").
        if key in seen or any(s.documents == document_counts[index] and f" {term} " in f" {s.term} "
                              for s in suggestions):
            continue
        seen.add(key)
        job = jobs[counts[:, index].nonzero()[0][0]]
        suggestions.append(Suggestion(term, int(document_counts[index]), _example(job, term), job.source))
        if len(suggestions) >= top:
            break
    return suggestions
