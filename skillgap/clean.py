"""Normalise raw job-description text into the cleaned text every offset refers to."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The Korean middle dot ㆍ (U+318D) becomes a combining jamo under NFKC; keep it a visible separator.
_PRE_NFKC = str.maketrans({"\u318d": "·", "\u119e": "·", "\u2022": "•"})
# The same mapping applied with str.replace: translate() with a table is slow on non-ASCII text.
_PRE_NFKC_PAIRS = tuple((chr(old), new) for old, new in _PRE_NFKC.items() if chr(old) != new)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Every white-space character (str.isspace, as re's \s) but the newline.
_HSPACE_CHARS = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_OTHER_SPACE = re.compile(f"[{_HSPACE_CHARS.replace(' ', '')}]")
# The runs of them that are not already a single space (a pattern that also matched those was 2x slower).
_HSPACE = re.compile(f"[{_HSPACE_CHARS}]{{2,}}|{_OTHER_SPACE.pattern}")
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Return NFKC-normalised text with unified newlines, single spaces and at most one blank line in a row."""
    text = _pre_nfkc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not unicodedata.is_normalized("NFKC", text):  # most postings are: the check is quicker than normalising
        text = _pre_nfkc(unicodedata.normalize("NFKC", text))
    text = _INVISIBLE.sub("", text)
    if "  " in text or _OTHER_SPACE.search(text):  # most postings need no change: checked in one quick scan
        text = _HSPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return (_BLANK_RUNS.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def _pre_nfkc(text: str) -> str:
    """Apply `_PRE_NFKC` (same result as text.translate(_PRE_NFKC), many times faster)."""
    for old, new in _PRE_NFKC_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


class CharMemo(dict):
    """A function of one character, remembered per character: a dict lookup where a hot loop needs it."""

    def __init__(self, function):
        super().__init__()
        self._function = function

    def __missing__(self, ch: str):
        self[ch] = found = self._function(ch)
        return found


# The characters re.IGNORECASE equates with an ASCII letter that str.lower() does not turn into it.
_ASCII_LETTER_OF = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}


@lru_cache(maxsize=4)  # sections, phrases, the gate and the years read the same posting's folded text
def fold_case(text: str) -> str:
    """Return `text` lower-cased character for character (same length) for case-insensitive lookups.

    A pattern of lower-case ASCII letters and uncased characters (Hangul, digits, punctuation)
    finds in it, case-sensitively, exactly what it finds in `text` with re.IGNORECASE: "İ", "ı"
    and "ſ" become "i", "i" and "s" as that flag reads them; "K" (Kelvin) lower-cases to "k".
    """
    folded = text.lower()
    if len(folded) == len(text) and not any(ch in text for ch in _ASCII_LETTER_OF):
        return folded
    return "".join(_ASCII_LETTER_OF.get(ch) or (ch.lower() if len(ch.lower()) == 1 else ch) for ch in text)


def folds_plainly(text: str) -> bool:
    """Tell whether `fold_case(text)`, `text.lower()` and the extractor's lower-cased form agree but for hyphens.

    They differ only where a letter's lower case is longer (İ) or `fold_case` reads it as ASCII (ı, ſ).
    """
    return not any(ch in text for ch in _ASCII_LETTER_OF)


# Hangul syllables are U+AC00–U+D7A3: in UTF-16 the code units whose high byte is AC–D7, but for U+D7A4–U+D7FF.
_HANGUL_HIGH_BYTES = bytes(range(0xAC, 0xD8))
_AFTER_HANGUL_SYLLABLES = re.compile("[\ud7a4-\ud7ff]")
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def _hangul_syllables(text: str) -> int:
    """Count the Hangul syllables in `text`, in C: a Python loop per character is slow (three times the regex way)."""
    if text.isascii():
        return 0
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    count = len(high) - len(high.translate(None, _HANGUL_HIGH_BYTES))
    if b"\xd7" in high:
        count -= len(_AFTER_HANGUL_SYLLABLES.findall(text))
    return count


def detect_language(text: str) -> str:
    """Return "ko", "en" or "mixed" from the share of Hangul among the letters of `text`."""
    hangul = _hangul_syllables(text)
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    letters = hangul + latin
    if not letters:
        return "en"
    # Korean postings write tool names in Latin letters, so Hangul syllables count double
    # (one syllable carries about as much text as two or three Latin letters).
    share = 2 * hangul / (2 * hangul + latin)
    if share >= 0.5:
        return "ko"
    if share <= 0.1:
        return "en"
    return "mixed"
