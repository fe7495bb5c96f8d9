"""Normalise raw job-description text into the cleaned text every offset refers to."""
from __future__ import annotations

import re
import unicodedata

# The Korean middle dot ㆍ (U+318D) becomes a combining jamo under NFKC; keep it a visible separator.
_PRE_NFKC = str.maketrans({"\u318d": "·", "\u119e": "·", "\u2022": "•"})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HSPACE = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Return NFKC-normalised text with unified newlines, single spaces and at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PRE_NFKC)
    text = unicodedata.normalize("NFKC", text).translate(_PRE_NFKC)
    text = _INVISIBLE.sub("", text)
    text = _HSPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def detect_language(text: str) -> str:
    """Return "ko", "en" or "mixed" from the share of Hangul among the letters of `text`."""
    hangul = latin = 0
    for ch in text:
        if "\uac00" <= ch <= "\ud7a3":
            hangul += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
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
