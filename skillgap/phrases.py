"""Phrase patterns for skills postings describe in words ("collaborate with", "대용량 데이터를 처리")."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property, lru_cache
from importlib import resources

import ahocorasick_rs
import yaml

from skillgap.clean import CharMemo

_GAP = "…"
_GAP_RE = r"[^\n.;!?。]{0,40}?"
_HANGUL = "가-힣"
_HANGUL_RUN = re.compile(f"[{_HANGUL}]*")
_PARTICLES = r"(?:을|를|이|가|은|는|과|와|에|에서|으로|로|의|도|및|하는|한|할|하여|해|하고|하기|적|적인|적으로)?"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


# The kind of character around a phrase's start word: 0 any other, 1 an ASCII letter or digit, 2 a Hangul syllable.
_CHAR_KIND = CharMemo(lambda ch: 1 if ch.isascii() and ch.isalnum() else 2 if _is_hangul(ch) else 0)


def _word(token: str, tail: bool = True) -> str:
    """Return the regex of one token: alternatives, stems (*) and literal words.

    Without `tail`, what may follow a word and never fails (a stem's letters, particles) is left out:
    at the end of a lookahead it changes nothing.
    """
    options = []
    for option in token.split("|"):
        stem = option.endswith("*")
        word = option.rstrip("*")
        body = r"[\s-]?".join(re.escape(part) for part in word.split("-")) if "-" in word else re.escape(word)
        hangul_end = _is_hangul(word[-1])
        if not (stem or hangul_end):
            body += r"(?![A-Za-z0-9])"
        elif tail and stem:
            body += f"[{_HANGUL}]*" if hangul_end else r"[A-Za-z]*"
        elif tail:
            body += _PARTICLES
        options.append(body)
    return "(?:" + "|".join(options) + ")"


def _ends_in_hangul_stems(pattern: str) -> bool:
    """Tell whether every option of a pattern's last token is a Hangul stem ("개선*|향상*")."""
    return all(option.endswith("*") and _is_hangul(option.rstrip("*")[-1]) for option in pattern.split()[-1].split("|"))


def _lookbehind(pattern: str) -> str:
    """Return the lookbehind a pattern starts with: no letter of its first word's script before it."""
    return f"(?<![{_HANGUL}])" if _is_hangul(pattern.lstrip()[0]) else r"(?<![A-Za-z0-9])"


MAX_GAPS = 3
MAX_TOKENS = 12
MAX_PATTERN_CHARS = 200


def pattern_problem(pattern: str) -> str | None:
    """Return what is wrong with a phrase pattern from a user's taxonomy.yaml, or None when it can be used."""
    tokens = pattern.split()
    if not tokens or tokens[0] == _GAP or tokens[-1] == _GAP:
        return f"phrase pattern {pattern!r:.80} must start and end with a word"
    if len(pattern) > MAX_PATTERN_CHARS or len(tokens) > MAX_TOKENS or tokens.count(_GAP) > MAX_GAPS:
        return (f"phrase pattern {pattern!r:.80} is too long (at most {MAX_TOKENS} words, {MAX_GAPS} '…' gaps, "
                f"{MAX_PATTERN_CHARS} characters)")
    for token in tokens:
        for option in ([] if token == _GAP else token.split("|")):
            if not all(option.rstrip("*").split("-")):
                return (f"phrase pattern {pattern!r:.80}: {option!r:.40} is not a word — use words, 'a|b' for "
                        "alternatives, 'word*' for a stem and '…' alone for a gap")
    return None


def compile_pattern(pattern: str, start: bool = True, hangul_end: bool = True) -> str:
    """Translate one phrase pattern (see data/phrases.yaml) into a regular expression string.

    A gap ends, atomically, at the first place the words after it (up to the next gap) fit, a lookahead,
    and never tries the later ones, so each gap costs at most its length in steps wherever the pattern
    is tried. With backtracking into every gap, five gaps took minutes on a 4 KB posting.
    Without `start`, the regex leaves out the lookbehind (`_lookbehind`); without `hangul_end`, the
    `[가-힣]*` after a last token of Hangul stems (`_ends_in_hangul_stems`): the caller checks those.
    """
    problem = pattern_problem(pattern)
    if problem:
        raise ValueError(problem)
    tokens = pattern.split()
    runs: list[list[str]] = [[]]  # the tokens between gaps
    for token in tokens:
        if token == _GAP:
            runs.append([])
        else:
            runs[-1].append(token)
    last = len(runs) - 1

    def words(number: int, tail: bool = True) -> str:
        run = runs[number]
        return r"\s*".join(_word(token, tail or n < len(run) - 1) for n, token in enumerate(run))

    end_tail = hangul_end or not _ends_in_hangul_stems(pattern)
    joined = words(0, end_tail or last > 0)
    for number in range(1, last + 1):
        # Each `[가-힣]` class costs `re` about a millisecond to compile: the lookahead leaves out its tails.
        joined += f"(?>{_GAP_RE}(?={words(number, False)})){words(number, end_tail or number < last)}"
    return (_lookbehind(pattern) if start else "") + joined


def build_regex(patterns_by_skill: dict[str, tuple[str, ...]]) -> tuple[re.Pattern | None, list[str]]:
    """Compile every skill's patterns into one regex; return it and the skill id of each group."""
    groups, owners = [], []
    for skill_id, patterns in sorted(patterns_by_skill.items()):
        for pattern in patterns:
            groups.append(f"({compile_pattern(pattern)})")
            owners.append(skill_id)
    if not groups:
        return None, owners
    return re.compile("|".join(groups), re.IGNORECASE), owners


def _foldable(pattern: str) -> bool:
    """Tell whether a pattern has only ASCII and uncased characters: lower-cased, it reads `fold_case` text."""
    return all(ch.isascii() or ch.lower() == ch.upper() == ch for ch in pattern)


def _first_words(pattern: str) -> list[str] | None:
    """Return the literals one of which starts every match of `pattern`, or None if an option has none.

    Those are the first token's words up to a hyphen or stem mark ("cross-functional" → "cross",
    "collaborat*" → "collaborat").
    """
    words = [option.rstrip("*").split("-")[0] for option in pattern.split()[0].split("|")]
    return words if all(words) else None


def _ends_a_word(option: str) -> bool:
    """Tell whether an option of a phrase's first token ends a word wherever it matches (`_word`'s lookahead).

    A stem ("collaborat*") goes on with letters, a Hangul word with particles, and a hyphenated word's start
    word ("in" of "in-depth") with the rest of it.
    """
    return not option.endswith("*") and "-" not in option and not _is_hangul(option[-1])


class PhraseScanner:
    """Find the skills' phrase patterns in text, exactly as one alternation `(p1)|(p2)|…` of them would.

    `re` tries such an alternation, which starts with lookbehinds, at every position of the text and
    every branch there. Each phrase starts with one of a few literal words, so an Aho-Corasick
    automaton over those words finds where a phrase can start, and only the phrases whose word is
    there are tried, in their order (one regex per word); the first that matches is the alternation's
    match. The phrases are lower-cased and read `fold_case` text, as re.IGNORECASE would read the text;
    a pattern with a cased letter beyond ASCII, or without start words, makes the alternation serve instead.
    """

    def __init__(self, patterns_by_skill: dict[str, tuple[str, ...]]):
        self._patterns_by_skill = patterns_by_skill
        self.owners: list[str] = []
        sources: list[str] = []
        self._by_alternation = False
        by_word: dict[str, list[int]] = {}
        ends_word: dict[str, bool] = {}  # per start word: whether every option it starts is a whole word
        after_hangul: list[bool] = []  # per phrase: whether it may follow a Hangul syllable (else an ASCII letter or digit)
        lookbehinds: list[str] = []
        self._hangul_end: list[bool] = []  # per phrase: its source leaves out the `[가-힣]*` that ends it
        for skill_id, patterns in sorted(patterns_by_skill.items()):
            for pattern in patterns:
                lowered = pattern.lower()
                words = _first_words(lowered)
                if words is None or not _foldable(pattern):
                    self._by_alternation = True
                for word, option in zip(words or (), lowered.split()[0].split("|")):
                    by_word.setdefault(word, []).append(len(sources))
                    ends_word[word] = ends_word.get(word, True) and _ends_a_word(option)
                # Without the Hangul classes finditer checks itself: `re` takes about a millisecond to compile each.
                sources.append(compile_pattern(lowered, start=False, hangul_end=False))
                after_hangul.append(not _is_hangul(lowered.lstrip()[0]))
                lookbehinds.append(_lookbehind(lowered))
                self._hangul_end.append(_ends_in_hangul_stems(lowered))
                self.owners.append(skill_id)
        self._numbers_of_word = [tuple(sorted(set(numbers))) for numbers in by_word.values()]
        # Per start word and the kind of character before it (_CHAR_KIND): whether any of its phrases' lookbehinds
        # lets one start there. Most start words are found inside longer words ("in", "it").
        self._may_start = [(True, not all(after_hangul[n] for n in numbers), any(after_hangul[n] for n in numbers))
                           for numbers in self._numbers_of_word]
        # Per start word: whether a letter or digit right after it rules out all its phrases ("in" of "include":
        # "in concert with" needs the word "in").
        self._ends_word = [ends_word[word] for word in by_word]
        # Per start word, one regex that tries its phrases in order: `(p1)|(p2)|…`, whose group number tells
        # which matched (one call where there would be one per phrase; "data" starts nine). Each is compiled
        # when its word is first found: a run over a few postings needs few of them.
        # A word whose phrases all start in one script has no lookbehinds: _may_start says what they would.
        self._word_sources = []
        for numbers in self._numbers_of_word:
            uniform = len({after_hangul[n] for n in numbers}) == 1
            phrases = [sources[n] if uniform else lookbehinds[n] + sources[n] for n in numbers]
            self._word_sources.append(phrases[0] if len(numbers) == 1 else "|".join(f"({p})" for p in phrases))
        self._word_regexes: list[re.Pattern | None] = [None] * len(self._word_sources)
        self.start_words = list(by_word)  # by number: what `starts` hands to finditer

    @cached_property
    def _starts(self) -> ahocorasick_rs.AhoCorasick:
        """The start words' own automaton, for text scanned without the matcher's (`finditer`)."""
        return ahocorasick_rs.AhoCorasick(self.start_words)

    def _compile(self, word: int) -> re.Pattern:
        regex = self._word_regexes[word] = re.compile(self._word_sources[word])
        return regex

    def compile_all(self) -> None:
        """Compile every start word's regex now (before forking workers, which then share them)."""
        for word, regex in enumerate(self._word_regexes):
            if regex is None:
                self._compile(word)

    @cached_property
    def _alternation(self) -> re.Pattern:
        """The alternation itself (compiled only when needed: its case-insensitive Hangul classes are slow to build)."""
        return build_regex(self._patterns_by_skill)[0]

    def __bool__(self) -> bool:
        return bool(self.owners)

    def finditer(self, text: str, folded: str, starts: list | None = None) -> Iterator[tuple[int, int, str]]:
        """Yield (start, end, skill id) for each non-overlapping phrase match, left to right.

        `folded` is `fold_case(text)`; `starts`, the (word number, start, end) of every start word in it
        when the caller has scanned for them already (see `Matcher.scan`).
        """
        if not self.owners:
            return
        if self._by_alternation:
            for m in self._alternation.finditer(text):
                yield m.start(), m.end(), self.owners[m.lastindex - 1]
            return
        if starts is None:
            starts = self._starts.find_matches_as_indexes(folded, overlapping=True)
        by_start: dict[int, list[int]] = {}  # by position: the start words found there whose phrases may start there
        size = len(folded)
        for word, start, end in starts:
            if self._may_start[word][_CHAR_KIND[folded[start - 1]] if start else 0] and \
                    not (self._ends_word[word] and end < size and _CHAR_KIND[folded[end]] == 1):
                by_start.setdefault(start, []).append(word)
        resume = 0
        for start in sorted(by_start):
            if start < resume:
                continue
            # The first phrase in order that matches: the first of each start word's, the lowest of those.
            first, end = None, 0
            for word in by_start[start]:
                regex = self._word_regexes[word] or self._compile(word)
                m = regex.match(folded, start)
                if m:
                    numbers = self._numbers_of_word[word]
                    number = numbers[m.lastindex - 1] if len(numbers) > 1 else numbers[0]
                    if first is None or number < first:
                        first, end = number, m.end()
            if first is not None:
                if self._hangul_end[first]:
                    end = _HANGUL_RUN.match(folded, end).end()
                yield start, end, self.owners[first]
                resume = end


@lru_cache(maxsize=1)
def bundled_phrases() -> dict[str, tuple[str, ...]]:
    """Load the bundled phrase patterns: {skill id: patterns}."""
    raw = (resources.files("skillgap") / "data" / "phrases.yaml").read_text(encoding="utf-8")
    # libyaml's loader where PyYAML has it: 3 ms instead of 40 on every command
    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return {str(k): tuple(str(p) for p in v) for k, v in data.items()}
