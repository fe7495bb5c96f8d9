"""Read the minimum years of experience a job description asks for ("3년 이상", "5+ years")."""
from __future__ import annotations

import re

from skillgap.clean import fold_case
from skillgap.models import Section
from skillgap.sections import section_at

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15}


def _not_after(before: str, first: str, rest: str) -> str:
    """Return the regex `(?<!before)first rest` for a one-character `first`, written to start with `first`.

    `re` tries a pattern that starts with a look-behind at every position of the text; one that starts
    with a character (class) it skips ahead to in C, three times faster here.
    """
    return f"{first}(?<!{before}{first}){rest}"


# (?<![\d.])(\d{1,2}): a number of one or two digits that does not continue a number ("1.5년", "2024년")
_DIGITS = "(" + _not_after(r"[\d.]", r"\d", r"\d?") + ")"
# (?<![\d.])\b(\d{1,2}|one|two|…|fifteen): a number or a number word that starts a word; the words grouped by
# their first letter ("t(?<![\w.]t)(?:wo|hree|en|welve)"), which re tries once where it would try four
_NUM = "(" + "|".join([_not_after(r"[\w.]", r"\d", r"\d?"), *(
    _not_after(r"[\w.]", first, "(?:" + "|".join(word[1:] for word in _NUMBER_WORDS if word[0] == first) + ")")
    for first in dict.fromkeys(word[0] for word in _NUMBER_WORDS))]) + ")"
# Each pattern with words one of which its every match holds: `re` tries these patterns at every position, so a
# posting without any of the words is not searched. The patterns read `fold_case` text, as re.IGNORECASE would
# read the text (and faster). Each match lies within a span of characters before and after one of its words in
# cleaned text (single spaces), so only the text that near the words is searched.
_PATTERNS = [
    # 경력 3년 / 경력 3~5년 / 경력 3년 이상 / 경력 신입~10년 (신입 → no minimum)
    (("경력",), re.compile(r"경력\s*(?:사항)?\s*:?\s*(?:경력\s*)?(신입|\d{1,2})\s*(?:년|~|-|∼)"), (0, 40)),
    # 신입 : 경력 무관 / 신입/경력 / 신입 가능 (new graduates welcome → no minimum)
    (("신입", "경력"), re.compile(r"(신입)\s*(?:[:：/]|(?:지원\s*)?가능|(?:및|또는|or)\s*경력)|경력\s*/\s*(신입)|(경력)\s*무관"),
     (0, 40)),
    # 3~5년 / 3년~5년 (range: the lower bound)
    (("년",), re.compile(rf"{_DIGITS}\s*(?:년\s*)?[~∼\-–]\s*\d{{1,2}}\s*년"), (40, 40)),
    # 3년 이상 / 3년↑ / 3년+ / 3년차 이상
    (("년",), re.compile(rf"{_DIGITS}\s*년\s*(?:차\s*)?(?:이상|↑|\+|以上)"), (40, 40)),
    # 3+ years / 3-5 years / at least three years / minimum of 5 years / 5 or more years; after the word, a plural
    # "s" and the character that tells whether the word ends there
    (("year", "yr"), re.compile(
        rf"{_NUM}\s*(?:\+|\s*(?:-|–|to)\s*\d{{1,2}}|\s*or\s+more)?\s*(?:\+\s*)?(?:years?|yrs?)\b"), (80, 2)),
]
_TITLE_PATTERNS = [pattern for _, pattern, _ in _PATTERNS[2:4]]  # "3~5년", "6년 이상": how a Korean title states years
# Phrases that make a number of years something other than required experience (these too read `fold_case` text).
# "5 years building ML systems", "10 Yrs": a gerund or the abbreviation also marks experience.
_EXPERIENCE_TAIL = re.compile(r"(?<=yrs)|\s+(?:of\s+)?(?:hands-on\s+)?[a-z]+ing\b")
_NOT_EXPERIENCE = re.compile(
    r"계약직|근속|재직|설립|업력|연속|휴가|리프레시|안식|만기|보장|주년|성장률|매출|투자|year contract|anniversary|founded|"
    r"years old|years of age|in business|company history|sabbatical|vesting|per year|a year|each year"
)
_EXPERIENCE_WORD = re.compile(r"경력|경험|실무|개발|업무|연차|근무|experience|professional|industry|working|work|"
                              r"minimum|at least")


_MAX_YEARS = 30


def _finditer(pattern: re.Pattern, folded: str, words: tuple[str, ...], span: tuple[int, int]):
    """Yield the matches of `pattern` in `folded`, searching only within `span` (before, after) of the words."""
    before, after = span
    windows = sorted((max(0, at - before), at + len(word) + after) for word in words for at in _occurrences(folded, word))
    lo = hi = -1
    for start, end in windows:
        if start > hi:  # windows that overlap are searched as one, as one search would read them
            if hi >= 0:
                yield from pattern.finditer(folded, lo, hi)
            lo = start
        hi = max(hi, end)
    if hi >= 0:
        yield from pattern.finditer(folded, lo, hi)


def _occurrences(text: str, word: str):
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _number(match: re.Match) -> str:
    return next(group for group in match.groups() if group)


def _value(token: str) -> int | None:
    if token in ("신입", "경력"):
        return 0
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token.lower())


def years_min(text: str, sections: tuple[Section, ...]) -> int | None:
    """Return the smallest number of years of experience the posting requires, or None.

    Preferred ("nice to have") years, contract lengths, tenure perks and company history do
    not count; "신입~10년" and "경력무관" mean there is no minimum.
    """
    # A title such as "백엔드 개발자 (6년 이상)" states the minimum; a tool's own years in the body do not lower it.
    title_end = text.find("\n")
    title = text[:title_end] if title_end >= 0 else text
    in_title = [value for pattern in _TITLE_PATTERNS for m in pattern.finditer(title)
                if (value := _value(_number(m))) and value <= _MAX_YEARS]
    if in_title:
        return min(in_title)
    found: list[int] = []
    folded = fold_case(text)
    for number, (words, pattern, span) in enumerate(_PATTERNS):
        if not any(word in folded for word in words):
            continue
        for m in _finditer(pattern, folded, words, span):
            section = section_at(sections, m.start())
            # Preferred years are not a minimum; benefits and hiring text talk about tenure, not experience
            # (a job board's "경력 7년 이상" summary field, under whatever header, does state the minimum).
            if section.kind == "preferred" or (section.kind == "other" and section.header and number > 0):
                continue
            window = folded[max(0, m.start() - 40): m.end() + 60]
            if _NOT_EXPERIENCE.search(folded[max(0, m.start() - 30): m.end() + 30]):
                continue
            if number > 1 and not (_EXPERIENCE_WORD.search(window) or _EXPERIENCE_TAIL.match(folded, m.end())):
                continue
            value = _value(_number(m))
            if value is None or value > _MAX_YEARS:
                continue
            found.append(value)
    if not found or min(found) == 0:
        return None
    return min(found)
