"""Find the taxonomy's skills in a cleaned job description with one Aho-Corasick automaton."""
from __future__ import annotations

import re
import sys
from bisect import bisect_left
from functools import cached_property
from itertools import islice
from typing import NamedTuple

import ahocorasick_rs

from skillgap.clean import CharMemo, clean_text, detect_language, fold_case, folds_plainly
from skillgap.alternatives import alternatives_of
from skillgap.experience import years_min
from skillgap.lines import LineModel, bundled_line_model, job_units, units_holding
from skillgap.phrases import PhraseScanner
from skillgap.models import REQUIREMENT_RANK, REQUIREMENT_WEIGHT, JobExtraction, Mention, RawDocument, Section, SkillHit
from skillgap.sections import is_job_text, is_stack_header, split_sections
from skillgap.taxonomy import Taxonomy

# Korean particles, copula and 하다/되다 endings that may follow an alias inside one word (research/korean.md §1.6).
SUFFIXES = frozenset("""
을 를 이 가 은 는 과 와 에 에서 으로 로 의 도 만 나 이나 랑 이랑 보다 부터 까지 처럼 등 및 에는 에서는 으로는 로는
과의 와의 에서의 에도 으로도 로도 와도 과도 이라는 라는 이란 하는 하고 한 할 해 했던 하여 해본 하신 하며 하기 하면 해서
하거나 해야 합니다 해요 되는 된 될 되어 돼 이고 이며 이다 입니다 이면 인 하면서 했습니다 적 적인 적으로 화 중 에대한 에대해
이나 을통한 를통한 을활용한 를활용한 으로의 로의 들 들을 들의 들과 들이 에의 엔 이든 든
""".split())
# Nouns that may follow an alias inside one word: 쿠버네티스기반, 파이썬개발.
HEADS = frozenset("""
기반 환경 경험 개발 개발자 엔지니어 엔지니어링 서버 클러스터 파이프라인 플랫폼 모델 시스템 서비스 활용 운영 구축 설계
프로젝트 프레임워크 라이브러리 코드 언어 스택 인프라 관련 전문가 역량 능력 지식 사용 처리 분석 배포 학습 기술 관리 도입
연동 자동화 생태계 아키텍처 이해 실무 경력 앱 작업 튜닝 최적화 모니터링 엔진 업무 셋 전공 도구 툴 쿼리 기술스택 숙련자
""".split())
_MAX_TAIL_PARTS = 3
_MIN_GLUED = 5
_MIN_PLURAL = 3
_MIN_KOREAN_STEM = 2
_KOREAN_NOUN_OF = {
    "server": "서버", "development": "개발", "developer": "개발자", "engineering": "엔지니어링",
    "analysis": "분석", "analytics": "분석", "design": "설계", "testing": "테스트", "test": "테스트",
    "processing": "처리", "management": "관리", "platform": "플랫폼", "framework": "프레임워크",
    "database": "데이터베이스", "pipeline": "파이프라인", "pipelines": "파이프라인", "security": "보안",
    "optimization": "최적화", "monitoring": "모니터링", "modeling": "모델링", "architecture": "아키텍처",
    "automation": "자동화", "migration": "마이그레이션", "deployment": "배포", "operations": "운영",
}
# Korean loanword spellings postings use side by side (데이터/데이타 1,251/20 postings, 아키텍처/아키텍쳐 226/127).
_KOREAN_SPELLINGS = (("데이터", "데이타"), ("아키텍처", "아키텍쳐"), ("애플리케이션", "어플리케이션"),
                     ("리팩토링", "리펙토링"), ("메시지", "메세지"), ("프론트", "프런트"), ("알고리즘", "알고리듬"))
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ASCII_WORD = re.compile(r"[a-z0-9]")
_CORROBORATION_WINDOW = 80
# Words around an ambiguous alias that say it is meant as a technology ("Go 언어", "R language").
# Two patterns, each looked for only where its mark is ("://", "@"): one alternation of both is slow to search.
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+")
# Job-board tracking tags ("#LI-Hybrid", "#BI-Remote") and equal-opportunity statements name no skill.
_TRACKING_TAG = re.compile(r"#[A-Za-z]{2}-[A-Za-z0-9]+")
_EEO = re.compile(r"equal (?:employment )?opportunit|without regard to|protected (?:veteran|class)|sexual orientation|"
                  r"gender identity|national origin|reasonable accommodation")  # reads fold_case text
# One of these is in every match of _EEO: looked for first (str.find is many times faster than the regex).
_EEO_WORDS = ("equal ", "regard", "protected", "orientation", "identity", "origin", "accommodation")
_DEGREE_WINDOW = 60
_WORD_BEFORE = re.compile(r"([A-Za-z가-힣][\w+#-]*) ?$")
_MAX_WORD = 30
_FUNCTION_WORDS = frozenset("and or of in on for with the a an to from about 및 또는 등 관련".split())
_KOREAN_LINKS = ("의", "과", "와", "및", "등", "을", "를", "은", "는")
_HEADER_LINES = 3
# A skill the job title names weighs as much as one the responsibilities name.
TITLE_WEIGHT = REQUIREMENT_WEIGHT["responsibility"]
_MAX_TITLE = 200
_FIELD_LABELS = frozenset({"직무", "직군", "직종", "포지션", "모집분야", "모집 분야", "스킬", "기술스택", "기술 스택",
                           "job function", "position", "role", "skills"})
# The degree, list and cue regexes read `fold_case` text, as with re.IGNORECASE (twice as fast).
_DEGREE_CUE = re.compile(
    r"degree|bachelor|master|ph\.?d|doctorate|\bb\.?s\.?c?\b|\bm\.?s\.?c?\b|\bb\.?a\b|major(?:ing)? in|"
    r"(?:quantitative|technical|related|relevant|stem) (?:field|discipline)|fields? of study|학사|석사|박사|학위|전공분야|전공 분야")
# Between a degree and a skill, these start another requirement: "BS degree and 3+ years of ML", "학사 이상, 머신러닝".
_CLAUSE_BREAK = re.compile(r"[\d;]|\b(?:and|with|years?)\b|경험|경력|이상")
_DEGREE_AFTER = re.compile(r"[^\n,]{0,3}?(전공|학과|학부|계열|학위|degree|major)"
                           r"|[^\n,.()]{0,15}?(?:분야|관련|유관)[^\n,.()]{0,6}?(학사|석사|박사|전공|학위)")
# Every degree context holds one of these words (the cues above and the words _DEGREE_AFTER looks for). Each
# branch starts with a letter, so `re` skips to the positions that hold one (twice as fast as with a leading \b).
_DEGREE_WORD = re.compile(
    r"degree|bachelor|master|ph\.?d|doctorate|major|fields? of study|학사|석사|박사|학위|전공|학과|학부|계열|"
    r"(?:quantitative|technical|related|relevant|stem) (?:field|discipline)|"
    r"[bm](?<!\w[bm])\.?s\.?c?\b|b(?<!\wb)\.?a\b")
_LIST_SEPARATOR_END = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_MAX_SEPARATOR = 12
_LIST_ITEM_END = re.compile(r"[a-z][\w&/'-]*(?: [\w&/'-]+){0,2}$")
# A person's role ("work with data scientists", "SW 개발자 채용") names a job, not a skill asked of the hire;
# in the title it names the field ("Data Engineer"). Read at the end of a concept's mention.
_ROLE_NOUN = re.compile(r"(?:engineer|scientist|manager|developer|analyst|architect|owner|개발자|엔지니어|사이언티스트|매니저|분석가)s?$",
                        re.IGNORECASE)
_TECH_CUE = re.compile(r"\s?(언어|language|lang\b|프로그래밍|programming|코드|code|개발|스크립트|script|기반|framework|프레임워크)")


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"


def _match_form(text: str) -> str:
    """Lower-case `text` and read hyphens as spaces, without changing its length (offsets stay valid).

    "fine-tuning", "fine tuning", "no-SQL" and "parameter efficient fine-tuning" then meet their aliases.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("-", " ")


def _variants(alias: str) -> set[str]:
    """Return the lower-case spellings an alias may take in text.

    Spaces and hyphens are interchangeable, multi-word aliases may be glued (ArgoCD) and
    camel-case names may be split (LangChain → "lang chain", MariaDB → "maria db").
    """
    low = alias.lower().strip()
    split = _CAMEL_BOUNDARY.sub(" ", alias.strip()).lower()
    bases = {low}
    if split != low and all(len(part) >= 2 for part in split.split()):
        bases.add(split)
    out = {base.replace("-", " ") for base in bases}
    # Korean postings pair an English name with a Korean noun: "Windows 서버", "Web 개발", "Unit 테스트".
    words = low.replace("-", " ").split()
    if len(words) >= 2 and words[-1] in _KOREAN_NOUN_OF and low.isascii():
        out.add(" ".join(words[:-1]) + " " + _KOREAN_NOUN_OF[words[-1]])
    # A glued Korean alias ending in a head noun may be written spaced: 형상관리 → 형상 관리, 오픈소스 → 오픈 소스.
    if " " not in low and _is_hangul(low[-1]):
        out.update(f"{low[:-len(head)]} {head}" for head in HEADS
                   if low.endswith(head) and len(low) - len(head) >= _MIN_KOREAN_STEM)
    for base in bases:
        if " " in base or "-" in base:
            joined = base.replace(" ", "").replace("-", "")
            # Glued spellings are common in Korean text and in product names (ArgoCD, ObjectDetection).
            if len(joined) >= _MIN_GLUED or any(_is_hangul(c) for c in base):
                out.add(joined)
                # Three words may be half glued: "VisualStudio Code", "대용량 데이터처리".
                words = base.replace("-", " ").split()
                if len(words) == 3:
                    out.update({f"{words[0]}{words[1]} {words[2]}", f"{words[0]} {words[1]}{words[2]}"})
    for one, other in _KOREAN_SPELLINGS:
        out.update({form.replace(one, other) for form in out if one in form} |
                   {form.replace(other, one) for form in out if other in form})
    # "웹 개발자", "서버 개발자": the developer of a kind of development names it, as "Software Engineer" does.
    out.update(f"{form}자" for form in list(out) if form.endswith("개발"))
    return {v for v in out if v}


# Named tuples: hundreds of thousands are made per corpus, and a frozen dataclass is several times slower to make.
class _Pattern(NamedTuple):
    skill_id: str
    alias: str
    exact: bool
    risky: bool  # the short or common-word form of an ambiguous skill (Go, R, 스파크): see _risky_forms
    phrase: bool = False  # found by a phrase pattern, not an alias


class Scan(NamedTuple):
    """What `Matcher.scan` found in a text: its `_match_form`, and the (number, start, end) of each word found
    there, numbered as the matcher's lower-cased aliases, the phrases' start words and the line model's anchors are."""
    lowered: str
    aliases: list
    starts: list
    anchors: list


class _Candidate(NamedTuple):
    start: int
    end: int
    pattern: _Pattern


# Hangul; a Latin letter, digit or underscore: what may not stand right before or after an alias of that script.
_HANGUL_CHAR = CharMemo(_is_hangul)
_LATIN_WORD_CHAR = CharMemo(lambda ch: bool(_ASCII_WORD.match(ch.lower())) or ch == "_")
_LATIN_WORD_CHAR_BUT_S = CharMemo(lambda ch: ch != "s" and _LATIN_WORD_CHAR[ch])  # after a key that takes a plural


def _word_before(key: str) -> CharMemo | None:
    """Return the characters that, right before `key`, make it the inside of a longer word."""
    if _is_hangul(key[0]):
        return _HANGUL_CHAR
    return _LATIN_WORD_CHAR if _ASCII_WORD.match(key[0]) else None


def _word_after(key: str) -> CharMemo | None:
    """Return characters that, right after a Latin `key`, surely make it part of a longer word (None: no quick test).

    A quick test ahead of `Matcher._ends_word`, which allows a plural "s" after some keys.
    """
    if not _ASCII_WORD.match(key[-1]):
        return None
    plural = len(key) >= _MIN_PLURAL and key[-1].isalpha() and key[-1] != "s"
    return _LATIN_WORD_CHAR_BUT_S if plural else _LATIN_WORD_CHAR


class Matcher:
    """Aho-Corasick automata over every alias of a taxonomy, with word-boundary rules per script.

    Aliases written in one case only ("R", "C", "AR") are looked up as written in the text; every
    other alias in the lower-cased text. The lower-case "r" and "c" inside words would otherwise be
    most of all hits, each to be rejected one by one.
    """

    def __init__(self, taxonomy: Taxonomy, line_model: LineModel | None = None):
        self.taxonomy = taxonomy
        model = bundled_line_model() if line_model is None else line_model
        # The learned line model, for the concepts and soft skills of this taxonomy it knows.
        self.line_model = model if any(s in taxonomy.skills for s in model.skills) else None
        self._risky_forms = {skill.id: _risky_forms(skill) for skill in taxonomy}
        table: dict[str, list[_Pattern]] = {}
        for skill in taxonomy:
            for form in skill.surface_forms:
                if form in skill.unmatched:
                    continue
                exact = form in skill.exact_case
                risky = form in self._risky_forms[skill.id]
                for variant in _variants(form):
                    if (len(variant) < 2 and not exact) or skill.implied_only:
                        continue
                    table.setdefault(variant, []).append(_Pattern(skill.id, form, exact, risky))
        self.alias_keys = frozenset(table)  # every lower-case spelling looked up (the benchmark's bare scan uses them)
        self.korean_aliases = frozenset(k for k in table if k and _is_hangul(k[0]))
        # (key, its patterns, the characters that may not precede it, a quick test of the one after it),
        # by index of the word searched for
        self._lowered_entries: list[tuple] = []
        self._exact_entries: list[tuple] = []
        lowered_words, exact_words = [], []
        for key, patterns in table.items():
            entry = (key, tuple(patterns), _word_before(key), _word_after(key))
            if all(p.exact and p.alias.isascii() for p in patterns):
                for alias in sorted({p.alias for p in patterns if _match_form(p.alias) == key}):
                    exact_words.append(alias)
                    self._exact_entries.append(entry)
            else:
                lowered_words.append(key)
                self._lowered_entries.append(entry)
        self._lowered_words = lowered_words
        # The Rust library's automaton: several times faster than pyahocorasick's with thousands of Korean keys.
        self._exact_scan = ahocorasick_rs.AhoCorasick(exact_words)
        self.phrases = PhraseScanner({s.id: s.patterns for s in taxonomy if s.patterns})
        # The aliases, the phrases' start words and the line model's anchors are all looked for in the lower-cased
        # text: one automaton finds them in one pass, each word tagged with its number in each list (or None).
        words: dict[str, list] = {}
        anchors = self.line_model.anchors if self.line_model else []
        for part, listed in enumerate((lowered_words, self.phrases.start_words, anchors)):
            for number, word in enumerate(listed):
                words.setdefault(word, [None, None, None])[part] = number
        self._roles = [tuple(roles) for roles in words.values()]
        self._one_scan = ahocorasick_rs.AhoCorasick(list(words))
        # Start words and anchors hold no hyphen or space, so `_match_form`, which reads hyphens as spaces, finds
        # them where the lower-cased text has them.
        self._one_scan_fits = not any("-" in word or " " in word for word in (*self.phrases.start_words, *anchors))

    @cached_property
    def _lowered_scan(self) -> ahocorasick_rs.AhoCorasick:
        """The aliases' own automaton, for text scanned without `scan`."""
        return ahocorasick_rs.AhoCorasick(self._lowered_words)

    def _tail_ok(self, tail: str, depth: int = 0) -> bool:
        """Tell whether the rest of a Korean word after an alias is particles, a head noun or another alias."""
        if not tail or tail in SUFFIXES or tail in HEADS:
            return True
        if depth >= _MAX_TAIL_PARTS:
            return False
        for cut in range(min(len(tail) - 1, 8), 0, -1):
            head = tail[:cut]
            if (head in HEADS or head in SUFFIXES or head in self.korean_aliases) and self._tail_ok(tail[cut:], depth + 1):
                return True
        return False

    def _ends_word(self, text: str, end: int, key: str) -> bool:
        """Tell whether an alias ending at `end` ends a word (or a Korean word goes on with particles)."""
        after = text[end] if end < len(text) else " "
        if _HANGUL_CHAR[key[-1]]:
            if _HANGUL_CHAR[after]:
                word_end = end
                while word_end < len(text) and _HANGUL_CHAR[text[word_end]]:
                    word_end += 1
                return self._tail_ok(text[end:word_end])
            return True
        if _LATIN_WORD_CHAR[after]:
            # A plural of a Latin alias still names it: TPUs, ETLs, data pipelines.
            return (after == "s" and len(key) >= _MIN_PLURAL and key[-1].isalpha() and key[-1] != "s"
                    and not _ASCII_WORD.match(text[end + 1:end + 2]))
        if after in "+#" and key[-1] not in "+#":
            return False
        return True

    def scan(self, text: str) -> Scan | None:
        """Find the aliases, phrase start words and line-model anchors in `text`'s lower-cased form in one pass.

        None when the lower-cased forms each reads differ (a dotted or dotless i, a long s; see `fold_case`):
        then each is looked for on its own.
        """
        if not self._one_scan_fits or not folds_plainly(text):
            return None
        lowered = fold_case(text).replace("-", " ")  # _match_form(text), from the lower-cased text made anyway
        aliases, starts, anchors = [], [], []
        roles = self._roles
        for number, start, end in self._one_scan.find_matches_as_indexes(lowered, overlapping=True):
            alias, word, anchor = roles[number]
            if alias is not None:
                aliases.append((alias, start, end))
            if word is not None:
                starts.append((word, start, end))
            if anchor is not None:
                anchors.append((anchor, start, end))
        return Scan(lowered, aliases, starts, anchors)

    def candidates(self, text: str, lowered: str, aliases: list | None = None) -> list[_Candidate]:
        """Return every alias occurrence in `text` (`lowered` is its `_match_form`) that respects boundaries and casing.

        `aliases`: the (key number, start, end) of the lower-cased keys in `lowered`, when `scan` found them.
        """
        found: list[_Candidate] = []
        has_ampersand = "&" in lowered  # few postings have one: the abbreviation test is skipped for the others
        if aliases is None:
            aliases = self._lowered_scan.find_matches_as_indexes(lowered, overlapping=True)
        for hits, entries, haystack in ((aliases, self._lowered_entries, lowered),
                                        (self._exact_scan.find_matches_as_indexes(text, overlapping=True),
                                         self._exact_entries, text)):
            for number, start, end in hits:
                key, patterns, word_before, word_after = entries[number]
                if (start and word_before is not None and word_before[lowered[start - 1]]) or \
                        (word_after is not None and end < len(lowered) and word_after[lowered[end]]):
                    continue  # inside a longer word, as most hits are: checked first, it is cheap
                surface = text[start:end]
                for pattern in patterns:
                    if not pattern.exact or surface == pattern.alias:
                        break
                else:
                    continue  # exact-case aliases only, none written like this
                if self._ends_word(lowered, end, key) and not (has_ampersand and
                                                               _in_ampersand_abbreviation(lowered, start, end)):
                    found.append(_Candidate(start, end, pattern))
        return found

    def _nested_tool(self, inner: _Candidate, outer: _Candidate) -> bool:
        """Tell whether a tool named inside another tool's name also counts ("Aurora MySQL" → MySQL)."""
        skills = self.taxonomy.skills
        inner_skill, outer_skill = skills[inner.pattern.skill_id], skills[outer.pattern.skill_id]
        return (inner_skill.id != outer_skill.id and inner_skill.kind == outer_skill.kind == "tool"
                and not inner_skill.ambiguous)

    def phrase_candidates(self, text: str, starts: list | None = None) -> list[_Candidate]:
        """Return the occurrences of the skills' phrase patterns ("collaborate with", "대용량 데이터 처리").

        `starts`: where `scan` found the phrases' start words.
        """
        found = []
        for start, end, skill_id in self.phrases.finditer(text, fold_case(text), starts):
            phrase = text[start:end]
            found.append(_Candidate(start, end, _Pattern(skill_id, phrase, False, phrase in self._risky_forms[skill_id],
                                                         phrase=True)))
        return found

    def matches(self, text: str, scanned: Scan | None = None) -> list[_Candidate]:
        """Return non-overlapping alias occurrences, preferring the longest, plus phrase matches, in text order.

        Phrases may overlap aliases: "deploying PyTorch models" names both PyTorch and model deployment.
        `scanned`: what `scan` found in the text, if it was called.
        """
        lowered = scanned.lowered if scanned else _match_form(text)
        taken: list[_Candidate] = []
        occupied = [None] * len(text)
        for cand in sorted(self.candidates(text, lowered, scanned and scanned.aliases),
                           key=lambda c: (-(c.end - c.start), c.start)):
            covering = occupied[cand.start]
            if covering is None and not any(occupied[cand.start:cand.end]):
                occupied[cand.start:cand.end] = [cand] * (cand.end - cand.start)
                taken.append(cand)
            elif covering is not None and self._nested_tool(cand, covering) and \
                    all(o is covering for o in occupied[cand.start:cand.end]):
                taken.append(cand)
        # A phrase inside a longer product name is part of that name: "Cloud Platform" in "Google Cloud Platform".
        taken.extend(p for p in self.phrase_candidates(text, scanned and scanned.starts)
                     if not ((owner := occupied[p.start]) and owner.start <= p.start and p.end <= owner.end
                             and owner.end - owner.start > p.end - p.start))
        return sorted(taken, key=lambda c: (c.start, c.end))


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _risky_forms(skill) -> frozenset[str]:
    """Return the forms of an ambiguous skill that are also common words or short tokens.

    Those are its exact-case forms, its one-word Korean forms (스파크, 엑셀) and its shortest one-word
    Latin forms ("Go" but not "Golang", "Excel" but not "MS Excel", "Spring" but not "Spring Boot").
    """
    if not skill.ambiguous:
        return frozenset()
    single = [f for f in skill.surface_forms if not any(sep in f for sep in " -.")]
    latin = [f for f in single if f.isascii()]
    shortest = min((len(f) for f in latin), default=0)
    return frozenset({*skill.exact_case, *(f for f in single if _is_hangul(f[0])),
                      *(f for f in latin if len(f) == shortest)})


def _excluded_spans(text: str, company: str | None, company_is_skill: bool) -> bytearray:
    """Mark characters that never name a skill: URLs, e-mail addresses, tracking tags and the employer's name.

    The name is masked in the header lines; when the employer shares its name with a tool (Figma),
    everywhere, since "Figma is growing" is about the company, not a skill the posting asks for.
    """
    mask = bytearray(len(text))
    # Most postings have no URL, address or tag; skip the regex scans then.
    for pattern, present in ((_URL, "://" in text or "www." in text or "WWW." in text), (_EMAIL, "@" in text),
                             (_TRACKING_TAG, "#" in text)):
        if present:
            for m in pattern.finditer(text):
                mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    if company and company.strip():
        name = company.strip().lower()
        header_end = len(text) if company_is_skill else _nth_line_end(text, _HEADER_LINES)
        lowered = text[:header_end].lower()
        at = lowered.find(name)
        while at >= 0:
            end = at + len(name)
            # The name as a word, not a piece of one: company "P" never masks the P of "Python"
            # (a Korean particle may follow: "카카오는").
            if not (at and lowered[at - 1].isalnum()) and not (end < len(lowered) and lowered[end].isascii()
                                                              and lowered[end].isalnum() and name[-1].isascii()):
                mask[at:end] = b"\x01" * len(name)
            at = lowered.find(name, end)
    return mask


def _nth_line_end(text: str, n: int) -> int:
    end = -1
    for _ in range(n):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def _line_fact(text: str, at: int, known: dict[int, bool], fact) -> bool:
    """Return `fact(text, line_start)` for the line around `at`, remembered in `known` by line start
    for the other mentions on the same line."""
    line_start = text.rfind("\n", 0, at) + 1
    found = known.get(line_start)
    if found is None:
        found = known[line_start] = fact(text, line_start)
    return found


def _follows_field_label(text: str, line_start: int) -> bool:
    """Tell whether a line is the value of a job-board field such as "직무" or "Job function"."""
    label = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1] if line_start >= 2 else ""
    return label.strip().lower() in _FIELD_LABELS


def _names_a_degree(folded: str, line_start: int) -> bool:
    """Tell whether a line holds a degree or major word (few lines do)."""
    return _DEGREE_WORD.search(folded, *_line_bounds(folded, line_start, line_start)) is not None


def _has_equal_opportunity(folded: str) -> bool:
    """Tell whether folded text holds an equal-opportunity statement (most postings hold none)."""
    return any(word in folded for word in _EEO_WORDS) and _EEO.search(folded) is not None


def _states_equal_opportunity(folded: str, line_start: int) -> bool:
    return _EEO.search(folded, *_line_bounds(folded, line_start, line_start)) is not None


def _list_start(text: str, line_start: int, start: int) -> int:
    """Return where the comma list that a mention ends belongs to starts ("Math, Physics, Operations Research")."""
    while True:
        # A separator is a few characters of cleaned text (single spaces): searched for only there, not from the line start.
        sep = _LIST_SEPARATOR_END.search(text, max(line_start, start - _MAX_SEPARATOR), start)
        if not sep:
            return start
        item = _LIST_ITEM_END.search(text, line_start, sep.start())
        if not item:
            return start
        start = item.start()


def _in_degree_context(folded: str, start: int, end: int) -> bool:
    """Tell whether a mention names a degree or major ("BS in Computer Science", "컴퓨터공학 전공").

    A major listed after others counts from the list's start: "degree in Math, Physics, Operations Research".
    `folded` is the text through `fold_case`.
    """
    line_start, line_end = _line_bounds(folded, start, end)
    if _DEGREE_AFTER.match(folded, end, min(line_end, end + 30)):
        return True
    list_start = _list_start(folded, line_start, start)
    cue = None
    for cue in _DEGREE_CUE.finditer(folded, max(line_start, list_start - _DEGREE_WINDOW), start):
        pass
    return cue is not None and not _CLAUSE_BREAK.search(folded, cue.end(), max(cue.end(), list_start))


def _qualified(text: str, start: int) -> bool:
    """Tell whether the word right before a mention qualifies it ("novel algorithms", "AI 알고리즘")."""
    word = _WORD_BEFORE.search(text, max(0, start - _MAX_WORD), start)
    return bool(word) and word.group(1).lower() not in _FUNCTION_WORDS and not word.group(1).endswith(_KOREAN_LINKS)


def _labels_a_list(text: str, m: _Candidate, strong_starts: list[int]) -> bool:
    """Tell whether a mention labels a list of named tools: "• 모니터링: Datadog, Prometheus", "Databases: PostgreSQL"."""
    if text[m.end:m.end + 2].lstrip()[:1] not in (":", "："):
        return False
    line_start, line_end = _line_bounds(text, m.start, m.end)
    if any(ch.isalnum() for ch in text[line_start:m.start]):
        return False
    return any(m.end < s < line_end for s in strong_starts)


def _in_ampersand_abbreviation(lowered: str, start: int, end: int) -> bool:
    """Tell whether a Latin alias is a letter of an ampersand abbreviation: the "FP" of "FP&A", the "R" of "R&D"."""
    after_amp = end + 1 < len(lowered) and lowered[end] == "&" and lowered[end + 1].isalnum()
    before_amp = start >= 2 and lowered[start - 1] == "&" and lowered[start - 2].isalnum()
    return (after_amp or before_amp) and bool(_ASCII_WORD.match(lowered[start]))


def _gate(text: str, matches: list[_Candidate], taxonomy: Taxonomy, sections,
          company: str | None = None) -> list[tuple[_Candidate, str]]:
    """Keep the matches (in text order) whose context supports them; return (match, section kind) pairs.

    - short or common-word aliases (Go, R, 스파크) need a corroborating technology nearby or a cue
      such as "언어" / "language";
    - generic words (운영, monitoring) need a technology nearby and a job section;
    - in company intros, benefits and hiring process only named tools count; soft skills count only
      in the responsibilities / requirements / preferred sections;
    - concepts named as a degree or major are not skills; nothing inside a URL, a tracking tag or an
      equal-opportunity statement is;
    - a generic head noun ("algorithms") qualified by the word before it names that other thing;
    - the labels of a stack line ("모니터링: Datadog") and a tech-stack section's concepts count.
    """
    excluded = _excluded_spans(text, company, bool(company and taxonomy.resolve(company)))
    folded = fold_case(text)
    title_end = text.find("\n") if "\n" in text else len(text)
    skills = taxonomy.skills
    strong_starts = [m.start for m in matches  # tools named plainly, to corroborate the risky ones (in order)
                     if not (m.pattern.risky or skills[m.pattern.skill_id].context_only)]
    field_value_lines: dict[int, bool] = {}  # by line start
    has_eeo = _has_equal_opportunity(folded)
    eeo_lines: dict[int, bool] = {}
    degree_lines: dict[int, bool] = {}  # by line start: whether the line names a degree or major (few do)
    kept = []
    at, last = 0, len(sections) - 1  # the section of the current match: they come in text order
    for m in matches:
        skill = skills[m.pattern.skill_id]
        if excluded[m.start]:
            continue
        while at < last and sections[at + 1].start <= m.start:
            at += 1
        section = sections[at]
        kind = section.kind
        # The title names the job ("AI Vision Engineer", "머신러닝 엔지니어") and a stack list's labels name the
        # work ("모니터링: Datadog"): their skills count as they are. So does a job-board field's value line,
        # looked at only when it matters (the checks below are all independent).
        in_title = m.start < title_end or (skill.kind == "concept" and _labels_a_list(text, m, strong_starts))
        in_stack = skill.kind == "concept" and bool(section.header) and is_stack_header(section.header)
        if not (in_title or in_stack) and skill.kind != "tool" and kind == "other" \
                and (not is_job_text(section) or skill.kind == "soft") \
                and not _line_fact(text, m.start, field_value_lines, _follows_field_label):
            continue
        if skill.head_noun and not m.pattern.phrase and _qualified(text, m.start):
            continue
        if has_eeo and skill.kind != "tool" and _line_fact(folded, m.start, eeo_lines, _states_equal_opportunity):
            continue
        risky = m.pattern.risky
        # A common word used as a product name is written as one: "Excel", "Spring", not "excel".
        if risky and m.pattern.alias[0].isupper() and not text[m.start].isupper():
            continue
        if risky or skill.context_only:
            line_start, line_end = _line_bounds(text, m.start, m.end)
            lo = max(line_start, m.start - _CORROBORATION_WINDOW)
            hi = min(line_end, m.end + _CORROBORATION_WINDOW)
            first = bisect_left(strong_starts, lo)
            corroborated = any(s != m.start for s in islice(strong_starts, first, bisect_left(strong_starts, hi)))
            if risky and not (corroborated or _TECH_CUE.match(folded, m.end)):
                continue
            # A phrase pattern is specific by design; only a bare generic word needs the context.
            # The untitled opening text of a posting often describes the job itself (LinkedIn, Glassdoor).
            in_job_text = is_job_text(section)
            if skill.context_only and not (in_title or m.pattern.phrase) and not (corroborated and in_job_text) \
                    and not _line_fact(text, m.start, field_value_lines, _follows_field_label):
                continue
        if skill.kind == "concept" and _line_fact(folded, m.start, degree_lines, _names_a_degree) and \
                _in_degree_context(folded, m.start, m.end):
            continue
        kept.append((m, kind))
    return kept


def _substitutes_key(taxonomy: Taxonomy):
    """Return what two skills must share to stand in for each other: their category ("AWS or GCP"), or, when
    no "or" word joins them, their parents (PyTorch/TensorFlow are both deep-learning frameworks; "such as
    Docker and Kubernetes" lists two tools the work uses)."""
    skills = taxonomy.skills
    return lambda skill_id, unworded: (skills[skill_id].parents or skills[skill_id].category) \
        if unworded else skills[skill_id].category


def _stated_in_words(text: str, sections, model: LineModel, taxonomy: Taxonomy, found,
                     anchors: list | None = None) -> list[tuple[str, tuple]]:
    """Return (skill id, mention) for concepts and soft skills the line model reads in the job's own lines.

    Only skills the rules did not find can change the answer; the best-scoring line of each is its mention,
    as (text, section, start, end). `anchors`: where `Matcher.scan` found the model's anchors.
    """
    best: dict[str, tuple[float, int, int, str]] = {}
    hits = model.anchor_hits(text, found, anchors)
    if hits == []:  # most postings: then their lines are not even cut into units
        return []
    spans = job_units(text, sections)
    for unit in units_holding(spans, hits):
        start, end, kind = spans[unit]
        # An equal-opportunity statement names no skill ("we value communication with every applicant"), as in _gate.
        if _has_equal_opportunity(fold_case(text[start:end])):
            continue
        for skill_id, score in model.predict(text[start:end]).items():
            if skill_id in taxonomy.skills and skill_id not in found and score > best.get(skill_id, (-1e9,))[0]:
                best[skill_id] = (score, start, end, kind)
    return [(skill_id, (text[start:end], kind, start, end))
            for skill_id, (_, start, end, kind) in sorted(best.items(), key=lambda item: item[1][1])]


def skill_rows(text: str, taxonomy: Taxonomy, matcher: Matcher, include_implied: bool = True,
               company: str | None = None) -> tuple[list[list], tuple[Section, ...]]:
    """Return (rows, sections) for cleaned text: one row per skill, strongest section first.

    A row is a SkillHit's fields as `cache.job_fields` lays them out, [id, name, category, requirement,
    weight, mentions, alternatives], each mention (text, section, start, end): a corpus makes hundreds of
    thousands of them, and a frozen dataclass is many times slower to make than a tuple.
    """
    sections = split_sections(text)
    by_skill: dict[str, list[tuple]] = {}
    spans = []
    # Mentions' words are interned, as the cache and the worker processes' results are: "Python" is kept once.
    scanned = matcher.scan(text)
    for m, kind in _gate(text, matcher.matches(text, scanned), taxonomy, sections, company):
        by_skill.setdefault(m.pattern.skill_id, []).append((sys.intern(text[m.start:m.end]), kind, m.start, m.end))
        spans.append((m.start, m.end, m.pattern.skill_id))
    newline = text.find("\n")
    first_line_end = newline % (len(text) + 1)
    for skill_id in [s for s, found in by_skill.items() if taxonomy.skills[s].kind == "concept" and
                     all(start > first_line_end and _ROLE_NOUN.search(said) for said, _, start, _ in found)]:
        del by_skill[skill_id]
    alternatives = alternatives_of(text, spans, _substitutes_key(taxonomy)) if len(by_skill) > 1 else {}
    if matcher.line_model:
        for skill_id, mention in _stated_in_words(text, sections, matcher.line_model, taxonomy, by_skill,
                                                  scanned and scanned.anchors):
            by_skill[skill_id] = [mention]
    title_end = newline if 0 < newline <= _MAX_TITLE else 0
    rows: dict[str, list] = {}
    for skill_id, mentions in by_skill.items():
        skill = taxonomy.skills[skill_id]
        requirement = max((section for _, section, _, _ in mentions), key=REQUIREMENT_RANK.__getitem__)
        weight = max(REQUIREMENT_WEIGHT[section] for _, section, _, _ in mentions)
        # A tool in the title is asked of the hire ("Spring Backend Engineer"); a field in it names the
        # role itself ("Data Engineer"), which the body spells out where it asks for the field.
        if mentions[0][2] < title_end and skill.kind != "concept":
            weight = max(weight, TITLE_WEIGHT)
        rows[skill_id] = [skill_id, skill.name, skill.category, requirement, weight, mentions,
                          alternatives.get(skill_id, ())]
    if include_implied:
        for skill_id, _, _, requirement, weight, _, _ in list(rows.values()):
            for parent_id in taxonomy.ancestors(skill_id):
                parent = taxonomy.skills[parent_id]
                current = rows.get(parent_id)
                if current is None or (not current[5] and weight / 2 > current[4]):
                    rows[parent_id] = [parent_id, parent.name, parent.category, requirement, round(weight / 2, 3), [], ()]
    ordered = sorted(rows.values(), key=_strongest_first)
    return ordered, sections


def _strongest_first(row: list) -> tuple:
    skill_id, requirement, mentions = row[0], row[3], row[5]
    return -REQUIREMENT_RANK[requirement], not mentions, mentions[0][2] if mentions else 0, skill_id


def extract_text(text: str, taxonomy: Taxonomy, matcher: Matcher, include_implied: bool = True,
                 company: str | None = None):
    """Return (skills, sections) for cleaned text: one SkillHit per skill, strongest section first."""
    rows, sections = skill_rows(text, taxonomy, matcher, include_implied, company)
    return tuple(SkillHit(skill_id, name, category, requirement, weight, tuple(Mention(*m) for m in mentions),
                          alternatives)
                 for skill_id, name, category, requirement, weight, mentions, alternatives in rows), sections


def extract_fields(doc: RawDocument, taxonomy: Taxonomy, matcher: Matcher) -> list:
    """Return `cache.job_fields(extract_document(doc, ...))` without making the extraction's objects."""
    text = clean_text(doc.text)
    rows, sections = skill_rows(text, taxonomy, matcher, company=doc.company)
    return [doc.title, doc.company, detect_language(text), years_min(text, sections), rows, text,
            [[s.kind, s.start, s.end, s.header] for s in sections]]


def extract_document(doc: RawDocument, taxonomy: Taxonomy, matcher: Matcher) -> JobExtraction:
    """Clean a raw document and extract its skills, sections, language and years of experience."""
    text = clean_text(doc.text)
    skills, sections = extract_text(text, taxonomy, matcher, company=doc.company)
    return JobExtraction(
        source=doc.source, title=doc.title, company=doc.company, language=detect_language(text),
        years_min=years_min(text, sections), skills=skills, text=text, sections=sections,
    )
